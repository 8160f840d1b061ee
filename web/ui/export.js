// Exports of the animation: file names that say what they show, and the GIF / PNG / SVG / ZIP
// files of a model. Pure apart from the injected rasteriser (export-raster.js in the browser; a
// stand-in in node tests), so every export of a state is the same bytes on a given machine.
import { describe, frameSize, PALETTE, renderFrame, svgFile, svgString } from './animation-render.js';
import { blendPalette, encodeGif } from './export-gif.js';
import { zipStore } from './export-zip.js';
import { stepDelay } from './animation-player.js';

/** Widths (px) offered for raster exports; the SVG scales the same way. */
export const EXPORT_WIDTHS = [320, 480, 640, 800, 1200];
export const DEFAULT_EXPORT_WIDTH = 640;

/** The four kinds of export. */
export const EXPORT_KINDS = ['gif', 'png', 'svg', 'zip'];

const OP_FILE = { conv2d: 'conv2d', convTranspose2d: 'conv_transpose2d', maxPool2d: 'max_pool2d', avgPool2d: 'avg_pool2d' };

const pairName = (a, b) => (a === b ? String(a) : `${a}x${b}`);

/**
 * The base file name of a model: op, kernel, stride, padding, dilation (and output_padding, the
 * transposed view, ceil_mode, padding_mode, groups, the plane when there are several), input size,
 * e.g. conv2d_k3_s2_p1_d1_6x6, conv_transpose2d_k3_s2_p1_op1_d1_3x3_direct, max_pool2d_k2_s2_p1_d1_ceil_5x5.
 */
export function baseName(model) {
  const [ay, ax] = model.axes;
  const pair = (f) => pairName(f(ay), f(ax));
  const parts = [OP_FILE[model.op], `k${pair((a) => a.kernel)}`, `s${pair((a) => a.stride)}`];
  const even = ay.padding[0] === ay.padding[1] && ax.padding[0] === ax.padding[1];
  parts.push(even ? `p${pair((a) => a.padding[0])}` : `p${ay.padding.join('-')}x${ax.padding.join('-')}`);
  if (model.op === 'convTranspose2d') parts.push(`op${pair((a) => a.outputPadding ?? 0)}`);
  if (model.op !== 'avgPool2d') parts.push(`d${pair((a) => a.dilation)}`);
  const o = model.options;
  if (model.op === 'conv2d' && o.padding_mode !== 'zeros') parts.push(o.padding_mode);
  if ((model.op === 'conv2d' || model.op === 'convTranspose2d') && o.groups > 1) parts.push(`g${o.groups}`);
  if ((model.op === 'maxPool2d' || model.op === 'avgPool2d') && o.ceil_mode) parts.push('ceil');
  const [, , H, W] = model.inShape;
  parts.push(`${H}x${W}`);
  const [N, C] = model.outShape;
  if (N * C > 1) parts.push(`n${model.n}c${model.c}`);
  if (model.op === 'convTranspose2d') parts.push(model.view);
  return parts.join('_');
}

/** The file name of an export: kind 'gif' | 'zip' (all steps), 'png' | 'svg' (step `step`, 0-based). */
export function exportName(model, kind, { step = 0, values = true } = {}) {
  const plain = values ? '' : '_novalues';
  if (kind === 'gif') return `${baseName(model)}${plain}.gif`;
  if (kind === 'zip') return `${baseName(model)}${plain}_frames.zip`;
  const width = String(model.steps.length).length;
  return `${baseName(model)}${plain}_step${String(step + 1).padStart(width, '0')}.${kind}`;
}

/** The GIF palette of the figure: its colours and their blends with the inks. */
export function figurePalette() {
  const colors = [...new Set(Object.values(PALETTE))];
  return blendPalette(colors, [PALETTE.ink, PALETTE.white, PALETTE.muted, PALETTE.kernelStroke, PALETTE.outCurStroke, PALETTE.inStroke]);
}

/**
 * Makes one export. opts: { model, step, t, lang, values, width (px), speed, loop, raster }, where
 * raster = { rgba(svgText, width, height) → Promise<Uint8ClampedArray>, png(svgText, width, height)
 * → Promise<Uint8Array> }. Returns { name, type, bytes (Uint8Array), frames? }.
 */
export async function makeExport(kind, opts) {
  const { model, t, lang, values = true, width, speed = '1', loop = true, raster, onProgress } = opts;
  const step = Math.max(0, Math.min(model.steps.length - 1, opts.step ?? 0));
  const render = (k, w) => renderFrame(model, k, { t, lang, values, width: w, title: describe(model) });
  const natural = frameSize(model, { t, lang, values, title: describe(model) });
  const w = width ?? natural.width;
  const h = Math.round((w * natural.height) / natural.width);
  const name = exportName(model, kind, { step, values });
  if (kind === 'svg') {
    return { name, type: 'image/svg+xml', bytes: new TextEncoder().encode(svgFile(render(step, w))) };
  }
  if (kind === 'png') {
    return { name, type: 'image/png', bytes: await raster.png(svgString(render(step, w)), w, h) };
  }
  if (kind === 'zip') {
    const files = [];
    for (let k = 0; k < model.steps.length; k++) {
      files.push({ name: exportName(model, 'png', { step: k, values }), data: await raster.png(svgString(render(k, w)), w, h) });
      onProgress?.(k + 1, model.steps.length);
    }
    return { name, type: 'application/zip', bytes: zipStore(files), frames: files.length };
  }
  if (kind === 'gif') {
    const frames = [];
    const delay = stepDelay(speed);
    for (let k = 0; k < model.steps.length; k++) {
      frames.push({ rgba: await raster.rgba(svgString(render(k, w)), w, h), delay });
      onProgress?.(k + 1, model.steps.length);
    }
    const bytes = encodeGif({ width: w, height: h, frames, palette: figurePalette(), loop });
    return { name, type: 'image/gif', bytes, frames: frames.length };
  }
  throw new Error(`unknown export kind '${kind}'`);
}
