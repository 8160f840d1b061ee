// The ONE state schema of the playground, and its one parse and one serialize of the URL hash.
// Pure (no DOM). Field names are PyTorch's argument names (nn.Conv2d, nn.ConvTranspose2d,
// nn.MaxPool2d, nn.AvgPool2d), so the URL reads like the Python call:
//   #op=conv2d&kernel_size=3&stride=2&padding=1&input=1x1x5x5:1,2,0,…
// The hash is untrusted input: parseHash() never throws and never evaluates anything; a malformed or
// out-of-range value falls back to its default and adds a notice ({ key, params }) for the page to show.
// Unknown and repeated keys are counted into one notice each, so a hash of 100 000 keys parses in
// linear time and shows two lines, not 100 000.
import { count, filled, fromNumbers, fromTexts, resized } from './tensors.js';
import { FILL_KINDS } from './random.js';
import { CONV_OPS, OP_TABLE, argField, opArg, parseArgText, valueText } from './ops.js';

/** The 1-D ops, in the op picker after the 2-D ones. */
const PLAYGROUND_1D_OPS = ['conv1d', 'convTranspose1d', 'maxPool1d', 'avgPool1d', 'adaptiveAvgPool1d', 'adaptiveMaxPool1d'];

/**
 * @typedef {import('./types.d.ts').PlaygroundState} PlaygroundState
 * @typedef {import('./types.d.ts').Notice} Notice
 */

/** Interface languages. */
export const LANGS = ['en', 'zh'];

/** Playground limits that keep a hostile or mistyped URL from exhausting memory. */
export const LIMITS = Object.freeze({
  // longer hashes are ignored whole (Chromium's URLs stop at 2 MiB; a parse at this length takes tens of ms)
  hashChars: 2_000_000,
  tensorElements: 65_536, // per tensor (input, weight)
  cellChars: 40, // longer cell texts are cut
  outputElements: 1 << 20, // checked by compute.js before running an op
});

/**
 * The op picker's ops, in its order: the vocabulary's ops (ops.js) that the playground computes,
 * explains and animates; the others join as it learns to draw them.
 */
export const PLAYGROUND_OPS = Object.freeze(['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d',
  'adaptiveMaxPool2d', 'lpPool2d', 'unfold', 'fold', 'maxUnpool2d', ...PLAYGROUND_1D_OPS]);
const ALL = PLAYGROUND_OPS;
/** The sizes that switch between a pair and one int when a 2-D op and a 1-D op are swapped. */
export const SIZE_PAIRS = ['input_size', 'kernel_size'];

/** Whether op `op` works on [N, C, L]: its sizes are one int each, its tensors [N, C, L] and [out, in, k]. */
export function isOneD(op) {
  return OP_TABLE[op]?.dims === 1;
}

/** Whether op `op`'s input is [N, C, L] (its input_size one int): a 1-D op's, and fold's [N, C·kh·kw, L]. */
export function lengthInput(op) {
  return isOneD(op) || op === 'fold';
}

/** The transposed convolutions (weight [in, out / groups, …]; a scatter view of the animation). */
export const TRANSPOSED_OPS = Object.freeze(['convTranspose2d', 'convTranspose1d']);
const PAIR = 'pair';

/** An op argument as a playground field (ops.js's kind, range and default), with the playground's changes. */
function argument(name, more = {}) {
  return Object.freeze({ ...argField(name), ...more });
}

/** The tensors' sizes (the input's are the playground's own; a pool's in_channels is its input's). */
export const SIZE_FIELDS = Object.freeze(['batch', 'in_channels', 'out_channels', 'input_size', 'kernel_size']);
/** The op's other arguments, in the order the controls show them. */
export const ARG_FIELDS = Object.freeze(['norm_type', 'stride', 'padding', 'dilation', 'groups', 'padding_mode', 'output_padding',
  'output_size', 'bias', 'ceil_mode', 'return_indices', 'count_include_pad', 'divisor_override']);

/**
 * The schema. kind: 'enum' | 'int' | 'pair' | 'padding' (pair or 'same'/'valid') | 'bool'.
 * `ops`: the ops that have this argument; `nullable`: None is allowed (shown as an empty control).
 * The op arguments come from ops.js; the playground starts from the tutorial (kernel 3, no bias)
 * and gives every op a stride of 1 (None, a pool's default, is one click away).
 */
/** @type {readonly import('./types.d.ts').Field[]} */
export const FIELDS = Object.freeze([
  { name: 'op', kind: 'enum', values: PLAYGROUND_OPS, def: 'conv2d', ops: ALL },
  { name: 'batch', kind: 'int', min: 1, max: 8, def: 1, ops: ALL },
  argument('in_channels', { def: 1, ops: ALL }),
  argument('out_channels', { def: 1 }),
  { name: 'input_size', kind: PAIR, min: 1, max: 256, def: [5, 5], ops: ALL },
  argument('kernel_size', { def: [3, 3] }),
  argument('stride', { def: [1, 1] }),
  argument('padding'),
  argument('dilation'),
  argument('groups'),
  argument('padding_mode'),
  argument('bias', { def: false }),
  argument('output_padding'),
  // an adaptive pool's None for one axis keeps that axis (the API refuses it for the other ops, in PyTorch's words)
  argument('output_size', { axisNone: true }),
  argument('norm_type', { def: 2 }),
  argument('ceil_mode'),
  argument('return_indices'),
  argument('count_include_pad'),
  argument('divisor_override'),
  { name: 'lang', kind: 'enum', values: LANGS, def: 'en', ops: ALL },
  // the sliding-window animation (animation-view.js): how it is shown, so a link reproduces a frame
  { name: 'anim_view', kind: 'enum', values: ['direct', 'scatter'], def: 'direct', ops: TRANSPOSED_OPS },
  { name: 'anim_batch', kind: 'int', min: 0, max: 7, def: 0, ops: ALL },
  { name: 'anim_channel', kind: 'int', min: 0, max: 63, def: 0, ops: ALL },
  { name: 'anim_step', kind: 'int', min: 0, max: 4095, def: 0, ops: ALL },
  { name: 'anim_speed', kind: 'enum', values: ['0.25', '0.5', '1', '2', '4', '8'], def: '1', ops: ALL },
  { name: 'anim_loop', kind: 'bool', def: true, ops: ALL },
  { name: 'anim_values', kind: 'bool', def: true, ops: ALL },
  // the pinned output cell (its flat index in the output tensor), whose arithmetic the explanation shows
  { name: 'select', kind: 'int', min: 0, max: LIMITS.outputElements, def: null, nullable: true, ops: ALL },
]);

/** The animation's fields (kept when a preset replaces the rest of the state, but the step and plane). */
export const ANIM_FIELDS = ['anim_view', 'anim_speed', 'anim_loop', 'anim_values'];

// parseHash looks up every key of the hash: a Map, not a scan of FIELDS
const FIELD_BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** The schema entry of a field name (undefined for unknown names). */
export function field(name) {
  return FIELD_BY_NAME.get(name);
}

/**
 * Field `f` as op `op` takes it: a 1-D op's sizes (the input's length, and each pair of a 2-D op) are one int.
 * @param {import('./types.d.ts').Field} f
 * @param {string} op
 */
export function fieldFor(f, op) {
  if (op === 'fold' && f.name === 'input_size') return { ...f, kind: 'int', axes: 1 };
  if (!isOneD(op)) return f;
  if (SIZE_PAIRS.includes(f.name)) return { ...f, kind: 'int', axes: 1 };
  const a = opArg(op, f.name);
  return a && (f.kind === PAIR || f.kind === 'padding') ? { ...f, kind: a.kind, axes: 1, axisNone: false } : f;
}

/** Whether `op` has the argument `name`. */
export function fieldApplies(name, op) {
  return field(name)?.ops.includes(op) ?? false;
}

/** The tutorial's 5×5 input and 3×3 weight: the default state. */
export const TUTORIAL_INPUT = [[1, 2, 0, 3, 1], [0, 1, 2, 3, 1], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]];
export const TUTORIAL_WEIGHT = [[1, 2, 1], [0, 1, 0], [2, 1, 0]];

/** A field's value that a state can own: a pair copied, anything else as it is. */
export const copyValue = (v) => (Array.isArray(v) ? [...v] : v);

/**
 * A fresh default state: the tutorial's Conv2d(1, 1, 3) on its 5×5 input, no bias, English.
 * @returns {PlaygroundState}
 */
export function defaultState() {
  const s = /** @type {PlaygroundState} */ ({});
  for (const f of FIELDS) s[f.name] = copyValue(f.def);
  s.tensors = {
    input: fromNumbers([1, 1, 5, 5], TUTORIAL_INPUT),
    weight: fromNumbers([1, 1, 3, 3], TUTORIAL_WEIGHT),
    bias: fromNumbers([1], [0]),
  };
  return s;
}

/** The playground's value of an argument PyTorch requires (no default): an adaptive pool's 2 × 2 output. */
const REQUIRED_VALUES = Object.freeze({ output_size: [2, 2], norm_type: 2 });

/** The playground's value of required argument `name` of op `op` (a 1-D op's output_size is one int). */
export function requiredValue(op, name) {
  const v = REQUIRED_VALUES[name];
  return isOneD(op) && Array.isArray(v) ? v[1] : copyValue(v);
}

/** The state with the playground's value in each required argument of its op that is None (`given`: kept). */
export function withRequired(s, given = new Set()) {
  for (const a of OP_TABLE[s.op].args) {
    if (a.def === undefined && a.name in REQUIRED_VALUES && s[a.name] === null && !given.has(a.name)) {
      s[a.name] = requiredValue(s.op, a.name);
    }
  }
  return s;
}

/**
 * input: [batch, in_channels, H, W]; a 1-D op's [batch, in_channels, L].
 * @param {PlaygroundState} s
 */
export function inputShape(s) {
  const size = s.input_size;
  return [s.batch, s.in_channels, ...(Array.isArray(size) ? size : [size])];
}

/**
 * weight: conv2d [out, in/groups, kH, kW]; convTranspose2d [in, out/groups, kH, kW] (the 1-D ones [.., k]);
 * null when groups does not divide the channels (the weight is then left as it is, edits kept).
 * @param {PlaygroundState} s
 * @returns {number[] | null}
 */
export function weightShape(s) {
  const g = s.groups;
  const k = Array.isArray(s.kernel_size) ? s.kernel_size : [s.kernel_size];
  if (!(g >= 1) || s.in_channels % g !== 0 || s.out_channels % g !== 0) return null;
  const transposed = TRANSPOSED_OPS.includes(s.op);
  return transposed ? [s.in_channels, s.out_channels / g, ...k] : [s.out_channels, s.in_channels / g, ...k];
}

/**
 * The output channels an op produces (pools keep the input's).
 * @param {PlaygroundState} s
 */
export function outChannels(s) {
  return CONV_OPS.includes(s.op) ? s.out_channels : s.in_channels;
}

/**
 * The state with its tensors resized to the shapes its fields describe (keeping what overlaps).
 * @param {PlaygroundState} s
 * @returns {PlaygroundState}
 */
export function syncShapes(s) {
  const t = { ...s.tensors };
  t.input = resized(t.input, inputShape(s));
  if (CONV_OPS.includes(s.op)) {
    const ws = weightShape(s);
    if (ws && count(ws) <= LIMITS.tensorElements) t.weight = resized(t.weight, ws);
    t.bias = resized(t.bias, [s.out_channels]);
  }
  return { ...s, tensors: t };
}

// ---------------------------------------------------------------------------------------------
// Field values ⇄ text (controls and URL share these)
// ---------------------------------------------------------------------------------------------

/**
 * Parses a control's (or the URL's) text for a field (as op `op` takes it, when given). Returns { ok: true, value } or
 * { ok: false, key, params } with an i18n message key ('expectInt', 'expectPair', 'outOfRange', …).
 */
export function parseFieldText(f, raw, op = null) {
  if (op) f = fieldFor(f, op);
  const text = String(raw ?? '').trim();
  const name = f.name;
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  const r = parseArgText(f, text, { nullable: f.nullable });
  if (r.ok) return r;
  switch (r.error) {
    case 'range': return { ok: false, key: 'outOfRange', params: { name, min: f.min, max: f.max, value: shown } };
    case 'number': return { ok: false, key: 'expectNumber', params: { name, value: shown } };
    case 'enum': return { ok: false, key: 'expectOneOf', params: { name, value: shown, choices: f.values.join(', ') } };
    case 'bool': return { ok: false, key: 'expectBool', params: { name, value: shown } };
    case 'pair': return { ok: false, key: 'expectPair', params: { name, value: shown } };
    case 'padding': return { ok: false, key: 'expectPadding', params: { name, value: shown } };
    default: return { ok: false, key: 'expectInt', params: { name, value: shown } };
  }
}

/** A field value as control / URL text: pairs "3" or "3, 2" (`sep` between), None as "" (or "None"). */
export function fieldText(f, value, { sep = ', ', none = '' } = {}) {
  return valueText(value, { sep, none });
}

function sameValue(a, b) {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v, i) => v === b[i]) : a === b;
}

// ---------------------------------------------------------------------------------------------
// Tensors in the URL: "<d0>x<d1>x…:<cells>" with cells comma-separated (each URI-encoded, so a
// cell's text may hold anything), or "<dims>:~<fill>.<seed>" for an unedited fill.
// ---------------------------------------------------------------------------------------------

function serializeTensor(t) {
  const dims = t.shape.join('x');
  if (t.fill) return `${dims}:~${t.fill.kind}.${t.fill.seed}`;
  return `${dims}:${t.texts.map((c) => encodeURIComponent(c)).join(',')}`;
}

/** Parses a URL tensor; null when malformed or too large (the caller keeps the default and adds a notice). */
function parseTensor(text, ranks) {
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const dims = text.slice(0, colon).split('x');
  if (!ranks.includes(dims.length) || !dims.every((d) => /^\d{1,5}$/.test(d))) return null;
  const shape = dims.map(Number);
  if (shape.some((d) => d < 1)) return null;
  const n = count(shape);
  if (n > LIMITS.tensorElements) return null;
  const body = text.slice(colon + 1);
  const fill = /^~([a-z]+)\.(\d{1,10})$/.exec(body);
  if (fill) return FILL_KINDS.includes(fill[1]) ? filled(shape, fill[1], Number(fill[2]) >>> 0) : null;
  const cells = body.split(',');
  if (cells.length !== n) return null;
  const texts = [];
  for (const c of cells) {
    let v = c;
    try {
      if (c.includes('%')) v = decodeURIComponent(c); // most cells are plain numbers
    } catch {
      return null;
    }
    texts.push(v.length > LIMITS.cellChars ? v.slice(0, LIMITS.cellChars) : v);
  }
  return fromTexts(shape, texts);
}

/** Which tensors the URL carries for a state: the input always, weight for conv ops, bias when on. */
function tensorsInUrl(s) {
  const names = ['input'];
  if (CONV_OPS.includes(s.op)) names.push('weight');
  if (CONV_OPS.includes(s.op) && s.bias) names.push('bias');
  if (s.op === 'maxUnpool2d' && s.tensors.indices) names.push('indices'); // typed, not max pooling's
  return names;
}

// a Map: looking a hostile key up as an object property would intern every one of them
// (a 1-D op's input and weight are 3-D; one of the other rank is resized to the op's, with a notice)
const TENSOR_RANK = new Map([['input', [3, 4]], ['weight', [3, 4]], ['bias', [1]], ['indices', [4]]]);

/** The keys the hash knows, by length: a key of the hash is matched against these in place, not sliced. */
const KEYS_BY_LENGTH = (() => {
  const byLength = [];
  for (const k of [...FIELD_BY_NAME.keys(), ...TENSOR_RANK.keys()]) (byLength[k.length] ??= []).push(k);
  return byLength;
})();

/** The known key raw[start, end) is (the schema's own string), or null. */
function knownKey(raw, start, end) {
  const len = end - start;
  const names = len < KEYS_BY_LENGTH.length ? KEYS_BY_LENGTH[len] : undefined;
  if (names) for (const k of names) if (raw.startsWith(k, start)) return k;
  return null;
}

/** The state as a URL hash (without '#'): only fields that differ from the defaults, then the tensors. */
export function serializeHash(s) {
  const parts = [];
  const def = defaultState();
  for (const f of FIELDS) {
    if (f.name === 'bias') continue; // carried by the bias tensor itself (absent = None)
    // a 1-D op's sizes are the defaults' widths
    const d = fieldFor(f, s.op) !== f && Array.isArray(def[f.name]) ? def[f.name][1] : def[f.name];
    if (f.name !== 'op' && !sameValue(s[f.name], d)) {
      parts.push(`${f.name}=${encodeURIComponent(fieldText(f, s[f.name], { sep: ',', none: 'None' }))}`);
    } else if (f.name === 'op') {
      parts.push(`op=${s.op}`);
    }
  }
  for (const name of tensorsInUrl(s)) parts.push(`${name}=${serializeTensor(s.tensors[name])}`);
  return parts.join('&');
}

/** Clips an untrusted string for display in a notice. */
function clip(v) {
  const t = String(v);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** How many keys an aggregated notice names; the rest are only counted. */
export const NOTICE_KEYS = 3;

/**
 * Keys of one kind (unknown, repeated): how many, the first few distinct ones to name, and whether there are
 * others.
 */
function keyTally() {
  return { count: 0, raw: [], keys: [], more: false };
}

/**
 * Counts the key raw[start, end) into a tally; `shown(key)` makes the text to name it by (decoded,
 * clipped), called only for the first few distinct keys, so a hash of one key repeated a million
 * times neither slices nor decodes a million times.
 */
function tallyKey(tally, raw, start, end, shown) {
  tally.count++;
  if (tally.more) return; // what the notice names is settled
  const len = end - start;
  for (const k of tally.raw) if (k.length === len && raw.startsWith(k, start)) return;
  if (tally.raw.length >= NOTICE_KEYS) {
    tally.more = true;
    return;
  }
  const key = raw.slice(start, end);
  tally.raw.push(key);
  tally.keys.push(shown(key));
}

/** One notice for a tally: the singular message for one key, else the count and the first keys. */
function tallyNotice(tally, one, many) {
  if (tally.count === 1) return { key: one, params: { key: tally.keys[0] } };
  // quoted as the single-key messages quote (“…” in both languages), so an empty or spaced key shows
  const keys = tally.keys.map((k) => `“${k}”`).join(', ') + (tally.more ? ', …' : '');
  return { key: many, params: { count: tally.count, keys } };
}

/**
 * Parses a URL hash ('#…' or '…'). Never throws. Returns { state, notices }: malformed values are
 * skipped with a notice each, unknown and repeated keys with one notice per kind (count and first
 * keys); the tensors are then resized to the fields.
 * @param {unknown} hash
 * @returns {{ state: PlaygroundState, notices: Notice[] }}
 */
export function parseHash(hash) {
  /** @type {Notice[]} */
  const notices = [];
  let s = defaultState();
  const raw = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  if (raw === '') return { state: s, notices };
  if (raw.length > LIMITS.hashChars) {
    notices.push({ key: 'hashTooLong', params: { length: raw.length } });
    return { state: s, notices };
  }
  const seen = new Set(); // known keys only: an unknown key is ignored however often it comes
  const tensorTexts = new Map();
  const fieldTexts = new Map();
  const unknown = keyTally();
  const repeated = keyTally();
  // one pass with indexOf rather than split('&'): a 2 MB hash may hold a million parts, and a
  // part is only sliced when its key is known (its value) or named in a notice
  const n = raw.length;
  let eqAt = -1; // the first '=' at or after `start` (n when none), searched again only once passed
  for (let start = 0, end; start <= n; start = end + 1) {
    end = raw.indexOf('&', start);
    if (end < 0) end = n;
    if (end === start) continue;
    if (eqAt < start) {
      eqAt = raw.indexOf('=', start);
      if (eqAt < 0) eqAt = n;
    }
    const keyEnd = Math.min(eqAt, end);
    const key = knownKey(raw, start, keyEnd);
    if (key === null) {
      tallyKey(unknown, raw, start, keyEnd, shownKey);
      continue;
    }
    if (seen.has(key)) {
      tallyKey(repeated, raw, start, keyEnd, clip);
      continue;
    }
    seen.add(key);
    const value = keyEnd < end ? raw.slice(keyEnd + 1, end) : '';
    if (TENSOR_RANK.has(key)) { // before the fields: `bias` is both
      tensorTexts.set(key, value); // parsed after the fields; cells decode themselves
      continue;
    }
    fieldTexts.set(key, value); // parsed once the op is known: a 1-D op's sizes are one int
  }
  const others = [...fieldTexts.keys()].filter((key) => key !== 'op');
  for (const key of fieldTexts.has('op') ? ['op', ...others] : others) {
    const decoded = safeDecode(fieldTexts.get(key));
    const r = decoded === null ? { ok: false } : parseFieldText(field(key), decoded, s.op);
    if (r.ok) s[key] = r.value;
    else notices.push({ key: 'badValue', params: { name: key, value: clip(decoded ?? fieldTexts.get(key)) } });
  }
  oneDDefaults(s, {}); // a 1-D op's sizes the URL did not give (or gave wrong) are the defaults' widths
  if (unknown.count) notices.push(tallyNotice(unknown, 'unknownKey', 'unknownKeys'));
  if (repeated.count) notices.push(tallyNotice(repeated, 'duplicateKey', 'duplicateKeys'));
  for (const [name, text] of tensorTexts) {
    if (name === 'bias' && /^(None|False|True)$/.test(text)) {
      s.bias = text === 'True';
      continue;
    }
    const t = parseTensor(text, TENSOR_RANK.get(name));
    if (t) {
      s.tensors[name] = t;
      if (name === 'bias') s.bias = true;
    } else {
      seen.delete(name);
      notices.push({ key: 'badTensor', params: { name } });
    }
  }
  s = checkedSync(withRequired(s, seen), notices, seen);
  return { state: s, notices };
}

/** An unknown key as a notice names it: decoded when it decodes, clipped. */
function shownKey(k) {
  return clip(safeDecode(k) ?? k);
}

function safeDecode(v) {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Takes sizes the URL did not give from its tensors' shapes (the data is the more specific). */
function adoptTensorShapes(s, seen) {
  const take = (name, value) => {
    if (seen.has(name)) return;
    const r = parseFieldText(field(name), Array.isArray(value) ? value.join(',') : String(value), s.op);
    if (r.ok) s[name] = r.value;
  };
  // a tensor of the other rank than the op's gives no sizes (it is resized, with a notice)
  const rank = lengthInput(s.op) ? 3 : 4;
  const [n, c, ...size] = s.tensors.input.shape;
  if (size.length + 2 === rank) {
    take('batch', n);
    take('in_channels', c);
    take('input_size', size);
  }
  if (CONV_OPS.includes(s.op) && seen.has('weight') && s.tensors.weight.shape.length === rank) {
    const [d0, d1, ...k] = s.tensors.weight.shape;
    take('kernel_size', k);
    take('out_channels', TRANSPOSED_OPS.includes(s.op) ? d1 * (s.groups >= 1 ? s.groups : 1) : d0);
  }
}

/** syncShapes with notices: an input beyond the element limit resets the sizes; a resized tensor is reported. */
function checkedSync(s, notices, seen) {
  adoptTensorShapes(s, seen);
  if (count(inputShape(s)) > LIMITS.tensorElements) {
    notices.push({ key: 'tooLarge', params: { name: 'input', shape: inputShape(s).join(', ') } });
    const d = defaultState();
    Object.assign(s, { batch: d.batch, in_channels: d.in_channels, input_size: d.input_size });
    s.tensors.input = d.tensors.input;
  }
  const synced = syncShapes(s);
  for (const name of ['input', 'weight', 'bias']) {
    if (seen.has(name) && synced.tensors[name] !== s.tensors[name]) {
      notices.push({ key: 'resizedTensor', params: { name, from: s.tensors[name].shape.join('×'), to: synced.tensors[name].shape.join('×') } });
    }
  }
  return synced;
}

/** A 1-D op's (or fold's) state with each size `given` does not set as one int: the 2-D default's width. */
export function oneDDefaults(s, given) {
  if (!lengthInput(s.op)) return s;
  for (const f of FIELDS) {
    if (!(f.name in given) && Array.isArray(s[f.name]) && fieldFor(f, s.op) !== f) s[f.name] = s[f.name][1];
  }
  return s;
}
