// tensor(): nested number arrays or { shape, data } → a fresh { shape, data: Float32Array }.
import { fail } from './errors.js';
import { DATA_TYPES, checkElements, checkLength, copyNumbers, dataArg, describe, product, shape as shapeArg } from './args.js';

function nestedShape(v) {
  const dims = [];
  for (let level = v; Array.isArray(level); level = level[0]) dims.push(level.length);
  return dims;
}

function flatten(v, dims, depth, out, at) {
  if (depth === dims.length) {
    if (typeof v !== 'number') fail('INVALID_TYPE', `tensor(): elements must be numbers, but got ${describe(v)}`, 'data');
    out[at.i++] = v;
    return;
  }
  if (!Array.isArray(v) || v.length !== dims[depth])
    fail('INVALID_SHAPE', `tensor(): ragged nested array: expected ${dims[depth]} elements at depth ${depth}, but got ${Array.isArray(v) ? v.length : describe(v)}`, 'data');
  for (const e of v) flatten(e, dims, depth + 1, out, at);
}

export function tensor(value) {
  if (Array.isArray(value)) {
    const dims = nestedShape(value);
    if (dims.includes(0)) fail('INVALID_SHAPE', `tensor(): nested array of shape ${describe(dims)} has an empty dimension`, 'data');
    if (dims.length < 1 || dims.length > 4)
      fail('INVALID_SHAPE', `tensor(): expected a nested array of rank 1 to 4, but got rank ${dims.length}`, 'data');
    checkElements('tensor', 'tensor', dims, product(dims));
    const data = new Float32Array(product(dims));
    flatten(value, dims, 0, data, { i: 0 });
    return { shape: dims, data };
  }
  if (value && typeof value === 'object' && 'shape' in value && 'data' in value) {
    const rawShape = value.shape;
    const d = value.data;
    const dims = shapeArg('tensor', 'shape', rawShape);
    if (dims.includes(0)) fail('INVALID_SHAPE', `tensor(): shape ${describe(dims)} has a zero dimension`, 'shape');
    const count = product(dims);
    checkElements('tensor', 'tensor', dims, count);
    if (ArrayBuffer.isView(d) || Array.isArray(d)) {
      const t = { shape: dims, data: dataArg('tensor', 'data', d, count), count };
      checkLength('tensor', 'tensor', t);
      // A number[] was already copied by dataArg; a typed array is still the caller's.
      const data = Array.isArray(d) ? /** @type {Float32Array} */ (t.data) : Float32Array.from(t.data);
      return { shape: [...dims], data };
    }
    // Any other array-like: its length is checked before its elements are read.
    if (!(d && typeof d === 'object' && Number.isInteger(d.length) && d.length >= 0))
      fail('INVALID_TYPE', `tensor(): data must be ${DATA_TYPES} or an array-like of numbers, but got ${describe(d)}`, 'data');
    const length = d.length;
    if (length !== count) fail('INVALID_SHAPE', `tensor(): data has ${length} elements, but shape ${describe(dims)} needs ${count}`, 'data');
    return { shape: [...dims], data: copyNumbers('tensor', 'data', d, count) };
  }
  return fail('INVALID_TYPE', `tensor(): expected nested arrays or { shape, data }, but got ${describe(value)}`);
}
