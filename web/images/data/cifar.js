// CIFAR-10 and CIFAR-100 readers, for the three forms a learner has on disk:
// - the python version's archive as torchvision downloads it (`cifar-10-python.tar.gz`,
//   `cifar-100-python.tar.gz`): gunzip (DecompressionStream) → tar → pickled batches, streamed, with
//   only the chosen split's members and the meta file decoded;
// - its extracted folder (`cifar-10-batches-py/test_batch`, `data_batch_1`…`5`, `batches.meta`;
//   `cifar-100-python/test`, `train`, `meta`);
// - the binary version (`cifar-10-batches-bin/test_batch.bin`, `data_batch_1.bin`…, records of a label
//   byte + 3072 pixel bytes, `batches.meta.txt`; CIFAR-100: `test.bin`/`train.bin` with coarse + fine
//   label bytes, `fine_label_names.txt`, `coarse_label_names.txt`).
// torchvision's CIFAR10 train split is data_batch_1…5 in that order (torchvision needs all five; here
// the train split is the data_batch_N given, in order, and `files` says which); pixels are stored as 1024 R,
// 1024 G, 1024 B bytes per image, which is already ToTensor()'s CHW order. Pure (no DOM).
import { openBytes } from './byte-reader.js';
import { DATASET_ERROR_CODES as CODES, DatasetError, MAX_PIXEL_BYTES, checkLimit, groupDigits } from './dataset-error.js';
import { makeDataset } from './dataset.js';
import { PickledArray, pickleText, readPickle } from './pickle.js';
import { readTar } from './tar.js';

/** The CIFAR-10 class names (batches.meta's label_names), used when batches.meta is not given. */
export const CIFAR10_CLASSES = Object.freeze(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);

const IMAGE_BYTES = 3 * 32 * 32;

/** Member base names of each split, in torchvision's order. */
const SPLIT_FILES = {
  'CIFAR-10': { train: ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5'], test: ['test_batch'], meta: 'batches.meta' },
  'CIFAR-100': { train: ['train'], test: ['test'], meta: 'meta' },
};

const baseName = (path) => path.split('/').pop();

function checkSplit(split) {
  if (split !== 'train' && split !== 'test') throw new TypeError(`split must be 'train' or 'test', got ${JSON.stringify(split)}`);
}

/** Sums progress over several files read one after another. */
function progressOver(sizes, onProgress) {
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  return {
    file(i) {
      before = sizes.slice(0, i).reduce((a, b) => a + b, 0);
      return onProgress ? (done) => onProgress(before + done, total) : undefined;
    },
  };
}

/** The batch dict of one pickled CIFAR file → { data (N×3072 bytes), labels, coarse? }. */
function batchFromPickle(value, file, variant) {
  const fail = (what) => new DatasetError(CODES.FORMAT, file, `is not a ${variant} python batch: ${what}`);
  if (!(value instanceof Map)) throw fail('the pickle is not a dict');
  const data = value.get('data');
  if (!(data instanceof PickledArray)) throw fail("no 'data' array");
  if (data.shape.length !== 2 || data.shape[1] !== IMAGE_BYTES) throw fail(`'data' has shape (${data.shape.join(', ')}), not (N, 3072)`);
  const key = variant === 'CIFAR-100' ? 'fine_labels' : 'labels';
  const list = value.get(key);
  if (!Array.isArray(list)) throw fail(`no '${key}' list`);
  if (list.length !== data.shape[0]) throw fail(`${list.length} ${key} for ${data.shape[0]} images`);
  const labels = Int32Array.from(list, (v) => (Number.isInteger(v) ? v : -1));
  let coarse = null;
  if (variant === 'CIFAR-100') {
    const c = value.get('coarse_labels');
    if (!Array.isArray(c) || c.length !== list.length) throw fail("no 'coarse_labels' list of the same length");
    coarse = Int32Array.from(c, (v) => (Number.isInteger(v) ? v : -1));
  }
  return { data: data.data, labels, coarse };
}

/** The class names of a pickled meta file. */
function classesFromMeta(value, file, variant) {
  const fail = (what) => new DatasetError(CODES.FORMAT, file, `is not a ${variant} meta file: ${what}`);
  if (!(value instanceof Map)) throw fail('the pickle is not a dict');
  const names = (key) => {
    const v = value.get(key);
    if (!Array.isArray(v) || v.length === 0) throw fail(`no '${key}' list`);
    return v.map(pickleText);
  };
  return variant === 'CIFAR-100'
    ? { classes: names('fine_label_names'), coarseClasses: names('coarse_label_names') }
    : { classes: names('label_names') };
}

/** Joins batches into one Dataset (pixels copied once into an array of the final size). */
function joinBatches(batches, meta, { variant, split, files }) {
  const count = batches.reduce((a, b) => a + b.labels.length, 0);
  checkLimit(files[0], `${groupDigits(count)} images`, count * IMAGE_BYTES, MAX_PIXEL_BYTES);
  let pixels;
  let labels;
  let coarse = null;
  if (batches.length === 1) {
    ({ data: pixels, labels, coarse } = batches[0]);
  } else {
    pixels = new Uint8Array(count * IMAGE_BYTES);
    labels = new Int32Array(count);
    coarse = batches[0].coarse ? new Int32Array(count) : null;
    let at = 0;
    for (const b of batches) {
      pixels.set(b.data, at * IMAGE_BYTES);
      labels.set(b.labels, at);
      coarse?.set(b.coarse, at);
      at += b.labels.length;
    }
  }
  const d = {
    name: variant, split, files, classes: meta.classes, count, imageShape: [3, 32, 32], labels, pixels,
  };
  if (coarse) {
    const k = meta.coarseClasses.length;
    const file = files[0];
    coarse.forEach((v, i) => {
      if (!(v >= 0 && v < k)) throw new DatasetError(CODES.FORMAT, file, `coarse label ${v} of image ${i} is outside the ${k} superclasses`);
    });
    d.coarse = { classes: meta.coarseClasses, labels: coarse };
  }
  return makeDataset(d);
}

/** Which CIFAR a set of python-version names belongs to (by its member names), or null. */
function variantOfNames(names) {
  if (names.some((n) => n === 'batches.meta' || n === 'test_batch' || /^data_batch_[1-5]$/.test(n))) return 'CIFAR-10';
  if (names.some((n) => n === 'meta' || n === 'test' || n === 'train')) return 'CIFAR-100';
  return null;
}

/**
 * Reads the chosen `split` of a CIFAR python version given as its extracted files: `files` is
 * [{ path, blob }] (path relative, e.g. 'cifar-10-batches-py/test_batch'). Needs the split's batch
 * files; the meta file gives class names (CIFAR-10 falls back to CIFAR10_CLASSES without it).
 * `onProgress(done, total)` counts bytes over the files read; `signal` cancels.
 * @param {any} files
 * @param {{ split?: string, signal?: AbortSignal, onProgress?: (done: number, total: number) => void }} [options]
 */
export async function readCifarPython(files, { split = 'test', signal, onProgress } = {}) {
  checkSplit(split);
  const byName = new Map(files.map((f) => [baseName(f.path), f]));
  const variant = variantOfNames([...byName.keys()]);
  if (!variant) throw new DatasetError(CODES.UNKNOWN, files[0]?.path ?? '', 'is not a file of the CIFAR python version');
  const want = SPLIT_FILES[variant];
  const batchNames = want[split].filter((n) => byName.has(n));
  if (!batchNames.length) throw new DatasetError(CODES.MISSING, want[split][0], `is needed for the ${split} split of ${variant} and was not given`);
  const metaFile = byName.get(want.meta);
  if (!metaFile && variant === 'CIFAR-100') throw new DatasetError(CODES.MISSING, want.meta, 'is needed for the CIFAR-100 class names and was not given');
  const order = [...(metaFile ? [metaFile] : []), ...batchNames.map((n) => byName.get(n))];
  const progress = progressOver(order.map((f) => f.blob.size ?? 0), onProgress);
  let meta = { classes: [...CIFAR10_CLASSES] };
  const batches = [];
  for (const [i, f] of order.entries()) {
    const { reader, total } = openBytes(f.blob, { file: f.path, gzip: false, signal, onProgress: progress.file(i) });
    try {
      const value = await readPickle(reader, { maxBytes: Number.isFinite(total) ? total : MAX_PIXEL_BYTES });
      if (f === metaFile) meta = classesFromMeta(value, f.path, variant);
      else batches.push(batchFromPickle(value, f.path, variant));
    } finally {
      await reader.close();
    }
  }
  return joinBatches(batches, meta, { variant, split, files: batchNames.map((n) => byName.get(n).path) });
}

/**
 * Reads the chosen `split` of a CIFAR python archive (`cifar-10-python.tar.gz` or
 * `cifar-100-python.tar.gz`, gzip optional), streamed: the archive is decompressed and walked once,
 * members of the other split are skipped undecoded, and reading stops once the split and its meta are
 * in. `input`: File/Blob, ReadableStream (pass `size` for progress) or bytes; `file` names it in
 * messages. `onProgress(done, total)` counts compressed bytes; `signal` cancels.
 * @param {any} input
 * @param {{ split?: string, file?: string, signal?: AbortSignal, onProgress?: (done: number, total: number) => void,
 *   size?: number }} [options]
 */
export async function readCifarArchive(input, { split = 'test', file, signal, onProgress, size } = {}) {
  checkSplit(split);
  const name = file ?? input?.name ?? 'cifar-python.tar.gz';
  const { reader } = openBytes(input, { file: name, signal, onProgress, size });
  /** @type {string | null} */
  let variant = null;
  let meta = null;
  const found = new Map();
  try {
    const empty = await reader.atEnd(); // reads the first chunk: gzip or not is known from here
    if (!empty && /\.(gz|tgz)$/i.test(name) && !reader.gzipped) {
      throw new DatasetError(CODES.FORMAT, name, 'is not gzip data (it does not start with 1f 8b)');
    }
    await readTar(reader, async (entry) => {
      const base = baseName(entry.path);
      variant ??= variantOfNames([base]);
      if (!variant) return false;
      const want = SPLIT_FILES[variant];
      const isMeta = base === want.meta;
      if (!isMeta && !want[split].includes(base)) return false; // another split: skipped unread
      const value = await readPickle(entry.reader, { maxBytes: entry.size });
      if (isMeta) meta = classesFromMeta(value, entry.reader.file, variant);
      else found.set(base, { path: entry.reader.file, batch: batchFromPickle(value, entry.reader.file, variant) });
      return meta !== null && want[split].every((n) => found.has(n)); // all in: stop decompressing
    });
  } finally {
    await reader.close();
  }
  if (!variant) throw new DatasetError(CODES.FORMAT, name, 'holds no CIFAR python batches (no test_batch, data_batch_N, test or train member)');
  const want = SPLIT_FILES[variant];
  if (found.size === 0) throw new DatasetError(CODES.MISSING, name, `has no member ${want[split][0]}, needed for the ${split} split`);
  if (!meta && variant === 'CIFAR-100') throw new DatasetError(CODES.MISSING, name, 'has no meta member (the CIFAR-100 class names)');
  const parts = want[split].filter((n) => found.has(n)).map((n) => found.get(n));
  return joinBatches(parts.map((p) => p.batch), meta ?? { classes: [...CIFAR10_CLASSES] },
    { variant, split, files: parts.map((p) => p.path) });
}

/** Class names of a text file, one a line (empty lines dropped, as the .txt files end with some). */
async function readNames(f) {
  const text = new TextDecoder().decode(new Uint8Array(await f.blob.arrayBuffer()));
  return text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}

/**
 * Reads one binary CIFAR file as records of `labelBytes` label bytes + 3072 pixel bytes, streamed
 * into arrays allocated once from the file size (checked to be a whole number of records first).
 */
async function readBinaryBatch(f, labelBytes, { signal, onProgress }) {
  const record = labelBytes + IMAGE_BYTES;
  const size = f.blob.size;
  if (size % record !== 0 || size === 0) {
    throw new DatasetError(size % record ? CODES.TRUNCATED : CODES.FORMAT, f.path,
      `${groupDigits(size)} bytes is not a whole number of ${groupDigits(record)}-byte records`);
  }
  const count = size / record;
  checkLimit(f.path, `${groupDigits(count)} images`, count * IMAGE_BYTES, MAX_PIXEL_BYTES);
  const data = new Uint8Array(count * IMAGE_BYTES);
  const labels = Array.from({ length: labelBytes }, () => new Int32Array(count));
  const { reader } = openBytes(f.blob, { file: f.path, gzip: false, signal, onProgress });
  try {
    for (let i = 0; i < count; i++) {
      await reader.need(labelBytes, `record ${i}`);
      for (const l of labels) l[i] = reader.u8();
      await reader.bytes(IMAGE_BYTES, `record ${i}`, data, i * IMAGE_BYTES);
    }
  } finally {
    await reader.close();
  }
  return labelBytes === 2 ? { data, coarse: labels[0], labels: labels[1] } : { data, labels: labels[0], coarse: null };
}

/**
 * Reads the chosen `split` of a CIFAR binary version: `files` is [{ path, blob }] holding
 * `test_batch.bin` / `data_batch_1.bin`…`5` (+ `batches.meta.txt`) for CIFAR-10, or `test.bin` /
 * `train.bin` (+ `fine_label_names.txt`, `coarse_label_names.txt`) for CIFAR-100.
 * @param {any} files
 * @param {{ split?: string, signal?: AbortSignal, onProgress?: (done: number, total: number) => void }} [options]
 */
export async function readCifarBinary(files, { split = 'test', signal, onProgress } = {}) {
  checkSplit(split);
  const byName = new Map(files.map((f) => [baseName(f.path), f]));
  const is100 = byName.has('test.bin') || byName.has('train.bin');
  const variant = is100 ? 'CIFAR-100' : 'CIFAR-10';
  const wanted = is100 ? [`${split}.bin`]
    : split === 'test' ? ['test_batch.bin'] : [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
  const present = wanted.filter((n) => byName.has(n));
  if (!present.length) throw new DatasetError(CODES.MISSING, wanted[0], `is needed for the ${split} split of ${variant} and was not given`);
  const meta = { classes: [...CIFAR10_CLASSES], coarseClasses: null };
  if (is100) {
    for (const [key, n] of [['classes', 'fine_label_names.txt'], ['coarseClasses', 'coarse_label_names.txt']]) {
      if (!byName.has(n)) throw new DatasetError(CODES.MISSING, n, 'is needed for the CIFAR-100 class names and was not given');
      meta[key] = await readNames(byName.get(n));
    }
  } else if (byName.has('batches.meta.txt')) {
    meta.classes = await readNames(byName.get('batches.meta.txt'));
  }
  const order = present.map((n) => byName.get(n));
  const progress = progressOver(order.map((f) => f.blob.size), onProgress);
  const batches = [];
  for (const [i, f] of order.entries()) {
    batches.push(await readBinaryBatch(f, is100 ? 2 : 1, { signal, onProgress: progress.file(i) }));
  }
  return joinBatches(batches, meta, { variant, split, files: order.map((f) => f.path) });
}
