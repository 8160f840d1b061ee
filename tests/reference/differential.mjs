// Seeded differential testing of convlens against the naive PyTorch reference (torch-reference.mjs).
// Configuration `index` under `seed` is a pure function of the two numbers, so any failure replays
// with configAt(seed, index).
import { ConvlensError } from 'convlens';

import { mulberry32 } from '../js/helpers.mjs';
import { lpAccepts, reference, sumAccepts } from './torch-reference.mjs';

/** The ops under test, in the order configurations cycle through them (index % OPS.length). */
export const OPS = Object.freeze(['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'pad', 'adaptiveAvgPool2d',
  'adaptiveMaxPool2d', 'lpPool2d', 'maxUnpool2d', 'unfold', 'fold', 'adaptiveAvgPool1d', 'adaptiveMaxPool1d', 'conv1d',
  'convTranspose1d', 'maxPool1d', 'avgPool1d']);
/** The ops whose results are compared exactly (a maximum or a copy), with indices when asked for. */
const MAX_OPS = ['maxPool2d', 'adaptiveMaxPool2d', 'adaptiveMaxPool1d', 'maxPool1d'];

// ---------------------------------------------------------------------------------------------
// Random choices
// ---------------------------------------------------------------------------------------------

// A 32-bit hash of (seed, index), so neighbouring indices get unrelated streams.
function mix(seed, index) {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** true with probability p */
  chance(p) {
    return this.next() < p;
  }
  /** integer in [lo, hi] */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  /** one of [weight, value] pairs, proportionally to weight */
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = this.next() * total;
    for (const [w, v] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][1];
  }
}

const F32_MAX = 3.4028234663852886e38;
const SPECIALS = [
  NaN, Infinity, -Infinity, -0, 0,
  1e-40, -1e-40, 1.4e-45, 1.1754943508222875e-38, // subnormals and the smallest normal
  3.4e38, -3.4e38, F32_MAX, -F32_MAX, // near the float32 limit
  1e30, -1e30, 1e-30, 65504,
];
const HUGE = [1e30, -1e30, Infinity, -Infinity, 3.4e38, -3.4e38, NaN];

/**
 * Float32 data in one of several styles: uniform in [-1, 1), small integers (ties, exact sums), a wide
 * spread of magnitudes (cancellation), all-equal; then maybe a sprinkling of special values.
 */
function randomData(rng, n, { ties = 0.15, specials = 0.3 } = {}) {
  const d = new Float32Array(n);
  const style = rng.weighted([[0.55 - ties, 'uniform'], [ties + 0.15, 'ints'], [0.15, 'wide'], [0.05, 'const'], [0.1, 'negative']]);
  const c = rng.int(-2, 2);
  for (let i = 0; i < n; i++) {
    if (style === 'uniform') d[i] = rng.next() * 2 - 1;
    else if (style === 'ints') d[i] = rng.int(-3, 3);
    else if (style === 'wide') d[i] = (rng.chance(0.5) ? -1 : 1) * (1 + rng.next()) * 2 ** rng.int(-40, 40);
    else if (style === 'const') d[i] = c;
    else d[i] = -1 - rng.next() * 4;
  }
  if (n > 0 && rng.chance(specials)) {
    const count = rng.chance(0.75) ? rng.int(1, 3) : Math.max(1, Math.floor(n * 0.2));
    const pool = rng.chance(0.5)
      ? SPECIALS
      : rng.pick([[NaN], [Infinity, -Infinity], [1e-40, -1e-40, 1.4e-45], [3.4e38, F32_MAX, -3.4e38], [-Infinity],
        [-0]]);
    for (let i = 0; i < count; i++) d[rng.int(0, n - 1)] = rng.pick(pool);
  }
  return d;
}

const tensorOf = (shape, data) => ({ shape, data });
const numel = (shape) => shape.reduce((a, b) => a * b, 1);

/** Input extent that gives `out` windows of extent `ek` at `stride` with `pad` on each side (≥ 1). */
function extentFor(rng, out, ek, stride, pad) {
  return Math.max(1, (out - 1) * stride + ek - 2 * pad + rng.int(0, stride - 1));
}

const divisorsOf = (n) => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
const intOrPair = (rng, [h, w]) => (h === w && rng.chance(0.6) ? h : [h, w]);

function biasFor(rng, length) {
  const data = randomData(rng, length, { specials: 0.1 });
  return rng.pick([() => data, () => Array.from(data), () => tensorOf([length], data)])();
}

// ---------------------------------------------------------------------------------------------
// Configurations per op. Each returns { op, input, weight?, opts, note? }; `note` names an
// intended rejection.
// ---------------------------------------------------------------------------------------------

function genConv2d(rng) {
  const batched = rng.chance(0.75);
  const n = batched ? rng.weighted([[0.6, 1], [0.3, 2], [0.1, 3]]) : 1;
  const wide3x3 = rng.chance(0.15);
  let cin, cout, groups, k, stride, dilation;
  if (wide3x3) {
    // 3×3, stride 1, dilation 1, ≥ 8 input channels: the GEMM kernel's 5-row tiles, with 0 to 4 4-row ones for 8 to
    // 22 output channels (and the shapes of the Winograd path it replaced).
    cin = rng.int(8, 11);
    cout = rng.int(8, 22);
    groups = 1;
    k = [3, 3];
    stride = [1, 1];
    dilation = [1, 1];
  } else {
    cin = rng.int(1, 9);
    cout = rng.int(1, 9);
    if (rng.chance(0.15)) {
      groups = cin; // depthwise, channel multiplier 1 or 2
      cout = cin * rng.int(1, 2);
    } else groups = rng.chance(0.6) ? 1 : rng.pick(divisorsOf(gcd(cin, cout)));
    k = [rng.weighted([[3, 1], [4, 3], [2, 2], [1, 4], [1, 5]]), 0];
    k[1] = rng.chance(0.6) ? k[0] : rng.int(1, 5);
    stride = rng.chance(0.6) ? [1, 1] : [rng.int(1, 3), rng.int(1, 3)];
    dilation = rng.chance(0.75) ? [1, 1] : [rng.int(1, 3), rng.int(1, 3)];
  }
  const paddingMode = rng.weighted([[0.7, 'zeros'], [0.1, 'reflect'], [0.1, 'replicate'], [0.1, 'circular']]);
  const sameOk = stride[0] === 1 && stride[1] === 1;
  let padding = rng.weighted([[0.45, 'int'], [0.2, 'pair'], [0.1, 'valid'], [sameOk ? 0.25 : 0, 'same']]);
  const ek = [0, 1].map((d) => dilation[d] * (k[d] - 1) + 1);
  let pads;
  if (padding === 'int') {
    const p = rng.int(0, 2);
    pads = [p, p];
    padding = p;
  } else if (padding === 'pair') {
    pads = [rng.int(0, 2), rng.int(0, 3)];
    padding = [...pads];
  } else if (padding === 'valid') pads = [0, 0];
  else pads = null;
  // Output height small, output width over every SIMD tail (1..17).
  const oh = rng.int(1, wide3x3 ? 6 : 4);
  const ow = rng.int(1, wide3x3 ? 12 : 17);
  let h, w;
  if (pads === null) {
    h = oh;
    w = ow;
  } else {
    h = extentFor(rng, oh, ek[0], stride[0], pads[0]);
    w = extentFor(rng, ow, ek[1], stride[1], pads[1]);
    // Sometimes a kernel exactly as large as the padded input (a single output).
    if (rng.chance(0.05)) {
      h = Math.max(1, ek[0] - 2 * pads[0]);
      w = Math.max(1, ek[1] - 2 * pads[1]);
    }
  }
  // Non-zeros modes need pad < size (reflect) or ≤ size (circular).
  if (paddingMode !== 'zeros') {
    const totals = pads ?? ek.map((e) => e - 1);
    const ok = (p, s) => (paddingMode === 'reflect' ? p < s : paddingMode === 'circular' ? p <= s : true);
    const sizes = [h, w];
    for (const d of [0, 1]) {
      const p = pads ? pads[d] : totals[d] - Math.floor(totals[d] / 2);
      if (!ok(p, sizes[d])) sizes[d] = p + 1;
    }
    [h, w] = sizes;
  }

  let weightShape = [cout, cin / groups, k[0], k[1]];
  let inputC = cin;
  const opts = {};
  if (!(stride[0] === 1 && stride[1] === 1) || rng.chance(0.2)) opts.stride = intOrPair(rng, stride);
  if (padding !== 0 || rng.chance(0.2)) opts.padding = padding;
  if (!(dilation[0] === 1 && dilation[1] === 1) || rng.chance(0.1)) opts.dilation = intOrPair(rng, dilation);
  if (groups !== 1 || rng.chance(0.1)) opts.groups = groups;
  if (paddingMode !== 'zeros' || rng.chance(0.1)) opts.paddingMode = paddingMode;
  let biasLength = rng.chance(0.6) ? cout : 0;
  let inputRank = batched ? 4 : 3;

  let note;
  if (rng.chance(0.1)) {
    note = rng.pick(['stride', 'padding', 'dilation', 'groups', 'same-strided', 'channels', 'out-channels', 'bias', 'kernel', 'reflect', 'circular', 'rank']);
    if (note === 'stride') opts.stride = rng.pick([0, -1, [1, 0], [-2, 1]]);
    else if (note === 'padding') {
      opts.padding = rng.pick([-1, [0, -1], [-2, 0]]);
      delete opts.paddingMode;
    } else if (note === 'dilation') opts.dilation = rng.pick([0, [1, 0], -1]);
    else if (note === 'groups') opts.groups = rng.pick([0, -1]);
    else if (note === 'same-strided') {
      opts.padding = 'same';
      opts.stride = rng.pick([2, [1, 2], [3, 1]]);
    } else if (note === 'channels') inputC = cin + rng.pick([-1, 1, 2]) || cin + 1;
    else if (note === 'out-channels') {
      // Output channels not divisible by groups (or fewer than groups).
      const g = rng.int(2, 3);
      opts.groups = g;
      inputC = g * rng.int(1, 2);
      weightShape = [g * rng.int(0, 2) + 1, inputC / g, k[0], k[1]];
      biasLength = 0;
    } else if (note === 'bias') biasLength = cout + rng.pick([-1, 1]) || cout + 1;
    else if (note === 'kernel') {
      // A (dilated) kernel larger than the unpadded input.
      opts.padding = 0;
      delete opts.paddingMode;
      if (ek[1] > 1) w = rng.int(1, ek[1] - 1);
      else if (ek[0] > 1) h = rng.int(1, ek[0] - 1);
      else weightShape[3] = w + 1;
    } else if (note === 'reflect' || note === 'circular') {
      opts.paddingMode = note === 'reflect' ? 'reflect' : 'circular';
      delete opts.stride;
      delete opts.dilation;
      h = rng.int(1, 3);
      w = rng.int(1, 4);
      // reflect rejects pad ≥ size, circular pad > size
      const extra = note === 'reflect' ? 0 : 1;
      opts.padding = rng.chance(0.5) ? [h + extra, 0] : [0, w + extra];
      weightShape[2] = 1;
      weightShape[3] = 1;
    } else if (note === 'rank') {
      inputRank = rng.pick([2, 5]);
      delete opts.paddingMode;
    }
  }
  const inputShape = inputRank === 4 ? [n, inputC, h, w]
    : inputRank === 3 ? [inputC, h, w]
      : inputRank === 2 ? [h, w]
        : [1, n, inputC, h, w];
  const input = tensorOf(inputShape, randomData(rng, numel(inputShape)));
  const weight = tensorOf(weightShape, weightData(rng, weightShape, padding !== 0 && padding !== 'valid'));
  if (biasLength > 0) opts.bias = biasFor(rng, biasLength);
  return { op: 'conv2d', input, weight, opts, note };
}

// Weights; sometimes huge or infinite values on the kernel's border taps, the ones that meet padding.
function weightData(rng, shape, padded) {
  const d = randomData(rng, numel(shape), { specials: 0.2 });
  if (padded && rng.chance(0.15)) {
    const [, , kh, kw] = shape;
    const v = rng.pick(HUGE);
    for (let i = 0; i < d.length; i++) {
      const ky = Math.floor(i / kw) % kh;
      const kx = i % kw;
      if ((ky === 0 || kx === 0 || ky === kh - 1 || kx === kw - 1) && rng.chance(0.5)) d[i] = v;
    }
  }
  return d;
}

function genConvTranspose2d(rng) {
  const batched = rng.chance(0.75);
  const n = batched ? rng.weighted([[0.6, 1], [0.3, 2], [0.1, 3]]) : 1;
  const cin = rng.int(1, 9);
  const groups = rng.chance(0.6) ? 1 : rng.pick(divisorsOf(cin));
  const coutG = rng.weighted([[0.4, 1], [0.3, 2], [0.2, 3], [0.1, rng.int(4, 9)]]);
  const k = [rng.int(1, 4), 0];
  k[1] = rng.chance(0.6) ? k[0] : rng.int(1, 4);
  // Stride > 1 with dilation 1 is the per-phase fast path.
  const phases = rng.chance(0.5);
  const stride = phases ? [rng.int(2, 4), rng.int(2, 4)] : rng.chance(0.5) ? [1, 1] : [rng.int(1, 3), rng.int(1, 3)];
  const dilation = phases || rng.chance(0.6) ? [1, 1] : [rng.int(1, 3), rng.int(1, 3)];
  const h = rng.int(1, 4);
  const w = rng.int(1, 9);
  // Padding within what keeps the output ≥ 1.
  const padding = [0, 1].map((d) => {
    const full = ([h, w][d] - 1) * stride[d] + dilation[d] * (k[d] - 1) + 1;
    return rng.chance(0.5) ? 0 : rng.int(0, Math.max(0, Math.floor((full - 1) / 2)));
  });
  const opts = {};
  if (!(stride[0] === 1 && stride[1] === 1) || rng.chance(0.2)) opts.stride = intOrPair(rng, stride);
  if (padding[0] || padding[1] || rng.chance(0.2)) opts.padding = intOrPair(rng, padding);
  if (!(dilation[0] === 1 && dilation[1] === 1) || rng.chance(0.1)) opts.dilation = intOrPair(rng, dilation);
  if (groups !== 1 || rng.chance(0.1)) opts.groups = groups;
  const sizeMode = rng.weighted([[0.55, 'none'], [0.3, 'outputPadding'], [0.15, 'outputSize']]);
  const min = [0, 1].map((d) => ([h, w][d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (k[d] - 1) + 1);
  if (sizeMode === 'outputPadding') {
    const limit = [0, 1].map((d) => Math.max(stride[d], dilation[d]) - 1);
    opts.outputPadding = intOrPair(rng, [rng.int(0, limit[0]), rng.int(0, limit[1])]);
  } else if (sizeMode === 'outputSize') {
    opts.outputSize = [0, 1].map((d) => min[d] + rng.int(0, stride[d] - 1));
  }
  let inputC = cin;
  let weightShape = [cin, coutG, k[0], k[1]];
  let biasLength = rng.chance(0.6) ? coutG * groups : 0;
  let inputRank = batched ? 4 : 3;
  let note;
  if (rng.chance(0.1)) {
    note = rng.pick(['stride', 'padding', 'dilation', 'groups', 'output-padding', 'output-size', 'channels', 'in-channels', 'bias', 'too-small', 'rank']);
    delete opts.outputSize;
    if (note === 'stride') opts.stride = rng.pick([0, -1, [1, 0]]);
    else if (note === 'padding') opts.padding = rng.pick([-1, [0, -2]]);
    else if (note === 'dilation') opts.dilation = rng.pick([0, [0, 1]]);
    else if (note === 'groups') opts.groups = rng.pick([0, -2]);
    else if (note === 'output-padding') {
      // not smaller than both stride and dilation
      const d = rng.int(0, 1);
      const op = [0, 0];
      op[d] = Math.max(stride[d], dilation[d]) + rng.int(0, 1);
      opts.outputPadding = op;
    } else if (note === 'output-size') {
      const d = rng.int(0, 1);
      const size = [0, 1].map((e) => min[e]);
      size[d] = rng.chance(0.5) ? min[d] - rng.int(1, 2) : min[d] + stride[d] + rng.int(0, 1);
      opts.outputSize = size;
    } else if (note === 'channels') inputC = cin + 1;
    else if (note === 'in-channels') {
      // Input channels not divisible by groups.
      const g = rng.int(2, 3);
      opts.groups = g;
      inputC = g * rng.int(0, 1) + 1;
      weightShape = [inputC, coutG, k[0], k[1]];
      biasLength = 0;
    } else if (note === 'bias') biasLength = coutG * groups + 1;
    else if (note === 'too-small') {
      // Padding that eats the whole output.
      opts.padding = [0, 1].map((d) => Math.ceil(min[d] / 2) + padding[d] + rng.int(0, 1));
      delete opts.outputPadding;
    } else if (note === 'rank') inputRank = rng.pick([2, 5]);
  }
  const inputShape = inputRank === 4 ? [n, inputC, h, w]
    : inputRank === 3 ? [inputC, h, w]
      : inputRank === 2 ? [h, w]
        : [1, n, inputC, h, w];
  const input = tensorOf(inputShape, randomData(rng, numel(inputShape)));
  const weight = tensorOf(weightShape, randomData(rng, numel(weightShape), { specials: 0.25 }));
  if (biasLength > 0) opts.bias = biasFor(rng, biasLength);
  return { op: 'convTranspose2d', input, weight, opts, note };
}

function genPool(rng, op) {
  const max = op === 'maxPool2d';
  const batched = rng.chance(0.75);
  const n = batched ? rng.weighted([[0.6, 1], [0.3, 2], [0.1, 3]]) : 1;
  const c = rng.int(1, 9);
  const k = [rng.weighted([[2, 2], [3, 3], [1, 1], [1, 4], [1, 5]]), 0];
  k[1] = rng.chance(0.6) ? k[0] : rng.int(1, 5);
  // Stride 1 and 2 are the fast paths; no stride means stride = kernel.
  const strideKind = rng.weighted([[0.3, 'none'], [0.3, 1], [0.25, 2], [0.15, 'other']]);
  const stride = strideKind === 'none' ? [...k] : strideKind === 'other' ? [rng.int(1, 3), rng.int(1, 3)] : [strideKind, strideKind];
  // Dilated windows with full padding on a tiny input: some windows hold padding only.
  const padOnly = max && rng.chance(0.05);
  if (padOnly) for (const d of [0, 1]) k[d] = Math.max(k[d], 2);
  const dilation = padOnly ? [rng.int(2, 3), rng.int(2, 3)]
    : max && rng.chance(0.3) ? [rng.int(1, 3), rng.int(1, 3)]
      : [1, 1];
  const padding = [0, 1].map((d) => (padOnly ? Math.floor(k[d] / 2)
    : rng.chance(0.5) ? 0
      : rng.int(0, Math.floor(k[d] / 2))));
  const ceilMode = rng.chance(0.5);
  const ek = [0, 1].map((d) => dilation[d] * (k[d] - 1) + 1);
  const oh = rng.int(1, 4);
  const ow = rng.int(1, 17);
  let h = extentFor(rng, oh, ek[0], stride[0], padding[0]);
  let w = extentFor(rng, ow, ek[1], stride[1], padding[1]);
  if (padOnly || rng.chance(0.05)) {
    h = rng.int(1, 3);
    w = rng.int(1, 3);
  }
  const opts = { kernelSize: intOrPair(rng, k) };
  if (strideKind !== 'none') opts.stride = intOrPair(rng, stride);
  if (padding[0] || padding[1] || rng.chance(0.2)) opts.padding = intOrPair(rng, padding);
  if (ceilMode || rng.chance(0.2)) opts.ceilMode = ceilMode;
  if (max) {
    if (dilation[0] !== 1 || dilation[1] !== 1 || rng.chance(0.1)) opts.dilation = intOrPair(rng, dilation);
    if (padOnly || rng.chance(0.6)) opts.returnIndices = true;
  } else {
    if (rng.chance(0.5)) opts.countIncludePad = rng.chance(0.5);
    if (rng.chance(0.2)) opts.divisorOverride = rng.pick([1, 2, 3, 4, 5, 7, 9, -1, -2, -3]);
  }
  let inputRank = batched ? 4 : 3;
  let note;
  if (rng.chance(0.1)) {
    note = rng.pick(max ? ['padding', 'negative-padding', 'stride', 'kernel', 'dilation', 'too-small', 'rank'] : ['padding', 'negative-padding', 'stride', 'kernel', 'divisor', 'too-small', 'rank']);
    if (note === 'padding') opts.padding = [0, 1].map((d) => Math.floor(k[d] / 2) + (d === 0 ? 1 : 0));
    else if (note === 'negative-padding') opts.padding = rng.pick([-1, [0, -1]]);
    else if (note === 'stride') opts.stride = rng.pick([0, [1, 0], -1]);
    else if (note === 'kernel') {
      opts.kernelSize = rng.pick([0, [0, 2], [2, -1]]);
      delete opts.padding;
    } else if (note === 'dilation') opts.dilation = rng.pick([0, [1, 0]]);
    else if (note === 'divisor') opts.divisorOverride = 0;
    else if (note === 'too-small') {
      // An input smaller than the (dilated) kernel, with no padding.
      delete opts.padding;
      h = Math.max(1, ek[0] - 1);
      w = Math.max(1, ek[1] - 1);
      if (ek[0] === 1 && ek[1] === 1) opts.kernelSize = 2;
      h = Math.min(h, 1);
    } else if (note === 'rank') inputRank = rng.pick([2, 5]);
  }
  const shape = inputRank === 4 ? [n, c, h, w]
    : inputRank === 3 ? [c, h, w]
      : inputRank === 2 ? [h, w]
        : [1, n, c, h, w];
  // Max pooling gets more ties and −∞ runs (windows whose maximum is the padding value).
  const data = randomData(rng, numel(shape), { ties: max ? 0.35 : 0.15, specials: 0.35 });
  if (max && rng.chance(0.1)) for (let i = 0; i < data.length; i++) if (rng.chance(0.6)) data[i] = -Infinity;
  return { op, input: tensorOf(shape, data), opts, note };
}

// A circular pad longer than what negative pads leave of the axis: ATen's wrap copies overlapping
// slices there, an accident of its implementation rather than a rule, so it is not generated.
function wrapsPastCrop(opts, shape) {
  if (opts.mode !== 'circular') return false;
  const [l, r, t = 0, b = 0] = opts.pad;
  const axes = [[shape[shape.length - 1], l, r], [shape[shape.length - 2], t, b]];
  return axes.some(([size, a, c]) => {
    const cropped = size - Math.max(-a, 0) - Math.max(-c, 0);
    return a > cropped || c > cropped;
  });
}

function genPad(rng) {
  for (;;) {
    const batched = rng.chance(0.7);
    const n = batched ? rng.int(1, 2) : 1;
    const c = rng.int(1, 5);
    const h = rng.int(1, 6);
    const w = rng.int(1, 17);
    const mode = rng.weighted([[0.4, 'constant'], [0.2, 'reflect'], [0.2, 'replicate'], [0.2, 'circular']]);
    const length = rng.chance(0.75) || (batched && mode !== 'constant') ? 4 : 2;
    const sizes = [w, w, h, h];
    const pad = Array.from({ length }, (_, i) => {
      const size = sizes[i];
      if (rng.chance(0.3)) return 0;
      if (mode === 'reflect') return rng.int(-Math.min(size - 1, 2), Math.min(size - 1, 4));
      if (mode === 'circular') return rng.int(-Math.min(size, 2), Math.min(size, 4));
      return rng.int(-3, 4);
    });
    const opts = { pad };
    if (mode !== 'constant' || rng.chance(0.3)) opts.mode = mode;
    if (mode === 'constant' && rng.chance(0.5)) opts.value = rng.pick([0, -0, 1.5, -7, NaN, Infinity, -Infinity, 1e-40, 3.4e38, rng.next() * 10 - 5]);
    if (mode !== 'constant' && rng.chance(0.1)) opts.value = 0;
    let shape = batched ? [n, c, h, w] : [c, h, w];
    let note;
    if (rng.chance(0.1)) {
      note = rng.pick(['reflect', 'circular', 'pad2-on-4d', 'narrow', 'value', 'circular-negative']);
      if (note === 'reflect') {
        opts.mode = 'reflect';
        opts.pad = [0, 0, 0, 0];
        opts.pad[rng.int(0, 3)] = rng.chance(0.5) ? w : h;
        opts.pad[0] = Math.max(opts.pad[0], 0);
        if (opts.pad.every((p, i) => p < (i < 2 ? w : h))) opts.pad[1] = w;
        delete opts.value;
      } else if (note === 'circular') {
        opts.mode = 'circular';
        opts.pad = [0, 0, 0, 0];
        if (rng.chance(0.5)) opts.pad[rng.int(0, 1)] = w + rng.int(1, 2);
        else opts.pad[rng.int(2, 3)] = h + rng.int(1, 2);
        delete opts.value;
      } else if (note === 'pad2-on-4d') {
        opts.mode = rng.pick(['reflect', 'replicate', 'circular']);
        opts.pad = [rng.int(0, Math.min(1, w - 1)), rng.int(0, Math.min(1, w - 1))];
        shape = [n, c, h, w];
        delete opts.value;
      } else if (note === 'narrow') {
        // constant mode: narrowing past the size, or a padded size ≤ 0 next to a positive pad
        opts.mode = rng.chance(0.5) ? 'constant' : undefined;
        if (opts.mode === undefined) delete opts.mode;
        opts.pad = rng.chance(0.5) ? [-w - 1, rng.int(0, w + 3), 0, 0] : [1, 1, -h, 0];
      } else if (note === 'value') {
        opts.mode = rng.pick(['reflect', 'replicate', 'circular']);
        opts.pad = [0, 0, 0, 0];
        opts.value = rng.pick([1, -2.5, NaN]);
      } else if (note === 'circular-negative') {
        opts.mode = 'circular';
        opts.pad = [-w, -1, 0, 0];
        delete opts.value;
      }
    }
    if (!note && wrapsPastCrop(opts, shape)) continue;
    const input = tensorOf(shape, randomData(rng, numel(shape), { ties: 0.2, specials: 0.4 }));
    const cfg = { op: 'pad', input, opts, note };
    // Keep out the corners PyTorch leaves undefined (see padValidate in the reference).
    try {
      reference('pad', input, undefined, opts);
    } catch {
      continue;
    }
    return cfg;
  }
}

function genAdaptive(rng, op) {
  const max = op === 'adaptiveMaxPool2d';
  const batched = rng.chance(0.75);
  const n = batched ? rng.weighted([[0.6, 1], [0.3, 2], [0.1, 3]]) : 1;
  const c = rng.int(1, 6);
  const h = rng.weighted([[0.6, rng.int(1, 9)], [0.3, rng.int(10, 24)], [0.1, 7]]);
  const w = rng.weighted([[0.6, rng.int(1, 17)], [0.3, rng.int(18, 40)], [0.1, 7]]);
  // Output sizes below, at and above the input's (windows overlap either way), 1 (the mean), 0 and None.
  const size = (extent) => rng.weighted([[0.4, rng.int(1, extent)], [0.15, 1], [0.15, extent],
    [0.15, rng.int(extent, extent + 5)], [0.05, 0], [0.1, null]]);
  let outputSize = rng.chance(0.3) ? rng.weighted([[0.8, rng.int(1, Math.max(h, w))], [0.2, 1]]) : [size(h), size(w)];
  let inputRank = batched ? 4 : 3;
  let note;
  if (rng.chance(0.08)) {
    note = rng.pick(['negative', 'rank', 'missing']);
    if (note === 'negative') outputSize = rng.pick([-1, [2, -1], [-3, null]]);
    else if (note === 'rank') inputRank = rng.pick([2, 5]);
    else outputSize = undefined;
  }
  const shape = inputRank === 4 ? [n, c, h, w]
    : inputRank === 3 ? [c, h, w]
      : inputRank === 2 ? [h, w]
        : [1, n, c, h, w];
  const data = randomData(rng, numel(shape), { ties: max ? 0.35 : 0.15, specials: 0.35 });
  const opts = {};
  if (outputSize !== undefined) opts.outputSize = outputSize;
  if (max && rng.chance(0.6)) opts.returnIndices = true;
  return { op, input: tensorOf(shape, data), opts, note };
}

function genLp(rng) {
  const batched = rng.chance(0.75);
  const n = batched ? rng.weighted([[0.6, 1], [0.3, 2], [0.1, 3]]) : 1;
  const c = rng.int(1, 6);
  const k = [rng.weighted([[2, 2], [3, 3], [1, 1], [1, 4]]), 0];
  k[1] = rng.chance(0.6) ? k[0] : rng.int(1, 4);
  const strideKind = rng.weighted([[0.4, 'none'], [0.3, 1], [0.3, 'other']]);
  const stride = strideKind === 'none' ? [...k] : strideKind === 1 ? [1, 1] : [rng.int(1, 3), rng.int(1, 3)];
  const ceilMode = rng.chance(0.5);
  let h = extentFor(rng, rng.int(1, 4), k[0], stride[0], 0);
  let w = extentFor(rng, rng.int(1, 9), k[1], stride[1], 0);
  // p: torch.pow's special exponents (1, 2, 3, −2, 0.5, −1 and their inverses), others, ∞.
  const normType = rng.weighted([[3, 2], [2, 1], [1.5, 3], [1, 0.5], [1, 1.5], [1, 2.5], [1, 4], [0.5, -1], [0.5, -2],
    [0.5, -0.5], [0.3, Infinity], [0.5, 0.3], [0.3, 7], [0.3, 1 / 3]]);
  const opts = { normType, kernelSize: intOrPair(rng, k) };
  if (strideKind !== 'none') opts.stride = intOrPair(rng, stride);
  if (ceilMode || rng.chance(0.2)) opts.ceilMode = ceilMode;
  let inputRank = batched ? 4 : 3;
  let note;
  if (rng.chance(0.1)) {
    note = rng.pick(['zero', 'missing', 'kernel', 'stride', 'too-small', 'rank']);
    if (note === 'zero') opts.normType = rng.pick([0, -0]);
    else if (note === 'missing') delete opts.normType;
    else if (note === 'kernel') opts.kernelSize = rng.pick([0, [0, 2], [2, -1]]);
    else if (note === 'stride') opts.stride = rng.pick([0, [1, 0], -1]);
    else if (note === 'too-small') {
      h = Math.max(1, k[0] - 1);
      w = Math.max(1, k[1] - 1);
      if (k[0] === 1 && k[1] === 1) opts.kernelSize = 2;
    } else inputRank = rng.pick([2, 5]);
  }
  const shape = inputRank === 4 ? [n, c, h, w]
    : inputRank === 3 ? [c, h, w]
      : inputRank === 2 ? [h, w]
        : [1, n, c, h, w];
  return { op: 'lpPool2d', input: tensorOf(shape, randomData(rng, numel(shape), { specials: 0.3 })), opts, note };
}

function genUnpool(rng) {
  const batched = rng.chance(0.75);
  const n = batched ? rng.int(1, 2) : 1;
  const c = rng.int(1, 4);
  const k = [rng.int(1, 4), 0];
  k[1] = rng.chance(0.6) ? k[0] : rng.int(1, 4);
  const stride = rng.chance(0.4) ? null : [rng.int(1, 3), rng.int(1, 3)];
  const s = stride ?? k;
  const padding = [0, 1].map((d) => (rng.chance(0.6) ? 0 : rng.int(0, Math.max(0, Math.floor(k[d] / 2)))));
  const h = rng.int(1, 5);
  const w = rng.int(1, 8);
  const fallback = [(h - 1) * s[0] + k[0] - 2 * padding[0], (w - 1) * s[1] + k[1] - 2 * padding[1]];
  const opts = { kernelSize: intOrPair(rng, k) };
  if (stride) opts.stride = intOrPair(rng, stride);
  if (padding[0] || padding[1] || rng.chance(0.2)) opts.padding = intOrPair(rng, padding);
  let size = fallback;
  if (rng.chance(0.3)) {
    size = [0, 1].map((d) => fallback[d] + rng.int(-(s[d] - 1), s[d] - 1));
    opts.outputSize = rng.chance(0.2) ? [n, c, ...size] : size;
  }
  let shape = batched ? [n, c, h, w] : [c, h, w];
  let indicesShape = shape;
  const plane = Math.max(size[0], 0) * Math.max(size[1], 0);
  let note;
  // Indices: each a position in the output plane (duplicates included), maybe one outside it.
  const idx = Array.from({ length: numel(shape) }, () => (plane > 0 ? rng.int(0, plane - 1) : rng.int(0, 3)));
  if (rng.chance(0.15)) {
    note = rng.pick(['invalid-index', 'output-size', 'shape', 'rank', 'negative-index']);
    if (note === 'invalid-index') idx[rng.int(0, idx.length - 1)] = plane + rng.int(0, 3);
    else if (note === 'negative-index') idx[rng.int(0, idx.length - 1)] = -rng.int(1, 3);
    else if (note === 'output-size') opts.outputSize = [fallback[0] + (rng.chance(0.5) ? s[0] : -s[0]), fallback[1]];
    else if (note === 'shape') indicesShape = [...shape.slice(0, -1), w + 1];
    else shape = rng.pick([[h, w], [1, n, c, h, w]]);
  }
  const input = tensorOf(shape, randomData(rng, numel(shape), { specials: 0.3 }));
  const indexData = Int32Array.from({ length: numel(indicesShape) }, (_, i) => idx[i] ?? 0);
  const indices = { shape: indicesShape, data: indexData };
  return { op: 'maxUnpool2d', input, weight: indices, opts, note };
}

// unfold and fold: kernels, dilations, paddings and strides over small images; fold's input is an
// unfold-shaped [N, C·kh·kw, L] whose L matches the blocks (or, for a rejection, does not).
function genIm2col(rng, op) {
  const batched = rng.chance(0.7);
  const n = batched ? rng.int(1, 2) : 1;
  const c = rng.int(1, 3);
  const k = [rng.int(1, 4), rng.int(1, 4)];
  const dilation = rng.chance(0.3) ? [rng.int(1, 3), rng.int(1, 2)] : [1, 1];
  const padding = rng.chance(0.5) ? [rng.int(0, 2), rng.int(0, 2)] : [0, 0];
  const stride = rng.chance(0.5) ? [rng.int(1, 3), rng.int(1, 3)] : [1, 1];
  const h = rng.int(1, 9);
  const w = rng.int(1, 12);
  const opts = { kernelSize: intOrPair(rng, k) };
  if (dilation[0] !== 1 || dilation[1] !== 1 || rng.chance(0.1)) opts.dilation = intOrPair(rng, dilation);
  if (padding[0] || padding[1] || rng.chance(0.1)) opts.padding = intOrPair(rng, padding);
  if (stride[0] !== 1 || stride[1] !== 1 || rng.chance(0.1)) opts.stride = intOrPair(rng, stride);
  const fits = (size, d) => Math.floor((size + 2 * padding[d] - (dilation[d] * (k[d] - 1) + 1)) / stride[d]) + 1;
  let note;
  let shape;
  if (op === 'unfold') {
    shape = batched ? [n, c, h, w] : [c, h, w];
    if (rng.chance(0.08)) {
      note = rng.pick(['kernel', 'stride', 'padding', 'rank']);
      if (note === 'kernel') opts.kernelSize = rng.pick([0, [1, 0]]);
      else if (note === 'stride') opts.stride = rng.pick([0, [1, -1]]);
      else if (note === 'padding') opts.padding = [-1, 0];
      else shape = [h, w];
    }
  } else {
    opts.outputSize = intOrPair(rng, [h, w]);
    const blocksL = Math.max(fits(h, 0), 0) * Math.max(fits(w, 1), 0);
    let rows = c * k[0] * k[1];
    let length = Math.max(blocksL, 1);
    if (blocksL < 1 || rng.chance(0.08)) {
      note = blocksL < 1 ? 'too-small' : rng.pick(['length', 'rows', 'output-size', 'rank']);
      if (note === 'length') length += rng.int(1, 2);
      else if (note === 'rows') rows += 1;
      else if (note === 'output-size') opts.outputSize = [0, w];
    }
    shape = batched ? [n, rows, length] : [rows, length];
    if (note === 'rank') shape = [1, ...shape, 1].slice(0, batched ? 4 : 1);
  }
  return { op, input: tensorOf(shape, randomData(rng, numel(shape), { specials: 0.3 })), opts, note };
}

function genAdaptive1d(rng, op) {
  const max = op === 'adaptiveMaxPool1d';
  const batched = rng.chance(0.7);
  const n = batched ? rng.int(1, 3) : 1;
  const c = rng.int(1, 5);
  const length = rng.weighted([[0.6, rng.int(1, 17)], [0.4, rng.int(18, 60)]]);
  let outputSize = rng.weighted([[0.5, rng.int(1, length)], [0.15, 1], [0.15, length],
    [0.15, rng.int(length, length + 6)], [0.05, 0]]);
  if (rng.chance(0.2)) outputSize = [outputSize];
  let shape = batched ? [n, c, length] : [c, length];
  let note;
  if (rng.chance(0.08)) {
    note = rng.pick(['negative', 'rank', 'pair']);
    if (note === 'negative') outputSize = -rng.int(1, 3);
    else if (note === 'rank') shape = rng.pick([[length], [1, n, c, length]]);
    else outputSize = [outputSize, outputSize];
  }
  const opts = { outputSize };
  if (max && rng.chance(0.6)) opts.returnIndices = true;
  const data = randomData(rng, numel(shape), { ties: max ? 0.35 : 0.15, specials: 0.35 });
  return { op, input: tensorOf(shape, data), opts, note };
}

/** A tensor's first row of every plane (H index 0): [.., H, W] → [.., W]. Rank < 2 is kept as it is. */
function firstRow(t) {
  const s = t.shape;
  if (s.length < 2) return t;
  const [h, w] = s.slice(-2);
  const planes = numel(s) / (h * w || 1);
  const data = new Float32Array(planes * w);
  if (h > 0) for (let p = 0; p < planes; p++) data.set(t.data.subarray(p * h * w, p * h * w + w), p * w);
  return tensorOf([...s.slice(0, -2), w], data);
}

/**
 * A 1-D op's configuration: the 2-D op's (with its edge cases and intended rejections) on the first row of
 * each plane, each [h, w] option its w (an int or, sometimes, a list of one), outputSize its last entry.
 */
function genOneDim(rng, op) {
  const op2 = op.replace('1d', '2d');
  const cfg = configFor(op2, Math.floor(rng.next() * 2 ** 32), rng.int(0, 2 ** 30));
  const opts = { ...cfg.opts };
  for (const name of ['kernelSize', 'stride', 'padding', 'dilation', 'outputPadding']) {
    const v = opts[name];
    if (v == null || typeof v === 'string') continue;
    const w = Array.isArray(v) ? v[v.length - 1] : v;
    opts[name] = rng.chance(0.2) ? [w] : w;
  }
  if (opts.outputSize != null) opts.outputSize = [opts.outputSize[opts.outputSize.length - 1]];
  delete opts.divisorOverride;  // F.avg_pool1d has none
  const weight = cfg.weight && firstRow(cfg.weight);
  return { op, input: firstRow(cfg.input), weight, opts, note: cfg.note };
}

/**
 * The configuration at `index` under `seed`: { op, input, weight?, opts, note? }. The op cycles
 * through OPS, so `count` consecutive indices hold count/OPS.length configurations of each op.
 * @param {number} seed
 * @param {number} index
 */
export function configAt(seed, index) {
  return configFor(OPS[index % OPS.length], seed, index);
}

/** A configuration of `op` drawn from the stream of (seed, index): configAt without the cycling. */
export function configFor(op, seed, index) {
  const rng = new Random(mix(seed >>> 0, index));
  switch (op) {
    case 'conv2d':
      return genConv2d(rng);
    case 'convTranspose2d':
      return genConvTranspose2d(rng);
    case 'pad':
      return genPad(rng);
    case 'adaptiveAvgPool2d':
    case 'adaptiveMaxPool2d':
      return genAdaptive(rng, op);
    case 'lpPool2d':
      return genLp(rng);
    case 'maxUnpool2d':
      return genUnpool(rng);
    case 'unfold':
    case 'fold':
      return genIm2col(rng, op);
    case 'adaptiveAvgPool1d':
    case 'adaptiveMaxPool1d':
      return genAdaptive1d(rng, op);
    case 'conv1d':
    case 'convTranspose1d':
    case 'maxPool1d':
    case 'avgPool1d':
      return genOneDim(rng, op);
    default:
      return genPool(rng, op);
  }
}

/** The backward ops and the forward op whose configurations each takes. */
export const GRADIENT_OPS = Object.freeze({ conv2dBackward: 'conv2d', maxPool2dBackward: 'maxPool2d', avgPool2dBackward: 'avgPool2d' });

/**
 * Configuration `index` of a backward op under `seed`: the forward op's configuration (a bias becomes
 * `bias: true`, returnIndices is dropped) and an upstream gradient of the forward output's shape —
 * random values, a few specials, and now and then one element more (a shape PyTorch rejects).
 * Returns { op, gradOutput, input, weight?, opts }.
 */
export function gradientConfigFor(op, seed, index) {
  const forward = configFor(GRADIENT_OPS[op], seed, index);
  const rng = new Random(mix((seed ^ 0x9e3779b9) >>> 0, index));
  const { returnIndices, bias, ...opts } = forward.opts;
  const ref = reference(forward.op, forward.input, forward.weight, opts);
  const shape = ref.error ? [1] : [...ref.shape];
  if (rng.chance(0.05)) shape[shape.length - 1]++;
  if (op === 'conv2dBackward' && bias != null) opts.bias = true;
  const gradOutput = tensorOf(shape, randomData(rng, numel(shape), { ties: 0, specials: 0.1 }));
  return { op, gradOutput, input: forward.input, weight: forward.weight, opts };
}

// ---------------------------------------------------------------------------------------------
// Describing configurations and values
// ---------------------------------------------------------------------------------------------

/** A number as JS source: NaN, Infinity, -0 kept. */
function num(v) {
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function literal(v, maxData) {
  if (ArrayBuffer.isView(v)) {
    if (v.length > maxData) return `<${v.length} values>`;
    return `[${Array.from(v, num).join(',')}]`;
  }
  if (Array.isArray(v)) return `[${v.map((e) => literal(e, maxData)).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, e]) => `${k}:${literal(e, maxData)}`).join(',')}}`;
  if (typeof v === 'number') return num(v);
  return JSON.stringify(v);
}

/**
 * The call as JS source, e.g. `conv2d({shape:[1,1,3,3],data:[…]}, {shape:…}, {stride:2})`, with data
 * written out when a tensor has at most `maxData` elements.
 */
export function describeConfig(cfg, maxData = 96) {
  const args = [cfg.input];
  if (cfg.weight) args.push(cfg.weight);
  args.push(cfg.opts);
  return `${cfg.op}(${args.map((a) => literal(a, maxData)).join(', ')})`;
}

function coords(shape, i) {
  const c = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Running and comparing
// ---------------------------------------------------------------------------------------------

function call(cl, cfg) {
  if (cfg.weight) return cl[cfg.op](cfg.input, cfg.weight, cfg.opts);
  return cl[cfg.op](cfg.input, cfg.opts);
}

const sameExact = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const sameUpToZeroSign = (a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Compares one convlens call with the reference result `ref`; returns null when they agree, else
 * { kind, detail } where `kind` groups failures of one sort.
 *
 * Errors: the same ConvlensError code. Results: the exact shape; max pool values (−0 ≡ +0) and
 * indices exactly; pad values exactly (bit for bit but any NaN); sums per sumAccepts.
 */
export function compare(cl, cfg, ref = reference(cfg.op, cfg.input, cfg.weight, cfg.opts)) {
  let got;
  try {
    got = call(cl, cfg);
  } catch (e) {
    if (!(e instanceof ConvlensError)) return { kind: `${cfg.op}: threw ${e?.name}`, detail: `threw ${e?.name}: ${e?.message}` };
    if (ref.error === e.code) return null;
    if (ref.error) return { kind: `${cfg.op}: error code ${e.code}, expected ${ref.error}`, detail: `threw ${e.code} (${e.message}); PyTorch: ${ref.error} (${ref.reason})` };
    return { kind: `${cfg.op}: rejected a valid call (${e.code})`, detail: `threw ${e.code} (${e.message}); PyTorch returns shape [${ref.shape}]` };
  }
  const output = MAX_OPS.includes(cfg.op) && cfg.opts.returnIndices ? got.output : got;
  if (ref.error) return { kind: `${cfg.op}: accepted a call PyTorch rejects (${ref.error})`, detail: `returned shape [${output?.shape}]; PyTorch: ${ref.error} (${ref.reason})` };
  if (!output || !Array.isArray(output.shape) || !(output.data instanceof Float32Array))
    return { kind: `${cfg.op}: malformed result`, detail: `result ${literal(got, 8)}` };
  if (output.shape.length !== ref.shape.length || output.shape.some((d, i) => d !== ref.shape[i]))
    return { kind: `${cfg.op}: shape`, detail: `shape [${output.shape}], expected [${ref.shape}]` };
  if (output.data.length !== ref.data.length) return { kind: `${cfg.op}: data length`, detail: `${output.data.length} values, expected ${ref.data.length}` };

  const bad = [];
  let badCount = 0;
  let kind = null;
  const note = (i, why, k) => {
    badCount++;
    kind ??= k;
    if (bad.length < 3) bad.push(`[${coords(ref.shape, i)}] ${why}`);
  };
  const g = output.data;
  if (MAX_OPS.includes(cfg.op) || ['pad', 'maxUnpool2d', 'unfold'].includes(cfg.op)) {
    const same = MAX_OPS.includes(cfg.op) ? sameUpToZeroSign : sameExact;
    for (let i = 0; i < g.length; i++) if (!same(g[i], ref.data[i])) note(i, `got ${num(g[i])}, expected ${num(ref.data[i])}`, `${cfg.op}: ${valueClass(ref.data[i])} expected, ${valueClass(g[i])} given`);
    if (MAX_OPS.includes(cfg.op) && cfg.opts.returnIndices) {
      const idx = got.indices;
      if (!idx || !(idx.data instanceof Int32Array) || idx.data.length !== ref.indices.length)
        return { kind: `${cfg.op}: malformed indices`, detail: `indices ${literal(idx, 8)}` };
      for (let i = 0; i < ref.indices.length; i++)
        if (idx.data[i] !== ref.indices[i]) note(i, `index ${idx.data[i]}, expected ${ref.indices[i]} (value ${num(ref.data[i])})`, `${cfg.op}: index (${valueClass(ref.data[i])} maximum)`);
    }
  } else if (cfg.op === 'lpPool2d') {
    for (let i = 0; i < g.length; i++) {
      if (!lpAccepts(g[i], ref, i))
        note(i, `got ${num(g[i])}, expected ${num(ref.data[i])} in [${num(ref.lo[i])}, ${num(ref.hi[i])}]`, `lpPool2d: ${valueClass(ref.data[i])} expected, ${valueClass(g[i])} given`);
    }
  } else {
    for (let i = 0; i < g.length; i++) {
      if (!sumAccepts(g[i], ref.data[i], ref.bound[i], ref.overflow[i])) {
        const why = `got ${num(g[i])}, expected ${num(ref.data[i])} ± ${ref.bound[i].toPrecision(3)} (${ref.terms[i]} terms${ref.overflow[i] ? `, overflow flags ${ref.overflow[i]}` : ''})`;
        note(i, why, `${cfg.op}: ${valueClass(ref.data[i])} expected, ${valueClass(g[i])} given`);
      }
    }
  }
  if (badCount === 0) return null;
  return { kind, detail: `${badCount} of ${g.length} elements differ: ${bad.join('; ')}` };
}

function valueClass(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return 'finite';
}

/**
 * Runs `count` configurations (of the ops in `ops`) from index `startIndex` on, under `seed`,
 * against the loaded module `cl`.
 *
 * @param {{cl: object, seed: number, count: number, ops?: string[], startIndex?: number,
 *   maxFailures?: number}} args `maxFailures` caps the failures kept (all are counted)
 * @returns {{checked: number, rejected: number, failed: number, nextIndex: number,
 *   failures: {seed: number, index: number, op: string, config: string, kind: string, detail: string}[]}}
 *   `rejected` counts configurations PyTorch rejects; replay a failure with configAt(seed, index).
 */
export function runDifferential({ cl, seed, count, ops = OPS, startIndex = 0, maxFailures = 100 }) {
  for (const op of ops) if (!OPS.includes(op)) throw new Error(`unknown op '${op}' (ops: ${OPS.join(', ')})`);
  const failures = [];
  let checked = 0;
  let rejected = 0;
  let failed = 0;
  let index = startIndex;
  for (; checked < count; index++) {
    if (!ops.includes(OPS[index % OPS.length])) continue;
    const cfg = configAt(seed, index);
    let result;
    try {
      const ref = reference(cfg.op, cfg.input, cfg.weight, cfg.opts);
      if (ref.error) rejected++;
      // Twice: the second call repeats the first's shapes and options, so it runs the block and the plan the first
      // one left (staged-calls.js, the bindings' kept plan).
      result = compare(cl, cfg, ref) ?? compare(cl, cfg, ref);
    } catch (e) {
      result = { kind: `${cfg.op}: harness error`, detail: e.stack };
    }
    checked++;
    if (result) {
      failed++;
      if (failures.length < maxFailures)
        failures.push({
          seed, index, op: cfg.op, config: describeConfig(cfg), kind: result.kind, detail: result.detail,
        });
    }
  }
  return { checked, rejected, failed, nextIndex: index, failures };
}

/** One failure as text: where it comes from, the call, and what differs. */
export function formatFailure(f) {
  return `seed ${f.seed} index ${f.index} — ${f.kind}\n  cl.${f.config}\n  ${f.detail}`;
}
