// Node's copies into and out of the threaded build's memory, passed to the module as `copies` (index.node.js;
// cpp/embind/pre.js gives every other module set() and slice()).
import { Buffer } from 'node:buffer';

// A typed array's own internal slots, as set() reads them: its own `length`, `buffer` or `byteOffset` property, or
// a `constructor`, may say anything (args.js measures lengths the same way).
const typedArray = Object.getPrototypeOf(Int8Array.prototype);
const slot = (name) => Object.getOwnPropertyDescriptor(typedArray, name).get;
const [typeOf, lengthOf, bufferOf, offsetOf] = [Symbol.toStringTag, 'length', 'buffer', 'byteOffset'].map(slot);

/**
 * `into(into, from, at)` is into.set(from, at) and `of(from)` from.slice(). On shared memory,
 * TypedArray.prototype.set copies word by word, keeping the memory's relaxed-atomic semantics, at half
 * memcpy's rate: 3.2 MB take 0.116 ms against 0.058 ms (Node 20). Buffer.prototype.fill with a source as long as the
 * range is one memcpy (0.062 ms): `into` does that for two typed arrays of one type in different buffers, and is
 * set() for anything else (which converts types, copies within a buffer as memmove, throws past the end).
 */
export const sharedCopies = {
  /**
   * @param {Float32Array | Int32Array} into
   * @param {ArrayLike<number>} from
   */
  into(into, from, at = 0) {
    const type = typeOf.call(from);  // undefined for anything but a typed array
    const n = type === undefined ? 0 : lengthOf.call(from);
    if (type !== typeOf.call(into) || !n || bufferOf.call(from) === bufferOf.call(into) || at + n > lengthOf.call(into))
      return into.set(from, at);
    const size = globalThis[type].BYTES_PER_ELEMENT;
    const bytes = (t, offset) => Buffer.from(bufferOf.call(t), offsetOf.call(t) + offset * size, n * size);
    bytes(into, at).fill(bytes(from, 0));
  },
  /**
   * @template {Float32Array | Int32Array} T
   * @param {T} from
   * @returns {T}
   */
  of(from) {
    const into = new /** @type {any} */ (from.constructor)(from.length);
    sharedCopies.into(into, from);
    return into;
  },
};
