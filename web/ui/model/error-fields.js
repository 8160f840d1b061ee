// Which controls an error is about (a ConvlensError, from its `argument`: the PyTorch name of the
// argument at fault, set by the core; or the playground's own INVALID_CELL / TOO_LARGE) and the state
// that failed. Pure (no DOM). The first field is the most likely one; the message text is never read,
// so rewording a message moves nothing. The editors' concern: a figure never loads it.
import { planeOp } from './ops.js';

// An argument → the playground's fields it concerns, most likely first.
const FIELDS_OF_ARGUMENT = Object.freeze({
  stride: ['stride'],
  dilation: ['dilation'],
  padding: ['padding', 'padding_mode', 'kernel_size'],
  padding_mode: ['padding_mode'],
  kernel_size: ['kernel_size', 'input_size', 'padding', 'dilation'],
  output_padding: ['output_padding', 'stride', 'dilation'],
  output_size: ['output_size'],
  divisor_override: ['divisor_override'],
  ceil_mode: ['ceil_mode'],
  count_include_pad: ['count_include_pad'],
  groups: ['groups', 'in_channels', 'out_channels'],
  in_channels: ['in_channels', 'out_channels'],
  out_channels: ['out_channels', 'in_channels'],
  bias: ['bias'],
  // the weight's shape is made of these fields; the input's channels come from in_channels
  weight: ['kernel_size', 'in_channels', 'out_channels'],
  input: ['in_channels', 'groups', 'out_channels'],
});

// An output too small for the input, kernel and padding together (no single argument): conv2d's
// kernel larger than the padded input, where stride plays no part, or a window op's output < 1.
const TOO_SMALL = ['kernel_size', 'input_size', 'padding', 'stride', 'dilation'];
const KERNEL_TOO_LARGE = ['kernel_size', 'input_size', 'padding', 'dilation'];

/**
 * The fields an error points at, most likely first; [] when none (the general slot). `s` is the
 * state that failed: it tells which of the fields an argument concerns is the one at fault.
 */
export function errorFields(err, s) {
  if (err?.code === 'INVALID_CELL') return [err.tensor];
  if (err?.code === 'TOO_LARGE' && err.limit) return ['input_size', 'stride', 'kernel_size'];
  const argument = err?.argument;
  if (argument === undefined) {
    if (err?.code !== 'OUTPUT_TOO_SMALL') return [];
    return planeOp(s?.op) === 'conv2d' ? KERNEL_TOO_LARGE : TOO_SMALL;
  }
  // conv2d refuses 'same' with a stride: the two fields that disagree
  if (argument === 'padding' && err.code === 'INVALID_ARGUMENT' && planeOp(s?.op) === 'conv2d' && s.padding === 'same') {
    return ['padding', 'stride'];
  }
  // fold's input: rows that kh·kw does not divide, else a number of columns that is not the blocks' L
  if (argument === 'input' && s?.op === 'fold') {
    const area = [s.kernel_size].flat().reduce((a, b) => a * b, 1);
    return s.in_channels % area !== 0 ? ['in_channels', 'kernel_size'] : ['input_size', 'output_size', 'kernel_size'];
  }
  // channels that groups does not divide: groups and the channel count at fault
  if (argument === 'groups' && s && s.groups > 0) {
    if (s.in_channels % s.groups !== 0) return ['groups', 'in_channels'];
    if (s.out_channels % s.groups !== 0) return ['groups', 'out_channels'];
  }
  return FIELDS_OF_ARGUMENT[argument] ?? [];
}

/**
 * Where to show an error: the field the user changed last when the error points at it, else the
 * first field it points at that the current op shows, else null (the general slot).
 */
export function errorHome(fields, lastEdited, visible) {
  if (lastEdited && fields.includes(lastEdited)) return lastEdited;
  return fields.find((f) => visible(f)) ?? null;
}
