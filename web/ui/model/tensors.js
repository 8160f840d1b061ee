// The playground's tensors: what the user typed (texts) plus the numbers they mean. Pure (no DOM).
// A tensor is { shape: [d0, d1, d2, d3], texts: string[], values: Float32Array, invalid: Set<flat>,
// fill: null | { kind, seed } }. `fill` remembers a fill recipe until the first edit, so the URL can
// say "random, seed 7" instead of listing thousands of numbers.
import { parseCell } from './numbers.js';
import { fillTexts } from './random.js';

/** @typedef {import('./types.d.ts').PlaygroundTensor} PlaygroundTensor */

/**
 * Product of dims.
 * @param {readonly number[]} shape
 */
export function count(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A tensor from cell texts (copied); every text is parsed, invalid ones recorded.
 * @param {readonly number[]} shape
 * @param {readonly string[]} texts
 * @param {PlaygroundTensor['fill']} [fill]
 * @returns {PlaygroundTensor}
 */
export function fromTexts(shape, texts, fill = null) {
  /** @type {PlaygroundTensor} */
  const t = { shape: [...shape], texts: [...texts], values: new Float32Array(texts.length), invalid: new Set(), fill };
  for (let i = 0; i < texts.length; i++) parseInto(t, i);
  return t;
}

/**
 * A tensor filled by a recipe (zeros, ones, range, random with a seed).
 * @param {readonly number[]} shape
 * @param {string} kind
 * @returns {PlaygroundTensor}
 */
export function filled(shape, kind, seed = 0) {
  return fromTexts(shape, fillTexts(kind, count(shape), seed), { kind, seed });
}

/**
 * A tensor from numbers (nested arrays are flattened row-major).
 * @param {readonly number[]} shape
 * @param {readonly unknown[]} numbers
 * @returns {PlaygroundTensor}
 */
export function fromNumbers(shape, numbers) {
  return fromTexts(shape, numbers.flat(Infinity).map(String));
}

function parseInto(t, i) {
  const v = parseCell(t.texts[i]);
  if (v === null) {
    t.values[i] = NaN;
    t.invalid.add(i);
  } else {
    t.values[i] = v;
    t.invalid.delete(i);
  }
}

/**
 * Sets one cell's text (an edit: forgets the fill recipe). Returns whether the text is a number.
 * @param {PlaygroundTensor} t
 * @param {number} i
 * @param {string | number} text
 */
export function setCell(t, i, text) {
  t.texts[i] = String(text);
  t.fill = null;
  parseInto(t, i);
  return !t.invalid.has(i);
}

/** Row-major strides of a shape. */
export function strides(shape) {
  const s = new Array(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/** Flat index → [i0, i1, …] for a shape. */
export function unflatten(shape, flat) {
  const out = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return out;
}

/**
 * The tensor at a new shape (same rank, or [N, C, L] ⇄ [N, C, H, W]): a refill when it still follows its fill
 * recipe, else the overlapping block kept in place and new cells set to "0". Returns `t` itself when nothing
 * changes.
 * @param {PlaygroundTensor} t
 * @param {readonly number[]} shape
 * @returns {PlaygroundTensor}
 */
export function resized(t, shape) {
  if (shape.length === t.shape.length && shape.every((d, i) => d === t.shape[i])) return t;
  if (t.fill) return filled(shape, t.fill.kind, t.fill.seed);
  const texts = new Array(count(shape)).fill('0');
  // between [N, C, L] and [N, C, H, W] the one row of a 1-D tensor is the plane's first row
  const to = plane4(shape);
  const old = plane4(t.shape);
  const from = strides(old);
  const n = count(shape);
  for (let flat = 0; flat < n; flat++) {
    const idx = unflatten(to, flat);
    if (idx.every((v, d) => v < old[d])) texts[flat] = t.texts[idx.reduce((a, v, d) => a + v * from[d], 0)];
  }
  return fromTexts(shape, texts);
}

/**
 * A shape as the grids draw it, [N, C, H, W]: a 1-D op's [N, C, L] as one row, [N, C, 1, L] (the same flat
 * indices); a vector [L] as [1, 1, 1, L]; other ranks as they are.
 * @param {readonly number[]} shape
 * @returns {number[]}
 */
export function plane4(shape) {
  if (shape.length === 3) return [shape[0], shape[1], 1, shape[2]];
  if (shape.length === 1) return [1, 1, 1, shape[0]];
  return [...shape];
}

/**
 * The first invalid cell as { index: flat, position: [..], text }, or null when all are numbers.
 * @param {PlaygroundTensor} t
 * @returns {{ index: number, position: number[], text: string } | null}
 */
export function firstInvalid(t) {
  if (t.invalid.size === 0) return null;
  let index = Infinity;
  for (const i of t.invalid) if (i < index) index = i;
  return { index, position: unflatten(t.shape, index), text: t.texts[index] };
}
