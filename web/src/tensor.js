// tensor(): nested number arrays or { shape, data } → a fresh { shape, data: Float32Array }.
import { fail } from './errors.js';
import { describe, product, shape as shapeArg } from './args.js';

function nestedShape(v) {
  const dims = [];
  for (let level = v; Array.isArray(level); level = level[0]) dims.push(level.length);
  return dims;
}

function flatten(v, dims, depth, out, at) {
  if (depth === dims.length) {
    if (typeof v !== 'number') fail('INVALID_TYPE', `tensor(): elements must be numbers, but got ${describe(v)}`);
    out[at.i++] = v;
    return;
  }
  if (!Array.isArray(v) || v.length !== dims[depth])
    fail('INVALID_SHAPE', `tensor(): ragged nested array: expected ${dims[depth]} elements at depth ${depth}, but got ${Array.isArray(v) ? v.length : describe(v)}`);
  for (const e of v) flatten(e, dims, depth + 1, out, at);
}

export function tensor(value) {
  if (Array.isArray(value)) {
    const dims = nestedShape(value);
    if (dims.includes(0)) fail('INVALID_SHAPE', `tensor(): nested array of shape ${describe(dims)} has an empty dimension`);
    if (dims.length < 1 || dims.length > 4)
      fail('INVALID_SHAPE', `tensor(): expected a nested array of rank 1 to 4, but got rank ${dims.length}`);
    const data = new Float32Array(product(dims));
    flatten(value, dims, 0, data, { i: 0 });
    return { shape: dims, data };
  }
  if (value && typeof value === 'object' && 'shape' in value && 'data' in value) {
    const dims = shapeArg('tensor', 'shape', value.shape);
    if (dims.includes(0)) fail('INVALID_SHAPE', `tensor(): shape ${describe(dims)} has a zero dimension`);
    const d = value.data;
    const typed = ArrayBuffer.isView(d) && !(d instanceof DataView);
    if (!typed && !(d && typeof d === 'object' && Number.isInteger(d.length) && d.length >= 0))
      fail('INVALID_TYPE', `tensor(): data must be an array-like of numbers, but got ${describe(d)}`);
    if (!typed)
      for (let i = 0; i < d.length; i++)
        if (typeof d[i] !== 'number') fail('INVALID_TYPE', `tensor(): data[${i}] must be a number, but got ${describe(d[i])}`);
    if (d.length !== product(dims))
      fail('INVALID_SHAPE', `tensor(): data has ${d.length} elements, but shape ${describe(dims)} needs ${product(dims)}`);
    return { shape: [...dims], data: Float32Array.from(d) };
  }
  return fail('INVALID_TYPE', `tensor(): expected nested arrays or { shape, data }, but got ${describe(value)}`);
}
