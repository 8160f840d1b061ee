// Image mode's rendering (web/images/render.js): normalisation maths (torchvision's make_grid +
// save_image), tile ranges per image / batch / fixed, make_grid's layout, NaN, and PNG round
// trips through fast-png: a rendered grid encodes and decodes to the same bytes, and an image's
// pixels survive decode → tensor → render.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode } from 'fast-png';

import { GRID_PADDING, MAX_CHANNELS, NAN_RGB, formatValue, gridRGBA, tileRGBA, tileRanges, tilesOf, toByte, valueAt } from '../../web/images/render.js';
import { drawSample, rgbaToTensor, stackImages } from '../../web/images/samples.js';
import { mulberry32 } from '../../web/ui/model/random.js';

const tensor = (shape, values) => ({ shape, data: Float32Array.from(values) });

test('toByte: clamp, subtract lo, divide by max(hi − lo, 1e-5), × 255 + 0.5, truncate', () => {
  assert.equal(toByte(0, 0, 1), 0);
  assert.equal(toByte(1, 0, 1), 255);
  assert.equal(toByte(0.5, 0, 1), 128); // 127.5 + 0.5
  assert.equal(toByte(-3, 0, 1), 0);
  assert.equal(toByte(7, 0, 1), 255);
  assert.equal(toByte(0, -1, 1), 128);
  assert.equal(toByte(2, 2, 2), 0); // a constant tile is black, as in make_grid
  assert.equal(toByte(1 / 255, 0, 1), 1);
  assert.equal(toByte(Infinity, 0, 1), 255);
  assert.equal(toByte(-Infinity, 0, 1), 0);
  // every byte value v/255 maps back to v (the decode → render round trip relies on it)
  for (let v = 0; v < 256; v++) assert.equal(toByte(Math.fround(v / 255), 0, 1), v);
});

test('tile ranges: per image (a colour tile over its 3 channels), per batch, fixed', () => {
  // [2, 3, 1, 2]: image 0 in [0, 5], image 1 in [−2, 1]
  const t = tensor([2, 3, 1, 2], [0, 1, 2, 3, 4, 5, -2, -1, 0, 1, 0, 0]);
  const grey = tilesOf(t.shape, { rgb: false });
  assert.deepEqual(grey.tiles.map((x) => [x.n, x.c]), [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
  assert.deepEqual(tileRanges(t, grey.tiles, { norm: 'image' }), [[0, 1], [2, 3], [4, 5], [-2, -1], [0, 1], [0, 0]]);
  assert.deepEqual(tileRanges(t, grey.tiles, { norm: 'batch' }), new Array(6).fill([-2, 5]));
  assert.deepEqual(tileRanges(t, grey.tiles, { norm: 'fixed', range: [-1, 3] }), new Array(6).fill([-1, 3]));
  const colour = tilesOf(t.shape, { rgb: true });
  assert.equal(colour.rgb, true);
  assert.deepEqual(colour.tiles, [{ n: 0, c: null }, { n: 1, c: null }]);
  assert.deepEqual(tileRanges(t, colour.tiles, { norm: 'image' }), [[0, 5], [-2, 1]]);
  // 3 channels but colour off, and other channel counts, are grey; at most MAX_CHANNELS per image
  assert.equal(tilesOf([1, 4, 2, 2]).rgb, false);
  assert.equal(tilesOf([2, 40, 2, 2]).tiles.length, 2 * MAX_CHANNELS);
});

test('NaN pixels are magenta and do not spoil the range; ±∞ clamp', () => {
  const t = tensor([1, 1, 1, 4], [NaN, 0, 2, Infinity]);
  const [tile] = tilesOf(t.shape).tiles;
  const [range] = tileRanges(t, [tile], { norm: 'image' });
  assert.deepEqual(range, [0, 2]);
  const px = tileRGBA(t, tile, range);
  assert.deepEqual([...px.subarray(0, 4)], [...NAN_RGB, 255]);
  assert.deepEqual([...px.subarray(4, 16)], [0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
});

test('gridRGBA lays tiles out like make_grid(nrow, padding=2, pad_value=0)', () => {
  const next = mulberry32(5);
  const t = tensor([2, 5, 3, 4], Array.from({ length: 120 }, () => next() * 4 - 2));
  const g = gridRGBA(t, { rgb: true, norm: 'image' });
  const p = GRID_PADDING;
  assert.equal(g.layout.nrow, 5); // a row per image
  assert.equal(g.width, 5 * (4 + p) + p);
  assert.equal(g.height, 2 * (3 + p) + p);
  assert.deepEqual(g.positions[6], { left: 1 * (4 + p) + p, top: 1 * (3 + p) + p });
  // the padding is opaque black; each tile holds its own bytes
  assert.deepEqual([...g.data.subarray(0, 4)], [0, 0, 0, 255]);
  g.layout.tiles.forEach((tile, k) => {
    const px = tileRGBA(t, tile, g.ranges[k]);
    const { left, top } = g.positions[k];
    for (let y = 0; y < 3; y++) {
      const row = ((top + y) * g.width + left) * 4;
      assert.deepEqual([...g.data.subarray(row, row + 16)], [...px.subarray(y * 16, (y + 1) * 16)]);
    }
    // per-image min–max: every tile reaches black and white
    const vals = [];
    for (let i = 0; i < px.length; i += 4) vals.push(px[i]);
    assert.equal(Math.min(...vals), 0);
    assert.equal(Math.max(...vals), 255);
  });
  // one image in colour: make_grid returns it as is, without padding
  const one = gridRGBA(tensor([1, 3, 2, 2], new Array(12).fill(0.5)), { norm: 'fixed', range: [0, 1] });
  assert.equal(one.width, 2);
  assert.equal(one.height, 2);
  assert.deepEqual([...one.data.subarray(0, 4)], [128, 128, 128, 255]);
  // colour tiles: up to 8 images per row
  const many = gridRGBA(stackImages(Array.from({ length: 8 }, () => drawSample('noise', 4))), {});
  assert.equal(many.width, 8 * (4 + p) + p);
  assert.equal(many.height, 4 + 2 * p);
});

test('a rendered grid survives PNG encode → decode (fast-png) byte for byte', () => {
  const x = stackImages([drawSample('house', 32), drawSample('stripes', 32)]);
  for (const opts of [{ rgb: true, norm: 'image' }, { rgb: false, norm: 'batch' }, { rgb: true, norm: 'fixed', range: [0.2, 0.8] }]) {
    const g = gridRGBA(x, opts);
    const png = encode({ width: g.width, height: g.height, data: g.data, channels: 4, depth: 8 });
    const back = decode(png);
    assert.equal(back.width, g.width);
    assert.equal(back.height, g.height);
    assert.equal(back.channels, 4);
    assert.deepEqual(Buffer.from(back.data), Buffer.from(g.data), JSON.stringify(opts));
  }
});

test('an image decodes to a tensor and renders back to the same pixels', () => {
  const W = 7;
  const H = 5;
  const next = mulberry32(11);
  const rgba = new Uint8Array(W * H * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(next() * 256)));
  const png = encode({ width: W, height: H, data: rgba, channels: 4 });
  const decoded = decode(png);
  const img = rgbaToTensor(decoded.data, decoded.width, decoded.height);
  assert.deepEqual(img.shape, [3, H, W]);
  assert.equal(valueAt({ shape: [1, ...img.shape], data: img.data }, 0, 1, 2, 3),
    Math.fround(rgba[(2 * W + 3) * 4 + 1] / 255));
  const g = gridRGBA({ shape: [1, ...img.shape], data: img.data }, { rgb: true, norm: 'fixed', range: [0, 1] });
  assert.deepEqual(Buffer.from(encode({ width: g.width, height: g.height, data: g.data, channels: 4 })),
    Buffer.from(png));
});

test('formatValue: short, with a real minus sign', () => {
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(-0.123456), '−0.12346');
  assert.equal(formatValue(1234567), '1.235e+6');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatValue(-Infinity), '−∞');
});

test('auto zoom: small pictures about 128 px, a 1×1 adaptive-pool output 64 px, 128 px and more as they are', async () => {
  const { zoomFor } = await import('../../web/images/grids.js');
  assert.deepEqual([1, 2, 3, 7, 10, 32, 64, 100, 128, 512].map((size) => zoomFor('auto', size)), [64, 64, 42, 18, 12, 4, 2, 1, 1, 1]);
  assert.equal(zoomFor(8, 1), 8, 'a chosen zoom is kept');
});
