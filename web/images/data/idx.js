// MNIST and Fashion-MNIST in their IDX files (`t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`,
// `train-…`, plain or .gz — gzip is recognised by its magic bytes and undone with DecompressionStream).
// IDX: big-endian magic 0x0000080D (08 = unsigned byte, D = number of dimensions), then D big-endian
// uint32 sizes, then the bytes. Images are N×28×28 (one grey channel: ToTensor() gives [1, 28, 28]).
// Counts are checked against the file size (when not gzipped) and the limit before anything is
// allocated, and the two files must agree on N. Pure (no DOM).
import { openBytes } from './byte-reader.js';
import { DATASET_ERROR_CODES as CODES, DatasetError, MAX_PIXEL_BYTES, checkLimit, groupDigits } from './dataset-error.js';
import { makeDataset } from './dataset.js';

/** torchvision's MNIST class names. */
export const MNIST_CLASSES = Object.freeze(['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine']);
/** torchvision's FashionMNIST class names. */
export const FASHION_MNIST_CLASSES = Object.freeze(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);

/**
 * Reads one IDX file of unsigned bytes with `dims` dimensions → { shape, data }. The header is checked
 * (magic 0x00000801 / 0x00000803, sizes > 0, within the limit, and — for a plain file — exactly the
 * file's size) before the data array is allocated; the data are then streamed into it.
 * @param {any} input
 * @param {{ file?: string, dims?: number, signal?: AbortSignal, onProgress?: (done: number, total: number) => void,
 *   size?: number }} [options]
 */
export async function readIdx(input, { file, dims, signal, onProgress, size } = {}) {
  const name = file ?? input?.name ?? 'idx';
  const { reader, total } = openBytes(input, { file: name, signal, onProgress, size });
  try {
    await reader.need(4, 'the IDX magic number');
    const magic = reader.u32be();
    const expected = 0x800 + dims;
    if (magic !== expected) {
      throw new DatasetError(CODES.FORMAT, name,
        `is not an IDX file of ${dims === 3 ? 'images' : 'labels'}: magic 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected.toString(16).padStart(8, '0')}`);
    }
    await reader.need(4 * dims, 'the IDX sizes');
    const shape = Array.from({ length: dims }, () => reader.u32be());
    if (shape.some((d) => d === 0)) throw new DatasetError(CODES.FORMAT, name, `has a zero size in its shape [${shape.join(', ')}]`);
    const count = shape.reduce((a, b) => a * b, 1);
    checkLimit(name, `shape [${shape.join(', ')}]`, count, MAX_PIXEL_BYTES);
    const headerBytes = 4 + 4 * dims;
    if (!reader.gzipped && Number.isFinite(total) && total !== headerBytes + count) {
      throw new DatasetError(total < headerBytes + count ? CODES.TRUNCATED : CODES.FORMAT, name,
        `${groupDigits(total)} bytes, but its header announces ${groupDigits(headerBytes + count)} (shape [${shape.join(', ')}])`);
    }
    if (reader.gzipped && Number.isFinite(total) && count > total * DEFLATE_MAX_RATIO) {
      throw new DatasetError(CODES.TRUNCATED, name,
        `${groupDigits(total)} gzip bytes cannot hold the ${groupDigits(count)} bytes its header announces (shape [${shape.join(', ')}])`);
    }
    const data = await reader.bytes(count, `${groupDigits(count)} data bytes`);
    if (!(await reader.atEnd())) throw new DatasetError(CODES.FORMAT, name, `has bytes after the ${groupDigits(count)} its header announces`);
    return { shape, data };
  } finally {
    await reader.close();
  }
}

/** deflate's largest expansion (a 258-byte match per 2 bits, about 1032:1): bounds a .gz's content. */
const DEFLATE_MAX_RATIO = 1032;

const IDX_NAME = /^(train|t10k)-(images-idx3|labels-idx1)-ubyte(\.gz)?$/;

/**
 * Reads MNIST or Fashion-MNIST (`name`, default 'MNIST') from its IDX pair: `files` is [{ path, blob }]
 * holding `<prefix>-images-idx3-ubyte[.gz]` and `<prefix>-labels-idx1-ubyte[.gz]` with prefix `t10k`
 * (split 'test') or `train` (split 'train'). The image and label counts must agree.
 * @param {any} files
 * @param {{ split?: string, name?: string, signal?: AbortSignal,
 *   onProgress?: (done: number, total: number) => void }} [options]
 */
export async function readMnist(files, { split = 'test', name = 'MNIST', signal, onProgress } = {}) {
  if (split !== 'train' && split !== 'test') throw new TypeError(`split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  const prefix = split === 'test' ? 't10k' : 'train';
  const find = (kind) => files.find((f) => {
    const m = IDX_NAME.exec(f.path.split('/').pop());
    return m && m[1] === prefix && m[2].startsWith(kind);
  });
  const imagesFile = find('images');
  const labelsFile = find('labels');
  if (!imagesFile) throw new DatasetError(CODES.MISSING, `${prefix}-images-idx3-ubyte`, `is needed for the ${split} split and was not given`);
  if (!labelsFile) throw new DatasetError(CODES.MISSING, `${prefix}-labels-idx1-ubyte`, `is needed for the ${split} split and was not given`);
  const sizes = [labelsFile.blob.size, imagesFile.blob.size];
  const total = sizes[0] + sizes[1];
  const labels = await readIdx(labelsFile.blob,
    { file: labelsFile.path, dims: 1, signal, onProgress: onProgress && ((d) => onProgress(d, total)) });
  const images = await readIdx(imagesFile.blob,
    { file: imagesFile.path, dims: 3, signal, onProgress: onProgress && ((d) => onProgress(sizes[0] + d, total)) });
  const [n, h, w] = images.shape;
  if (labels.shape[0] !== n) {
    throw new DatasetError(CODES.FORMAT, labelsFile.path, `holds ${groupDigits(labels.shape[0])} labels but ${imagesFile.path} holds ${groupDigits(n)} images`);
  }
  return makeDataset({
    name, split, files: [imagesFile.path, labelsFile.path],
    classes: [...(name === 'Fashion-MNIST' ? FASHION_MNIST_CLASSES : MNIST_CLASSES)],
    count: n, imageShape: [1, h, w], labels: Int32Array.from(labels.data), pixels: images.data,
  });
}
