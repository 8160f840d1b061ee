// web/ui/animation/export.js, export-gif.js and export-zip.js: file names that say what they show; GIFs that
// omggif decodes to the expected frames, size, delay and loop (and, for palette colours, the exact
// pixels); ZIPs of PNG frames that unpack and decode (fast-png); SVGs that parse with one element
// per cell; every export the same bytes for the same state. The rasteriser is the browser's
// (tests/browser/animation.test.mjs); here a stand-in draws a frame from the SVG text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';

import { load } from 'convlens';
import omggif from 'omggif';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildAnimation } from '../../web/ui/animation/animation-model.js';
import { figurePalette, makeExport } from '../../web/ui/animation/export.js';
import { EXPORT_DRAWING } from '../../web/ui/animation/export-drawing.js';
import { PALETTE } from '../../web/ui/animation/animation-render.js';
import { baseName, exportName } from '../../web/ui/animation/export-names.js';
import { blendPalette, encodeGif, indexPixels } from '../../web/ui/animation/export-gif.js';
import { crc32, zipStore } from '../../web/ui/animation/export-zip.js';
import { stepDelay } from '../../web/ui/animation/animation-player.js';
import { presetState } from '../../web/ui/model/presets.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { t as translate } from '../../web/ui/i18n/i18n.js';
import { mulberry32 } from '../../web/ui/model/random.js';
import { parseXml } from './ui-animation-helpers.mjs';

const { GifReader } = omggif;
const cl = await load();
const en = (key, params) => translate('en', key, params);

function modelOf(s, view = 'direct', plane = {}) {
  const r = evaluate(cl, s);
  assert.equal(r.ok, true, r.error?.message);
  return buildAnimation(cl, s, r, { view, ...plane }).model;
}

/** A stand-in rasteriser: a frame whose pixels follow the SVG text (palette colours only). */
function fakeRaster() {
  const pal = figurePalette(PALETTE);
  const rgba = (svg, w, h) => {
    let hash = crc32(new TextEncoder().encode(svg));
    const out = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < w * h; p++) {
      const row = Math.floor(p / w);
      const i = row < h / 2 ? 0 : (hash = (hash * 1103515245 + 12345) >>> 0) % 24;
      out.set([pal.rgb[i * 3], pal.rgb[i * 3 + 1], pal.rgb[i * 3 + 2], 255], p * 4);
    }
    return out;
  };
  return {
    rgba: async (svg, w, h) => rgba(svg, w, h),
    png: async (svg, w, h) => encodePng({ width: w, height: h, data: rgba(svg, w, h), channels: 4, depth: 8 }),
    frame: rgba,
  };
}

/** The entries of a ZIP (stored or deflated), read from its central directory. */
function unzip(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (dv.getUint32(end, true) !== 0x06054b50) end--;
  const n = dv.getUint16(end + 10, true);
  let at = dv.getUint32(end + 16, true);
  const files = [];
  for (let i = 0; i < n; i++) {
    assert.equal(dv.getUint32(at, true), 0x02014b50);
    const method = dv.getUint16(at + 10, true);
    const crc = dv.getUint32(at + 16, true);
    const size = dv.getUint32(at + 20, true);
    const nameLen = dv.getUint16(at + 28, true);
    const extra = dv.getUint16(at + 30, true);
    const comment = dv.getUint16(at + 32, true);
    const local = dv.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen));
    const dataAt = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    let data = bytes.subarray(dataAt, dataAt + dv.getUint32(at + 20, true));
    if (method === 8) data = inflateRawSync(data);
    assert.equal(crc32(data), crc, `${name}: CRC`);
    files.push({ name, data, size });
    at += 46 + nameLen + extra + comment;
  }
  return files;
}

describe('file names say what they show', () => {
  test('the conv_arithmetic cases', () => {
    const m = modelOf(presetState('ca-padding-strides-odd'));
    assert.equal(exportName(m, 'gif'), 'conv2d_k3_s2_p1_d1_6x6.gif');
    assert.equal(exportName(m, 'png', { step: 4 }), 'conv2d_k3_s2_p1_d1_6x6_step5.png');
    assert.equal(exportName(m, 'svg', { step: 0, values: false }), 'conv2d_k3_s2_p1_d1_6x6_novalues_step1.svg');
    assert.equal(exportName(m, 'zip'), 'conv2d_k3_s2_p1_d1_6x6_frames.zip');
    const tr = presetState('ca-padding-strides-odd-transposed');
    assert.equal(exportName(modelOf(tr), 'gif'), 'conv_transpose2d_k3_s2_p1_op1_d1_3x3_direct.gif');
    assert.equal(exportName(modelOf(tr, 'scatter'), 'gif'), 'conv_transpose2d_k3_s2_p1_op1_d1_3x3_scatter.gif');
    assert.equal(exportName(modelOf(presetState('ca-dilation')), 'gif'), 'conv2d_k3_s1_p0_d2_7x7.gif');
    assert.equal(exportName(modelOf(presetState('ca-max-pool-ceil-dropped')), 'gif'), 'max_pool2d_k2_s2_p1_d1_ceil_5x5.gif');
    assert.equal(exportName(modelOf(presetState('ca-avg-pool-ceil')), 'gif'), 'avg_pool2d_k2_s2_p0_ceil_5x5.gif');
    assert.equal(exportName(modelOf(presetState('ca-full-padding-no-strides')), 'png', { step: 10 }), 'conv2d_k3_s1_p2_d1_5x5_step11.png', 'steps padded to the count’s digits');
  });

  test('pairs, padding modes, groups and the plane', () => {
    const s = makeState({ in_channels: 2, out_channels: 2, groups: 2, input_size: [5, 6], kernel_size: [3, 2], stride: [2, 1], padding: [1, 0], padding_mode: 'reflect', tensors: { input: 'random', weight: 'random' } });
    assert.equal(baseName(modelOf(s, 'direct', { channel: 1 })), 'conv2d_k3x2_s2x1_p1x0_d1_reflect_g2_5x6_n0c1');
  });
});

describe('GIF', () => {
  test('the encoder round-trips exactly through omggif (palette colours, many LZW table resets)', () => {
    const pal = figurePalette(PALETTE);
    const W = 173;
    const H = 91;
    const rnd = mulberry32(7);
    const frames = Array.from({ length: 4 }, (_, f) => {
      const rgba = new Uint8ClampedArray(W * H * 4);
      for (let p = 0; p < W * H; p++) {
        const i = f === 0 || rnd() < 0.2 ? Math.floor(rnd() * pal.size) : (p + f) % 5;
        rgba.set([pal.rgb[i * 3], pal.rgb[i * 3 + 1], pal.rgb[i * 3 + 2], 255], p * 4);
      }
      return { rgba, delay: 250 };
    });
    const gif = encodeGif({ width: W, height: H, frames, palette: pal });
    const r = new GifReader(gif);
    assert.deepEqual([r.width, r.height, r.numFrames(), r.loopCount()], [W, H, 4, 0]);
    const buf = new Uint8Array(W * H * 4);
    frames.forEach((f, k) => {
      r.decodeAndBlitFrameRGBA(k, buf);
      assert.deepEqual(buf, new Uint8Array(f.rgba.buffer), `frame ${k}`);
      assert.equal(r.frameInfo(k).delay, 25);
    });
  });

  test('off-palette colours go to the nearest palette entry; a frame that repeats is a 1×1 box', () => {
    const pal = blendPalette(['#ffffff', '#000000'], ['#ff0000']);
    const idx = indexPixels(Uint8ClampedArray.from([250, 250, 250, 255, 10, 0, 0, 255, 200, 20, 20, 255]), pal);
    assert.deepEqual([...idx].map((i) => [...pal.rgb.subarray(i * 3, i * 3 + 3)]), [[255, 255, 255], [0, 0, 0], [191, 0, 0]], 'dark red is nearest to black blended 3/4 with red');
    const frame = { rgba: new Uint8ClampedArray(16 * 4).fill(255), delay: 100 };
    const r = new GifReader(encodeGif({ width: 4, height: 4, frames: [frame, frame], palette: pal, loop: false }));
    assert.equal(r.numFrames(), 2);
    assert.equal(r.loopCount(), null, 'no NETSCAPE block: plays once');
    assert.deepEqual([r.frameInfo(1).width, r.frameInfo(1).height], [1, 1]);
  });

  for (const [id, view] of [['ca-padding-strides-odd', 'direct'], ['ca-no-padding-strides-transposed', 'scatter'], ['ca-max-pool-ceil-dropped', 'direct']]) {
    test(`${id} (${view}): one frame per step at the chosen width, the speed's delay, deterministic`, async () => {
      const m = modelOf(presetState(id), view);
      const raster = fakeRaster();
      const opts = { model: m, drawing: EXPORT_DRAWING, t: en, lang: 'en', width: 320, speed: '2', raster };
      const a = await makeExport('gif', opts);
      const b = await makeExport('gif', opts);
      assert.deepEqual(a.bytes, b.bytes, 'the same state gives the same bytes');
      assert.equal(a.type, 'image/gif');
      assert.equal(a.name, exportName(m, 'gif'));
      const r = new GifReader(a.bytes);
      assert.equal(r.numFrames(), m.steps.length);
      assert.equal(r.width, 320);
      const svg = parseXml(new TextDecoder().decode((await makeExport('svg', { ...opts, step: 0 })).bytes))[0].attrs;
      assert.equal(r.height, Number(svg.height));
      assert.equal(r.frameInfo(0).delay, Math.round(stepDelay('2') / 10));
      assert.equal(r.loopCount(), 0);
      const last = new Uint8Array(r.width * r.height * 4);
      for (let k = 0; k < r.numFrames(); k++) r.decodeAndBlitFrameRGBA(k, last);
      const { svg: lastSvg } = await lastFrameSvg(m, opts);
      assert.deepEqual(last, new Uint8Array(raster.frame(lastSvg, r.width, r.height).buffer), 'the last frame, composed, is the last step');
    });
  }

  async function lastFrameSvg(m, opts) {
    const { renderFrame, describe: describeModel } = await import('../../web/ui/animation/animation-render.js');
    const { svgString } = await import('../../web/ui/animation/svg-text.js');
    const tree = renderFrame(m, m.steps.length - 1,
      { t: opts.t, lang: opts.lang, values: true, width: opts.width, title: describeModel(m) });
    return { svg: svgString(tree) };
  }

  test('loop off plays once', async () => {
    const m = modelOf(presetState('ca-no-padding-no-strides'));
    const gif = await makeExport('gif', { model: m, drawing: EXPORT_DRAWING, t: en, lang: 'en', width: 320, loop: false, raster: fakeRaster() });
    assert.equal(new GifReader(gif.bytes).loopCount(), null);
  });
});

describe('PNG frames (ZIP) and SVG', () => {
  test('a ZIP of one PNG per step, named by step; each decodes to the chosen size', async () => {
    const m = modelOf(presetState('ca-padding-strides'));
    const z = await makeExport('zip', { model: m, drawing: EXPORT_DRAWING, t: en, lang: 'en', width: 480, raster: fakeRaster() });
    assert.equal(z.name, 'conv2d_k3_s2_p1_d1_5x5_frames.zip');
    const files = unzip(z.bytes);
    assert.deepEqual(files.map((f) => f.name), m.steps.map((_, k) => exportName(m, 'png', { step: k })));
    const png = decodePng(files[3].data);
    assert.equal(png.width, 480);
    const again = await makeExport('zip', { model: m, drawing: EXPORT_DRAWING, t: en, lang: 'en', width: 480, raster: fakeRaster() });
    assert.deepEqual(again.bytes, z.bytes, 'deterministic (fixed timestamps)');
  });

  test('zipStore: stored entries with their CRC-32', () => {
    const files = unzip(zipStore([{ name: 'a.txt', data: new TextEncoder().encode('hello') }, { name: 'b.bin', data: new Uint8Array(0) }]));
    assert.deepEqual(files.map((f) => [f.name, new TextDecoder().decode(f.data)]), [['a.txt', 'hello'], ['b.bin', '']]);
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  test('SVG export: a standalone file, scaled to the width, one element per cell, text as <text>', async () => {
    const m = modelOf(presetState('ca-dilation'));
    const f = await makeExport('svg', { model: m, drawing: EXPORT_DRAWING, t: en, lang: 'en', width: 800, step: 4 });
    assert.equal(f.name, 'conv2d_k3_s1_p0_d2_7x7_step5.svg');
    const text = new TextDecoder().decode(f.bytes);
    assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    const els = parseXml(text);
    assert.equal(els[0].attrs.width, '800');
    assert.equal(els.filter((e) => e.attrs.class === 'fig-cell').length, 7 * 7 + 3 * 3);
    assert.ok(els.filter((e) => e.name === 'text').length > 50);
    const plain = parseXml(new TextDecoder().decode((await makeExport('svg', { model: m, drawing: EXPORT_DRAWING, t: en, lang: 'en', values: false, step: 4 })).bytes));
    assert.ok(plain.filter((e) => e.name === 'text').length < els.filter((e) => e.name === 'text').length);
  });
});
