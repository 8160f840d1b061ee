// The image-mode pipeline: a short chain of layers run through the public convlens API, one torch.nn
// module (cl.nn) per layer. prepareLayer() is the one place a layer becomes a module (weight, bias, options);
// the model summary, the run and the PyTorch export all go through it, so what is shown, what is
// computed and what is exported cannot disagree. Pure apart from the `cl` it is given (no DOM).
import { buildWeight, kernel2d } from './kernels.js';
import { LIMITS, effectiveKernelSize } from './layers.js';
import { CONV_OPS, OP_TABLE, apiOptions, parameterSpec } from '../ui/model/ops.js';
import { moduleCall as opModuleCall } from '../ui/model/module-call.js';

/** An error of the pipeline itself (not the API's): { code, message } like ConvlensError. */
export class PipelineError extends Error {
  /** Creates an error with a stable code ('TOO_LARGE', 'INVALID_ARGUMENT'). */
  constructor(code, message) {
    super(message);
    this.name = 'PipelineError';
    this.code = code;
  }
}

const count = (shape) => shape.reduce((a, b) => a * b, 1);

/** The API options of a layer (everything but weight and bias), by convlens's names (ops.js maps them). */
function layerOptions(layer, groups) {
  if (!OP_TABLE[layer.op]) throw new PipelineError('INVALID_ARGUMENT', `unknown layer type '${layer.op}'`);
  return apiOptions(layer.op, { ...layer, groups });
}

/** A layer's output channels and groups on `inChannels` input channels (pools keep the input's). */
export function layerChannels(layer, inChannels) {
  if (!CONV_OPS.includes(layer.op)) return { outChannels: inChannels, groups: 1 };
  if (layer.channels === 'depthwise') return { outChannels: inChannels, groups: inChannels };
  if (layer.channels === 'luminance') return { outChannels: 1, groups: 1 };
  return { outChannels: layer.out_channels, groups: layer.groups };
}

/**
 * A conv layer's weight ({ shape, data }) and bias (Float32Array or null) on `inChannels` input
 * channels, as prepareLayer passes them to the API (pure: no API call, no validation); both null
 * for pools.
 */
export function layerWeights(layer, inChannels) {
  if (!CONV_OPS.includes(layer.op)) return { weight: null, bias: null };
  const kernelSize = effectiveKernelSize(layer);
  const { outChannels, groups } = layerChannels(layer, inChannels);
  const k = layer.channels === 'random' ? null : Array.isArray(layer.weight) ? layer.weight : kernel2d(layer.weight, kernelSize);
  const w = buildWeight(k, {
    op: layer.op, mode: layer.channels, inChannels, outChannels, groups, seed: layer.seed, kernelSize,
  });
  const bias = layer.bias !== null ? new Float32Array(outChannels).fill(layer.bias) : null;
  return { weight: { shape: w.shape, data: w.data }, bias };
}

/**
 * Validates a layer on an input of `inShape` ([N, C, H, W]) with the API (parameterCount for conv
 * layers, then outputShape) and builds its call. Returns { op, options, weight, bias, inChannels,
 * outChannels, groups, kernelSize, outShape, info, params, outputPadding }. Throws the API's
 * ConvlensError (PyTorch-worded) or a PipelineError (TOO_LARGE for an output over the limit).
 */
export function prepareLayer(cl, layer, inShape) {
  const inChannels = inShape[1];
  const isConv = CONV_OPS.includes(layer.op);
  const kernelSize = effectiveKernelSize(layer);
  const { outChannels, groups } = layerChannels(layer, inChannels);
  let weight = null;
  let bias = null;
  let params = null;
  if (isConv) {
    // first, so that channels not divisible by groups get the API's message
    params = cl.parameterCount(parameterSpec(layer.op, {
      in_channels: inChannels, out_channels: outChannels, kernel_size: kernelSize, groups, bias: layer.bias !== null,
    }));
    ({ weight, bias } = layerWeights(layer, inChannels));
  }
  const options = layerOptions(layer, groups);
  const spec = { op: layer.op, inputShape: inShape, ...options };
  if (isConv) Object.assign(spec, { weightShape: weight.shape, bias: bias !== null });
  const info = cl.outputShape(spec);
  const n = count(info.shape);
  if (n > LIMITS.outputElements) {
    throw new PipelineError('TOO_LARGE', `the output [${info.shape.join(', ')}] has ${n} elements; image mode allows at most ${LIMITS.outputElements} per layer`);
  }
  const outputPadding = layer.op === 'convTranspose2d' ? [info.axes[0].outputPadding, info.axes[1].outputPadding] : null;
  return {
    op: layer.op, options, weight, bias, inChannels, outChannels, groups, kernelSize, outShape: info.shape, info,
    params, outputPadding,
  };
}

// The nn constructor's leading (positional) arguments of each pool, by API option name; the rest go as keywords.
const LEADING = {
  maxPool2d: ['kernelSize'], avgPool2d: ['kernelSize'], lpPool2d: ['normType', 'kernelSize'],
  adaptiveAvgPool2d: ['outputSize'], adaptiveMaxPool2d: ['outputSize'],
};

/**
 * A prepared layer as a torch.nn module of `cl` (cl.nn), its weights loaded: what PyTorch's model
 * would hold. A ConvTranspose2d's output_size is passed as the output_padding it solves to.
 */
export function layerModule(cl, p) {
  const Layer = cl.nn[OP_TABLE[p.op]?.module];
  if (!Layer) throw new PipelineError('INVALID_ARGUMENT', `unknown layer type '${p.op}'`);
  if (CONV_OPS.includes(p.op)) {
    const { outputSize, ...keywords } = p.options;
    if (p.outputPadding) keywords.outputPadding = p.outputPadding;
    const m = new Layer(p.inChannels, p.outChannels, p.kernelSize, { ...keywords, bias: p.bias !== null });
    m.weight = p.weight;
    if (p.bias) m.bias = p.bias;
    return m;
  }
  const keywords = { ...p.options };
  for (const k of [...LEADING[p.op], 'returnIndices']) delete keywords[k];
  return new Layer(...LEADING[p.op].map((k) => p.options[k]), keywords);
}

/** Runs one prepared layer on `x` (its module, made once per prepared layer). Returns the output tensor. */
export function runPrepared(cl, p, x) {
  let m = modules.get(p);
  if (!m) modules.set(p, (m = layerModule(cl, p)));
  return m.forward(x);
}
const modules = new WeakMap();

/**
 * Prepared layers and their modules kept across runs on inputs of one shape (the dataset loop's
 * batches): a layer is validated and its weights built once, not at every step. `prepare` is
 * prepareLayer's answer for the same layer and input shape; entries a run did not use are dropped
 * at `sweep()` (their memory freed).
 */
export class PreparedLayers {
  constructor(cl) {
    this.cl = cl;
    /** @type {Map<string, any>} */
    this.entries = new Map();
    this.used = new Set();
  }

  prepare(layer, inShape) {
    const key = `${inShape.join(',')}|${JSON.stringify(layer)}`;
    this.used.add(key);
    let p = this.entries.get(key);
    if (!p) this.entries.set(key, (p = prepareLayer(this.cl, layer, inShape)));
    return p;
  }

  sweep() {
    for (const [key, p] of this.entries) {
      if (this.used.has(key)) continue;
      modules.get(p)?.free();
      this.entries.delete(key);
    }
    this.used.clear();
  }

  /** Drops every entry, freeing its module's memory. */
  clear() {
    this.used.clear();
    this.sweep();
  }
}

/** An error as plain data { code, message } (for messages to and from the worker). */
export function errorInfo(e) {
  return { code: e?.code ?? 'ERROR', message: e?.message ?? String(e) };
}

/**
 * Runs the whole chain synchronously (node tests, small inputs). Returns
 * { outputs: [tensor | null, …], prepared: […], error: { index, code, message } | null }: the
 * first failing layer stops the chain, later ones are null.
 */
export function runPipeline(cl, input, layers) {
  const outputs = [];
  const prepared = [];
  let x = input;
  for (const [i, layer] of layers.entries()) {
    try {
      const p = prepareLayer(cl, layer, x.shape);
      x = runPrepared(cl, p, x);
      prepared.push(p);
      outputs.push(x);
    } catch (e) {
      return {
        outputs: [...outputs, ...layers.slice(i).map(() => null)], prepared, error: { index: i, ...errorInfo(e) },
      };
    }
  }
  return { outputs, prepared, error: null };
}

// ---------------------------------------------------------------------------------------------
// Model summary and module text
// ---------------------------------------------------------------------------------------------

/** The keyword order of image mode's ConvTranspose2d text (dilation before groups, as it has always been written). */
const TRANSPOSED_ORDER = ['kernel_size', 'stride', 'padding', 'output_padding', 'dilation', 'groups', 'bias'];

/**
 * The torch.nn constructor call of a prepared layer, e.g. "Conv2d(3, 1, kernel_size=3,
 * padding='same', bias=False)": kernel_size always, other arguments when not PyTorch's default.
 * ConvTranspose2d's output_size (a forward() argument) appears as the output_padding it solves to.
 */
export function moduleCall(layer, p) {
  const values = { ...layer, bias: layer.bias !== null };
  if (CONV_OPS.includes(layer.op)) {
    Object.assign(values, {
      in_channels: p.inChannels, out_channels: p.outChannels, kernel_size: p.kernelSize, groups: p.groups,
    });

  }
  if (layer.op === 'convTranspose2d') values.output_padding = p.outputPadding;
  return opModuleCall(layer.op, values, { omitDefaults: true, order: layer.op === 'convTranspose2d' ? TRANSPOSED_ORDER : null });
}

/**
 * The model summary: one row per layer { index, module, shape, params, formula, error }, shapes
 * chained from `inputShape` with the API's outputShape, parameters from its parameterCount. Rows
 * after a failing layer have shape null and error 'not run'. Never throws.
 */
export function summarize(cl, inputShape, layers) {
  const rows = [];
  let shape = inputShape;
  for (const [index, layer] of layers.entries()) {
    if (!shape) {
      rows.push({ index, module: `${OP_TABLE[layer.op].module}(…)`, shape: null, params: null, formula: '', error: null, skipped: true });
      continue;
    }
    try {
      const p = prepareLayer(cl, layer, shape);
      rows.push({ index, module: moduleCall(layer, p), shape: p.outShape, params: p.params ? p.params.total : 0, formula: p.params?.formula ?? '', error: null, outputPadding: p.outputPadding });
      shape = p.outShape;
    } catch (e) {
      rows.push({ index, module: `${OP_TABLE[layer.op].module}(…)`, shape: null, params: null, formula: '', error: errorInfo(e) });
      shape = null;
    }
  }
  return rows;
}

