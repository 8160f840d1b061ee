// The blocks run() stages its calls into, kept for calls that repeat. A small call's staging (its shapes and options
// encoded into a block, convlens.js's stage()) costs as much as its kernel, and a program calls an op with the same
// shapes and options again and again: such a call runs the block its first call staged. The package's entries
// provide this file (convlens.js's providePackageParts); the <conv-lens> widget's bundle leaves it out and stages
// every call into a fresh block.
import { sameShape } from './args.js';

/// Blocks kept per op, replaced in turn: a program alternating a few shapes or option sets keeps each.
const KEPT_PER_OP = 4;
/// What optionValues() lists for a bias tensor (its length is compared on its own).
const TENSOR_OPTION = Symbol('tensor');

// A resident tensor's shape is a frozen array, kept as it is (the same array on every call); any other is copied.
const keptDims = (dims) => (Object.isFrozen(dims) ? dims : [...dims]);
const sameDims = (kept, dims) => (kept === null ? dims == null
  : kept === dims || (dims != null && sameShape(kept, dims)));
const biasLength = (call) => (call.bias ? call.bias.shape[0] : -1);
/** An option's value as a kept call lists it: an object (only a bias tensor is kept) as TENSOR_OPTION. */
const optionKey = (v) => (typeof v === 'object' && v !== null ? TENSOR_OPTION : v);

/**
 * The options of snapshot `o` that staging reads, as [name, value, …] in the snapshot's order, or null when one
 * is an object: an array's elements may be getters, which staging would run, so such a call is staged every
 * time. `out` is not staged; a bias tensor is listed as TENSOR_OPTION.
 */
function optionValues(o) {
  const values = [];
  for (const name in o) {
    if (name === 'out') continue;
    const v = optionKey(o[name]);
    if (v === TENSOR_OPTION && name !== 'bias') return null;
    values.push(name, v);
  }
  return values;
}

/**
 * What one kept block was staged from, and the block.
 * @typedef {{ options: any[] | null, x: readonly number[], w: readonly number[] | null,
 *   g: readonly number[] | null, bias: number, staged: Int32Array }} KeptCall
 */

/**
 * Whether `call` (convlens.js's readCall()) on input `x` stages as `kept` was staged: the same shapes, bias length
 * and option values (Object.is: -0 is not 0).
 * @param {KeptCall} kept
 */
function sameCall(kept, call, x) {
  if (!sameDims(kept.x, x.shape) || !sameDims(kept.w, call.w?.shape) || !sameDims(kept.g, call.g?.shape)
    || kept.bias !== biasLength(call)) return false;
  const { options } = kept;
  let i = 0;
  for (const name in call.o) {
    if (name === 'out') continue;
    if (options[i] !== name || !Object.is(optionKey(call.o[name]), options[i + 1])) return false;
    i += 2;
  }
  return i === options.length;
}

/**
 * run()'s blocks for one instance: a function of (op, call, x) giving the block to run, staged by
 * `stageCall(op, call, x, into)` into a block used again (a fresh Int32Array of the block's size lives outside V8's
 * heap and costs a small call more than its op):
 * - a call with the shapes and option values of one of the op's last KEPT_PER_OP runs that one's block, unstaged;
 * - any other call whose options are plain values is staged into one of those, replaced in turn. Its staging runs
 *   no caller code, so no other call starts while that block is written;
 * - a call whose options hold an object stages into the spare block of its depth: an option's getter may call an
 *   op while the block is staged, and that call stages one level deeper. Once staged, a block is copied into wasm
 *   memory before any caller code runs, so the next call at that depth may take it again.
 * @param {(op: string, call: any, x: any, into: Int32Array) => Int32Array} stageCall
 * @param {number} blockSize the block's length in ints
 */
export function stagedBlocks(stageCall, blockSize) {
  /** @type {Map<string, { calls: KeptCall[], next: number, last: KeptCall | null }>} */
  const byOp = new Map();
  /** @type {Int32Array[]} */
  const spares = [];
  let depth = 0;
  // A kept call that `call` repeats takes its resident tensors' shapes (each the same frozen array on every call: an
  // address marks a resident tensor), compared by identity from then on. The op's last kept call is tried first.
  const reuse = (kept, c, call, x) => {
    if (x.address) c.x = x.shape;
    if (call.w?.address) c.w = call.w.shape;
    if (call.g?.address) c.g = call.g.shape;
    kept.last = c;
    return c.staged;
  };
  return (op, call, x) => {
    let kept = byOp.get(op);
    if (kept) {
      if (kept.last?.options && sameCall(kept.last, call, x)) return reuse(kept, kept.last, call, x);
      for (const c of kept.calls) {
        if (c !== kept.last && c.options && sameCall(c, call, x)) return reuse(kept, c, call, x);
      }
    }
    const options = optionValues(call.o);
    if (!options) {
      const spare = (spares[depth] ??= new Int32Array(blockSize));
      depth++;
      try {
        return stageCall(op, call, x, spare);
      } finally {
        depth--;
      }
    }
    if (!kept) byOp.set(op, (kept = { calls: [], next: 0, last: null }));
    if (kept.calls.length < KEPT_PER_OP)
      kept.calls.push({ options: null, x: [], w: null, g: null, bias: -1, staged: new Int32Array(blockSize) });
    const c = kept.calls[kept.next];
    kept.next = (kept.next + 1) % KEPT_PER_OP;
    c.options = null;  // (a staging that throws leaves it unused)
    stageCall(op, call, x, c.staged);
    c.x = keptDims(x.shape);
    c.w = call.w && keptDims(call.w.shape);
    c.g = call.g && keptDims(call.g.shape);
    c.bias = biasLength(call);
    c.options = options;
    kept.last = c;
    return c.staged;
  };
}
