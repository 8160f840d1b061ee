// The convlens API over a loaded wasm module. No DOM, no environment specifics: index.node.js and
// index.browser.js load the module and call createApi().
import { readBoundary } from './block.js';
import { ConvlensError, ERROR_CODES, fail } from './errors.js';
import * as A from './args.js';
import { tensor } from './tensor.js';
import { version } from './version.js';

/// A ResidentTensor's brand (resident.js, which this file does not import: the widget runs without it), and
/// where load() leaves resident.js's ResidentMemory: one per version on the page, so that an instance another
/// copy of this file made (a bundled widget's, which shares the page's instance) has resident tensors too.
const RESIDENT = Symbol.for(`convlens ${version} resident`);
/** @type {(value: unknown) => value is import('./index.d.ts').ResidentTensor<'float32' | 'int32'>} */
const isResident = (value) => value?.[RESIDENT] === true;
/** @typedef {import('./resident.js').ResidentMemory} ResidentMemory */

/** Gives every API from createApi() resident tensors: `ResidentMemory` is resident.js's, which load() imports. */
export function supportResidents(ResidentMemory) {
  globalThis[RESIDENT] ??= ResidentMemory;
}

/// What the package's entries add to every instance, in a slot per version for the same reason: `createNn`, the nn
/// layers (nn.js), and `stagedBlocks`, run()'s blocks, kept for calls that repeat (staged-calls.js). The
/// <conv-lens> widget's bundle leaves both out: its calls stage into a fresh block every time.
const PACKAGE_PARTS = Symbol.for(`convlens ${version} package`);

/// Where an instance keeps what nn.js's layer ops build on (not part of the public API).
const LAYER_CALLS = Symbol.for(`convlens ${version} layer calls`);

/**
 * Gives every instance of this version cl.nn and kept staged blocks (the package's entries call it once).
 * @param {{ createNn: (api: any) => any, stagedBlocks: typeof import('./staged-calls.js').stagedBlocks }} parts
 */
export function providePackageParts(parts) {
  globalThis[PACKAGE_PARTS] ??= parts;
}

/** @typedef {import('./index.d.ts').AxisInfo} AxisInfo */

const CONV_OPS = ['conv2d', 'convTranspose2d', 'conv1d', 'convTranspose1d'];
/// The 1-D ops whose arguments are single ints (an int or [int]), written to the W slots.
const ONE_D_OPS = ['conv1d', 'convTranspose1d', 'maxPool1d', 'avgPool1d'];
/// The ops whose returnIndices gives { output, indices }.
const INDEX_OPS = ['maxPool2d', 'adaptiveMaxPool2d', 'adaptiveMaxPool1d', 'maxPool1d'];
/// The ops whose receptive fields carry a divisor.
const AVERAGE_OPS = ['avgPool2d', 'adaptiveAvgPool2d', 'avgPool1d', 'adaptiveAvgPool1d'];
/// The ops whose receptiveField index is [n, c, l] (or [c, l]): the 1-D ops, and unfold's [n, row, l].
const LENGTH_INDEX_OPS = ['conv1d', 'convTranspose1d', 'maxPool1d', 'avgPool1d', 'adaptiveAvgPool1d',
  'adaptiveMaxPool1d', 'unfold'];

// Writes an op's options into the call block, checking their JS types on the way.
// A backward op takes its forward op's options (op names the caller in messages).
function encodeOptions(op, o, b, { Slot, ConvPaddingId, PaddingModeId }) {
  // An [h, w] argument; a 1-D op's one int goes to the W slot (its H axis is the unit one).
  const oneD = ONE_D_OPS.includes(op);
  const pair = (name, fallback, h, w) => {
    if (oneD) {
      b[w] = A.intOne(op, name, o[name] ?? fallback);
      return;
    }
    const [vh, vw] = A.intPair(op, name, o[name] ?? fallback);
    b[h] = vh;
    b[w] = vw;
  };
  const kind = A.FORWARD_OF[op] ?? op;
  switch (kind) {
    case 'conv1d':
    case 'conv2d': {
      pair('stride', 1, Slot.STRIDE_H, Slot.STRIDE_W);
      const padding = o.padding ?? 0;
      if (typeof padding === 'string') {
        if (padding !== 'valid' && padding !== 'same')
          fail('INVALID_ARGUMENT', `Invalid padding string '${padding}', should be one of {'valid', 'same'}`, 'padding');
        b[Slot.PAD_KIND] = ConvPaddingId[padding];
      } else {
        pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      }
      pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
      b[Slot.GROUPS] = A.int(op, 'groups', o.groups ?? 1);
      b[Slot.MODE] = PaddingModeId[A.oneOf(op, 'paddingMode', o.paddingMode ?? 'zeros', ['zeros', 'reflect', 'replicate', 'circular'])];
      break;
    }
    case 'convTranspose1d':
    case 'convTranspose2d': {
      pair('stride', 1, Slot.STRIDE_H, Slot.STRIDE_W);
      pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      pair('outputPadding', 0, Slot.OUTPAD_H, Slot.OUTPAD_W);
      b[Slot.GROUPS] = A.int(op, 'groups', o.groups ?? 1);
      pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
      if (o.outputSize != null && oneD) {
        // nn.ConvTranspose1d takes [l] or the full [n, c, l].
        const s = o.outputSize;
        if (!Array.isArray(s) || (s.length !== 1 && s.length !== 3))
          fail('INVALID_TYPE', `${op}(): argument 'outputSize' must be [l] or [n, c, l], but got ${A.describe(s)}`, 'output_size');
        b[Slot.HAS_OUTSIZE] = 1;
        b[Slot.OUTSIZE_W] = A.int(op, 'outputSize', s[s.length - 1]);
      } else if (o.outputSize != null) {
        const s = o.outputSize;
        // nn.ConvTranspose2d takes [h, w] or the full [n, c, h, w].
        if (!Array.isArray(s) || (s.length !== 2 && s.length !== 4))
          fail('INVALID_TYPE', `${op}(): argument 'outputSize' must be [h, w] or [n, c, h, w], but got ${A.describe(s)}`, 'output_size');
        const [h, w] = A.intPair(op, 'outputSize', s.slice(-2));
        b[Slot.HAS_OUTSIZE] = 1;
        b[Slot.OUTSIZE_H] = h;
        b[Slot.OUTSIZE_W] = w;
      }
      break;
    }
    case 'maxPool2d':
    case 'avgPool2d':
    case 'maxPool1d':
    case 'avgPool1d':
    case 'lpPool2d': {
      if (o.kernelSize == null) fail('INVALID_TYPE', `${op}() missing required argument 'kernelSize'`, 'kernel_size');
      pair('kernelSize', undefined, Slot.KERNEL_H, Slot.KERNEL_W);
      // PyTorch's stride=None (or []) means "same as kernel_size".
      const stride = o.stride;
      if (stride != null && !(Array.isArray(stride) && stride.length === 0)) {
        pair('stride', undefined, Slot.STRIDE_H, Slot.STRIDE_W);
        b[Slot.HAS_STRIDE] = 1;
      }
      b[Slot.CEIL] = A.bool(op, 'ceilMode', o.ceilMode ?? false) ? 1 : 0;
      if (op === 'lpPool2d') {
        // A Python float: the core divides 1.0 by it in double, so all 64 bits travel.
        if (o.normType == null) fail('INVALID_TYPE', `${op}() missing required argument 'normType'`, 'norm_type');
        if (typeof o.normType !== 'number')
          fail('INVALID_TYPE', `${op}(): argument 'normType' must be a number, but got ${A.describe(o.normType)}`, 'norm_type');
        normBits[0] = o.normType;
        [b[Slot.NORM_LO], b[Slot.NORM_HI]] = normHalves;
        break;
      }
      pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      if (kind === 'maxPool2d' || kind === 'maxPool1d') {
        pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
        // max_pool1d's checks differ with return_indices: outputShape and receptiveField check as run does
        b[Slot.WANT_INDICES] = A.bool(op, 'returnIndices', o.returnIndices ?? false) && kind === 'maxPool1d' ? 1 : 0;
      } else {
        b[Slot.COUNT_INCLUDE_PAD] = A.bool(op, 'countIncludePad', o.countIncludePad ?? true) ? 1 : 0;
        if (o.divisorOverride != null) {
          b[Slot.HAS_DIVISOR] = 1;
          b[Slot.DIVISOR] = A.int(op, 'divisorOverride', o.divisorOverride);
        }
      }
      break;
    }
    case 'adaptiveAvgPool2d':
    case 'adaptiveMaxPool2d': {
      if (o.outputSize === undefined) fail('INVALID_TYPE', `${op}() missing required argument 'outputSize'`, 'output_size');
      const [h, w] = A.sizePair(op, 'outputSize', o.outputSize);
      [b[Slot.KEEP_H], b[Slot.OUTSIZE_H]] = h === null ? [1, 0] : [0, h];
      [b[Slot.KEEP_W], b[Slot.OUTSIZE_W]] = w === null ? [1, 0] : [0, w];
      if (op === 'adaptiveMaxPool2d') A.bool(op, 'returnIndices', o.returnIndices ?? false);
      break;
    }
    case 'maxUnpool2d': {
      if (o.kernelSize == null) fail('INVALID_TYPE', `${op}() missing required argument 'kernelSize'`, 'kernel_size');
      pair('kernelSize', undefined, Slot.KERNEL_H, Slot.KERNEL_W);
      if (o.stride != null && !(Array.isArray(o.stride) && o.stride.length === 0)) {
        pair('stride', undefined, Slot.STRIDE_H, Slot.STRIDE_W);
        b[Slot.HAS_STRIDE] = 1;
      }
      pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      if (o.outputSize != null) {
        const s = o.outputSize;
        if (!Array.isArray(s)) fail('INVALID_TYPE', `${op}(): argument 'outputSize' must be [h, w] or [n, c, h, w], but got ${A.describe(s)}`, 'output_size');
        // torch.nn.functional._unpool_output_size: the last two of four, else exactly two
        if (s.length !== 2 && s.length !== 4)
          fail('INVALID_ARGUMENT', `output_size should be a sequence containing 2 or 4 elements, but it has a length of '${s.length}'`, 'output_size');
        [b[Slot.OUTSIZE_H], b[Slot.OUTSIZE_W]] = A.intPair(op, 'outputSize', s.slice(-2));
        b[Slot.HAS_OUTSIZE] = 1;
      }
      break;
    }
    case 'adaptiveAvgPool1d':
    case 'adaptiveMaxPool1d': {
      // torch's check1d: one int, or a list of exactly one
      const s = o.outputSize;
      if (s === undefined) fail('INVALID_TYPE', `${op}() missing required argument 'outputSize'`, 'output_size');
      b[Slot.OUTSIZE_W] = A.intOne(op, 'outputSize', s);
      if (op === 'adaptiveMaxPool1d') A.bool(op, 'returnIndices', o.returnIndices ?? false);
      break;
    }
    case 'unfold':
    case 'fold': {
      if (op === 'fold') {
        if (o.outputSize == null) fail('INVALID_TYPE', `fold() missing required argument 'outputSize'`, 'output_size');
        pair('outputSize', undefined, Slot.OUTSIZE_H, Slot.OUTSIZE_W);
      }
      if (o.kernelSize == null) fail('INVALID_TYPE', `${op}() missing required argument 'kernelSize'`, 'kernel_size');
      pair('kernelSize', undefined, Slot.KERNEL_H, Slot.KERNEL_W);
      pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
      pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      pair('stride', 1, Slot.STRIDE_H, Slot.STRIDE_W);
      break;
    }
    case 'pad': {
      const p = o.pad;
      if (!Array.isArray(p) || (p.length !== 2 && p.length !== 4) || !p.every((v) => typeof v === 'number' && Number.isInteger(v)))
        fail('INVALID_ARGUMENT', `pad(): argument 'pad' must be [left, right] or [left, right, top, bottom] of ints, but got ${A.describe(p)}`, 'pad');
      [b[Slot.PAD_LEFT], b[Slot.PAD_RIGHT], b[Slot.PAD_TOP], b[Slot.PAD_BOTTOM]] = [0, 1, 2, 3].map((i) => A.int(op, 'pad', p[i] ?? 0));
      b[Slot.PAD_DIMS] = p.length / 2;
      const mode = A.oneOf(op, 'mode', o.mode ?? 'constant', ['constant', 'reflect', 'replicate', 'circular']);
      b[Slot.MODE] = PaddingModeId[mode];
      if (o.value != null && typeof o.value !== 'number')
        fail('INVALID_TYPE', `pad(): argument 'value' must be a number, but got ${A.describe(o.value)}`, 'value');
      if (mode !== 'constant' && o.value != null && o.value !== 0)
        fail('INVALID_ARGUMENT', `Padding mode "${mode}" doesn't take in value argument`, 'value');
      padValueBits[0] = o.value ?? 0;  // a float32's bits
      b[Slot.PAD_VALUE] = padValueInt[0];
      break;
    }
  }
}

const normBits = new Float64Array(1);
const normHalves = new Int32Array(normBits.buffer);
const padValueBits = new Float32Array(1);
const padValueInt = new Int32Array(padValueBits.buffer);

function writeShape(b, rankSlot, dims) {
  b[rankSlot] = dims.length;
  for (let i = 0; i < dims.length; i++) b[rankSlot + 1 + i] = dims[i];
}

/**
 * Builds the public API object over an instantiated convlens wasm module; `onBroken` is called once
 * when an internal error stops the instance (the shared instance is then replaced on the next load()).
 * @param {any} module
 * @param {'simd' | 'scalar' | 'simd-threads'} variant
 * @param {() => void} [onBroken]
 * @param {number} [threads] the threads the module runs (its setThreads)
 */
export function createApi(module, variant, onBroken, threads = 1) {
  // The JS copy of the core's element limit (tensor() checks it without a module) must be the core's.
  if (module.MAX_ELEMENTS !== A.MAX_ELEMENTS)
    throw new Error(`convlens: the package's JS expects MAX_ELEMENTS ${A.MAX_ELEMENTS}, its wasm has ${module.MAX_ELEMENTS}`);
  // The call block's layout, the ids and the core's code names come from the module itself.
  const boundary = readBoundary(module);
  const { Slot, TAP_INTS, OpId, codeNames } = boundary;
  const unnamed = codeNames.filter((name, i) => i > 0 && !ERROR_CODES.includes(name));
  if (codeNames[0] !== 'OK' || unnamed.length)
    throw new Error(`convlens: the package's JS has no error code for the wasm's ${unnamed.join(', ') || codeNames[0]}`);
  // A wasm trap (or any unexpected exception) in the middle of a call may leave the module's memory
  // inconsistent: from then on the instance computes nothing, rather than risk a wrong number.
  let broken = null;
  const brokenError = () => new ConvlensError('INTERNAL_ERROR', `convlens stopped after an internal error (${broken}); `
    + 'this instance computes nothing more: call load() for a new one');
  /**
   * Runs `fn` against the module: the one place a call touches wasm memory.
   * @template T
   * @param {() => T} fn
   * @returns {T}
   */
  function guarded(fn) {
    if (broken) throw brokenError();
    try {
      return fn();
    } catch (e) {
      if (e instanceof ConvlensError) throw e;
      broken = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      onBroken?.();
      throw brokenError();
    }
  }

  /** @type {ResidentMemory | null} */
  let memory = null;
  // The resident tensors of this instance, made on first use (once load() gave them: supportResidents).
  const residents = (fn) => {
    /** @type {typeof import('./resident.js').ResidentMemory | undefined} */
    const Memory = globalThis[RESIDENT];
    return (memory ??= Memory && new Memory(module, guarded, () => broken !== null))
      ?? fail('INVALID_ARGUMENT', `${fn}(): resident tensors need the package's load()`);
  };

  const blockAddress = module.blockAddress();
  // Memory growth replaces the wasm buffer and detaches views into it (a detached view has length 0): the block's
  // view is then made again. (A threaded build's shared memory grows in place: an older view still covers the block,
  // which lies below the initial size.)
  let blockView = new Int32Array(0);
  const block = () => (blockView.length ? blockView
    : (blockView = new Int32Array(module.HEAP32.buffer, blockAddress, Slot.SIZE)));
  /** The output shape the core left in block `b`, as a fresh array. */
  const outputShape = (b) => {
    const dims = [];
    for (let i = 0; i < b[Slot.OUT_RANK]; i++) dims.push(b[Slot.OUT_DIMS + i]);
    return dims;
  };
  const check = (code) => {
    if (code !== 0) throw new ConvlensError(codeNames[code] ?? 'INVALID_ARGUMENT', module.errorMessage(), module.errorArgument());
  };

  // Encodes shapes and options into a staged copy of the block, checking their JS types on the way.
  // Staging keeps every read of the caller's objects before the call touches wasm memory.
  function stage(op, fn, inputShape, weightShape, bias, opts, b = new Int32Array(Slot.SIZE)) {
    writeShape(b, Slot.IN_RANK, inputShape);
    if (weightShape && op === 'maxUnpool2d') {
      // The indices' shape travels in the weight's four slots; more dimensions cannot match an input.
      if (weightShape.length > 4)
        fail('SHAPE_MISMATCH', `Expected shape of indices to be same as that of the input tensor (${A.describe(inputShape)}) but got indices tensor with shape: ${A.describe(weightShape)}`, 'indices');
      writeShape(b, Slot.W_RANK, weightShape);
    } else if (weightShape) {
      const rank = ONE_D_OPS.includes(op) ? 3 : 4;
      if (weightShape.length !== rank)
        fail('INVALID_SHAPE', `${fn}(): expected a ${rank}-dimensional weight, but got weight of size ${A.describe(weightShape)}`, 'weight');
      writeShape(b, Slot.W_RANK, weightShape);
    }
    if (bias) {
      b[Slot.HAS_BIAS] = 1;
      b[Slot.BIAS_LEN] = bias.shape[0];
    }
    encodeOptions(op, opts, b, boundary);
    return b;
  }

  /** @returns {import('./index.d.ts').ShapeInfo} */
  function outputInfo(op) {
    check(module.outputInfo(OpId[op]));
    const b = block();
    const shape = outputShape(b);
    const axes = /** @type {[AxisInfo, AxisInfo]} */ (['H', 'W'].map((axis, a) => {
      const g = b.subarray(Slot.AXIS + a * Slot.AXIS_STRIDE, Slot.AXIS + (a + 1) * Slot.AXIS_STRIDE);
      const info = /** @type {AxisInfo} */ ({
        axis, input: g[0], kernel: g[1], stride: g[2], dilation: g[3], padding: [g[4], g[5]], output: g[7],
      });
      // (maxUnpool2d's: output_size − the default size)
      if (op === 'convTranspose2d' || op === 'convTranspose1d' || op === 'maxUnpool2d') info.outputPadding = g[6];
      if (['maxPool2d', 'avgPool2d', 'lpPool2d', 'maxPool1d', 'avgPool1d'].includes(op)) {
        info.ceilMode = g[8] === 1;
        info.droppedLastWindow = g[9] === 1;
      }
      info.formula = module.text(a);
      return info;
    }));
    return { shape, axes };
  }

  // run()'s blocks (staged-calls.js), when the package gave them.
  /** @type {ReturnType<typeof import('./staged-calls.js').stagedBlocks> | undefined} */
  let stagedBlock;

  // Inputs are copied into one grow-only arena, so steady calls allocate nothing.
  let arena = 0;
  let arenaBytes = 0;
  function arenaOf(bytes) {
    if (bytes > arenaBytes) {
      if (arena) module._free(arena);
      arena = 0;
      arenaBytes = 0;
      arena = module._malloc(bytes);  // bytes < MAX_CALL_BYTES < 2^31: the i32 argument cannot wrap
      if (!arena) fail('TOO_LARGE', `out of memory: ${bytes} bytes of tensors do not fit in this build's wasm memory`);
      arenaBytes = bytes;
    }
    return arena;
  }
  const bytesOf = (n) => Math.ceil((n * 4) / 16) * 16;

  // A ResidentTensor is used where it lies ({ shape, count, address }); any other tensor is read for copying.
  const use = (op, name, t, dtype) => residents(op).use(op, name, t, dtype);
  const arg = (op, name, t) => (isResident(t) ? use(op, name, t) : A.tensorArg(op, name, t));

  /**
   * What a call passed, read once (getters run only here), in the order errors are reported: the options,
   * a backward op's upstream gradient, the input (readInput()), the weight (or maxUnpool2d's indices), the
   * bias and `out`. A backward op needs only the bias's length (true: the weight's Cout), not its values.
   * @param {() => any} readInput
   */
  function readCall(op, readInput, weight, opts, gradOutput) {
    const o = A.checkOptionNames(op, opts, A.OPTIONS[op], A.NULLABLE[op]);
    const backward = op in A.FORWARD_OF;
    const g = backward ? arg(op, 'gradOutput', gradOutput) : null;
    const x = readInput();
    const unpool = op === 'maxUnpool2d';
    const w = unpool ? (isResident(weight) ? use(op, 'indices', weight, 'int32') : A.indexTensorArg(op, 'indices', weight))
      : weight === undefined ? null : arg(op, 'weight', weight);
    const bias = backward && typeof o.bias === 'boolean' ? (o.bias ? { shape: [w?.shape[0] ?? 0] } : null)
      : !CONV_OPS.includes(A.FORWARD_OF[op] ?? op) ? null : isResident(o.bias) ? use(op, 'bias', o.bias) : A.biasArg(op, o.bias);
    const out = o.out;
    if (out != null && !(out instanceof Float32Array) && !isResident(out))
      fail('INVALID_TYPE', `${op}(): argument 'out' must be a Float32Array or ResidentTensor, but got ${A.describe(out)}`, 'out');
    return { o, backward, g, x, unpool, w, bias, out };
  }

  /**
   * Runs one op on what readCall() read, with `x` its input: checks `out`, stages the block (unless given
   * `staged`, stageCall()'s for x's shape), then, with no caller code left to run, checks lengths and sizes
   * and copies the plain tensors in.
   * `packed` is a convolution's weight as packWeight() left it ({ address, bytes }), or null.
   * A backward op (A.FORWARD_OF) leaves its gradients one after the other (conv2d: grad_input, grad_weight,
   * grad_bias) and grad_input's shape in the block.
   * @returns {any} the output tensor, or { output, indices } for maxPool2d with returnIndices (index.d.ts);
   *   conv2dBackward: { gradInput, gradWeight, gradBias }
   */
  function execute(op, call, x, staged, packed) {
    const { o, backward, g, unpool, w, bias, out } = call;
    // The tensor arguments (null: not given), their names and the block's slots of their addresses.
    const args = [x, w, bias, g];
    const names = ['input', unpool ? 'indices' : 'weight', 'bias', 'gradOutput'];
    const slots = [Slot.IN_ADDR, Slot.W_ADDR, Slot.B_ADDR, Slot.GO_ADDR];
    const outResident = isResident(out) ? residents(op).out(op, out, args, names) : null;
    // Resident results: into `out`, or fresh, when the input (or a backward op's upstream gradient) is resident.
    const residentRun = outResident !== null || (out == null && Boolean(x.address || g?.address));
    stagedBlock ??= globalThis[PACKAGE_PARTS]?.stagedBlocks(stageCall, Slot.SIZE);
    staged ??= stagedBlock ? stagedBlock(op, call, x) : stageCall(op, call, x);
    // The plain tensors, copied in (a backward op reads no bias values), as indices into args.
    const copied = [0, 1, 2, 3].filter((i) => args[i] && !args[i].address && !(backward && i === 2));
    let total = 0;
    for (const i of copied) {
      A.checkLength(op, names[i], args[i]);
      total += bytesOf(args[i].count);
    }
    if (total > A.MAX_CALL_BYTES)
      fail('TOO_LARGE', `${op}(): the tensors need ${total} bytes of wasm memory, more than the ${A.MAX_CALL_BYTES} one call may copy in`);
    return guarded(() => {
      const wantIndices = INDEX_OPS.includes(op) && o.returnIndices === true;
      let at = arenaOf(Math.max(total, 16));
      let b = block();  // (after arenaOf(), which may grow the memory)
      b.set(staged);
      for (let i = 0; i < 4; i++) b[slots[i]] = args[i]?.address ?? 0;
      for (const i of copied) {
        module.copies.into(i === 1 && unpool ? module.HEAP32 : module.HEAPF32, args[i].data, at >> 2);
        b[slots[i]] = at;
        at += bytesOf(args[i].count);
      }
      b[Slot.WANT_INDICES] = wantIndices ? 1 : 0;
      b[Slot.RESIDENT] = residentRun ? 1 : 0;
      b[Slot.DEST_ADDR] = outResident?.address ?? 0;
      b[Slot.DEST_BYTES] = outResident?.bytes ?? 0;
      b[Slot.PACKED_ADDR] = packed?.address ?? 0;
      b[Slot.PACKED_BYTES] = packed?.bytes ?? 0;
      check(module._convlens_run(OpId[op]));
      b = block();
      const shape = outputShape(b);
      if (residentRun) {
        return /** @type {ResidentMemory} */ (memory).results(shape, outResident && out,
          b, Slot.RESULT_ADDR, backward && w ? [w.shape, bias?.shape] : null, wantIndices);
      }
      const n = A.product(shape);
      if (out != null && out.length !== n)
        fail('SHAPE_MISMATCH', `${op}(): out has ${out.length} elements, but the output of size ${A.describe(shape)} needs ${n}`, 'out');
      let outAt = b[Slot.OUT_ADDR] >>> 2;
      const take = (dims, data = new Float32Array(A.product(dims))) => {
        module.copies.into(data, module.HEAPF32.subarray(outAt, (outAt += data.length)));
        return { shape: [...dims], data };
      };
      const output = take(shape, out ?? undefined);
      if (backward && w) return { gradInput: output, gradWeight: take(w.shape), gradBias: bias && take(bias.shape) };
      if (!wantIndices) return output;
      const ia = b[Slot.INDICES_ADDR] >>> 2;
      return { output, indices: { shape: [...shape], data: module.copies.of(module.HEAP32.subarray(ia, ia + n)) } };
    });
  }

  /** The block of a call read by readCall(), for input `x`: in `into` (zeroed), or a fresh array. */
  function stageCall(op, { w, bias, o, g }, x, into) {
    const staged = stage(op, op, x.shape, w && w.shape, bias, o, into?.fill(0));
    if (g) writeShape(staged, Slot.GO_RANK, g.shape);
    return staged;
  }

  /** Runs one op: everything the caller passed read once, then staged and run. */
  function run(op, input, weight, opts, gradOutput) {
    const call = readCall(op, () => arg(op, 'input', input), weight, opts, gradOutput);
    return execute(op, call, call.x);
  }

  /** A convolution's weight (resident, at `call.w`) packed as run() takes it: { address, bytes } JS owns, or null. */
  const packWeight = (op, call, staged) => guarded(() => {
    const b = block();
    b.set(staged);
    b[Slot.W_ADDR] = call.w.address;
    check(module.packWeight(OpId[op]));
    return b[Slot.PACKED_ADDR] ? { address: b[Slot.PACKED_ADDR] >>> 0, bytes: b[Slot.PACKED_BYTES] } : null;
  });

  // A data-free "spec" ({ op, inputShape, weightShape, ...options }), read as own properties, staged.
  function stageSpec(fn, spec, ops) {
    if (spec == null || typeof spec !== 'object') fail('INVALID_TYPE', `${fn}(): expected a spec object { op, inputShape, … }, but got ${A.describe(spec)}`);
    const op = A.ownValue(spec, 'op');
    if (!ops.includes(op)) fail('INVALID_ARGUMENT', `${fn}(): op must be one of ${ops.map((s) => `'${s}'`).join(', ')}, but got ${A.describe(op)}`, 'op');
    // The snapshot inherits nothing: its leftover keys (op, shapes) are ignored by stage().
    // A null op or shape is refused where it is read, with its own message.
    const specKeys = ['op', 'inputShape', op === 'maxUnpool2d' ? 'indicesShape' : 'weightShape'];
    const opts = A.checkOptionNames(fn, spec, [...specKeys, ...A.OPTIONS[op].filter((k) => k !== 'out')],
      [...specKeys, ...A.NULLABLE[op]]);
    const { inputShape, weightShape, indicesShape } = opts;
    const isConv = CONV_OPS.includes(op);
    const bias = isConv && typeof opts.bias !== 'boolean' ? A.biasArg(fn, opts.bias) : null;
    const input = A.shape(fn, 'inputShape', inputShape);
    // maxUnpool2d's indices have the input's shape unless the spec says otherwise.
    const second = isConv ? A.shape(fn, 'weightShape', weightShape)
      : op === 'maxUnpool2d' ? (indicesShape === undefined ? input : A.shape(fn, 'indicesShape', indicesShape)) : null;
    return { op, staged: stage(op, fn, input, second, bias, opts) };
  }

  // Reads the taps receptiveField() left in wasm memory (the staged block holds the query).
  function receptiveField(op, staged, idx) {
    block().set(staged);
    check(module.receptiveField(OpId[op]));
    const b = block();
    const count = b[Slot.RF_COUNT];
    const t = new Int32Array(module.HEAP32.buffer, module.tapsAddress(), count * TAP_INTS);
    /** @type {import('./index.d.ts').Tap[]} */
    const taps = [];
    for (let i = 0; i < count; i++) {
      const [n, c, y, x, sy, sx, inputIndex, w0, w1, w2, w3, weightIndex] =
        t.subarray(i * TAP_INTS, (i + 1) * TAP_INTS);
      taps.push({
        input: [n, c, y, x],
        source: sy >= 0 ? [n, c, sy, sx] : null,
        inputIndex,
        weight: w0 >= 0 ? [w0, w1, w2, w3] : null,
        weightIndex,
      });
    }
    /** @type {import('./index.d.ts').ReceptiveField} */
    const field = { output: idx, taps, bias: CONV_OPS.includes(op) ? b[Slot.RF_BIAS] : null };
    if (AVERAGE_OPS.includes(op)) field.divisor = b[Slot.RF_DIVISOR];
    return field;
  }

  // Copies the columns receptiveFields() left in wasm memory (layout: the bindings' ColumnSink) out
  // in one piece, and names them as receptiveField()'s taps (views into that one fresh buffer).
  function receptiveFields(op, staged) {
    block().set(staged);
    check(module.receptiveFields(OpId[op]));
    const b = block();
    const count = b[Slot.FIELDS_COUNT];
    const taps = b[Slot.RF_COUNT];
    const from = b[Slot.FIELDS_ADDR] >>> 2;
    const size = 3 * count + 1 + TAP_INTS * taps;
    const copy = new Int32Array(size + 2 * taps); // + source's n and c
    copy.set(module.HEAP32.subarray(from, from + size));
    let at = 0;
    const take = (n) => copy.subarray(at, (at += n));
    const [offsets, bias, divisor] = [count + 1, count, count].map(take);
    const columns = Array.from({ length: TAP_INTS + 2 }, () => take(taps));
    const [n, c, y, x, sourceY, sourceX, inputIndex, w0, w1, w2, w3, weightIndex, sourceN, sourceC] = columns;
    for (let t = 0; t < taps; t++) [sourceN[t], sourceC[t]] = sourceY[t] < 0 ? [-1, -1] : [n[t], c[t]];
    /** @type {import('./index.d.ts').ReceptiveFields} */
    const fields = {
      shape: outputShape(b),
      start: staged[Slot.FIELDS_START], count, offsets,
      input: [n, c, y, x], source: [sourceN, sourceC, sourceY, sourceX], inputIndex,
      weight: [w0, w1, w2, w3], weightIndex,
      bias: CONV_OPS.includes(op) ? bias : null,
    };
    if (AVERAGE_OPS.includes(op)) fields.divisor = divisor;
    return fields;
  }

  // Every op but pad (its taps would be copies) and maxUnpool2d (where an input lands depends on the indices' values).
  const FIELD_OPS = ['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'adaptiveMaxPool2d',
    'lpPool2d', 'fold', ...LENGTH_INDEX_OPS];
  const ALL_OPS = Object.keys(A.OPTIONS).filter((op) => !(op in A.FORWARD_OF));
  // The forward ops: op(input, weight, opts) for the convolutions and maxUnpool2d (its indices in the weight's
  // place), op(input, opts) for the rest.
  /** @type {Pick<import('./index.d.ts').Convlens, import('./index.d.ts').OpName>} */
  const forwardOps = /** @type {any} */ (Object.fromEntries(ALL_OPS.map((op) => [op, CONV_OPS.includes(op) || op === 'maxUnpool2d'
    ? (input, weight, opts) => run(op, input, weight, opts) : (input, opts) => run(op, input, undefined, opts)])));
  let nn = null;
  const api = {
    variant,
    threads,
    threadsNotice: /** @type {string | null} */ (null),  // loader.js's withNotice() sets it
    tensor,
    /** A ResidentTensor holding a copy of `value` (anything tensor() takes), in this instance's memory. */
    resident(value) {
      const t = tensor(value);
      return residents('resident').allocate('resident', t.shape, t.data);
    },
    /** A zero-filled ResidentTensor of `shape`. */
    residentEmpty: (shape) => residents('residentEmpty').allocate('residentEmpty', shape),
    /** Whether `value` is a ResidentTensor (of any instance, freed or not). */
    isResident,
    /**
     * PyTorch's layers on this instance (nn.js), made at first use; undefined in the widget's own bundle.
     * @returns {import('./index.d.ts').Convlens['nn']}
     */
    get nn() {
      return (nn ??= globalThis[PACKAGE_PARTS]?.createNn(api));
    },
    /** Bytes of wasm memory the module holds now (it grows on demand and never shrinks). */
    memoryBytes: () => module.HEAP8.buffer.byteLength,
    ...forwardOps,
    conv2dBackward: (gradOutput, input, weight, opts) => run('conv2dBackward', input, weight, opts, gradOutput),
    maxPool2dBackward: (gradOutput, input, opts) => run('maxPool2dBackward', input, undefined, opts, gradOutput),
    avgPool2dBackward: (gradOutput, input, opts) => run('avgPool2dBackward', input, undefined, opts, gradOutput),

    outputShape(spec) {
      const { op, staged } = stageSpec('outputShape', spec, ALL_OPS);
      return guarded(() => {
        block().set(staged);
        return outputInfo(op);
      });
    },

    receptiveField(spec, index) {
      const { op, staged } = stageSpec('receptiveField', spec, FIELD_OPS);
      const idx = Array.isArray(index) ? Array.from(index) : null;
      // [n, c, y, x] (or [c, y, x]); the 1-D ops and unfold [n, c, l] (or [c, l]), on the unit H axis they run on
      const rank = LENGTH_INDEX_OPS.includes(op) ? 3 : 4;
      if (!idx || (idx.length !== rank - 1 && idx.length !== rank) || !idx.every(Number.isInteger))
        fail('INVALID_TYPE', `receptiveField(): index must be ${rank === 3 ? '[n, c, l] (or [c, l])' : '[n, c, y, x] (or [c, y, x])'} of ints, but got ${A.describe(index)}`, 'index');
      if (idx.length === rank - 1) idx.unshift(0);
      const at = rank === 3 ? [idx[0], idx[1], 0, idx[2]] : idx;
      staged.set(at.map((v) => A.int('receptiveField', 'index', v)), Slot.OUT_INDEX);
      return guarded(() => receptiveField(op, staged, idx));
    },

    receptiveFields(spec, range) {
      const fn = 'receptiveFields';
      const { op, staged } = stageSpec(fn, spec, FIELD_OPS);
      if (range != null && (typeof range !== 'object' || Array.isArray(range)))
        fail('INVALID_TYPE', `${fn}(): range must be { start, count } (both optional), but got ${A.describe(range)}`, 'range');
      const r = A.checkOptionNames(fn, range, ['start', 'count']);
      staged[Slot.FIELDS_START] = A.int(fn, 'start', r.start ?? 0);
      if (r.count != null) {
        staged[Slot.HAS_FIELDS_COUNT] = 1;
        staged[Slot.FIELDS_COUNT] = A.int(fn, 'count', r.count);
      }
      return guarded(() => receptiveFields(op, staged));
    },

    parameterCount(spec) {
      const fn = 'parameterCount';
      if (spec == null || typeof spec !== 'object') fail('INVALID_TYPE', `${fn}(): expected { op, inChannels, outChannels, kernelSize, … }, but got ${A.describe(spec)}`);
      const o = A.checkOptionNames(fn, spec, ['op', 'inChannels', 'outChannels', 'kernelSize', 'groups', 'bias']);
      if (!CONV_OPS.includes(o.op))
        fail('INVALID_ARGUMENT', `${fn}(): op must be one of ${CONV_OPS.map((s) => `'${s}'`).join(', ')}, but got ${A.describe(o.op)}`, 'op');
      const b = new Int32Array(Slot.SIZE);
      b[Slot.PC_IN] = A.int(fn, 'inChannels', o.inChannels);
      b[Slot.PC_OUT] = A.int(fn, 'outChannels', o.outChannels);
      [b[Slot.PC_KH], b[Slot.PC_KW]] = ONE_D_OPS.includes(o.op) ? [1, A.intOne(fn, 'kernelSize', o.kernelSize)]
        : A.intPair(fn, 'kernelSize', o.kernelSize);
      b[Slot.PC_GROUPS] = A.int(fn, 'groups', o.groups ?? 1);
      b[Slot.PC_BIAS] = A.bool(fn, 'bias', o.bias ?? true) ? 1 : 0;
      return guarded(() => {
        block().set(b);
        check(module.parameterCount(OpId[o.op]));
        const r = block();
        return {
          weights: r[Slot.PC_WEIGHTS_OUT], bias: r[Slot.PC_BIAS_OUT], total: r[Slot.PC_TOTAL_OUT],
          formula: module.text(2),
        };
      });
    },
  };
  // What nn.js's layer ops build on (not public); free() leaves a broken instance's heap alone.
  Object.defineProperty(api, LAYER_CALLS,
    { value: { readCall, arg, stageCall, execute, packWeight, free: (address) => broken || module._free(address) } });
  return Object.freeze(api);
}
