#!/usr/bin/env node
// Writes tests/fixtures/family/<op>.json: reference cases for the ops past the first five, each
// expected value computed by the naive reference (torch-reference.mjs, double accumulation) and
// rounded to float32, each rejection recorded with PyTorch's error code. Hand-picked cases (odd
// sizes, NaN/±∞, ties, PyTorch's rejections) come first, then seeded random configurations of the
// differential generator. Also tests/fixtures/gradients/<op>_backward.json: the reference's gradients
// (gradients()) of conv2d, max_pool2d and avg_pool2d, made the same way. Deterministic: rerunning
// rewrites the same files.
//   node tests/reference/generate-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { configFor, gradientConfigFor } from './differential.mjs';
import { gradients, reference } from './torch-reference.mjs';

const OUT_DIR = fileURLToPath(new URL('../fixtures/family/', import.meta.url));
const GRADIENTS_DIR = fileURLToPath(new URL('../fixtures/gradients/', import.meta.url));
const SEED = 20261203;
const RANDOM_CASES = 40;

/** convlens method → PyTorch's functional name (the fixture's `op`). */
const PYTORCH_OP = {
  adaptiveAvgPool2d: 'adaptive_avg_pool2d',
  adaptiveMaxPool2d: 'adaptive_max_pool2d',
  lpPool2d: 'lp_pool2d',
  maxUnpool2d: 'max_unpool2d',
  unfold: 'unfold',
  fold: 'fold',
  adaptiveAvgPool1d: 'adaptive_avg_pool1d',
  adaptiveMaxPool1d: 'adaptive_max_pool1d',
  conv1d: 'conv1d',
  convTranspose1d: 'conv_transpose1d',
  maxPool1d: 'max_pool1d',
  avgPool1d: 'avg_pool1d',
};

const T = (shape, data) => ({ shape, data: Float32Array.from(data) });
const iota = (n, f = (i) => i) => Array.from({ length: n }, (_, i) => f(i));
const I = (shape, data) => ({ shape, data: Int32Array.from(data) });

/** Hand-picked cases per op: [name, input, weight or undefined, opts]. */
const HAND = {
  adaptiveAvgPool2d: [
    ['5x7 to 3x4 (overlapping windows)', T([1, 1, 5, 7], iota(35)), undefined, { outputSize: [3, 4] }],
    ['resnet head 1x1', T([2, 3, 7, 7], iota(294, (i) => Math.sin(i))), undefined, { outputSize: 1 }],
    ['keep H (None)', T([2, 3, 5], iota(30, (i) => i % 7 - 3)), undefined, { outputSize: [null, 2] }],
    ['output larger than input', T([1, 1, 2, 3], [1, 2, 3, 4, 5, 6]), undefined, { outputSize: [5, 4] }],
    ['NaN and infinities', T([1, 1, 3, 3], [1, NaN, 2, Infinity, 0, -Infinity, 3, 4, 5]), undefined, { outputSize: 2 }],
    ['output size 0 (empty)', T([1, 2, 2], [1, 2, 3, 4]), undefined, { outputSize: [0, 2] }],
    ['negative output size', T([1, 1, 4, 4], iota(16)), undefined, { outputSize: [2, -1] }],
    ['2-D input', T([4, 4], iota(16)), undefined, { outputSize: 2 }],
  ],
  adaptiveMaxPool2d: [
    ['5x7 to 3x4 with indices', T([1, 1, 5, 7], iota(35, (i) => (i * 7) % 11)), undefined, { outputSize: [3, 4], returnIndices: true }],
    ['ties keep the first', T([1, 1, 2, 4], [5, 5, 1, 1, 5, 5, 1, 1]), undefined, { outputSize: [1, 2], returnIndices: true }],
    ['NaN wins, the last one', T([1, 2, 4], [1, NaN, 3, 4, 2, NaN, -Infinity, -Infinity]), undefined, { outputSize: [1, 2], returnIndices: true }],
    ['all −∞', T([1, 1, 2, 2], [-Infinity, -Infinity, -Infinity, -Infinity]), undefined, { outputSize: 1, returnIndices: true }],
    ['keep W (None), odd sizes', T([1, 3, 7, 5], iota(105, (i) => Math.cos(i * 1.3))), undefined, { outputSize: [3, null], returnIndices: true }],
    ['output larger than input', T([1, 1, 3], [1, 3, 2]), undefined, { outputSize: [2, 5], returnIndices: true }],
    ['negative output size', T([1, 1, 4, 4], iota(16)), undefined, { outputSize: -2 }],
    ['5-D input', T([1, 1, 1, 2, 2], [1, 2, 3, 4]), undefined, { outputSize: 1 }],
  ],
  lpPool2d: [
    ['p=2, 2x2 windows', T([1, 1, 4, 4], iota(16, (i) => i - 5)), undefined, { normType: 2, kernelSize: 2 }],
    ['p=1 keeps the sign', T([2, 3, 3], iota(18, (i) => (i % 5) - 2.5)), undefined, { normType: 1, kernelSize: [1, 3] }],
    ['p=3, odd sizes, stride 2', T([1, 2, 5, 7], iota(70, (i) => Math.abs(Math.sin(i)) * 3)), undefined, { normType: 3, kernelSize: 3, stride: 2 }],
    ['ceil_mode scales partial windows by the full area', T([1, 1, 5, 5], iota(25, (i) => 1 + (i % 4))), undefined, { normType: 2, kernelSize: 2, ceilMode: true }],
    ['p=1.5 with NaN and ∞', T([1, 1, 2, 4], [1, NaN, 2, 3, Infinity, 1, 0.5, 0.25]), undefined, { normType: 1.5, kernelSize: [2, 2] }],
    ['p=0.5 (sqrt, then squared)', T([1, 1, 2, 2], [4, 9, 16, 25]), undefined, { normType: 0.5, kernelSize: [1, 2] }],
    ['p=-1', T([1, 1, 1, 4], [1, 2, 4, 8]), undefined, { normType: -1, kernelSize: [1, 2] }],
    ['negative sum with p=3 is NaN', T([1, 1, 1, 2], [-2, 1]), undefined, { normType: 3, kernelSize: [1, 2] }],
    ['normType 0', T([1, 1, 2, 2], [1, 2, 3, 4]), undefined, { normType: 0, kernelSize: 2 }],
    ['kernel larger than the input', T([1, 1, 2, 2], [1, 2, 3, 4]), undefined, { normType: 2, kernelSize: 3 }],
  ],
  maxUnpool2d: [
    ['max_pool2d(2) undone', T([1, 1, 2, 2], [5, 3, 5, 8]), I([1, 1, 2, 2], [5, 3, 12, 10]), { kernelSize: 2 }],
    ['repeated index keeps the last value', T([1, 2, 2], [1, 2, 3, 4]), I([1, 2, 2], [0, 0, 5, 5]), { kernelSize: 2 }],
    ['stride 2, padding 1, output_size', T([2, 1, 3, 3], iota(18, (i) => i - 9)), I([2, 1, 3, 3], iota(18, (i) => (i * 7) % 30)),
      { kernelSize: 3, stride: 2, padding: 1, outputSize: [6, 6] }],
    ['NaN, ∞ and −0 are moved as they are', T([1, 1, 2], [NaN, -0]), I([1, 1, 2], [3, 1]), { kernelSize: [1, 2] }],
    ['an index past the output', T([1, 2, 2], [1, 2, 3, 4]), I([1, 2, 2], [0, 1, 2, 16]), { kernelSize: 2 }],
    ['a negative index', T([1, 2, 2], [1, 2, 3, 4]), I([1, 2, 2], [-1, 1, 2, 3]), { kernelSize: 2 }],
    ['output_size out of range', T([1, 2, 2], [1, 2, 3, 4]), I([1, 2, 2], [0, 1, 2, 3]), { kernelSize: 2, outputSize: [6, 4] }],
    ['indices of another shape', T([1, 2, 2], [1, 2, 3, 4]), I([1, 4, 1], [0, 1, 2, 3]), { kernelSize: 2 }],
    ['an empty output checks no index', T([1, 2, 2], [1, 2, 3, 4]), I([1, 2, 2], [7, 7, 7, 7]), { kernelSize: 1, padding: 1 }],
  ],
  unfold: [
    ['the tutorial 5x5, 3x3 blocks', T([1, 1, 5, 5], [1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1]), undefined, { kernelSize: 3 }],
    ['stride 2, padding 1, two channels', T([2, 4, 5], iota(40, (i) => i - 20)), undefined, { kernelSize: [2, 3], stride: 2, padding: 1 }],
    ['dilation 2, NaN and ∞', T([1, 1, 5, 5], iota(25, (i) => (i === 7 ? NaN : i === 13 ? -Infinity : i))), undefined, { kernelSize: 2, dilation: 2 }],
    ['no block fits', T([1, 1, 2, 2], [1, 2, 3, 4]), undefined, { kernelSize: 3 }],
    ['2-D input', T([4, 4], iota(16)), undefined, { kernelSize: 2 }],
  ],
  fold: [
    ['overlaps sum: ones over 3x3 with 2x2 blocks', T([4, 4], iota(16, () => 1)), undefined, { outputSize: 3, kernelSize: 2 }],
    ['stride 2, padding 1, batched', T([2, 6, 9], iota(108, (i) => Math.sin(i))), undefined, { outputSize: [5, 5], kernelSize: [3, 2], stride: 2, padding: 1 }],
    ['dilation 2 with ∞', T([4, 9], iota(36, (i) => (i === 5 ? Infinity : i % 5))), undefined, { outputSize: [5, 5], kernelSize: 2, dilation: 2 }],
    ['L does not match the blocks', T([1, 8, 4], iota(32)), undefined, { outputSize: [3, 4], kernelSize: 2 }],
    ['rows not divisible by the kernel area', T([6, 4], iota(24)), undefined, { outputSize: 3, kernelSize: 2 }],
    ['output size 0', T([4, 4], iota(16)), undefined, { outputSize: [0, 3], kernelSize: 2 }],
  ],
  adaptiveAvgPool1d: [
    ['7 to 3 (overlapping windows)', T([2, 7], iota(14, (i) => i * 0.5 - 2)), undefined, { outputSize: 3 }],
    ['the mean (output 1), batched', T([2, 3, 9], iota(54, (i) => Math.sin(i))), undefined, { outputSize: [1] }],
    ['output larger than input, ∞', T([1, 3], [1, Infinity, 2]), undefined, { outputSize: 5 }],
    ['4-D input', T([1, 1, 2, 2], [1, 2, 3, 4]), undefined, { outputSize: 1 }],
    ['negative output size', T([1, 4], [1, 2, 3, 4]), undefined, { outputSize: -1 }],
  ],
  adaptiveMaxPool1d: [
    ['7 to 3 with indices', T([2, 7], iota(14, (i) => (i * 5) % 7)), undefined, { outputSize: 3, returnIndices: true }],
    ['NaN wins, ties keep the first', T([1, 6], [2, 2, NaN, 1, 3, 3]), undefined, { outputSize: 2, returnIndices: true }],
    ['output_size of two ints', T([1, 4], [1, 2, 3, 4]), undefined, { outputSize: [2, 2] }],
    ['empty length', { shape: [1, 0], data: new Float32Array(0) }, undefined, { outputSize: 1 }],
  ],
  conv1d: [
    ['2 to 3 channels, kernel 3, bias', T([1, 2, 7], iota(14, (i) => i % 5 - 2)), T([3, 2, 3], iota(18, (i) => (i % 4) - 1.5)),
      { bias: [0.5, -1, 2] }],
    ["'same' with an even kernel: the extra on the right", T([2, 6], [1, 2, 3, 4, 5, 6, -1, 0, 1, 0, -1, 2]), T([1, 2, 4], [1, 0, -1, 2, 0.5, 0.5, 0.5, 0.5]),
      { padding: 'same' }],
    ['stride 2, padding 1, dilation 2, groups 2, odd length', T([2, 4, 9], iota(72, (i) => Math.sin(i))), T([4, 2, 2], iota(16, (i) => Math.cos(i))),
      { stride: 2, padding: 1, dilation: 2, groups: 2 }],
    ['reflect on one axis', T([1, 1, 5], [1, 2, 3, 4, 5]), T([1, 1, 3], [1, 10, 100]), { padding: 2, paddingMode: 'reflect' }],
    ['circular padding wraps', T([1, 1, 5], [1, 2, 3, 4, 5]), T([1, 1, 3], [1, 10, 100]), { padding: [2], paddingMode: 'circular' }],
    ['NaN, ±∞ and −0', T([1, 1, 6], [1, NaN, -0, Infinity, 2, -Infinity]), T([1, 1, 2], [1, -0]), {}],
    ['zero padding times ∞ is NaN', T([1, 1, 3], [1, 2, 3]), T([1, 1, 3], [Infinity, 1, 1]), { padding: 1 }],
    ['a 3-D weight is required', T([1, 2, 5], iota(10)), T([3, 2, 1, 3], iota(18)), {}],
    ['4-D input', T([1, 1, 2, 5], iota(10)), T([1, 1, 3], [1, 1, 1]), {}],
    ['kernel longer than the padded input', T([1, 2, 3], iota(6)), T([1, 2, 5], iota(10)), { padding: 0 }],
    ["'same' with stride 2", T([1, 1, 6], iota(6)), T([1, 1, 3], [1, 1, 1]), { padding: 'same', stride: 2 }],
    ['reflect padding as long as the input', T([1, 1, 2], [1, 2]), T([1, 1, 3], [1, 1, 1]), { padding: 2, paddingMode: 'reflect' }],
  ],
  convTranspose1d: [
    ['stride 2: the input spread out', T([1, 1, 4], [1, 2, 3, 4]), T([1, 1, 3], [1, 10, 100]), { stride: 2 }],
    ['groups 2, padding 1, dilation 2, bias', T([2, 4, 5], iota(40, (i) => i % 7 - 3)), T([4, 3, 2], iota(24, (i) => (i % 5) * 0.25 - 0.5)),
      { groups: 2, padding: 1, dilation: 2, bias: [1, 2, 3, 4, 5, 6] }],
    ['outputSize solves output_padding', T([3, 5], iota(15, (i) => Math.sin(i))), T([3, 2, 3], iota(18, (i) => Math.cos(i))), { stride: 3, outputSize: [17] }],
    ['outputPadding 1 with stride 2, NaN and ∞', T([1, 1, 3], [NaN, 1, Infinity]), T([1, 1, 2], [1, -1]), { stride: 2, outputPadding: 1 }],
    ['outputSize out of range', T([1, 1, 3], [1, 2, 3]), T([1, 1, 2], [1, 1]), { stride: 2, outputSize: [9] }],
    ['output padding not smaller than stride or dilation', T([1, 1, 3], [1, 2, 3]), T([1, 1, 2], [1, 1]), { stride: 2, outputPadding: 2 }],
    ['padding eats the output', T([1, 1, 2], [1, 2]), T([1, 1, 2], [1, 1]), { padding: 2 }],
  ],
  maxPool1d: [
    ['ceil_mode keeps the last partial window', T([1, 2, 7], iota(14, (i) => (i * 5) % 7)), undefined, { kernelSize: 2, ceilMode: true, returnIndices: true }],
    ['ceil_mode drops a window that starts in the padding', T([1, 5], [3, 1, 4, 1, 5]), undefined,
      { kernelSize: 2, stride: 2, padding: 1, ceilMode: true, returnIndices: true }],
    ['dilation 2, stride 1, padding 1', T([2, 3, 8], iota(48, (i) => Math.cos(i * 1.7))), undefined, { kernelSize: 3, stride: 1, padding: 1, dilation: 2, returnIndices: true }],
    ['NaN wins, ties keep the first, −0', T([1, 8], [1, NaN, 2, 2, -0, 0, -Infinity, -Infinity]), undefined, { kernelSize: 2, returnIndices: true }],
    ['padding more than half the kernel', T([1, 6], iota(6)), undefined, { kernelSize: 3, padding: 2 }],
    ['kernel longer than the input', T([1, 3], [1, 2, 3]), undefined, { kernelSize: 4 }],
    ['stride 0', T([1, 3], [1, 2, 3]), undefined, { kernelSize: 2, stride: 0 }],
    ['1-D input', T([5], iota(5)), undefined, { kernelSize: 2 }],
  ],
  avgPool1d: [
    ['ceil_mode: the partial window is divided by its clipped size', T([1, 8], iota(8, (i) => i + 1)), undefined, { kernelSize: 3, stride: 2, ceilMode: true }],
    ['padding, count_include_pad false', T([2, 2, 5], iota(20, (i) => i % 6 - 2)), undefined, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }],
    ['padding, count_include_pad true, odd length', T([1, 9], iota(9, (i) => i * i)), undefined, { kernelSize: 4, padding: 2, stride: 3 }],
    ['NaN, ∞ and ∞ − ∞', T([1, 6], [1, NaN, Infinity, -Infinity, 2, -0]), undefined, { kernelSize: 2 }],
    ['padding more than half the kernel', T([1, 6], iota(6)), undefined, { kernelSize: 2, padding: 2 }],
    ['kernel longer than the input', T([2, 3], iota(6)), undefined, { kernelSize: 5 }],
    ['4-D input', T([1, 1, 1, 4], [1, 2, 3, 4]), undefined, { kernelSize: 2 }],
  ],
};

/** The ops whose random sums are kept only when well conditioned (the earlier ops' files stay as they were). */
const SUM_CHECKED = ['conv1d', 'convTranspose1d', 'avgPool1d'];

/** Whether every element of a reference result is pinned to within the fixtures' tolerance (lp_pool2d's
 * reference gives an interval; a case near a cancellation or a NaN boundary is not kept; a sum that some
 * float32 order overflows, or whose error bound is not far below the tolerance, neither). */
function wellConditioned(op, ref) {
  if (ref.overflow && SUM_CHECKED.includes(op)) {
    for (let i = 0; i < ref.data.length; i++) {
      const v = ref.data[i];
      if (ref.overflow[i] !== 0 || (Number.isFinite(v) && ref.bound[i] > 1e-6 * (1 + Math.abs(v)))) return false;
    }
    return true;
  }
  if (!ref.lo) return true;
  for (let i = 0; i < ref.data.length; i++) {
    const v = ref.data[i];
    if (Number.isNaN(v) ? ref.nanAllowed[i] !== 2 : ref.nanAllowed[i] !== 0) return false;
    if (Number.isFinite(v) && ref.hi[i] - ref.lo[i] > 1e-4 * (1 + Math.abs(v))) return false;
  }
  return true;
}

// −0 as a JSON number (-0.0): JSON.stringify writes it as 0, so it goes out as this marker first.
const NEGATIVE_ZERO = '\u0000-0';

/** A float32 number as JSON: the strings "NaN", "Infinity", "-Infinity" for non-finite values. */
function num(v) {
  const f = Math.fround(v);
  if (Object.is(f, -0)) return NEGATIVE_ZERO;
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return 'Infinity';
  if (f === -Infinity) return '-Infinity';
  return f;
}

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function tensorEntry(name, role, t) {
  return { name, role, dtype: 'float32', shape: [...t.shape], data: Array.from(t.data, num) };
}

function fixtureCase(op, name, input, weight, opts) {
  const attrs = {};
  for (const [k, v] of Object.entries(opts)) attrs[snake(k)] = typeof v === 'number' && !Number.isFinite(v) ? num(v) : v;
  const inputs = [tensorEntry('input', 'input', input)];
  if (weight && op === 'maxUnpool2d') inputs.push({ name: 'indices', role: 'indices', dtype: 'int32', shape: [...weight.shape], data: Array.from(weight.data) });
  else if (weight) inputs.push(tensorEntry('weight', 'weight', weight));
  if (opts.bias != null) {
    // the bias travels as a tensor input, as in the first five ops' fixtures
    const data = ArrayBuffer.isView(opts.bias) || Array.isArray(opts.bias) ? opts.bias : opts.bias.data;
    inputs.push(tensorEntry('bias', 'bias', { shape: [data.length], data }));
    delete attrs.bias;
  }
  const c = { name, op: PYTORCH_OP[op], attrs_pytorch: attrs, inputs };
  const ref = reference(op, input, weight, opts);
  if (ref.error) return { ...c, error: ref.error, reason: ref.reason };
  c.outputs = [{ role: 'output', shape: ref.shape, data: Array.from(ref.data, num) }];
  if (ref.indices && opts.returnIndices) c.indices_pytorch = { shape: ref.shape, data: Array.from(ref.indices) };
  return c;
}

mkdirSync(OUT_DIR, { recursive: true });
for (const op of Object.keys(PYTORCH_OP)) {
  const cases = HAND[op].map(([name, input, weight, opts], i) => fixtureCase(op, `${PYTORCH_OP[op]}_hand_${i}: ${name}`, input, weight, opts));
  for (let i = 0, kept = 0; kept < RANDOM_CASES; i++) {
    const cfg = configFor(op, SEED, i);
    if (!wellConditioned(op, reference(op, cfg.input, cfg.weight, cfg.opts))) continue;
    cases.push(fixtureCase(op, `${PYTORCH_OP[op]}_rand_${i}`, cfg.input, cfg.weight, cfg.opts));
    kept++;
  }
  const file = `${OUT_DIR}${PYTORCH_OP[op]}.json`;
  writeFileSync(file, `${JSON.stringify(cases).replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0.0')}\n`);
  console.log(`${file}: ${cases.length} cases (${cases.filter((c) => c.error).length} rejections)`);
}

// ---------------------------------------------------------------------------------------------
// Gradients
// ---------------------------------------------------------------------------------------------

const GRADIENT_PYTORCH_OP = { conv2dBackward: 'conv2d_backward', maxPool2dBackward: 'max_pool2d_backward', avgPool2dBackward: 'avg_pool2d_backward' };
const TUTORIAL = [1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1];
const wave = (n, s = 0) => iota(n, (i) => Math.round(Math.sin(i * 1.3 + s) * 8) / 4);

/** Hand-picked backward cases per op: [name, gradOutput, input, weight or undefined, opts]. */
const HAND_GRADIENTS = {
  conv2dBackward: [
    ['the tutorial 5x5 and 3x3 kernel, ones upstream', T([1, 1, 3, 3], iota(9, () => 1)), T([1, 1, 5, 5], TUTORIAL),
      T([1, 1, 3, 3], [1, 2, 1, 0, 1, 0, 2, 1, 0]), {}],
    ['stride 2, padding 1, bias', T([1, 2, 3, 3], wave(18)), T([1, 1, 5, 5], TUTORIAL), T([2, 1, 3, 3], wave(18, 1)),
      { stride: 2, padding: 1, bias: true }],
    ['padding \'same\' with an even kernel: the extra row and column at the bottom and right', T([2, 1, 4, 5], wave(40)),
      T([2, 1, 4, 5], wave(40, 2)), T([1, 1, 2, 4], wave(8, 3)), { padding: 'same', bias: true }],
    ['groups 2, dilation 2, rectangular stride', T([1, 4, 2, 2], wave(16)), T([1, 2, 6, 7], wave(84, 1)),
      T([4, 1, 2, 3], wave(24, 2)), { groups: 2, dilation: 2, stride: [2, 1] }],
    ['reflect padding adds each padded gradient onto the element it copied', T([1, 1, 4, 4], wave(16)),
      T([1, 1, 4, 4], wave(16, 4)), T([1, 1, 3, 3], wave(9, 5)), { padding: 1, paddingMode: 'reflect' }],
    ['replicate padding, two channels', T([2, 3, 4], wave(24)), T([2, 3, 4], wave(24, 1)), T([2, 2, 2, 3], wave(24, 3)),
      { padding: [1, 2], paddingMode: 'replicate', bias: true }],
    ['circular padding \'same\', dilation 2', T([1, 1, 3, 5], wave(15)), T([1, 1, 3, 5], wave(15, 6)),
      T([1, 1, 2, 3], wave(6, 7)), { padding: 'same', dilation: 2, paddingMode: 'circular' }],
    ['stride 3 leaves rows and columns no window reads', T([1, 1, 2, 2], [1, 2, 3, 4]), T([1, 1, 7, 7], wave(49)),
      T([1, 1, 2, 2], [1, -1, 2, 0.5]), { stride: 3 }],
    ['NaN and ∞ in the upstream gradient', T([1, 1, 2, 2], [NaN, 1, Infinity, -2]), T([1, 1, 3, 3], wave(9)),
      T([1, 1, 2, 2], [1, 2, 3, 4]), { bias: true }],
    ['an ∞ weight times a zero upstream gradient is NaN; zero padding times ∞ too', T([1, 1, 2, 2], [0, 1, Infinity, 0]),
      T([1, 1, 2, 2], [1, 2, 3, 4]), T([1, 1, 2, 2], [Infinity, 1, 1, 1]), { padding: 1, stride: 2 }],
    ['grad_output of another shape', T([1, 1, 2, 2], [1, 2, 3, 4]), T([1, 1, 4, 4], wave(16)), T([1, 1, 2, 2], [1, 1, 1, 1]), {}],
    ['unbatched grad_output for a batched input', T([1, 3, 3], iota(9)), T([1, 1, 4, 4], wave(16)), T([1, 1, 2, 2], [1, 1, 1, 1]), {}],
    ['groups that do not divide the channels', T([1, 2, 3, 3], iota(18)), T([1, 3, 4, 4], wave(48)),
      T([2, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1]), { groups: 2 }],
    ['padding \'same\' with stride 2', T([1, 1, 2, 2], [1, 2, 3, 4]), T([1, 1, 4, 4], wave(16)), T([1, 1, 3, 3], wave(9)),
      { padding: 'same', stride: 2 }],
    ['a bias of the wrong length', T([1, 1, 3, 3], iota(9)), T([1, 1, 4, 4], wave(16)), T([1, 1, 2, 2], [1, 1, 1, 1]),
      { bias: [1, 2] }],
  ],
  maxPool2dBackward: [
    ['the tutorial MaxPool2d(3) with ceil_mode', T([1, 1, 2, 2], [1, 2, 3, 4]), T([1, 1, 5, 5], TUTORIAL), undefined,
      { kernelSize: 3, ceilMode: true }],
    ['overlapping windows that share a winner add up', T([1, 1, 3, 3], iota(9, (i) => i + 1)),
      T([1, 1, 5, 5], iota(25, (i) => (i === 12 ? 9 : i % 3))), undefined, { kernelSize: 3, stride: 1 }],
    ['ties go to the first maximum', T([1, 2, 2], [1, 2, 3, 4]), T([1, 4, 4], iota(16, () => 5)), undefined, { kernelSize: 2, stride: 2 }],
    ['NaN wins, the last one in the window', T([1, 1, 1, 1], [7]), T([1, 1, 2, 2], [1, NaN, NaN, 4]), undefined, { kernelSize: 2 }],
    ['padding and dilation, batched', T([2, 1, 3, 3], wave(18)), T([2, 1, 5, 5], wave(50, 1)), undefined,
      { kernelSize: 3, padding: 1, dilation: 2, stride: 2 }],
    ['grad_output of another shape', T([1, 1, 3, 3], iota(9)), T([1, 1, 4, 4], iota(16)), undefined, { kernelSize: 2 }],
    ['padding above half the kernel', T([1, 1, 3, 3], iota(9)), T([1, 1, 4, 4], iota(16)), undefined, { kernelSize: 2, padding: 2 }],
  ],
  avgPool2dBackward: [
    ['count_include_pad (the default), padding 1', T([1, 1, 3, 3], iota(9, (i) => i + 1)), T([1, 1, 4, 4], iota(16)), undefined,
      { kernelSize: 3, stride: 2, padding: 1 }],
    ['count_include_pad false: only real elements divide', T([1, 1, 3, 3], iota(9, (i) => i + 1)), T([1, 1, 4, 4], iota(16)),
      undefined, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
    ['divisor_override 3', T([1, 2, 2], [3, 6, 9, 12]), T([1, 4, 4], iota(16)), undefined, { kernelSize: 2, divisorOverride: 3 }],
    ['ceil_mode: the last window clipped to the input', T([1, 1, 2, 2], [4, 8, 12, 16]), T([1, 1, 3, 3], iota(9)), undefined,
      { kernelSize: 2, ceilMode: true }],
    ['ceil_mode with padding: clipped to input + padding for the divisor', T([1, 1, 3, 3], iota(9, (i) => 2 * i + 1)),
      T([1, 1, 5, 5], iota(25)), undefined, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }],
    ['NaN and ∞ upstream spread over their windows', T([1, 1, 2, 2], [NaN, 1, -Infinity, 2]), T([1, 1, 4, 4], iota(16)),
      undefined, { kernelSize: 3, stride: 1 }],
    ['grad_output of another shape', T([1, 1, 3, 3], iota(9)), T([1, 1, 4, 4], iota(16)), undefined, { kernelSize: 2 }],
    ['divisor_override 0', T([1, 1, 2, 2], iota(4)), T([1, 1, 4, 4], iota(16)), undefined, { kernelSize: 2, divisorOverride: 0 }],
  ],
};

/** Whether every gradient is pinned within the fixtures' tolerance (no reachable overflow, a small bound). */
function gradientsConditioned(result) {
  return Object.values(result).every((g) => !g || g.data.every((v, i) =>
    g.overflow[i] === 0 && (!Number.isFinite(v) || g.bound[i] <= 2e-5 * (1 + Math.abs(v)))));
}

function gradientCase(op, name, gradOutput, input, weight, opts) {
  const attrs = {};
  for (const [k, v] of Object.entries(opts)) attrs[snake(k)] = v;
  const inputs = [tensorEntry('grad_output', 'grad_output', gradOutput), tensorEntry('input', 'input', input)];
  if (weight) inputs.push(tensorEntry('weight', 'weight', weight));
  const c = { name, op: GRADIENT_PYTORCH_OP[op], attrs_pytorch: attrs, inputs };
  const ref = gradients(op, gradOutput, input, weight, opts);
  if (ref.error) return { ...c, error: ref.error, reason: ref.reason };
  c.outputs = [['grad_input', ref.gradInput], ['grad_weight', ref.gradWeight], ['grad_bias', ref.gradBias]]
    .filter(([, g]) => g).map(([role, g]) => ({ role, shape: g.shape, data: Array.from(g.data, num) }));
  return c;
}

mkdirSync(GRADIENTS_DIR, { recursive: true });
for (const op of Object.keys(GRADIENT_PYTORCH_OP)) {
  const cases = HAND_GRADIENTS[op].map(([name, g, input, weight, opts], i) =>
    gradientCase(op, `${GRADIENT_PYTORCH_OP[op]}_hand_${i}: ${name}`, g, input, weight, opts));
  // RANDOM_CASES with values, and the first few rejections met on the way
  for (let i = 0, kept = 0, rejected = 0; kept < RANDOM_CASES; i++) {
    const cfg = gradientConfigFor(op, SEED, i);
    const ref = gradients(op, cfg.gradOutput, cfg.input, cfg.weight, cfg.opts);
    if (ref.error ? rejected++ >= 8 : !gradientsConditioned(ref)) continue;
    if (!ref.error) kept++;
    cases.push(gradientCase(op, `${GRADIENT_PYTORCH_OP[op]}_rand_${i}`, cfg.gradOutput, cfg.input, cfg.weight, cfg.opts));
  }
  const file = `${GRADIENTS_DIR}${GRADIENT_PYTORCH_OP[op]}.json`;
  writeFileSync(file, `${JSON.stringify(cases).replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0.0')}\n`);
  console.log(`${file}: ${cases.length} cases (${cases.filter((c) => c.error).length} rejections)`);
}
