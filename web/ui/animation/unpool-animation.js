// MaxUnpool2d's animation, a scatter: each element of x in turn moves to the output cell its index names
// (y·W_out + x of its plane), in PyTorch's order, so a repeated index keeps the last value and a cell no
// index names stays 0. Pure (no DOM). Its model has the scatter view's shape (animation-model.js), with
// targets that set a cell (`set`) rather than add to it. The playground's editors (app.js) animate
// MaxUnpool2d with it; a figure alone does not load it.
import { ANIM_LIMITS, CELL, buildAnimation } from './animation-model.js';
import { formatValue } from '../model/numbers.js';

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

/**
 * The scatter of output plane (batch, channel) of a MaxUnpool2d that computed (compute.js evaluate()'s ok
 * result, with its `pooled` x and `indices`). Returns { ok: true, model } or { ok: false, key, params }.
 */
export function buildUnpoolAnimation(s, result, { batch = 0, channel = 0 } = {}) {
  const x = result.pooled;
  const [N, C, h, w] = x.shape;
  const [, , H, W] = result.output.shape;
  const n = clamp(batch, 0, N - 1);
  const c = clamp(channel, 0, C - 1);
  const cells = h * w + H * W;
  if (cells > ANIM_LIMITS.cells || h * w > ANIM_LIMITS.steps) {
    return { ok: false, key: 'animTooLarge', params: { cells, steps: h * w, maxCells: ANIM_LIMITS.cells } };
  }
  const xFirst = (n * C + c) * h * w;
  const outFirst = (n * C + c) * H * W;
  const steps = Array.from({ length: h * w }, (_, k) => {
    const value = x.data[xFirst + k];
    const index = result.indices.data[xFirst + k];
    const [r, col, oy, ox] = [Math.floor(k / w), k % w, Math.floor(index / W), index % W];
    return {
      in: { plane: 0, r, c: col, flat: xFirst + k, value, index },
      targets: [{ r: oy, c: ox, oy, ox, add: value, set: true, cropped: false }],
      text: `x[${n}, ${c}, ${r}, ${col}] = ${formatValue(value)} → output[${n}, ${c}, ${oy}, ${ox}] (${index} = ${oy}·${W} + ${ox})`,
      notes: [],
    };
  });
  return {
    ok: true,
    model: {
      op: s.op, view: 'scatter', n, c, channels: [c], group: 0, groups: 1, axes: result.info.axes,
      outShape: result.output.shape, inShape: x.shape, bias: null, hasBias: false, options: {},
      inGrid: {
        rows: h, cols: w, top: 0, left: 0, kinds: new Array(h * w).fill(CELL.input), cropped: null,
        values: [Array.from(x.data.subarray(xFirst, xFirst + h * w))],
      },
      outGrid: {
        rows: H, cols: W, top: 0, left: 0, crop: new Array(H * W).fill(false),
        values: Float32Array.from(result.output.data.subarray(outFirst, outFirst + H * W)),
      },
      steps,
      ghosts: [],
      kinds: new Set([CELL.input]),
    },
  };
}

/** buildAnimation (animation-model.js) with MaxUnpool2d's scatter: the build the playground's animation view uses. */
export function buildAnyAnimation(cl, s, result, opts = {}) {
  return s.op === 'maxUnpool2d' ? buildUnpoolAnimation(s, result, opts) : buildAnimation(cl, s, result, opts);
}

/** The output plane a MaxUnpool2d animation shows after step `k` (inclusive): zeros, then each value written. */
export function unpoolFrame(model, k) {
  const plane = new Float32Array(model.outGrid.rows * model.outGrid.cols);
  for (let i = 0; i <= k && i < model.steps.length; i++) {
    for (const t of model.steps[i].targets) plane[t.r * model.outGrid.cols + t.c] = t.add;
  }
  return plane;
}
