// Explanations of an input cell and the highlight sets of an explanation, from the receptive-field
// map (field-map.js). Pure (no DOM). explainInput: every output an input cell reaches and what it
// contributes there (for convTranspose2d: its scattered contributions). The playground's hover and
// pin use them; a figure does not.
import { formatValue } from './numbers.js';
import { plane4, unflatten } from './tensors.js';
import { MAX_TERMS, cellName, term } from './explain.js';
import { CONV_OPS, planeOp } from './ops.js';

/**
 * Explains input cell `i` (flat): the outputs it reaches (directly or as a padded copy) and what it
 * adds there. Returns { input: { flat, index, value }, outputs: flat[], weights: flat[],
 *   contributions: [{ output, weight, text }], text, notes }.
 */
export function explainInput(ctx, i) {
  const { op, map } = ctx;
  const value = ctx.input[i];
  const index = unflatten(ctx.inShape, i);
  const outputs = [];
  const weights = [];
  const contributions = [];
  for (let k = map.inOffsets[i]; k < map.inOffsets[i + 1]; k++) {
    const tap = map.inTaps[k];
    const o = map.tapOutput[tap];
    const w = map.weight[tap];
    if (outputs[outputs.length - 1] !== o) outputs.push(o);
    if (w >= 0) weights.push(w);
    const target = cellName('output', unflatten(map.outShape, o));
    let text;
    if (CONV_OPS.includes(op)) {
      text = `${target} += ${term(value)}·${term(ctx.weight[w])} = ${formatValue(Math.fround(value * ctx.weight[w]))}`;
    } else if (ctx.pool === 'max') {
      const won = ctx.indices !== null && ctx.indices !== undefined && ctx.indices[o] === planeOf(ctx, i);
      text = won ? `${target} = max ✓` : target;
    } else if (ctx.pool === 'lp') {
      text = `${target} ← ${term(value)}^${term(ctx.p)}`;
    } else {
      text = `${target} += ${term(value)} / ${term(map.divisor[o])}`;
    }
    contributions.push({ output: o, weight: w, text });
  }
  const notes = [{ key: planeOp(op) === 'convTranspose2d' ? 'noteScatters' : 'noteReaches', params: { n: outputs.length } }];
  const shown = contributions.slice(0, MAX_TERMS).map((c) => c.text);
  const more = contributions.length > MAX_TERMS ? `; … (${contributions.length - MAX_TERMS} more)` : '';
  return {
    input: { flat: i, index, value },
    outputs,
    weights,
    contributions,
    text: `${cellName('input', index)} = ${formatValue(value)}: ${shown.join('; ') || '—'}${more}`,
    notes,
  };
}

function planeOf(ctx, i) {
  const [, , H, W] = plane4(ctx.inShape);
  return i % (H * W);
}

/**
 * The cells to highlight for an explanation (explainOutput's or explainInput's result), per tensor:
 * { input, weight, bias, output } lists of { flat, cls } or { plane, y, x, cls } (a padded position).
 * Classes: hl-in (read by the output), hl-src (copied into the padding), hl-win (max pool winner),
 * hl-w (weight / bias used), hl-out (an output the input reaches), hl-sel (the cell itself).
 */
export function highlights(e, inShape) {
  const [, C, H, W] = plane4(inShape);
  if (e.output) {
    const [n] = e.output.index;
    const input = [];
    for (const tap of e.taps) {
      if (e.flatTaps) { // fold: entries of the input matrix
        input.push({ flat: tap.source, cls: 'hl-in' });
        continue;
      }
      input.push({ plane: n * C + tap.c, y: tap.y, x: tap.x, cls: 'hl-in' });
      const inside = tap.y >= 0 && tap.y < H && tap.x >= 0 && tap.x < W;
      if (!inside && tap.source >= 0) input.push({ flat: tap.source, cls: 'hl-src' });
    }
    if (e.winner) input.push({ flat: e.winner.flat, cls: 'hl-win' });
    return {
      input,
      weight: e.weights.map((w) => ({ flat: w, cls: 'hl-w' })),
      bias: e.bias !== null ? [{ flat: e.bias, cls: 'hl-w' }] : [],
      output: [{ flat: e.output.flat, cls: 'hl-sel' }],
    };
  }
  return {
    input: [{ flat: e.input.flat, cls: 'hl-sel' }],
    weight: e.weights.map((w) => ({ flat: w, cls: 'hl-w' })),
    bias: [],
    output: e.outputs.map((o) => ({ flat: o, cls: 'hl-out' })),
  };
}
