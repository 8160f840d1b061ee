// Edit → repainted output latency, read from the performance.measure('convlens:update') entries the
// page records around each update (from the input event to the laid-out output). Quality bars of
// issue 4: p95 ≤ 16 ms for tutorial-sized tensors, ≤ 50 ms for a 3×64×64 input with 16 output
// channels. The figures go to test-results/latency.json (docs/benchmarks.md quotes them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { heading, openPage, resultsDir, setControl, startBrowser } from './browser.mjs';

const EDITS = 60;
const figures = {};
let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'latency.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function summary(durations) {
  return {
    samples: durations.length,
    p50: Number(percentile(durations, 50).toFixed(2)),
    p95: Number(percentile(durations, 95).toFixed(2)),
    max: Number(Math.max(...durations).toFixed(2)),
  };
}

/** Clears the entries, runs `act`, returns the durations of the updates of `kind` it caused. */
async function measure(page, kind, act) {
  await page.evaluate(() => performance.clearMeasures('convlens:update'));
  await act();
  return page.evaluate((k) => performance.getEntriesByName('convlens:update')
    .filter((e) => e.detail?.kind === k).map((e) => e.duration), kind);
}

/** Types `n` single-character edits into the focused cell (select all, then one digit). */
async function typeEdits(page, n) {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String((i % 9) + 1));
  }
}

test('tutorial-sized tensors: cell edit → repaint p95 ≤ 16 ms', async (t) => {
  const { page, context } = await openPage(env);
  try {
    await page.hover('[data-tensor="output"] td[data-i="0"]'); // keep an explanation live while editing
    await page.click('[data-tensor="input"] td[data-i="6"] input');
    const cells = await measure(page, 'data', () => typeEdits(page, EDITS));
    assert.equal(cells.length, EDITS, 'one measure per edit');
    figures.tutorialCellEdit = summary(cells);
    const fields = await measure(page, 'fields', async () => {
      for (let i = 0; i < 20; i++) await setControl(page, 'stride', String((i % 2) + 1));
    });
    figures.tutorialControlEdit = summary(fields);
    t.diagnostic(`latency tutorial: cell edit ${JSON.stringify(figures.tutorialCellEdit)}; control edit ${JSON.stringify(figures.tutorialControlEdit)}`);
    assert.ok(figures.tutorialCellEdit.p95 <= 16, `p95 ${figures.tutorialCellEdit.p95} ms`);
    assert.ok(figures.tutorialControlEdit.p95 <= 16, `p95 ${figures.tutorialControlEdit.p95} ms`);
  } finally {
    await context.close();
  }
});

test('3×64×64 input, 16 output channels: cell edit → repaint p95 ≤ 50 ms', async (t) => {
  const { page, context } = await openPage(env);
  try {
    const load = await measure(page, 'all', () => page.click('[data-preset="large"]'));
    figures.largePresetLoad = summary(load);
    assert.match(await heading(page, 'output'), /\[1, 16, 62, 62\]/);
    assert.equal(await page.$$eval('[data-tensor="output"] canvas:not(.hm-overlay)', (c) => c.length), 16, 'one heat map per output channel');
    await page.click('[data-tensor="input"] [data-plane="0, 1"] .hm-editor');
    const cells = await measure(page, 'data', () => typeEdits(page, 40));
    assert.equal(cells.length, 40);
    figures.largeCellEdit = summary(cells);
    t.diagnostic(`latency 3x64x64→16: cell edit ${JSON.stringify(figures.largeCellEdit)}; preset load ${JSON.stringify(figures.largePresetLoad)}`);
    assert.ok(figures.largeCellEdit.p95 <= 50, `p95 ${figures.largeCellEdit.p95} ms`);
  } finally {
    await context.close();
  }
});
