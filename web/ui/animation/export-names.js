// What the animation's exports are called and offered as: kinds, widths, and file names that say
// what they show. Small and pure, so the animation view has them up front; the encoders
// (export.js) load when a reader exports.

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
