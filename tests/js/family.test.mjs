// The ops past the first five through the JS API, in both builds: every case of tests/fixtures/family/
// (values from the naive reference, PyTorch's rejections by code), outputShape and receptiveField
// agreeing with the op, and each op's option parsing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  FIXTURES_DIR,
  assertIndicesEqual,
  assertTensorClose,
  expectError,
  fixtureTensor,
  loadVariants,
  parseNum,
  parseNums,
} from './helpers.mjs';

const variants = await loadVariants();

/** Fixture op (PyTorch's name) → convlens method. */
const METHOD = {
  adaptive_avg_pool2d: 'adaptiveAvgPool2d',
  adaptive_max_pool2d: 'adaptiveMaxPool2d',
  lp_pool2d: 'lpPool2d',
  max_unpool2d: 'maxUnpool2d',
  unfold: 'unfold',
  fold: 'fold',
  adaptive_avg_pool1d: 'adaptiveAvgPool1d',
  adaptive_max_pool1d: 'adaptiveMaxPool1d',
  conv1d: 'conv1d',
  conv_transpose1d: 'convTranspose1d',
  max_pool1d: 'maxPool1d',
  avg_pool1d: 'avgPool1d',
};
/** Ops whose results are a selection of input values: compared exactly (NaN ≡ NaN, −0 ≡ +0). */
const EXACT = ['adaptiveMaxPool2d', 'maxUnpool2d', 'unfold', 'adaptiveMaxPool1d', 'maxPool1d'];

const familyDir = path.join(FIXTURES_DIR, 'family');
const files = readdirSync(familyDir).filter((f) => f.endsWith('.json')).sort();
const cases = files.flatMap((f) => JSON.parse(readFileSync(path.join(familyDir, f), 'utf8')));

const NUMBER_STRINGS = ['NaN', 'Infinity', '-Infinity'];

/** A fixture case → { method, input, weight?, opts, expected?, indices?, error? }. */
function prepare(c) {
  const method = METHOD[c.op];
  if (!method) throw new Error(`fixture ${c.name}: unknown op ${c.op}`);
  const byRole = (role) => c.inputs.find((i) => i.role === role);
  const opts = {};
  for (const [k, v] of Object.entries(c.attrs_pytorch))
    // strings are number encodings ("NaN", "Infinity") or an option's own strings ('same', 'reflect')
    opts[k.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase())] = NUMBER_STRINGS.includes(v) ? parseNum(v) : v;
  const out = c.outputs?.find((o) => o.role === 'output');
  if (byRole('bias')) opts.bias = fixtureTensor(byRole('bias'));
  return {
    method,
    input: fixtureTensor(byRole('input')),
    weight: byRole('weight') ? fixtureTensor(byRole('weight'))
      : byRole('indices') ? { shape: [...byRole('indices').shape], data: Int32Array.from(byRole('indices').data) } : undefined,
    opts,
    expected: out ? { shape: [...out.shape], data: parseNums(out.data) } : undefined,
    indices: c.indices_pytorch ? { shape: [...c.indices_pytorch.shape], data: c.indices_pytorch.data } : undefined,
    error: c.error,
  };
}

test('family fixture counts', () => {
  assert.deepEqual(files, ['adaptive_avg_pool1d.json', 'adaptive_avg_pool2d.json', 'adaptive_max_pool1d.json',
    'adaptive_max_pool2d.json', 'avg_pool1d.json', 'conv1d.json', 'conv_transpose1d.json', 'fold.json', 'lp_pool2d.json',
    'max_pool1d.json', 'max_unpool2d.json', 'unfold.json']);
  assert.equal(cases.length, 569);
  assert.equal(cases.filter((c) => c.error).length, 107);
});

for (const { name: variant, cl } of variants) {
  describe(`family fixtures [${variant}]`, () => {
    for (const c of cases) {
      test(c.name, () => {
        const pc = prepare(c);
        const call = () => (pc.weight ? cl[pc.method](pc.input, pc.weight, pc.opts) : cl[pc.method](pc.input, pc.opts));
        const label = `[${variant}] ${c.name}`;
        if (pc.error) {
          expectError(call, pc.error, [], label);
          return;
        }
        const r = call();
        const output = pc.opts.returnIndices ? r.output : r;
        if (EXACT.includes(pc.method)) {
          assert.deepEqual(output.shape, pc.expected.shape, `${label}: shape`);
          for (let i = 0; i < pc.expected.data.length; i++) {
            const [g, e] = [output.data[i], pc.expected.data[i]];
            assert.ok(g === e || (Number.isNaN(g) && Number.isNaN(e)), `${label}: element ${i} is ${g}, expected ${e}`);
          }
        } else {
          assertTensorClose(output, pc.expected, label);
        }
        if (pc.indices) assertIndicesEqual(r.indices, pc.indices, label);
        const spec = { op: pc.method, inputShape: pc.input.shape, ...pc.opts };
        if (pc.method === 'maxUnpool2d') spec.indicesShape = pc.weight.shape;
        else if (pc.weight) spec.weightShape = pc.weight.shape;
        assert.deepEqual(cl.outputShape(spec).shape, pc.expected.shape, `${label}: outputShape`);
      });
    }
  });

  describe(`adaptive pools [${variant}]`, () => {
    const x = { shape: [1, 1, 3, 5], data: Float32Array.from({ length: 15 }, (_, i) => i) };

    test('outputSize: an int, a pair, a pair with null; the shape follows', () => {
      assert.deepEqual(cl.adaptiveAvgPool2d(x, { outputSize: 2 }).shape, [1, 1, 2, 2]);
      assert.deepEqual(cl.adaptiveAvgPool2d(x, { outputSize: [1, 4] }).shape, [1, 1, 1, 4]);
      const kept = cl.adaptiveMaxPool2d(x, { outputSize: [null, 2] });
      assert.deepEqual(kept.shape, [1, 1, 3, 2]);
      assert.deepEqual(Array.from(kept.data), [2, 4, 7, 9, 12, 14]);  // windows [0, 3) and [2, 5) of each row
      assert.deepEqual(Array.from(cl.adaptiveAvgPool2d(x, { outputSize: [1, null] }).data), [5, 6, 7, 8, 9]);
    });

    test('returnIndices gives PyTorch\'s per-plane indices; out is filled in place', () => {
      const r = cl.adaptiveMaxPool2d(x, { outputSize: [2, 2], returnIndices: true });
      assert.deepEqual(Array.from(r.output.data), [7, 9, 12, 14]);
      assert.deepEqual(Array.from(r.indices.data), [7, 9, 12, 14]);
      assert.ok(r.indices.data instanceof Int32Array);
      const out = new Float32Array(4);
      assert.equal(cl.adaptiveAvgPool2d(x, { outputSize: 2, out }).data, out);
      // rows [0, 2) and [1, 3), columns [0, 3) and [2, 5)
      assert.deepEqual(Array.from(out), [3.5, 5.5, 8.5, 10.5]);
    });

    test('option types, names and own properties', () => {
      expectError(() => cl.adaptiveAvgPool2d(x, {}), 'INVALID_TYPE', [/missing required argument 'outputSize'/]);
      expectError(() => cl.adaptiveAvgPool2d(x, { outputSize: [1, 2, 3] }), 'INVALID_TYPE', [/outputSize/]);
      expectError(() => cl.adaptiveAvgPool2d(x, { outputSize: 1.5 }), 'INVALID_TYPE', [/outputSize/, /1\.5/]);
      expectError(() => cl.adaptiveAvgPool2d(x, { outputSize: [null, '2'] }), 'INVALID_TYPE', [/outputSize/]);
      expectError(() => cl.adaptiveAvgPool2d(x, { outputSize: null }), 'INVALID_TYPE', [/outputSize/]);
      expectError(() => cl.adaptiveAvgPool2d(x, { outputSize: 2, returnIndices: true }), 'UNKNOWN_OPTION', [/returnIndices/]);
      expectError(() => cl.adaptiveMaxPool2d(x, { outputSize: 2, returnIndices: 1 }), 'INVALID_TYPE', [/returnIndices/]);
      expectError(() => cl.adaptiveMaxPool2d(x, { output_size: 2 }), 'UNKNOWN_OPTION', [/did you mean 'outputSize'/]);
      const inherited = Object.create({ outputSize: 2 });
      expectError(() => cl.adaptiveAvgPool2d(x, inherited), 'INVALID_TYPE', [/missing required argument 'outputSize'/]);
    });

    test('outputShape gives the largest window and the window formula; receptiveField sums to the op', () => {
      const info = cl.outputShape({ op: 'adaptiveAvgPool2d', inputShape: [1, 1, 5, 7], outputSize: [3, 4] });
      assert.deepEqual(info.shape, [1, 1, 3, 4]);
      assert.deepEqual([info.axes[0].kernel, info.axes[1].kernel], [3, 3]);
      assert.equal(info.axes[0].formula, 'windows [⌊i·5 / 3⌋, ⌈(i + 1)·5 / 3⌉) for i = 0 … 2: output_size = 3');
      const input = { shape: [1, 2, 5, 7], data: Float32Array.from({ length: 70 }, (_, i) => Math.sin(i)) };
      for (const op of ['adaptiveAvgPool2d', 'adaptiveMaxPool2d']) {
        const spec = { op, inputShape: input.shape, outputSize: [3, 4] };
        const out = cl[op](input, { outputSize: [3, 4] });
        const fields = cl.receptiveFields(spec);
        assert.equal(fields.count, 24);
        for (let i = 0; i < fields.count; i++) {
          const at = fields.inputIndex.subarray(fields.offsets[i], fields.offsets[i + 1]);
          const taps = Array.from(at, (t) => input.data[t]);
          const value = op === 'adaptiveMaxPool2d' ? Math.max(...taps) : taps.reduce((a, b) => a + b, 0) / fields.divisor[i];
          assert.ok(Math.abs(value - out.data[i]) < 1e-6, `${op} element ${i}: ${value} vs ${out.data[i]}`);
          if (op === 'adaptiveAvgPool2d') assert.equal(fields.divisor[i], taps.length);
        }
      }
    });
  });

  describe(`lpPool2d [${variant}]`, () => {
    test('PyTorch\'s formula: p = 2 is the window\'s Euclidean norm, p = 1 its sum with the sign', () => {
      const x = { shape: [1, 2, 4], data: [3, 4, -1, -2, 0, 0, -3, -4] };
      const euclid = cl.lpPool2d(x, { normType: 2, kernelSize: 2 });
      assert.deepEqual(Array.from(euclid.data), [5, Math.fround(Math.sqrt(30))]);
      assert.deepEqual(Array.from(cl.lpPool2d(x, { normType: 1, kernelSize: 2 }).data), [7, -10]);
      // a negative window sum with p = 3 is NaN; ceil_mode's partial window is scaled by the full area
      const cubic = cl.lpPool2d({ shape: [1, 1, 2], data: [-2, 1] }, { normType: 3, kernelSize: [1, 2] });
      assert.ok(Number.isNaN(cubic.data[0]));
      const partial = cl.lpPool2d({ shape: [1, 1, 3], data: [1, 1, 3] },
        { normType: 2, kernelSize: [1, 2], ceilMode: true });
      assert.deepEqual(Array.from(partial.data), [Math.fround(Math.SQRT2), Math.fround(Math.sqrt(18))]);
    });

    test('normType travels as a float64: 1 / 0.1 is computed from the double 0.1', () => {
      // x.pow(0.1) then .pow(10): with 0.1 rounded to float32 first, 1 / p would not be 10.
      const r = cl.lpPool2d({ shape: [1, 1, 1], data: [2] }, { normType: 0.1, kernelSize: 1 });
      assert.equal(r.data[0], Math.fround(Math.pow(Math.fround(Math.pow(2, 0.1)), 1 / 0.1)));
    });

    test('outputShape and receptiveField are the window\'s (no padding)', () => {
      const spec = { op: 'lpPool2d', inputShape: [1, 1, 7, 5], normType: 2, kernelSize: [3, 2], ceilMode: true };
      const info = cl.outputShape(spec);
      assert.deepEqual(info.shape, [1, 1, 3, 3]);
      assert.equal(info.axes[0].formula, '⌈(7 + 2·0 − 1·(3 − 1) − 1) / 3⌉ + 1 = 3');
      const field = cl.receptiveField(spec, [0, 0, 2, 2]);
      assert.equal(field.taps.length, 6);
      assert.deepEqual(field.taps.filter((t) => t.source).map((t) => t.inputIndex), [34]);
      assert.equal(field.divisor, undefined);
    });
  });

  describe(`maxUnpool2d [${variant}]`, () => {
    test('maxPool2d with indices, then maxUnpool2d, puts each maximum back in place', () => {
      const x = { shape: [1, 1, 4, 4], data: [1, 2, 0, 3, 0, 5, 2, 3, 1, 2, 8, 0, 5, 2, 3, 1] };
      const { output, indices } = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
      const r = cl.maxUnpool2d(output, indices, { kernelSize: 2 });
      assert.deepEqual(r.shape, [1, 1, 4, 4]);
      assert.deepEqual(Array.from(r.data), [0, 0, 0, 3, 0, 5, 0, 0, 0, 0, 8, 0, 5, 0, 0, 0]);
      // indices as a number[]; outputSize [n, c, h, w] takes the last two
      const wide = cl.maxUnpool2d(output, { shape: [1, 1, 2, 2], data: [5, 3, 12, 10] },
        { kernelSize: 2, outputSize: [1, 1, 5, 5] });
      assert.deepEqual(wide.shape, [1, 1, 5, 5]);
      assert.deepEqual([wide.data[5], wide.data[3], wide.data[12], wide.data[10]], [5, 3, 5, 8]);
    });

    test('PyTorch\'s errors: an index outside the output, output_size out of range, indices of another shape', () => {
      const x = { shape: [1, 2, 2], data: [1, 2, 3, 4] };
      expectError(() => cl.maxUnpool2d(x, { shape: [1, 2, 2], data: [0, 1, 2, 16] }, { kernelSize: 2 }), 'INVALID_ARGUMENT',
        ['Found an invalid max index: 16 (output volumes are of size 4x4)']);
      const ok = { shape: [1, 2, 2], data: [0, 1, 2, 3] };
      expectError(() => cl.maxUnpool2d(x, ok, { kernelSize: 2, outputSize: [6, 4] }),
        'INVALID_ARGUMENT', ['invalid output_size "[6, 4]" (dim 0 must be between 2 and 6)']);
      expectError(() => cl.maxUnpool2d(x, ok, { kernelSize: 2, outputSize: [4, 4, 4] }),
        'INVALID_ARGUMENT', ["output_size should be a sequence containing 2 or 4 elements, but it has a length of '3'"]);
      expectError(() => cl.maxUnpool2d(x, { shape: [1, 4, 1], data: [0, 1, 2, 3] }, { kernelSize: 2 }), 'SHAPE_MISMATCH',
        [/Expected shape of indices to be same as that of the input tensor/]);
      expectError(() => cl.maxUnpool2d(x, { shape: [1, 2, 2], data: [0, 1.5, 2, 3] }, { kernelSize: 2 }), 'INVALID_TYPE', [/indices\[1\]/]);
      expectError(() => cl.maxUnpool2d(x, { shape: [1, 2, 2], data: [0, 1, 2, 2 ** 40] }, { kernelSize: 2 }), 'INVALID_ARGUMENT',
        [/invalid max index: 1099511627776/]);
      expectError(() => cl.maxUnpool2d(x, { shape: [1, 2, 2], data: [0, 1, 2, 3] }, {}), 'INVALID_TYPE', [/kernelSize/]);
    });

    test('outputShape takes the indices\' shape (default: the input\'s) and shows the default size', () => {
      const info = cl.outputShape({ op: 'maxUnpool2d', inputShape: [1, 3, 3], kernelSize: 3, stride: 2, padding: 1 });
      assert.deepEqual(info.shape, [1, 5, 5]);
      assert.equal(info.axes[0].formula, '(3 − 1)·2 − 2·1 + 3 = 5');
      const given = cl.outputShape({ op: 'maxUnpool2d', inputShape: [1, 3, 3], kernelSize: 3, stride: 2, padding: 1, outputSize: [6, 5] });
      assert.equal(given.axes[0].formula, 'output_size (default (3 − 1)·2 − 2·1 + 3 = 5) = 6');
      assert.equal(given.axes[0].outputPadding, 1);
      expectError(() => cl.outputShape({ op: 'maxUnpool2d', inputShape: [1, 3, 3], indicesShape: [1, 3, 4], kernelSize: 3 }),
        'SHAPE_MISMATCH');
      expectError(() => cl.receptiveField({ op: 'maxUnpool2d', inputShape: [1, 3, 3], kernelSize: 3 }, [0, 0, 0]), 'INVALID_ARGUMENT');
    });
  });

  describe(`unfold and fold [${variant}]`, () => {
    test('unfold is im2col: one weight row times the columns is conv2d', () => {
      const x = {
        shape: [1, 1, 5, 5],
        data: [1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1],
      };
      const w = [1, 2, 1, 0, 1, 0, 2, 1, 0];
      const cols = cl.unfold(x, { kernelSize: 3, stride: 2, padding: 1 });
      assert.deepEqual(cols.shape, [1, 9, 9]);
      const L = cols.shape[2];
      const product = Array.from({ length: L }, (_, l) => w.reduce((acc, wv, r) => acc + wv * cols.data[r * L + l], 0));
      assert.deepEqual(product, [1, 4, 8, 7, 16, 8, 14, 9, 4]);  // the tutorial's stride-2, padding-1 conv2d
      const info = cl.outputShape({ op: 'unfold', inputShape: [1, 1, 5, 5], kernelSize: 3, stride: 2, padding: 1 });
      assert.deepEqual(info.shape, [1, 9, 9]);
      assert.equal(info.axes[1].formula, '⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3');
    });

    test('fold sums overlapping blocks; PyTorch\'s L and row errors', () => {
      const ones = { shape: [4, 4], data: new Array(16).fill(1) };
      const counts = cl.fold(ones, { outputSize: 3, kernelSize: 2 });
      assert.deepEqual(counts.shape, [1, 3, 3]);
      assert.deepEqual(Array.from(counts.data), [1, 2, 1, 2, 4, 2, 1, 2, 1]);
      const long = { shape: [1, 8, 4], data: new Array(32).fill(0) };
      expectError(() => cl.fold(long, { outputSize: [3, 4], kernelSize: 2 }),
        'SHAPE_MISMATCH', [/calculated number of sliding blocks 2 \* 3 = 6, but got input.size\(2\)=4/]);
      expectError(() => cl.fold({ shape: [6, 4], data: new Array(24).fill(0) }, { outputSize: 3, kernelSize: 2 }),
        'SHAPE_MISMATCH', [/divisible by the product of kernel_size/]);
      expectError(() => cl.fold(ones, { kernelSize: 2 }), 'INVALID_TYPE', [/outputSize/]);
      expectError(() => cl.unfold(ones, { kernelSize: 2 }), 'INVALID_SHAPE', [/3D or 4D/]);
      expectError(() => cl.unfold({ shape: [1, 2, 2], data: [1, 2, 3, 4] }, { kernelSize: 3 }), 'OUTPUT_TOO_SMALL',
        [/calculated shape of the array of sliding blocks as \(0, 0\)/]);
    });
  });

  describe(`adaptive 1-D pools [${variant}]`, () => {
    test('[C, L] and [N, C, L]: windows along L, indices along L', () => {
      const x = { shape: [2, 5], data: [1, 9, 3, 4, 5, 2, 2, 8, 1, 0] };
      const r = cl.adaptiveMaxPool1d(x, { outputSize: 3, returnIndices: true });
      assert.deepEqual(r.output.shape, [2, 3]);
      assert.deepEqual(Array.from(r.output.data), [9, 9, 5, 2, 8, 1]);
      assert.deepEqual(Array.from(r.indices.data), [1, 1, 4, 0, 2, 3]);
      const avg = cl.adaptiveAvgPool1d({ shape: [1, 2, 5], data: x.data }, { outputSize: [2] });
      assert.deepEqual(avg.shape, [1, 2, 2]);
      assert.deepEqual(Array.from(avg.data), [Math.fround(13 / 3), 4, 4, 3]);
      assert.deepEqual(cl.outputShape({ op: 'adaptiveAvgPool1d', inputShape: [3, 7], outputSize: 4 }).shape, [3, 4]);
      expectError(() => cl.adaptiveAvgPool1d(x, { outputSize: [2, 2] }), 'INVALID_ARGUMENT', [/should contain one int \(got 2\)/]);
      expectError(() => cl.adaptiveAvgPool1d({ shape: [1, 1, 2, 5], data: new Array(10).fill(0) }, { outputSize: 2 }),
        'INVALID_SHAPE', [/Expected 2 to 3 dimensions, but got 4-dimensional tensor/]);
    });
  });

  describe(`1-D conv ops and pools [${variant}]`, () => {
    const x = { shape: [1, 1, 5], data: [1, 2, 3, 4, 5] };
    const w = { shape: [1, 1, 3], data: [1, 0, -1] };

    test('conv1d: [N, C, L] and [C, L]; \'same\' puts the extra on the right; padding modes on one axis', () => {
      const r = cl.conv1d(x, w, { bias: [10] });
      assert.deepEqual(r.shape, [1, 1, 3]);
      assert.deepEqual(Array.from(r.data), [8, 8, 8]);
      const same = cl.conv1d({ shape: [1, 5], data: x.data }, { shape: [1, 1, 2], data: [1, 1] }, { padding: 'same' });
      assert.deepEqual(same.shape, [1, 5]);
      assert.deepEqual(Array.from(same.data), [3, 5, 7, 9, 5]);
      // reflect: [2, 1, 2, 3, 4, 5, 4]; replicate: [1, 1, 2, 3, 4, 5, 5]; circular: [5, 1, 2, 3, 4, 5, 1]
      assert.deepEqual(Array.from(cl.conv1d(x, w, { padding: [1], paddingMode: 'reflect' }).data), [0, -2, -2, -2, 0]);
      assert.deepEqual(Array.from(cl.conv1d(x, w, { padding: 1, paddingMode: 'replicate' }).data), [-1, -2, -2, -2, -1]);
      assert.deepEqual(Array.from(cl.conv1d(x, w, { padding: 1, paddingMode: 'circular' }).data), [3, -2, -2, -2, 3]);
      // nn.Conv1d's F.pad sees the input as given: an unbatched [C, L] is named so, with L as dimension 1
      expectError(() => cl.conv1d({ shape: [1, 5], data: x.data }, w, { padding: 5, paddingMode: 'reflect' }),
        'INVALID_ARGUMENT', ['Argument #4: Padding size should be less than the corresponding input dimension, ' +
          'but got: padding (5, 5) at dimension 1 of input [1, 5]']);
      // stride 2, dilation 2: taps 0, 2, 4 of windows starting at 0 only (L = 5)
      assert.deepEqual(Array.from(cl.conv1d(x, w, { stride: 2, dilation: 2 }).data), [1 - 5]);
      expectError(() => cl.conv1d({ shape: [1, 1, 1, 5], data: x.data }, w), 'INVALID_SHAPE',
        ['Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 1, 1, 5]']);
      expectError(() => cl.conv1d(x, { shape: [1, 1, 7], data: new Array(7).fill(1) }), 'OUTPUT_TOO_SMALL',
        ["Calculated padded input size per channel: (5). Kernel size: (7). Kernel size can't be greater than actual input size"]);
      expectError(() => cl.conv1d(x, w, { stride: [1, 2] }), 'INVALID_ARGUMENT', ["conv1d() argument 'stride' should contain one int (got 2)"]);
    });

    test('convTranspose1d: stride spreads the input; outputSize solves outputPadding', () => {
      const t = { shape: [1, 1, 2], data: [1, 2] };
      const tw = { shape: [1, 1, 3], data: [1, 10, 100] };
      const r = cl.convTranspose1d(t, tw, { stride: 2 });
      assert.deepEqual(r.shape, [1, 1, 5]);
      assert.deepEqual(Array.from(r.data), [1, 10, 102, 20, 200]);
      const sized = cl.convTranspose1d(t, tw, { stride: 2, outputSize: [1, 1, 6] });
      assert.deepEqual(Array.from(sized.data), [1, 10, 102, 20, 200, 0]);
      expectError(() => cl.convTranspose1d(t, tw, { stride: 2, outputSize: [7] }), 'INVALID_ARGUMENT',
        ['requested an output size of [7], but valid sizes range from [5] to [6] (for an input of [2])']);
      const info = cl.outputShape({ op: 'convTranspose1d', inputShape: [3, 2], weightShape: [3, 4, 3], stride: 2, outputPadding: 1 });
      assert.deepEqual(info.shape, [4, 6]);
      assert.equal(info.axes[1].formula, '(2 − 1)·2 − 2·0 + 1·(3 − 1) + 1 + 1 = 6');
      assert.equal(info.axes[1].outputPadding, 1);
    });

    test('maxPool1d: ceil_mode on one axis, indices along L; PyTorch\'s two paths word their errors apart', () => {
      const y = { shape: [1, 5], data: [3, 1, 4, 1, 5] };
      const r = cl.maxPool1d(y, { kernelSize: 2, ceilMode: true, returnIndices: true });
      assert.deepEqual(r.output.shape, [1, 3]);
      assert.deepEqual(Array.from(r.output.data), [3, 4, 5]);
      assert.deepEqual(Array.from(r.indices.data), [0, 2, 4]);
      assert.deepEqual(Array.from(cl.maxPool1d(y, { kernelSize: [2] }).data), [3, 4]);
      expectError(() => cl.maxPool1d(y, { kernelSize: 3, padding: 2 }), 'INVALID_ARGUMENT',
        ['max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3']);
      expectError(() => cl.maxPool1d(y, { kernelSize: 3, padding: 2, returnIndices: true }), 'INVALID_ARGUMENT',
        ['pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1']);
      expectError(() => cl.maxPool1d(y, { kernelSize: 6 }), 'OUTPUT_TOO_SMALL', ['max_pool1d() Invalid computed output size: 0']);
      const info = cl.outputShape({ op: 'maxPool1d', inputShape: [2, 5], kernelSize: 2, stride: 2, padding: 1, ceilMode: true });
      assert.deepEqual(info.shape, [2, 3]);
      assert.equal(info.axes[1].droppedLastWindow, true);
      // outputShape and receptiveField(s) check by the same path as the op with the same returnIndices
      const wide = { op: 'maxPool1d', inputShape: [1, 5], kernelSize: 3, padding: 2 };
      const plain = ['max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3'];
      const withIndices = ['pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1'];
      expectError(() => cl.outputShape(wide), 'INVALID_ARGUMENT', plain);
      expectError(() => cl.receptiveField(wide, [0, 0]), 'INVALID_ARGUMENT', plain);
      expectError(() => cl.outputShape({ ...wide, returnIndices: true }), 'INVALID_ARGUMENT', withIndices);
      expectError(() => cl.receptiveField({ ...wide, returnIndices: true }, [0, 0]), 'INVALID_ARGUMENT', withIndices);
      expectError(() => cl.receptiveFields({ ...wide, returnIndices: true }), 'INVALID_ARGUMENT', withIndices);
      expectError(() => cl.outputShape({ ...wide, kernelSize: 6, padding: 0, returnIndices: true }), 'OUTPUT_TOO_SMALL',
        ['max_pool2d: Given input size: (1x1x5). Calculated output size: (1x1x0). Output size is too small']);
      const fits = { ...wide, kernelSize: 2, stride: 2, padding: 1, returnIndices: true };
      assert.deepEqual(cl.outputShape(fits).shape, [1, 3]);
      // window [−1, 1): the padding, then element 0
      assert.deepEqual(cl.receptiveField(fits, [0, 0]).taps.map((t) => t.inputIndex), [-1, 0]);
      assert.equal(cl.receptiveFields(fits).count, 3);
    });

    test('avgPool1d: count_include_pad and ceil_mode on one axis; no divisorOverride', () => {
      const y = { shape: [1, 1, 3], data: [1, 2, 3] };
      const padded = { kernelSize: 3, stride: 1, padding: 1 };
      assert.deepEqual(Array.from(cl.avgPool1d(y, padded).data), [1, 2, Math.fround(5 / 3)]);
      assert.deepEqual(Array.from(cl.avgPool1d(y, { ...padded, countIncludePad: false }).data), [1.5, 2, 2.5]);
      assert.deepEqual(Array.from(cl.avgPool1d(y, { kernelSize: 2, ceilMode: true }).data), [1.5, 3]);
      expectError(() => cl.avgPool1d(y, { kernelSize: 2, divisorOverride: 1 }), 'UNKNOWN_OPTION', [/divisorOverride/]);
      expectError(() => cl.avgPool1d({ shape: [3], data: [1, 2, 3] }, { kernelSize: 2 }), 'INVALID_SHAPE',
        [/Expected 2 to 3 dimensions, but got 1-dimensional tensor .* avg_pool1d/]);
    });

    test('receptiveField: [n, c, l] indices; the taps of conv1d sum to the op, the pools\' windows and divisors', () => {
      const spec = { op: 'conv1d', inputShape: [1, 2, 5], weightShape: [3, 2, 3], stride: 2, padding: 1 };
      const f = cl.receptiveField(spec, [0, 1, 2]);  // output x = 2 reads x = 3, 4, 5 (5 is padding) of each channel
      assert.deepEqual(f.output, [0, 1, 2]);
      assert.deepEqual(f.taps.map((t) => t.input),
        [[0, 0, 0, 3], [0, 0, 0, 4], [0, 0, 0, 5], [0, 1, 0, 3], [0, 1, 0, 4], [0, 1, 0, 5]]);
      assert.deepEqual(f.taps.map((t) => t.inputIndex), [3, 4, -1, 8, 9, -1]);
      assert.deepEqual([f.taps[4].weightIndex, f.bias], [10, 1]);
      const input = { shape: [1, 2, 5], data: Float32Array.from({ length: 10 }, (_, i) => (i * 7) % 5 - 2) };
      const weight = { shape: [3, 2, 3], data: Float32Array.from({ length: 18 }, (_, i) => (i % 4) - 1) };
      const bias = [1, 2, 3];
      const out = cl.conv1d(input, weight, { stride: 2, padding: 1, bias });
      const all = cl.receptiveFields({ ...spec, bias });
      assert.deepEqual(all.shape, [1, 3, 3]);
      for (let i = 0; i < all.count; i++) {
        let sum = bias[all.bias[i]];
        for (let t = all.offsets[i]; t < all.offsets[i + 1]; t++)
          if (all.inputIndex[t] >= 0) sum += input.data[all.inputIndex[t]] * weight.data[all.weightIndex[t]];
        assert.equal(sum, out.data[i], `output ${i}`);
      }
      // convTranspose1d, stride 2: output 2 = x[1]·w[0] + x[0]·w[2]
      const t = cl.receptiveField({ op: 'convTranspose1d', inputShape: [1, 1, 2], weightShape: [1, 1, 3], stride: 2 }, [0, 0, 2]);
      assert.deepEqual(t.taps.map((tap) => [tap.inputIndex, tap.weightIndex]), [[1, 0], [0, 2]]);
      // maxPool1d, ceil_mode: the first window is [−1, 1), the last [3, 5)
      const pool = { op: 'maxPool1d', inputShape: [1, 5], kernelSize: 2, stride: 2, padding: 1, ceilMode: true };
      assert.deepEqual(cl.receptiveField(pool, [0, 0]).taps.map((tap) => tap.inputIndex), [-1, 0]);
      assert.deepEqual(cl.receptiveField(pool, [0, 2]).taps.map((tap) => tap.inputIndex), [3, 4]);
      expectError(() => cl.receptiveField(pool, [0, 3]), 'INVALID_ARGUMENT');
      expectError(() => cl.receptiveField(pool, [0, 0, 0, 1]), 'INVALID_TYPE', [/\[n, c, l\]/]);
      // avgPool1d: [1, 4) over a length of 3, divided by 3 with the padding, by 2 without
      const avg = { op: 'avgPool1d', inputShape: [1, 1, 3], kernelSize: 3, stride: 1, padding: 1 };
      const a = cl.receptiveField(avg, [0, 0, 2]);
      assert.deepEqual([a.taps.map((tap) => tap.inputIndex), a.divisor], [[1, 2, -1], 3]);
      assert.equal(cl.receptiveField({ ...avg, countIncludePad: false }, [0, 0, 2]).divisor, 2);
      // adaptive 7 → 3: window 1 of channel 1 is [2, 5)
      const ad = cl.receptiveField({ op: 'adaptiveAvgPool1d', inputShape: [2, 7], outputSize: 3 }, [1, 1]);
      assert.deepEqual([ad.taps.map((tap) => tap.inputIndex), ad.divisor], [[9, 10, 11], 3]);
    });

    test('receptiveField of unfold (one tap per entry) and fold (the entries summed into a pixel)', () => {
      const unfold = { op: 'unfold', inputShape: [1, 1, 3, 3], kernelSize: 2, padding: 1, stride: 2 };
      const corner = cl.receptiveField(unfold, [0, 3, 3]);  // row 3 = kernel tap (1, 1) of block (1, 1)
      assert.deepEqual([corner.taps.length, corner.taps[0].input, corner.taps[0].inputIndex], [1, [0, 0, 2, 2], 8]);
      assert.deepEqual(cl.receptiveField(unfold, [0, 0, 0]).taps[0].source, null);
      const columns = { shape: [4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i * i) };
      const fold = { op: 'fold', inputShape: [4, 4], outputSize: 3, kernelSize: 2 };
      const centre = cl.receptiveField(fold, [0, 1, 1]);
      assert.deepEqual(centre.taps.map((tap) => tap.inputIndex), [3, 6, 9, 12]);
      const out = cl.fold(columns, { outputSize: 3, kernelSize: 2 });
      const all = cl.receptiveFields(fold);
      assert.deepEqual(all.shape, [1, 3, 3]);
      for (let i = 0; i < all.count; i++) {
        let sum = 0;
        for (let t = all.offsets[i]; t < all.offsets[i + 1]; t++) sum += columns.data[all.inputIndex[t]];
        assert.equal(sum, out.data[i], `pixel ${i}`);
      }
      expectError(() => cl.receptiveField({ op: 'maxUnpool2d', inputShape: [1, 2, 2], kernelSize: 2 }, [0, 0, 0, 0]),
        'INVALID_ARGUMENT', [/op must be one of/]);
    });

    test('parameterCount for nn.Conv1d and nn.ConvTranspose1d', () => {
      assert.deepEqual(cl.parameterCount({ op: 'conv1d', inChannels: 4, outChannels: 6, kernelSize: 3, groups: 2 }),
        { weights: 36, bias: 6, total: 42, formula: 'weights 3·(4/2)·6 + bias 6 = 42' });
      assert.deepEqual(cl.parameterCount({ op: 'convTranspose1d', inChannels: 4, outChannels: 6, kernelSize: [3], bias: false }),
        { weights: 72, bias: 0, total: 72, formula: 'weights 3·4·6 = 72' });
    });
  });
}
