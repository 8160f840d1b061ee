// What TensorBoard shows for `writer.add_images(tag, imgs, step)` (dataformats 'NCHW'), reproduced
// from torch/utils/tensorboard: summary.image() → convert_to_HWC() → _utils.make_grid(I, ncols=8),
// then `(tensor.astype(np.float32) * 255).clip(0, 255).astype(np.uint8)`. So:
// - grid: ncols = min(N, 8) columns, ceil(N / ncols) rows, tiles side by side with no padding, cells
//   without an image black (np.zeros); a 1-channel batch is repeated to 3 channels; any other channel
//   count is refused, as make_grid asserts;
// - conversion per value v (float32): float32(v · 255) (one float32 multiply, as numpy does), clip to
//   [0, 255], then truncation toward zero (astype(uint8)): 0.999 → 254, 1 → 255, −0.5 → 0, +∞ → 255,
//   −∞ → 0. NaN survives clip and its cast to uint8 is undefined in C; numpy gives 0 on x86-64 and
//   arm64 (with a RuntimeWarning), so NaN → 0 here.
// The picture is RGB (colorspace 3), as make_image stores it. Pure (no DOM).

/** make_grid's number of columns for add_images. */
export const TENSORBOARD_COLUMNS = 8;

/// The uint8 TensorBoard stores for a float32 value `v` (see the header for NaN and ±∞).
export function tensorboardByte(v) {
  const scaled = Math.fround(Math.fround(v) * 255);
  if (!(scaled > 0)) return 0; // negatives, −0, −∞ and NaN
  if (scaled >= 255) return 255;
  return Math.trunc(scaled);
}

/**
 * The grid add_images writes for `tensor` ({ data: Float32Array|number[], shape: [N, C, H, W] }, C 1
 * or 3): { width, height, rgb } with rgb the picture's bytes in row-major RGB order (H×W×3), width =
 * W·min(N, 8), height = H·ceil(N / min(N, 8)). Throws on another rank, C ∉ {1, 3} or N = 0.
 */
export function tensorboardImageGrid(tensor) {
  const { data, shape } = tensor;
  if (shape.length !== 4) throw new RangeError(`add_images expects an NCHW tensor (4 dimensions), got shape [${shape.join(', ')}]`);
  const [n, c, h, w] = shape;
  if (c !== 1 && c !== 3) throw new RangeError(`add_images shows 1 or 3 channels (make_grid asserts I.shape[1] == 3), got ${c}`);
  if (n < 1) throw new RangeError('add_images needs at least one image');
  const ncols = Math.min(n, TENSORBOARD_COLUMNS);
  const nrows = Math.ceil(n / ncols);
  const width = w * ncols;
  const height = h * nrows;
  const rgb = new Uint8Array(width * height * 3); // black fill, as np.zeros
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const x0 = (i % ncols) * w;
    const y0 = Math.floor(i / ncols) * h;
    for (let ch = 0; ch < 3; ch++) {
      const src = (i * c + (c === 1 ? 0 : ch)) * plane;
      for (let y = 0; y < h; y++) {
        let out = ((y0 + y) * width + x0) * 3 + ch;
        for (let x = 0; x < w; x++, out += 3) rgb[out] = tensorboardByte(data[src + y * w + x]);
      }
    }
  }
  return { width, height, rgb };
}

/// RGB bytes (H×W×3) as opaque RGBA (H×W×4), e.g. for an ImageData.
export function rgbToRgba(rgb) {
  const n = rgb.length / 3;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    rgba[4 * i] = rgb[3 * i];
    rgba[4 * i + 1] = rgb[3 * i + 1];
    rgba[4 * i + 2] = rgb[3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
