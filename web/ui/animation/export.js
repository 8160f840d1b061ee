// Exports of the animation: the GIF / PNG / SVG / ZIP files of a model, named by export-names.js.
// Pure apart from the injected rasteriser (export-raster.js in the browser; a stand-in in node
// tests), so every export of a state is the same bytes on a given machine. The animation view
// imports this (and the GIF and ZIP encoders) only when a reader exports, and passes the figure's
// drawing (export-drawing.js), which it has loaded already.
import { svgFile, svgString } from './svg-text.js';
import { blendPalette, encodeGif } from './export-gif.js';
import { zipStore } from './export-zip.js';

/** The GIF palette of the figure (its PALETTE, animation-render.js): its colours and their blends with the inks. */
export function figurePalette(palette) {
  const colors = [...new Set(Object.values(palette))];
  return blendPalette(colors,
    [palette.ink, palette.white, palette.muted, palette.kernelStroke, palette.outCurStroke, palette.inStroke]);
}

/**
 * Makes one export. opts: { model, drawing, step, t, lang, values, width (px), speed, loop, raster }, where
 * drawing is export-drawing.js's EXPORT_DRAWING and
 * raster = { rgba(svgText, width, height) → Promise<Uint8ClampedArray>, png(svgText, width, height)
 * → Promise<Uint8Array> }. Returns { name, type, bytes (Uint8Array), frames? }.
 */
export async function makeExport(kind, opts) {
  const { model, drawing, t, lang, values = true, width, speed = '1', loop = true, raster, onProgress } = opts;
  const { describe, frameSize, PALETTE, renderFrame, stepDelay, exportName } = drawing;
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
    const bytes = encodeGif({ width: w, height: h, frames, palette: figurePalette(PALETTE), loop });
    return { name, type: 'image/gif', bytes, frames: frames.length };
  }
  throw new Error(`unknown export kind '${kind}'`);
}
