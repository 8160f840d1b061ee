// Edit → repainted output latency on the playground, read from the performance.measure('convlens:update')
// entries the page records around each update (bench/browser-latency.mjs measures; `npm run bench`
// compares the same figures with issue 4's targets, p95 ≤ 16 ms and ≤ 50 ms). Here: what the edits
// do (one measure per edit, the output the edited input gives) and a bound no healthy run misses
// (10× the target: a hang or a gross regression, not a busy machine). The figures go to
// test-results/latency.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TARGETS, largeLatency, summary, tutorialLatency } from '../../bench/browser-latency.mjs';
import { resultsDir, startBrowser } from './browser.mjs';

const HANG = 10; // × the bench's target
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

/** conv2d of one plane by one 3×3 kernel, no padding (the tutorial's arithmetic). */
function conv(input, weight, stride) {
  const out = [];
  for (let y = 0; y + 3 <= input.length; y += stride) {
    const row = [];
    for (let x = 0; x + 3 <= input[0].length; x += stride) {
      let s = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += input[y + i][x + j] * weight[i][j];
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

test(`tutorial-sized tensors: one measure per edit, the right output, p95 ≤ ${HANG * TARGETS.tutorial} ms`, async (t) => {
  const r = await tutorialLatency(env, { cellEdits: 60, controlEdits: 20 });
  assert.equal(r.cellEdit.length, 60, 'one measure per cell edit');
  assert.equal(r.controlEdit.length, 20, 'one measure per control edit');
  // the last edits: input cell 6 (row 1, column 1) = 6 (60th digit of 1…9), stride = 2 (the 20th of 1, 2, …)
  assert.equal(r.input[1][1], 6);
  assert.equal(r.stride, '2');
  assert.deepEqual(r.output, conv(r.input, r.weight, 2));
  figures.tutorialCellEdit = summary(r.cellEdit);
  figures.tutorialControlEdit = summary(r.controlEdit);
  t.diagnostic(`latency tutorial: cell edit ${JSON.stringify(figures.tutorialCellEdit)}; control edit ${JSON.stringify(figures.tutorialControlEdit)}`);
  assert.ok(figures.tutorialCellEdit.p95 <= HANG * TARGETS.tutorial, `p95 ${figures.tutorialCellEdit.p95} ms`);
  assert.ok(figures.tutorialControlEdit.p95 <= HANG * TARGETS.tutorial, `p95 ${figures.tutorialControlEdit.p95} ms`);
});

test(`3×64×64 input, 16 output channels: one measure per edit, heat maps, p95 ≤ ${HANG * TARGETS.large} ms`, async (t) => {
  const r = await largeLatency(env, { cellEdits: 40 });
  assert.equal(r.presetLoad.length, 1, 'one measure for the preset');
  assert.equal(r.cellEdit.length, 40, 'one measure per cell edit');
  assert.match(r.heading, /\[1, 16, 62, 62\]/);
  assert.equal(r.heatMaps, 16, 'one heat map per output channel');
  assert.equal(r.stale, false, 'the output is the edited input\'s');
  figures.largePresetLoad = summary(r.presetLoad);
  figures.largeCellEdit = summary(r.cellEdit);
  t.diagnostic(`latency 3x64x64→16: cell edit ${JSON.stringify(figures.largeCellEdit)}; preset load ${JSON.stringify(figures.largePresetLoad)}`);
  assert.ok(figures.largeCellEdit.p95 <= HANG * TARGETS.large, `p95 ${figures.largeCellEdit.p95} ms`);
});
