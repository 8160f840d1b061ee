// Image mode's interface strings in English and 简体中文, and tr() to look them up. Pure (no DOM).
// English is built in (and the fallback); 简体中文 loads on demand (strings-zh.js), as the
// playground's i18n does. PyTorch's names (batch_size, shuffle, MaxPool2d, …) stay as they are.
// Elements of the page carry data-i18n="key" and get tr(key) as their text (applyStrings in main.js).

const en = {
  pageTitle: 'convlens image mode',
  skip: 'Skip to the pictures',
  tagline: 'Pictures through nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d and nn.ConvTranspose2d, computed exactly as PyTorch does, in your browser, shown like TensorBoard’s add_images.',
  buildIn: 'Build in use:',
  playgroundLink: 'the playground',
  playgroundNote: '(every number of one layer, by hand)',
  language: 'Language',
  loading: 'Loading…',
  datasetHeading: 'Dataset',
  imagesHeading: 'Images',
  pipelineHeading: 'Pipeline',
  exportHeading: 'Export as PyTorch',
  exportText: 'The pipeline as an nn.Sequential with its weights, code that loads your images with PIL and torchvision (or, with a dataset, the tutorial’s script with its DataLoader and SummaryWriter), runs them and saves the same pictures as this page.',
  showCode: 'Show the code',
  downloadCode: 'Download .py',
  copyCode: 'Copy',
  layersHeading: 'Layers',
  displayHeading: 'Display',
  running: 'Running…',
  cancel: 'Cancel',
  about: 'About image mode',
  norm: 'Normalisation',
  norm_image: 'min–max per image',
  norm_batch: 'min–max per batch',
  norm_fixed: 'fixed range',
  norm_tensorboard: 'TensorBoard (add_images)',
  range: 'Fixed range (low, high)',
  rgb: 'Show 3-channel layers in colour',
  zoom: 'Pixel zoom',
  input: 'Input',
  layer: 'Layer {index}',
  downloadPng: 'Download PNG',
  pngOfInput: 'Download PNG of the input',
  pngOfLayer: 'Download PNG of layer {index}',
  dsFiles: 'Dataset files',
  dsFolder: 'or a dataset folder',
  dsSynthetic: 'Load the synthetic set',
  dsHint: 'or drop files or a folder here. CIFAR-10/100 (cifar-10-python.tar.gz, cifar-10-batches-py/, cifar-10-batches-bin/*.bin), MNIST / Fashion-MNIST IDX files (.gz too), or an ImageFolder (a sub-folder per class). Read in this tab, never uploaded.',
  dsSplit: 'Split',
  dsMnist: 'IDX files of',
  dsReading: 'Reading {what}…',
  dsFilesCount: '{count} files',
  dsDrawing: 'Drawing the synthetic set…',
  dsLoaded: '{name}{split}: {count} images of {shape}, {classes} classes.',
  dsSplitName: ' {split} split',
  dsSyntheticName: 'Synthetic set (drawn by convlens, not real photos)',
  dsKept: 'Still loaded: {what}',
  dsCancelled: 'Reading cancelled.',
  dsLoader: 'DataLoader',
  dsStep: 'step',
  dsStepOf: '{step} of {last}',
  dsNoBatch: 'no batch (drop_last leaves none)',
  dsPreset: 'Tutorial pipeline: MaxPool2d(kernel_size=3)',
  dsClose: 'Back to the pictures',
  dsEvents: 'TensorBoard event file',
  dsFrom: 'from step',
  dsTo: 'to step',
  dsExport: 'Export TensorBoard event file',
  dsWriting: 'Writing {count} steps…',
  dsWritingStep: 'Writing step {done} of {total}…',
  dsSaved: 'Saved {name} ({size} bytes).',
  dsExportFailed: 'The event file could not be written: {message}',
};

/** The English strings: 简体中文 has exactly these keys, with the same {placeholders}. */
export const IMAGES_ENGLISH = Object.freeze(en);

const tables = { en };
let current = 'en';

/** Loads `lang`'s strings (en, zh) and makes it the language of tr(); resolves with whether it is there. */
export async function setImagesLang(lang) {
  if (lang === 'zh' && !tables.zh) {
    try {
      tables.zh = (await import('./strings-zh.js')).default;
    } catch {
      return false;
    }
  }
  if (!tables[lang]) return false;
  current = lang;
  return true;
}

/** The language tr() answers in. */
export const imagesLang = () => current;

/** The string `key` in the current language with {placeholders} filled (English, then the key, as fallbacks). */
export function tr(key, params = {}) {
  const table = tables[current] ?? en;
  const template = Object.hasOwn(table, key) ? table[key] : Object.hasOwn(en, key) ? en[key] : key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(params, name) ? String(params[name]) : m));
}
