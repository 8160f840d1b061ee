// The link from a layer's output pixel to the playground's arithmetic view of it: the layer's op
// and arguments under the playground's field names, one batch item of the layer's input, its
// weight and bias, and `select` = the pointed output element. Pure (no DOM, no wasm).
import { CONV_OPS, effectiveKernelSize } from './layers.js';
import { layerChannels, layerWeights } from './pipeline.js';
import { LIMITS, defaultState, serializeHash } from '../ui/model/state.js';
import { fromNumbers } from '../ui/model/tensors.js';

const count = (shape) => shape.reduce((a, b) => a * b, 1);
const pair = (v) => [v[0], v[1]];

/** The playground arguments of an image-mode layer (PyTorch's names on both sides). */
function playgroundFields(layer) {
  const f = { op: layer.op, kernel_size: pair(effectiveKernelSize(layer)) };
  f.stride = layer.stride ? pair(layer.stride) : null;
  f.padding = typeof layer.padding === 'string' ? layer.padding : pair(layer.padding);
  if (layer.op !== 'avgPool2d') f.dilation = pair(layer.dilation);
  if (layer.op === 'conv2d') f.padding_mode = layer.padding_mode;
  if (layer.op === 'convTranspose2d') {
    f.output_padding = pair(layer.output_padding);
    f.output_size = layer.output_size ? pair(layer.output_size) : null;
  }
  if (layer.op === 'maxPool2d' || layer.op === 'avgPool2d') f.ceil_mode = layer.ceil_mode;
  if (layer.op === 'avgPool2d') {
    f.count_include_pad = layer.count_include_pad;
    f.divisor_override = layer.divisor_override;
  }
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
  s.tensors = { ...s.tensors, input: fromNumbers([1, C, H, W], Array.from(input.data.subarray(n * per, (n + 1) * per))) };
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
 * { tooLarge: elements, text } when the playground cannot take the layer's input.
 */
export function explainLink(args) {
  const r = explainState(args);
  if (r.tooLarge) {
    return { tooLarge: r.tooLarge, text: `too large for the playground (${r.tooLarge.toLocaleString('en-US')} elements; it takes up to ${LIMITS.tensorElements.toLocaleString('en-US')})` };
  }
  return { href: `../#${serializeHash(r.state)}`, state: r.state };
}
