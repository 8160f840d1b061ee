// Shared by the browser tests (not a test file): the static server over dist/site, Debian's
// Chromium through playwright-core (launched as TOOLCHAIN.md §6 says), and page helpers that act
// as a user would (click, type, Tab, hover) and read back what the page shows.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const siteDir = path.join(repo, 'dist', 'site');
export const resultsDir = path.join(repo, 'test-results');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** Starts the server and the browser; returns { baseUrl, browser, close() }. */
export async function startBrowser() {
  assert.ok(existsSync(path.join(siteDir, 'index.html')), 'dist/site/index.html is missing: run `node scripts/build.mjs` first');
  const { server, url } = await startServer(siteDir, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    baseUrl: url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Collects what must never happen on a page: console errors, uncaught errors, failed requests,
 * HTTP errors and dialogs (a hostile URL must never open one; dialogs are dismissed).
 */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  return problems;
}

/**
 * Opens the page (query + hash) in a fresh context and waits until it is ready (`timeout` ms; a
 * URL of megabytes takes Chromium itself seconds). Returns { page, context, problems } where
 * problems collects console errors, uncaught errors, failed requests and dialogs (a hostile URL
 * must never open one).
 */
export async function openPage(env, { query = '', hash = '', viewport = DESKTOP, colorScheme = 'light', permissions = [], timeout = 20_000 } = {}) {
  const context = await env.browser.newContext({ viewport, colorScheme });
  if (permissions.length) await context.grantPermissions(permissions, { origin: env.baseUrl });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(env.baseUrl + query + (hash ? `#${hash}` : ''));
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout });
  const error = await page.getAttribute('body', 'data-error');
  assert.equal(error, null, `the page reported an error: ${error}`);
  return { page, context, problems };
}

/** The values of a tensor's plane as numbers, row by row: [[…], …] (read from the grid's cells). */
export async function readPlane(page, tensor, plane = '0, 0') {
  return page.$eval(`[data-tensor="${tensor}"] [data-plane="${plane}"] table`, (table) => {
    const rows = [];
    for (const tr of table.rows) {
      const row = [];
      for (const td of tr.cells) {
        if (!td.dataset.i) continue;
        const input = td.querySelector('input');
        row.push(Number(input ? input.value : td.textContent));
      }
      if (row.length) rows.push(row);
    }
    return rows;
  });
}

/**
 * Opens `page`'s URL in a fresh page, as a reload would, and checks that it shows the same output plane with
 * no problems; `check(reloaded)` asserts the rest (controls, headings).
 */
export async function checkReload(env, page, check = async () => {}) {
  const hash = await page.evaluate(() => location.hash);
  const again = await openPage(env, { hash: hash.slice(1) });
  try {
    await check(again.page);
    assert.deepEqual(await readPlane(again.page, 'output'), await readPlane(page, 'output'));
    assert.deepEqual(again.problems, []);
  } finally {
    await again.context.close();
  }
}

/** Waits until the output's heading shows `shape` (e.g. [1, 1, 3]). */
export function waitForOutputShape(page, shape) {
  return page.waitForFunction((s) => document.getElementById('output-heading').textContent.includes(s), `[${shape.join(', ')}]`);
}

/** The heading text of a tensor (it shows the shape, e.g. "output [1, 1, 3, 3]"). */
export async function heading(page, tensor) {
  return (await page.textContent(`#${tensor}-heading`))?.trim() ?? '';
}

/** Clicks the first cell of a tensor's plane and types `rows` cell by cell, Tab between cells. */
export async function typePlane(page, tensor, rows, plane = '0, 0') {
  await page.click(`[data-tensor="${tensor}"] [data-plane="${plane}"] td[data-i="0"] input`);
  const flat = rows.flat();
  for (const [i, v] of flat.entries()) {
    await page.keyboard.type(String(v));
    if (i < flat.length - 1) await page.keyboard.press('Tab');
  }
}

/** Replaces a text control's value by keyboard (select all, type), as a user would. */
export async function setControl(page, name, text) {
  const sel = `#ctl-${name}`;
  await page.click(sel, { clickCount: 3 });
  await page.keyboard.press('Control+A');
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text);
}

/** Saves a screenshot as test-results/<name>.png. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage });
}

/** Runs axe-core in the page; returns its violations as readable lines. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: path.join(repo, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

/**
 * A fresh context whose HTML responses carry the Content-Security-Policy `csp`, and a page in it
 * that reports every violation into `violations`.
 */
export async function pageUnderCsp(env, csp, contextOptions = {}) {
  const context = await env.browser.newContext(contextOptions);
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if ((headers['content-type'] ?? '').startsWith('text/html')) headers['content-security-policy'] = csp;
    await route.fulfill({ response, headers });
  });
  const page = await context.newPage();
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => globalThis.reportViolation(`${e.violatedDirective} (${e.sourceFile}:${e.lineNumber})`));
  });
  return { context, page, violations };
}
