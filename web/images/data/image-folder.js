// A folder of pictures in torchvision's ImageFolder layout (root/<class>/**/<picture>), as a folder
// picker or a drop gives it: a list of files with relative paths. Classes and sample order follow
// torchvision exactly: classes = sorted sub-folder names (class_to_idx = their index), samples walked
// class by class, folders in sorted path order, file names sorted; only IMG_EXTENSIONS count.
// (Python sorts strings by code point, JS by UTF-16 unit: they differ only for characters beyond the
// BMP.) Decoding pictures needs the browser (createImageBitmap + OffscreenCanvas), so the decoder is
// injected: browserDecoder() in a page or worker, a fake in Node tests. Like PIL's convert('RGB'),
// alpha is dropped, not composited. Pure (no DOM) apart from browserDecoder().
import { DATASET_ERROR_CODES as CODES, DatasetError, MAX_PIXEL_BYTES, checkLimit } from './dataset-error.js';
import { makeDataset } from './dataset.js';

/** torchvision.datasets.folder.IMG_EXTENSIONS. */
export const IMG_EXTENSIONS = Object.freeze(['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp']);

const hasImageExtension = (path) => IMG_EXTENSIONS.some((e) => path.toLowerCase().endsWith(e));
const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ImageFolder index of `paths` (relative, '/'-separated): { root, classes, samples: [{ path,
 * label }] } in torchvision's order. The root is the first path component when every path shares it
 * and lies at least two folders deep (a picked root folder); otherwise paths start at the class folder.
 * Files outside any class folder and files without an image extension are ignored, as torchvision does;
 * a class folder without a picture → DATASET_FORMAT (torchvision raises FileNotFoundError).
 */
export function indexImageFolder(paths) {
  const parts = paths.map((p) => p.replace(/^\/+/, '').split('/'));
  const first = parts[0]?.[0];
  const rooted = parts.length > 0 && parts.every((p) => p.length >= 3 && p[0] === first);
  const root = rooted ? first : '';
  const rel = parts.map((p) => (rooted ? p.slice(1) : p));
  const classSet = new Set(rel.filter((p) => p.length >= 2).map((p) => p[0]));
  const classes = [...classSet].sort(byCodeUnit);
  const samples = [];
  for (const [label, cls] of classes.entries()) {
    // os.walk yields (dirpath, dirs, files); sorted() orders them by dirpath, then files by name.
    const inClass = rel.map((p, i) => ({ p, i })).filter(({ p }) => p.length >= 2 && p[0] === cls);
    const found = inClass.filter(({ p }) => hasImageExtension(p[p.length - 1]))
      .map(({ p, i }) => ({ dir: p.slice(0, -1).join('/'), name: p[p.length - 1], path: paths[i], label }))
      .sort((a, b) => byCodeUnit(a.dir, b.dir) || byCodeUnit(a.name, b.name));
    if (found.length === 0) {
      throw new DatasetError(CODES.FORMAT, root ? `${root}/${cls}` : cls,
        `holds no picture (supported extensions: ${IMG_EXTENSIONS.join(', ')})`);
    }
    for (const { path, label: l } of found) samples.push({ path, label: l });
  }
  if (classes.length === 0) {
    throw new DatasetError(CODES.FORMAT, root || paths[0] || '', 'has no class sub-folders (ImageFolder expects root/<class>/<picture>)');
  }
  return { root, classes, samples };
}

/**
 * Reads an ImageFolder: `files` is [{ path, blob }]; `decode(blob, path)` resolves to
 * { width, height, data } with RGBA bytes (an ImageData or its like). All pictures must have one size
 * (torchvision's default collate cannot stack different sizes): a different one → DATASET_FORMAT naming
 * both. `onProgress(done, total)` counts pictures; `signal` cancels between pictures.
 * @param {any} files
 * @param {{ decode?: (blob: Blob, path: string) => Promise<any>, signal?: AbortSignal,
 *   onProgress?: (done: number, total: number) => void }} [options]
 */
export async function readImageFolder(files, { decode, signal, onProgress } = {}) {
  if (typeof decode !== 'function') throw new TypeError('readImageFolder needs a decode(blob, path) function');
  const byPath = new Map(files.map((f) => [f.path, f]));
  const { root, classes, samples } = indexImageFolder(files.map((f) => f.path));
  const n = samples.length;
  let shape = null;
  let pixels = null;
  let firstPath = '';
  const labels = new Int32Array(n);
  for (const [i, s] of samples.entries()) {
    signal?.throwIfAborted();
    let img;
    try {
      img = await decode(byPath.get(s.path).blob, s.path);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      throw new DatasetError(CODES.FORMAT, s.path, `cannot be decoded as a picture (${e?.message ?? e})`);
    }
    const { width: w, height: h, data } = img;
    if (data.length !== w * h * 4) throw new DatasetError(CODES.FORMAT, s.path, `decoded to ${data.length} bytes, not ${w}×${h} RGBA`);
    if (!shape) {
      shape = [3, h, w];
      firstPath = s.path;
      checkLimit(s.path, `${n} pictures of ${w}×${h}`, n * 3 * h * w, MAX_PIXEL_BYTES);
      pixels = new Uint8Array(n * 3 * h * w);
    } else if (h !== shape[1] || w !== shape[2]) {
      throw new DatasetError(CODES.FORMAT, s.path,
        `is ${w}×${h}, unlike ${firstPath} (${shape[2]}×${shape[1]}): a batch needs pictures of one size`);
    }
    // RGBA (HWC) → CHW planes, alpha dropped.
    const plane = h * w;
    const base = i * 3 * plane;
    for (let p = 0; p < plane; p++) {
      pixels[base + p] = data[4 * p];
      pixels[base + plane + p] = data[4 * p + 1];
      pixels[base + 2 * plane + p] = data[4 * p + 2];
    }
    labels[i] = s.label;
    onProgress?.(i + 1, n);
  }
  return makeDataset({
    name: 'ImageFolder', split: 'all', files: samples.map((s) => s.path), classes, count: n,
    imageShape: shape, labels, pixels, root,
  });
}

/**
 * The browser's decoder for readImageFolder: createImageBitmap (no premultiplied alpha, no colour
 * conversion, optionally resized to `size` = [H, W]) drawn on an OffscreenCanvas. Works in a page and
 * in a module worker; not in Node.
 * @param {{ size?: [number, number] }} [options]
 */
export function browserDecoder({ size } = {}) {
  return async (blob) => {
    /** @type {ImageBitmapOptions} */
    const options = { premultiplyAlpha: 'none', colorSpaceConversion: 'none' };
    if (size) Object.assign(options, { resizeHeight: size[0], resizeWidth: size[1], resizeQuality: 'high' });
    const bitmap = await createImageBitmap(blob, options);
    try {
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    } finally {
      bitmap.close();
    }
  };
}
