// receptiveField(spec, [n, c, y, x]) must reproduce the op: for seeded random configurations, every
// output element is recomputed from the taps and the tensors' data and compared with the op's output.
// The taps' structure (coordinates, padding-mode mapping, flat indices, completeness) is checked too.
// Set CONVLENS_SEED=<int> to try other configurations; the seed is printed in every failure message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  loadVariants,
  baseSeed,
  mulberry32,
  randInt,
  pick,
  randomTensor,
  flatIndex,
  unflatIndex,
  closeTo,
  product,
  tutorialTensors,
} from './helpers.mjs';

const variants = await loadVariants();
const SEED = baseSeed();
const CONFIGS_PER_OP = 40;

const pair = (v) => (Array.isArray(v) ? v : [v, v]);
/** An int option given as a number or an [h, w] pair, at random; both axes equal when a number. */
const intOpt = (rng, lo, hi) => (rng() < 0.4 ? randInt(rng, lo, hi) : [randInt(rng, lo, hi), randInt(rng, lo, hi)]);

/** Where a padded coordinate reads from, under each padding mode; null = zero padding. */
function mapCoord(i, size, mode) {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'zeros':
      return null;
    case 'reflect':
      return i < 0 ? -i : 2 * (size - 1) - i;
    case 'replicate':
      return i < 0 ? 0 : size - 1;
    case 'circular':
      return ((i % size) + size) % size;
    default:
      throw new Error(mode);
  }
}

// ---------------------------------------------------------------------------------------------
// Random configurations. Each returns { spec, input, weight?, bias?, opts, geom } where geom holds the
// test's own resolved geometry (for the structural checks).
// ---------------------------------------------------------------------------------------------

function genConv2d(rng) {
  for (;;) {
    const g = pick(rng, [1, 1, 2, 3]);
    const cinG = randInt(rng, 1, 2);
    const coutG = randInt(rng, 1, 2);
    const N = randInt(rng, 1, 2);
    const H = randInt(rng, 3, 7);
    const W = randInt(rng, 3, 7);
    const k = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
    const opts = {};
    const dil = rng() < 0.5 ? intOpt(rng, 1, 2) : undefined;
    if (dil !== undefined) opts.dilation = dil;
    const d = pair(dil ?? 1);
    const mode = pick(rng, ['zeros', 'reflect', 'replicate', 'circular', undefined]);
    if (mode) opts.paddingMode = mode;
    const kind = pick(rng, ['int', 'int', 'same', 'valid', 'none']);
    let pads; // [[top, bottom], [left, right]]
    let s = [1, 1];
    if (kind === 'same') {
      opts.padding = 'same';
      pads = [0, 1].map((a) => {
        const total = d[a] * (k[a] - 1);
        return [Math.floor(total / 2), total - Math.floor(total / 2)];
      });
      if (rng() < 0.3) opts.stride = 1;
    } else {
      if (kind === 'int') {
        opts.padding = intOpt(rng, 0, 2);
        pads = pair(opts.padding).map((p) => [p, p]);
      } else {
        if (kind === 'valid') opts.padding = 'valid';
        pads = [
          [0, 0],
          [0, 0],
        ];
      }
      if (rng() < 0.7) {
        opts.stride = intOpt(rng, 1, 3);
        s = pair(opts.stride);
      }
    }
    if (g > 1 || rng() < 0.2) opts.groups = g;
    const inSz = [H, W];
    const ok = [0, 1].every((a) => inSz[a] + pads[a][0] + pads[a][1] >= d[a] * (k[a] - 1) + 1);
    if (!ok) continue;
    const rf = mode ?? 'zeros';
    const input = randomTensor(rng, [N, g * cinG, H, W]);
    const weight = randomTensor(rng, [g * coutG, cinG, k[0], k[1]]);
    const bias = rng() < 0.6 ? randomTensor(rng, [g * coutG]) : undefined;
    const spec = { op: 'conv2d', inputShape: input.shape, weightShape: weight.shape, ...opts };
    return { spec, input, weight, bias, opts, geom: { g, cinG, coutG, k, d, s, pads, mode: rf } };
  }
}

function genConvTranspose2d(rng) {
  for (;;) {
    const g = pick(rng, [1, 1, 2, 3]);
    const cinG = randInt(rng, 1, 2);
    const coutG = randInt(rng, 1, 2);
    const N = randInt(rng, 1, 2);
    const H = randInt(rng, 2, 5);
    const W = randInt(rng, 2, 5);
    const k = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
    const opts = {};
    const s = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
    const d = [randInt(rng, 1, 2), randInt(rng, 1, 2)];
    const p = [randInt(rng, 0, 2), randInt(rng, 0, 2)];
    if (rng() < 0.8) opts.stride = s[0] === s[1] && rng() < 0.5 ? s[0] : [...s];
    else s[0] = s[1] = 1;
    if (rng() < 0.6) opts.dilation = [...d];
    else d[0] = d[1] = 1;
    if (rng() < 0.7) opts.padding = [...p];
    else p[0] = p[1] = 0;
    const inSz = [H, W];
    const minOut = [0, 1].map((a) => (inSz[a] - 1) * s[a] - 2 * p[a] + d[a] * (k[a] - 1) + 1);
    let op = [0, 0];
    if (rng() < 0.25) {
      // output_size: anywhere in PyTorch's valid range [min, min + stride − 1]
      const size = [0, 1].map((a) => minOut[a] + randInt(rng, 0, s[a] - 1));
      opts.outputSize = size;
      op = [0, 1].map((a) => size[a] - minOut[a]);
    } else if (rng() < 0.6) {
      op = [0, 1].map((a) => randInt(rng, 0, Math.max(s[a], d[a]) - 1));
      opts.outputPadding = [...op];
    }
    if (g > 1 || rng() < 0.2) opts.groups = g;
    if (![0, 1].every((a) => minOut[a] + op[a] >= 1)) continue;
    const input = randomTensor(rng, [N, g * cinG, H, W]);
    const weight = randomTensor(rng, [g * cinG, coutG, k[0], k[1]]);
    const bias = rng() < 0.6 ? randomTensor(rng, [g * coutG]) : undefined;
    const spec = { op: 'convTranspose2d', inputShape: input.shape, weightShape: weight.shape, ...opts };
    return { spec, input, weight, bias, opts, geom: { g, cinG, coutG, k, d, s, p, op } };
  }
}

/** PyTorch's pooling_output_shape for one axis (with the ceil-mode "last window starts inside" rule). */
function poolOut(size, k, s, p, d, ceil) {
  const num = size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let out = Math.floor(num / s) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

function genPool(rng, op) {
  for (;;) {
    const N = randInt(rng, 1, 2);
    const C = randInt(rng, 1, 3);
    const H = randInt(rng, 3, 7);
    const W = randInt(rng, 3, 7);
    const k = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
    const opts = { kernelSize: k[0] === k[1] && rng() < 0.5 ? k[0] : [...k] };
    let s = [...k];
    if (rng() < 0.6) {
      s = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
      opts.stride = [...s];
    }
    const p = [randInt(rng, 0, Math.floor(k[0] / 2)), randInt(rng, 0, Math.floor(k[1] / 2))];
    if (p[0] || p[1] || rng() < 0.2) opts.padding = [...p];
    const d = [1, 1];
    if (op === 'maxPool2d' && rng() < 0.5) {
      d[0] = randInt(rng, 1, 2);
      d[1] = randInt(rng, 1, 2);
      opts.dilation = [...d];
    }
    const ceil = rng() < 0.5;
    if (ceil || rng() < 0.3) opts.ceilMode = ceil;
    if (op === 'avgPool2d') {
      if (rng() < 0.7) opts.countIncludePad = rng() < 0.5;
      if (rng() < 0.25) opts.divisorOverride = randInt(rng, 1, 5);
    } else if (rng() < 0.5) {
      opts.returnIndices = true;
    }
    const out = [poolOut(H, k[0], s[0], p[0], d[0], ceil), poolOut(W, k[1], s[1], p[1], d[1], ceil)];
    if (out[0] < 1 || out[1] < 1) continue;
    const input = randomTensor(rng, [N, C, H, W]);
    const spec = { op, inputShape: input.shape, ...opts };
    return { spec, input, opts, geom: { k, s, p, d, ceil } };
  }
}

// ---------------------------------------------------------------------------------------------
// Running and checking one configuration
// ---------------------------------------------------------------------------------------------

function runOp(cl, cfg) {
  const op = cfg.spec.op;
  if (op === 'conv2d' || op === 'convTranspose2d') {
    const opts = { ...cfg.opts };
    if (cfg.bias) opts.bias = cfg.bias;
    return { output: cl[op](cfg.input, cfg.weight, opts) };
  }
  const r = cl[op](cfg.input, cfg.opts);
  return cfg.opts.returnIndices ? r : { output: r };
}

const fmtTap = (t) => JSON.stringify(t);

/** Structural checks of one tap shared by all ops: flat indices agree with the coordinates. */
function checkTapIndices(tap, cfg, where) {
  assert.ok(Array.isArray(tap.input) && tap.input.length === 4, `${where}: tap.input ${fmtTap(tap)}`);
  if (tap.source === null) {
    assert.equal(tap.inputIndex, -1, `${where}: null source must have inputIndex −1: ${fmtTap(tap)}`);
  } else {
    assert.ok(Array.isArray(tap.source) && tap.source.length === 4, `${where}: tap.source ${fmtTap(tap)}`);
    const [n, c, sy, sx] = tap.source;
    const [, , H, W] = cfg.input.shape;
    assert.ok(sy >= 0 && sy < H && sx >= 0 && sx < W, `${where}: source outside the input: ${fmtTap(tap)}`);
    assert.equal(tap.inputIndex, flatIndex(cfg.input.shape, tap.source), `${where}: inputIndex ≠ flat(source): ${fmtTap(tap)}`);
    assert.equal(tap.source[0], tap.input[0], `${where}: source batch ≠ input batch: ${fmtTap(tap)}`);
    assert.equal(tap.source[1], tap.input[1], `${where}: source channel ≠ input channel: ${fmtTap(tap)}`);
    void n;
    void c;
  }
  if (cfg.weight) {
    assert.ok(Array.isArray(tap.weight) && tap.weight.length === 4, `${where}: tap.weight ${fmtTap(tap)}`);
    assert.equal(tap.weightIndex, flatIndex(cfg.weight.shape, tap.weight), `${where}: weightIndex ≠ flat(weight): ${fmtTap(tap)}`);
  } else {
    assert.equal(tap.weight, null, `${where}: pools have weight null: ${fmtTap(tap)}`);
    assert.equal(tap.weightIndex, -1, `${where}: pools have weightIndex −1: ${fmtTap(tap)}`);
  }
}

function checkConv2dTaps(rf, cfg, [n, c, y, x], where) {
  const { g, cinG, coutG, k, d, s, pads, mode } = cfg.geom;
  const [, , H, W] = cfg.input.shape;
  const grp = Math.floor(c / coutG);
  assert.equal(rf.taps.length, cinG * k[0] * k[1], `${where}: conv2d lists every kernel position (${cinG}·${k[0]}·${k[1]}), got ${rf.taps.length}`);
  const seen = new Set();
  for (const tap of rf.taps) {
    checkTapIndices(tap, cfg, where);
    const [o, i, ky, kx] = tap.weight;
    assert.equal(o, c, `${where}: weight out-channel ≠ c: ${fmtTap(tap)}`);
    assert.ok(i >= 0 && i < cinG && ky >= 0 && ky < k[0] && kx >= 0 && kx < k[1], `${where}: weight position out of range: ${fmtTap(tap)}`);
    const key = `${i},${ky},${kx}`;
    assert.ok(!seen.has(key), `${where}: weight position listed twice: ${fmtTap(tap)}`);
    seen.add(key);
    const iy = y * s[0] - pads[0][0] + ky * d[0];
    const ix = x * s[1] - pads[1][0] + kx * d[1];
    assert.deepEqual(tap.input, [n, grp * cinG + i, iy, ix], `${where}: tap input position for weight [${tap.weight}] (groups ${g})`);
    const my = mapCoord(iy, H, mode);
    const mx = mapCoord(ix, W, mode);
    const expectSource = my === null || mx === null ? null : [n, grp * cinG + i, my, mx];
    assert.deepEqual(tap.source, expectSource, `${where}: source of padded position (${iy}, ${ix}) under '${mode}'`);
  }
}

function checkConvTranspose2dTaps(rf, cfg, [n, c, y, x], where) {
  const { cinG, coutG, k, d, s, p } = cfg.geom;
  const [, , H, W] = cfg.input.shape;
  const grp = Math.floor(c / coutG);
  const local = c - grp * coutG;
  // brute force: every (ci, ky, kx, iy, ix) whose scatter lands on (y, x)
  let expected = 0;
  for (let i = 0; i < cinG; i++)
    for (let ky = 0; ky < k[0]; ky++)
      for (let kx = 0; kx < k[1]; kx++)
        for (let iy = 0; iy < H; iy++)
          for (let ix = 0; ix < W; ix++)
            if (iy * s[0] - p[0] + ky * d[0] === y && ix * s[1] - p[1] + kx * d[1] === x) expected++;
  assert.equal(rf.taps.length, expected, `${where}: convTranspose2d tap count`);
  const seen = new Set();
  for (const tap of rf.taps) {
    checkTapIndices(tap, cfg, where);
    assert.notEqual(tap.source, null, `${where}: transposed taps read real input cells: ${fmtTap(tap)}`);
    assert.deepEqual(tap.source, tap.input, `${where}: transposed taps have source = input: ${fmtTap(tap)}`);
    const [ci, o, ky, kx] = tap.weight;
    const [tn, tci, iy, ix] = tap.input;
    assert.equal(tn, n, `${where}: batch: ${fmtTap(tap)}`);
    assert.equal(tci, ci, `${where}: input channel ≠ weight in-channel: ${fmtTap(tap)}`);
    assert.equal(Math.floor(ci / cinG), grp, `${where}: input channel outside the group of c=${c}: ${fmtTap(tap)}`);
    assert.equal(o, local, `${where}: weight out-channel should be ${local}: ${fmtTap(tap)}`);
    assert.equal(iy * s[0] - p[0] + ky * d[0], y, `${where}: tap does not scatter to row ${y}: ${fmtTap(tap)}`);
    assert.equal(ix * s[1] - p[1] + kx * d[1], x, `${where}: tap does not scatter to column ${x}: ${fmtTap(tap)}`);
    const key = `${ci},${ky},${kx},${iy},${ix}`;
    assert.ok(!seen.has(key), `${where}: tap listed twice: ${fmtTap(tap)}`);
    seen.add(key);
  }
}

function checkPoolTaps(rf, cfg, [n, c, y, x], where) {
  const { k, s, p, d } = cfg.geom;
  const [, , H, W] = cfg.input.shape;
  const window = new Set();
  const inBounds = new Set();
  for (let ky = 0; ky < k[0]; ky++)
    for (let kx = 0; kx < k[1]; kx++) {
      const iy = y * s[0] - p[0] + ky * d[0];
      const ix = x * s[1] - p[1] + kx * d[1];
      window.add(`${iy},${ix}`);
      if (iy >= 0 && iy < H && ix >= 0 && ix < W) inBounds.add(`${iy},${ix}`);
    }
  const real = new Set();
  for (const tap of rf.taps) {
    checkTapIndices(tap, cfg, where);
    const [tn, tc, iy, ix] = tap.input;
    assert.equal(tn, n, `${where}: batch: ${fmtTap(tap)}`);
    assert.equal(tc, c, `${where}: pools read their own channel: ${fmtTap(tap)}`);
    assert.ok(window.has(`${iy},${ix}`), `${where}: tap outside the window: ${fmtTap(tap)}`);
    const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
    if (inside) {
      assert.deepEqual(tap.source, tap.input, `${where}: in-bounds pool tap must read itself: ${fmtTap(tap)}`);
      assert.ok(!real.has(`${iy},${ix}`), `${where}: tap listed twice: ${fmtTap(tap)}`);
      real.add(`${iy},${ix}`);
    } else {
      assert.equal(tap.source, null, `${where}: padding tap must have source null: ${fmtTap(tap)}`);
    }
  }
  assert.deepEqual([...real].sort(), [...inBounds].sort(), `${where}: the in-bounds window positions`);
}

/** PyTorch's avg_pool2d divisor for output (y, x). */
function avgDivisor(cfg, y, x) {
  const { k, s, p } = cfg.geom;
  const [, , H, W] = cfg.input.shape;
  if (cfg.opts.divisorOverride) return cfg.opts.divisorOverride;
  let h0 = y * s[0] - p[0];
  let w0 = x * s[1] - p[1];
  let h1 = Math.min(h0 + k[0], H + p[0]);
  let w1 = Math.min(w0 + k[1], W + p[1]);
  const poolSize = (h1 - h0) * (w1 - w0);
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, H);
  w1 = Math.min(w1, W);
  return cfg.opts.countIncludePad === false ? (h1 - h0) * (w1 - w0) : poolSize;
}

/** The value the receptive field says output element `at` has. */
function recompute(rf, cfg) {
  const op = cfg.spec.op;
  if (op === 'conv2d' || op === 'convTranspose2d') {
    let sum = cfg.bias ? cfg.bias.data[rf.bias] : 0;
    for (const t of rf.taps) {
      if (t.inputIndex >= 0) sum += cfg.input.data[t.inputIndex] * cfg.weight.data[t.weightIndex];
    }
    return sum;
  }
  if (op === 'maxPool2d') {
    let m = -Infinity;
    for (const t of rf.taps) {
      const v = t.inputIndex >= 0 ? cfg.input.data[t.inputIndex] : -Infinity;
      if (Number.isNaN(v)) return NaN;
      if (v > m) m = v;
    }
    return m;
  }
  let sum = 0;
  for (const t of rf.taps) if (t.source !== null) sum += cfg.input.data[t.inputIndex];
  return sum / rf.divisor;
}

function checkConfig(cl, variant, cfg, seed, idx) {
  const tag = `[${variant}] seed ${seed} config #${idx} ${JSON.stringify(cfg.spec)}${cfg.bias ? ' +bias' : ''}`;
  const { output, indices } = runOp(cl, cfg);
  const info = cl.outputShape(cfg.spec);
  assert.deepEqual([...output.shape], [...info.shape], `${tag}: op shape vs outputShape`);
  const total = product(output.shape);
  for (let flat = 0; flat < total; flat++) {
    const at = unflatIndex(output.shape, flat);
    const where = `${tag} output [${at}]`;
    const rf = cl.receptiveField(cfg.spec, at);
    assert.deepEqual(rf.output, at, `${where}: rf.output`);
    assert.ok(Array.isArray(rf.taps), `${where}: rf.taps is not an array`);
    const op = cfg.spec.op;
    if (op === 'conv2d') checkConv2dTaps(rf, cfg, at, where);
    else if (op === 'convTranspose2d') checkConvTranspose2dTaps(rf, cfg, at, where);
    else checkPoolTaps(rf, cfg, at, where);
    if (op === 'conv2d' || op === 'convTranspose2d') {
      assert.equal(rf.bias, at[1], `${where}: rf.bias is the output channel`);
    } else {
      assert.equal(rf.bias, null, `${where}: pools have bias null`);
    }
    if (op === 'avgPool2d') {
      assert.equal(rf.divisor, avgDivisor(cfg, at[2], at[3]), `${where}: avg pool divisor`);
    }
    const want = recompute(rf, cfg);
    const got = output.data[flat];
    assert.ok(closeTo(got, want), `${where}: op gives ${got}, receptive field gives ${want} (taps ${JSON.stringify(rf.taps)})`);
    if (indices) {
      // PyTorch's index: flat h·W + w inside the (n, c) plane of the first maximum in scan order
      const W = cfg.input.shape[3];
      let best = null;
      for (const t of rf.taps) {
        if (t.source === null) continue;
        const v = cfg.input.data[t.inputIndex];
        const pos = t.source[2] * W + t.source[3];
        if (best === null || v > best.v || (v === best.v && pos < best.pos)) best = { v, pos };
      }
      assert.equal(indices.data[flat], best.pos, `${where}: max index`);
    }
  }
}

const GENERATORS = {
  conv2d: genConv2d,
  convTranspose2d: genConvTranspose2d,
  maxPool2d: (rng) => genPool(rng, 'maxPool2d'),
  avgPool2d: (rng) => genPool(rng, 'avgPool2d'),
};

for (const { name: variant, cl } of variants) {
  describe(`receptiveField reproduces the op [${variant}]`, () => {
    for (const [op, gen] of Object.entries(GENERATORS)) {
      test(`${op}: ${CONFIGS_PER_OP} random configurations (seed ${SEED})`, () => {
        // one PRNG per op, so adding configurations to one op doesn't change the others
        const opSeed = (SEED ^ [...op].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 7)) >>> 0;
        const rng = mulberry32(opSeed);
        for (let i = 0; i < CONFIGS_PER_OP; i++) checkConfig(cl, variant, gen(rng), `${SEED} (${op} stream ${opSeed})`, i);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Hand-worked cases
// ---------------------------------------------------------------------------------------------

const cl = variants[0].cl;
const { input: tx, kernel: tk } = tutorialTensors();
const tutSpec = (extra) => ({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], ...extra });

describe('receptiveField: hand-worked cases', () => {
  test('tutorial stride 1, output (0,0,0,0): 9 taps over the top-left 3×3, sum 10', () => {
    const rf = cl.receptiveField(tutSpec({}), [0, 0, 0, 0]);
    assert.deepEqual(rf.output, [0, 0, 0, 0]);
    assert.equal(rf.taps.length, 9);
    const positions = rf.taps.map((t) => `${t.input[2]},${t.input[3]}`).sort();
    assert.deepEqual(positions, ['0,0', '0,1', '0,2', '1,0', '1,1', '1,2', '2,0', '2,1', '2,2']);
    for (const t of rf.taps) {
      assert.deepEqual(t.source, t.input);
      assert.deepEqual(t.weight, [0, 0, t.input[2], t.input[3]], 'stride 1, no padding: weight (ky,kx) = input (iy,ix)');
      assert.equal(t.inputIndex, t.input[2] * 5 + t.input[3]);
      assert.equal(t.weightIndex, t.weight[2] * 3 + t.weight[3]);
    }
    const sum = rf.taps.reduce((a, t) => a + tx.data[t.inputIndex] * tk.data[t.weightIndex], 0);
    assert.equal(sum, 10);
    assert.equal(rf.bias, 0);
  });

  test('tutorial stride 1, output (0,0,2,1): taps start at row 2, column 1, sum 9', () => {
    const rf = cl.receptiveField(tutSpec({}), [0, 0, 2, 1]);
    const rows = rf.taps.map((t) => t.input[2]);
    const cols = rf.taps.map((t) => t.input[3]);
    assert.equal(Math.min(...rows), 2);
    assert.equal(Math.max(...rows), 4);
    assert.equal(Math.min(...cols), 1);
    assert.equal(Math.max(...cols), 3);
    const sum = rf.taps.reduce((a, t) => a + tx.data[t.inputIndex] * tk.data[t.weightIndex], 0);
    assert.equal(sum, 9);
  });

  test('tutorial stride 2 padding 1, output (0,0,0,0): padding taps at iy = −1 / ix = −1 with source null, sum 1', () => {
    const rf = cl.receptiveField(tutSpec({ stride: 2, padding: 1 }), [0, 0, 0, 0]);
    assert.equal(rf.taps.length, 9, 'padding positions are listed too');
    const padTaps = rf.taps.filter((t) => t.input[2] === -1 || t.input[3] === -1);
    assert.equal(padTaps.length, 5);
    for (const t of padTaps) {
      assert.equal(t.source, null, `padding tap ${JSON.stringify(t)}`);
      assert.equal(t.inputIndex, -1);
      assert.ok(t.weightIndex >= 0, 'padding taps still name their weight position');
    }
    assert.ok(rf.taps.some((t) => t.input[2] === -1 && t.input[3] === -1 && t.weight[2] === 0 && t.weight[3] === 0));
    const real = rf.taps.filter((t) => t.source !== null);
    assert.deepEqual(real.map((t) => `${t.input[2]},${t.input[3]}`).sort(), ['0,0', '0,1', '1,0', '1,1']);
    const sum = real.reduce((a, t) => a + tx.data[t.inputIndex] * tk.data[t.weightIndex], 0);
    assert.equal(sum, 1);
  });

  test('tutorial stride 2 padding 1, output (0,0,2,2): taps reach row/column 5 (past the edge)', () => {
    const rf = cl.receptiveField(tutSpec({ stride: 2, padding: 1 }), [0, 0, 2, 2]);
    assert.ok(rf.taps.some((t) => t.input[2] === 5 && t.source === null));
    const sum = rf.taps.filter((t) => t.source).reduce((a, t) => a + tx.data[t.inputIndex] * tk.data[t.weightIndex], 0);
    assert.equal(sum, 4);
  });

  for (const [mode, src, idx] of [
    ['reflect', [0, 0, 1, 1], 6],
    ['replicate', [0, 0, 0, 0], 0],
    ['circular', [0, 0, 4, 4], 24],
  ]) {
    test(`${mode} padding: tap at (−1, −1) reads source [${src}]`, () => {
      const rf = cl.receptiveField(tutSpec({ padding: 1, paddingMode: mode }), [0, 0, 0, 0]);
      const corner = rf.taps.find((t) => t.input[2] === -1 && t.input[3] === -1);
      assert.ok(corner, 'the corner tap is listed');
      assert.deepEqual(corner.source, src);
      assert.equal(corner.inputIndex, idx);
      assert.deepEqual(corner.weight, [0, 0, 0, 0]);
      const out = cl.conv2d(tx, tk, { padding: 1, paddingMode: mode });
      const sum = rf.taps.reduce((a, t) => a + tx.data[t.inputIndex] * tk.data[t.weightIndex], 0);
      assert.equal(out.data[0], sum);
    });
  }

  test('reflect padding at the bottom-right: (5, 5) mirrors to (3, 3)', () => {
    const rf = cl.receptiveField(tutSpec({ padding: 1, paddingMode: 'reflect' }), [0, 0, 4, 4]);
    const corner = rf.taps.find((t) => t.input[2] === 5 && t.input[3] === 5);
    assert.deepEqual(corner.source, [0, 0, 3, 3]);
    assert.equal(corner.inputIndex, 18);
  });

  test('MaxPool2d(3, ceil_mode=True), output (0,0,1,1): the partial window, max 1, no weights', () => {
    const spec = { op: 'maxPool2d', inputShape: [1, 1, 5, 5], kernelSize: 3, ceilMode: true };
    const rf = cl.receptiveField(spec, [0, 0, 1, 1]);
    const real = rf.taps.filter((t) => t.source !== null);
    assert.deepEqual(real.map((t) => `${t.input[2]},${t.input[3]}`).sort(), ['3,3', '3,4', '4,3', '4,4']);
    for (const t of rf.taps) {
      assert.equal(t.weight, null);
      assert.equal(t.weightIndex, -1);
    }
    assert.equal(rf.bias, null);
    assert.equal(Math.max(...real.map((t) => tx.data[t.inputIndex])), 1);
  });

  test('avgPool2d(3, padding 1) at the corner: divisor 9 / 4 / divisorOverride', () => {
    const base = { op: 'avgPool2d', inputShape: [1, 1, 5, 5], kernelSize: 3, stride: 2, padding: 1 };
    const inc = cl.receptiveField(base, [0, 0, 0, 0]);
    assert.equal(inc.divisor, 9);
    assert.equal(inc.taps.filter((t) => t.source !== null).length, 4);
    assert.equal(cl.receptiveField({ ...base, countIncludePad: false }, [0, 0, 0, 0]).divisor, 4);
    assert.equal(cl.receptiveField({ ...base, divisorOverride: 7 }, [0, 0, 0, 0]).divisor, 7);
    const sum = inc.taps.filter((t) => t.source !== null).reduce((a, t) => a + tx.data[t.inputIndex], 0);
    assert.equal(sum, 4); // 1 + 2 + 0 + 1
    const out = cl.avgPool2d(tx, { kernelSize: 3, stride: 2, padding: 1 });
    assert.ok(closeTo(out.data[0], 4 / 9));
  });

  test('convTranspose2d stride 2, kernel 2: output (0,0,1,1) comes from input (0,0) and weight (1,1) only', () => {
    const spec = { op: 'convTranspose2d', inputShape: [1, 1, 2, 2], weightShape: [1, 1, 2, 2], stride: 2 };
    const rf = cl.receptiveField(spec, [0, 0, 1, 1]);
    assert.equal(rf.taps.length, 1);
    assert.deepEqual(rf.taps[0].input, [0, 0, 0, 0]);
    assert.deepEqual(rf.taps[0].source, [0, 0, 0, 0]);
    assert.deepEqual(rf.taps[0].weight, [0, 0, 1, 1]);
    assert.equal(rf.taps[0].inputIndex, 0);
    assert.equal(rf.taps[0].weightIndex, 3);
    assert.equal(rf.bias, 0);
  });

  test('convTranspose2d stride 1, kernel 3: the centre output of a 3×3 input gets all 9 pairs', () => {
    const spec = { op: 'convTranspose2d', inputShape: [1, 1, 3, 3], weightShape: [1, 1, 3, 3], padding: 1 };
    const rf = cl.receptiveField(spec, [0, 0, 1, 1]);
    assert.equal(rf.taps.length, 9);
    for (const t of rf.taps) {
      // oy = iy − 1 + ky = 1  ⇒  ky = 2 − iy
      assert.equal(t.weight[2], 2 - t.input[2]);
      assert.equal(t.weight[3], 2 - t.input[3]);
    }
  });

  test('conv2d with groups: output channel 3 of groups=2 reads input channels 2–3 only', () => {
    const spec = { op: 'conv2d', inputShape: [1, 4, 4, 4], weightShape: [4, 2, 2, 2], groups: 2 };
    const rf = cl.receptiveField(spec, [0, 3, 0, 0]);
    assert.equal(rf.taps.length, 8);
    assert.deepEqual([...new Set(rf.taps.map((t) => t.input[1]))].sort(), [2, 3]);
    assert.ok(rf.taps.every((t) => t.weight[0] === 3 && t.weight[1] === t.input[1] - 2));
    assert.equal(rf.bias, 3);
  });
});
