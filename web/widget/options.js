// The <conv-lens> attributes, read from untrusted text into a closed set of values. Pure (no DOM):
// conv-lens.js, embed.js and the tests share it. Nothing read here is ever parsed as HTML, used as
// a URL or written into CSS; unknown words are dropped and counted (`ignored`) so the element can
// say what it did not understand.
import { FIELDS, LANGS } from '../ui/model/state.js';

/** The attributes <conv-lens> reacts to (attributeChangedCallback). */
export const ATTRIBUTES = Object.freeze(['state', 'controls', 'editable', 'autoplay', 'lang', 'theme']);

/**
 * The parts of the playground `controls` words show. Without `controls` (or with no word known)
 * the widget is a figure: the animation and its play/pause button. Any known word shows the
 * tensors, the output, the per-cell explanation and the animation with all its controls
 * (`tensors`: just those), plus what it names: `fields` every argument control, a field name
 * (`stride`, `padding`, …) just that control, `presets`, `formulas`, `code`, `sizes` (the
 * output-size table), `lang` (the language menu), `export` (the animation's GIF / PNG / SVG export).
 * Field names alone are a compact embed: those controls, the output and the animation, no other
 * tensor (conv-lens.js marks it data-compact for widget.css).
 */
export const PARTS = Object.freeze(['tensors', 'fields', 'presets', 'formulas', 'code', 'sizes', 'lang', 'export']);

/** Argument names a `controls` word may pick one by one (the state schema's fields but `lang`). */
export const FIELD_NAMES = Object.freeze(FIELDS.map((f) => f.name).filter((n) => n !== 'lang'));

/** Themes: `auto` follows prefers-color-scheme. */
export const THEMES = Object.freeze(['auto', 'light', 'dark']);

/** Longest attribute text looked at for the small attributes (the state has its own limit). */
const MAX_WORDS_CHARS = 1000;

const ALL = Object.freeze({ parts: PARTS, fields: [] });

/**
 * `controls`: null (attribute absent) or "none" → a figure (figure: true); "" or "all" → everything;
 * else a list of words (space or comma separated) from PARTS and FIELD_NAMES.
 * Returns { figure, parts: string[], fields: string[], ignored: number } (fields: [] = no single picks).
 */
export function parseControls(value) {
  if (value === null || value === undefined) return { figure: true, parts: [], fields: [], ignored: 0 };
  const words = String(value).slice(0, MAX_WORDS_CHARS).toLowerCase().split(/[\s,]+/).filter(Boolean);
  if (words.length === 0 || words.includes('all')) return { figure: false, ...ALL, ignored: 0 };
  const parts = new Set();
  const fields = new Set();
  let ignored = 0;
  for (const w of words) {
    if (w === 'none') continue;
    if (PARTS.includes(w)) parts.add(w);
    else if (FIELD_NAMES.includes(w)) fields.add(w);
    else ignored++;
  }
  if (parts.has('fields')) fields.clear(); // every control shows anyway
  const figure = parts.size === 0 && fields.size === 0;
  return {
    figure, parts: PARTS.filter((p) => parts.has(p)), fields: FIELD_NAMES.filter((f) => fields.has(f)), ignored,
  };

}

/** A boolean attribute: present (any value but "false") → true; absent or "false" → false. */
export function parseFlag(value) {
  if (value === null || value === undefined) return false;
  return String(value).trim().toLowerCase() !== 'false';
}

/** `lang`: "en", "zh" (also "zh-Hans", "zh-CN", any case) → a playground language; else null (the state's). */
export function parseLang(value) {
  if (value === null || value === undefined) return null;
  const tag = String(value).slice(0, 40).trim().toLowerCase();
  const base = tag.split(/[-_]/)[0];
  return LANGS.includes(base) ? base : null;
}

/** `theme`: "light", "dark" or "auto" (the default, also for anything else). */
export function parseTheme(value) {
  const v = String(value ?? '').slice(0, 40).trim().toLowerCase();
  return THEMES.includes(v) ? v : 'auto';
}

/** `state`: the playground's URL hash, with or without '#'; a whole playground URL is cut at its '#'. */
export function stateText(value) {
  if (value === null || value === undefined) return '';
  const s = String(value);
  const hash = s.indexOf('#');
  return hash >= 0 ? s.slice(hash + 1) : s;
}

/**
 * All the options from an attribute getter (`get(name)` → string | null), e.g. el.getAttribute
 * bound, or a URLSearchParams' get for the iframe page.
 */
export function readOptions(get) {
  const controls = parseControls(get('controls'));
  const editable = parseFlag(get('editable'));
  return {
    state: stateText(get('state')),
    // cells to edit need their grids: `editable` on a figure shows the tensors (as controls="tensors")
    controls: editable && controls.figure ? { ...controls, figure: false, parts: ['tensors'] } : controls,
    editable,
    autoplay: parseFlag(get('autoplay')),
    lang: parseLang(get('lang')),
    theme: parseTheme(get('theme')),
  };
}
