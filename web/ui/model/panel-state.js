// The page's panel settings (the unfold and backward panels: web/ui/views/unfold-view.js,
// backward-view.js) and their place in the URL hash, beside state.js's fields: the page reads and
// writes them here, so the <conv-lens> widget, which shares state.js but has no panels, neither
// bundles nor accepts them. Pure (no DOM). Like parseHash, parsePageHash never throws: a malformed
// value keeps its default and adds a notice.
import { LIMITS, parseFieldText, parseHash, serializeHash } from './state.js';

/** The ops the backward panel explains. */
export const BACKWARD_OPS = Object.freeze(['conv2d', 'maxPool2d', 'avgPool2d']);
/** The upstream gradients on offer: all ones, seeded random integers, or 1 at the pinned output cell. */
export const GRAD_KINDS = Object.freeze(['ones', 'random', 'onehot']);

/** The panels' fields, in the schema's form (state.js FIELDS), with their defaults. */
export const PANEL_FIELDS = Object.freeze([
  { name: 'unfold_view', kind: 'bool', def: false },
  { name: 'backward_view', kind: 'bool', def: false },
  { name: 'grad_output', kind: 'enum', values: GRAD_KINDS, def: 'ones' },
  { name: 'grad_seed', kind: 'int', min: 0, max: 999_999, def: 1 },
]);

/** The panels' field names (kept when a preset replaces the rest of the state). */
export const PANEL_FIELD_NAMES = Object.freeze(PANEL_FIELDS.map((f) => f.name));

const PANEL_KEY = new RegExp(`(^|&)(${PANEL_FIELD_NAMES.join('|')})=([^&]*)`, 'g');

function decoded(v) {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Parses the page's hash: the panels' keys (the first of each), then the rest with state.js parseHash.
 * Returns { state (with the panels' fields), notices }.
 * @param {unknown} hash
 */
export function parsePageHash(hash) {
  const raw = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  /** @type {Record<string, unknown>} */
  const values = Object.fromEntries(PANEL_FIELDS.map((f) => [f.name, f.def]));
  const seen = new Set();
  const notices = [];
  // a hash too long for parseHash is left to it whole (it shows the defaults and says why)
  const rest = raw.length > LIMITS.hashChars ? raw : raw.replace(PANEL_KEY, (_, lead, name, value) => {
    if (seen.has(name)) return lead;
    seen.add(name);
    const f = PANEL_FIELDS.find((p) => p.name === name);
    const text = decoded(value);
    const r = text === null ? { ok: false } : parseFieldText(f, text);
    if (r.ok) values[name] = r.value;
    else notices.push({ key: 'badValue', params: { name, value: (text ?? value).slice(0, 40) } });
    return lead;
  }).replace(/^&+/, '');
  const parsed = parseHash(rest);
  return { state: { ...parsed.state, ...values }, notices: [...notices, ...parsed.notices] };
}

/** The page's hash for a state: state.js serializeHash, then the panels' fields that differ from their defaults. */
export function serializePageHash(s) {
  const parts = [serializeHash(s)];
  for (const f of PANEL_FIELDS) {
    const v = s[f.name];
    if (v !== undefined && v !== f.def) parts.push(`${f.name}=${typeof v === 'boolean' ? (v ? 'True' : 'False') : v}`);
  }
  return parts.join('&');
}
