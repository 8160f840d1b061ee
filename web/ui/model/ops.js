// The ops' vocabulary, in one place: for each op its torch.nn and torch.nn.functional names and its
// arguments in PyTorch's order, with their kinds, PyTorch's defaults, the range a control accepts and
// the convlens option each one becomes; the one text form of argument values (parsed from controls
// and URLs, written as Python); module-call.js writes a module call with them. Pure (no DOM, no wasm).
// The playground's state, image mode's layers, the controls, both code exports, the API calls and the
// widget's options derive from this table; each keeps only what is its own (tensor shapes, weight
// presets, animation fields, narrower limits). Adding an argument: one line in ARGS, its name in the
// ops that have it, and the views that show it.

import { parseCell } from './numbers.js';

/** A snake_case PyTorch name as convlens spells it: count_include_pad → countIncludePad. */
export function camelName(name) {
  return name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

/**
 * The arguments, by PyTorch's name. kind: 'int' | 'number' (a float, written as Python writes it) |
 * 'pair' (an int or (h, w)) | 'padding' (a pair, or 'same' / 'valid' where the op allows) | 'enum'
 * (one of `values`) | 'bool'. `def`: PyTorch's default (pairs as [h, w]; null for None; undefined:
 * required). `nullable`: None is a value of its own; `axisNone`: None may stand for one axis of a
 * pair (an adaptive pool's output_size, where it keeps that axis's input size).
 * `min`/`max`: the range a control accepts; wider than PyTorch allows where PyTorch's own message is
 * worth showing (stride 0, negative padding, groups 0), narrowed by a page that wants less.
 * `option`: the convlens name (a parameterCount / outputShape / op option).
 */
const ARGS = {
  in_channels: { kind: 'int', min: 1, max: 64 },
  out_channels: { kind: 'int', min: 1, max: 64 },
  kernel_size: { kind: 'pair', min: 1, max: 32 },
  stride: { kind: 'pair', min: 0, max: 64, def: [1, 1] },
  padding: { kind: 'pair', min: -8, max: 64, def: [0, 0] },
  dilation: { kind: 'pair', min: 0, max: 32, def: [1, 1] },
  groups: { kind: 'int', min: 0, max: 64, def: 1 },
  bias: { kind: 'bool', def: true },
  padding_mode: { kind: 'enum', values: ['zeros', 'reflect', 'replicate', 'circular'], def: 'zeros' },
  output_padding: { kind: 'pair', min: 0, max: 32, def: [0, 0] },
  output_size: { kind: 'pair', min: 1, max: 4096, def: null, nullable: true },
  ceil_mode: { kind: 'bool', def: false },
  return_indices: { kind: 'bool', def: false },
  count_include_pad: { kind: 'bool', def: true },
  divisor_override: { kind: 'int', min: -1000, max: 1000, def: null, nullable: true },
  // p of LPPool2d: any float but 0 is PyTorch's (0 is its ZeroDivisionError, worth showing)
  norm_type: { kind: 'number', min: -64, max: 64 },
};

/**
 * One argument of one op: the shared entry plus what differs for the op. Roles (at most one):
 * `positional` (the constructor's leading in/out channels: parameterCount, not an op option),
 * `fromWeight` (a conv's kernel_size: the weight's shape carries it), `data` (bias: a tensor for the
 * op, a flag for outputShape and parameterCount), `result` (return_indices: changes what the op
 * returns, so the caller asks for it), `forward` (output_size: an argument of forward(), not of the
 * constructor). Others are options of the op's call and of outputShape.
 */
function arg(name, more = {}) {
  return Object.freeze({ name, ...ARGS[name], option: camelName(name), ...more });
}

/** None for a pool's stride means the kernel size, PyTorch's default. */
const POOL_STRIDE = { def: null, nullable: true };
/** Required: PyTorch gives the argument no default. */
const REQUIRED = { def: undefined, nullable: false };

/**
 * The ops, by their convlens names: `module` the torch.nn class, `functional` the torch.nn.functional
 * function (the name in snake_case), `family` ('conv': a weight and an optional bias; 'pool';
 * 'unpool': max pooling undone from its indices; 'fold': unfold / fold, im2col and back), `dims` the
 * spatial dimensions (2: [N, C, H, W]; 1: [N, C, L]), `weight` whether it takes a weight, `args` in
 * the order of the nn constructor's signature (then forward()'s).
 */
function op(name, family, args, dims = 2, module = name[0].toUpperCase() + name.slice(1)) {
  const functional = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.freeze({ module, functional, family, dims, weight: family === 'conv', args: Object.freeze(args) });
}

/**
 * The 1-D op `name` of a 2-D one: PyTorch's 1-D modules take the 2-D ones' arguments with one int (or
 * a 1-tuple) for each pair (kind 'int', or a 'padding' that is one int or a word, with `axes` 1; the
 * default's one number) and no None for one axis; AvgPool1d has no divisor_override.
 */
function op1d(name, of) {
  const args = of.args.filter((a) => a.name !== 'divisor_override').map((a) => {
    if (a.kind !== 'pair' && a.kind !== 'padding') return a;
    const { axisNone, ...rest } = a;
    const def = Array.isArray(a.def) ? a.def[0] : a.def;
    return Object.freeze({ ...rest, kind: a.kind === 'pair' ? 'int' : a.kind, def, axes: 1 });
  });
  return op(name, of.family, args, 1);
}

const OPS_2D = {
  conv2d: op('conv2d', 'conv', [
    arg('in_channels', { positional: true }), arg('out_channels', { positional: true }),
    arg('kernel_size', { fromWeight: true }), arg('stride'), arg('padding', { kind: 'padding' }),
    arg('dilation'), arg('groups'), arg('bias', { data: true }), arg('padding_mode'),
  ]),
  convTranspose2d: op('convTranspose2d', 'conv', [
    arg('in_channels', { positional: true }), arg('out_channels', { positional: true }),
    arg('kernel_size', { fromWeight: true }), arg('stride'), arg('padding'), arg('output_padding'),
    arg('groups'), arg('bias', { data: true }), arg('dilation'), arg('output_size', { forward: true }),
  ]),
  maxPool2d: op('maxPool2d', 'pool', [
    arg('kernel_size'), arg('stride', POOL_STRIDE), arg('padding'), arg('dilation'),
    arg('return_indices', { result: true }), arg('ceil_mode'),
  ]),
  avgPool2d: op('avgPool2d', 'pool', [
    arg('kernel_size'), arg('stride', POOL_STRIDE), arg('padding'), arg('ceil_mode'),
    arg('count_include_pad'), arg('divisor_override'),
  ]),
  adaptiveAvgPool2d: op('adaptiveAvgPool2d', 'pool', [arg('output_size', { ...REQUIRED, axisNone: true })]),
  adaptiveMaxPool2d: op('adaptiveMaxPool2d', 'pool', [
    arg('output_size', { ...REQUIRED, axisNone: true }), arg('return_indices', { result: true }),
  ]),
  lpPool2d: op('lpPool2d', 'pool', [arg('norm_type'), arg('kernel_size'), arg('stride', POOL_STRIDE), arg('ceil_mode')],
    2, 'LPPool2d'),
  // forward(input, indices, output_size=None): the indices are data, like the input
  maxUnpool2d: op('maxUnpool2d', 'unpool', [
    arg('kernel_size'), arg('stride', POOL_STRIDE), arg('padding'), arg('output_size', { forward: true }),
  ]),
  unfold: op('unfold', 'fold', [arg('kernel_size'), arg('dilation'), arg('padding'), arg('stride')]),
  fold: op('fold', 'fold', [
    arg('output_size', REQUIRED), arg('kernel_size'), arg('dilation'), arg('padding'), arg('stride'),
  ]),
};

export const OP_TABLE = Object.freeze({
  ...OPS_2D,
  ...Object.fromEntries(['conv', 'convTranspose', 'maxPool', 'avgPool', 'adaptiveAvgPool', 'adaptiveMaxPool']
    .map((base) => [`${base}1d`, op1d(`${base}1d`, OPS_2D[`${base}2d`])])),
});

/** The op names: the 2-D ops, then the 1-D ones. */
export const OPS = Object.freeze(Object.keys(OP_TABLE));
/** Ops with a weight (and optional bias). */
export const CONV_OPS = Object.freeze(OPS.filter((op) => OP_TABLE[op].weight));
/** Pooling ops (no weight). */
export const POOL_OPS = Object.freeze(OPS.filter((op) => OP_TABLE[op].family === 'pool'));
/** Ops on [N, C, L] (one spatial axis). */
export const OPS_1D = Object.freeze(OPS.filter((op) => OP_TABLE[op].dims === 1));

/** The 2-D op a 1-D op is drawn and explained as (conv1d → conv2d: planes of one row); any other op itself. */
export function planeOp(op) {
  return OP_TABLE[op]?.dims === 1 ? op.replace(/1d$/, '2d') : op;
}

/** How a pool makes its output from a window: 'max', 'avg' or 'lp' (a p-norm); null for the other ops. */
export function poolKind(op) {
  if (OP_TABLE[op]?.family !== 'pool') return null;
  return op.startsWith('lp') ? 'lp' : /^max|Max/.test(op) ? 'max' : 'avg';
}

/**
 * The windows of an adaptive pool along one axis of `size` cells pooled to `out`: window i covers
 * [⌊i·size/out⌋, ⌈(i + 1)·size/out⌉), PyTorch's start and end (ATen's start_index / end_index).
 */
export function adaptiveWindows(size, out) {
  return Array.from({ length: out }, (_, i) => [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)]);
}

/** The torch.nn class of an op, e.g. 'nn.MaxPool2d'. */
export function nnName(op) {
  return `nn.${OP_TABLE[op].module}`;
}

/** The torch.nn.functional function of an op, e.g. 'F.max_pool2d'. */
export function functionalName(op) {
  return `F.${OP_TABLE[op].functional}`;
}

/** The op whose torch.nn class is `module` ('MaxPool2d' → 'maxPool2d'); undefined when none is. */
export function opOfModule(module) {
  return OPS.find((op) => OP_TABLE[op].module === module);
}

/** Argument `name` of `op` (undefined when the op has no such argument). */
export function opArg(op, name) {
  return OP_TABLE[op]?.args.find((a) => a.name === name);
}

/** The ops that have argument `name`, in OPS order. */
export function opsWith(name) {
  return OPS.filter((op) => opArg(op, name));
}

/**
 * Argument `name` as one control for all the ops that have it: the widest kind ('padding' when any
 * op takes the words; the 2-D ops' pair where the 1-D ones take an int), the first op's range and
 * default, nullable when any op's is, and `ops`. Throws for a name no op has. (An adaptive pool's
 * None for one axis is its own: opArg(op, name).axisNone.)
 */
export function argField(name) {
  const ops = opsWith(name);
  if (ops.length === 0) throw new Error(`no op has an argument '${name}'`);
  const args = ops.map((op) => opArg(op, name));
  const field = { name, kind: args.some((a) => a.kind === 'padding') ? 'padding' : args[0].kind };
  for (const key of ['values', 'min', 'max', 'def']) if (args[0][key] !== undefined) field[key] = args[0][key];
  if (args.some((a) => a.nullable)) field.nullable = true;
  field.ops = ops;
  return field;
}

// ---------------------------------------------------------------------------------------------
// Values ⇄ text: what controls and URLs accept, and how values are written back
// ---------------------------------------------------------------------------------------------

/** An integer's text → the number; null when malformed or longer than `digits` digits. */
export function parseIntText(text, digits = 9) {
  const m = /^[+-]?(\d+)$/.exec(text);
  return m && m[1].length <= digits ? Number(text) : null;
}

/**
 * "3" / "3, 2" / "(3, 2)" / "[3,2]" / "3x2" → [h, w]; null when malformed. With `axisNone` an axis
 * may be None ("None, 3" → [null, 3]; "None" → [null, null]).
 */
export function parsePairText(text, digits = 9, { axisNone = false } = {}) {
  const t = text.trim().replace(/^[([]\s*|\s*[)\]]$/g, '');
  // a separator with nothing on one side ('3,', '3,x') is a typo, not a pair
  const parts = t.split(/\s*[,x×]\s*|\s+/);
  if (parts.length < 1 || parts.length > 2 || parts.includes('')) return null;
  const v = parts.map((p) => (axisNone && p === 'None' ? undefined : parseIntText(p, digits)));
  if (v.includes(null)) return null;
  const pair = v.map((x) => (x === undefined ? null : x));
  return pair.length === 1 ? [pair[0], pair[0]] : pair;
}

/** "3" / "(3,)" / "[3]" → 3 (a 1-D op's size: PyTorch takes an int or a 1-tuple); null when malformed. */
function parseOneText(text, digits) {
  const t = text.trim().replace(/^[([]\s*|\s*,?\s*[)\]]$/g, '');
  return parseIntText(t, digits);
}

/** A float's text as a cell reads it ("2", "-1.5", "3e2") → the number; null when malformed or not finite. */
export function parseNumberText(text) {
  const v = parseCell(text);
  return v !== null && Number.isFinite(v) ? v : null;
}

/** A word with its Python quotes dropped: "'same'" → "same". */
function unquoted(text) {
  return text.replace(/^['"]|['"]$/g, '');
}

/**
 * Parses a value of argument `a` ({ kind, values, min, max, axes, axisNone }) from control or URL
 * text. Returns { ok: true, value } or { ok: false, error } with error the kind expected ('int',
 * 'number', 'pair', 'padding', 'bool', 'enum') or 'range' (well-formed but outside [min, max]).
 * Options: `nullable` ('' and 'None' are null), `words` ('same' / 'valid' for a 'padding'),
 * `digits` (of an int). A 'padding' with `axes` 1 (a 1-D op's) is one int or a word.
 */
export function parseArgText(a, raw, { nullable = false, words = true, digits = 9 } = {}) {
  const text = String(raw ?? '').trim();
  if (nullable && (text === '' || text === 'None')) return { ok: true, value: null };
  const inRange = (v) => v >= a.min && v <= a.max;
  switch (a.kind) {
    case 'enum': {
      const v = unquoted(text);
      return a.values.includes(v) ? { ok: true, value: v } : { ok: false, error: 'enum' };
    }
    case 'bool':
      if (/^(true|1|on)$/i.test(text)) return { ok: true, value: true };
      if (/^(false|0|off)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, error: 'bool' };
    case 'int': {
      const v = a.axes === 1 ? parseOneText(text, digits) : parseIntText(text, digits);
      if (v === null) return { ok: false, error: 'int' };
      return inRange(v) ? { ok: true, value: v } : { ok: false, error: 'range' };
    }
    case 'number': {
      const v = parseNumberText(text);
      if (v === null) return { ok: false, error: 'number' };
      return inRange(v) ? { ok: true, value: v } : { ok: false, error: 'range' };
    }
    case 'padding': {
      const word = unquoted(text);
      if (words && (word === 'same' || word === 'valid')) return { ok: true, value: word };
      if (a.axes === 1) {
        const v = parseOneText(text, digits);
        if (v === null) return { ok: false, error: 'padding' };
        return inRange(v) ? { ok: true, value: v } : { ok: false, error: 'range' };
      }
    }
    // falls through: a padding that is not a word is a pair
    case 'pair': {
      const v = parsePairText(text, digits, { axisNone: a.axisNone });
      if (v === null) return { ok: false, error: a.kind };
      return v.every((x) => x === null || inRange(x)) ? { ok: true, value: v } : { ok: false, error: 'range' };
    }
    default:
      return { ok: false, error: 'int' };
  }
}

/**
 * A value as control or URL text: a pair as "3" when square, else "3, 2" (`sep` between, in
 * parentheses with `parens`; an axis that is None as "None", and a pair of them as "None, None":
 * PyTorch's adaptive pools take no bare None); None as `none`; booleans as True / False; anything
 * else as String().
 */
export function valueText(value, { sep = ', ', parens = false, none = '' } = {}) {
  if (value === null || value === undefined) return none;
  if (Array.isArray(value)) {
    const [a, b] = value.map((v) => (v === null ? 'None' : String(v)));
    if (a === b && a !== 'None') return a;
    return parens ? `(${a}${sep}${b})` : `${a}${sep}${b}`;
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** A value as Python source: 3, (3, 2), 'same', True, None. */
export function pythonValue(value) {
  return typeof value === 'string' ? `'${value}'` : valueText(value, { parens: true, none: 'None' });
}

// ---------------------------------------------------------------------------------------------
// Values → convlens calls (PyTorch's module call text: module-call.js). `values` holds arguments by
// PyTorch's names (pairs as [h, w], None as null); an argument it does not hold (undefined) is one the
// caller does not set.
// ---------------------------------------------------------------------------------------------

/**
 * The convlens options of `op` (outputShape and the op's call): every argument that is an option
 * (not the channels, a conv's kernel size, the bias or return_indices), under its convlens name;
 * None (null) and unset arguments are left out, so the API applies PyTorch's default. A 1-D
 * forward()'s output_size is a list, as ConvTranspose1d.forward takes it: [l].
 */
export function apiOptions(op, values) {
  const o = {};
  for (const a of OP_TABLE[op].args) {
    if (a.positional || a.fromWeight || a.data || a.result) continue;
    const v = values[a.name];
    if (v !== null && v !== undefined) o[a.option] = a.forward && a.axes === 1 && typeof v === 'number' ? [v] : v;
  }
  return o;
}

/**
 * The parameterCount spec of a conv op: { op, inChannels, outChannels, kernelSize, groups, bias }.
 * @returns {import('./types.d.ts').ParameterCountSpec}
 */
export function parameterSpec(op, values) {
  const spec = /** @type {import('./types.d.ts').ParameterCountSpec} */ ({ op });
  for (const name of ['in_channels', 'out_channels', 'kernel_size', 'groups', 'bias']) spec[opArg(op, name).option] = values[name];
  return spec;
}
