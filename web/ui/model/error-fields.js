// Which controls a ConvlensError is about, read from its PyTorch-worded message. Pure (no DOM).
// (The API's errors carry a code and a message but no structured argument name; this is the one
// place that maps messages to the playground's fields.) The first field is the most likely one.

const RULES = [
  [/output padding/i, ['output_padding', 'stride', 'dilation']],
  [/requested an output size|output_?size/i, ['output_size']],
  [/divisor/i, ['divisor_override']],
  [/padding='same'/i, ['padding', 'stride']],
  [/Padding size should be less|padding size|pad should be|negative padding|argument 'padding'|Padding/i, ['padding', 'padding_mode', 'kernel_size']],
  [/Kernel size can't be greater|kernel size|kernel_?size/i, ['kernel_size', 'input_size', 'padding', 'dilation']],
  [/Output size is too small/i, ['kernel_size', 'input_size', 'padding', 'stride', 'dilation']],
  [/stride/i, ['stride']],
  [/dilation/i, ['dilation']],
  [/in_channels must be divisible/i, ['groups', 'in_channels']],
  [/out_channels must be divisible/i, ['groups', 'out_channels']],
  [/groups/i, ['groups', 'in_channels', 'out_channels']],
  [/channels/i, ['in_channels', 'out_channels']],
  [/bias/i, ['bias']],
  [/padding_?mode|mode must be/i, ['padding_mode']],
];

/** The fields an error message points at, most likely first; [] when none is recognised. */
export function errorFields(err) {
  const message = String(err?.message ?? '');
  for (const [re, fields] of RULES) if (re.test(message)) return fields;
  return [];
}

/**
 * Where to show an error: the field the user changed last when the message points at it, else the
 * first field the message points at that the current op shows, else null (the general slot).
 */
export function errorHome(fields, lastEdited, visible) {
  if (lastEdited && fields.includes(lastEdited)) return lastEdited;
  return fields.find((f) => visible(f)) ?? null;
}
