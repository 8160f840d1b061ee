// PyTorch's torch.nn layers over one convlens instance: the same constructor arguments (positional
// sizes, then an options object for the keywords), parameters named as PyTorch names them, forward(),
// Sequential, stateDict() / loadStateDict() with PyTorch's keys and messages, and PyTorch's repr.
// Parameters live in the module's memory (resident tensors), so a layer's weights are copied in once,
// not on every forward(); Sequential keeps the tensors between its layers there too.
import { fail } from './errors.js';
import * as A from './args.js';
import { versionOf } from './resident.js';
import { version } from './version.js';

/// Where an instance keeps what layer ops build on (convlens.js's layerCalls).
const LAYER_CALLS = Symbol.for(`convlens ${version} layer calls`);

/** PyTorch's repr of an argument: ints as they are, arrays as tuples, booleans and null as Python's. */
function py(v) {
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  if (v === true || v === false) return v ? 'True' : 'False';
  if (v == null) return 'None';
  return String(v);
}

/** torch.Size's repr. */
const torchSize = (shape) => `torch.Size([${shape.join(', ')}])`;

const { sameShape } = A;

/**
 * The nn namespace of one instance (cl.nn): layer classes bound to `cl`'s ops.
 * @param {any} cl the instance's API object (its ops, tensor(), resident() and isResident())
 */
export function createNn(cl) {
  const isResident = (t) => cl.isResident(t);
  const calls = cl[LAYER_CALLS];

  /**
   * Frees a layer op's packed weight (`held`, the one place the op keeps it), now or, for an op dropped
   * without free(), from the finalizer.
   * @param {{ packed: Packed | null }} held
   */
  const freePacked = (held) => {
    if (held.packed) calls.free(held.packed.address);
    held.packed = null;
  };
  const packedFinalizer = new FinalizationRegistry(freePacked);

  /**
   * A layer's op: its weight and bias (resident tensors) and options read and checked once, then run(input)
   * many times. Each input shape is checked and staged once (a layer sees one or a few); a convolution's
   * weight is packed once for its kernel, and again when its values change (its version). The core still
   * derives its plan from the staged block on every call (well under a microsecond), so a packed weight is
   * never used with a plan it was not made for. Results are the op's, bit for bit.
   */
  /** @typedef {ReturnType<typeof layerOp>} LayerOp */
  /** @typedef {{ address: number, bytes: number }} Packed a weight as the core's kernel reads it */
  function layerOp(op, weight, options) {
    const call = calls.readCall(op, () => null, weight, options);
    const packs = op === 'conv2d' || op === 'conv1d' || op === 'convTranspose2d' || op === 'convTranspose1d';
    /**
     * The staged block of the last input shape, and the weight's version its packed weight was made from.
     * @type {{ shape: number[], staged: Int32Array, version: number } | null}
     */
    let prepared = null;
    /** @type {{ packed: Packed | null }} */
    const held = { packed: null };  // the packed weight, for the finalizer too
    const layer = {
      /** The op on `input` (a resident or plain tensor). */
      run(input) {
        // the parameters must still be live (freed ones are refused, in the op's words)
        if (weight?.freed) calls.arg(op, 'weight', weight);
        if (options.bias?.freed) calls.arg(op, 'bias', options.bias);
        const x = calls.arg(op, 'input', input);
        if (!prepared || !sameShape(prepared.shape, x.shape)) {
          freePacked(held);
          prepared = { shape: x.shape, staged: calls.stageCall(op, call, x), version: -1 };
        }
        const version = packs ? versionOf(weight) : 0;
        if (packs && prepared.version !== version) {
          freePacked(held);
          held.packed = calls.packWeight(op, call, prepared.staged);
          prepared.version = version;
        }
        return calls.execute(op, call, x, prepared.staged, held.packed);
      },
      /** Frees the packed weight. */
      free() {
        freePacked(held);
        prepared = null;
        packedFinalizer.unregister(layer);
      },
    };
    if (packs) packedFinalizer.register(layer, held, layer);
    return layer;
  }
  // Anything tensor() takes, a typed array (1-D), or a resident tensor, as a fresh plain tensor.
  const tensorValue = (v) => {
    if (isResident(v)) return v.read();
    const typed = ArrayBuffer.isView(v) && !(v instanceof DataView);
    return cl.tensor(typed ? { shape: [/** @type {any} */ (v).length], data: v } : v);
  };

  /**
   * A parameter: its shape, and its values in the instance's memory (a resident tensor), made once and
   * written in place when they change.
   */
  class Parameter {
    constructor(shape, values) {
      this.shape = Object.freeze([...shape]);
      this.stored = cl.resident({ shape: this.shape, data: values });
    }

    /** A snapshot of the values, as a plain tensor (never a view into wasm memory). */
    read() {
      return this.stored.read();
    }

    set(data) {
      this.stored.write(data);
    }

    free() {
      this.stored.free();
    }
  }

  /** Uniform(−bound, bound) values: PyTorch's default init (its bounds; not its random numbers). */
  function uniform(count, bound) {
    A.checkElements('nn', 'parameter', [count], count);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = (Math.random() * 2 - 1) * bound;
    return data;
  }

  /** torch.nn.Module: parameters and children by name, stateDict / loadStateDict, repr. */
  class Module {
    constructor() {
      /** @type {Map<string, Parameter | null>} */
      this._parameters = new Map();
      /** @type {Map<string, Module>} */
      this._modules = new Map();
    }

    /** The PyTorch module name (the class's, a subclass's own). */
    get name() {
      return this.constructor.name;
    }

    /** Which of convlens's layers this is (a subclass keeps its base's). */
    get kind() {
      return /** @type {any} */ (this.constructor).kind;
    }

    /**
     * The layer's computation (a subclass of Module writes its own).
     * @param {...any} _inputs
     * @returns {any}
     */
    forward(..._inputs) {
      return fail('INVALID_ARGUMENT', `Module [${this.name}] is missing the required "forward" function`);
    }

    /** [key, Parameter] for every parameter, with PyTorch's dotted keys ('0.weight'). */
    namedParameters(prefix = '') {
      const own = [...this._parameters].filter(([, p]) => p).map(([k, p]) => [prefix + k, p]);
      const children = [...this._modules].flatMap(([k, m]) => m.namedParameters(`${prefix}${k}.`));
      return [...own, ...children];
    }

    /** PyTorch's state_dict(): { '0.weight': { shape, data }, … }, fresh copies. */
    stateDict() {
      return Object.fromEntries(this.namedParameters().map(([k, p]) => [k, p.read()]));
    }

    /**
     * PyTorch's load_state_dict: every key's shape is checked before anything is written, so a bad dict
     * changes nothing. strict (default): missing and unexpected keys are errors. Returns
     * { missingKeys, unexpectedKeys }.
     */
    loadStateDict(stateDict, options) {
      const o = A.checkOptionNames('loadStateDict', options, ['strict']);
      const strict = A.bool('loadStateDict', 'strict', o.strict ?? true);
      if (stateDict == null || typeof stateDict !== 'object' || Array.isArray(stateDict))
        fail('INVALID_TYPE', `loadStateDict(): expected an object of tensors keyed by name ('0.weight', …), but got ${A.describe(stateDict)}`);
      const params = new Map(this.namedParameters());
      const given = Object.keys(stateDict);
      const missingKeys = [...params.keys()].filter((k) => !Object.prototype.hasOwnProperty.call(stateDict, k));
      const unexpectedKeys = given.filter((k) => !params.has(k));
      const errors = [];
      if (strict && missingKeys.length) errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
      if (strict && unexpectedKeys.length) errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      const updates = [];
      for (const key of given.filter((k) => params.has(k))) {
        const p = /** @type {Parameter} */ (params.get(key));
        const value = tensorValue(stateDict[key]);
        if (sameShape(value.shape, p.shape)) updates.push([p, value.data]);
        else errors.push(`size mismatch for ${key}: copying a param with shape ${torchSize(value.shape)} from checkpoint, the shape in current model is ${torchSize(p.shape)}.`);
      }
      if (errors.length) {
        const code = errors.some((e) => e.startsWith('size mismatch')) ? 'SHAPE_MISMATCH' : 'INVALID_ARGUMENT';
        fail(code, `Error(s) in loading state_dict for ${this.name}:\n\t${errors.join('\n\t')}`);
      }
      for (const [p, data] of updates) p.set(data);
      return { missingKeys, unexpectedKeys };
    }

    /** Frees the module's parameter memory (resident tensors); the module is unusable afterwards. */
    free() {
      for (const p of this._parameters.values()) p?.free();
      for (const m of this._modules.values()) m.free();
    }

    /** PyTorch's extra_repr: the arguments shown between the parentheses. */
    extraRepr() {
      return '';
    }

    /** PyTorch's repr: 'Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))', children one per line. */
    toString() {
      const children = [...this._modules].map(([k, m]) => `(${k}): ${String(m).replace(/\n/g, '\n  ')}`);
      const extra = this.extraRepr();
      if (!children.length) return `${this.name}(${extra})`;
      const lines = [...(extra ? extra.split('\n') : []), ...children];
      return `${this.name}(\n  ${lines.join('\n  ')}\n)`;
    }

    // A parameter's accessors: reads give a fresh { shape, data }; writes check the shape first.
    getParameter(name) {
      const p = this._parameters.get(name);
      return p ? p.read() : null;
    }

    setParameter(name, value) {
      const p = this._parameters.get(name);
      if (value === null && name === 'bias') {
        p?.free();
        this._parameters.set(name, null);
        return;
      }
      const t = tensorValue(value);
      const shape = p?.shape ?? this.parameterShape(name);
      if (!sameShape(t.shape, shape))
        fail('SHAPE_MISMATCH', `${this.name}.${name}: expected a tensor of size ${A.describe([...shape])}, but got ${A.describe(t.shape)}`, name);
      if (p) p.set(t.data);
      else this._parameters.set(name, new Parameter(shape, t.data));
    }

    /**
     * The shape a parameter must have.
     * @param {string} name
     * @returns {number[]}
     */
    parameterShape(name) {
      return fail('INVALID_ARGUMENT', `${this.name} has no parameter '${name}'`, name);
    }
  }

  // The convolutions: which op, how many spatial axes, transposed or not.
  const CONVS = {
    Conv1d: { op: 'conv1d', dims: 1, transposed: false },
    Conv2d: { op: 'conv2d', dims: 2, transposed: false },
    ConvTranspose1d: { op: 'convTranspose1d', dims: 1, transposed: true },
    ConvTranspose2d: { op: 'convTranspose2d', dims: 2, transposed: true },
  };

  /** torch.nn.modules.conv._ConvNd: the checks and the parameters of every convolution layer. */
  class ConvNd extends Module {
    constructor(inChannels, outChannels, kernelSize, options) {
      super();
      const { op, dims, transposed } = CONVS[this.kind];
      const fn = this.name;
      const names = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', ...(transposed ? ['outputPadding'] : [])];
      const o = A.checkOptionNames(fn, options, names);
      const tuple = (name, v) => (dims === 1 ? [A.intOne(fn, name, v)] : A.intPair(fn, name, v));
      const positive = (name, v) => {
        if (A.int(fn, name, v) < 1) fail('INVALID_ARGUMENT', `${fn}: ${A.pytorchName(name)} must be a positive int, but got ${v}`, A.pytorchName(name));
        return v;
      };
      this.op = op;
      this.inChannels = positive('inChannels', inChannels);
      this.outChannels = positive('outChannels', outChannels);
      this.kernelSize = tuple('kernelSize', kernelSize);
      if (this.kernelSize.some((k) => k < 1))
        fail('INVALID_ARGUMENT', `${fn}: kernel_size must be positive, but got ${py(this.kernelSize)}`, 'kernel_size');
      this.stride = tuple('stride', o.stride ?? 1);
      this.dilation = tuple('dilation', o.dilation ?? 1);
      this.groups = A.int(fn, 'groups', o.groups ?? 1);
      if (this.groups <= 0) fail('INVALID_ARGUMENT', 'groups must be a positive integer', 'groups');
      if (this.inChannels % this.groups) fail('INVALID_ARGUMENT', 'in_channels must be divisible by groups', 'groups');
      if (this.outChannels % this.groups) fail('INVALID_ARGUMENT', 'out_channels must be divisible by groups', 'groups');
      const padding = o.padding ?? 0;
      if (typeof padding === 'string' && !transposed) {
        if (padding !== 'same' && padding !== 'valid')
          fail('INVALID_ARGUMENT', `Invalid padding string '${padding}', should be one of {'valid', 'same'}`, 'padding');
        if (padding === 'same' && this.stride.some((s) => s !== 1))
          fail('INVALID_ARGUMENT', "padding='same' is not supported for strided convolutions", 'padding');
        this.padding = padding;
      } else {
        this.padding = tuple('padding', padding);
      }
      this.paddingMode = o.paddingMode ?? 'zeros';
      if (!['zeros', 'reflect', 'replicate', 'circular'].includes(this.paddingMode))
        fail('INVALID_ARGUMENT', `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode=${A.describe(this.paddingMode)}`, 'padding_mode');
      if (transposed) {
        if (this.paddingMode !== 'zeros') fail('INVALID_ARGUMENT', `Only "zeros" padding mode is supported for ${fn}`, 'padding_mode');
        this.outputPadding = tuple('outputPadding', o.outputPadding ?? 0);
      }
      const hasBias = A.bool(fn, 'bias', o.bias ?? true);
      // PyTorch's reset_parameters: kaiming_uniform_(a=√5) gives bound 1/√fan_in, and so does the bias.
      const weightShape = this.parameterShape('weight');
      const fanIn = weightShape.slice(1).reduce((a, b) => a * b, 1);
      const bound = 1 / Math.sqrt(fanIn);
      this._parameters.set('weight', new Parameter(weightShape, uniform(A.product(weightShape), bound)));
      this._parameters.set('bias', hasBias ? new Parameter([this.outChannels], uniform(this.outChannels, bound)) : null);
      /** The layer op forward() runs, and the bias it was made with. @type {{ bias: any, layer: LayerOp } | null} */
      this._op = null;
    }

    parameterShape(name) {
      if (name === 'bias') return [this.outChannels];
      if (name !== 'weight') return super.parameterShape(name);
      const { transposed } = CONVS[this.kind];
      return transposed ? [this.inChannels, this.outChannels / this.groups, ...this.kernelSize]
        : [this.outChannels, this.inChannels / this.groups, ...this.kernelSize];
    }

    get weight() {
      return this.getParameter('weight');
    }

    set weight(value) {
      this.setParameter('weight', value);
    }

    get bias() {
      return this.getParameter('bias');
    }

    set bias(value) {
      this.setParameter('bias', value);
    }

    /** The op's options for this layer (the weight and bias where they live). */
    callOptions() {
      const o = { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
      const bias = this._parameters.get('bias');
      if (bias) o.bias = bias.stored;
      if (this.outputPadding) o.outputPadding = this.outputPadding;
      else o.paddingMode = this.paddingMode;
      return o;
    }

    /** The layer on `input`; a transposed convolution also takes PyTorch's forward(input, output_size). */
    forward(input, outputSize) {
      const weight = /** @type {Parameter} */ (this._parameters.get('weight'));
      if (outputSize != null) {
        if (!this.outputPadding) fail('INVALID_ARGUMENT', `${this.name}.forward() takes one input`, 'output_size');
        return cl[this.op](input, weight.stored, { ...this.callOptions(), outputSize });
      }
      // The layer op is made again when the bias is replaced (removed or added); a weight or bias written in
      // place keeps it (the op packs the weight again when its values changed).
      const bias = this._parameters.get('bias');
      if (this._op?.bias !== bias) {
        this._op?.layer.free();
        this._op = { bias, layer: layerOp(this.op, weight.stored, this.callOptions()) };
      }
      return this._op.layer.run(input);
    }

    free() {
      this._op?.layer.free();
      this._op = null;
      super.free();
    }

    extraRepr() {
      const zeros = this.kernelSize.map(() => 0);
      const ones = this.kernelSize.map(() => 1);
      let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
      if (typeof this.padding === 'string' || !sameShape(this.padding, zeros)) s += `, padding=${py(this.padding)}`;
      if (!sameShape(this.dilation, ones)) s += `, dilation=${py(this.dilation)}`;
      if (this.outputPadding && !sameShape(this.outputPadding, zeros)) s += `, output_padding=${py(this.outputPadding)}`;
      if (this.groups !== 1) s += `, groups=${this.groups}`;
      if (!this._parameters.get('bias')) s += ', bias=False';
      if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
      return s;
    }
  }

  /**
   * The parameter-free layers: their PyTorch constructor (positional names, then keyword options), the
   * op, and what their repr shows. `defaults` gives PyTorch's; `repr` maps the options to extra_repr.
   */
  const POOLS = {
    MaxPool2d: { op: 'maxPool2d', args: ['kernelSize'], options: ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      defaults: { padding: 0, dilation: 1, returnIndices: false, ceilMode: false },
      repr: (o) => `kernel_size=${py(o.kernelSize)}, stride=${py(o.stride ?? o.kernelSize)}, padding=${py(o.padding)}, dilation=${py(o.dilation)}, ceil_mode=${py(o.ceilMode)}` },
    MaxPool1d: { op: 'maxPool1d', args: ['kernelSize'], options: ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      defaults: { padding: 0, dilation: 1, returnIndices: false, ceilMode: false },
      repr: (o) => `kernel_size=${py(o.kernelSize)}, stride=${py(o.stride ?? o.kernelSize)}, padding=${py(o.padding)}, dilation=${py(o.dilation)}, ceil_mode=${py(o.ceilMode)}` },
    AvgPool2d: { op: 'avgPool2d', args: ['kernelSize'], options: ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
      defaults: { padding: 0, ceilMode: false, countIncludePad: true },
      repr: (o) => `kernel_size=${py(o.kernelSize)}, stride=${py(o.stride ?? o.kernelSize)}, padding=${py(o.padding)}` },
    // AvgPool1d keeps its sizes as 1-tuples (_single), and so shows them.
    AvgPool1d: { op: 'avgPool1d', args: ['kernelSize'], options: ['stride', 'padding', 'ceilMode', 'countIncludePad'],
      defaults: { padding: 0, ceilMode: false, countIncludePad: true },
      repr: (o) => `kernel_size=${py(single(o.kernelSize))}, stride=${py(single(o.stride ?? o.kernelSize))}, padding=${py(single(o.padding))}` },
    AdaptiveAvgPool2d: { op: 'adaptiveAvgPool2d', args: ['outputSize'], options: [], defaults: {},
      repr: (o) => `output_size=${py(o.outputSize)}` },
    AdaptiveMaxPool2d: { op: 'adaptiveMaxPool2d', args: ['outputSize'], options: ['returnIndices'], defaults: { returnIndices: false },
      repr: (o) => `output_size=${py(o.outputSize)}` },
    AdaptiveAvgPool1d: { op: 'adaptiveAvgPool1d', args: ['outputSize'], options: [], defaults: {},
      repr: (o) => `output_size=${py(o.outputSize)}` },
    AdaptiveMaxPool1d: { op: 'adaptiveMaxPool1d', args: ['outputSize'], options: ['returnIndices'], defaults: { returnIndices: false },
      repr: (o) => `output_size=${py(o.outputSize)}` },
    LPPool2d: { op: 'lpPool2d', args: ['normType', 'kernelSize'], options: ['stride', 'ceilMode'], defaults: { ceilMode: false },
      repr: (o) => `norm_type=${py(o.normType)}, kernel_size=${py(o.kernelSize)}, stride=${py(o.stride)}, ceil_mode=${py(o.ceilMode)}` },
    // MaxUnpool2d keeps pairs (_pair), stride defaulting to kernel_size.
    MaxUnpool2d: { op: 'maxUnpool2d', args: ['kernelSize'], options: ['stride', 'padding'], defaults: { padding: 0 },
      repr: (o) => `kernel_size=${py(pair(o.kernelSize))}, stride=${py(pair(o.stride ?? o.kernelSize))}, padding=${py(pair(o.padding))}` },
    Unfold: { op: 'unfold', args: ['kernelSize'], options: ['dilation', 'padding', 'stride'], defaults: { dilation: 1, padding: 0, stride: 1 },
      repr: (o) => `kernel_size=${py(o.kernelSize)}, dilation=${py(o.dilation)}, padding=${py(o.padding)}, stride=${py(o.stride)}` },
    Fold: { op: 'fold', args: ['outputSize', 'kernelSize'], options: ['dilation', 'padding', 'stride'], defaults: { dilation: 1, padding: 0, stride: 1 },
      repr: (o) => `output_size=${py(o.outputSize)}, kernel_size=${py(o.kernelSize)}, dilation=${py(o.dilation)}, padding=${py(o.padding)}, stride=${py(o.stride)}` },
  };
  function single(v) {
    return Array.isArray(v) ? v : [v];
  }
  function pair(v) {
    return Array.isArray(v) ? v : [v, v];
  }

  /**
   * A parameter-free layer (POOLS): its arguments are kept as given (PyTorch shows them so) and checked
   * by the op itself at the first forward, in the op's words.
   */
  class Stateless extends Module {
    constructor(...args) {
      super();
      const spec = POOLS[this.kind];
      const missing = spec.args.filter((k, i) => args[i] === undefined).map(A.pytorchName);
      if (missing.length)
        fail('INVALID_TYPE', `${this.name}.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((k) => `'${k}'`).join(' and ')}`, missing[0]);
      const given = args.slice(0, spec.args.length);
      const o = A.checkOptionNames(this.name, args[spec.args.length], spec.options);
      /** The layer's arguments, PyTorch's defaults filled in. */
      const positional = Object.fromEntries(spec.args.map((k, i) => [k, copyArg(given[i])]));
      this.options = Object.freeze({ ...spec.defaults, ...positional, ...o });
      this.op = spec.op;
      /** The layer op forward() runs (made at the first). @type {LayerOp | null} */
      this._op = null;
    }

    /** The layer on `input`; MaxUnpool2d takes forward(input, indices, output_size). */
    forward(input, indices, outputSize) {
      if (this.op === 'maxUnpool2d') {
        const o = { ...this.options };
        if (outputSize != null) o.outputSize = outputSize;
        return cl.maxUnpool2d(input, indices, o);
      }
      this._op ??= layerOp(this.op, undefined, this.options);
      return this._op.run(input);
    }

    extraRepr() {
      return POOLS[this.kind].repr(this.options);
    }
  }
  const copyArg = (v) => (Array.isArray(v) ? Object.freeze([...v]) : v);

  /** torch.nn.Sequential: modules run in order, keyed '0', '1', … (or by the names of an object given alone). */
  class Sequential extends Module {
    constructor(...modules) {
      super();
      const named = modules.length === 1 && !(modules[0] instanceof Module) && modules[0] && typeof modules[0] === 'object';
      const entries = named ? Object.entries(modules[0]) : modules.map((m, i) => [String(i), m]);
      for (const [key, m] of entries) {
        if (!(m instanceof Module))
          fail('INVALID_TYPE', `Sequential: ${A.describe(m)} is not a Module subclass (at ${named ? `'${key}'` : `index ${key}`})`);
        this._modules.set(key, m);
      }
    }

    get length() {
      return this._modules.size;
    }

    /** The i-th module (negative counts from the end), as sequential[i] in PyTorch. */
    at(i) {
      const list = [...this._modules.values()];
      const m = list[i < 0 ? list.length + i : i];
      if (!m) fail('INVALID_ARGUMENT', `index ${i} is out of range`);
      return m;
    }

    [Symbol.iterator]() {
      return this._modules.values();
    }

    /**
     * Runs the modules in order. The tensors between them stay in the module's memory (a plain input is
     * copied in once and the result copied out once); the intermediate ones are freed on the way.
     */
    forward(input) {
      const resident = isResident(input);
      let x = resident ? input : cl.resident(input);
      try {
        for (const [key, m] of this._modules) {
          const y = m.forward(x);
          if (y && !('shape' in y))
            fail('INVALID_ARGUMENT', `Sequential: (${key}) ${m.name} returns (output, indices) (return_indices=True); the next module expects one tensor`);
          if (x !== input && isResident(x)) x.free();
          x = y;
        }
        if (resident || !isResident(x)) return x;
        const out = x.read();
        x.free();
        return out;
      } catch (e) {
        if (x !== input && isResident(x)) x.free();
        throw e;
      }
    }
  }

  // One class per layer, named as PyTorch's (its repr and messages use the name).
  const convClass = (name) => ({ [name]: class extends ConvNd { static kind = name; } })[name];
  const poolClass = (name) => ({ [name]: class extends Stateless { static kind = name; } })[name];
  return Object.freeze({
    Module,
    Sequential,
    ...Object.fromEntries(Object.keys(CONVS).map((name) => [name, convClass(name)])),
    ...Object.fromEntries(Object.keys(POOLS).map((name) => [name, poolClass(name)])),
  });
}
