// Tensors → pixels, the way torchvision shows them: a layer [N, C, H, W] becomes tiles (one per
// image when it has 3 channels and colour is on, else one grey tile per (image, channel)),
// normalised as torchvision.utils.make_grid(normalize=True) does, bytes as save_image makes them
// (float32 arithmetic mimicked with Math.fround). gridRGBA() lays the tiles out exactly like
// make_grid(nrow, padding=2, pad_value=0), so the PNG export equals
//   save_image(x, path, nrow=…, normalize=True, scale_each=…, value_range=…)
// Pure (no DOM): the worker renders tiles with it, the page builds the PNG export with it.
// The 'tensorboard' normalisation is add_images' instead (tensorboard-images.js): colour for 3
// channels, values ⌊clip(v·255, 0, 255)⌋, and its grid of 8 columns without gaps.
import { rgbToRgba, tensorboardByte, tensorboardImageGrid } from './data/tensorboard-images.js';

/**
 * The normalisations (names: strings.js, norm_<id>): per image = scale_each=True; per batch = one range;
 * fixed = value_range; tensorboard = add_images.
 */
export const NORMS = Object.freeze([
  { id: 'image' },
  { id: 'batch' },
  { id: 'fixed' },
  { id: 'tensorboard' },
]);

/** At most this many channels of an image are shown (and exported) as grey tiles. */
export const MAX_CHANNELS = 16;
/** make_grid's padding and pad value of the PNG export. */
export const GRID_PADDING = 2;
/** make_grid's default images per row (colour tiles, one-channel layers). */
export const RGB_PER_ROW = 8;
/** The colour of NaN pixels (magenta): no normalisation maps a number there in grey tiles. */
export const NAN_RGB = Object.freeze([255, 0, 255]);

const f32 = Math.fround;

/**
 * The tiles a layer of `shape` [N, C, H, W] shows. `rgb`: show 3-channel layers as colour.
 * Returns { rgb, tiles: [{ n, c }] (c null for a colour tile), channelsShown, nrow (make_grid's:
 * the channels when there are several, else RGB_PER_ROW images), rowPerImage, width, height }.
 * @param {number[]} shape
 * @param {{ rgb?: boolean, norm?: string }} [options] `norm` 'tensorboard': add_images' grid (8 a row)
 */
export function tilesOf(shape, { rgb = true, norm } = {}) {
  const [N, C, H, W] = shape;
  const colour = (rgb || norm === 'tensorboard') && C === 3;
  const tiles = [];
  const channelsShown = colour ? 3 : Math.min(C, MAX_CHANNELS);
  for (let n = 0; n < N; n++) {
    if (colour) tiles.push({ n, c: null });
    else for (let c = 0; c < channelsShown; c++) tiles.push({ n, c });
  }
  // a row per image when it has several channels; otherwise images side by side, as make_grid's default
  const nrow = !colour && channelsShown > 1 ? channelsShown : RGB_PER_ROW;
  return {
    rgb: colour, tiles, channelsShown, nrow, rowPerImage: nrow === channelsShown && !colour, width: W, height: H,
  };
}

/** The planes (channel indices) a tile reads. */
function planesOf(tile) {
  return tile.c === null ? [0, 1, 2] : [tile.c];
}

/** Min and max of the finite values of some planes of image n; [0, 0] when there are none. */
function finiteRange(tensor, n, planes) {
  const [, C, H, W] = tensor.shape;
  const hw = H * W;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of planes) {
    const base = (n * C + c) * hw;
    for (let i = base; i < base + hw; i++) {
      const v = tensor.data[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  // ±∞ values are clamped like any other; a NaN never wins a comparison
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (const c of planes) {
      const base = (n * C + c) * hw;
      for (let i = base; i < base + hw; i++) {
        const v = tensor.data[i];
        if (Number.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * The [lo, hi] of each tile. norm 'image': each tile's own min and max (a colour tile's over its 3
 * channels); 'batch': one min and max over all tiles; 'fixed': `range` ([lo, hi]) for all.
 */
export function tileRanges(tensor, tiles, { norm = 'image', range = [0, 1] } = {}) {
  if (norm === 'tensorboard') return tiles.map(() => [0, 1]);
  if (norm === 'fixed') return tiles.map(() => [range[0], range[1]]);
  const own = tiles.map((t) => finiteRange(tensor, t.n, planesOf(t)));
  if (norm === 'image') return own;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [a, b] of own) {
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  return tiles.map(() => [lo, hi]);
}

/**
 * One value → a byte, as make_grid + save_image: clamp to [lo, hi], subtract lo, divide by
 * max(hi − lo, 1e-5), × 255 + 0.5, clamp to [0, 255], truncate. In float32 like torch.
 */
export function toByte(v, lo, hi) {
  const flo = f32(lo);
  const span = f32(Math.max(hi - lo, 1e-5));
  const x = v < flo ? flo : v > f32(hi) ? f32(hi) : v;
  const t = f32(f32(x - flo) / span);
  const b = f32(f32(t * 255) + 0.5);
  return b <= 0 ? 0 : b >= 255 ? 255 : Math.trunc(b);
}

/**
 * A tile's pixels as RGBA bytes (W×H×4, opaque): grey tiles repeat their channel in R, G and B.
 * `norm` 'tensorboard' converts as add_images does (⌊clip(v·255)⌋, NaN → 0) and ignores [lo, hi].
 * Written into `out` when given (W×H×4 bytes, say one tile's part of an atlas), else into new bytes.
 */
export function tileRGBA(tensor, tile, [lo, hi], norm, out = null) {
  const [, C, H, W] = tensor.shape;
  const hw = H * W;
  out ??= new Uint8ClampedArray(hw * 4);
  const data = tensor.data;
  if (norm === 'tensorboard') {
    for (const [k, c] of planesOf(tile).entries()) {
      const base = (tile.n * C + c) * hw;
      for (let i = 0; i < hw; i++) {
        const b = tensorboardByte(data[base + i]);
        if (tile.c === null) out[4 * i + k] = b;
        else out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = b;
      }
    }
    for (let i = 3; i < out.length; i += 4) out[i] = 255;
    return out;
  }
  // toByte() inlined, its constants hoisted (the same float32 steps, so the same bytes)
  const flo = f32(lo);
  const fhi = f32(hi);
  const span = f32(Math.max(hi - lo, 1e-5));
  const byte = (v) => {
    const x = v < flo ? flo : v > fhi ? fhi : v;
    const b = f32(f32(f32(f32(x - flo) / span) * 255) + 0.5);
    return b <= 0 ? 0 : b >= 255 ? 255 : Math.trunc(b);
  };
  const planes = planesOf(tile);
  for (const [k, c] of planes.entries()) {
    const base = (tile.n * C + c) * hw;
    for (let i = 0; i < hw; i++) {
      const v = data[base + i];
      const o = 4 * i;
      if (v !== v) { // NaN
        if (planes.length === 1) {
          out[o] = NAN_RGB[0]; out[o + 1] = NAN_RGB[1]; out[o + 2] = NAN_RGB[2];
        } else out[o + k] = NAN_RGB[k];
      } else if (planes.length === 1) {
        const b = byte(v);
        out[o] = b; out[o + 1] = b; out[o + 2] = b;
      } else out[o + k] = byte(v);
    }
  }
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return out;
}

/**
 * The tiles of a layer laid out as make_grid(nrow, padding=2, pad_value=0) does (a single tile has
 * no padding). Returns { width, height, data: Uint8ClampedArray RGBA, layout: tilesOf(…),
 * ranges, positions: [{ left, top }] }.
 */
export function gridRGBA(tensor, { rgb = true, norm = 'image', range = [0, 1] } = {}) {
  if (norm === 'tensorboard' && (tensor.shape[1] === 1 || tensor.shape[1] === 3)) {
    const g = tensorboardImageGrid(tensor);
    return {
      width: g.width, height: g.height, data: rgbToRgba(g.rgb), layout: tilesOf(tensor.shape, { norm }),
      ranges: null, positions: null,
    };
  }
  const layout = tilesOf(tensor.shape, { rgb });
  const { tiles, width: w, height: h } = layout;
  const ranges = tileRanges(tensor, tiles, { norm, range });
  const pad = tiles.length === 1 ? 0 : GRID_PADDING;
  const xmaps = Math.min(layout.nrow, tiles.length);
  const ymaps = Math.ceil(tiles.length / xmaps);
  const width = xmaps * (w + pad) + pad;
  const height = ymaps * (h + pad) + pad;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255; // pad_value 0, opaque (save_image writes RGB)
  const positions = [];
  tiles.forEach((tile, k) => {
    const left = (k % xmaps) * (w + pad) + pad;
    const top = Math.floor(k / xmaps) * (h + pad) + pad;
    positions.push({ left, top });
    const px = tileRGBA(tensor, tile, ranges[k]);
    for (let y = 0; y < h; y++) data.set(px.subarray(y * w * 4, (y + 1) * w * 4), ((top + y) * width + left) * 4);
  });
  return { width, height, data, layout, ranges, positions };
}

/** The value of element [n, c, y, x] of an NCHW tensor. */
export function valueAt(tensor, n, c, y, x) {
  const [, C, H, W] = tensor.shape;
  return tensor.data[((n * C + c) * H + y) * W + x];
}

/** A value for people: up to 5 significant digits, no exponent for ordinary sizes. */
export function formatValue(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const t = a >= 1e5 || a < 1e-4 ? v.toExponential(3) : String(Number(v.toPrecision(5)));
  return t.replace('-', '−');
}
