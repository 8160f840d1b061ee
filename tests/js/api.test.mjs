// The API's surface: tensor(), unbatched inputs, out buffers, fresh results, bias forms, indices,
// int-vs-pair options, outputShape for every op, and defaults equal to PyTorch's.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  loadVariants,
  load,
  mulberry32,
  randomTensor,
  assertTensorClose,
  unbatch,
  flatten,
  nest,
  product,
  TUTORIAL_INPUT,
  TUTORIAL_KERNEL,
  TUTORIAL_STRIDE1,
  tutorialTensors,
} from './helpers.mjs';

const variants = await loadVariants();

/** Exact equality of two result tensors (same shape, bitwise-equal data incl. NaN). */
function assertSameTensor(a, b, label) {
  assert.deepEqual([...a.shape], [...b.shape], `${label}: shape`);
  assert.equal(a.data.length, b.data.length, `${label}: length`);
  for (let i = 0; i < a.data.length; i++) {
    if (!Object.is(a.data[i], b.data[i])) assert.fail(`${label}: differ at ${i}: ${a.data[i]} vs ${b.data[i]}`);
  }
}

test('load() variants', async () => {
  const [simd, scalar] = variants;
  assert.equal(simd.cl.variant, 'simd', 'load() in Node ≥ 20 uses the SIMD build');
  assert.equal(scalar.cl.variant, 'scalar', 'load({ simd: false }) forces the scalar build');
  const again = await load({ simd: false });
  assert.equal(again.variant, 'scalar');
});

for (const { name: variant, cl } of variants) {
  describe(`api [${variant}]`, () => {
    const rng = mulberry32(0xa11ce);

    describe('tensor()', () => {
      const nestedCases = [
        [[1, 2, 3], [3]],
        [
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
          [3, 2],
        ],
        [[[[1]], [[2]]], [2, 1, 1]],
        [[TUTORIAL_INPUT, TUTORIAL_INPUT.map((r) => r.map((v) => -v))], [2, 5, 5]],
        [[[TUTORIAL_INPUT]], [1, 1, 5, 5]],
        [
          [
            [[[0.5, -1.25]], [[2, 3]]],
            [[[4, 5]], [[6, 7.75]]],
          ],
          [2, 2, 1, 2],
        ],
      ];
      for (const [nested, shape] of nestedCases) {
        test(`from a rank-${shape.length} nested array → [${shape}]`, () => {
          const t = cl.tensor(nested);
          assert.ok(Array.isArray(t.shape), 'shape is a number[]');
          assert.deepEqual(t.shape, shape);
          assert.ok(t.data instanceof Float32Array, 'data is a Float32Array');
          assert.deepEqual(Array.from(t.data), flatten(nested).data);
        });
      }

      test('from { shape, data } with number[], Float32Array, Float64Array and a generic array-like', () => {
        const shape = [2, 3];
        const values = [1, 2, 3, 4, 5, 6.5];
        const typed = [Float32Array.from(values), Float64Array.from(values), Int16Array.from([1, 2, 3, 4, 5, 6])];
        for (const data of [values, ...typed]) {
          const t = cl.tensor({ shape, data });
          assert.deepEqual(t.shape, shape);
          assert.ok(t.data instanceof Float32Array, `data from ${data.constructor.name}`);
          assert.deepEqual(Array.from(t.data), Array.from(data, (v) => Math.fround(v)));
        }
        const like = { length: 4, 0: 1, 1: 2, 2: 3, 3: 4 };
        const t = cl.tensor({ shape: [4], data: like });
        assert.deepEqual(Array.from(t.data), [1, 2, 3, 4]);
      });

      test('values are rounded to float32; NaN and ±∞ pass through', () => {
        const t = cl.tensor([0.1, NaN, Infinity, -Infinity]);
        assert.equal(t.data[0], Math.fround(0.1));
        assert.ok(Number.isNaN(t.data[1]));
        assert.equal(t.data[2], Infinity);
        assert.equal(t.data[3], -Infinity);
      });

      test('tensor() result feeds an op', () => {
        const r = cl.conv2d(cl.tensor({ shape: [1, 1, 5, 5], data: TUTORIAL_INPUT.flat() }),
          cl.tensor([[TUTORIAL_KERNEL]]));
        assert.deepEqual(nest([3, 3], Array.from(r.data)), TUTORIAL_STRIDE1);
      });

      test('the tensor does not alias the caller\'s shape array', () => {
        const shape = [2, 2];
        const t = cl.tensor({ shape, data: [1, 2, 3, 4] });
        shape[0] = 99;
        assert.deepEqual(t.shape, [2, 2]);
      });
    });

    test('ops accept a plain number[] as data', () => {
      const r = cl.conv2d({ shape: [1, 1, 5, 5], data: TUTORIAL_INPUT.flat() },
        { shape: [1, 1, 3, 3], data: TUTORIAL_KERNEL.flat() });
      assert.ok(r.data instanceof Float32Array);
      assert.deepEqual(nest([3, 3], Array.from(r.data)), TUTORIAL_STRIDE1);
      const p = cl.maxPool2d({ shape: [1, 5, 5], data: TUTORIAL_INPUT.flat() }, { kernelSize: 3, ceilMode: true });
      assert.deepEqual(Array.from(p.data), [2, 3, 5, 1]);
    });

    // ---- unbatched [C, H, W] = batched [1, C, H, W] without the batch dim
    const x = randomTensor(rng, [1, 3, 7, 6]);
    const w = randomTensor(rng, [4, 3, 3, 2]);
    const wg = randomTensor(rng, [6, 1, 3, 3]);
    const wt = randomTensor(rng, [3, 2, 3, 3]);
    const b4 = randomTensor(rng, [4]);
    const unbatchedOps = [
      ['conv2d', (cl2, t) => cl2.conv2d(t, w, { bias: b4, stride: [2, 1], padding: 1 })],
      ['conv2d groups=3 reflect', (cl2, t) => cl2.conv2d(t, wg, { groups: 3, padding: [1, 2], paddingMode: 'reflect' })],
      ['conv2d same', (cl2, t) => cl2.conv2d(t, w, { padding: 'same', dilation: 2 })],
      ['convTranspose2d', (cl2, t) => cl2.convTranspose2d(t, wt, { stride: 2, padding: 1, outputPadding: 1 })],
      ['maxPool2d', (cl2, t) => cl2.maxPool2d(t, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true })],
      ['avgPool2d', (cl2, t) => cl2.avgPool2d(t, { kernelSize: [2, 3], padding: [1, 1], countIncludePad: false })],
      ['pad reflect', (cl2, t) => cl2.pad(t, { pad: [1, 2, 3, 0], mode: 'reflect' })],
      ['pad constant', (cl2, t) => cl2.pad(t, { pad: [1, 1, 1, 1], value: 2.5 })],
    ];
    for (const [name, run] of unbatchedOps) {
      test(`unbatched [C,H,W] input: ${name} gives [C',H',W'] equal to the batched result`, () => {
        const batched = run(cl, x);
        const u = run(cl, unbatch(x));
        assert.equal(batched.shape.length, 4);
        assert.equal(batched.shape[0], 1);
        assert.deepEqual(u.shape, batched.shape.slice(1), 'rank matches the input');
        assertSameTensor(u, { shape: batched.shape.slice(1), data: batched.data }, name);
      });
    }

    test('unbatched maxPool2d with indices', () => {
      const b = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
      const u = cl.maxPool2d(unbatch(x), { kernelSize: 2, returnIndices: true });
      assert.deepEqual(u.output.shape, b.output.shape.slice(1));
      assert.deepEqual(u.indices.shape, b.indices.shape.slice(1));
      assert.deepEqual(Array.from(u.indices.data), Array.from(b.indices.data));
    });

    test('a batch of 3 equals three separate calls', () => {
      const xb = randomTensor(rng, [3, 3, 5, 5]);
      const full = cl.conv2d(xb, w, { bias: b4, padding: 1 });
      const per = product([3, 5, 5]);
      const outPer = product(full.shape.slice(1));
      for (let n = 0; n < 3; n++) {
        const one = cl.conv2d({ shape: [3, 5, 5], data: xb.data.slice(n * per, (n + 1) * per) }, w,
          { bias: b4, padding: 1 });
        assertSameTensor(one, { shape: full.shape.slice(1), data: full.data.slice(n * outPer, (n + 1) * outPer) }, `batch ${n}`);
      }
    });

    // ---- out buffers
    const outOps = [
      ['conv2d', (o) => cl.conv2d(x, w, { bias: b4, padding: 1, ...o })],
      ['convTranspose2d', (o) => cl.convTranspose2d(x, wt, { stride: 2, ...o })],
      ['maxPool2d', (o) => cl.maxPool2d(x, { kernelSize: 2, ...o })],
      ['avgPool2d', (o) => cl.avgPool2d(x, { kernelSize: 3, padding: 1, stride: 1, ...o })],
      ['pad', (o) => cl.pad(x, { pad: [2, 1, 0, 3], mode: 'replicate', ...o })],
    ];
    for (const [name, run] of outOps) {
      test(`${name}: opts.out is filled and returned as result.data`, () => {
        const ref = run({});
        const out = new Float32Array(ref.data.length).fill(NaN);
        const r = run({ out });
        assert.equal(r.data, out, 'result.data is the out buffer itself');
        assert.deepEqual(r.shape, ref.shape);
        assertSameTensor(r, ref, `${name} with out`);
      });
    }

    test('maxPool2d with returnIndices and out: out is output.data', () => {
      const ref = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
      const out = new Float32Array(ref.output.data.length);
      const r = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true, out });
      assert.equal(r.output.data, out);
      assertSameTensor(r.output, ref.output, 'output');
      assert.deepEqual(Array.from(r.indices.data), Array.from(ref.indices.data));
    });

    test('an out buffer that is a view into a larger buffer is honoured', () => {
      const ref = cl.maxPool2d(x, { kernelSize: 2 });
      const big = new Float32Array(ref.data.length + 8).fill(-7);
      const view = big.subarray(4, 4 + ref.data.length);
      const r = cl.maxPool2d(x, { kernelSize: 2, out: view });
      assert.equal(r.data, view);
      assertSameTensor(r, ref, 'view');
      assert.deepEqual(Array.from(big.subarray(0, 4)), [-7, -7, -7, -7], 'bytes before the view untouched');
      assert.deepEqual(Array.from(big.subarray(4 + ref.data.length)), [-7, -7, -7, -7], 'bytes after the view untouched');
    });

    // ---- fresh results, inputs untouched
    test('results are fresh objects: mutating one does not change a later call; inputs are not modified', () => {
      const { input, kernel } = tutorialTensors();
      const inCopy = Float32Array.from(input.data);
      const kCopy = Float32Array.from(kernel.data);
      const r1 = cl.conv2d(input, kernel);
      const snapshot = Float32Array.from(r1.data);
      r1.data.fill(1234);
      r1.shape[0] = 42;
      const r2 = cl.conv2d(input, kernel);
      assert.notEqual(r2, r1);
      assert.notEqual(r2.data, r1.data);
      assert.notEqual(r2.data.buffer, r1.data.buffer, 'results do not share memory');
      assert.deepEqual(r2.shape, [1, 1, 3, 3]);
      assert.deepEqual(Array.from(r2.data), Array.from(snapshot));
      assert.deepEqual(input.data, inCopy);
      assert.deepEqual(kernel.data, kCopy);
      // results from different ops don't alias either (e.g. a shared wasm heap view)
      const p = cl.maxPool2d(input, { kernelSize: 3 });
      const p2 = cl.maxPool2d(input, { kernelSize: 2 });
      assert.deepEqual(Array.from(p.data), [2]);
      assert.equal(p2.data.length, 4);
      assert.deepEqual(Array.from(r2.data), Array.from(snapshot), 'an earlier result survives later calls');
    });

    test('results survive a later, much larger call (no view into a reallocated heap)', () => {
      const { input, kernel } = tutorialTensors();
      const r = cl.conv2d(input, kernel);
      const big = randomTensor(rng, [1, 4, 200, 200]);
      cl.avgPool2d(big, { kernelSize: 3 });
      assert.deepEqual(Array.from(r.data), TUTORIAL_STRIDE1.flat());
      assert.equal(r.data.length, 9);
    });

    // ---- bias forms
    test('bias as a tensor, a Float32Array and a number[] agree (conv2d and convTranspose2d)', () => {
      const bias = [0.5, -1, 2, 0.25];
      const fromTensor = cl.conv2d(x, w, { bias: { shape: [4], data: Float32Array.from(bias) } });
      const fromF32 = cl.conv2d(x, w, { bias: Float32Array.from(bias) });
      const fromArr = cl.conv2d(x, w, { bias });
      const fromCl = cl.conv2d(x, w, { bias: cl.tensor(bias) });
      assertSameTensor(fromF32, fromTensor, 'Float32Array bias');
      assertSameTensor(fromArr, fromTensor, 'number[] bias');
      assertSameTensor(fromCl, fromTensor, 'cl.tensor bias');
      const noBias = cl.conv2d(x, w);
      const per = product(noBias.shape.slice(2));
      for (let i = 0; i < noBias.data.length; i++) {
        const c = Math.floor(i / per) % 4;
        assert.ok(Math.abs(fromTensor.data[i] - (noBias.data[i] + bias[c])) < 1e-5, `bias added per channel at ${i}`);
      }
      const tb = [1, 2];
      const t1 = cl.convTranspose2d(x, wt, { bias: { shape: [2], data: Float32Array.from(tb) } });
      assertSameTensor(cl.convTranspose2d(x, wt, { bias: Float32Array.from(tb) }), t1, 'transposed Float32Array bias');
      assertSameTensor(cl.convTranspose2d(x, wt, { bias: tb }), t1, 'transposed number[] bias');
    });

    test('bias: undefined is the same as no bias', () => {
      assertSameTensor(cl.conv2d(x, w, { bias: undefined }), cl.conv2d(x, w), 'bias undefined');
    });

    // ---- indices
    test('maxPool2d returnIndices → { output, indices } with Int32Array indices in PyTorch\'s convention', () => {
      const xi = randomTensor(rng, [2, 3, 6, 7]);
      const r = cl.maxPool2d(xi, { kernelSize: 3, stride: 2, padding: 1, returnIndices: true });
      assert.deepEqual(Object.keys(r).sort(), ['indices', 'output']);
      assert.ok(r.output.data instanceof Float32Array);
      assert.ok(r.indices.data instanceof Int32Array, `indices.data is ${r.indices.data?.constructor?.name}`);
      assert.deepEqual(r.indices.shape, r.output.shape);
      const [N, C, H, W] = xi.shape;
      const per = r.output.shape[2] * r.output.shape[3];
      for (let i = 0; i < r.indices.data.length; i++) {
        const plane = Math.floor(i / per);
        const idx = r.indices.data[i];
        assert.ok(idx >= 0 && idx < H * W, `index ${idx} inside the ${H}×${W} plane`);
        assert.equal(xi.data[plane * H * W + idx], r.output.data[i], `input at the index is the max (element ${i})`);
      }
      assert.equal(N * C * per, r.indices.data.length);
      const plain = cl.maxPool2d(xi, { kernelSize: 3, stride: 2, padding: 1 });
      assertSameTensor(plain, r.output, 'same output without indices');
      const explicitFalse = cl.maxPool2d(xi, { kernelSize: 3, stride: 2, padding: 1, returnIndices: false });
      assert.ok(explicitFalse.data instanceof Float32Array, 'returnIndices: false returns a plain tensor');
    });

    test('maxPool2d: ties keep the first maximum; NaN wins', () => {
      const t = { shape: [1, 1, 2, 4], data: Float32Array.from([3, 3, 1, NaN, 3, 3, 2, 5]) };
      const r = cl.maxPool2d(t, { kernelSize: 2, returnIndices: true });
      assert.equal(r.output.data[0], 3);
      assert.equal(r.indices.data[0], 0);
      assert.ok(Number.isNaN(r.output.data[1]));
      assert.equal(r.indices.data[1], 3);
    });

    // ---- ints as a number vs an [h, w] pair
    const pairCases = [
      ['conv2d', (v) => cl.conv2d(x, w, { stride: v.s, padding: v.p, dilation: v.d })],
      ['convTranspose2d', (v) => cl.convTranspose2d(x, wt, { stride: v.s, padding: v.p, dilation: v.d, outputPadding: v.op })],
      ['maxPool2d', (v) => cl.maxPool2d(x, { kernelSize: v.k, stride: v.s, padding: v.p, dilation: v.d })],
      ['avgPool2d', (v) => cl.avgPool2d(x, { kernelSize: v.k, stride: v.s, padding: v.p })],
    ];
    for (const [name, run] of pairCases) {
      test(`${name}: ints as a number and as an [h, w] pair agree`, () => {
        const a = run({ s: 2, p: 1, d: 2, k: 3, op: 1 });
        const b = run({ s: [2, 2], p: [1, 1], d: [2, 2], k: [3, 3], op: [1, 1] });
        assertSameTensor(a, b, name);
      });
    }

    test('pairs are [h, w] (not [w, h])', () => {
      const t = { shape: [1, 1, 6, 9], data: new Float32Array(54).fill(1) };
      assert.deepEqual(cl.maxPool2d(t, { kernelSize: [2, 3] }).shape, [1, 1, 3, 3]);
      assert.deepEqual(cl.avgPool2d(t, { kernelSize: 1, stride: [3, 1] }).shape, [1, 1, 2, 9]);
      assert.deepEqual(cl.conv2d(t, { shape: [1, 1, 1, 1], data: [1] }, { padding: [1, 0] }).shape, [1, 1, 8, 9]);
    });

    // ---- outputShape for every op
    test('outputShape: conv2d (axes, padding pairs, same/valid, unbatched)', () => {
      const info = cl.outputShape({ op: 'conv2d', inputShape: [2, 3, 11, 8], weightShape: [5, 3, 4, 3], stride: [3, 2], padding: [2, 1], dilation: [2, 1] });
      // H: ⌊(11 + 4 − 2·3 − 1)/3⌋ + 1 = 3; W: ⌊(8 + 2 − 2 − 1)/2⌋ + 1 = 4
      assert.deepEqual(info.shape, [2, 5, 3, 4]);
      const [H, W] = info.axes;
      assert.deepEqual(
        {
          axis: H.axis, input: H.input, kernel: H.kernel, stride: H.stride, padding: H.padding, dilation: H.dilation,
          output: H.output,
        },
        { axis: 'H', input: 11, kernel: 4, stride: 3, padding: [2, 2], dilation: 2, output: 3 },
      );
      assert.deepEqual(
        {
          axis: W.axis, input: W.input, kernel: W.kernel, stride: W.stride, padding: W.padding, dilation: W.dilation,
          output: W.output,
        },
        { axis: 'W', input: 8, kernel: 3, stride: 2, padding: [1, 1], dilation: 1, output: 4 },
      );
      for (const n of ['11', '4', '3', '2']) assert.match(H.formula, new RegExp(`(^|[^0-9])${n}([^0-9]|$)`), `H formula ${JSON.stringify(H.formula)} has ${n}`);
      for (const n of ['8', '3', '2', '1']) assert.match(W.formula, new RegExp(`(^|[^0-9])${n}([^0-9]|$)`), `W formula ${JSON.stringify(W.formula)} has ${n}`);
      assert.match(H.formula, /=\s*3$/);
      assert.match(W.formula, /=\s*4$/);

      const same = cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 7, 7], weightShape: [1, 1, 4, 3], padding: 'same' });
      assert.deepEqual(same.shape, [1, 1, 7, 7]);
      assert.deepEqual(same.axes[0].padding, [1, 2], "'same' puts the odd row at the bottom");
      assert.deepEqual(same.axes[1].padding, [1, 1]);
      const valid = cl.outputShape({ op: 'conv2d', inputShape: [3, 7, 7], weightShape: [2, 3, 3, 3], padding: 'valid' });
      assert.deepEqual(valid.shape, [2, 5, 5], 'unbatched inputShape gives an unbatched shape');
      assert.deepEqual(valid.axes[0].padding, [0, 0]);
    });

    test('outputShape: convTranspose2d carries outputPadding; outputSize resolves it', () => {
      const info = cl.outputShape({ op: 'convTranspose2d', inputShape: [1, 4, 5, 6], weightShape: [4, 3, 3, 4], stride: [2, 3], padding: [1, 2], outputPadding: [1, 2], dilation: [1, 2] });
      // H: (5−1)·2 − 2 + 1·2 + 1 + 1 = 10; W: (6−1)·3 − 4 + 2·3 + 2 + 1 = 20
      assert.deepEqual(info.shape, [1, 3, 10, 20]);
      assert.equal(info.axes[0].outputPadding, 1);
      assert.equal(info.axes[1].outputPadding, 2);
      assert.match(info.axes[0].formula, /=\s*10$/);
      assert.match(info.axes[1].formula, /=\s*20$/);
      const sized = cl.outputShape({ op: 'convTranspose2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], stride: 2, outputSize: [12, 11] });
      assert.deepEqual(sized.shape, [1, 1, 12, 11]);
      assert.equal(sized.axes[0].outputPadding, 1);
      assert.equal(sized.axes[1].outputPadding, 0);
      const r = cl.convTranspose2d({ shape: [1, 1, 5, 5], data: new Float32Array(25).fill(1) },
        { shape: [1, 1, 3, 3], data: new Float32Array(9).fill(1) }, { stride: 2, outputSize: [12, 11] });
      assert.deepEqual(r.shape, [1, 1, 12, 11]);
      const viaPadding = cl.convTranspose2d({ shape: [1, 1, 5, 5], data: new Float32Array(25).fill(1) },
        { shape: [1, 1, 3, 3], data: new Float32Array(9).fill(1) }, { stride: 2, outputPadding: [1, 0] });
      assertSameTensor(r, viaPadding, 'outputSize = the equivalent outputPadding');
    });

    test('outputShape: maxPool2d reports ceilMode and droppedLastWindow', () => {
      // H = 5, k = 2, s = 2, p = 1, ceil: ⌈(5 + 2 − 1 − 1)/2⌉ + 1 = 4, but window 4 would start at 6 − 1 = 5 ≥ 5 → 3
      const dropped = cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 5, 5], kernelSize: 2, stride: 2, padding: 1, ceilMode: true });
      assert.deepEqual(dropped.shape, [1, 1, 3, 3]);
      assert.equal(dropped.axes[0].ceilMode, true);
      assert.equal(dropped.axes[0].droppedLastWindow, true);
      assert.match(dropped.axes[0].formula, /=\s*3$/);
      const kept = cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 5, 6], kernelSize: 3, ceilMode: true });
      assert.deepEqual(kept.shape, [1, 1, 2, 2]);
      assert.equal(kept.axes[0].droppedLastWindow, false);
      assert.equal(kept.axes[1].droppedLastWindow, false);
      const floor = cl.outputShape({ op: 'maxPool2d', inputShape: [4, 9, 9], kernelSize: 3, stride: 2, dilation: 2 });
      // ⌊(9 − 2·2 − 1)/2⌋ + 1 = 3
      assert.deepEqual(floor.shape, [4, 3, 3]);
      assert.equal(floor.axes[0].ceilMode, false);
      assert.equal(floor.axes[0].droppedLastWindow, false);
      assert.equal(floor.axes[0].dilation, 2);
      assert.equal(floor.axes[0].stride, 2);
      assert.equal(floor.axes[0].kernel, 3);
    });

    test('outputShape: avgPool2d (stride defaults to kernelSize)', () => {
      const info = cl.outputShape({ op: 'avgPool2d', inputShape: [2, 3, 10, 7], kernelSize: [3, 2], padding: [1, 0], ceilMode: true });
      // H: ⌈(10 + 2 − 3)/3⌉ + 1 = 4 (last start 9 < 11 kept); W: ⌈(7 − 2)/2⌉ + 1 = 4 (last start 6 < 7 kept)
      assert.deepEqual(info.shape, [2, 3, 4, 4]);
      assert.equal(info.axes[0].stride, 3);
      assert.equal(info.axes[1].stride, 2);
      assert.deepEqual(info.axes[0].padding, [1, 1]);
      assert.match(info.axes[0].formula, /=\s*4$/);
    });

    test('outputShape: pad', () => {
      const info = cl.outputShape({ op: 'pad', inputShape: [1, 2, 5, 6], pad: [1, 2, 3, 4] });
      assert.deepEqual(info.shape, [1, 2, 12, 9]);
      assert.equal(info.axes[0].axis, 'H');
      assert.equal(info.axes[0].output, 12);
      assert.equal(info.axes[1].output, 9);
      assert.deepEqual(info.axes[0].padding, [3, 4]);
      assert.deepEqual(info.axes[1].padding, [1, 2]);
      const r = cl.pad({ shape: [1, 2, 5, 6], data: new Float32Array(60) }, { pad: [1, 2, 3, 4], mode: 'circular' });
      assert.deepEqual(r.shape, info.shape);
      assert.deepEqual(cl.outputShape({ op: 'pad', inputShape: [2, 5, 6], pad: [1, 1, 1, 1], mode: 'reflect' }).shape, [2, 7, 8]);
    });

    test('outputShape agrees with each op on a few configurations', () => {
      const specs = [
        [{ op: 'conv2d', inputShape: [1, 3, 7, 6], weightShape: [4, 3, 3, 2], stride: [2, 1], padding: 1 }, () => cl.conv2d(x, w, { stride: [2, 1], padding: 1 })],
        [{ op: 'convTranspose2d', inputShape: [1, 3, 7, 6], weightShape: [3, 2, 3, 3], stride: 2, padding: 1, outputPadding: 1 }, () => cl.convTranspose2d(x, wt, { stride: 2, padding: 1, outputPadding: 1 })],
        [{ op: 'maxPool2d', inputShape: [1, 3, 7, 6], kernelSize: 3, stride: 2, padding: 1, ceilMode: true }, () => cl.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true })],
        [{ op: 'avgPool2d', inputShape: [1, 3, 7, 6], kernelSize: 2, ceilMode: true }, () => cl.avgPool2d(x, { kernelSize: 2, ceilMode: true })],
        [{ op: 'pad', inputShape: [1, 3, 7, 6], pad: [0, 3, 2, 1] }, () => cl.pad(x, { pad: [0, 3, 2, 1] })],
      ];
      for (const [spec, run] of specs) assert.deepEqual(cl.outputShape(spec).shape, run().shape, JSON.stringify(spec));
    });

    // ---- pad values
    test('pad: constant / reflect / replicate / circular on a 2×3 plane', () => {
      const t = { shape: [1, 1, 2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
      const get = (opts) => nest(cl.pad(t, opts).shape.slice(2), Array.from(cl.pad(t, opts).data));
      assert.deepEqual(get({ pad: [1, 1, 1, 0] }), [
        [0, 0, 0, 0, 0],
        [0, 1, 2, 3, 0],
        [0, 4, 5, 6, 0],
      ]);
      assert.deepEqual(get({ pad: [1, 0, 0, 1], mode: 'constant', value: -1 }), [
        [-1, 1, 2, 3],
        [-1, 4, 5, 6],
        [-1, -1, -1, -1],
      ]);
      assert.deepEqual(get({ pad: [2, 1, 1, 0], mode: 'reflect' }), [
        [6, 5, 4, 5, 6, 5],
        [3, 2, 1, 2, 3, 2],
        [6, 5, 4, 5, 6, 5],
      ]);
      assert.deepEqual(get({ pad: [1, 2, 0, 1], mode: 'replicate' }), [
        [1, 1, 2, 3, 3, 3],
        [4, 4, 5, 6, 6, 6],
        [4, 4, 5, 6, 6, 6],
      ]);
      assert.deepEqual(get({ pad: [1, 2, 1, 1], mode: 'circular' }), [
        [6, 4, 5, 6, 4, 5],
        [3, 1, 2, 3, 1, 2],
        [6, 4, 5, 6, 4, 5],
        [3, 1, 2, 3, 1, 2],
      ]);
    });

    test('conv2d paddingMode equals pad() then an unpadded conv2d', () => {
      for (const mode of ['reflect', 'replicate', 'circular']) {
        const a = cl.conv2d(x, w, { padding: [2, 1], paddingMode: mode, bias: b4 });
        const padded = cl.pad(x, { pad: [1, 1, 2, 2], mode });
        const b = cl.conv2d(padded, w, { bias: b4 });
        assertTensorClose(a, { shape: b.shape, data: Array.from(b.data) }, mode);
      }
      const z = cl.conv2d(x, w, { padding: 1, paddingMode: 'zeros' });
      const zp = cl.conv2d(cl.pad(x, { pad: [1, 1, 1, 1] }), w);
      assertTensorClose(z, { shape: zp.shape, data: Array.from(zp.data) }, 'zeros');
    });

    // ---- defaults
    test("conv2d defaults are PyTorch's (stride 1, padding 0, dilation 1, groups 1, zeros)", () => {
      const d = cl.conv2d(x, w);
      assertSameTensor(d, cl.conv2d(x, w, { stride: 1, padding: 0, dilation: 1, groups: 1, paddingMode: 'zeros' }), 'explicit defaults');
      assertSameTensor(d, cl.conv2d(x, w, {}), 'empty options');
      assertSameTensor(d, cl.conv2d(x, w, { padding: 'valid' }), "padding 'valid'");
      assert.deepEqual(d.shape, [1, 4, 5, 5]);
    });

    test("convTranspose2d defaults are PyTorch's (stride 1, padding 0, outputPadding 0, groups 1, dilation 1)", () => {
      const d = cl.convTranspose2d(x, wt);
      assertSameTensor(d, cl.convTranspose2d(x, wt, { stride: 1, padding: 0, outputPadding: 0, groups: 1, dilation: 1 }), 'explicit defaults');
      assert.deepEqual(d.shape, [1, 2, 9, 8]);
    });

    test("maxPool2d defaults are PyTorch's (stride = kernelSize, padding 0, dilation 1, ceilMode false)", () => {
      const d = cl.maxPool2d(x, { kernelSize: 2 });
      assertSameTensor(d, cl.maxPool2d(x, { kernelSize: 2, stride: 2, padding: 0, dilation: 1, ceilMode: false, returnIndices: false }), 'explicit defaults');
      assert.deepEqual(d.shape, [1, 3, 3, 3]);
    });

    test("avgPool2d defaults are PyTorch's (stride = kernelSize, padding 0, ceilMode false, countIncludePad true)", () => {
      const d = cl.avgPool2d(x, { kernelSize: 3, padding: 1 });
      assertSameTensor(d, cl.avgPool2d(x, { kernelSize: 3, stride: 3, padding: 1, ceilMode: false, countIncludePad: true }), 'explicit defaults');
      const excl = cl.avgPool2d(x, { kernelSize: 3, padding: 1, countIncludePad: false });
      assert.ok(d.data.some((v, i) => Math.abs(v - excl.data[i]) > 1e-6), 'countIncludePad matters at the border');
      // the corner window covers 4 real cells out of 9
      assert.ok(Math.abs(d.data[0] * 9 - excl.data[0] * 4) < 1e-5);
      const ones = { shape: [1, 1, 4, 4], data: new Float32Array(16).fill(1) };
      const byThree = cl.avgPool2d(ones, { kernelSize: 2, divisorOverride: 3 });
      assert.deepEqual(Array.from(byThree.data).map((v) => +v.toFixed(5)),
        [1.33333, 1.33333, 1.33333, 1.33333]);
    });

    test("pad defaults are PyTorch's (mode 'constant', value 0)", () => {
      assertSameTensor(cl.pad(x, { pad: [1, 2, 3, 4] }), cl.pad(x, { pad: [1, 2, 3, 4], mode: 'constant', value: 0 }), 'explicit defaults');
    });

    test('parameterCount defaults: groups 1, bias true', () => {
      const d = cl.parameterCount({ op: 'conv2d', inChannels: 3, outChannels: 8, kernelSize: [3, 2] });
      assert.deepEqual({ w: d.weights, b: d.bias, t: d.total }, { w: 144, b: 8, t: 152 });
      const e = cl.parameterCount({ op: 'conv2d', inChannels: 3, outChannels: 8, kernelSize: [3, 2], groups: 1, bias: true });
      assert.deepEqual(e, d);
    });

    test('receptiveField answers for unbatched specs too', () => {
      const rf = cl.receptiveField({ op: 'conv2d', inputShape: [1, 5, 5], weightShape: [1, 1, 3, 3] }, [0, 0, 0, 0]);
      assert.equal(rf.taps.length, 9);
      assert.ok(rf.taps.every((t) => t.inputIndex === t.input[2] * 5 + t.input[3]));
    });
  });
}
