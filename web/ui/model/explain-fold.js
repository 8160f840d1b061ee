// Explanations of unfold's and fold's cells, from the receptive-field map (field-map.js). Pure (no DOM).
//   unfold copies: output[n, r, l] = input[n, c, oy·s − p + ky·d, ox·s − p + kx·d] (0 in the zero
//     padding), row r = (c, ky, kx) = c·kh·kw + ky·kw + kx, column l = (oy, ox) = oy·L_W + ox;
//   fold sums: output[n, c, y, x] = the sum of the entries input[n, r, l] whose block covers (y, x).
// The playground's hover and pin use them; a figure does not load them.
import { formatValue } from './numbers.js';
import { unflatten } from './tensors.js';
import { MAX_TERMS, cellName, term } from './explain.js';

/** An unfold's or fold's kernel (kh, kw) and blocks along each axis (L_H, L_W), from outputShape's axes. */
export function foldGeometry(info) {
  const [ay, ax] = info.axes;
  return { kh: ay.kernel, kw: ax.kernel, lh: ay.output, lw: ax.output };
}

/** Row r of the blocks matrix as (c, ky, kx), PyTorch's order. */
export function blockRow(r, g) {
  return { c: Math.floor(r / (g.kh * g.kw)), ky: Math.floor(r / g.kw) % g.kh, kx: r % g.kw };
}

/** Column l of the blocks matrix as the block's position (oy, ox). */
export function blockColumn(l, g) {
  return { oy: Math.floor(l / g.lw), ox: l % g.lw };
}

function tapsOf(map, o) {
  const taps = [];
  for (let i = map.offsets[o]; i < map.offsets[o + 1]; i++) {
    taps.push({ c: map.tapC[i], y: map.tapY[i], x: map.tapX[i], source: map.source[i], weight: -1 });
  }
  return taps;
}

/**
 * Explains output cell `o` of unfold or fold (ctx: explain.js explainContext's; g: foldGeometry).
 * Returns explainOutput's shape: { output: { flat, index, value }, taps, weights: [], bias: null, text,
 * notes, flatTaps (fold: the taps are entries of the input matrix, highlighted by their flat index) }.
 */
export function explainFoldOutput(ctx, g, o) {
  const value = ctx.output[o];
  const index = unflatten(ctx.map.outShape, o);
  const taps = tapsOf(ctx.map, o);
  const result = { output: { flat: o, index, value }, taps, weights: [], bias: null, notes: [], text: '', flatTaps: false };
  if (ctx.op === 'unfold') {
    const [n, r, l] = index;
    const tap = taps[0];
    result.text = tap.source >= 0
      ? `${formatValue(value)} = ${cellName('input', unflatten(ctx.inShape, tap.source))}`
      : `${formatValue(value)} = 0`;
    result.notes.push({ key: 'noteUnfoldEntry', params: { r, ...blockRow(r, g), l, ...blockColumn(l, g), n } });
    if (tap.source < 0) result.notes.push({ key: 'notePaddingZero', params: {} });
    return result;
  }
  result.flatTaps = true;
  const terms = taps.map((t) => term(ctx.input[t.source]));
  const shown = terms.length > MAX_TERMS ? `${terms.slice(0, MAX_TERMS).join(' + ')} + … (${terms.length - MAX_TERMS} more)` : terms.join(' + ');
  result.text = `${formatValue(value)} = ${shown || '0'}`;
  const cells = taps.slice(0, MAX_TERMS).map((t) => cellName('input', unflatten(ctx.inShape, t.source))).join(', ');
  result.notes.push({ key: taps.length ? 'noteFoldSum' : 'noteFoldNone', params: { n: taps.length, cells } });
  return result;
}

/**
 * Explains input cell `i` of unfold (the entries of the output that copy it) or fold (the pixel an entry is
 * added into, none when its block position lies in the padding). Returns explainInput's shape.
 */
export function explainFoldInput(ctx, i) {
  const { map } = ctx;
  const value = ctx.input[i];
  const index = unflatten(ctx.inShape, i);
  const outputs = [];
  const contributions = [];
  for (let k = map.inOffsets[i]; k < map.inOffsets[i + 1]; k++) {
    const o = map.tapOutput[map.inTaps[k]];
    outputs.push(o);
    const target = cellName('output', unflatten(map.outShape, o));
    contributions.push({ output: o, weight: -1, text: ctx.op === 'unfold' ? `${target} = ${term(value)}` : `${target} += ${term(value)}` });
  }
  const key = ctx.op === 'unfold' ? 'noteCopiedTo' : outputs.length ? 'noteAddedTo' : 'noteFoldDropped';
  const shown = contributions.slice(0, MAX_TERMS).map((c) => c.text);
  const more = contributions.length > MAX_TERMS ? `; … (${contributions.length - MAX_TERMS} more)` : '';
  return {
    input: { flat: i, index, value },
    outputs,
    weights: [],
    contributions,
    text: `${cellName('input', index)} = ${formatValue(value)}: ${shown.join('; ') || '—'}${more}`,
    notes: [{ key, params: { n: outputs.length } }],
  };
}
