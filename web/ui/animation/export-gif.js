// A small animated-GIF (GIF89a) encoder for the animation export: a fixed palette built from the
// figure's own colours and their blends (so flat areas keep their exact colour, anti-aliased text
// and edges map to the nearest blend), LZW compression, and per-frame boxes of the pixels that
// changed. Pure (no DOM) and deterministic: the same frames give the same bytes.

const hex = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/**
 * A palette of at most 256 colours: `colors` ('#rrggbb') first, then blends of each with each of
 * `inks` at 1/2, 1/4 and 3/4. Returns { rgb: Uint8Array(768), size }.
 */
export function blendPalette(colors, inks = colors) {
  const seen = new Set();
  const list = [];
  const add = (rgb) => {
    const key = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
    if (list.length < 256 && !seen.has(key)) {
      seen.add(key);
      list.push(rgb);
    }
  };
  const base = colors.map(hex);
  for (const c of base) add(c);
  for (const f of [0.5, 0.25, 0.75]) {
    for (const a of base) for (const b of inks.map(hex)) add(a.map((v, i) => Math.round(v * (1 - f) + b[i] * f)));
  }
  const rgb = new Uint8Array(768);
  list.forEach((c, i) => rgb.set(c, i * 3));
  return { rgb, size: list.length };
}

/** Maps RGBA pixels (alpha ignored: frames are opaque) to palette indices, nearest colour first found. */
export function indexPixels(rgba, palette) {
  const n = rgba.length >> 2;
  const out = new Uint8Array(n);
  const cache = new Map();
  const { rgb, size } = palette;
  for (let p = 0; p < n; p++) {
    const r = rgba[p * 4];
    const g = rgba[p * 4 + 1];
    const b = rgba[p * 4 + 2];
    const key = (r << 16) | (g << 8) | b;
    let best = cache.get(key);
    if (best === undefined) {
      let bestD = Infinity;
      for (let i = 0; i < size; i++) {
        const dr = r - rgb[i * 3];
        const dg = g - rgb[i * 3 + 1];
        const db = b - rgb[i * 3 + 2];
        const d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      cache.set(key, best);
    }
    out[p] = best;
  }
  return out;
}

/** GIF's LZW of 8-bit indices, as data sub-blocks (without the minimum-code-size byte). */
export function lzw(indices) {
  const MIN = 8;
  const CLEAR = 1 << MIN;
  const EOI = CLEAR + 1;
  const bytes = [];
  let acc = 0;
  let bits = 0;
  let size = MIN + 1;
  const emit = (code) => {
    acc |= code << bits;
    bits += size;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  let dict = new Map();
  let next = EOI + 1;
  emit(CLEAR);
  if (indices.length) {
    let prefix = indices[0];
    for (let i = 1; i < indices.length; i++) {
      const k = indices[i];
      const key = prefix * 256 + k;
      const code = dict.get(key);
      if (code !== undefined) {
        prefix = code;
        continue;
      }
      emit(prefix);
      // the decoder adds one entry per code read and widens its codes when the table reaches 2^size
      if (next >= 1 << size && size < 12) size++;
      if (next < 4096) dict.set(key, next++);
      else {
        emit(CLEAR);
        dict = new Map();
        next = EOI + 1;
        size = MIN + 1;
      }
      prefix = k;
    }
    emit(prefix);
    if (next >= 1 << size && size < 12) size++;
  }
  emit(EOI);
  if (bits > 0) bytes.push(acc & 0xff);
  const out = [];
  for (let i = 0; i < bytes.length; i += 255) {
    const block = bytes.slice(i, i + 255);
    out.push(block.length, ...block);
  }
  out.push(0);
  return out;
}

/** The box of pixels that differ between two index frames (null when equal). */
function changedBox(a, b, width, height) {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (a[row + x] !== b[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

const u16 = (v) => [v & 0xff, (v >> 8) & 0xff];

/**
 * Encodes frames as an animated GIF. opts: { width, height, frames: [{ rgba, delay (ms) }],
 * palette (blendPalette()), loop (default true: repeat forever; false: play once) }.
 * Every frame is a full width × height RGBA image; each is stored as the box that changed.
 * Returns the file as a Uint8Array.
 */
export function encodeGif({ width, height, frames, palette, loop = true }) {
  if (!(width >= 1 && height >= 1 && width < 65536 && height < 65536)) throw new RangeError(`bad GIF size ${width}×${height}`);
  const out = [...'GIF89a'].map((ch) => ch.charCodeAt(0));
  out.push(...u16(width), ...u16(height), 0xf7, 0, 0); // global colour table of 256 entries
  for (const v of palette.rgb) out.push(v);
  if (loop) out.push(0x21, 0xff, 0x0b, ...[...'NETSCAPE2.0'].map((ch) => ch.charCodeAt(0)), 0x03, 0x01, 0, 0, 0);
  let prev = null;
  for (const f of frames) {
    if (f.rgba.length !== width * height * 4) throw new RangeError(`a frame has ${f.rgba.length} bytes, not ${width * height * 4}`);
    const idx = indexPixels(f.rgba, palette);
    const box = prev
      ? changedBox(prev, idx, width, height) ?? { x: 0, y: 0, w: 1, h: 1 }
      : { x: 0, y: 0, w: width, h: height };
    const cs = Math.max(2, Math.round((f.delay ?? 100) / 10)); // browsers treat 0–1 cs as 10 cs
    out.push(0x21, 0xf9, 0x04, 0x04, ...u16(cs), 0, 0); // disposal 1: keep the frame under the next one
    out.push(0x2c, ...u16(box.x), ...u16(box.y), ...u16(box.w), ...u16(box.h), 0);
    const sub = new Uint8Array(box.w * box.h);
    for (let y = 0; y < box.h; y++) {
      const row = (box.y + y) * width + box.x;
      sub.set(idx.subarray(row, row + box.w), y * box.w);
    }
    out.push(8);
    const data = lzw(sub);
    for (let i = 0; i < data.length; i++) out.push(data[i]);
    prev = idx;
  }
  out.push(0x3b);
  return Uint8Array.from(out);
}
