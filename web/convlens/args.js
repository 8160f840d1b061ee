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
  adaptiveAvgPool2d: ['outputSize', 'out'],
  adaptiveMaxPool2d: ['outputSize', 'returnIndices', 'out'],
  lpPool2d: ['normType', 'kernelSize', 'stride', 'ceilMode', 'out'],
  maxUnpool2d: ['kernelSize', 'stride', 'padding', 'outputSize', 'out'],
  unfold: ['kernelSize', 'dilation', 'padding', 'stride', 'out'],
  fold: ['outputSize', 'kernelSize', 'dilation', 'padding', 'stride', 'out'],
  adaptiveAvgPool1d: ['outputSize', 'out'],
  adaptiveMaxPool1d: ['outputSize', 'returnIndices', 'out'],
  conv1d: ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode', 'out'],
  convTranspose1d: ['bias', 'stride', 'padding', 'outputPadding', 'groups', 'dilation', 'outputSize', 'out'],
  maxPool1d: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices', 'out'],
  avgPool1d: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'out'],
  conv2dBackward: ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode'],
  maxPool2dBackward: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode'],
  avgPool2dBackward: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
});

/// The backward ops and the forward op whose options (and checks) each takes.
export const FORWARD_OF = Object.freeze({
  conv2dBackward: 'conv2d',
  maxPool2dBackward: 'maxPool2d',
  avgPool2dBackward: 'avgPool2d',
});

/**
 * PyTorch's snake_case name of a JS argument, option or part of one: 'kernelSize' → 'kernel_size',
 * 'input.shape' / 'inputShape' → 'input', 'bias[3]' → 'bias'; tensor()'s whole value is its 'data'.
 */
export function pytorchName(name) {
  const base = String(name).replace(/[.[].*$/, '').replace(/(.)Shape$/, '$1');
  return base === 'tensor' ? 'data' : base.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function describe(v) {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length > 16 ? `[${v.slice(0, 16).map(describe).join(', ')}, … (${v.length} elements)]` : `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (ArrayBuffer.isView(v)) return v.constructor?.name ?? 'a typed array';
  return typeof v;
}

/// The largest tensor the core accepts, in elements (convlens::detail::kMaxElements; a test ties the two).
export const MAX_ELEMENTS = 2 ** 28;
/// Every byte copied into wasm memory in one call: wasm32 addresses 2 GiB at most (and _malloc takes
/// an i32, so a larger request would wrap).
export const MAX_CALL_BYTES = 2 ** 31 - 2 ** 24;

/** An own property's value (undefined when only the prototype chain has it). */
export function ownValue(o, key) {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/// The options that may be null, as PyTorch takes None for them (bias, a pool's stride, divisor_override,
/// output_size, F.pad's value, out); any other option given as null is INVALID_TYPE, as in PyTorch.
export const NULLABLE = Object.freeze({
  conv2d: ['bias', 'out'],
  convTranspose2d: ['bias', 'outputSize', 'out'],
  maxPool2d: ['stride', 'out'],
  avgPool2d: ['stride', 'divisorOverride', 'out'],
  pad: ['value', 'out'],
  adaptiveAvgPool2d: ['out'],
  adaptiveMaxPool2d: ['out'],
  lpPool2d: ['stride', 'out'],
  maxUnpool2d: ['stride', 'outputSize', 'out'],
  unfold: ['out'],
  fold: ['out'],
  adaptiveAvgPool1d: ['out'],
  adaptiveMaxPool1d: ['out'],
  conv1d: ['bias', 'out'],
  convTranspose1d: ['bias', 'outputSize', 'out'],
  maxPool1d: ['stride', 'out'],
  avgPool1d: ['stride', 'out'],
  conv2dBackward: ['bias'],
  maxPool2dBackward: ['stride'],
  avgPool2dBackward: ['stride', 'divisorOverride'],
});

/** A name as a misspelling keeps it: lower case, no '_' or '-' ('kernel_size', 'KernelSize' → 'kernelsize'). */
const looseName = (name) => name.replace(/[_-]/g, '').toLowerCase();

/**
 * The accepted name `key` probably means, or null: the same letters in another case or with '_' / '-'
 * (PyTorch's snake_case 'kernel_size' → 'kernelSize', 'ceil_mode' → 'ceilMode', 'Stride' → 'stride').
 */
export function suggestName(key, allowed) {
  const loose = looseName(key);
  return allowed.find((name) => name !== key && looseName(name) === loose) ?? null;
}

/**
 * An options snapshot: its prototype is empty, frozen and has none itself, so a snapshot inherits nothing (a
 * polluted Object.prototype adds nothing), yet stays one of V8's fast objects, which Object.create(null) is not.
 * @constructor
 */
function Snapshot() {}
Snapshot.prototype = Object.freeze(Object.create(null));

/**
 * The options object as a snapshot of its own enumerable properties that inherits nothing, each read once
 * (a getter runs here and nowhere later; a polluted Object.prototype adds nothing). Unknown names
 * are PyTorch's "unexpected keyword argument", with the accepted spelling suggested (suggestName).
 * An option given as undefined counts as not given. With `nullable` (an op's NULLABLE: the options
 * PyTorch takes None for), null is refused for every other option.
 */
export function checkOptionNames(op, opts, allowed, nullable) {
  const snapshot = /** @type {Record<string, any>} */ (new Snapshot());
  if (opts == null) return snapshot;
  if (typeof opts !== 'object' || Array.isArray(opts)) fail('INVALID_TYPE', `${op}(): options must be an object, but got ${describe(opts)}`);
  let firstNull = null;
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      const camel = suggestName(key, allowed);
      const hint = camel ? ` (did you mean '${camel}'?)` : '';
      fail('UNKNOWN_OPTION', `${op}() got an unexpected keyword argument '${key}'${hint}`, key);
    }
    const value = opts[key];
    if (value !== undefined) snapshot[key] = value;
    if (value === null && firstNull === null && nullable && !nullable.includes(key)) firstNull = key;
  }
  if (firstNull !== null)
    fail('INVALID_TYPE', `${op}(): argument '${firstNull}' must not be null (PyTorch takes no None): leave it out for its default`, pytorchName(firstNull));
  return snapshot;
}

export function int(op, name, v) {
  if (typeof v !== 'number' || !Number.isInteger(v))
    fail('INVALID_TYPE', `${op}(): argument '${name}' must be an int, but got ${describe(v)}`, pytorchName(name));
  if (Math.abs(v) > INT32_MAX) fail('INVALID_ARGUMENT', `${op}(): argument '${name}' = ${v} is out of range`, pytorchName(name));
  return v;
}

/// An int or an [h, w] pair of ints → [h, w].
export function intPair(op, name, v) {
  if (typeof v === 'number') return [int(op, name, v), v];
  if (Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number' && Number.isInteger(e)))
    return [int(op, name, v[0]), int(op, name, v[1])];
  return fail('INVALID_TYPE', `${op}(): argument '${name}' must be an int or a pair of ints, but got ${describe(v)}`, pytorchName(name));
}

/// A 1-D op's int argument: an int, or a list of exactly one (ATen's check1d).
export function intOne(op, name, v) {
  if (!Array.isArray(v)) return int(op, name, v);
  if (v.length !== 1) fail('INVALID_ARGUMENT', `${op}() argument '${pytorchName(name)}' should contain one int (got ${v.length})`, pytorchName(name));
  return int(op, name, v[0]);
}

/// An adaptive pool's output size: an int or an [h, w] pair whose entries may be null (keep that
/// axis's input size) → [h, w] with null kept.
export function sizePair(op, name, v) {
  const ok = (e) => e === null || (typeof e === 'number' && Number.isInteger(e));
  if (typeof v === 'number') return [int(op, name, v), v];
  if (Array.isArray(v) && v.length === 2 && v.every(ok))
    return [v[0] === null ? null : int(op, name, v[0]), v[1] === null ? null : int(op, name, v[1])];
  return fail('INVALID_TYPE', `${op}(): argument '${name}' must be an int or a pair of ints or nulls, but got ${describe(v)}`, pytorchName(name));
}

export function bool(op, name, v) {
  if (typeof v !== 'boolean') fail('INVALID_TYPE', `${op}(): argument '${name}' must be a bool, but got ${describe(v)}`, pytorchName(name));
  return v;
}

export function oneOf(op, name, v, choices) {
  if (typeof v !== 'string') fail('INVALID_TYPE', `${op}(): argument '${name}' must be a string, but got ${describe(v)}`, pytorchName(name));
  if (!choices.includes(v))
    fail('INVALID_ARGUMENT', `${name} must be one of [${choices.map((c) => `'${c}'`).join(', ')}], but got ${name}='${v}'`, pytorchName(name));
  return v;
}

/// A shape: an array of non-negative ints (ops reject zero dims in the core, with its own message),
/// copied element by element so that each is read once. Messages name it `${name}${part}` ("input" ".shape"),
/// joined only on failure: a string made on every call costs a small call several percent.
export function shape(op, name, v, part = '') {
  const dims = Array.isArray(v) ? [] : null;
  for (let i = 0, n = dims ? Math.min(v.length, 9) : 0; i < n; i++) dims.push(v[i]);
  if (!dims || !dims.every((d) => typeof d === 'number' && Number.isInteger(d)))
    fail('INVALID_TYPE', `${op}(): ${name}${part} must be an array of ints, but got ${describe(v)}`, pytorchName(name));
  if (dims.some((d) => d < 0)) fail('INVALID_SHAPE', `${op}(): ${name}${part} ${describe(dims)} has a negative dimension`, pytorchName(name));
  if (v.length > 8) fail('INVALID_SHAPE', `${op}(): ${name}${part} ${describe(v)} has ${v.length} dimensions; at most 4 are meaningful`, pytorchName(name));
  if (dims.some((d) => d > INT32_MAX)) fail('TOO_LARGE', `${op}(): ${name}${part} ${describe(dims)} has a dimension larger than ${INT32_MAX}`, pytorchName(name));
  return dims;
}

/** Whether two shapes (arrays of dimensions) are equal. */
export function sameShape(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function product(dims) {
  let n = 1;
  for (let i = 0; i < dims.length; i++) n *= dims[i];
  return n;
}

// The true element count of a typed array: its own `length` may be shadowed by a property.
const typedLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), 'length').get;
const isBigIntArray = (d) => (typeof BigInt64Array !== 'undefined' && d instanceof BigInt64Array)
  || (typeof BigUint64Array !== 'undefined' && d instanceof BigUint64Array);

/**
 * The typed arrays tensor data may be (read as numbers; BigInt arrays and DataView are refused).
 * @typedef {Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
 *   | Float32Array | Float64Array} NumberArray
 */

/// What an array of tensor data may be, for messages.
export const DATA_TYPES = 'a Float32Array, another typed array of numbers (not BigInt64Array/BigUint64Array) or an array of numbers';

/**
 * Reads a tensor's data once: a typed array as it is (its true length is taken later, with no user
 * code in between), a number[] copied into a fresh Float32Array element by element — after its
 * length was checked against `count`, so a huge array-like fails fast.
 * @returns {NumberArray}
 */
export function dataArg(op, name, data, count, part = '') {
  if (ArrayBuffer.isView(data)) {
    if (data instanceof DataView || isBigIntArray(data))
      fail('INVALID_TYPE', `${op}(): ${name}${part} must be ${DATA_TYPES}, but got ${describe(data)}`, pytorchName(name));
    return /** @type {NumberArray} */ (data);
  }
  if (!Array.isArray(data)) fail('INVALID_TYPE', `${op}(): ${name}${part} must be ${DATA_TYPES}, but got ${describe(data)}`, pytorchName(name));
  const length = data.length;
  if (length !== count) fail('INVALID_SHAPE', `${op}(): ${name}${part} has ${length} elements, but the shape needs ${count}`, pytorchName(name));
  return copyNumbers(op, name + part, data, length);
}

/** The first `length` elements of an array-like as a fresh Float32Array, each read once, then checked. */
export function copyNumbers(op, name, data, length) {
  const copy = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const v = data[i];  // a getter may change the array: each element is read once, then checked
    if (typeof v !== 'number') fail('INVALID_TYPE', `${op}(): ${name}[${i}] must be a number, but got ${describe(v)}`, pytorchName(name));
    copy[i] = v;
  }
  return copy;
}

/** Checks an element count against the core's limit before anything is allocated. */
export function checkElements(op, name, dims, count) {
  if (count > MAX_ELEMENTS)
    fail('TOO_LARGE', `${op}(): ${name} of size ${describe(dims)} has more than ${MAX_ELEMENTS} elements, the most convlens supports`, pytorchName(name));
}

/**
 * A tensor argument { shape, data }: the shape copied and checked, the data read once (see dataArg).
 * Returns { shape, data, count }; call checkLength() once no user code can run any more.
 */
export function tensorArg(op, name, t) {
  if (t == null || typeof t !== 'object' || !('shape' in t) || !('data' in t))
    fail('INVALID_TYPE', `${op}(): argument '${name}' must be a tensor { shape, data }, but got ${describe(t)}`, pytorchName(name));
  const rawShape = t.shape;
  const rawData = t.data;
  const dims = shape(op, name, rawShape, '.shape');
  const count = product(dims);
  checkElements(op, name, dims, count);
  return { shape: dims, data: dataArg(op, name, rawData, count, '.data'), count };
}

/**
 * Max-pool indices { shape, data }: the shape as tensorArg's, the data an Int32Array (used as is) or
 * any array-like of integers, copied into a fresh Int32Array (each element read once). PyTorch's
 * int64 indices are narrowed: a value outside int32 can address no output element.
 */
export function indexTensorArg(op, name, t) {
  if (t == null || typeof t !== 'object' || !('shape' in t) || !('data' in t))
    fail('INVALID_TYPE', `${op}(): argument '${name}' must be a tensor { shape, data } of ints, but got ${describe(t)}`, pytorchName(name));
  const rawShape = t.shape;
  const rawData = t.data;
  const dims = shape(op, name, rawShape, '.shape');
  const count = product(dims);
  checkElements(op, name, dims, count);
  if (rawData instanceof Int32Array) return { shape: dims, data: rawData, count };
  const typed = ArrayBuffer.isView(rawData) && !(rawData instanceof DataView) && !isBigIntArray(rawData);
  if (!typed && !Array.isArray(rawData))
    fail('INVALID_TYPE', `${op}(): ${name}.data must be an Int32Array or an array of ints, but got ${describe(rawData)}`, pytorchName(name));
  const length = typed ? typedLength.call(rawData) : /** @type {unknown[]} */ (rawData).length;
  if (length !== count) fail('INVALID_SHAPE', `${op}(): ${name}.data has ${length} elements, but the shape needs ${count}`, pytorchName(name));
  const copy = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const v = rawData[i];
    if (typeof v !== 'number' || !Number.isInteger(v))
      fail('INVALID_TYPE', `${op}(): ${name}[${i}] must be an int, but got ${describe(v)}`, pytorchName(name));
    if (Math.abs(v) > INT32_MAX) fail('INVALID_ARGUMENT', `Found an invalid max index: ${v} (outside any output)`, pytorchName(name));
    copy[i] = v;
  }
  return { shape: dims, data: copy, count };
}

/** The data's true length must still be what the shape needs (a typed array may have been shrunk). */
export function checkLength(op, name, t) {
  const n = Array.isArray(t.data) ? t.data.length : typedLength.call(t.data);
  if (n !== t.count)
    fail('INVALID_SHAPE', `${op}(): ${name}.data has ${n} elements, but ${name}.shape ${describe(t.shape)} needs ${t.count}`, pytorchName(name));
  return n;
}

/// bias: a rank-1 tensor, a typed array or a number[]; null or undefined = no bias (PyTorch's bias=None).
export function biasArg(op, v) {
  if (v == null) return null;
  if (typeof v === 'boolean')
    fail('INVALID_TYPE', `${op}(): argument 'bias' must be a tensor or null (PyTorch's bias=None), but got ${v}`, 'bias');
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const typed = ArrayBuffer.isView(v) && !(v instanceof DataView) && !isBigIntArray(v);
    const length = typed ? typedLength.call(v) : /** @type {unknown[]} */ (v).length;
    checkElements(op, 'bias', [length], length);
    return { shape: [length], data: dataArg(op, 'bias', v, length), count: length };
  }
  const t = tensorArg(op, 'bias', v);
  if (t.shape.length !== 1)
    fail('SHAPE_MISMATCH', `${op}(): expected bias to be 1-dimensional, but got bias of size ${describe(t.shape)}`, 'bias');
  return t;
}
