// Node's copies into and out of the threaded build's memory, passed to the module as `copies` (index.node.js;
// cpp/embind/pre.js gives every other module set() and slice()).
import { Buffer } from 'node:buffer';

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
    const typed = /** @type {Float32Array | Int32Array} */ (from);
    if (!ArrayBuffer.isView(from) || typed.constructor !== into.constructor || typed.buffer === into.buffer
      || !typed.length || at + typed.length > into.length) return into.set(from, at);
    const bytes = (t, offset, length) =>
      Buffer.from(t.buffer, t.byteOffset + offset * t.BYTES_PER_ELEMENT, length * t.BYTES_PER_ELEMENT);
    bytes(into, at, typed.length).fill(bytes(typed, 0, typed.length));
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

