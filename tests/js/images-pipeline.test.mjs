// Image mode's pipeline (web/images/pipeline.js): its outputs equal chaining the public API calls
// by hand (weights written out here, not taken from kernels.js), in both builds; the model
// summary's shapes and parameter counts; errors stop the chain with the API's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants } from './helpers.mjs';
import { drawSample, stackImages } from '../../web/images/samples.js';
import { makeLayer } from '../../web/images/layers.js';
import {
  PreparedLayers, layerModule, moduleCall, prepareLayer, runPipeline, runPrepared, summarize,
} from '../../web/images/pipeline.js';
import { resnetHeadLayers } from '../../web/images/state.js';
import { LUMA, buildWeight, kernel2d } from '../../web/images/kernels.js';

const SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];

function batchOf(ids, size) {
  return stackImages(ids.map((id) => drawSample(id, size)));
}

/** Asserts two tensors are equal element for element (same wasm build: no tolerance needed). */
function assertSameTensor(got, want, what) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.data.length, want.data.length);
  for (let i = 0; i < want.data.length; i++) {
    if (!Object.is(got.data[i], want.data[i])) assert.fail(`${what}: element ${i} is ${got.data[i]}, expected ${want.data[i]}`);
  }
}

test('Sobel x on the luminance + MaxPool2d(2) equals conv2d then maxPool2d called by hand', async () => {
  for (const { name, cl } of await loadVariants()) {
    const x = batchOf(['house', 'stripes'], 32);
    const layers = [
      makeLayer('conv2d', { weight: 'sobel_x', channels: 'luminance', padding: [1, 1] }),
      makeLayer('maxPool2d', { kernel_size: [2, 2] }),
    ];
    const r = runPipeline(cl, x, layers);
    assert.equal(r.error, null, name);
    // the weight by hand: [1, 3, 3, 3], Sobel x times the BT.601 weight of each channel
    const w = new Float32Array(27);
    for (let c = 0; c < 3; c++) {
      for (let k = 0; k < 9; k++) w[c * 9 + k] = SOBEL_X[Math.floor(k / 3)][k % 3] * [0.299, 0.587, 0.114][c];
    }
    const y1 = cl.conv2d(x, { shape: [1, 3, 3, 3], data: w }, { padding: 1 });
    const y2 = cl.maxPool2d(y1, { kernelSize: 2 });
    assertSameTensor(r.outputs[0], y1, `${name} conv`);
    assertSameTensor(r.outputs[1], y2, `${name} pool`);
    assert.deepEqual(y2.shape, [2, 1, 16, 16]);
  }
});

test('every layer type and channel mode equals its API call', async () => {
  const [{ cl }] = await loadVariants();
  const x = batchOf(['circles', 'glyphs', 'noise'], 32);
  const cases = [
    {
      layer: makeLayer('conv2d', { weight: 'box', kernel_size: [3, 3], channels: 'depthwise', padding: [1, 1], padding_mode: 'reflect', bias: 0.25 }),
      call: (input) => cl.conv2d(input, { shape: [3, 1, 3, 3], data: new Float32Array(27).fill(1 / 9) }, { padding: 1, groups: 3, paddingMode: 'reflect', bias: [0.25, 0.25, 0.25] }),
    },
    {
      layer: makeLayer('conv2d', { weight: [[1, 2], [3, 4]], channels: 'mean', out_channels: 2, groups: 1, padding: 'valid', stride: [2, 1], dilation: [1, 2] }),
      call: (input) => {
        const w = new Float32Array(2 * 3 * 4);
        for (let o = 0; o < 2; o++) {
          for (let c = 0; c < 3; c++) [1, 2, 3, 4].forEach((v, k) => { w[(o * 3 + c) * 4 + k] = v / 3; });
        }
        return cl.conv2d(input, { shape: [2, 3, 2, 2], data: w }, { stride: [2, 1], dilation: [1, 2] });
      },
    },
    {
      layer: makeLayer('avgPool2d', { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1], ceil_mode: true, count_include_pad: false }),
      call: (input) =>
        cl.avgPool2d(input, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    },
    {
      layer: makeLayer('avgPool2d', { kernel_size: [2, 2], divisor_override: 3 }),
      call: (input) => cl.avgPool2d(input, { kernelSize: 2, divisorOverride: 3 }),
    },
    {
      layer: makeLayer('maxPool2d', { kernel_size: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [2, 2] }),
      call: (input) => cl.maxPool2d(input, { kernelSize: 3, stride: 1, padding: 1, dilation: 2 }),
    },
    {
      layer: makeLayer('convTranspose2d', { weight: 'identity', kernel_size: [1, 1], channels: 'depthwise', stride: [2, 2], padding: [0, 0], output_size: [64, 64] }),
      call: (input) => cl.convTranspose2d(input, { shape: [3, 1, 1, 1], data: new Float32Array([1, 1, 1]) },
        { stride: 2, groups: 3, outputSize: [64, 64] }),
    },
  ];
  for (const { layer, call } of cases) {
    const r = runPipeline(cl, x, [layer]);
    assert.equal(r.error, null, JSON.stringify(layer));
    assertSameTensor(r.outputs[0], call(x), layer.op);
  }
});

test('a chain of four layers equals the four calls in a row', async () => {
  const [{ cl }] = await loadVariants();
  const x = batchOf(['house'], 64);
  const layers = [
    makeLayer('conv2d', { weight: 'gaussian', kernel_size: [5, 5], channels: 'depthwise' }),
    makeLayer('maxPool2d', { kernel_size: [2, 2] }),
    makeLayer('conv2d', { channels: 'random', out_channels: 4, groups: 1, seed: 7, kernel_size: [3, 3], padding: [1, 1], bias: -0.5 }),
    makeLayer('convTranspose2d', { weight: 'bilinear', kernel_size: [4, 4], channels: 'depthwise', stride: [2, 2], padding: [1, 1] }),
  ];
  const r = runPipeline(cl, x, layers);
  assert.equal(r.error, null);
  let y = x;
  const gauss = kernel2d('gaussian', [5, 5]).flat();
  y = cl.conv2d(y, { shape: [3, 1, 5, 5], data: Float32Array.from([...gauss, ...gauss, ...gauss]) }, { padding: 'same', groups: 3 });
  y = cl.maxPool2d(y, { kernelSize: 2 });
  const rnd = buildWeight(null, { op: 'conv2d', mode: 'random', inChannels: 3, outChannels: 4, groups: 1, seed: 7, kernelSize: [3, 3] });
  assert.deepEqual(rnd.shape, [4, 3, 3, 3]);
  const bound = 1 / Math.sqrt(27);
  assert.ok(rnd.data.every((v) => Math.abs(v) <= bound), 'random weights lie in PyTorch\'s default init range');
  y = cl.conv2d(y, rnd, { padding: 1, bias: [-0.5, -0.5, -0.5, -0.5] });
  const bil = kernel2d('bilinear', [4, 4]).flat();
  y = cl.convTranspose2d(y, { shape: [4, 1, 4, 4], data: Float32Array.from([...bil, ...bil, ...bil, ...bil]) },
    { stride: 2, padding: 1, groups: 4 });
  assertSameTensor(r.outputs[3], y, 'chain');
  assert.deepEqual(y.shape, [1, 4, 64, 64]);
});

test('the model summary: shapes chained by outputShape, parameters by parameterCount', async () => {
  const [{ cl }] = await loadVariants();
  const layers = [
    makeLayer('conv2d', { channels: 'random', out_channels: 8, groups: 1, kernel_size: [3, 3], padding: [1, 1], bias: 0 }),
    makeLayer('maxPool2d', { kernel_size: [2, 2] }),
    makeLayer('conv2d', { channels: 'mean', out_channels: 4, groups: 2, weight: 'sharpen', padding: 'same' }),
    makeLayer('convTranspose2d', { weight: 'bilinear', kernel_size: [4, 4], channels: 'depthwise', stride: [2, 2], padding: [1, 1] }),
  ];
  const rows = summarize(cl, [2, 3, 32, 32], layers);
  assert.deepEqual(rows.map((r) => r.shape), [[2, 8, 32, 32], [2, 8, 16, 16], [2, 4, 16, 16], [2, 4, 32, 32]]);
  assert.deepEqual(rows.map((r) => r.params), [8 * 3 * 9 + 8, 0, 4 * 4 * 9, 4 * 16]);
  assert.deepEqual(rows.map((r) => r.error), [null, null, null, null]);
  assert.equal(rows[0].module, 'Conv2d(3, 8, kernel_size=3, padding=1)');
  assert.equal(rows[1].module, 'MaxPool2d(kernel_size=2)');
  assert.equal(rows[2].module, "Conv2d(8, 4, kernel_size=3, padding='same', groups=2, bias=False)");
  assert.equal(rows[3].module, 'ConvTranspose2d(4, 4, kernel_size=4, stride=2, padding=1, groups=4, bias=False)');
  // and the run gives exactly those shapes
  const r = runPipeline(cl, batchOf(['house', 'noise'], 32), layers);
  assert.deepEqual(r.outputs.map((o) => o.shape), rows.map((row) => row.shape));
});

test('a failing layer stops the chain with the API\'s PyTorch-worded message', async () => {
  const [{ cl }] = await loadVariants();
  const layers = [
    makeLayer('conv2d', { channels: 'mean', out_channels: 4, groups: 2, weight: 'box', kernel_size: [3, 3] }),
    makeLayer('maxPool2d', { kernel_size: [2, 2] }),
  ];
  const rows = summarize(cl, [1, 3, 32, 32], layers);
  assert.equal(rows[0].error.code, 'INVALID_ARGUMENT');
  assert.match(rows[0].error.message, /divisible by groups/);
  assert.equal(rows[1].skipped, true);
  const r = runPipeline(cl, batchOf(['house'], 32), layers);
  assert.equal(r.error.index, 0);
  assert.deepEqual(r.outputs, [null, null]);

  // padding='same' with a stride, and a pool padding above half the kernel: the API says why
  const bad = summarize(cl, [1, 3, 32, 32], [makeLayer('conv2d', { stride: [2, 2] })]);
  assert.match(bad[0].error.message, /same/);
  const pool = summarize(cl, [1, 3, 32, 32], [makeLayer('maxPool2d', { kernel_size: [2, 2], padding: [2, 2] })]);
  assert.match(pool[0].error.message, /pad should be at most half/);
  // outputs beyond image mode's limit are refused before anything is allocated
  const huge = summarize(cl, [8, 3, 512, 512], [makeLayer('convTranspose2d', { channels: 'random', out_channels: 64, groups: 1, kernel_size: [4, 4], stride: [4, 4], padding: [0, 0] })]);
  assert.equal(huge[0].error.code, 'TOO_LARGE');
  // the module keeps working
  assert.equal(runPipeline(cl, batchOf(['checker'], 32), [makeLayer('maxPool2d')]).error, null);
});

test('moduleCall writes output_size as the output_padding it solves to', async () => {
  const [{ cl }] = await loadVariants();
  const layer = makeLayer('convTranspose2d', { weight: 'bilinear', kernel_size: [3, 3], channels: 'luminance', stride: [2, 2], padding: [1, 1], output_size: [64, 64] });
  const p = prepareLayer(cl, layer, [1, 3, 32, 32]);
  assert.deepEqual(p.outShape, [1, 1, 64, 64]);
  assert.deepEqual(p.outputPadding, [1, 1]);
  assert.equal(moduleCall(layer, p), 'ConvTranspose2d(3, 1, kernel_size=3, stride=2, padding=1, output_padding=1, bias=False)');
  // luminance for ConvTranspose2d: weight [3, 1, kh, kw] scaled by the BT.601 weights
  assert.deepEqual(p.weight.shape, [3, 1, 3, 3]);
  const k = kernel2d('bilinear', [3, 3]).flat();
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < 9; i++) assert.equal(p.weight.data[c * 9 + i], Math.fround(k[i] * LUMA[c]));
  }
});

/** The max, mean (double) and L1 sum of |v| of every (n, c) plane of `t`. */
function planeStats(t) {
  const [N, C, H, W] = t.shape;
  const out = [];
  for (let p = 0; p < N * C; p++) {
    const plane = t.data.subarray(p * H * W, (p + 1) * H * W);
    let max = -Infinity;
    let sum = 0;
    for (const v of plane) {
      max = Math.max(max, v);
      sum += v;
    }
    out.push({ max, mean: sum / plane.length, sum });
  }
  return out;
}

test('the adaptive pools and LPPool2d equal their API calls, in both builds', async () => {
  for (const { name, cl } of await loadVariants()) {
    const x = batchOf(['circles', 'glyphs', 'noise'], 32);
    const cases = [
      // 32 → 7: the windows are 5 or 6 wide and overlap (⌊i·32/7⌋ to ⌈(i + 1)·32/7⌉)
      [makeLayer('adaptiveAvgPool2d'), (input) => cl.adaptiveAvgPool2d(input, { outputSize: [7, 7] }), [3, 3, 7, 7]],
      [makeLayer('adaptiveAvgPool2d', { output_size: [null, 5] }), (input) => cl.adaptiveAvgPool2d(input, { outputSize: [null, 5] }), [3, 3, 32, 5]],
      [makeLayer('adaptiveMaxPool2d', { output_size: [3, 10] }), (input) => cl.adaptiveMaxPool2d(input, { outputSize: [3, 10] }), [3, 3, 3, 10]],
      [makeLayer('adaptiveMaxPool2d', { output_size: [48, null] }), (input) => cl.adaptiveMaxPool2d(input, { outputSize: [48, null] }), [3, 3, 48, 32]],
      [makeLayer('lpPool2d'), (input) => cl.lpPool2d(input, { normType: 2, kernelSize: 2 }), [3, 3, 16, 16]],
      [makeLayer('lpPool2d', { norm_type: 1.5, kernel_size: [3, 2], stride: [2, 3], ceil_mode: true }),
        (input) => cl.lpPool2d(input, { normType: 1.5, kernelSize: [3, 2], stride: [2, 3], ceilMode: true }),
        [3, 3, 16, 11]],
    ];
    for (const [layer, call, shape] of cases) {
      const r = runPipeline(cl, x, [layer]);
      assert.equal(r.error, null, `${name} ${JSON.stringify(layer)}`);
      const want = call(x);
      assert.deepEqual(want.shape, shape);
      assertSameTensor(r.outputs[0], want, `${name} ${layer.op}`);
    }
  }
});

test('AdaptiveAvgPool2d((1, 1)) is each channel\'s mean, AdaptiveMaxPool2d(1) its max, LPPool2d(1) over the whole picture its sum', async () => {
  const [{ cl }] = await loadVariants();
  const x = batchOf(['house', 'noise'], 32);
  const stats = planeStats(x);
  const run = (layer) => {
    const r = runPipeline(cl, x, [layer]);
    assert.equal(r.error, null);
    assert.deepEqual(r.outputs[0].shape, [2, 3, 1, 1]);
    return Array.from(r.outputs[0].data);
  };
  // a float32 sum of 1024 values in [0, 1] against the double one: 1e-5 is ~100 float32 steps of the mean
  const means = run(makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }));
  means.forEach((v, i) => assert.ok(Math.abs(v - stats[i].mean) <= 1e-5, `mean of plane ${i}: ${v} vs ${stats[i].mean}`));
  assert.deepEqual(run(makeLayer('adaptiveMaxPool2d', { output_size: [1, 1] })), stats.map((s) => s.max));
  // the pictures lie in [0, 1], so p = 1 gives the sum of the values (float32 steps: a relative error)
  const sums = run(makeLayer('lpPool2d', { norm_type: 1, kernel_size: [32, 32] }));
  sums.forEach((v, i) => assert.ok(Math.abs(v - stats[i].sum) <= 1e-5 * stats[i].sum, `sum of plane ${i}: ${v} vs ${stats[i].sum}`));
});

test('the summary of the new pools: shapes, no parameters, their modules, the API\'s errors', async () => {
  const [{ cl }] = await loadVariants();
  const layers = [
    makeLayer('lpPool2d', { norm_type: 3, kernel_size: [3, 3], stride: [2, 2], ceil_mode: true }),
    makeLayer('adaptiveMaxPool2d', { output_size: [7, null] }),
    makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }),
  ];
  const rows = summarize(cl, [4, 3, 32, 32], layers);
  assert.deepEqual(rows.map((r) => r.error), [null, null, null]);
  assert.deepEqual(rows.map((r) => r.shape), [[4, 3, 16, 16], [4, 3, 7, 16], [4, 3, 1, 1]]);
  assert.deepEqual(rows.map((r) => r.params), [0, 0, 0]);
  assert.deepEqual(rows.map((r) => r.module), [
    'LPPool2d(norm_type=3, kernel_size=3, stride=2, ceil_mode=True)',
    'AdaptiveMaxPool2d(output_size=(7, None))',
    'AdaptiveAvgPool2d(output_size=1)',
  ]);
  // p = 0 is Python's ZeroDivisionError in PyTorch; a kernel larger than the picture leaves no output
  const zero = summarize(cl, [1, 3, 32, 32], [makeLayer('lpPool2d', { norm_type: 0 }), makeLayer('adaptiveAvgPool2d')]);
  assert.equal(zero[0].error.code, 'INVALID_ARGUMENT');
  assert.equal(zero[0].error.message, 'float division by zero (norm_type=0)');
  assert.equal(zero[1].skipped, true);
  const small = runPipeline(cl, batchOf(['house'], 32), [makeLayer('adaptiveAvgPool2d', { output_size: [3, 3] }), makeLayer('lpPool2d', { kernel_size: [4, 4] })]);
  assert.equal(small.error.index, 1);
  assert.equal(small.error.code, 'OUTPUT_TOO_SMALL');
  assert.match(small.error.message, /Output size is too small/);
  assert.deepEqual(small.outputs[0].shape, [1, 3, 3, 3]);
  // an adaptive pool's output is checked against image mode's limit like any other layer's
  const huge = summarize(cl, [8, 3, 32, 32], [makeLayer('adaptiveMaxPool2d', { output_size: [4096, 4096] })]);
  assert.equal(huge[0].error.code, 'TOO_LARGE');
});

test('the ResNet example: conv1, the stem\'s MaxPool2d and AdaptiveAvgPool2d((1, 1)), the head\'s channel means', async () => {
  const [{ cl }] = await loadVariants();
  const layers = resnetHeadLayers();
  const rows = summarize(cl, [2, 3, 64, 64], layers);
  assert.deepEqual(rows.map((r) => r.module), [
    'Conv2d(3, 3, kernel_size=7, stride=2, padding=3, bias=False)',
    'MaxPool2d(kernel_size=3, stride=2, padding=1)',
    'AdaptiveAvgPool2d(output_size=1)',
  ]);
  assert.deepEqual(rows.map((r) => r.shape), [[2, 3, 32, 32], [2, 3, 16, 16], [2, 3, 1, 1]]);
  assert.deepEqual(rows.map((r) => r.params), [3 * 3 * 7 * 7, 0, 0]);
  // whatever the picture's size, one number per channel: the mean of the stem's output
  for (const size of [32, 128]) {
    const r = runPipeline(cl, batchOf(['house', 'glyphs'], size), layers);
    assert.equal(r.error, null);
    assert.deepEqual(r.outputs[2].shape, [2, 3, 1, 1]);
    const stats = planeStats(r.outputs[1]);
    r.outputs[2].data.forEach((v, i) => assert.ok(Math.abs(v - stats[i].mean) <= 1e-5 * Math.max(1, Math.abs(stats[i].mean)), `${size}: ${v} vs ${stats[i].mean}`));
  }
});

test("a layer runs as its torch.nn module, prepared once per input shape across a dataset's steps", async () => {
  const [{ cl }] = await loadVariants();
  const conv = makeLayer('conv2d', { weight: 'sobel_x', channels: 'luminance', padding: [1, 1], bias: 0.5 });
  const pool = makeLayer('lpPool2d', { norm_type: 2, kernel_size: [2, 2] });
  const layers = new PreparedLayers(cl);
  const first = layers.prepare(conv, [2, 3, 16, 16]);
  assert.equal(layers.prepare(conv, [2, 3, 16, 16]), first, 'the same layer on the same shape is prepared once');
  assert.notEqual(layers.prepare(conv, [1, 3, 16, 16]), first, 'a short last batch is a shape of its own');
  const module = layerModule(cl, first);
  assert.equal(String(module), 'Conv2d(3, 1, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))');
  assert.equal(String(layerModule(cl, prepareLayer(cl, pool, [1, 1, 8, 8]))),
    'LPPool2d(norm_type=2, kernel_size=(2, 2), stride=None, ceil_mode=False)');
  for (const seed of [1, 2]) {
    const x = batchOf(seed === 1 ? ['house', 'stripes'] : ['stripes', 'house'], 16);
    const want = cl.conv2d(x, first.weight, { ...first.options, bias: first.bias });
    assertSameTensor(runPrepared(cl, first, x), want, `step ${seed}`);
  }
  layers.sweep(); // all three were used since the last sweep
  assert.equal(layers.prepare(conv, [2, 3, 16, 16]), first);
  layers.sweep(); // only the first was used: the others are dropped
  assert.equal(layers.entries.size, 1);
  layers.clear();
  assert.equal(layers.entries.size, 0);
});
