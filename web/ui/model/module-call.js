// The PyTorch text of a module call, from the vocabulary (ops.js). The playground's code and image
// mode's layer list write it; a figure does not, so it stays out of the modules a figure loads up front.
import { OP_TABLE, pythonValue } from './ops.js';

/**
 * The torch.nn constructor call of `op` with `values`, e.g. "MaxPool2d(kernel_size=3, ceil_mode=True)"
 * (without the "nn." prefix). Every argument but forward()'s, in the signature's order (or `order`,
 * the names of the keyword arguments). With `omitDefaults` an argument at its PyTorch default is left
 * out, as PyTorch's own repr does; required and positional ones are always written. A None where
 * PyTorch has no None (a conv's stride) is the default, as the API reads it.
 */
export function moduleCall(op, values, { omitDefaults = false, order = null } = {}) {
  const { module, args } = OP_TABLE[op];
  const keywords = args.filter((a) => !a.positional && !a.forward);
  const named = order ? order.map((name) => keywords.find((a) => a.name === name)) : keywords;
  const parts = args.filter((a) => a.positional).map((a) => pythonValue(values[a.name]));
  for (const a of named) {
    const value = values[a.name] === null && a.def !== null ? a.def : values[a.name];
    if (value === undefined) continue;
    const text = pythonValue(value);
    if (!omitDefaults || a.def === undefined || text !== pythonValue(a.def)) parts.push(`${a.name}=${text}`);
  }
  return `${module}(${parts.join(', ')})`;
}
