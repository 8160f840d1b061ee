// One entry point for image mode: from the files a learner picked or dropped (a list of { path, blob },
// paths relative as the folder picker gives them), tell which dataset format they are and read the
// chosen split with the matching reader. Formats are recognised by file names, as torchvision names
// them; a single .tar.gz is read as the CIFAR python archive. Pure (no DOM) apart from the decoder a
// caller passes for pictures.
import { readCifarArchive, readCifarBinary, readCifarPython } from './cifar.js';
import { DATASET_ERROR_CODES as CODES, DatasetError } from './dataset-error.js';
import { IMG_EXTENSIONS, readImageFolder } from './image-folder.js';
import { readMnist } from './idx.js';

/** The formats detectDatasetFormat() tells apart. */
export const DATASET_FORMATS = Object.freeze(['cifar-python-archive', 'cifar-python', 'cifar-binary', 'idx', 'image-folder']);

const base = (p) => p.split('/').pop();

/// The format of `files` ([{ path }]): one of DATASET_FORMATS, or null when none fits.
export function detectDatasetFormat(files) {
  const names = files.map((f) => base(f.path));
  if (names.some((n) => /\.(tar\.gz|tgz|tar)$/i.test(n))) return 'cifar-python-archive';
  if (names.some((n) => /^(test_batch|data_batch_[1-5]|test|train)\.bin$/.test(n))) return 'cifar-binary';
  if (names.some((n) => /^(train|t10k)-(images-idx3|labels-idx1)-ubyte(\.gz)?$/.test(n))) return 'idx';
  if (names.some((n) => /^(test_batch|data_batch_[1-5]|batches\.meta|test|train|meta)$/.test(n))) return 'cifar-python';
  if (files.some((f) => f.path.includes('/') && IMG_EXTENSIONS.some((e) => f.path.toLowerCase().endsWith(e)))) return 'image-folder';
  return null;
}

/**
 * Reads the dataset in `files` ([{ path, blob }]): `split` ('train' | 'test', default 'test'; ignored
 * by ImageFolder), `decode` (needed for ImageFolder, see image-folder.js), `mnistName` ('MNIST' or
 * 'Fashion-MNIST': the two share file names), `onProgress(done, total)`, `signal`. Unknown files →
 * DatasetError(DATASET_UNKNOWN).
 * @param {any} files
 * @param {{ split?: string, decode?: (blob: Blob, path: string) => Promise<any>, mnistName?: string,
 *   signal?: AbortSignal, onProgress?: (done: number, total: number) => void }} [options]
 */
export async function loadDataset(files, { split = 'test', decode, mnistName = 'MNIST', signal, onProgress } = {}) {
  const format = detectDatasetFormat(files);
  const options = { split, signal, onProgress };
  switch (format) {
    case 'cifar-python-archive': {
      const archive = files.find((f) => /\.(tar\.gz|tgz|tar)$/i.test(base(f.path)));
      return readCifarArchive(archive.blob, { ...options, file: base(archive.path) });
    }
    case 'cifar-binary': return readCifarBinary(files, options);
    case 'idx': return readMnist(files, { ...options, name: mnistName });
    case 'cifar-python': return readCifarPython(files, options);
    case 'image-folder': return readImageFolder(files, { decode, signal, onProgress });
    default:
      throw new DatasetError(CODES.UNKNOWN, files.length === 1 ? files[0].path : '',
        `${files.length === 1 ? 'is' : 'these files are'} not a dataset this page reads (CIFAR-10/100 python or binary, MNIST IDX, or an ImageFolder of pictures)`);
  }
}
