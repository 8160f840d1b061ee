// The playground's large cases through PyTorch's layers (cl.nn): the state's op runs as one torch.nn module
// kept across evaluations, its weight and bias in the module's memory and written again only when the
// state's values change, so an edit of the input or of a weight cell does not send every weight again.
// compute.js's evaluate() still makes every check in its order; only the op's own call is routed to the
// layer, and a layer that refuses hands the call back to the functional op, so every error is the one the
// functional call gives, word for word. Small cases, and an API without cl.nn (the <conv-lens> figure's
// own bundle), keep the functional call: a layer buys nothing there. Pure (no DOM).
import { evaluate } from './compute.js';
import { OP_TABLE } from './ops.js';
import { count } from './tensors.js';

/**
 * @typedef {import('./types.d.ts').PlaygroundState} PlaygroundState
 * @typedef {import('./types.d.ts').PlaygroundTensor} PlaygroundTensor
 * @typedef {import('./types.d.ts').EvaluateResult} EvaluateResult
 * @typedef {import('./types.d.ts').Convlens} Convlens
 */

/**
 * A call is large, and runs through a layer, when its input, weight and output hold this many elements
 * together: the 'large' preset (3×64×64 → 16×62×62, 74,224) and bigger; the tutorial's cases are far below.
 */
export const LARGE_ELEMENTS = 1 << 16;

/**
 * Whether a call of an op on `inputShape` (with a weight of `weightShape`, or null) giving `outputShape`
 * is large (LARGE_ELEMENTS).
 * @param {readonly number[]} inputShape
 * @param {readonly number[] | null} weightShape
 * @param {readonly number[]} outputShape
 */
export function isLarge(inputShape, weightShape, outputShape) {
  return count(inputShape) + (weightShape ? count(weightShape) : 0) + count(outputShape) >= LARGE_ELEMENTS;
}

/**
 * The torch.nn module of a functional call `cl[op](...args)`: its cache key (module, constructor arguments,
 * weight shape, bias presence; not the data), how to make it, and what forward() takes besides the input.
 * A conv's channels and kernel size come from its weight's shape; the other ops' required arguments lead,
 * as PyTorch's constructors take them, and forward()'s own (output_size of ConvTranspose*d and
 * MaxUnpool2d, MaxUnpool2d's indices) are kept out of the key.
 */
function layerCall(op, args) {
  const { module, family, args: opArgs } = OP_TABLE[op];
  const forwardOptions = opArgs.filter((a) => a.forward).map((a) => a.option);
  /** @type {Record<string, any>} */
  const options = { ...args.at(-1) };
  const later = forwardOptions.map((name) => options[name]);
  for (const name of forwardOptions) delete options[name];
  if (family === 'conv') {
    const { bias = null, ...keywords } = options;
    const weight = args[1];
    const groups = keywords.groups ?? 1;
    const [first, second, ...kernelSize] = weight.shape;
    const transposed = module.startsWith('ConvTranspose');
    const channels = transposed ? [first, second * groups] : [second * groups, first];
    const leading = [...channels, kernelSize];
    const keys = { ...keywords, bias: bias !== null };
    return {
      key: JSON.stringify([module, leading, keys]), module, leading, keywords: keys, weight, bias, later,
    };
  }
  const required = opArgs.filter((a) => a.def === undefined).map((a) => a.option);
  const leading = required.map((name) => options[name]);
  for (const name of required) delete options[name];
  const indices = family === 'unpool' ? [args[1]] : [];
  return {
    key: JSON.stringify([module, leading, options]), module, leading, keywords: options, weight: null, bias: null,
    later: [...indices, ...later],
  };
}

/** Whether two float32 arrays hold the same bits. */
function sameBits(a, b) {
  if (a.length !== b.length) return false;
  const x = new Int32Array(a.buffer, a.byteOffset, a.length), y = new Int32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The state's op as a torch.nn layer of one instance, kept while the call's options and weight shape stay:
 * one per playground (app.js), the layer freed when replaced or at clear().
 */
export class LayerCache {
  constructor() {
    /**
     * The layer, its key and instance, and the weight and bias values it holds.
     * @type {{ cl: Convlens, key: string, layer: any, weight: Float32Array | null, bias: Float32Array | null } | null}
     */
    this.entry = null;
  }

  /** The cached torch.nn module, or null (tests read it). */
  get layer() {
    return this.entry?.layer ?? null;
  }

  /**
   * compute.js's evaluate(cl, s), the op's call run through the cached layer when cl.nn exists and the
   * call is large: the same result, output, indices and errors.
   * @param {Convlens} cl
   * @param {PlaygroundState} s
   * @returns {EvaluateResult}
   */
  evaluate(cl, s) {
    if (!cl.nn) return evaluate(cl, s);
    // evaluate() asks outputShape just before the op: its answer says whether the call is large
    let outputShape = /** @type {number[] | null} */ (null);
    const routed = Object.create(cl, {
      outputShape: { value: (spec) => {
        const info = cl.outputShape(spec);
        outputShape = info.shape;
        return info;
      } },
      [s.op]: { value: (...args) => {
        const weightShape = OP_TABLE[s.op].weight ? args[1].shape : null;
        const large = outputShape && isLarge(args[0].shape, weightShape, outputShape);
        return large ? this.forward(cl, s.op, args) : /** @type {any} */ (cl)[s.op](...args);
      } },
    });
    return evaluate(routed, s);
  }

  /** `cl[op](...args)` through the cached layer; any ConvlensError it meets makes the functional call instead. */
  forward(cl, op, args) {
    const call = layerCall(op, args);
    try {
      const layer = this.layerFor(cl, call);
      return layer.forward(args[0], ...call.later);
    } catch (err) {
      if (err?.name !== 'ConvlensError') throw err;
      return /** @type {any} */ (cl)[op](...args);
    }
  }

  /** The layer of `call`, made (the previous one freed) when the key or instance differs; weight and bias current. */
  layerFor(cl, call) {
    let e = this.entry;
    if (!e || e.cl !== cl || e.key !== call.key) {
      this.clear();
      const Layer = /** @type {any} */ (cl).nn[call.module];
      e = { cl, key: call.key, layer: new Layer(...call.leading, call.keywords), weight: null, bias: null };
      this.entry = e;
    }
    if (call.weight) {
      e.weight = this.write(e.layer, 'weight', e.weight, call.weight.data, call.weight);
      if (call.bias !== null) e.bias = this.write(e.layer, 'bias', e.bias, call.bias, call.bias);
    }
    return e.layer;
  }

  /**
   * Sets the layer's parameter `name` to `value` unless its values are those the layer holds already (`held`,
   * the float32 copy of the last write, compared bit for bit: NaN and −0 included). Comparing costs what
   * a write would, but an unchanged weight is not packed again, and no edit can be missed however it was made.
   * Returns what the layer holds now.
   */
  write(layer, name, held, data, value) {
    const now = Float32Array.from(data);
    if (held && sameBits(held, now)) return held;
    layer[name] = value;
    return now;
  }

  /** Frees the cached layer's memory. */
  clear() {
    this.entry?.layer.free();
    this.entry = null;
  }
}
