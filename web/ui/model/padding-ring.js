// The padding ring of the input planes: which real input cell each padded cell copies under reflect
// / replicate / circular, taken from the API's pad() applied to a plane of indices (so the mapping
// has one home: the core). Pure (no DOM); the grids and the animation draw it.
import { planeOp } from './ops.js';
import { plane4 } from './tensors.js';

/**
 * The padding ring of the input planes for conv2d and the pools (null for convTranspose2d, whose
 * padding crops the output instead). Returns { top, bottom, left, right, rows, cols, kind, source }:
 * the displayed plane is rows × cols (input plus ring); kind[cell] is 0 for a real input cell, 1 for
 * padding, 2 for ceil_mode's overhang beyond the padding; source[cell] is the in-plane index a padded
 * cell copies (reflect / replicate / circular), else −1.
 */
export function paddingRing(cl, s, info) {
  if (planeOp(s.op) === 'convTranspose2d') return null;
  const [, , H, W] = plane4(s.tensors.input.shape);
  const ext = info.axes.map((a) => {
    const before = Math.max(0, a.padding[0]);
    const after = Math.max(0, a.padding[1]);
    const lastEnd = (a.output - 1) * a.stride - a.padding[0] + a.dilation * (a.kernel - 1);
    return { before, after, reach: Math.max(after, lastEnd - (a.input - 1)) };
  });
  const [ey, ex] = ext;
  const rows = ey.before + H + ey.reach;
  const cols = ex.before + W + ex.reach;
  const kind = new Uint8Array(rows * cols);
  const source = new Int32Array(rows * cols).fill(-1);
  let padded = null;
  if (planeOp(s.op) === 'conv2d' && s.padding_mode !== 'zeros' && (ey.before || ey.after || ex.before || ex.after)) {
    const plane = { shape: [1, 1, H, W], data: Float32Array.from({ length: H * W }, (_, i) => i) };
    padded = cl.pad(plane, { pad: [ex.before, ex.after, ey.before, ey.after], mode: s.padding_mode }).data;
  }
  const pw = ex.before + W + ex.after;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const y = r - ey.before;
      const x = c - ex.before;
      const cell = r * cols + c;
      if (y >= 0 && y < H && x >= 0 && x < W) {
        source[cell] = y * W + x;
        continue;
      }
      const inPad = y >= -ey.before && y < H + ey.after && x >= -ex.before && x < W + ex.after;
      kind[cell] = inPad ? 1 : 2;
      if (inPad && padded) source[cell] = padded[(y + ey.before) * pw + (x + ex.before)];
    }
  }
  return { top: ey.before, bottom: ey.reach, left: ex.before, right: ex.reach, rows, cols, kind, source };
}
