// What an export draws with: the figure's renderer and palette (animation-render.js), the player's step delay and
// the export names. makeExport (export.js) takes it from its caller, so the exporters, loaded on the first export,
// import none of the figure's modules: a page loads the figure's shared code as one chunk, which compresses better.
import { describe, frameSize, PALETTE, renderFrame } from './animation-render.js';
import { stepDelay } from './animation-player.js';
import { exportName } from './export-names.js';

/** The figure's drawing for makeExport: { describe, frameSize, PALETTE, renderFrame, stepDelay, exportName }. */
export const EXPORT_DRAWING = Object.freeze({ describe, frameSize, PALETTE, renderFrame, stepDelay, exportName });
