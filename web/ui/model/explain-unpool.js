// MaxUnpool2d's explanations: where each value of x lands in the output, read from the indices' values
// (the API gives MaxUnpool2d no receptive field: where a value goes depends on the data). Pure (no DOM).
// Output[n, c] is a zero plane of H_out × W_out; x[n, c, i, j] is written at its flat in-plane index
// indices[n, c, i, j] = y·W_out + x; a repeated index keeps the last value written, as PyTorch's loop does.
import { formatValue } from './numbers.js';
import { unflatten } from './tensors.js';
import { cellName } from './explain.js';

/** What the explanations read of a computed MaxUnpool2d (compute.js evaluate()'s ok result). */
export function unpoolContext(result) {
  return { x: result.pooled, indices: result.indices, output: result.output };
}

/** The output cell (flat) each element of x is written to. */
export function unpoolTargets(ctx) {
  const [, , h, w] = ctx.x.shape;
  const [, , H, W] = ctx.output.shape;
  return Int32Array.from(ctx.indices.data, (index, k) => Math.floor(k / (h * w)) * H * W + index);
}

/**
 * Explains output cell `o`: the element of x written there (the last of several), or none (0). Returns
 * { output: { flat, index, value }, sources: flat[] (in x), winner: flat | -1, text, notes }.
 */
export function explainUnpoolOutput(ctx, o) {
  const value = ctx.output.data[o];
  const index = unflatten(ctx.output.shape, o);
  const targets = unpoolTargets(ctx);
  const sources = [];
  targets.forEach((t, k) => t === o && sources.push(k));
  const winner = sources.length ? sources[sources.length - 1] : -1;
  const [, , , W] = ctx.output.shape;
  const [, , y, x] = index;
  const notes = [];
  let text = `${formatValue(value)} = 0`;
  if (winner >= 0) {
    const cell = cellName('x', unflatten(ctx.x.shape, winner));
    text = `${formatValue(value)} = ${cell}`;
    notes.push({ key: 'noteUnpoolFrom', params: { cell, index: ctx.indices.data[winner], y, x, w: W } });
    if (sources.length > 1) notes.push({ key: 'noteUnpoolRepeated', params: { n: sources.length } });
  } else {
    notes.push({ key: 'noteUnpoolNone', params: { index: y * W + x } });
  }
  return { output: { flat: o, index, value }, sources, winner, text, notes };
}

/** Explains element `k` of x (and of the indices): the output cell it is written to. */
export function explainUnpoolInput(ctx, k) {
  const target = unpoolTargets(ctx)[k];
  const [, , , W] = ctx.output.shape;
  const index = ctx.indices.data[k];
  const to = cellName('output', unflatten(ctx.output.shape, target));
  const cell = cellName('x', unflatten(ctx.x.shape, k));
  return {
    flat: k,
    target,
    text: `${cell} = ${formatValue(ctx.x.data[k])} → ${to}`,
    notes: [{ key: 'noteUnpoolTo', params: { index, y: Math.floor(index / W), x: index % W, w: W, cell: to } }],
  };
}
