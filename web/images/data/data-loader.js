// torch.utils.data.DataLoader over a Dataset (dataset.js) with torchvision's ToTensor(): batches of
// `batchSize` images as float32 NCHW tensors, step s = batch s, as `for step, (imgs, labels) in
// enumerate(loader)` gives them. Pure (no DOM), so a worker can build batches while the page draws.
//
// ToTensor(): a uint8 image becomes `img.float().div(255)` — the float32 division, correctly rounded;
// TO_TENSOR_TABLE holds the 256 results (Math.fround(k / 255): rounding the double quotient once more
// to float32 gives the correctly rounded float32 quotient here; the test checks all 256 exactly).
//
// Shuffle: a Fisher–Yates permutation driven by mulberry32(seed) (web/ui/model/random.js). It is
// deterministic for a seed but is NOT torch's generator: torch.randperm with torch.manual_seed(s) gives
// a different order. shuffle=false gives torch's order exactly (SequentialSampler).
import { mulberry32 } from '../../ui/model/random.js';

/** DataLoader's default batch size, and the largest one image mode accepts. */
export const DEFAULT_BATCH_SIZE = 64;
export const MAX_BATCH_SIZE = 256;

/** ToTensor's value for each byte k: float32(k) / float32(255), as a Float32Array of 256. */
export const TO_TENSOR_TABLE = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/// The sample order of one pass: 0…N−1, or its seeded Fisher–Yates permutation when `shuffle`.
export function sampleOrder(count, { shuffle = false, seed = 0 } = {}) {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  if (shuffle) {
    const next = mulberry32(seed);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  return order;
}

/**
 * A DataLoader over `dataset`: { steps, batchSize, order, batch(step) }. `batchSize` 1…256 (default
 * 64), `shuffle` with `seed`, `dropLast` (drop a last, smaller batch). `batch(s)` returns
 * { input: { data: Float32Array, shape: [B, C, H, W] }, labels: Int32Array, indices: Int32Array }
 * where indices are the dataset indices of the batch's images; a step outside [0, steps) → RangeError.
 */
export function dataLoader(dataset,
  { batchSize = DEFAULT_BATCH_SIZE, shuffle = false, seed = 0, dropLast = false } = {}) {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batch_size should be an integer in [1, ${MAX_BATCH_SIZE}], but got batch_size=${batchSize}`);
  }
  const n = dataset.count;
  const steps = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  const order = sampleOrder(n, { shuffle, seed });
  const [c, h, w] = dataset.imageShape;
  const size = c * h * w;
  return {
    steps,
    batchSize,
    order,
    batch(step) {
      if (!Number.isInteger(step) || step < 0 || step >= steps) throw new RangeError(`step ${step} is outside [0, ${steps})`);
      const start = step * batchSize;
      const b = Math.min(batchSize, n - start);
      const indices = order.slice(start, start + b);
      const data = new Float32Array(b * size);
      const labels = new Int32Array(b);
      for (let i = 0; i < b; i++) {
        const src = dataset.pixels.subarray(indices[i] * size, (indices[i] + 1) * size);
        const at = i * size;
        for (let k = 0; k < size; k++) data[at + k] = TO_TENSOR_TABLE[src[k]];
        labels[i] = dataset.labels[indices[i]];
      }
      return { input: { data, shape: [b, c, h, w] }, labels, indices };
    },
  };
}
