// Resident tensors: float32 (or int32 max-pool indices) tensors that live in the wasm module's memory,
// so that ops take them with no copy and chains of ops never round-trip through JS. No DOM.
//
// A ResidentTensor holds no view into wasm memory (memory growth would detach it): every read and
// write makes one from the module's current buffer. Its memory is the module's malloc, freed by
// free() or, for a tensor dropped without free(), by a FinalizationRegistry.
//
// The package's load() imports this file with the wasm module, as it does the glue (the widget's figures
// hold no resident tensors and never load it).
import { fail } from './errors.js';
import * as A from './args.js';
import { version } from './version.js';

/** @typedef {'float32' | 'int32'} Dtype */
/**
 * What a ResidentTensor is: its instance (`memory`), address and size in bytes, shape, dtype, freed, how many
 * times its values were replaced (`version`: what a layer's packed weight was made from), and whether the
 * instance's FinalizationRegistry holds it yet (`registered`).
 * @typedef {{ memory: ResidentMemory, address: number, bytes: number, shape: readonly number[], dtype: Dtype,
 *   freed: boolean, version: number, registered: boolean }} State
 */

/// Tensors made since the last registration sweep, at most (see ResidentMemory.wrap).
const YOUNG_MAX = 64;

/**
 * The state of a ResidentTensor, undefined for anything else (set once, by the class below: the state is a
 * private field, which costs an op's fresh result far less than a WeakMap entry would).
 * @type {(t: any) => State | undefined}
 */
let stateOf;
/** The key only this file holds: a ResidentTensor is made by an instance, never by `new`. */
const MAKE = Symbol('ResidentTensor');
/// The brand convlens.js recognises a ResidentTensor by (it does not import this file).
const RESIDENT = Symbol.for(`convlens ${version} resident`);

/** The state of a live tensor, for `op`'s argument `name` (none: the tensor's own method); FREED when freed. */
function live(t, op, name) {
  const s = stateOf(t);
  if (!s) fail('INVALID_TYPE', `${op}(): ${name ?? 'this'} is not a resident tensor made by convlens`, name && A.pytorchName(name));
  if (s.freed) fail('FREED', `${op}(): ${name ?? 'the tensor'} is a resident tensor that was freed`, name && A.pytorchName(name));
  return s;
}

/** How many times a resident tensor's values were replaced (write(), or an op's `out`); what a layer packed from. */
export function versionOf(t) {
  return /** @type {State} */ (stateOf(t)).version;
}

/**
 * A tensor in the wasm module's memory (index.d.ts). Made by `resident()`, `residentEmpty()` and by
 * ops on resident tensors; its values are read with read() and replaced with write().
 */
export class ResidentTensor {
  /** @type {State} */
  #state;

  // Sets the module's stateOf: a static field, not a static block, which Safari before 16.4 lacks.
  // eslint-disable-next-line no-unused-private-class-members -- the field exists for its initializer
  static #reader = (stateOf = (t) => (t !== null && typeof t === 'object' && #state in t ? t.#state : undefined));

  /** @param {symbol} key @param {State} state */
  constructor(key, state) {
    if (key !== MAKE) fail('INVALID_TYPE', 'ResidentTensor: make one with resident() or residentEmpty() of a loaded convlens');
    this.#state = state;
  }

  /** Dimensions (a frozen array). */
  get shape() {
    return this.#state.shape;
  }

  /** Number of elements. */
  get size() {
    return A.product(this.shape);
  }

  /** 'float32', or 'int32' for max-pool indices. */
  get dtype() {
    return this.#state.dtype;
  }

  /** Whether free() was called. */
  get freed() {
    return this.#state.freed;
  }

  /** A fresh copy of the values: { shape, data } (Float32Array, or Int32Array for indices). */
  read() {
    const s = live(this, 'read');
    return s.memory.guarded(() => {
      const heap = s.dtype === 'int32' ? s.memory.module.HEAP32 : s.memory.module.HEAPF32;
      const at = s.address >>> 2;
      return { shape: [...s.shape], data: s.memory.module.copies.of(heap.subarray(at, at + this.size)) };
    });
  }

  /**
   * Replaces the values in place with `data` (a typed array or number[] of exactly `size` elements;
   * ints for an int32 tensor). Returns the tensor.
   */
  write(data) {
    const s = live(this, 'write');
    const count = this.size;
    const values = s.dtype === 'int32'
      ? A.indexTensorArg('write', 'tensor', { shape: [...s.shape], data })
      : { shape: s.shape, data: A.dataArg('write', 'data', data, count), count };
    A.checkLength('write', 'data', values);
    const { module } = s.memory;
    s.memory.guarded(() => module.copies.into(s.dtype === 'int32' ? module.HEAP32 : module.HEAPF32, values.data,
      s.address >>> 2));
    s.version++;
    return this;
  }

  /** @returns {true} */
  get [RESIDENT]() {
    return true;
  }

  /** Frees the tensor's memory; later uses throw FREED. Calling it again does nothing. */
  free() {
    const s = this.#state;
    if (s.freed) return;
    s.freed = true;
    s.memory.release(this, s);
  }
}

/**
 * The resident tensors of one instance: makes them, frees them (also when dropped) and hands ops
 * their addresses. `guarded` runs a function against the module (createApi's: it refuses once the
 * instance is broken); `isBroken` says whether it is.
 */
export class ResidentMemory {
  /** @param {any} module @param {<T>(fn: () => T) => T} guarded @param {() => boolean} isBroken */
  constructor(module, guarded, isBroken) {
    this.module = module;
    this.guarded = guarded;
    this.isBroken = isBroken;
    // Memory of a tensor dropped without free(); a broken instance's heap is left alone.
    this.finalizer = new FinalizationRegistry((address) => {
      if (!isBroken()) module._free(address);
    });
    /** @type {ResidentTensor[]} tensors not registered with the finalizer yet */
    this.young = [];
    this.sweepQueued = false;
  }

  /**
   * A ResidentTensor over `address` (malloc'd, now owned by the tensor). A FinalizationRegistry entry costs
   * more than a small op, and most results of a chain or a layer are freed at once: a tensor is registered
   * by the next sweep, at the end of the current task's microtasks or after YOUNG_MAX more tensors, and only
   * if it is still live then. Until then `young` holds it, so a dropped one is registered, then collected.
   * @param {number} address @param {readonly number[]} shape @param {Dtype} [dtype]
   */
  wrap(address, shape, dtype = 'float32') {
    const t = new ResidentTensor(MAKE, {
      memory: this, address, bytes: A.product(shape) * 4, shape: Object.freeze([...shape]), dtype, freed: false,
      version: 0, registered: false,
    });
    if (this.young.push(t) >= YOUNG_MAX) this.sweep();
    else if (!this.sweepQueued) {
      this.sweepQueued = true;
      queueMicrotask(() => this.sweep());
    }
    return t;
  }

  /** Registers the young tensors still live with the finalizer. */
  sweep() {
    this.sweepQueued = false;
    for (const t of this.young) {
      const s = /** @type {State} */ (stateOf(t));
      if (s.freed) continue;
      this.finalizer.register(t, s.address, t);
      s.registered = true;
    }
    this.young.length = 0;
  }

  /**
   * Frees a tensor's memory now (free(); `s` its state); nothing when the instance is broken.
   * @param {ResidentTensor} t @param {State} s
   */
  release(t, s) {
    if (s.registered) this.finalizer.unregister(t);
    if (!this.isBroken()) this.module._free(s.address);
  }

  /**
   * A tensor of `shape` holding `data`, or zeros (`fn` names the caller in messages).
   * @returns {import('./index.d.ts').ResidentTensor} (this class, as index.d.ts declares it for float32)
   */
  allocate(fn, shape, data) {
    const dims = A.shape(fn, 'shape', shape);
    if (dims.length < 1 || dims.length > 4)
      fail('INVALID_SHAPE', `${fn}(): expected a shape of rank 1 to 4, but got ${A.describe(dims)}`, 'shape');
    if (dims.includes(0)) fail('INVALID_SHAPE', `${fn}(): shape ${A.describe(dims)} has a zero dimension`, 'shape');
    const count = A.product(dims);
    A.checkElements(fn, 'tensor', dims, count);
    // count ≤ MAX_ELEMENTS = 2^28: 2^30 bytes at most, so the i32 argument of malloc cannot wrap
    return this.guarded(() => {
      const address = this.module._malloc(count * 4);
      if (!address) fail('TOO_LARGE', `${fn}(): out of memory: ${count * 4} bytes do not fit in this build's wasm memory`);
      if (data) this.module.copies.into(this.module.HEAPF32, data, address >>> 2);
      else this.module.HEAPF32.fill(0, address >>> 2, (address >>> 2) + count);
      return /** @type {any} */ (this.wrap(address, dims));
    });
  }

  /**
   * An op's argument `name` as a resident tensor of this instance: { shape, count, address, bytes } (shape
   * the tensor's frozen array). FREED when freed, INVALID_ARGUMENT from another instance, INVALID_TYPE of
   * another dtype, SHAPE_MISMATCH for a bias that is not 1-dimensional.
   * @param {ResidentTensor} t
   * @param {Dtype} dtype
   */
  use(op, name, t, dtype = 'float32') {
    const s = live(t, op, name);
    if (s.memory !== this)
      fail('INVALID_ARGUMENT', `${op}(): ${name} is a resident tensor of another convlens instance; `
        + 'copy it with that instance\'s read() and this one\'s resident()', A.pytorchName(name));
    if (s.dtype !== dtype)
      fail('INVALID_TYPE', `${op}(): ${name} must be a ${dtype} tensor, but got a resident ${s.dtype} tensor`, A.pytorchName(name));
    if (name === 'bias' && s.shape.length !== 1)
      fail('SHAPE_MISMATCH', `${op}(): expected bias to be 1-dimensional, but got bias of size ${A.describe(s.shape)}`, 'bias');
    return { shape: s.shape, count: s.bytes >>> 2, address: s.address, bytes: s.bytes };
  }

  /**
   * An op's `out` as a destination ({ address, bytes }, as use()), refused when it is one of the tensors
   * the op reads (`args`, null where not given, named by `names`).
   * @param {({ address?: number } | null)[]} args
   * @param {string[]} names
   */
  out(op, out, args, names) {
    const dest = this.use(op, 'out', out);
    for (let i = 0; i < args.length; i++) {
      if (args[i]?.address === dest.address)
        fail('INVALID_ARGUMENT', `${op}(): out is also the ${names[i]}: an op cannot write over a tensor it reads`, 'out');
    }
    return dest;
  }

  /**
   * A resident run's results as ResidentTensors over the addresses the core left in `block` (three slots from
   * `at`, its RESULT_ADDR): the output (`out` when given: it takes the output's shape), with the indices
   * (`indices`) or, for a backward op with a weight, `grads` = [weight shape, bias shape] gradWeight and gradBias.
   * @param {Int32Array} block
   * @param {number} at
   */
  results(shape, out, block, at, grads, indices) {
    const first = block[at] >>> 0, second = block[at + 1] >>> 0, third = block[at + 2] >>> 0;
    if (out) {
      const s = /** @type {State} */ (stateOf(out));
      if (!A.sameShape(s.shape, shape)) s.shape = Object.freeze([...shape]);
      s.version++;
    }
    const output = out || this.wrap(first, shape);
    if (grads) {
      const [weight, bias] = grads;
      const gradBias = bias ? this.wrap(third, bias) : null;
      return { gradInput: output, gradWeight: this.wrap(second, weight), gradBias };
    }
    return indices ? { output, indices: this.wrap(second, shape, 'int32') } : output;
  }
}
