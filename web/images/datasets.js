// Image mode's dataset choices that need no DOM: which splits a set of files holds, how many steps
// a DataLoader gives, the tutorial's pipeline, and a tile's caption. Pure.
import { makeLayer } from './layers.js';
import { detectDatasetFormat } from './data/load-dataset.js';

const base = (p) => p.split('/').pop();

/**
 * The splits present in `paths` (as the folder picker or drop gives them): ['test', 'train'],
 * ['test'], ['train'], or [] for formats without splits (ImageFolder). A CIFAR archive holds both.
 */
export function splitsOf(paths) {
  const format = detectDatasetFormat(paths.map((path) => ({ path })));
  if (format === 'cifar-python-archive') return ['test', 'train'];
  if (format === 'image-folder' || format === null) return [];
  const names = paths.map(base);
  const has = {
    test: names.some((n) => /^(test_batch(\.bin)?|test(\.bin)?|t10k-(images-idx3|labels-idx1)-ubyte(\.gz)?)$/.test(n)),
    train: names.some((n) => /^(data_batch_[1-5](\.bin)?|train(\.bin)?|train-(images-idx3|labels-idx1)-ubyte(\.gz)?)$/.test(n)),
  };
  return ['test', 'train'].filter((s) => has[s]);
}

/** The number of steps (batches) of one pass, as len(DataLoader) gives it. */
export function stepCount(count, { batchSize, dropLast }) {
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/** The tutorial's pipeline: MaxPool2d(kernel_size=3, ceil_mode=False) ([64, 3, 32, 32] → [64, 3, 10, 10]). */
export function tutorialLayers() {
  return [makeLayer('maxPool2d', { kernel_size: [3, 3], ceil_mode: false })];
}

/** A tile's caption under a dataset picture: its label and class name, e.g. "3 cat" (MNIST's "2 - two" as it is). */
export function labelCaption(label, classes) {
  const name = classes[label];
  if (name === undefined || name === String(label)) return String(label);
  return name.startsWith(`${label} `) ? name : `${label} ${name}`;
}
