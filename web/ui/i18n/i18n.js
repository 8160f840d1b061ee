// Interface strings in English and 简体中文, and t() to look them up. Pure (no DOM). PyTorch's own
// names (stride, padding, kernel_size, …) and its error messages stay as they are in both
// languages: they are what the reader types in Python. English is built in (and the fallback);
// other languages load on demand with loadLang() — import() of web/ui/i18n/i18n-<lang>.js.

const en = {
  title: 'convlens playground',
  tagline: 'Conv2d, ConvTranspose2d, MaxPool2d and AvgPool2d, computed exactly as PyTorch does (NCHW, float32), in WebAssembly, in your browser. Edit any number; hover or tap an output cell to see where it comes from.',
  language: 'Language',
  build: 'Build in use: {variant}',
  loading: 'Loading the WebAssembly module…',
  loadFailed: 'convlens failed to load: {message}',
  skip: 'Skip to the tensors',
  skipToInput: 'To the input',
  skipToOutput: 'To the output',
  skipToArguments: 'To the arguments',
  presets: 'Presets',
  presetsJump: 'Presets ↓',
  presetsTutorial: 'Tutorial examples',
  presetsLayers: 'Common layers',
  presetConvS1: 'Conv2d 3×3, stride 1',
  presetConvS2: 'Conv2d 3×3, stride 2',
  presetConvS2P1: 'Conv2d 3×3, stride 2, padding 1',
  presetPoolCeil: 'MaxPool2d(3), ceil_mode=True',
  presetPoolFloor: 'MaxPool2d(3), ceil_mode=False',
  presetResnet: 'ResNet 3×3 (padding 1)',
  presetDepthwise: 'Depthwise 3×3 (groups = channels)',
  presetPointwise: '1×1 (pointwise) with bias',
  presetDownsample: 'Stride-2 downsample',
  presetUnetUp: 'U-Net up-conv (ConvTranspose2d k2 s2)',
  presetLarge: 'Large: 3×64×64 input, 16 filters',
  sizeTable: 'Output-size table',
  sizeTableCaption: 'The tutorial’s output-size table: H_out = ⌊(H_in + 2·padding − dilation·(kernel_size − 1) − 1) / stride + 1⌋ (dilation 1 here); params: nn.Conv2d(1, 1, kernel_size) with its default bias=True (bias=False: one fewer). Load a row to explore it.',
  colParams: 'params',
  colLoad: 'Load',
  loadRow: 'Load H={h}, kernel_size={k}, stride={s}, padding={p}',
  noteSameSize: 'same size',
  noteResnetStem: 'ResNet stem',
  noteNoPadding: 'no padding',
  operation: 'Operation',
  shapes: 'Sizes',
  arguments: 'Arguments',
  hint_op: 'the layer',
  hint_batch: 'batch size N',
  hint_in_channels: 'input channels C_in',
  hint_out_channels: 'output channels C_out',
  hint_input_size: 'input H, W',
  hint_kernel_size: 'kernel H, W',
  hint_stride: 'step between windows',
  hint_stride_pool: 'step between windows (None = kernel_size)',
  hint_padding: 'added on each side',
  hint_dilation: 'gap between kernel taps',
  hint_groups: 'channel groups',
  hint_padding_mode: 'what the padding holds',
  hint_bias: 'add a bias per output channel',
  hint_output_padding: 'extra rows/cols at the end',
  hint_output_size: 'wanted H, W (empty = None)',
  hint_ceil_mode: 'round the output size up',
  hint_return_indices: 'also return where each max came from',
  hint_count_include_pad: 'padding counts in the divisor',
  hint_divisor_override: 'divide by this (empty = None)',
  pairPlaceholder: 'e.g. 2 or 2, 1',
  nonePlaceholder: 'None',
  tensors: 'Tensors',
  input: 'input',
  weight: 'weight',
  bias: 'bias',
  output: 'output',
  indices: 'indices',
  inputHeading: 'input {shape}',
  weightHeading: 'weight {shape}',
  biasHeading: 'bias {shape}',
  outputHeading: 'output {shape}',
  indicesHeading: 'indices {shape} (return_indices=True)',
  planeLabel: '{name}[{index}]',
  heatmapNote: '{rows}×{cols}: drawn as a heat map; click a cell or use the arrow keys to read or edit it.',
  cellEditor: 'Value of {cell}',
  fill: 'Fill',
  fillWith: 'Fill {name} with',
  fillSeed: 'seed',
  fillSeedLabel: 'Random seed for {name}',
  fill_zeros: 'zeros',
  fill_ones: 'ones',
  fill_range: 'range',
  fill_random: 'random',
  pasteHelp: 'Paste a matrix ([[1, 2], [3, 4]], tensor(…), array(…) or spreadsheet cells) into any cell.',
  gridKeys: 'Arrows, Home, End, PageUp/PageDown move; typing, Enter or F2 edits (Tab: next cell), Escape undoes; Tab leaves the grid.',
  formulas: 'Output size and parameters',
  formulaAxis: '{axis}_out = {formula}',
  ceilRule: 'ceil_mode=True rounds up; a last window that would start inside the right padding is dropped (PyTorch’s rule).',
  ceilDropped: '{axis}: the extra window would start in the right padding, so it was dropped.',
  outputShape: 'output shape {shape}',
  paramCountBias: 'parameters (bias=True, {module}’s default): {formula}',
  paramCountNoBias: 'parameters (bias=False, as F.{fn} with a weight alone): {formula}; {module}’s default bias=True: {total}',
  noParams: 'parameters: none (pooling has no weights)',
  explain: 'Explanation',
  explainIdle: 'Hover, focus or tap an output cell to see its receptive field and arithmetic; hover an input cell to see every output it affects. Click or Enter pins a selection, Esc releases it.',
  pinned: 'pinned',
  unpin: 'Unpin',
  explainTooLarge: 'This configuration has too many taps to map every input; output cells are still explained one by one.',
  noteScatterSum: 'ConvTranspose2d: {n} (input · weight) products scatter into this cell.',
  notePaddingZero: 'Terms from the zero padding read 0.',
  noteBias: '+ {cell} = {value}.',
  noteWinner: 'Winner: {cell}, index {index} (PyTorch’s per-plane index h·W + w).',
  noteDivisor: 'Divisor {divisor} ({cells} input cells in the window).',
  noteScatters: 'This input cell scatters into {n} output cells:',
  noteReaches: 'This input cell is read by {n} output cells:',
  padCell: 'padding at [{y}, {x}] = {value}',
  padCopies: 'padding at [{y}, {x}] = {value}, a copy of {cell}',
  padOverhang: 'outside the padding at [{y}, {x}] (ceil_mode)',
  code: 'PyTorch code',
  codeSummary: 'Show the PyTorch code that reproduces this state',
  copy: 'Copy',
  copied: 'Copied to the clipboard.',
  copyFailed: 'Could not copy; the code is selected, copy it by hand.',
  embedSummary: 'Copy embed code',
  embedIntro: 'Put this state into a blog post or a page: the element (one script tag), or an iframe for platforms that strip scripts.',
  embedControls: 'readers see every control',
  embedEditable: 'readers can edit the numbers',
  embedElement: 'Element <conv-lens>',
  embedIframe: 'iframe (with the optional height listener)',
  errorFrom: 'PyTorch: {message}',
  invalidCell: '{cell} is “{text}”, which is not a number: the output below is from the last valid state.',
  staleNote: 'Not recomputed: see the message above. This is the last valid output.',
  staleNoteAt: 'Not recomputed: see the message at {field}. This is the last valid output.',
  tooLargeOutput: 'The output would have shape [{shape}] (more than {max} elements): too large for the playground.',
  expectInt: '{name} must be an int, but got “{value}”',
  expectPair: '{name} must be an int or a pair of ints (e.g. 2 or 2, 1), but got “{value}”',
  expectPadding: "{name} must be an int, a pair of ints, 'same' or 'valid', but got “{value}”",
  expectBool: '{name} must be True or False, but got “{value}”',
  expectOneOf: '{name} must be one of {choices}, but got “{value}”',
  outOfRange: '{name} must be between {min} and {max} in the playground, but got “{value}”',
  pasteEmpty: 'Nothing to paste.',
  pasteTooDeep: 'Pasted text has more than 4 nested levels.',
  pasteUnbalanced: 'Pasted text has unbalanced brackets.',
  pasteTruncated: 'Pasted text is truncated (“...”): print it in full (torch.set_printoptions(profile="full")).',
  pasteTrailing: 'Unexpected text after the matrix: “{text}”.',
  pasteRagged: 'Pasted rows have different lengths.',
  pasteTooLarge: 'Pasted matrix is larger than {max} cells.',
  pasteUnreadable: 'Could not read the pasted text as a matrix.',
  pasteDone: 'Pasted a {shape} matrix into {name}.',
  legend: 'Colours',
  legendField: 'receptive field, weights used, outputs reached',
  legendSource: 'copied by a padded cell',
  legendWinner: 'max pool winner',
  legendSelected: 'the selected cell',
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
  presetsConvArithmetic: 'conv_arithmetic animations (Dumoulin & Visin)',
  caNoPaddingNoStrides: 'No padding, no strides (4×4, k 3 → 2×2)',
  caArbitraryPaddingNoStrides: 'Arbitrary padding, no strides (5×5, k 4, p 2 → 6×6)',
  caHalfPaddingNoStrides: 'Half padding, no strides (5×5, k 3, p 1 → 5×5)',
  caFullPaddingNoStrides: 'Full padding, no strides (5×5, k 3, p 2 → 7×7)',
  caNoPaddingStrides: 'No padding, strides (5×5, k 3, s 2 → 2×2)',
  caPaddingStrides: 'Padding, strides (5×5, k 3, s 2, p 1 → 3×3)',
  caPaddingStridesOdd: 'Padding, strides (odd) (6×6, k 3, s 2, p 1 → 3×3)',
  caNoPaddingNoStridesT: 'No padding, no strides, transposed (2×2 → 4×4)',
  caArbitraryPaddingNoStridesT: 'Arbitrary padding, no strides, transposed (6×6 → 5×5)',
  caHalfPaddingNoStridesT: 'Half padding, no strides, transposed (5×5 → 5×5)',
  caFullPaddingNoStridesT: 'Full padding, no strides, transposed (7×7 → 5×5)',
  caNoPaddingStridesT: 'No padding, strides, transposed (2×2 → 5×5)',
  caPaddingStridesT: 'Padding, strides, transposed (3×3 → 5×5)',
  caPaddingStridesOddT: 'Padding, strides (odd), transposed (3×3 → 6×6)',
  caDilation: 'Dilation (7×7, k 3, d 2 → 3×3)',
  caK2S2T: 'Kernel 2, stride 2, transposed (3×3 → 6×6)',
  caAvgPoolCeil: 'AvgPool2d(2, 2), ceil_mode: partial windows (5×5 → 3×3)',
  caMaxPoolCeilDropped: 'MaxPool2d(2, 2, 1), ceil_mode: a dropped window (5×5 → 3×3)',
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
  footer: 'Every number on this page comes from the convlens package’s public API.',
  scalarSwitch: 'force the scalar build',
  autoSwitch: 'auto-detect',
  imageModeLink: 'Image mode: real pictures through Conv2d and MaxPool2d',
};


/** The English strings: every language has exactly these keys, with the same {placeholders}. */
export const ENGLISH = Object.freeze(en);

/** Each language's strings module, imported when first asked for (loadLang). */
const LOADERS = Object.freeze({ zh: () => import('./i18n-zh.js') });

const tables = { en }; // the languages loaded so far
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
