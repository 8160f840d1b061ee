// Type-level checks of JS arguments: names, ints, pairs, strings, booleans, tensors. Value rules
// (positive strides, padding limits, channel counts …) live in the C++ core, in one place.
import { fail } from './errors.js';

const INT32_MAX = 2147483647;

/// The options an op accepts; anything else is an UNKNOWN_OPTION, as in PyTorch's keyword check.
export const OPTIONS = Object.freeze({
  conv2d: ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode', 'out'],
  convTranspose2d: ['bias', 'stride', 'padding', 'outputPadding', 'groups', 'dilation', 'outputSize', 'out'],
  maxPool2d: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices', 'out'],
  avgPool2d: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride', 'out'],
  pad: ['pad', 'mode', 'value', 'out'],
});

export function describe(v) {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  return typeof v;
}

export function checkOptionNames(op, opts, allowed) {
  if (opts == null) return {};
  if (typeof opts !== 'object' || Array.isArray(opts)) fail('INVALID_TYPE', `${op}(): options must be an object, but got ${describe(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) fail('UNKNOWN_OPTION', `${op}() got an unexpected keyword argument '${key}'`);
  }
  return opts;
}

export function int(op, name, v) {
  if (typeof v !== 'number' || !Number.isInteger(v))
    fail('INVALID_TYPE', `${op}(): argument '${name}' must be an int, but got ${describe(v)}`);
  if (Math.abs(v) > INT32_MAX) fail('INVALID_ARGUMENT', `${op}(): argument '${name}' = ${v} is out of range`);
  return v;
}

/// An int or an [h, w] pair of ints → [h, w].
export function intPair(op, name, v) {
  if (typeof v === 'number') return [int(op, name, v), v];
  if (Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number' && Number.isInteger(e)))
    return [int(op, name, v[0]), int(op, name, v[1])];
  return fail('INVALID_TYPE', `${op}(): argument '${name}' must be an int or a pair of ints, but got ${describe(v)}`);
}

export function bool(op, name, v) {
  if (typeof v !== 'boolean') fail('INVALID_TYPE', `${op}(): argument '${name}' must be a bool, but got ${describe(v)}`);
  return v;
}

export function oneOf(op, name, v, choices) {
  if (typeof v !== 'string') fail('INVALID_TYPE', `${op}(): argument '${name}' must be a string, but got ${describe(v)}`);
  if (!choices.includes(v))
    fail('INVALID_ARGUMENT', `${name} must be one of [${choices.map((c) => `'${c}'`).join(', ')}], but got ${name}='${v}'`);
  return v;
}

/// A shape: an array of non-negative ints (ops reject zero dims in the core, with its own message).
export function shape(op, name, v) {
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'number' && Number.isInteger(d)))
    fail('INVALID_TYPE', `${op}(): ${name} must be an array of ints, but got ${describe(v)}`);
  if (v.some((d) => d < 0)) fail('INVALID_SHAPE', `${op}(): ${name} ${describe(v)} has a negative dimension`);
  if (v.length > 8) fail('INVALID_SHAPE', `${op}(): ${name} ${describe(v)} has ${v.length} dimensions; at most 4 are meaningful`);
  if (v.some((d) => d > INT32_MAX)) fail('TOO_LARGE', `${op}(): ${name} ${describe(v)} has a dimension larger than ${INT32_MAX}`);
  return v;
}

export function product(dims) {
  return dims.reduce((a, b) => a * b, 1);
}

/// A tensor argument: { shape, data } with data a Float32Array or an array of numbers of the right length.
export function tensorArg(op, name, t) {
  if (t == null || typeof t !== 'object' || !('shape' in t) || !('data' in t))
    fail('INVALID_TYPE', `${op}(): argument '${name}' must be a tensor { shape, data }, but got ${describe(t)}`);
  const dims = shape(op, `${name}.shape`, t.shape);
  const data = t.data;
  if (!(data instanceof Float32Array) && !(Array.isArray(data) || ArrayBuffer.isView(data)))
    fail('INVALID_TYPE', `${op}(): ${name}.data must be a Float32Array or an array of numbers`);
  if (Array.isArray(data)) numbers(op, `${name}.data`, data);
  const n = product(dims);
  if (data.length !== n)
    fail('INVALID_SHAPE', `${op}(): ${name}.data has ${data.length} elements, but ${name}.shape ${describe(dims)} needs ${n}`);
  return { shape: dims, data };
}

function numbers(op, name, array) {
  for (let i = 0; i < array.length; i++)
    if (typeof array[i] !== 'number') fail('INVALID_TYPE', `${op}(): ${name}[${i}] must be a number, but got ${describe(array[i])}`);
}

/// bias: a rank-1 tensor, a Float32Array or a number[]; null/undefined = no bias.
export function biasArg(op, v) {
  if (v == null || v === false) return null;
  if (v instanceof Float32Array || Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    if (Array.isArray(v)) numbers(op, 'bias', v);
    return { shape: [v.length], data: v };
  }
  const t = tensorArg(op, 'bias', v);
  if (t.shape.length !== 1)
    fail('SHAPE_MISMATCH', `${op}(): expected bias to be 1-dimensional, but got bias of size ${describe(t.shape)}`);
  return t;
}
