// Runnable PyTorch code that reproduces a playground state exactly: torch.tensor(...) for the input,
// the nn module with its weight (and bias) copied in, the call, and the output convlens computed as
// a comment. Pure (no DOM). Values are written as the shortest text that reads back as the same
// float32, so the Python tensors hold exactly the numbers the playground used.
import { pythonFloat } from './numbers.js';
import { count, firstInvalid } from './tensors.js';
import { CONV_OPS, OP_TABLE, planeOp, poolKind, pythonValue } from './ops.js';
import { moduleCall as opModuleCall } from './module-call.js';

/** Outputs with more elements than this are summarised in the comment instead of listed. */
export const MAX_LISTED = 1024;

/** A nested Python list literal of `values` with `shape`, rows broken and indented under `indent` columns. */
export function pythonNested(shape, values, indent = 0, format = pythonFloat) {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  function level(d, offset) {
    if (d === shape.length - 1) {
      const items = [];
      for (let i = 0; i < shape[d]; i++) items.push(format(values[offset + i]));
      return `[${items.join(', ')}]`;
    }
    const parts = [];
    for (let i = 0; i < shape[d]; i++) parts.push(level(d + 1, offset + i * strides[d]));
    return `[${parts.join(`,\n${' '.repeat(indent + d + 1)}`)}]`;
  }
  return level(0, 0);
}

/** The nn module constructor call for a state: every argument written out, as the state has it. */
export function moduleCall(s) {
  return `nn.${opModuleCall(s.op, s)}`;
}

/**
 * The torch.nn.functional call of a state, on `x` (and the module's weight and bias): the keyword
 * arguments off their defaults, e.g. "F.adaptive_avg_pool2d(x, output_size=2)"; null where the
 * functional form takes other arguments (a padding_mode other than zeros: F.pad first; an
 * output_size of ConvTranspose2d.forward(): an output_padding).
 */
export function functionalCall(s) {
  const { functional, args } = OP_TABLE[s.op];
  if ((planeOp(s.op) === 'conv2d' && s.padding_mode !== 'zeros') || (planeOp(s.op) === 'convTranspose2d' && s.output_size !== null)) return null;
  const parts = ['x', ...(CONV_OPS.includes(s.op) ? ['conv.weight', 'conv.bias'] : [])];
  for (const a of args) {
    if (a.positional || a.fromWeight || a.data || a.result || a.forward || a.name === 'padding_mode') continue;
    const value = s[a.name] === null && a.def !== null ? a.def : s[a.name];
    if (a.def === undefined || pythonValue(value) !== pythonValue(a.def)) parts.push(`${a.name}=${pythonValue(value)}`);
  }
  return `F.${functional}(${parts.join(', ')})`;
}

function tensorLiteral(name, t) {
  const prefix = `${name} = torch.tensor(`;
  return `${prefix}${pythonNested(t.shape, t.values, prefix.length)})`;
}

function comment(text) {
  return text.split('\n').map((l) => `# ${l}`).join('\n');
}

/** The expected-output comment: the values (or, for big outputs, a summary). */
function expected(name, t, format = pythonFloat) {
  const shape = `(${t.shape.join(', ')})`;
  if (count(t.shape) <= MAX_LISTED) return comment(`expected ${name} (computed by convlens), shape ${shape}:\n${pythonNested(t.shape, t.data, 0, format)}`);
  let sum = 0;
  for (const v of t.data) sum += v;
  const last = t.shape[t.shape.length - 1];
  const head = Array.from(t.data.subarray(0, Math.min(8, last)), format).join(', ');
  return comment(`expected ${name} (computed by convlens), shape ${shape}: too large to list here;\n`
    + `${name}.sum() ≈ ${Number(sum.toPrecision(7))}, ${name}[${t.shape.slice(0, -1).map(() => '0').join(', ')}, :${Math.min(8, last)}] = [${head}]`);
}

/**
 * The code for a state and its result (compute.js's evaluate()). For a failing state the code still
 * reproduces it and the comment gives the error PyTorch raises.
 */
export function pytorchCode(s, result) {
  const isConv = CONV_OPS.includes(s.op);
  for (const name of isConv ? ['input', 'weight', ...(s.bias ? ['bias'] : [])] : ['input']) {
    const bad = firstInvalid(s.tensors[name]);
    if (bad) {
      return comment(`${name}[${bad.position.join(', ')}] is ${JSON.stringify(bad.text)}, which is not a number:\nfix that cell to get runnable code.`);
    }
  }
  if (s.op === 'maxUnpool2d') return unpoolCode(s, result);
  const lines = ['import torch', 'from torch import nn', 'import torch.nn.functional as F', '', tensorLiteral('x', s.tensors.input)];
  const family = OP_TABLE[s.op].family;
  const mod = isConv ? 'conv' : family === 'fold' ? s.op : 'pool';
  lines.push(`${mod} = ${moduleCall(s)}`);
  if (isConv) {
    lines.push('with torch.no_grad():');
    const w = tensorLiteral('w', s.tensors.weight).replace(/\n/g, '\n    ');
    lines.push(`    ${w}`, `    ${mod}.weight.copy_(w)`);
    if (s.bias) lines.push(`    ${mod}.bias.copy_(torch.tensor([${Array.from(s.tensors.bias.values, pythonFloat).join(', ')}]))`);
  }
  const args = planeOp(s.op) === 'convTranspose2d' && s.output_size !== null ? `x, output_size=[${[s.output_size].flat().join(', ')}]` : 'x';
  const withIndices = poolKind(s.op) === 'max' && s.return_indices;
  lines.push(withIndices ? `y, indices = ${mod}(${args})` : `y = ${mod}(${args})`);
  lines.push(withIndices ? 'print(y, indices, sep="\\n")' : 'print(y)');
  const call = functionalCall(s);
  // the same with torch.nn.functional, checked equal (NaN where NaN)
  if (call) lines.push(`torch.testing.assert_close(${call}, y, rtol=0, atol=0, equal_nan=True)`);
  if (result && result.ok) {
    lines.push(expected('y', result.output));
    if (withIndices && result.indices) lines.push(expected('indices', result.indices, String));
  } else if (result && result.error && result.error.message) {
    lines.push(comment(`expected: PyTorch raises an error here:\n${result.error.message}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * MaxUnpool2d's code: x and its indices from max pooling the input with the same window (or the indices
 * as typed), the module on them (with forward()'s output_size), and F.max_unpool2d checked equal.
 */
function unpoolCode(s, result) {
  const bad = s.tensors.indices ? firstInvalid(s.tensors.indices) : null;
  if (bad) return comment(`indices[${bad.position.join(', ')}] is ${JSON.stringify(bad.text)}, which is not an int:\nfix that cell to get runnable code.`);
  const window = [`kernel_size=${pythonValue(s.kernel_size)}`, `stride=${pythonValue(s.stride)}`, `padding=${pythonValue(s.padding)}`].join(', ');
  const lines = ['import torch', 'from torch import nn', 'import torch.nn.functional as F', '', tensorLiteral('x_source', s.tensors.input),
    `x, indices = F.max_pool2d(x_source, ${window}, return_indices=True)`];
  if (s.tensors.indices) {
    const typed = s.tensors.indices;
    lines.push(`indices = torch.tensor(${pythonNested(typed.shape, typed.values, 'indices = torch.tensor('.length, String)})`);
  }
  lines.push(`unpool = ${moduleCall(s)}`);
  const size = s.output_size === null ? '' : `, output_size=[${[s.output_size].flat().join(', ')}]`;
  lines.push(`y = unpool(x, indices${size})`, 'print(y)');
  lines.push(`torch.testing.assert_close(F.max_unpool2d(x, indices, ${window}${size}), y, rtol=0, atol=0, equal_nan=True)`);
  if (result && result.ok) lines.push(expected('y', result.output));
  else if (result && result.error && result.error.message) lines.push(comment(`expected: PyTorch raises an error here:\n${result.error.message}`));
  return `${lines.join('\n')}\n`;
}
