// State → convlens calls → a result the views draw. Pure (no DOM): takes the loaded API `cl`.
// Everything numeric comes from the public API (outputShape, parameterCount, the op itself); this
// module only translates names (PyTorch's snake_case → convlens' camelCase) and orders the checks.
import { LIMITS, outChannels } from './state.js';
import { CONV_OPS, apiOptions as opApiOptions, parameterSpec, poolKind } from './ops.js';
import { count, firstInvalid } from './tensors.js';

/**
 * @typedef {import('./types.d.ts').PlaygroundState} PlaygroundState
 * @typedef {import('./types.d.ts').EvaluateResult} EvaluateResult
 * @typedef {import('./types.d.ts').Convlens} Convlens
 */

/**
 * The convlens options of a state's op (only the arguments that op has; ops.js maps the names).
 * @param {PlaygroundState} s
 * @returns {any} the options of s.op's call (Conv2dOptions, MaxPool2dOptions, …: index.d.ts)
 */
export function apiOptions(s) {
  return opApiOptions(s.op, s);
}

/**
 * The data-free spec of outputShape / receptiveField for a state.
 * @param {PlaygroundState} s
 * @returns {any} a ShapeSpec (index.d.ts) of the state's op
 */
export function apiSpec(s, inputShape = s.tensors.input.shape) {
  /** @type {Record<string, any>} */
  const spec = { op: s.op, inputShape, ...apiOptions(s) };
  if (CONV_OPS.includes(s.op)) {
    spec.weightShape = s.tensors.weight.shape;
    spec.bias = s.bias;
  }
  return spec;
}

/**
 * A key that changes exactly when the receptive-field map can change (shapes and options, not data).
 * @param {PlaygroundState} s
 */
export function shapeKey(s) {
  return JSON.stringify(apiSpec(s));
}

/** @param {import('./types.d.ts').PlaygroundTensor} t */
const asTensor = (t) => ({ shape: t.shape, data: t.values });

/** @returns {EvaluateResult} */
function failure(err, extra = {}) {
  return {
    ok: false,
    error: { code: err.code ?? 'INTERNAL', message: err.message ?? String(err), argument: err.argument, ...extra },
  };
}

/**
 * Runs the state's op. Returns
 *   { ok: true, output, indices?, info, params? }  (info: outputShape's result; params: parameterCount's)
 *   { ok: false, error: { code, message, fields, tensor?, cell? } }
 * Checks, in order: cells that are not numbers, nn.Conv2d's constructor (parameterCount), the
 * output shape (every option), the playground's output limit, then the op itself.
 * @param {Convlens} cl
 * @param {PlaygroundState} s
 * @returns {EvaluateResult}
 */
export function evaluate(cl, s) {
  const unpool = s.op === 'maxUnpool2d';
  const tensorNames = CONV_OPS.includes(s.op) ? ['input', 'weight', ...(s.bias ? ['bias'] : [])]
    : unpool && s.tensors.indices ? ['input', 'indices'] : ['input'];
  for (const name of tensorNames) {
    const bad = firstInvalid(s.tensors[name]);
    if (bad) {
      return {
        ok: false,
        error: { code: 'INVALID_CELL', message: '', tensor: name, cell: bad },
      };
    }
  }
  try {
    let params;
    if (CONV_OPS.includes(s.op)) {
      params = cl.parameterCount(parameterSpec(s.op, s));
    }
    let x = asTensor(s.tensors.input);
    let pooled = /** @type {any} */ (null);
    if (unpool) {
      // MaxUnpool2d's x and indices: max pooling of the input with the same window (or the indices typed)
      const window = /** @type {any} */ ({ kernelSize: s.kernel_size, stride: s.stride, padding: s.padding });
      pooled = cl.maxPool2d(x, { ...window, returnIndices: true });
      if (s.tensors.indices) pooled.indices = asTensor(s.tensors.indices);
      x = pooled.output;
    }
    const info = cl.outputShape(apiSpec(s, x.shape));
    const n = count(info.shape);
    if (n > LIMITS.outputElements) {
      return {
        ok: false,
        error: { code: 'TOO_LARGE', message: '', limit: { shape: info.shape, max: LIMITS.outputElements } },
      };
    }
    const o = apiOptions(s);
    let output;
    let indices;
    // the op by its name: each takes (input, weight, options) or (input, options), as its family says
    const run = /** @type {any} */ (cl)[s.op];
    if (CONV_OPS.includes(s.op)) {
      output = run(x, asTensor(s.tensors.weight), { ...o, bias: s.bias ? s.tensors.bias.values : null });
    } else if (unpool) {
      output = run(x, pooled.indices, o);
      indices = pooled.indices;
    } else if (poolKind(s.op) === 'max') {
      // the max pools always with indices: the explanation shows PyTorch's own winner
      ({ output, indices } = run(x, { ...o, returnIndices: true }));
    } else {
      output = run(x, o);
    }
    return { ok: true, output, indices, info, params, channels: outChannels(s), pooled: pooled?.output };
  } catch (err) {
    if (err && err.name === 'ConvlensError') return failure(err);
    throw err;
  }
}

/** What a failed evaluate() says to the reader, in `t`'s language (t(key, params) → string). */
export function errorText(t, error) {
  if (error.code === 'INVALID_CELL') return t('invalidCell', { cell: `${error.tensor}[${error.cell.position.join(', ')}]`, text: error.cell.text });
  if (error.code === 'TOO_LARGE' && error.limit) return t('tooLargeOutput', { shape: error.limit.shape.join(', '), max: error.limit.max });
  return t('errorFrom', { message: error.message });
}

/**
 * A result's output as the mounts hand it out (app.js, figure.js `output`): a copy, { shape, data }; null when it
 * failed.
 */
export function outputCopy(result) {
  return result?.ok ? { shape: [...result.output.shape], data: Float32Array.from(result.output.data) } : null;
}
