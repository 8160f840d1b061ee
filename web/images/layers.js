// The layer schema of image mode: which arguments each layer type has (PyTorch's names), their
// kinds, ranges and defaults, and the one text form of each value (controls and the URL share it).
// Pure (no DOM, no wasm).
import { CHANNEL_MODES, KERNELS } from './kernels.js';

/** Layer types, by their convlens op names. */
export const OPS = Object.freeze(['conv2d', 'maxPool2d', 'avgPool2d', 'convTranspose2d']);
/** Ops with a weight. */
export const CONV_OPS = Object.freeze(['conv2d', 'convTranspose2d']);
/** torch.nn class names. */
export const MODULES = Object.freeze({ conv2d: 'Conv2d', convTranspose2d: 'ConvTranspose2d', maxPool2d: 'MaxPool2d', avgPool2d: 'AvgPool2d' });

/** Limits that keep a hostile or mistyped URL from exhausting memory. */
export const LIMITS = Object.freeze({
  layers: 8,
  kernel: 15, // kernel_size and custom weight rows/columns
  numberChars: 24, // one number's text
  outputElements: 1 << 24, // per layer output (checked with the API's outputShape before running)
});

const ALL = OPS;
const POOLS = ['maxPool2d', 'avgPool2d'];
const RANDOM_OR_MEAN = (l) => l.channels === 'mean' || l.channels === 'random';
const SIZED = (l) => !CONV_OPS.includes(l.op) || l.channels === 'random' || (typeof l.weight === 'string' && KERNELS.find((k) => k.id === l.weight)?.sized);

/**
 * The schema. kind: 'weight' (preset id or matrix) | 'enum' | 'int' | 'pair' | 'padding' (pair or
 * 'same'/'valid') | 'bool' | 'number'. `ops`: the layer types with this argument; `def`: the
 * default per op (a value, or { op: value }); `nullable`: None allowed; `shown(layer)`: whether the
 * argument matters for this layer (the others keep their values but are hidden).
 */
export const FIELDS = Object.freeze([
  { name: 'weight', kind: 'weight', ops: CONV_OPS, def: { conv2d: 'gaussian', convTranspose2d: 'bilinear' }, shown: (l) => l.channels !== 'random' },
  { name: 'channels', kind: 'enum', values: CHANNEL_MODES.map((m) => m.id), ops: CONV_OPS, def: 'depthwise' },
  { name: 'out_channels', kind: 'int', min: 1, max: 64, ops: CONV_OPS, def: 3, shown: RANDOM_OR_MEAN },
  { name: 'groups', kind: 'int', min: 1, max: 64, ops: CONV_OPS, def: 1, shown: RANDOM_OR_MEAN },
  { name: 'seed', kind: 'int', min: 0, max: 2147483647, ops: CONV_OPS, def: 0, shown: (l) => l.channels === 'random' },
  { name: 'kernel_size', kind: 'pair', min: 1, max: LIMITS.kernel, ops: ALL, def: { conv2d: [5, 5], convTranspose2d: [4, 4], maxPool2d: [2, 2], avgPool2d: [2, 2] }, shown: SIZED },
  { name: 'stride', kind: 'pair', min: 1, max: 16, ops: ALL, def: { conv2d: [1, 1], convTranspose2d: [2, 2], maxPool2d: null, avgPool2d: null }, nullable: (l) => POOLS.includes(l.op) },
  { name: 'padding', kind: 'padding', min: 0, max: 16, ops: ALL, def: { conv2d: 'same', convTranspose2d: [1, 1], maxPool2d: [0, 0], avgPool2d: [0, 0] }, words: (l) => l.op === 'conv2d' },
  { name: 'dilation', kind: 'pair', min: 1, max: 8, ops: ['conv2d', 'convTranspose2d', 'maxPool2d'], def: [1, 1] },
  { name: 'padding_mode', kind: 'enum', values: ['zeros', 'reflect', 'replicate', 'circular'], ops: ['conv2d'], def: 'zeros' },
  { name: 'output_padding', kind: 'pair', min: 0, max: 15, ops: ['convTranspose2d'], def: [0, 0] },
  { name: 'output_size', kind: 'pair', min: 1, max: 4096, ops: ['convTranspose2d'], def: null, nullable: true },
  { name: 'bias', kind: 'number', ops: CONV_OPS, def: null, nullable: true },
  { name: 'ceil_mode', kind: 'bool', ops: POOLS, def: false },
  { name: 'count_include_pad', kind: 'bool', ops: ['avgPool2d'], def: true },
  { name: 'divisor_override', kind: 'int', min: -1000, max: 1000, ops: ['avgPool2d'], def: null, nullable: true },
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

const isNullable = (f, layer) => (typeof f.nullable === 'function' ? f.nullable(layer) : Boolean(f.nullable));

// ---------------------------------------------------------------------------------------------
// Values ⇄ text
// ---------------------------------------------------------------------------------------------

const INT = /^[+-]?\d{1,10}$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,3})?$/i;

/** A number's text → the number, or null (not a finite decimal number, or too long). */
export function parseNumber(text) {
  const t = String(text).trim();
  if (t.length > LIMITS.numberChars || !NUM.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** The shortest decimal text that reads back as the same float32 (deterministic). */
export function float32Text(v) {
  const f = Math.fround(v);
  if (Object.is(f, -0) || f === 0) return '0';
  for (let p = 1; p <= 9; p++) {
    const t = f.toPrecision(p);
    if (Math.fround(Number(t)) === f) return String(Number(t));
  }
  return String(f);
}

/** "3" / "3, 2" / "(3, 2)" / "[3,2]" / "3x2" → [h, w]; null when malformed. */
function parsePair(text) {
  const t = text.trim().replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  const parts = t.split(/\s*[,x×]\s*|\s+/).filter((p) => p !== '');
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => INT.test(p))) return null;
  const v = parts.map(Number);
  return v.length === 1 ? [v[0], v[0]] : v;
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
  const range = `${name} must be between ${f.min} and ${f.max}, got ${shown}`;
  switch (f.kind) {
    case 'weight': {
      const word = text.replace(/^['"]|['"]$/g, '');
      if (KERNELS.some((k) => k.id === word)) return { ok: true, value: word };
      const m = parseMatrix(text);
      return m ? { ok: true, value: m } : { ok: false, message: `weight must be a preset (${KERNELS.map((k) => k.id).join(', ')}) or rows of numbers (at most ${LIMITS.kernel}×${LIMITS.kernel}), got ${shown}` };
    }
    case 'enum': {
      const v = text.replace(/^['"]|['"]$/g, '');
      return f.values.includes(v) ? { ok: true, value: v } : { ok: false, message: `${name} must be one of ${f.values.join(', ')}, got ${shown}` };
    }
    case 'bool':
      if (/^(true|1|on)$/i.test(text)) return { ok: true, value: true };
      if (/^(false|0|off)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, message: `${name} must be True or False, got ${shown}` };
    case 'int': {
      if (!INT.test(text)) return { ok: false, message: `${name} must be an integer, got ${shown}` };
      const v = Number(text);
      return v >= f.min && v <= f.max ? { ok: true, value: v } : { ok: false, message: range };
    }
    case 'number': {
      const v = parseNumber(text);
      return v === null ? { ok: false, message: `${name} must be a number${isNullable(f, layer) ? ' or None' : ''}, got ${shown}` } : { ok: true, value: v };
    }
    case 'padding': {
      const word = text.replace(/^['"]|['"]$/g, '');
      if ((word === 'same' || word === 'valid') && f.words(layer)) return { ok: true, value: word };
    }
    // falls through: a padding that is not a word is a pair
    case 'pair': {
      const v = parsePair(text);
      if (v === null) {
        const what = f.kind === 'padding' && f.words(layer) ? "an integer, a pair (h, w), 'same' or 'valid'" : 'an integer or a pair (h, w)';
        return { ok: false, message: `${name} must be ${what}${isNullable(f, layer) ? ' or None' : ''}, got ${shown}` };
      }
      return v.every((x) => x >= f.min && x <= f.max) ? { ok: true, value: v } : { ok: false, message: range };
    }
    default:
      return { ok: false, message: `unknown argument ${name}` };
  }
}

/**
 * A value as text. `style` 'control' (what a control shows: "3", "3, 2", "" for None, rows on
 * lines for a custom weight) or 'url' (compact: "3", "(3,2)", "None", "[[1,2],[3,4]]").
 */
export function fieldText(f, value, style = 'control') {
  const url = style === 'url';
  if (value === null || value === undefined) return url ? 'None' : '';
  if (f.kind === 'weight' && Array.isArray(value)) {
    return url ? matrixText(value) : value.map((r) => r.map(float32Text).join(' ')).join('\n');
  }
  if (Array.isArray(value)) return value[0] === value[1] ? String(value[0]) : url ? `(${value[0]},${value[1]})` : `${value[0]}, ${value[1]}`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return f.kind === 'number' ? float32Text(value) : String(value);
  return String(value);
}

/** The kernel size of a conv layer's weight: a fixed preset's, a custom matrix's, else kernel_size. */
export function effectiveKernelSize(layer) {
  if (!CONV_OPS.includes(layer.op) || layer.channels === 'random') return layer.kernel_size;
  if (Array.isArray(layer.weight)) return [layer.weight.length, layer.weight[0].length];
  const p = KERNELS.find((k) => k.id === layer.weight);
  return p?.fixed ? [p.fixed.length, p.fixed[0].length] : layer.kernel_size;
}
