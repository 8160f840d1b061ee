// A PNG encoder for the event file's images (8-bit RGB or RGBA, no interlace, filter 0 on every row):
// the pixels are zlib-compressed by the platform's CompressionStream('deflate') (browsers and Node ≥ 18),
// so no deflate code ships; the chunk CRCs use the CRC-32 of the ZIP export. The web code had no PNG
// writer of its own (the page's PNG exports go through canvas.toBlob, which a worker's data path
// cannot use for exact bytes). Pure (no DOM).
import { crc32 } from '../../ui/model/crc32.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type, body) {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/// zlib-format (RFC 1950) deflate of `bytes` through CompressionStream('deflate').
export async function zlibDeflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * PNG bytes of a picture: `pixels` row-major with `channels` bytes per pixel (3 = RGB, 4 = RGBA).
 * Throws a RangeError when the sizes do not match.
 */
export async function encodePng({ width, height, channels, pixels }) {
  if (channels !== 3 && channels !== 4) throw new RangeError(`PNG channels must be 3 or 4, got ${channels}`);
  if (!(width > 0 && height > 0) || pixels.length !== width * height * channels) {
    throw new RangeError(`${pixels.length} bytes for a ${width}×${height} picture of ${channels} channels`);
  }
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1)); // each row: filter byte 0 (None), then the row
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 3 ? 2 : 6; // colour type: truecolour / truecolour with alpha
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', await zlibDeflate(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
