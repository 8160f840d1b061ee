// The layer schema of image mode: which arguments each layer type has (PyTorch's names), their
// kinds, ranges and defaults, and the one text form of each value (controls and the URL share it).
// Pure (no DOM, no wasm).
import { CHANNEL_MODES, KERNELS } from './kernels.js';
import { float32Text } from '../ui/model/numbers.js';
import { CONV_OPS, argField, opArg, parseArgText, valueText } from '../ui/model/ops.js';
import { tr } from './strings.js';

/** Layer types, by their convlens op names, in the order the menus list them. */
export const OPS = Object.freeze([
  'conv2d', 'maxPool2d', 'avgPool2d', 'convTranspose2d', 'adaptiveAvgPool2d', 'adaptiveMaxPool2d', 'lpPool2d',
]);

/** Limits that keep a hostile or mistyped URL from exhausting memory. */
export const LIMITS = Object.freeze({
  layers: 8,
  kernel: 15, // kernel_size and custom weight rows/columns
  numberChars: 24, // one number's text
  outputElements: 1 << 24, // per layer output (checked with the API's outputShape before running)
});

const RANDOM_OR_MEAN = (l) => l.channels === 'mean' || l.channels === 'random';
const SIZED = (l) => !CONV_OPS.includes(l.op) || l.channels === 'random' || (typeof l.weight === 'string' && KERNELS.find((k) => k.id === l.weight)?.sized);

/**
 * An op argument as a layer field: ops.js's kind, range, ops and PyTorch's default for each op, with
 * image mode's changes (`more`: narrower ranges, its own defaults by op). None and the words
 * 'same' / 'valid' are allowed where the layer's op allows them.
 */
function argument(name, more = {}) {
  const f = argField(name);
  const { def, ...rest } = more;
  const own = {};
  if (f.nullable) own.nullable = (l) => Boolean(opArg(l.op, name)?.nullable);
  if (f.kind === 'padding') own.words = (l) => opArg(l.op, name)?.kind === 'padding';
  const defs = Object.fromEntries(f.ops.map((op) => [op, def?.[op] !== undefined ? def[op] : opArg(op, name).def]));
  return Object.freeze({ ...f, ...own, ...rest, def: defs });
}

/**
 * The schema. kind: 'weight' (preset id or matrix) | 'enum' | 'int' | 'pair' | 'padding' (pair or
 * 'same'/'valid') | 'bool' | 'number' (`float32`: a tensor's value, else a Python float). `ops`: the
 * layer types with this argument; `def`: the default per op (a value, or { op: value }); `nullable`:
 * None allowed; `shown(layer)`: whether the argument matters for this layer (the others keep their
 * values but are hidden). The op arguments come from ops.js; weight, channels, seed and bias (a
 * value, not a flag) are image mode's own.
 */
/** @type {readonly (Omit<import('../ui/model/types.d.ts').Field, 'nullable'> & Record<string, any>)[]} */
export const FIELDS = Object.freeze([
  { name: 'weight', kind: 'weight', ops: CONV_OPS, def: { conv2d: 'gaussian', convTranspose2d: 'bilinear' }, shown: (l) => l.channels !== 'random' },
  { name: 'channels', kind: 'enum', values: CHANNEL_MODES.map((m) => m.id), ops: CONV_OPS, def: 'depthwise' },
  argument('out_channels', { def: { conv2d: 3, convTranspose2d: 3 }, shown: RANDOM_OR_MEAN }),
  argument('groups', { min: 1, shown: RANDOM_OR_MEAN }),
  { name: 'seed', kind: 'int', min: 0, max: 2147483647, ops: CONV_OPS, def: 0, shown: (l) => l.channels === 'random' },
  argument('norm_type', { def: { lpPool2d: 2 } }),
  argument('kernel_size', {
    max: LIMITS.kernel,
    def: { conv2d: [5, 5], convTranspose2d: [4, 4], maxPool2d: [2, 2], avgPool2d: [2, 2], lpPool2d: [2, 2] },
    shown: SIZED,
  }),
  argument('stride', { min: 1, max: 16, def: { convTranspose2d: [2, 2] } }),
  argument('padding', { min: 0, max: 16, def: { conv2d: 'same', convTranspose2d: [1, 1] } }),
  argument('dilation', { min: 1, max: 8 }),
  argument('padding_mode'),
  argument('output_padding', { max: 15 }),
  // PyTorch gives the adaptive pools' output_size no default: ResNet's last 7×7 feature map, whose
  // windows vary in size on image mode's pictures
  argument('output_size', { def: { adaptiveAvgPool2d: [7, 7], adaptiveMaxPool2d: [7, 7] } }),
  { name: 'bias', kind: 'number', float32: true, ops: CONV_OPS, def: null, nullable: true },
  argument('ceil_mode'),
  argument('count_include_pad'),
  argument('divisor_override'),
]);

/** The schema entry of an argument (undefined for unknown names). */
export function field(name) {
  return FIELDS.find((f) => f.name === name);
}

/** The arguments of a layer type, in schema order. */
export function fieldsOf(op) {
  return FIELDS.filter((f) => f.ops.includes(op));
}

/** Whether argument `f` matters for `layer` (hidden ones keep their values). */
export function fieldShown(f, layer) {
  return f.ops.includes(layer.op) && (f.shown ? Boolean(f.shown(layer)) : true);
}

function defaultOf(f, op) {
  const d = f.def !== null && typeof f.def === 'object' && !Array.isArray(f.def) ? f.def[op] : f.def;
  return Array.isArray(d) ? [...d] : d;
}

/** A fresh layer of type `op` with every argument at its default. */
export function defaultLayer(op) {
  if (!OPS.includes(op)) throw new Error(`unknown layer type '${op}'`);
  const l = { op };
  for (const f of fieldsOf(op)) l[f.name] = defaultOf(f, op);
  return l;
}

/** A layer from a partial description (tests, presets): defaults plus `patch`. */
export function makeLayer(op, patch = {}) {
  return { ...defaultLayer(op), ...patch, op };
}

/** Whether `value` is the default of argument `f` for layer type `op`. */
export function isDefault(f, op, value) {
  return JSON.stringify(value) === JSON.stringify(defaultOf(f, op));
}

/** Whether argument `f` of `layer` may be None as a whole. */
export const isNullable = (f, layer) => (typeof f.nullable === 'function' ? f.nullable(layer) : Boolean(f.nullable));

/** Whether one axis of argument `f` of `layer` may be None (an adaptive pool's output_size keeps that axis). */
export const axisNone = (f, layer) => Boolean(opArg(layer.op, f.name)?.axisNone);

// ---------------------------------------------------------------------------------------------
// Values ⇄ text
// ---------------------------------------------------------------------------------------------

const NUM = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,3})?$/i;

/** A number's text → the number, or null (not a finite decimal number, or too long). */
export function parseNumber(text) {
  const t = String(text).trim();
  if (t.length > LIMITS.numberChars || !NUM.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * A custom weight's text → rows of numbers, or null. Accepts "[[1, 2], [3, 4]]", rows on lines or
 * separated by ';' or '/', cells by spaces or commas. Rows must be equally long, at most
 * LIMITS.kernel × LIMITS.kernel.
 */
export function parseMatrix(text) {
  const t = String(text).trim();
  if (t.length > LIMITS.kernel * LIMITS.kernel * (LIMITS.numberChars + 2) + 64) return null;
  let rowTexts;
  if (t.startsWith('[')) {
    const inner = t.replace(/^\[\s*/, '').replace(/\s*\]$/, '');
    if (!inner.startsWith('[')) rowTexts = [inner];
    else rowTexts = inner.split(/\]\s*,?\s*\[/).map((r) => r.replace(/^\[|\]$/g, ''));
  } else {
    rowTexts = t.split(/\s*[\n;/]\s*/);
  }
  rowTexts = rowTexts.map((r) => r.trim()).filter((r) => r !== '');
  if (rowTexts.length < 1 || rowTexts.length > LIMITS.kernel) return null;
  const rows = [];
  for (const r of rowTexts) {
    const cells = r.split(/\s*,\s*|\s+/).filter((c) => c !== '');
    if (cells.length < 1 || cells.length > LIMITS.kernel) return null;
    const row = cells.map(parseNumber);
    if (row.some((v) => v === null)) return null;
    rows.push(row);
  }
  return rows.every((r) => r.length === rows[0].length) ? rows : null;
}

/** Rows of numbers as the URL / code form "[[1,2],[3,4]]" (float32 texts). */
export function matrixText(rows, sep = ',') {
  return `[${rows.map((r) => `[${r.map(float32Text).join(sep)}]`).join(sep)}]`;
}

/**
 * Parses an argument's text for `layer` (controls and URL alike). Returns { ok: true, value } or
 * { ok: false, message } with a message naming the argument and the value. Never throws.
 */
export function parseFieldText(f, raw, layer) {
  const text = String(raw ?? '').trim();
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  const name = f.name;
  if (isNullable(f, layer) && (text === '' || text === 'None')) return { ok: true, value: null };
  const failure = (key, params = {}) => ({
    ok: false, message: tr(key, { name, value: shown, orNone: isNullable(f, layer) ? tr('parseOrNone') : '', ...params }),
  });
  if (f.kind === 'weight') {
    const word = text.replace(/^['"]|['"]$/g, '');
    if (KERNELS.some((k) => k.id === word)) return { ok: true, value: word };
    const m = parseMatrix(text);
    return m ? { ok: true, value: m } : failure('parseWeight', { presets: KERNELS.map((k) => k.id).join(', '), max: LIMITS.kernel });
  }
  if (f.kind === 'number') {
    const v = parseNumber(text);
    if (v === null) return failure('parseNumber');
    return f.min !== undefined && !(v >= f.min && v <= f.max) ? failure('parseRange', { min: f.min, max: f.max }) : { ok: true, value: v };
  }
  const words = f.kind === 'padding' && f.words(layer);
  const sized = axisNone(f, layer);
  const r = parseArgText(sized ? { ...f, axisNone: true } : f, text, { words, digits: 10 });
  if (r.ok) return r;
  switch (r.error) {
    case 'range': return failure('parseRange', { min: f.min, max: f.max });
    case 'enum': return failure('parseEnum', { values: f.values.join(', ') });
    case 'bool': return failure('parseBool');
    case 'int': return failure('parseInt');
    case 'pair':
    case 'padding': return failure(words ? 'parsePadding' : sized ? 'parseSize' : 'parsePair');
    default: return failure('parseUnknown');
  }
}

/**
 * A value as text. `style` 'control' (what a control shows: "3", "3, 2", "" for None, rows on
 * lines for a custom weight) or 'url' (compact: "3", "(3,2)", "None", "[[1,2],[3,4]]").
 */
export function fieldText(f, value, style = 'control') {
  const url = style === 'url';
  if (f.kind === 'weight' && Array.isArray(value)) {
    return url ? matrixText(value) : value.map((r) => r.map(float32Text).join(' ')).join('\n');
  }
  if (f.kind === 'number' && typeof value === 'number') return f.float32 ? float32Text(value) : String(value); // norm_type: a double
  return url ? valueText(value, { sep: ',', parens: true, none: 'None' }) : valueText(value);
}

/** The kernel size of a conv layer's weight: a fixed preset's, a custom matrix's, else kernel_size. */
export function effectiveKernelSize(layer) {
  if (!CONV_OPS.includes(layer.op) || layer.channels === 'random') return layer.kernel_size;
  if (Array.isArray(layer.weight)) return [layer.weight.length, layer.weight[0].length];
  const p = KERNELS.find((k) => k.id === layer.weight);
  return p?.fixed ? [p.fixed.length, p.fixed[0].length] : layer.kernel_size;
}
