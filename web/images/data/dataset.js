// The one shape every dataset reader returns, and its checks. Pure (no DOM).
//
// A Dataset is what torchvision's dataset object holds once loaded, with pixels already in the
// order ToTensor() gives (channels first):
//   {
//     name:       'CIFAR-10' | 'CIFAR-100' | 'MNIST' | 'Fashion-MNIST' | 'ImageFolder' | 'synthetic',
//     split:      'train' | 'test' (ImageFolder and synthetic: 'all'),
//     files:      string[]   the files read, as named in messages,
//     classes:    string[]   class names; label i means classes[i] (torchvision's `classes`),
//     count:      number     N, number of images,
//     imageShape: [C, H, W]  C = 3 (RGB) or 1 (grey),
//     labels:     Int32Array N labels, each in [0, classes.length),
//     pixels:     Uint8Array N×C×H×W bytes, image n at n·C·H·W, channel planes of H×W rows —
//                            exactly `(ToTensor()(img) * 255).byte()` stacked,
//     synthetic:  boolean    true for the built-in drawn set,
//     coarse?:    { classes: string[], labels: Int32Array }  CIFAR-100's 20 superclasses,
//   }
import { DATASET_ERROR_CODES as CODES, DatasetError } from './dataset-error.js';

/// Checks a Dataset's invariants (sizes agree, labels in range) and returns it frozen; throws a
/// DatasetError(DATASET_FORMAT) naming the first file when one does not hold.
export function makeDataset(d) {
  const file = d.files?.[0] ?? d.name;
  const bad = (what) => new DatasetError(CODES.FORMAT, file, what);
  const [c, h, w] = d.imageShape;
  if (![c, h, w].every((v) => Number.isInteger(v) && v > 0)) throw bad(`image shape [${d.imageShape}] is not positive`);
  if (d.labels.length !== d.count) throw bad(`${d.labels.length} labels for ${d.count} images`);
  if (d.pixels.length !== d.count * c * h * w) throw bad(`${d.pixels.length} pixel bytes for ${d.count} images of ${c}×${h}×${w}`);
  const k = d.classes.length;
  for (let i = 0; i < d.count; i++) {
    if (!(d.labels[i] >= 0 && d.labels[i] < k)) throw bad(`label ${d.labels[i]} of image ${i} is outside the ${k} classes`);
  }
  return Object.freeze({ synthetic: false, ...d });
}

/// The pixels of image `index` as a subarray view (C×H×W bytes).
export function imagePixels(dataset, index) {
  const [c, h, w] = dataset.imageShape;
  const size = c * h * w;
  return dataset.pixels.subarray(index * size, (index + 1) * size);
}
