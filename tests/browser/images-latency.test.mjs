// Image mode's edit → repaint latency, read from the performance.measure('convlens:image-update')
// entries the page records (from the edit's event handler to the frame after the last layer was
// drawn). Issue 6's bar: a 3×512×512 image through a 5×5 conv and a max pool updates in ≤ 100 ms
// in headless Chromium. The edit switches the conv's weight preset (Gaussian ↔ box, both 5×5), so
// every layer is recomputed and redrawn. Figures go to test-results/images-latency.json
// (docs/benchmarks.md, "Image mode latency", quotes them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resultsDir, startBrowser } from './browser.mjs';
import { edit, openImages } from './images-helpers.mjs';

const EDITS = 30;
const WARM_UP = 3;
let env;
const figures = {};
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'images-latency.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const round = (v) => Number(v.toFixed(1));

test('3×512×512 through Conv2d 5×5 + MaxPool2d(2): edit → repaint p95 ≤ 100 ms', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house&size=512&layer=Conv2d(weight=gaussian,kernel_size=5)&layer=MaxPool2d(kernel_size=2)' });
  try {
    assert.match(await page.textContent('#summary'), /\[1, 3, 256, 256\]/);
    const presets = ['box', 'gaussian'];
    for (let i = 0; i < WARM_UP; i++) await edit(page, () => page.selectOption('#l0-weight', presets[i % 2]));
    await page.evaluate(() => performance.clearMeasures('convlens:image-update'));
    for (let i = 0; i < EDITS; i++) await edit(page, () => page.selectOption('#l0-weight', presets[(i + WARM_UP) % 2]));
    const entries = await page.evaluate(() => performance.getEntriesByName('convlens:image-update').map((e) => ({ d: e.duration, w: e.detail.workerMs })));
    assert.equal(entries.length, EDITS, 'one measure per edit');
    const d = entries.map((e) => e.d);
    const w = entries.map((e) => e.w);
    Object.assign(figures, {
      workload: '3×512×512 (house), Conv2d(3, 3, kernel_size=5, padding=same, groups=3) + MaxPool2d(2); edit = weight preset',
      variant: await page.textContent('#variant'),
      browser: env.browser.version(),
      samples: d.length,
      p50: round(percentile(d, 50)),
      p95: round(percentile(d, 95)),
      max: round(Math.max(...d)),
      workerP50: round(percentile(w, 50)),
    });
    console.log(`# image mode latency: ${JSON.stringify(figures)}`);
    assert.equal(figures.variant, 'simd');
    assert.ok(figures.p95 <= 100, `p95 ${figures.p95} ms (median ${figures.p50} ms)`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
