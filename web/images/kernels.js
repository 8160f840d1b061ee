// Weight presets of image mode's Conv2d / ConvTranspose2d layers: a 2-D kernel (identity, box
// blur, Gaussian, sharpen, Sobel x/y, Laplacian, emboss, bilinear, or the user's own numbers) and a
// channel mode that turns it into the layer's 4-D weight. Pure (no DOM, no wasm).
//
// Channel modes (C = the layer's input channels):
//   depthwise  C → C, groups = C: the kernel on every channel by itself (RGB stays RGB)
//   luminance  C → 1: the kernel on the luminance (ITU-R BT.601 weights for C = 3, the mean otherwise)
//   mean       C → out_channels (with groups): the kernel on the mean of each group's input channels
//   random     C → out_channels (with groups): seeded uniform(−1/√fan_in, 1/√fan_in), PyTorch's
//              default init range (not its values); the kernel preset is not used
import { mulberry32 } from '../ui/model/random.js';

/**
 * The 2-D kernel presets (names: strings.js, kernel_<id>). `sized`: the kernel size is the layer's
 * kernel_size; otherwise fixed.
 */
export const KERNELS = Object.freeze([
  { id: 'identity', sized: true },
  { id: 'box', sized: true },
  { id: 'gaussian', sized: true },
  { id: 'sharpen', fixed: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] },
  { id: 'sobel_x', fixed: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]] },
  { id: 'sobel_y', fixed: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]] },
  { id: 'laplacian', fixed: [[0, 1, 0], [1, -4, 1], [0, 1, 0]] },
  { id: 'emboss', fixed: [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]] },
  { id: 'bilinear', sized: true },
]);

/** The channel modes, in the order the page offers them (names: strings.js, channels_<id>). */
export const CHANNEL_MODES = Object.freeze([
  { id: 'depthwise' },
  { id: 'luminance' },
  { id: 'mean' },
  { id: 'random' },
]);

/** BT.601 luma weights, for RGB inputs of the luminance mode. */
export const LUMA = Object.freeze([0.299, 0.587, 0.114]);

/** The preset with this id (undefined for unknown ids). */
export function kernelPreset(id) {
  return KERNELS.find((k) => k.id === id);
}

/**
 * The 2-D kernel of a preset at `[kh, kw]` (sized presets) as rows of numbers. Gaussian: σ from
 * the size as OpenCV's getGaussianKernel does (0.3·((k − 1)/2 − 1) + 0.8), normalised to sum 1.
 * Bilinear: FCN's upsampling kernel. Throws on an unknown id.
 */
export function kernel2d(id, [kh, kw] = [3, 3]) {
  const p = kernelPreset(id);
  if (!p) throw new Error(`unknown kernel preset '${id}'`);
  if (p.fixed) return p.fixed.map((r) => [...r]);
  const rows = [];
  if (id === 'identity') {
    const cy = Math.floor((kh - 1) / 2);
    const cx = Math.floor((kw - 1) / 2);
    for (let y = 0; y < kh; y++) rows.push(Array.from({ length: kw }, (_, x) => (y === cy && x === cx ? 1 : 0)));
  } else if (id === 'box') {
    for (let y = 0; y < kh; y++) rows.push(new Array(kw).fill(1 / (kh * kw)));
  } else if (id === 'gaussian') {
    const g = (k) => {
      const sigma = 0.3 * ((k - 1) * 0.5 - 1) + 0.8;
      const v = Array.from({ length: k }, (_, i) => Math.exp(-((i - (k - 1) / 2) ** 2) / (2 * sigma * sigma)));
      const s = v.reduce((a, b) => a + b, 0);
      return v.map((x) => x / s);
    };
    const gy = g(kh);
    const gx = g(kw);
    for (let y = 0; y < kh; y++) rows.push(gx.map((x) => gy[y] * x));
  } else if (id === 'bilinear') {
    const b = (k) => {
      const f = Math.ceil(k / 2);
      const c = (2 * f - 1 - (f % 2)) / (2 * f);
      return Array.from({ length: k }, (_, i) => 1 - Math.abs(i / f - c));
    };
    const by = b(kh);
    const bx = b(kw);
    for (let y = 0; y < kh; y++) rows.push(bx.map((x) => by[y] * x));
  }
  return rows;
}

/** The weight's shape for a conv op: conv2d [O, C/g, kh, kw]; convTranspose2d [C, O/g, kh, kw]. */
export function weightShape(op, inChannels, outChannels, groups, [kh, kw]) {
  return op === 'convTranspose2d' ? [inChannels, outChannels / groups, kh, kw] : [outChannels, inChannels / groups, kh, kw];
}

/**
 * Expands a 2-D kernel (rows) into the 4-D weight of a conv layer. `spec`: { op, mode, inChannels,
 * outChannels, groups, seed, kernelSize } (outChannels and groups are used by 'mean' and 'random';
 * depthwise and luminance set their own). Returns { shape, data, outChannels, groups }. Throws when
 * the groups do not divide the channels (callers ask the API first, for PyTorch's message).
 */
export function buildWeight(kernel, { op, mode, inChannels, outChannels, groups, seed = 0, kernelSize }) {
  let O = outChannels;
  let g = groups;
  if (mode === 'depthwise') {
    O = inChannels;
    g = inChannels;
  } else if (mode === 'luminance') {
    O = 1;
    g = 1;
  }
  if (!(g >= 1) || inChannels % g !== 0 || O % g !== 0) throw new Error(`groups=${g} does not divide in_channels=${inChannels} and out_channels=${O}`);
  const size = mode === 'random' ? kernelSize : [kernel.length, kernel[0].length];
  const [kh, kw] = size;
  const shape = weightShape(op, inChannels, O, g, size);
  const data = new Float32Array(shape[0] * shape[1] * kh * kw);
  const taps = kh * kw;
  const inPerGroup = inChannels / g;
  // fill weight[a, b] (a = shape[0] index, b = shape[1] index) with `scale` × kernel
  const put = (a, b, scale) => {
    const base = (a * shape[1] + b) * taps;
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) data[base + y * kw + x] = scale * kernel[y][x];
  };
  if (mode === 'random') {
    const next = mulberry32(seed);
    const bound = 1 / Math.sqrt(inPerGroup * taps);
    for (let i = 0; i < data.length; i++) data[i] = (2 * next() - 1) * bound;
  } else if (mode === 'depthwise') {
    for (let c = 0; c < inChannels; c++) put(c, 0, 1);
  } else if (mode === 'luminance') {
    const w = inChannels === 3 ? LUMA : new Array(inChannels).fill(1 / inChannels);
    // conv2d: [1, C, kh, kw]; convTranspose2d: [C, 1, kh, kw]
    for (let c = 0; c < inChannels; c++) (op === 'convTranspose2d' ? put(c, 0, w[c]) : put(0, c, w[c]));
  } else if (mode === 'mean') {
    for (let a = 0; a < shape[0]; a++) for (let b = 0; b < shape[1]; b++) put(a, b, 1 / inPerGroup);
  } else {
    throw new Error(`unknown channel mode '${mode}'`);
  }
  return { shape, data, outChannels: O, groups: g };
}
