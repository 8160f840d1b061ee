// Image mode's state and its one parse / serialize pair for the URL hash. Pure (no DOM).
// The hash reads like the Python it stands for:
//   #img=house,checker&size=32&layer=Conv2d(weight=sobel_x,channels=luminance)&layer=MaxPool2d(kernel_size=2)
// Keys: img (built-in samples of the batch, or 'none'), size, norm, range, rgb, zoom, lang, and layer
// (repeated, in order; 'none' for an empty pipeline). Layer arguments not given take their defaults.
// The user's own images are never part of it (they stay in the page and are never uploaded).
// The hash is untrusted: parseHash() never throws and never evaluates anything; a malformed value
// falls back to its default and adds a notice (plain text, for the page to show with textContent).
// Unknown, repeated and undecodable keys (and layer arguments) are counted into one notice per kind,
// so a hash of thousands of keys shows a few lines, not thousands.
import { LIMITS, OPS, defaultLayer, field, fieldText, isDefault, makeLayer, parseFieldText, parseNumber } from './layers.js';
import { OP_TABLE, opOfModule } from '../ui/model/ops.js';
import { LANGS } from '../ui/model/state.js';
import { NORMS } from './render.js';
import { SIZES, isSample } from './samples.js';
import { tr } from './strings.js';

/** Batch and hash limits. */
export const STATE_LIMITS = Object.freeze({ hashChars: 20_000, images: 8 });

/** Zoom choices: 'auto' or a whole factor. */
export const ZOOMS = Object.freeze(['auto', 1, 2, 4, 8]);

/** The default pipeline: a Gaussian blur of each channel, then the tutorial's MaxPool2d(2). */
export function defaultLayers() {
  return [makeLayer('conv2d', { weight: 'gaussian', kernel_size: [5, 5], channels: 'depthwise' }), makeLayer('maxPool2d', { kernel_size: [2, 2] })];
}

/**
 * ResNet's stem and head, as image mode can show them: conv1 (7×7, stride 2, padding 3, no bias; 3
 * seeded random filters in place of 64 trained ones, so every layer is a colour picture, as
 * add_images needs), the stem's MaxPool2d(3, 2, 1), then the head's AdaptiveAvgPool2d((1, 1)), which
 * leaves one average per channel whatever the picture's size.
 */
export function resnetHeadLayers() {
  return [
    makeLayer('conv2d', {
      channels: 'random', out_channels: 3, groups: 1, seed: 0, kernel_size: [7, 7], stride: [2, 2], padding: [3, 3],
    }),
    makeLayer('maxPool2d', { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] }),
    makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }),
  ];
}

/** A fresh default state: four CIFAR-10-sized (32×32) samples, the default pipeline. */
export function defaultState() {
  return {
    images: ['house', 'checker', 'circles', 'glyphs'], size: 32, norm: 'image', range: [0, 1], rgb: true,
    zoom: /** @type {number | 'auto'} */ ('auto'), layers: defaultLayers(),
  };
}

const NORM_IDS = NORMS.map((n) => n.id);
/** The keys parseHash knows besides `layer` (which repeats). */
const KEYS = ['img', 'size', 'norm', 'range', 'rgb', 'zoom', 'lang'];
/** What a layer's text may start with: the torch.nn classes, as the menus list them. */
const MODULE_NAMES = OPS.map((op) => `${OP_TABLE[op].module}(…)`);

function clip(v) {
  const t = String(v);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** How many keys an aggregated notice names; the rest are only counted. */
const NOTICE_KEYS = 3;

/**
 * Keys of one kind (unknown, repeated, …): how many, the first few distinct ones (clipped), and whether there are
 * others.
 */
function keyTally() {
  return { count: 0, keys: [], more: false };
}

function tallyKey(tally, key) {
  tally.count++;
  const shown = clip(key);
  if (tally.keys.includes(shown)) return;
  if (tally.keys.length < NOTICE_KEYS) tally.keys.push(shown);
  else tally.more = true;
}

/**
 * The tally's notice: string `key` (strings.js) for a single key, else `${key}Many` with the count and
 * '"a", "b", "c", …'; null when empty. `params` fill the strings' other placeholders.
 */
function tallyNotice(tally, key, params = {}) {
  if (tally.count === 0) return null;
  if (tally.count === 1) return tr(key, { ...params, key: tally.keys[0] });
  return tr(`${key}Many`, { ...params, count: tally.count, keys: tally.keys.map((k) => `"${k}"`).join(', ') + (tally.more ? ', …' : '') });
}

function safeDecode(v) {
  if (!v.includes('%')) return v; // nothing to decode, and no exception to make for each bad part
  try {
    return decodeURIComponent(v);
  } catch {
    return null;
  }
}

/** Splits at commas outside brackets and parentheses; null when they do not balance. */
function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      depth--;
      if (depth < 0) return null;
    } else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** One layer as URL text: "Conv2d(weight=sobel_x,padding=1)", only arguments that are not defaults. */
export function layerText(layer) {
  const args = [];
  for (const f of Object.values(LAYER_FIELDS[layer.op])) {
    if (!isDefault(f, layer.op, layer[f.name])) args.push(`${f.name}=${fieldText(f, layer[f.name], 'url')}`);
  }
  return `${OP_TABLE[layer.op].module}(${args.join(',')})`;
}

const LAYER_FIELDS = Object.fromEntries(OPS.map((op) => [op, Object.fromEntries(
  Object.keys(defaultLayer(op)).filter((k) => k !== 'op').map((k) => [k, field(k)]),
)]));

/** Parses one layer's URL text; returns { layer, notices } (layer null when unusable). */
export function parseLayerText(text, where) {
  const notices = [];
  const m = /^\s*([A-Za-z0-9]{1,20})\s*\(([\s\S]*)\)\s*$/.exec(text);
  const op = m ? opOfModule(m[1]) : undefined;
  if (!op) {
    const names = `${MODULE_NAMES.slice(0, -1).join(', ')} or ${MODULE_NAMES.at(-1)}`;
    return { layer: null, notices: [tr('linkNotLayer', { where, text: clip(text), names })] };
  }
  const layer = defaultLayer(op);
  const args = splitTopLevel(m[2]);
  if (args === null) return { layer, notices: [tr('linkBrackets', { where, text: clip(text) })] };
  const seen = new Set();
  const unknown = keyTally();
  const repeated = keyTally();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq).trim();
    const f = Object.hasOwn(LAYER_FIELDS[op], name) ? LAYER_FIELDS[op][name] : undefined;
    if (!f) {
      tallyKey(unknown, name);
      continue;
    }
    if (seen.has(name)) {
      tallyKey(repeated, name);
      continue;
    }
    seen.add(name);
    const r = parseFieldText(f, eq < 0 ? '' : arg.slice(eq + 1), layer);
    if (r.ok) layer[name] = r.value;
    else notices.push(tr('linkArgument', { where, message: r.message }));
  }
  notices.push(...[
    tallyNotice(unknown, 'linkNoArgument', { where, module: OP_TABLE[op].module }),
    tallyNotice(repeated, 'linkArgumentTwice', { where }),
  ].filter(Boolean));
  return { layer, notices };
}

/** The state as a URL hash (without '#'): fields that differ from the defaults, then the layers. */
export function serializeHash(s) {
  const d = defaultState();
  const parts = [];
  if (JSON.stringify(s.images) !== JSON.stringify(d.images)) parts.push(`img=${s.images.length ? s.images.join(',') : 'none'}`);
  if (s.size !== d.size) parts.push(`size=${s.size}`);
  if (s.norm !== d.norm) parts.push(`norm=${s.norm}`);
  if (s.norm === 'fixed' || JSON.stringify(s.range) !== JSON.stringify(d.range)) {
    parts.push(`range=(${s.range.map((v) => fieldText({ kind: 'number' }, v, 'url')).join(',')})`);
  }
  if (s.rgb !== d.rgb) parts.push(`rgb=${s.rgb ? 'True' : 'False'}`);
  if (s.zoom !== d.zoom) parts.push(`zoom=${s.zoom}`);
  if (s.lang && s.lang !== 'en') parts.push(`lang=${s.lang}`); // no lang: English
  if (s.layers.length === 0) parts.push('layer=none');
  for (const l of s.layers) parts.push(`layer=${layerText(l)}`);
  return parts.join('&');
}

/** Parses a range "(lo,hi)" / "lo,hi"; null unless two numbers with lo < hi. */
function parseRange(text) {
  const parts = text.trim().replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '').split(/\s*,\s*/);
  if (parts.length !== 2) return null;
  const v = parts.map(parseNumber);
  return v[0] !== null && v[1] !== null && v[0] < v[1] ? v : null;
}

/**
 * Parses a URL hash ('#…' or '…'). Never throws. Returns { state, notices } with notices as plain
 * sentences; every malformed value is skipped (its default kept) with a notice, unknown, repeated
 * and undecodable keys with one notice per kind (their count and the first few).
 */
export function parseHash(hash) {
  const notices = [];
  const s = defaultState();
  const raw = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  if (raw === '') return { state: s, notices };
  if (raw.length > STATE_LIMITS.hashChars) {
    notices.push(tr('linkTooLong', { length: raw.length, max: STATE_LIMITS.hashChars }));
    return { state: s, notices };
  }
  const seen = new Set();
  const unknown = keyTally();
  const repeated = keyTally();
  const undecodable = keyTally();
  let layers = null;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq)) ?? part;
    const value = safeDecode(eq < 0 ? '' : part.slice(eq + 1));
    if (value === null) {
      tallyKey(undecodable, key);
      continue;
    }
    if (key === 'layer') {
      layers ??= [];
      if (value === 'none') continue;
      if (layers.length >= LIMITS.layers) {
        if (layers.length === LIMITS.layers) notices.push(tr('linkLayers', { max: LIMITS.layers }));
        layers.push(null);
        continue;
      }
      const r = parseLayerText(value, tr('linkLayer', { index: layers.length + 1 }));
      notices.push(...r.notices);
      if (r.layer) layers.push(r.layer);
      continue;
    }
    if (!KEYS.includes(key)) {
      tallyKey(unknown, key); // however often it comes: it is unknown, not repeated
      continue;
    }
    if (seen.has(key)) {
      tallyKey(repeated, key);
      continue;
    }
    seen.add(key);
    switch (key) {
      case 'img': {
        if (value === 'none') {
          s.images = [];
          break;
        }
        const ids = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
        const good = ids.filter(isSample).slice(0, STATE_LIMITS.images);
        const bad = ids.filter((v) => !isSample(v));
        if (bad.length) notices.push(tr('linkSample', { names: bad.slice(0, 3).map((b) => `"${clip(b)}"`).join(', ') }));
        if (ids.filter(isSample).length > STATE_LIMITS.images) notices.push(tr('linkImages', { max: STATE_LIMITS.images }));
        if (good.length) s.images = good;
        else if (!bad.length) s.images = [];
        break;
      }
      case 'size': {
        const v = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
        if (SIZES.includes(v)) s.size = v;
        else notices.push(tr('linkOneOfUsed', { name: 'size', values: SIZES.join(', '), value: clip(value), used: s.size }));
        break;
      }
      case 'norm':
        if (NORM_IDS.includes(value)) s.norm = value;
        else notices.push(tr('linkOneOfUsed', { name: 'norm', values: NORM_IDS.join(', '), value: clip(value), used: s.norm }));
        break;
      case 'range': {
        const r = parseRange(value);
        if (r) s.range = r;
        else notices.push(tr('linkRange', { value: clip(value) }));
        break;
      }
      case 'rgb':
        if (/^(True|False)$/.test(value)) s.rgb = value === 'True';
        else notices.push(tr('linkBool', { name: 'rgb', value: clip(value) }));
        break;
      case 'zoom': {
        const z = value === 'auto' ? 'auto' : /^\d$/.test(value) ? Number(value) : NaN;
        if (ZOOMS.includes(z)) s.zoom = z;
        else notices.push(tr('linkOneOf', { name: 'zoom', values: ZOOMS.join(', '), value: clip(value) }));
        break;
      }
      case 'lang':
        if (LANGS.includes(value)) s.lang = value;
        else notices.push(tr('linkOneOf', { name: 'lang', values: LANGS.join(', '), value: clip(value) }));
        break;
    }
  }
  notices.push(...[
    tallyNotice(unknown, 'linkUnknown'),
    tallyNotice(repeated, 'linkRepeated'),
    tallyNotice(undecodable, 'linkEscape'),
  ].filter(Boolean));
  if (layers) s.layers = layers.filter(Boolean);
  return { state: s, notices };
}
