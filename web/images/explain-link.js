// The link from a layer's output pixel to the playground's arithmetic view of it: the layer's op
// and arguments under the playground's field names, one batch item of the layer's input, its
// weight and bias, and `select` = the pointed output element. Pure (no DOM, no wasm).
import { effectiveKernelSize } from './layers.js';
import { CONV_OPS, OP_TABLE } from '../ui/model/ops.js';
import { layerChannels, layerWeights } from './pipeline.js';
import { LIMITS, PLAYGROUND_OPS, defaultState, serializeHash } from '../ui/model/state.js';
import { fromNumbers } from '../ui/model/tensors.js';

const count = (shape) => shape.reduce((a, b) => a * b, 1);
const copy = (v) => (Array.isArray(v) ? [...v] : v);

/**
 * The playground arguments of an image-mode layer (PyTorch's names on both sides): the op's
 * arguments the layer has, with the kernel size its weight has. The channels, groups and bias
 * (a value in image mode, a flag in the playground) are set from the layer's weights.
 */
function playgroundFields(layer) {
  const f = { op: layer.op };
  for (const a of OP_TABLE[layer.op].args) {
    if (layer[a.name] !== undefined && !a.positional && !a.data) f[a.name] = copy(layer[a.name]);
  }
  f.kernel_size = copy(effectiveKernelSize(layer));
  return f;
}

/**
 * The playground state for output element (c, y, x) of batch item n of a layer: `input` is the
 * layer's input tensor ({ shape [N, C, H, W], data }), `outShape` its output's shape. Returns
 * { state } or { tooLarge: elements } when the input (or weight) exceeds the playground's limit.
 */
export function explainState({ layer, input, outShape, n, c, y, x }) {
  const [, C, H, W] = input.shape;
  const [, OC, OH, OW] = outShape;
  const per = C * H * W;
  if (per > LIMITS.tensorElements) return { tooLarge: per };
  const { outChannels, groups } = layerChannels(layer, C);
  const { weight, bias } = layerWeights(layer, C);
  if (weight && count(weight.shape) > LIMITS.tensorElements) return { tooLarge: count(weight.shape) };
  const s = { ...defaultState(), ...playgroundFields(layer), batch: 1, in_channels: C, input_size: [H, W] };
  const image = Array.from(input.data.subarray(n * per, (n + 1) * per));
  s.tensors = { ...s.tensors, input: fromNumbers([1, C, H, W], image) };
  if (CONV_OPS.includes(layer.op)) {
    Object.assign(s, { out_channels: outChannels, groups, bias: bias !== null });
    s.tensors.weight = fromNumbers(weight.shape, Array.from(weight.data));
    if (bias) s.tensors.bias = fromNumbers([outChannels], Array.from(bias));
  }
  s.select = c * OH * OW + y * OW + x;
  if (!(c < OC && s.select < LIMITS.outputElements)) s.select = null;
  return { state: s };
}

/**
 * The readout's link for a layer's output pixel: { href: '../#…' } (relative to /images/), or
 * { tooLarge: elements, text } when the playground cannot take the layer's input; null for a layer
 * whose op the playground does not offer.
 */
export function explainLink(args) {
  if (!PLAYGROUND_OPS.includes(args.layer.op)) return null; // an op the playground does not draw yet
  const r = explainState(args);
  if (r.tooLarge) {
    return { tooLarge: r.tooLarge, text: `too large for the playground (${r.tooLarge.toLocaleString('en-US')} elements; it takes up to ${LIMITS.tensorElements.toLocaleString('en-US')})` };
  }
  return { href: `../#${serializeHash(r.state)}`, state: r.state };
}
