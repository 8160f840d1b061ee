// What the animation's exports are called and offered as: kinds, widths, and file names that say
// what they show (the op by its torch.nn.functional name). Small and pure, so the animation view has
// them up front; the encoders (export.js) load when a reader exports.
import { OP_TABLE, planeOp } from '../model/ops.js';

/** Widths (px) offered for raster exports; the SVG scales the same way. */
export const EXPORT_WIDTHS = [320, 480, 640, 800, 1200];
export const DEFAULT_EXPORT_WIDTH = 640;

/** The four kinds of export. */
export const EXPORT_KINDS = ['gif', 'png', 'svg', 'zip'];

const pairName = (a, b) => (a === b ? String(a) : `${a}x${b}`);

/**
 * The base file name of a model: op, kernel, stride, padding, dilation (and output_padding, the
 * transposed view, ceil_mode, padding_mode, groups, the plane when there are several), input size,
 * e.g. conv2d_k3_s2_p1_d1_6x6, conv_transpose2d_k3_s2_p1_op1_d1_3x3_direct, max_pool2d_k2_s2_p1_d1_ceil_5x5.
 */
export function baseName(model) {
  // a 1-D op's one axis (L) twice, so each pair is one int
  const oneD = OP_TABLE[model.op].dims === 1;
  const [ay, ax] = oneD ? [model.axes[1], model.axes[1]] : model.axes;
  const pair = (f) => pairName(f(ay), f(ax));
  const parts = [OP_TABLE[model.op].functional];
  const [, , H, W] = model.inShape;
  const size = oneD ? `${W}` : `${H}x${W}`;
  const [N, C] = model.outShape;
  const plane = N * C > 1 ? [`n${model.n}c${model.c}`] : [];
  // an adaptive pool has no kernel or stride: its output size says it all
  if (model.op.startsWith('adaptive')) return [...parts, `o${pair((a) => a.output)}`, size, ...plane].join('_');
  if (planeOp(model.op) === 'lpPool2d') parts.push(`norm${model.options.norm_type}`);
  parts.push(`k${pair((a) => a.kernel)}`, `s${pair((a) => a.stride)}`);
  const even = ay.padding[0] === ay.padding[1] && ax.padding[0] === ax.padding[1];
  if (planeOp(model.op) !== 'lpPool2d') parts.push(even ? `p${pair((a) => a.padding[0])}` : `p${ay.padding.join('-')}x${ax.padding.join('-')}`);
  if (planeOp(model.op) === 'convTranspose2d') parts.push(`op${pair((a) => a.outputPadding ?? 0)}`);
  if (planeOp(model.op) !== 'avgPool2d' && planeOp(model.op) !== 'lpPool2d') parts.push(`d${pair((a) => a.dilation)}`);
  const o = model.options;
  if (planeOp(model.op) === 'conv2d' && o.padding_mode !== 'zeros') parts.push(o.padding_mode);
  if ((planeOp(model.op) === 'conv2d' || planeOp(model.op) === 'convTranspose2d') && o.groups > 1) parts.push(`g${o.groups}`);
  if (OP_TABLE[model.op].family === 'pool' && o.ceil_mode) parts.push('ceil');
  parts.push(size, ...plane);
  if (planeOp(model.op) === 'convTranspose2d') parts.push(model.view);
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
