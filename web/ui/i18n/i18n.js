// Interface strings in English and 简体中文, and t() to look them up. Pure (no DOM). PyTorch's own
// names (stride, padding, kernel_size, …) and its error messages stay as they are in both
// languages: they are what the reader types in Python. English is built in (and the fallback);
// other languages load on demand with loadLang() — import() of web/ui/i18n/i18n-<lang>.js.
// English here is what a figure (figure.js, the widget without `controls`) shows; the playground's
// own English strings are in i18n-en-playground.js, added by the modules that use them.

const en = {
  title: 'convlens playground',
  loading: 'Loading the WebAssembly module…',
  loadFailed: 'convlens failed to load: {message}',
  input: 'input',
  weight: 'weight',
  bias: 'bias',
  output: 'output',
  indices: 'indices',
  noteScatterSum: 'ConvTranspose2d: {n} (input · weight) products scatter into this cell.',
  notePaddingZero: 'Terms from the zero padding read 0.',
  noteBias: '+ {cell} = {value}.',
  noteWinner: 'Winner: {cell}, index {index} (PyTorch’s per-plane index h·W + w).',
  noteDivisor: 'Divisor {divisor} ({cells} input cells in the window).',
  noteLp: 'p = {p}: xᵖ summed over {cells} cells (× {area} / {cells}: the mean times kH·kW), to the power 1/p (NaN for a negative sum and a fractional power).',
  errorFrom: 'PyTorch: {message}',
  invalidCell: '{cell} is “{text}”, which is not a number: the output below is from the last valid state.',
  tooLargeOutput: 'The output would have shape [{shape}] (more than {max} elements): too large for the playground.',
  noticeTitle: 'Some of the link could not be used:',
  hashTooLong: 'the link is too long ({length} characters); the defaults are shown.',
  duplicateKey: '“{key}” appears twice; the first one is used.',
  duplicateKeys: '{count} repeated settings ignored, the first of each is used ({keys}).',
  unknownKey: 'unknown setting “{key}” ignored.',
  unknownKeys: '{count} unknown settings ignored ({keys}).',
  badValue: '{name}: “{value}” is not valid; the default is used.',
  badTensor: '{name}: the values could not be read; the default is used.',
  tooLarge: '{name} of shape [{shape}] is too large; the default size is used.',
  resizedTensor: '{name} had shape {from} but the settings say {to}; resized.',
  dismiss: 'Dismiss',
  animHeading: 'Sliding-window animation',
  animPlay: 'Play',
  animPause: 'Pause',
  animBack: 'Step back',
  animForward: 'Step forward',
  animFirst: 'First step',
  animLast: 'Last step',
  animScrub: 'Step',
  animSpeed: 'Speed',
  animLoop: 'Loop',
  animValues: 'Show values',
  animView: 'Transposed convolution as',
  animViewDirect: 'a direct convolution over the stretched input',
  animViewScatter: 'each input cell scattering kernel × value',
  animPlane: 'Animated output channel',
  animKeys: 'Keys on the figure and its controls: Space play/pause · ← → step · Home / End first / last step · − + slower / faster.',
  animFigureLabel: 'Animation figure. {status}',
  animTooLarge: 'Too large to animate ({cells} cells; the animation draws at most {maxCells}): try a smaller input or kernel.',
  animUnavailable: 'Nothing to animate until the configuration computes.',
  animStepOf: 'Step {k} of {n}: {cell}',
  animStretchedLabel: 'stretched input[{n}, {c}]',
  animSubDirect: 'As a direct convolution: {zeros} zero(s) inserted between input cells (stride − 1), padding d·(k − 1) − p = {padding} on each side, output_padding {outputPadding} at the bottom/right; the kernel, flipped, slides with stride 1.',
  animSubScatter: 'Each input cell adds value × kernel into the output (stride apart); padding {padding} crops the border of the result.',
  animSubGroup: 'Output channel {c} reads input channels {from}–{to} (group {group} of {groups}); the sum runs over all of them.',
  animSubGroupOne: 'Output channel {c} reads input channel {from} only (group {group} of {groups}).',
  animZerosUnder: '{zeros} of the {cells} cells under the kernel are inserted zeros or padding: they add 0.',
  animScatterNote: '{cell} adds value × kernel to {n} output cell(s).',
  animCroppedNote: '{n} of its products land outside the output (cropped by padding).',
  legendAnimInput: 'input',
  legendAnimPadding: 'padding',
  legendAnimZero: 'inserted zero',
  legendAnimOutputPadding: 'output_padding',
  legendAnimOverhang: 'beyond the padding (ceil_mode)',
  legendAnimKernel: 'kernel (×weight)',
  legendAnimWindow: 'window',
  legendAnimScatterCell: 'scattering input cell',
  legendAnimWinner: 'max',
  legendAnimDropped: 'dropped window',
  legendAnimOutput: 'output',
  legendAnimCropped: 'cropped',
  exportHeading: 'Export',
  exportWidth: 'Width (px)',
  exportGif: 'GIF (animation)',
  exportPng: 'PNG (this step)',
  exportSvg: 'SVG (this step)',
  exportZip: 'ZIP of PNG frames',
  exportBusy: 'Making {name}…',
  exportDone: 'Saved {name} ({size} KB).',
  exportFailed: 'Export failed: {message}',
};


/**
 * The figure's English strings. With i18n-en-playground.js's, the keys every language has, with
 * the same {placeholders}.
 */
export const ENGLISH = Object.freeze({ ...en });

/** Each language's strings module, imported when first asked for (loadLang). */
const LOADERS = Object.freeze({ zh: () => import('./i18n-zh.js') });

const tables = { en }; // the languages loaded so far (en grows by addEnglish)

/** Adds English strings (the playground's: i18n-en-playground.js); a key already there is a mistake. */
export function addEnglish(strings) {
  for (const key of Object.keys(strings)) {
    if (Object.hasOwn(en, key) && en[key] !== strings[key]) throw new Error(`i18n: English key ${key} defined twice`);
  }
  Object.assign(en, strings);
}
const pending = {};

/** Language names, each in its own language (for the switcher). */
export const LANG_NAMES = Object.freeze({ en: 'English', zh: '简体中文' });

/** BCP 47 tags for <html lang>. */
export const LANG_TAGS = Object.freeze({ en: 'en', zh: 'zh-Hans' });

/** Whether t(lang, …) has `lang`'s own strings now (English always; unknown languages never). */
export function hasLang(lang) {
  return Object.hasOwn(tables, lang);
}

/**
 * Loads `lang`'s strings (once; later calls share the promise). Resolves with whether they are
 * there: false for an unknown language, and after a failed load (retried by the next call) —
 * t() then answers in English.
 */
export function loadLang(lang) {
  if (hasLang(lang)) return Promise.resolve(true);
  if (!Object.hasOwn(LOADERS, lang)) return Promise.resolve(false);
  pending[lang] ??= LOADERS[lang]().then((m) => {
    tables[lang] = m.default;
    return true;
  }, () => {
    delete pending[lang];
    return false;
  });
  return pending[lang];
}

/**
 * For a mount showing a state in `lang`: when its strings are not there yet, loads them and then
 * calls `then()` (to show them; t() answers in English meanwhile). Nothing when they are there.
 */
export function whenLangLoads(lang, then) {
  if (hasLang(lang)) return;
  loadLang(lang).then((ok) => {
    if (ok) then();
  });
}

/** The string `key` in `lang` with {placeholders} filled from `params` (falls back to English, then the key). */
export function t(lang, key, params = {}) {
  const table = tables[lang] ?? en;
  const template = Object.hasOwn(table, key) ? table[key] : Object.hasOwn(en, key) ? en[key] : key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(params, name) ? String(params[name]) : m));
}
