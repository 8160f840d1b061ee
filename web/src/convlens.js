// The convlens API over a loaded wasm module. No DOM, no environment specifics: index.node.js and
// index.browser.js load the module and call createApi().
import { ConvPaddingId, OpId, PaddingModeId, Slot, TAP_INTS } from './block.js';
import { ConvlensError, CORE_CODES, fail } from './errors.js';
import * as A from './args.js';
import { tensor } from './tensor.js';

const CONV_OPS = ['conv2d', 'convTranspose2d'];

// Writes an op's options into the call block, checking their JS types on the way.
function encodeOptions(op, o, b) {
  const pair = (name, fallback, h, w) => {
    const [vh, vw] = A.intPair(op, name, o[name] ?? fallback);
    b[h] = vh;
    b[w] = vw;
  };
  switch (op) {
    case 'conv2d': {
      pair('stride', 1, Slot.STRIDE_H, Slot.STRIDE_W);
      const padding = o.padding ?? 0;
      if (typeof padding === 'string') {
        if (padding !== 'valid' && padding !== 'same')
          fail('INVALID_ARGUMENT', `Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
        b[Slot.PAD_KIND] = ConvPaddingId[padding];
      } else {
        pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      }
      pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
      b[Slot.GROUPS] = A.int(op, 'groups', o.groups ?? 1);
      b[Slot.MODE] = PaddingModeId[A.oneOf(op, 'paddingMode', o.paddingMode ?? 'zeros', ['zeros', 'reflect', 'replicate', 'circular'])];
      break;
    }
    case 'convTranspose2d': {
      pair('stride', 1, Slot.STRIDE_H, Slot.STRIDE_W);
      pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      pair('outputPadding', 0, Slot.OUTPAD_H, Slot.OUTPAD_W);
      b[Slot.GROUPS] = A.int(op, 'groups', o.groups ?? 1);
      pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
      if (o.outputSize != null) {
        const s = o.outputSize;
        // nn.ConvTranspose2d takes [h, w] or the full [n, c, h, w].
        if (!Array.isArray(s) || (s.length !== 2 && s.length !== 4))
          fail('INVALID_TYPE', `${op}(): argument 'outputSize' must be [h, w] or [n, c, h, w], but got ${A.describe(s)}`);
        const [h, w] = A.intPair(op, 'outputSize', s.slice(-2));
        b[Slot.HAS_OUTSIZE] = 1;
        b[Slot.OUTSIZE_H] = h;
        b[Slot.OUTSIZE_W] = w;
      }
      break;
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      if (o.kernelSize == null) fail('INVALID_TYPE', `${op}() missing required argument 'kernelSize'`);
      pair('kernelSize', undefined, Slot.KERNEL_H, Slot.KERNEL_W);
      // PyTorch's stride=None (or []) means "same as kernel_size".
      const stride = o.stride;
      if (stride != null && !(Array.isArray(stride) && stride.length === 0)) {
        pair('stride', undefined, Slot.STRIDE_H, Slot.STRIDE_W);
        b[Slot.HAS_STRIDE] = 1;
      }
      pair('padding', 0, Slot.PAD_H, Slot.PAD_W);
      b[Slot.CEIL] = A.bool(op, 'ceilMode', o.ceilMode ?? false) ? 1 : 0;
      if (op === 'maxPool2d') {
        pair('dilation', 1, Slot.DIL_H, Slot.DIL_W);
        A.bool(op, 'returnIndices', o.returnIndices ?? false);
      } else {
        b[Slot.COUNT_INCLUDE_PAD] = A.bool(op, 'countIncludePad', o.countIncludePad ?? true) ? 1 : 0;
        if (o.divisorOverride != null) {
          b[Slot.HAS_DIVISOR] = 1;
          b[Slot.DIVISOR] = A.int(op, 'divisorOverride', o.divisorOverride);
        }
      }
      break;
    }
    case 'pad': {
      const p = o.pad;
      if (!Array.isArray(p) || (p.length !== 2 && p.length !== 4) || !p.every((v) => typeof v === 'number' && Number.isInteger(v)))
        fail('INVALID_ARGUMENT', `pad(): argument 'pad' must be [left, right] or [left, right, top, bottom] of ints, but got ${A.describe(p)}`);
      [b[Slot.PAD_LEFT], b[Slot.PAD_RIGHT], b[Slot.PAD_TOP], b[Slot.PAD_BOTTOM]] = [0, 1, 2, 3].map((i) => A.int(op, 'pad', p[i] ?? 0));
      const mode = A.oneOf(op, 'mode', o.mode ?? 'constant', ['constant', 'reflect', 'replicate', 'circular']);
      b[Slot.MODE] = PaddingModeId[mode];
      if (o.value != null && typeof o.value !== 'number')
        fail('INVALID_TYPE', `pad(): argument 'value' must be a number, but got ${A.describe(o.value)}`);
      if (mode !== 'constant' && o.value != null && o.value !== 0)
        fail('INVALID_ARGUMENT', `Padding mode "${mode}" doesn't take in value argument`);
      break;
    }
  }
}

function writeShape(b, rankSlot, dims) {
  b[rankSlot] = dims.length;
  dims.forEach((d, i) => (b[rankSlot + 1 + i] = d));
}

/** Builds the public API object over an instantiated convlens wasm module. */
export function createApi(module, variant) {
  const blockAddress = module.blockAddress();
  // Memory growth replaces the wasm buffer and detaches views into it: the block's view is re-made
  // whenever the buffer has changed.
  let blockView = null;
  const block = () => {
    if (!blockView || blockView.buffer !== module.HEAP32.buffer) blockView = new Int32Array(module.HEAP32.buffer, blockAddress, Slot.SIZE);
    return blockView;
  };
  const check = (code) => {
    if (code !== 0) throw new ConvlensError(CORE_CODES[code] ?? 'INVALID_ARGUMENT', module.errorMessage());
  };

  // Fills the block with shapes and options, after the JS-level checks.
  function prepare(op, fn, inputShape, weightShape, bias, opts) {
    const b = block();
    b.fill(0);
    writeShape(b, Slot.IN_RANK, inputShape);
    if (weightShape) {
      if (weightShape.length !== 4)
        fail('INVALID_SHAPE', `${fn}(): expected a 4-dimensional weight, but got weight of size ${A.describe(weightShape)}`);
      writeShape(b, Slot.W_RANK, weightShape);
    }
    if (bias) {
      b[Slot.HAS_BIAS] = 1;
      b[Slot.BIAS_LEN] = bias.shape[0];
    }
    encodeOptions(op, opts, b);
  }

  function outputInfo(op) {
    check(module.outputInfo(OpId[op]));
    const b = block();
    const shape = Array.from(b.subarray(Slot.OUT_DIMS, Slot.OUT_DIMS + b[Slot.OUT_RANK]));
    const axes = ['H', 'W'].map((axis, a) => {
      const g = b.subarray(Slot.AXIS + a * Slot.AXIS_STRIDE, Slot.AXIS + (a + 1) * Slot.AXIS_STRIDE);
      const info = { axis, input: g[0], kernel: g[1], stride: g[2], dilation: g[3], padding: [g[4], g[5]], output: g[7] };
      if (op === 'convTranspose2d') info.outputPadding = g[6];
      if (op === 'maxPool2d' || op === 'avgPool2d') {
        info.ceilMode = g[8] === 1;
        info.droppedLastWindow = g[9] === 1;
      }
      info.formula = module.text(a);
      return info;
    });
    return { shape, axes };
  }

  // Inputs are copied into one grow-only arena, so steady calls allocate nothing.
  let arena = 0;
  let arenaBytes = 0;
  function arenaOf(bytes) {
    if (bytes > arenaBytes) {
      if (arena) module._free(arena);
      arena = module._malloc(bytes);
      arenaBytes = arena ? bytes : 0;
      if (!arena) fail('TOO_LARGE', `out of memory: ${bytes} bytes of input do not fit in wasm memory`);
    }
    return arena;
  }
  const padValueBits = new Float32Array(1);
  const padValueInt = new Int32Array(padValueBits.buffer);
  const bytesOf = (t) => (t ? Math.ceil((t.data.length * 4) / 16) * 16 : 0);

  // Runs one op: checks, copies tensors into wasm memory, runs, copies the result out.
  function run(op, input, weight, opts, padValue = 0) {
    const o = A.checkOptionNames(op, opts, A.OPTIONS[op]);
    const x = A.tensorArg(op, 'input', input);
    const w = weight === undefined ? null : A.tensorArg(op, 'weight', weight);
    const bias = CONV_OPS.includes(op) ? A.biasArg(op, o.bias) : null;
    if (o.out != null && !(o.out instanceof Float32Array))
      fail('INVALID_TYPE', `${op}(): argument 'out' must be a Float32Array, but got ${A.describe(o.out)}`);
    prepare(op, op, x.shape, w && w.shape, bias, o);
    const wantIndices = op === 'maxPool2d' && o.returnIndices === true;
    const xBytes = bytesOf(x), wBytes = bytesOf(w);
    const base = arenaOf(xBytes + wBytes + bytesOf(bias));
    const heap = module.HEAPF32;
    heap.set(x.data, base >> 2);
    if (w) heap.set(w.data, (base + xBytes) >> 2);
    if (bias) heap.set(bias.data, (base + xBytes + wBytes) >> 2);
    let b = block();
    b[Slot.IN_ADDR] = base;
    b[Slot.W_ADDR] = w ? base + xBytes : 0;
    b[Slot.B_ADDR] = bias ? base + xBytes + wBytes : 0;
    b[Slot.WANT_INDICES] = wantIndices ? 1 : 0;
    padValueBits[0] = padValue;
    b[Slot.PAD_VALUE] = padValueInt[0];
    check(module.run(OpId[op]));
    b = block();
    const shape = Array.from(b.subarray(Slot.OUT_DIMS, Slot.OUT_DIMS + b[Slot.OUT_RANK]));
    const n = A.product(shape);
    if (o.out != null && o.out.length !== n)
      fail('SHAPE_MISMATCH', `${op}(): out has ${o.out.length} elements, but the output of size ${A.describe(shape)} needs ${n}`);
    const at = b[Slot.OUT_ADDR] >>> 2;
    const data = o.out ?? new Float32Array(n);
    data.set(module.HEAPF32.subarray(at, at + n));
    const output = { shape, data };
    if (!wantIndices) return output;
    const ia = b[Slot.INDICES_ADDR] >>> 2;
    return { output, indices: { shape: [...shape], data: module.HEAP32.slice(ia, ia + n) } };
  }

  // A data-free "spec" ({ op, inputShape, weightShape, ...options }) into the block.
  function prepareSpec(fn, spec, ops) {
    if (spec == null || typeof spec !== 'object') fail('INVALID_TYPE', `${fn}(): expected a spec object { op, inputShape, … }, but got ${A.describe(spec)}`);
    const { op, inputShape, weightShape, ...opts } = spec;
    if (!ops.includes(op)) fail('INVALID_ARGUMENT', `${fn}(): op must be one of ${ops.map((s) => `'${s}'`).join(', ')}, but got ${A.describe(op)}`);
    A.checkOptionNames(fn, opts, A.OPTIONS[op].filter((k) => k !== 'out'));
    const isConv = CONV_OPS.includes(op);
    const bias = isConv && typeof opts.bias !== 'boolean' ? A.biasArg(fn, opts.bias) : null;
    prepare(op, fn, A.shape(fn, 'inputShape', inputShape), isConv ? A.shape(fn, 'weightShape', weightShape) : null, bias, opts);
    return op;
  }

  const ALL_OPS = Object.keys(A.OPTIONS);
  return Object.freeze({
    variant,
    tensor,
    /** Bytes of wasm memory the module holds now (it grows on demand and never shrinks). */
    memoryBytes: () => module.HEAP8.buffer.byteLength,
    conv2d: (input, weight, opts) => run('conv2d', input, weight, opts),
    convTranspose2d: (input, weight, opts) => run('convTranspose2d', input, weight, opts),
    maxPool2d: (input, opts) => run('maxPool2d', input, undefined, opts),
    avgPool2d: (input, opts) => run('avgPool2d', input, undefined, opts),
    pad: (input, opts) => run('pad', input, undefined, opts, opts && typeof opts.value === 'number' ? opts.value : 0),

    outputShape(spec) {
      return outputInfo(prepareSpec('outputShape', spec, ALL_OPS));
    },

    receptiveField(spec, index) {
      const op = prepareSpec('receptiveField', spec, ['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d']);
      if (!Array.isArray(index) || (index.length !== 3 && index.length !== 4) || !index.every(Number.isInteger))
        fail('INVALID_TYPE', `receptiveField(): index must be [n, c, y, x] (or [c, y, x]) of ints, but got ${A.describe(index)}`);
      const idx = index.length === 3 ? [0, ...index] : index;
      block().set(idx.map((v) => A.int('receptiveField', 'index', v)), Slot.OUT_INDEX);
      check(module.receptiveField(OpId[op]));
      const b = block();
      const count = b[Slot.RF_COUNT];
      const t = new Int32Array(module.HEAP32.buffer, module.tapsAddress(), count * TAP_INTS);
      const taps = [];
      for (let i = 0; i < count; i++) {
        const [n, c, y, x, sy, sx, inputIndex, w0, w1, w2, w3, weightIndex] = t.subarray(i * TAP_INTS, (i + 1) * TAP_INTS);
        taps.push({
          input: [n, c, y, x],
          source: sy >= 0 ? [n, c, sy, sx] : null,
          inputIndex,
          weight: w0 >= 0 ? [w0, w1, w2, w3] : null,
          weightIndex,
        });
      }
      const field = { output: idx, taps, bias: CONV_OPS.includes(op) ? b[Slot.RF_BIAS] : null };
      if (op === 'avgPool2d') field.divisor = b[Slot.RF_DIVISOR];
      return field;
    },

    parameterCount(spec) {
      const fn = 'parameterCount';
      if (spec == null || typeof spec !== 'object') fail('INVALID_TYPE', `${fn}(): expected { op, inChannels, outChannels, kernelSize, … }, but got ${A.describe(spec)}`);
      const { op, ...o } = spec;
      if (!CONV_OPS.includes(op)) fail('INVALID_ARGUMENT', `${fn}(): op must be 'conv2d' or 'convTranspose2d', but got ${A.describe(op)}`);
      A.checkOptionNames(fn, o, ['inChannels', 'outChannels', 'kernelSize', 'groups', 'bias']);
      const b = block();
      b[Slot.PC_IN] = A.int(fn, 'inChannels', o.inChannels);
      b[Slot.PC_OUT] = A.int(fn, 'outChannels', o.outChannels);
      [b[Slot.PC_KH], b[Slot.PC_KW]] = A.intPair(fn, 'kernelSize', o.kernelSize);
      b[Slot.PC_GROUPS] = A.int(fn, 'groups', o.groups ?? 1);
      b[Slot.PC_BIAS] = A.bool(fn, 'bias', o.bias ?? true) ? 1 : 0;
      check(module.parameterCount(op === 'convTranspose2d' ? 1 : 0));
      const r = block();
      return { weights: r[Slot.PC_WEIGHTS_OUT], bias: r[Slot.PC_BIAS_OUT], total: r[Slot.PC_TOTAL_OUT], formula: module.text(2) };
    },
  });
}
