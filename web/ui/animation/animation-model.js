// The animation-frame model: a state (and its computed result) → the frames of the sliding-window
// animation, in conv_arithmetic's terms (input grid with its padding ring, the kernel footprint,
// the output filling in). Pure (no DOM); animation-render.js draws a frame, the tests check that
// what is drawn is exactly what is summed.
//
// Every tap drawn comes from the API's receptiveFields() of the output plane being animated (one call):
//   direct view (conv2d, pools, and convTranspose2d as its equivalent direct convolution): one step
//     per output cell, the window = that cell's taps;
//   scatter view (convTranspose2d): one step per input cell of the group, which adds
//     input · weight into the output cells whose taps name it.
// For convTranspose2d's direct view the input is drawn stretched: stride − 1 zeros between input
// cells, d·(k − 1) − p rows/columns of padding on each side and output_padding more at the
// bottom/right; the (flipped) kernel slides over it with stride 1. Its non-zero cells under the
// window are exactly the API's taps (tests/js/ui-animation-model.test.mjs).
import { apiSpec } from '../model/compute.js';
import { explainContext, explainOutput } from '../model/explain.js';
import { paddingRing } from '../model/padding-ring.js';
import { formatValue } from '../model/numbers.js';
import { plane4 } from '../model/tensors.js';
import { CONV_OPS, planeOp, poolKind } from '../model/ops.js';

/** Larger animations are not built (the panel says so): cells drawn per frame, and steps. */
export const ANIM_LIMITS = Object.freeze({ cells: 3000, steps: 4096 });

/** The two views of convTranspose2d. */
export const ANIM_VIEWS = ['direct', 'scatter'];

/** Input-grid cell kinds. */
export const CELL = Object.freeze({
  input: 'in', // a real input cell
  pad: 'pad', // padding (zeros / −∞ / a reflected copy)
  zero: 'zero', // convTranspose2d direct view: a zero inserted between input cells (stride − 1)
  outPad: 'opad', // convTranspose2d direct view: output_padding rows/columns (bottom/right)
  over: 'over', // pools with ceil_mode: beyond the padding
});

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

/** The input channels output channel `c` reads: its group (conv ops) or the channel itself (pools). */
export function groupChannels(s, c) {
  const cin = s.tensors.input.shape[1];
  // unfold's row c copies channel c / (kh·kw); fold's channel c sums rows c·kh·kw … (c + 1)·kh·kw − 1
  const area = [s.kernel_size].flat().reduce((a, b) => a * b, 1);
  if (s.op === 'unfold') return { channels: [Math.floor(c / area)], group: 0, groups: 1 };
  if (s.op === 'fold') return { channels: Array.from({ length: area }, (_, i) => c * area + i), group: 0, groups: 1 };
  if (!CONV_OPS.includes(s.op)) return { channels: [c], group: 0, groups: 1 };
  const g = s.groups;
  const coutPerGroup = s.out_channels / g;
  const cinPerGroup = cin / g;
  const group = Math.floor(c / coutPerGroup);
  return { channels: Array.from({ length: cinPerGroup }, (_, i) => group * cinPerGroup + i), group, groups: g };
}

/** The output planes ([n, c]) of a computed result. */
export function outputPlanes(result) {
  const [N, C] = result.output.shape;
  const planes = [];
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) planes.push([n, c]);
  return planes;
}

/**
 * A map in field-map.js's layout for the outputs of one plane only (keys are global flat indices),
 * so that explain.js's explainOutput() writes the arithmetic of each step.
 */
function planeMap(s, outShape, rfs, firstFlat) {
  const offsets = {};
  const bias = {};
  const divisor = poolKind(s.op) === 'avg' ? {} : null;
  const tapC = [];
  const tapY = [];
  const tapX = [];
  const source = [];
  const weight = [];
  rfs.forEach((rf, i) => {
    const o = firstFlat + i;
    offsets[o] = tapC.length;
    for (const t of rf.taps) {
      tapC.push(t.input[1]);
      tapY.push(t.input[2]);
      tapX.push(t.input[3]);
      source.push(t.inputIndex);
      weight.push(t.weightIndex);
    }
    offsets[o + 1] = tapC.length;
    bias[o] = rf.bias ?? -1;
    if (divisor) divisor[o] = rf.divisor;
  });
  return { outShape, offsets, tapC, tapY, tapX, source, weight, bias, divisor };
}

/** A receptiveFields() answer per output, with what the animation reads of receptiveField()'s taps. */
function planeFields(f) {
  return Array.from({ length: f.count }, (_, i) => {
    const taps = [];
    for (let t = f.offsets[i]; t < f.offsets[i + 1]; t++)
      taps.push({
        input: f.input.map((column) => column[t]), inputIndex: f.inputIndex[t], weightIndex: f.weightIndex[t],
      });
    return { taps, bias: f.bias ? f.bias[i] : null, divisor: f.divisor?.[i] };
  });
}

/**
 * Builds the animation of a state whose op ran (`result` = compute.js evaluate()'s ok result).
 * opts: { view: 'direct' | 'scatter' (scatter: convTranspose2d only), batch, channel (clamped),
 *   cache, cacheKey (optional: a { key, rfs } object reused while cacheKey stays the same) }.
 * Returns { ok: true, model } or { ok: false, key, params } (an i18n key: too large to animate).
 * model: {
 *   op, view, n, c, channels (input channels read), group, groups, axes (outputShape's),
 *   inGrid: { rows, cols, top, left, kinds[cell], cropped[cell], values[plane][cell] (number | null) },
 *   outGrid: { rows, cols, top, left, crop[cell] (scatter: cells cropped away by padding), values (final) },
 *   steps: [{ out?: { r, c, flat, value }, in?: { plane, r, c, flat, value },
 *             cells: [{ plane, r, c, read, weight, inputIndex, weightIndex }] (direct: the window),
 *             targets: [{ r, c, add, weight, weightIndex, cropped }] (scatter),
 *             outline?: { r0, c0, r1, c1 }, winner?: { plane, r, c }, divisor?, sum, text, notes }],
 *   ghosts: [{ r0, c0, r1, c1 }] (ceil_mode windows dropped because they would start in the right padding),
 *   kinds: Set of the cell kinds present, bias (Float32Array | null)
 * }
 */
export function buildAnimation(cl, s, result, opts = {}) {
  // where MaxUnpool2d writes depends on the indices' values, not on a receptive field: the playground's
  // editors animate it with unpool-animation.js (animation-view.js opts.build)
  if (s.op === 'maxUnpool2d') return { ok: false, key: 'animUnavailable', params: {} };
  const [N, C, Ho, Wo] = plane4(result.output.shape);
  const n = clamp(opts.batch ?? 0, 0, N - 1);
  const c = clamp(opts.channel ?? 0, 0, C - 1);
  const view = planeOp(s.op) === 'convTranspose2d' && opts.view === 'scatter' ? 'scatter' : 'direct';
  const { channels, group, groups } = groupChannels(s, c);
  const [, Cin, H, W] = plane4(s.tensors.input.shape);
  const info = result.info;
  const [ay, ax] = info.axes;

  // size check before any receptiveFields call
  let inRows;
  let inCols;
  if (planeOp(s.op) === 'convTranspose2d' && view === 'direct') {
    inRows = stretchedExtent(ay).rows;
    inCols = stretchedExtent(ax).rows;
  } else {
    inRows = H + Math.max(0, ay.padding[0]) + Math.max(0, ay.padding[1]) + ay.dilation * (ay.kernel - 1);
    inCols = W + Math.max(0, ax.padding[0]) + Math.max(0, ax.padding[1]) + ax.dilation * (ax.kernel - 1);
  }
  const outCells = planeOp(s.op) === 'convTranspose2d' && view === 'scatter'
    ? ((H - 1) * ay.stride + ay.dilation * (ay.kernel - 1) + 1 + Ho)
      * ((W - 1) * ax.stride + ax.dilation * (ax.kernel - 1) + 1 + Wo)
    : Ho * Wo;
  const steps = view === 'scatter' ? channels.length * H * W : Ho * Wo;
  const cells = inRows * inCols * channels.length + outCells;
  if (cells > ANIM_LIMITS.cells || steps > ANIM_LIMITS.steps) {
    return { ok: false, key: 'animTooLarge', params: { cells, steps, maxCells: ANIM_LIMITS.cells } };
  }

  const spec = apiSpec(s);
  const firstFlat = (n * C + c) * Ho * Wo;
  // the receptive fields depend on shapes and options only: a caller's cache keeps them across data edits
  let rfs;
  if (opts.cache && opts.cacheKey && opts.cache.key === opts.cacheKey) rfs = opts.cache.rfs;
  else {
    rfs = planeFields(cl.receptiveFields(spec, { start: firstFlat, count: Ho * Wo }));
    if (opts.cache && opts.cacheKey) Object.assign(opts.cache, { key: opts.cacheKey, rfs });
  }
  const map = planeMap(s, result.output.shape, rfs, firstFlat);
  const ctx = explainContext(s, result, map);
  const base = {
    op: s.op, view, n, c, channels, group, groups, axes: info.axes, outShape: plane4(result.output.shape),
    inShape: plane4(s.tensors.input.shape), bias: ctx.bias, hasBias: Boolean(ctx.bias),
    options: {
      padding_mode: s.padding_mode, groups: s.groups, ceil_mode: s.ceil_mode,
      count_include_pad: s.count_include_pad, divisor_override: s.divisor_override, output_size: s.output_size,
      norm_type: s.norm_type,
    },
  };
  const inPlane = (ci) => (n * Cin + ci) * H * W;
  let model;
  if (planeOp(s.op) === 'convTranspose2d' && view === 'direct') model = transposedDirect(s, base, ctx, rfs, firstFlat, inPlane);
  else if (view === 'scatter') model = transposedScatter(s, base, ctx, rfs, firstFlat, inPlane);
  else model = direct(cl, s, base, ctx, rfs, firstFlat, inPlane, info);
  return { ok: true, model };
}

// ---------------------------------------------------------------------------------------------
// conv2d and the pools: the window slides over the padded input
// ---------------------------------------------------------------------------------------------

function direct(cl, s, base, ctx, rfs, firstFlat, inPlane, info) {
  const { channels } = base;
  const [, , H, W] = plane4(s.tensors.input.shape);
  const [, , Ho, Wo] = base.outShape;
  const [ay, ax] = info.axes;
  const span = (a, o) => [o * a.stride - a.padding[0], o * a.stride - a.padding[0] + a.dilation * (a.kernel - 1)];
  // extent: the input, its padding, every tap, every window and every dropped window
  let y0 = -ay.padding[0];
  let y1 = H - 1 + ay.padding[1];
  let x0 = -ax.padding[0];
  let x1 = W - 1 + ax.padding[1];
  for (const rf of rfs) {
    for (const t of rf.taps) {
      y0 = Math.min(y0, t.input[2]);
      y1 = Math.max(y1, t.input[2]);
      x0 = Math.min(x0, t.input[3]);
      x1 = Math.max(x1, t.input[3]);
    }
  }
  // unfold's and fold's planes are rows of blocks, not windows over the grid: their taps alone span it
  const blocks = s.op === 'unfold' || s.op === 'fold';
  if (!blocks) {
    y1 = Math.max(y1, span(ay, Ho - 1)[1]);
    x1 = Math.max(x1, span(ax, Wo - 1)[1]);
  }
  const ghostY = ay.droppedLastWindow ? span(ay, Ho) : null;
  const ghostX = ax.droppedLastWindow ? span(ax, Wo) : null;
  if (ghostY) y1 = Math.max(y1, ghostY[1]);
  if (ghostX) x1 = Math.max(x1, ghostX[1]);
  y0 = Math.min(y0, 0);
  x0 = Math.min(x0, 0);
  const top = -y0;
  const left = -x0;
  const rows = y1 - y0 + 1;
  const cols = x1 - x0 + 1;

  const ring = planeOp(s.op) === 'conv2d' && s.padding_mode !== 'zeros' ? paddingRing(cl, s, info) : null;
  const kinds = new Array(rows * cols);
  const kindSet = new Set();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const y = r - top;
      const x = c - left;
      /** @type {string} */
      let k = CELL.over;
      if (y >= 0 && y < H && x >= 0 && x < W) k = CELL.input;
      else if (y >= -ay.padding[0] && y < H + ay.padding[1] && x >= -ax.padding[0] && x < W + ax.padding[1]) {
        k = CELL.pad;
      }
      kinds[r * cols + c] = k;
      kindSet.add(k);
    }
  }
  const values = channels.map((ci) => {
    const off = inPlane(ci);
    return kinds.map((k, cell) => {
      const y = Math.floor(cell / cols) - top;
      const x = (cell % cols) - left;
      if (k === CELL.input) return ctx.input[off + y * W + x];
      if (k === CELL.pad && ring) {
        const rr = y + ring.top;
        const rc = x + ring.left;
        if (rr >= 0 && rr < ring.rows && rc >= 0 && rc < ring.cols && ring.source[rr * ring.cols + rc] >= 0) {
          return ctx.input[off + ring.source[rr * ring.cols + rc]];
        }
      }
      return null;
    });
  });

  const pool = poolKind(s.op);
  const padRead = pool === 'max' ? -Infinity : 0;
  // an adaptive pool's windows differ in size: each one's outline is the box of its own taps
  const adaptive = s.op.startsWith('adaptive') || blocks;
  const steps = rfs.map((rf, i) => {
    const oy = Math.floor(i / Wo);
    const ox = i % Wo;
    const flat = firstFlat + i;
    const cells = rf.taps.map((t) => ({
      plane: channels.indexOf(t.input[1]),
      r: t.input[2] + top,
      c: t.input[3] + left,
      read: t.inputIndex >= 0 ? ctx.input[t.inputIndex] : padRead,
      counted: (pool !== 'avg' && pool !== 'lp') || t.inputIndex >= 0,
      weight: t.weightIndex >= 0 ? ctx.weight[t.weightIndex] : null,
      inputIndex: t.inputIndex,
      weightIndex: t.weightIndex,
    }));
    const [wy0, wy1] = adaptive ? tapSpan(cells, 'r', top) : span(ay, oy);
    const [wx0, wx1] = adaptive ? tapSpan(cells, 'c', left) : span(ax, ox);
    const e = blocks ? blockStep(cells, ctx.output[flat]) : explainOutput(ctx, flat);
    const step = {
      out: { r: oy, c: ox, flat, value: ctx.output[flat] },
      cells,
      outline: { r0: wy0 + top, r1: wy1 + top, c0: wx0 + left, c1: wx1 + left },
      sum: blocks ? cells.reduce((a, t) => a + t.read, 0) : windowSum(pool, cells, rf, ctx),
      text: e.text,
      notes: e.notes,
    };
    if (pool === 'avg') step.divisor = rf.divisor;
    if (e.winner) {
      const p = e.winner.planeIndex;
      step.winner = { plane: 0, r: Math.floor(p / W) + top, c: (p % W) + left };
    }
    return step;
  });

  // the windows ceil_mode would add but PyTorch drops (they would start in the right padding)
  const ghosts = [];
  if (ghostY || ghostX) {
    const ys = [...Array.from({ length: Ho }, (_, o) => span(ay, o)), ...(ghostY ? [ghostY] : [])];
    const xs = [...Array.from({ length: Wo }, (_, o) => span(ax, o)), ...(ghostX ? [ghostX] : [])];
    ys.forEach(([a0, a1], i) => xs.forEach(([b0, b1], j) => {
      if (i === Ho || j === Wo) ghosts.push(box(a0, a1, b0, b1, top, left));
    }));
    kindSet.add('ghost');
  }
  if (pool === 'max') kindSet.add('winner');
  return {
    ...base,
    inGrid: { rows, cols, top, left, kinds, cropped: null, values },
    outGrid: { rows: Ho, cols: Wo, top: 0, left: 0, crop: null, values: planeValues(ctx.output, firstFlat, Ho * Wo) },
    steps,
    ghosts,
    kinds: kindSet,
  };
}

/** A step of unfold (one cell copied) or fold (the entries summed): its arithmetic. */
function blockStep(cells, value) {
  return { text: `${formatValue(value)} = ${cells.map((t) => formatValue(t.read)).join(' + ') || '0'}`, notes: [] };
}

function box(y0, y1, x0, x1, top, left) {
  return { r0: y0 + top, r1: y1 + top, c0: x0 + left, c1: x1 + left };
}

function planeValues(data, first, count) {
  return Float32Array.from(data.subarray(first, first + count));
}

/** The first and last row (`axis` 'r') or column ('c') of a window's cells, in input coordinates. */
function tapSpan(cells, axis, origin) {
  const at = cells.map((t) => t[axis] - origin);
  return [Math.min(...at), Math.max(...at)];
}

/**
 * What the drawn window adds up to (conv: Σ read·weight + bias; max; avg: Σ counted / divisor;
 * lp: (mean of readᵖ) · kH·kW, to the power 1/p: NaN for a negative base and a fractional power, as torch.pow).
 */
function windowSum(pool, cells, rf, ctx) {
  if (pool === 'max') return Math.max(...cells.map((t) => t.read));
  let acc = 0;
  if (pool === 'lp') {
    const counted = cells.filter((t) => t.counted);
    for (const t of counted) acc += t.read ** ctx.p;
    return ((acc / counted.length) * ctx.area) ** (1 / ctx.p);
  }
  if (pool === 'avg') {
    for (const t of cells) if (t.counted) acc += t.read;
    return acc / rf.divisor;
  }
  for (const t of cells) acc += t.read * t.weight;
  if (ctx.bias && rf.bias !== null && rf.bias >= 0) acc += ctx.bias[rf.bias];
  return acc;
}

// ---------------------------------------------------------------------------------------------
// convTranspose2d (a): the equivalent direct convolution over the stretched input
// ---------------------------------------------------------------------------------------------

/**
 * One axis of the stretched input, in its own coordinates (window of output o starts at o):
 * input cell i sits at P + i·s with P = d·(k − 1) − p; output_padding adds rows after the
 * bottom padding. Rows before 0 or after the last window (P < 0: padding crops) are `cropped`.
 */
export function stretchedExtent(a) {
  const P = a.dilation * (a.kernel - 1) - a.padding[0];
  const last = P + (a.input - 1) * a.stride; // the last input cell
  const lastWindow = a.output - 1 + a.dilation * (a.kernel - 1);
  const lo = Math.min(0, P);
  const hi = Math.max(lastWindow, last);
  const kindAt = (u) => {
    if (u >= P && u <= last) {
      return (u - P) % a.stride === 0 ? { kind: CELL.input, i: (u - P) / a.stride } : { kind: CELL.zero };
    }
    if (u < P || u <= last + P) return { kind: CELL.pad };
    return { kind: CELL.outPad };
  };
  return { P, lo, hi, rows: hi - lo + 1, lastWindow, kindAt, cropped: (u) => u < 0 || u > lastWindow };
}

function transposedDirect(s, base, ctx, rfs, firstFlat, inPlane) {
  const { channels, c } = base;
  const [, , , W] = plane4(s.tensors.input.shape);
  const [, , Ho, Wo] = base.outShape;
  const [ay, ax] = base.axes;
  const ey = stretchedExtent(ay);
  const ex = stretchedExtent(ax);
  const rows = ey.rows;
  const cols = ex.rows;
  const top = -ey.lo;
  const left = -ex.lo;
  const kinds = new Array(rows * cols);
  const cropped = new Array(rows * cols);
  const where = new Array(rows * cols); // [iy, ix] of input cells
  const kindSet = new Set();
  const rank = { [CELL.input]: 0, [CELL.zero]: 1, [CELL.pad]: 2, [CELL.outPad]: 3 };
  for (let r = 0; r < rows; r++) {
    const ky = ey.kindAt(r - top);
    for (let col = 0; col < cols; col++) {
      const kx = ex.kindAt(col - left);
      const cell = r * cols + col;
      const k = rank[ky.kind] >= rank[kx.kind] ? ky.kind : kx.kind;
      kinds[cell] = k;
      cropped[cell] = ey.cropped(r - top) || ex.cropped(col - left);
      if (k === CELL.input) where[cell] = [ky.i, kx.i];
      kindSet.add(k);
      if (cropped[cell]) kindSet.add('cropped');
    }
  }
  const values = channels.map((ci) => kinds.map((k, cell) =>
    (k === CELL.input ? ctx.input[inPlane(ci) + where[cell][0] * W + where[cell][1]] : null)));
  const [kh, kw] = [ay.kernel, ax.kernel];
  const coutPerGroup = s.tensors.weight.shape[1];
  const cLocal = c % coutPerGroup;
  const steps = rfs.map((rf, i) => {
    const oy = Math.floor(i / Wo);
    const ox = i % Wo;
    const flat = firstFlat + i;
    const cells = [];
    channels.forEach((ci, plane) => {
      for (let jy = 0; jy < kh; jy++) {
        for (let jx = 0; jx < kw; jx++) {
          const r = oy + jy * ay.dilation + top;
          const col = ox + jx * ax.dilation + left;
          const cell = r * cols + col;
          // the equivalent convolution uses the kernel flipped in both axes
          const weightIndex = ((ci * coutPerGroup + cLocal) * kh + (kh - 1 - jy)) * kw + (kw - 1 - jx);
          const isInput = kinds[cell] === CELL.input;
          const inputIndex = isInput ? inPlane(ci) + where[cell][0] * W + where[cell][1] : -1;
          cells.push({
            plane, r, c: col,
            read: isInput ? ctx.input[inputIndex] : 0,
            weight: ctx.weight[weightIndex],
            inputIndex,
            weightIndex,
          });
        }
      }
    });
    let sum = 0;
    for (const t of cells) sum += t.read * t.weight;
    if (ctx.bias && rf.bias !== null && rf.bias >= 0) sum += ctx.bias[rf.bias];
    const e = explainOutput(ctx, flat);
    const zeros = cells.filter((t) => t.inputIndex < 0).length;
    const notes = [{ key: 'animZerosUnder', params: { zeros, cells: cells.length } }, ...e.notes.filter((x) => x.key !== 'notePaddingZero')];
    return {
      out: { r: oy, c: ox, flat, value: ctx.output[flat] },
      cells,
      outline: {
        r0: oy + top, r1: oy + (kh - 1) * ay.dilation + top, c0: ox + left, c1: ox + (kw - 1) * ax.dilation + left,
      },
      sum,
      text: e.text,
      notes,
    };
  });
  return {
    ...base,
    stretch: { P: [ey.P, ex.P] },
    inGrid: { rows, cols, top, left, kinds, cropped, values },
    outGrid: { rows: Ho, cols: Wo, top: 0, left: 0, crop: null, values: planeValues(ctx.output, firstFlat, Ho * Wo) },
    steps,
    ghosts: [],
    kinds: kindSet,
  };
}

// ---------------------------------------------------------------------------------------------
// convTranspose2d (b): each input cell scatters kernel × value into the output
// ---------------------------------------------------------------------------------------------

function transposedScatter(s, base, ctx, rfs, firstFlat, inPlane) {
  const { channels } = base;
  const [, , H, W] = plane4(s.tensors.input.shape);
  const [, , Ho, Wo] = base.outShape;
  const [ay, ax] = base.axes;
  // the output canvas: the uncropped result (rows −p … (H−1)·s + d·(k−1) − p) and the output itself
  const oy0 = Math.min(0, -ay.padding[0]);
  const oy1 = Math.max(Ho - 1, (H - 1) * ay.stride + ay.dilation * (ay.kernel - 1) - ay.padding[0]);
  const ox0 = Math.min(0, -ax.padding[0]);
  const ox1 = Math.max(Wo - 1, (W - 1) * ax.stride + ax.dilation * (ax.kernel - 1) - ax.padding[0]);
  const orows = oy1 - oy0 + 1;
  const ocols = ox1 - ox0 + 1;
  const otop = -oy0;
  const oleft = -ox0;
  const crop = new Array(orows * ocols);
  for (let r = 0; r < orows; r++) {
    for (let col = 0; col < ocols; col++) {
      const y = r - otop;
      const x = col - oleft;
      crop[r * ocols + col] = !(y >= 0 && y < Ho && x >= 0 && x < Wo);
    }
  }
  /** @type {Set<string>} */
  const kindSet = new Set([CELL.input]);
  if (crop.some(Boolean)) kindSet.add('cropped');

  // the API's taps, grouped by the input cell they read: input flat → [{ oy, ox, weightIndex }]
  const byInput = new Map();
  rfs.forEach((rf, i) => {
    for (const t of rf.taps) {
      if (!byInput.has(t.inputIndex)) byInput.set(t.inputIndex, []);
      byInput.get(t.inputIndex).push({ oy: Math.floor(i / Wo), ox: i % Wo, weightIndex: t.weightIndex });
    }
  });
  const [kh, kw] = [ay.kernel, ax.kernel];
  const coutPerGroup = s.tensors.weight.shape[1];
  const cLocal = base.c % coutPerGroup;
  const steps = [];
  channels.forEach((ci, plane) => {
    for (let iy = 0; iy < H; iy++) {
      for (let ix = 0; ix < W; ix++) {
        const flat = inPlane(ci) + iy * W + ix;
        const value = ctx.input[flat];
        const targets = [];
        // every kernel position: where it lands (inside the output: the API's tap; outside: cropped)
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const oy = iy * ay.stride - ay.padding[0] + ky * ay.dilation;
            const ox = ix * ax.stride - ax.padding[0] + kx * ax.dilation;
            const weightIndex = ((ci * coutPerGroup + cLocal) * kh + ky) * kw + kx;
            const w = ctx.weight[weightIndex];
            const cropped = !(oy >= 0 && oy < Ho && ox >= 0 && ox < Wo);
            targets.push({ r: oy + otop, c: ox + oleft, oy, ox, add: value * w, weight: w, weightIndex, cropped });
          }
        }
        const api = byInput.get(flat) ?? [];
        const inside = targets.filter((t) => !t.cropped);
        const slice = (vals, d) => (vals.length ? `${vals[0]}:${vals[vals.length - 1] + 1}${d > 1 ? `:${d}` : ''}` : '∅');
        const ys = [...new Set(inside.map((t) => t.oy))];
        const xs = [...new Set(inside.map((t) => t.ox))];
        const text = `${formatValue(value)} × weight[${ci}, ${cLocal}] → output[${base.n}, ${base.c}, ${slice(ys, ay.dilation)}, ${slice(xs, ax.dilation)}]`;
        steps.push({
          in: { plane, r: iy, c: ix, flat, value },
          targets,
          api,
          text,
          notes: [
            { key: 'animScatterNote', params: { cell: `input[${base.n}, ${ci}, ${iy}, ${ix}]`, n: inside.length } },
            ...(targets.length > inside.length ? [{ key: 'animCroppedNote', params: { n: targets.length - inside.length } }] : []),
          ],
        });
      }
    }
  });
  const values = channels.map((ci) => Array.from({ length: H * W }, (_, i) => ctx.input[inPlane(ci) + i]));
  return {
    ...base,
    inGrid: { rows: H, cols: W, top: 0, left: 0, kinds: new Array(H * W).fill(CELL.input), cropped: null, values },
    outGrid: {
      rows: orows, cols: ocols, top: otop, left: oleft, crop, values: planeValues(ctx.output, firstFlat, Ho * Wo),
    },
    steps,
    ghosts: [],
    kinds: kindSet,
  };
}

/**
 * The scatter view's running sums after step `k` (inclusive): a Float64Array over the output
 * canvas (bias added in the output cells first), and which cells have received anything.
 */
export function scatterSums(model, k) {
  const { rows, cols, top, left, crop } = model.outGrid;
  const sums = new Float64Array(rows * cols);
  const touched = new Uint8Array(rows * cols);
  if (model.bias) {
    const b = model.bias[model.c];
    for (let i = 0; i < sums.length; i++) if (!crop[i]) sums[i] = b;
  }
  for (let i = 0; i <= k && i < model.steps.length; i++) {
    for (const t of model.steps[i].targets) {
      const cell = t.r * cols + t.c;
      sums[cell] = t.set ? t.add : sums[cell] + t.add; // MaxUnpool2d writes, a transposed convolution adds
      touched[cell] = 1;
    }
  }
  return { sums, touched, top, left };
}
