// Explanations of an output cell, from the receptive-field map (field-map.js). Pure (no DOM).
//   explainOutput: which input / weight / bias cells make an output, and the arithmetic with the
//     actual values: "10 = 1·1 + 2·2 + …" (conv ops, + bias), "2 = max(…)" with PyTorch's winner and
//     its index (max pools), "1.111 = (…) / 9" with the divisor (average pools), the p-norm (LPPool2d).
// The animation writes each step with it; an input cell's explanation is explain-input.js's.
// The formula text is language-neutral; words around it are i18n keys in `notes`.
import { formatValue } from './numbers.js';
import { plane4, unflatten } from './tensors.js';
import { CONV_OPS, planeOp, poolKind } from './ops.js';

/** Terms shown before "+ … (n more)". */
export const MAX_TERMS = 64;

/** A value inside a formula: negatives in parentheses, so "2·(-1)" reads right. */
export function term(v) {
  const s = formatValue(v);
  return v < 0 || s.startsWith('-') ? `(${s})` : s;
}

function joinTerms(terms, sep) {
  if (terms.length <= MAX_TERMS) return terms.join(sep);
  return `${terms.slice(0, MAX_TERMS).join(sep)}${sep}… (${terms.length - MAX_TERMS} more)`;
}

/**
 * What explainOutput / explainInput read: the state's tensors, the op's result (`output`,
 * `indices`) and a field map of the receptive fields.
 */
export function explainContext(s, result, map) {
  const isConv = CONV_OPS.includes(s.op);
  return {
    op: s.op,
    pool: poolKind(s.op),
    p: s.norm_type,
    area: [s.kernel_size].flat().reduce((a, b) => a * b, 1),
    map,
    input: s.tensors.input.values,
    weight: isConv ? s.tensors.weight.values : null,
    bias: isConv && s.bias ? s.tensors.bias.values : null,
    output: result.output.data,
    indices: result.indices ? result.indices.data : null,
    inShape: s.tensors.input.shape,
  };
}

/** "name[0, 0, 1, 2]". */
export function cellName(name, index) {
  return `${name}[${index.join(', ')}]`;
}

/**
 * Explains output cell `o` (flat). ctx: { op, pool (ops.js poolKind), p (norm_type), area (kH·kW),
 * map, input, weight, bias (Float32Array | null), output, indices (max pools, Int32Array), inShape }. Returns
 *   { output: { flat, index, value }, taps: [{ c, y, x, source, weight }], weights: flat[],
 *     bias: flat | null, text, winner?: { flat, planeIndex }, divisor?, notes: [{ key, params }] }
 */
export function explainOutput(ctx, o) {
  const { op, map } = ctx;
  const value = ctx.output[o];
  const index = unflatten(map.outShape, o); // [n, c, y, x], or a 1-D op's [n, c, l]
  const taps = [];
  const weights = [];
  for (let i = map.offsets[o]; i < map.offsets[o + 1]; i++) {
    taps.push({ c: map.tapC[i], y: map.tapY[i], x: map.tapX[i], source: map.source[i], weight: map.weight[i] });
    if (map.weight[i] >= 0) weights.push(map.weight[i]);
  }
  const read = (t) => (t.source >= 0 ? ctx.input[t.source] : 0);
  const result = { output: { flat: o, index, value }, taps, weights, bias: null, notes: [] };
  const lhs = `${formatValue(value)} = `;

  if (CONV_OPS.includes(op)) {
    const terms = taps.map((t) => `${term(read(t))}·${term(ctx.weight[t.weight])}`);
    const b = ctx.bias && map.bias[o] >= 0 ? map.bias[o] : null;
    result.bias = b;
    let rhs = terms.length ? joinTerms(terms, ' + ') : '0';
    if (b !== null) rhs += ` + ${term(ctx.bias[b])}`;
    result.text = lhs + rhs;
    if (planeOp(op) === 'convTranspose2d') result.notes.push({ key: 'noteScatterSum', params: { n: taps.length } });
    if (taps.some((t) => t.source < 0)) result.notes.push({ key: 'notePaddingZero', params: {} });
    if (b !== null) result.notes.push({ key: 'noteBias', params: { cell: cellName('bias', [b]), value: formatValue(ctx.bias[b]) } });
  } else if (ctx.pool === 'max') {
    const terms = taps.map((t) => (t.source >= 0 ? term(ctx.input[t.source]) : '−∞'));
    result.text = `${lhs}max(${joinTerms(terms, ', ')})`;
    if (ctx.indices) {
      const planeIndex = ctx.indices[o];
      const [, , H, W] = plane4(ctx.inShape);
      const [n, c] = index;
      const flat = (n * ctx.inShape[1] + c) * H * W + planeIndex;
      result.winner = { flat, planeIndex };
      result.notes.push({
        key: 'noteWinner',
        params: { cell: cellName('input', unflatten(ctx.inShape, flat)), index: planeIndex },
      });
    }
  } else if (ctx.pool === 'lp') {
    // PyTorch: sign(m)·relu(|m|) of the window's mean m of xᵖ (m itself), · kH·kW, to the power 1/p
    const counted = taps.filter((t) => t.source >= 0);
    const terms = counted.map((t) => `${term(ctx.input[t.source])}^${term(ctx.p)}`);
    const scale = counted.length === ctx.area ? '' : ` · ${ctx.area} / ${counted.length}`;
    result.text = `${lhs}(${joinTerms(terms, ' + ')}${scale})^(1/${term(ctx.p)})`;
    result.notes.push({ key: 'noteLp', params: { p: formatValue(ctx.p), cells: counted.length, area: ctx.area } });
  } else {
    const counted = taps.filter((t) => t.source >= 0);
    const terms = counted.map((t) => term(ctx.input[t.source]));
    const divisor = map.divisor ? map.divisor[o] : counted.length;
    result.divisor = divisor;
    result.text = `${lhs}(${terms.length ? joinTerms(terms, ' + ') : '0'}) / ${term(divisor)}`;
    result.notes.push({ key: 'noteDivisor', params: { divisor: formatValue(divisor), cells: counted.length } });
  }
  return result;
}

/** Whether the terms of an output's explanation add up to its value (the picture shows what was computed). */
export function checkSum(ctx, o) {
  const e = explainOutput(ctx, o);
  const { map } = ctx;
  let acc = 0;
  if (CONV_OPS.includes(ctx.op)) {
    for (const t of e.taps) if (t.source >= 0) acc += ctx.input[t.source] * ctx.weight[t.weight];
    if (e.bias !== null) acc += ctx.bias[e.bias];
  } else if (ctx.pool === 'max') {
    acc = Math.max(...e.taps.map((t) => (t.source >= 0 ? ctx.input[t.source] : -Infinity)));
  } else if (ctx.pool === 'lp') {
    const counted = e.taps.filter((t) => t.source >= 0);
    for (const t of counted) acc += ctx.input[t.source] ** ctx.p;
    acc = ((acc / counted.length) * ctx.area) ** (1 / ctx.p);
  } else {
    for (const t of e.taps) if (t.source >= 0) acc += ctx.input[t.source];
    acc /= map.divisor[o];
  }
  return { expected: e.output.value, sum: acc };
}
