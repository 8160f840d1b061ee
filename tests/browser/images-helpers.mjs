// Shared by the image-mode browser tests (not a test file): opening /images/, waiting for runs,
// reading a pixel's value the way a user does (pointing at it), and catching downloads.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DESKTOP, watchProblems } from './browser.mjs';

/**
 * Opens image mode (hash without '#') in a fresh context and waits for the first run to be shown.
 * Returns { page, context, problems } (console errors, uncaught errors, failed requests, dialogs).
 */
export async function openImages(env, { hash = '', query = '', viewport = DESKTOP, colorScheme = 'light' } = {}) {
  const context = await env.browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${env.baseUrl}images/${query}${hash ? `#${hash}` : ''}`);
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('body', 'data-error'), null, 'the page reported an error');
  return { page, context, problems };
}

/** The id of the run last started. */
export async function runId(page) {
  return Number(await page.getAttribute('body', 'data-run-id'));
}

/** Waits until a run newer than `after` has been shown. */
export async function waitRun(page, after, timeout = 30_000) {
  await page.waitForFunction((prev) => document.body.dataset.run === 'done' && Number(document.body.dataset.runId) > prev, after, { timeout });
}

/** Does `act` (an edit) and waits for the run it starts to be shown. */
export async function edit(page, act) {
  const before = await runId(page);
  await act();
  await waitRun(page, before);
}

/**
 * Points at pixel (y, x) of tile `tile` of view `view` (0 = input) and returns what the readout
 * says: { n, c, y, x, value (number, or [r, g, b] for a colour tile), text }.
 */
export async function readPixel(page, view, tile, y, x) {
  const canvas = page.locator(`[data-view="${view}"] canvas[data-tile="${tile}"]`);
  const box = await canvas.boundingBox();
  const { w, h } = await canvas.evaluate((c) => ({ w: c.width, h: c.height }));
  await canvas.hover({ position: { x: ((x + 0.5) / w) * box.width, y: ((y + 0.5) / h) * box.height } });
  const d = await page.locator(`[data-readout="${view}"]`).evaluate((p) => ({ ...p.dataset, text: p.textContent }));
  assert.equal(Number(d.y), y, `pointed at row ${y}: ${d.text}`);
  assert.equal(Number(d.x), x, `pointed at column ${x}: ${d.text}`);
  const value = d.value.includes(',') ? d.value.split(',').map(Number) : Number(d.value);
  return { n: Number(d.n), c: d.c, y, x, value, text: d.text };
}

/** Clicks `selector` and returns the downloaded file: { name, bytes }. */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await readFile(file) };
}
