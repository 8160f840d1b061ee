// Image mode's built-in samples (web/images/samples.js) and weight presets (kernels.js): the
// samples are deterministic, in [0, 1], distinct; the presets have the values their names say,
// and the channel modes build the weight shapes PyTorch expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants } from './helpers.mjs';
import { SAMPLES, SIZES, drawSample, stackImages } from '../../web/images/samples.js';
import { KERNELS, buildWeight, kernel2d } from '../../web/images/kernels.js';

test('every sample at every size: deterministic, [3, S, S], values in [0, 1], not flat', () => {
  for (const { id } of SAMPLES) {
    for (const size of SIZES) {
      const a = drawSample(id, size);
      assert.deepEqual(a.shape, [3, size, size]);
      assert.ok(a.data.every((v) => v >= 0 && v <= 1), `${id}@${size} in [0, 1]`);
      let lo = 1;
      let hi = 0;
      for (const v of a.data) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      assert.ok(hi - lo > 0.5, `${id}@${size} has contrast`);
      if (size <= 128) assert.deepEqual(drawSample(id, size).data, a.data, `${id}@${size} twice`);
    }
  }
  // the samples differ from each other
  const flat = SAMPLES.map(({ id }) => drawSample(id, 32).data);
  for (let i = 0; i < flat.length; i++) for (let j = i + 1; j < flat.length; j++) assert.notDeepEqual(flat[i], flat[j]);
  assert.throws(() => drawSample('nope', 32), /unknown sample/);
  assert.throws(() => stackImages([drawSample('house', 32), drawSample('house', 64)]), /shape/);
});

test('a few pinned pixels (the browser test relies on these drawings being the same everywhere)', () => {
  const checker = drawSample('checker', 32);
  assert.deepEqual([checker.data[0], checker.data[1024], checker.data[2048]].map((v) => Number(v.toFixed(4))),
    [0.95, 0.95, 0.92]);
  assert.equal(Number(checker.data[4].toFixed(2)), 0.08); // second cell: dark
  const house = drawSample('house', 32);
  // the sun's centre (0.8, 0.2) is sun-yellow
  const i = 6 * 32 + 25;
  assert.deepEqual([house.data[i], house.data[1024 + i], house.data[2048 + i]].map((v) => Number(v.toFixed(2))),
    [1, 0.8, 0.15]);
});

test('presets: identity, box, Gaussian sum to 1; Sobel, Laplacian as written; bilinear is FCN\'s', () => {
  for (const id of ['identity', 'box', 'gaussian']) {
    for (const k of [1, 3, 5, 7]) {
      const sum = kernel2d(id, [k, k]).flat().reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-12, `${id} ${k}: ${sum}`);
    }
  }
  assert.deepEqual(kernel2d('sobel_x'), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
  assert.deepEqual(kernel2d('sobel_y'), [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]);
  assert.deepEqual(kernel2d('laplacian').flat().reduce((a, b) => a + b, 0), 0);
  assert.deepEqual(kernel2d('identity', [3, 3]), [[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
  const g = kernel2d('gaussian', [5, 5]);
  assert.ok(g[2][2] > g[1][2] && g[1][2] > g[0][2], 'Gaussian peaks in the middle');
  assert.deepEqual(kernel2d('bilinear', [4, 4])[0], [0.0625, 0.1875, 0.1875, 0.0625]);
  assert.equal(KERNELS.filter((k) => k.fixed).every((k) => k.fixed.length === 3), true);
});

test('channel modes build PyTorch\'s weight shapes; the identity kernel leaves images unchanged', async () => {
  const k = kernel2d('identity', [3, 3]);
  const spec = (op, mode, o = 5, g = 1) =>
    buildWeight(k, { op, mode, inChannels: 3, outChannels: o, groups: g, kernelSize: [3, 3] });
  assert.deepEqual(spec('conv2d', 'depthwise').shape, [3, 1, 3, 3]);
  assert.deepEqual(spec('conv2d', 'luminance').shape, [1, 3, 3, 3]);
  assert.deepEqual(spec('conv2d', 'mean', 6, 3).shape, [6, 1, 3, 3]);
  assert.deepEqual(spec('convTranspose2d', 'mean', 6, 3).shape, [3, 2, 3, 3]);
  assert.deepEqual(spec('convTranspose2d', 'luminance').shape, [3, 1, 3, 3]);
  assert.throws(() => spec('conv2d', 'mean', 4, 3), /groups=3 does not divide/);
  const [{ cl }] = await loadVariants();
  const x = stackImages([drawSample('house', 32)]);
  const w = spec('conv2d', 'depthwise');
  const y = cl.conv2d(x, w, { padding: 1, groups: 3 });
  assert.deepEqual(y.data, x.data);
});
