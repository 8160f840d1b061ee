// Conv2d as a matrix product (im2col), for the unfold view. Pure (no DOM): takes the loaded API `cl`,
// whose unfold() makes the column matrix:
//   cols = F.unfold(x, kernel_size, dilation, padding, stride)           [N, C_in·kh·kw, L], L = H_out·W_out
//   W_g  = weight[g·C_out/groups : (g + 1)·C_out/groups].view(C_out/groups, -1)   [C_out/groups, K]
//   y[n, co, l] = W_g[co − g·C_out/groups] · cols[n, g·K : (g + 1)·K, l] + bias[co]   (K = C_in/groups·kh·kw)
// Row r of cols is (c, i, j) with r = c·kh·kw + i·kw + j, PyTorch's order. unfold pads with zeros, the
// same on both sides: other padding modes and 'same''s odd extra row or column go through F.pad first
// (then unfold with padding 0), as nn.Conv2d does.
import { formatValue } from './numbers.js';
import { unflatten } from './tensors.js';

/** Matrices with more cells than this are not drawn whole (the dot product still is). */
export const MAX_MATRIX_CELLS = 4096;

/**
 * The im2col form of a conv2d state that computed (`info`: outputShape's result). Returns
 * { cols: { shape, data }, pad: [left, right, top, bottom] | null (an explicit F.pad before unfold), padMode,
 *   unfold: { kernelSize, dilation, padding, stride }, groups, K, rowsPerGroup, L, outShape, kh, kw }.
 * @param {import('./types.d.ts').Convlens} cl
 * @param {import('./types.d.ts').PlaygroundState} s
 */
export function im2col(cl, s, info) {
  const [[top, bottom], [left, right]] = info.axes.map((a) => a.padding);
  const [kh, kw] = s.tensors.weight.shape.slice(2);
  const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
  const zeros = s.padding_mode === 'zeros';
  const symmetric = top === bottom && left === right;
  const needsPad = (top || bottom || left || right) && !(zeros && symmetric);
  /** @type {[number, number, number, number] | null} */
  const pad = needsPad ? [left, right, top, bottom] : null;
  const padMode = /** @type {'constant' | 'reflect' | 'replicate' | 'circular'} */ (zeros ? 'constant' : s.padding_mode);
  const source = pad ? cl.pad(x, { pad, mode: padMode }) : x;
  /** @type {(f: (a: any) => number) => [number, number]} */
  const axisPair = (f) => [f(info.axes[0]), f(info.axes[1])];
  const unfold = {
    kernelSize: /** @type {[number, number]} */ ([kh, kw]),
    dilation: axisPair((a) => a.dilation),
    padding: /** @type {[number, number]} */ (pad ? [0, 0] : [top, left]),
    stride: axisPair((a) => a.stride),
  };
  const cols = cl.unfold(source, unfold);
  const groups = s.groups;
  const [cout, cinPerGroup] = s.tensors.weight.shape;
  return {
    cols, pad, padMode, unfold, groups,
    K: cinPerGroup * kh * kw,
    rowsPerGroup: cout / groups,
    L: cols.shape[2],
    outShape: info.shape,
    kh,
    kw,
  };
}

/** Row r of the column matrix as the input channel and kernel tap it holds: [c, i, j]. */
export function colRow(m, r) {
  const taps = m.kh * m.kw;
  return [Math.floor(r / taps), Math.floor((r % taps) / m.kw), r % m.kw];
}

/** A value inside a formula: negatives in parentheses, so "2·(-1)" reads right. */
function term(v) {
  const s = formatValue(v);
  return v < 0 || s.startsWith('-') ? `(${s})` : s;
}

/** Terms written out before "+ … (n more)". */
export const MAX_DOT_TERMS = 64;

/**
 * Output cell `o` (flat) as a dot product: weight row `co` of its group times column l of batch n's
 * matrix, plus the bias. `weight`, `bias` (or null): the state's values; `output`: conv2d's output data.
 * Returns { index: [n, co, y, x], n, co, group, row (in W_g), l, colRows: [first, end), terms: [{ k, r,
 *   tap: [c, i, j], w, x, product }], bias, sum (the products and bias added in float64, then rounded to
 *   float32), value (conv2d's output), text, agrees (sum within float32 rounding of value) }.
 */
export function dotProduct(m, o, { weight, bias, output }) {
  const index = unflatten(m.outShape, o);
  const [n, co, y, x] = index;
  const group = Math.floor(co / m.rowsPerGroup);
  const l = y * m.outShape[3] + x;
  const first = group * m.K;
  const rows = m.cols.shape[1];
  const terms = [];
  let sum = 0;
  let scale = 0;
  for (let k = 0; k < m.K; k++) {
    const r = first + k;
    const w = weight[co * m.K + k];
    const v = m.cols.data[(n * rows + r) * m.L + l];
    const product = Math.fround(w * v);
    terms.push({ k, r, tap: colRow(m, r), w, x: v, product });
    sum += product;
    scale += Math.abs(product);
  }
  const b = bias ? bias[co] : null;
  if (b !== null) {
    sum += b;
    scale += Math.abs(b);
  }
  sum = Math.fround(sum);
  const value = output[o];
  const written = terms.slice(0, MAX_DOT_TERMS).map((t) => `${term(t.w)}·${term(t.x)}`);
  if (terms.length > MAX_DOT_TERMS) written.push(`… (${terms.length - MAX_DOT_TERMS} more)`);
  const rhs = (written.join(' + ') || '0') + (b !== null ? ` + ${term(b)}` : '');
  return {
    index, n, co, group, row: co - group * m.rowsPerGroup, l, colRows: [first, first + m.K], terms, bias: b,
    sum, value, text: `${formatValue(value)} = ${rhs}`, agrees: agrees(sum, value, scale),
  };
}

/** Whether two sums of the same terms in different orders agree (float32 rounding of the terms' size). */
export function agrees(a, b, scale) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 4 * 2 ** -24 * Math.max(scale, Math.abs(b)) * Math.max(1, Math.log2(scale + 2));
}

/**
 * The PyTorch lines of the im2col form (language-neutral), e.g.
 *   cols = F.unfold(x, kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 1))  # [1, 9, 9]
 */
export function im2colCode(m) {
  const pair = (p) => `(${p[0]}, ${p[1]})`;
  const u = m.unfold;
  const shape = (sh) => `[${sh.join(', ')}]`;
  const from = m.pad ? `F.pad(x, (${m.pad.join(', ')}), mode='${m.padMode}')` : 'x';
  const [N, cout] = [m.outShape[0], m.outShape[1]];
  const lines = [
    `cols = F.unfold(${from}, kernel_size=${pair(u.kernelSize)}, dilation=${pair(u.dilation)}, `
      + `padding=${pair(u.padding)}, stride=${pair(u.stride)})  # ${shape(m.cols.shape)}`,
  ];
  if (m.groups === 1) {
    lines.push(`W = weight.view(${cout}, -1)  # ${shape([cout, m.K])}`);
    lines.push(`y = (W @ cols).view(${m.outShape.join(', ')})  # + bias.view(1, -1, 1, 1) if any`);
  } else {
    lines.push(`W = weight.view(${m.groups}, ${m.rowsPerGroup}, -1)  # ${shape([m.groups, m.rowsPerGroup, m.K])}`);
    lines.push(`y = (W @ cols.view(${N}, ${m.groups}, ${m.K}, -1)).view(${m.outShape.join(', ')})`);
  }
  return lines.join('\n');
}
