// A parsed paste (parse-matrix.js) applied to a state. Pure (no DOM). Where it lands:
//   one value            the cell pasted into
//   rank 1 / rank 2      a block from that cell, clipped to the plane; a rank-2 matrix pasted into
//                        cell (0, 0) resizes the plane (input_size, or kernel_size for the weight)
//   rank 3 (C, H, W)     that batch item / out-channel, setting in_channels (or the weight's
//                        channels) and the size
//   rank 4 (N, C, H, W)  the whole tensor, setting every size it implies
//   bias                 values from the cell pasted into, clipped
// A 1-D op's tensors are [N, C, L] (weight [.., k]), drawn as one-row planes: there a matrix of several rows
// is (C, L), its rows the planes, as rank 3 is for 2-D, and rank 3 is the whole tensor. When the channels
// cannot be that many (the field's limits), its first row is pasted, with a notice saying why.
import { field, isOneD, parseFieldText, syncShapes } from './state.js';
import { fromTexts, plane4 } from './tensors.js';

/** Sets size fields (each checked against the schema); returns { state } or { error: { key, params } }. */
function withSizes(s, sizes) {
  const next = { ...s };
  for (const [name, size] of Object.entries(sizes)) {
    // a 1-D op's one row: its length (another height is refused in the field's words)
    const value = isOneD(s.op) && Array.isArray(size) && size[0] === 1 ? size[1] : size;
    const r = parseFieldText(field(name), Array.isArray(value) ? value.join(',') : String(value), s.op);
    if (!r.ok) return { error: { key: r.key, params: r.params } };
    next[name] = r.value;
  }
  return { state: syncShapes(next) };
}

/**
 * Applies matrix `m` ({ shape, texts }) pasted into tensor `name` ('input' | 'weight' | 'bias') at
 * flat cell `flat`. Returns { state } (a new state; the tensor is a new object), with `notice` ({ key,
 * params, reason: { key, params } }) when only a 1-D op's first row could be pasted, or { error }.
 */
export function applyPaste(s, name, flat, m) {
  const rows = m.shape.length === 2 ? m.shape[0] : 0;
  if (isOneD(s.op) && name !== 'bias' && (rows > 1 || m.shape.length === 3)) {
    // one height-1 axis more: (C, L) → (C, 1, L), (N, C, L) → (N, C, 1, L)
    const lifted = applyPlanes(s, name, flat, { shape: [...m.shape.slice(0, -1), 1, m.shape.at(-1)], texts: m.texts });
    if (!lifted.error || !rows) return lifted;
    const cols = m.shape[1];
    const first = applyPlanes(s, name, flat, { shape: [1, cols], texts: m.texts.slice(0, cols) });
    return first.error ? first : { ...first, notice: { key: 'pasteFirstRow', params: { rows, name }, reason: lifted.error } };
  }
  return applyPlanes(s, name, flat, m);
}

/** The paste by the rules above for planes (a 1-D op's tensors as planes one row high). */
function applyPlanes(s, name, flat, m) {
  const t = s.tensors[name];
  const [, d1, H, W] = plane4(t.shape);
  const plane = Math.floor(flat / (H * W));
  const r0 = Math.floor((flat % (H * W)) / W);
  const c0 = flat % W;
  const rank = m.shape.length;
  const transposed = s.op.startsWith('convTranspose');
  const g = s.groups >= 1 ? s.groups : 1;
  let next = s;
  let block; // { plane, rows, cols, r, c } or { plane, planes, h, cols } (rank 3)

  if (name === 'bias') {
    block = { plane: 0, rows: 1, cols: m.texts.length, r: 0, c: c0 };
  } else if (rank === 4) {
    const [a, b, c, d] = m.shape;
    const sizes = name === 'input' ? { batch: a, in_channels: b, input_size: [c, d] }
      : transposed ? { in_channels: a, out_channels: b * g, kernel_size: [c, d] }
        : { out_channels: a, in_channels: b * g, kernel_size: [c, d] };
    const r = withSizes(s, sizes);
    if (r.error) return r;
    const shape = isOneD(s.op) ? [a, b, d] : m.shape; // a 1-D op's tensor keeps its three axes
    return { state: { ...r.state, tensors: { ...r.state.tensors, [name]: fromTexts(shape, m.texts) } } };
  } else if (rank === 3) {
    const [a, c, d] = m.shape;
    const sizes = name === 'input' ? { in_channels: a, input_size: [c, d] }
      : transposed ? { out_channels: a * g, kernel_size: [c, d] } : { in_channels: a * g, kernel_size: [c, d] };
    const r = withSizes(s, sizes);
    if (r.error) return r;
    next = r.state;
    block = { plane: Math.floor(plane / d1) * a, planes: a, h: c, cols: d };
  } else {
    const [rows, cols] = rank === 2 ? m.shape : [1, m.shape[0]];
    if (rank === 2 && flat % (H * W) === 0 && (rows !== H || cols !== W) && m.texts.length > 1) {
      const r = withSizes(s, name === 'input' ? { input_size: [rows, cols] } : { kernel_size: [rows, cols] });
      if (r.error) return r;
      next = r.state;
    }
    block = { plane, rows, cols, r: r0, c: c0 };
  }

  const target = next.tensors[name];
  const [, , HH, WW] = plane4(target.shape);
  const texts = [...target.texts];
  const put = (p, r, c, text) => {
    if (r < HH && c < WW && (p + 1) * HH * WW <= texts.length) texts[p * HH * WW + r * WW + c] = text;
  };
  if (block.planes) {
    for (let p = 0; p < block.planes; p++)
      for (let r = 0; r < block.h; r++)
        for (let c = 0; c < block.cols; c++) put(block.plane + p, r, c, m.texts[(p * block.h + r) * block.cols + c]);
  } else {
    for (let r = 0; r < block.rows; r++)
      for (let c = 0; c < block.cols; c++) put(block.plane, block.r + r, block.c + c, m.texts[r * block.cols + c]);
  }
  return { state: { ...next, tensors: { ...next.tensors, [name]: fromTexts(target.shape, texts) } } };
}
