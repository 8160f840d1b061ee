// One read of dataset files (load-dataset.js), in a worker of its own that the dataset worker
// starts per read and terminates on Cancel: a read deep inside a gzip stream stops at once, and the
// dataset loaded before, kept by the dataset worker, is untouched.
//
// Message in:   { files: [{ path, blob }], split, mnistName }
// Messages out: progress { done, total } · loaded { dataset } (pixel and label buffers transferred)
//               loadError { code, message }
import { browserDecoder } from './data/image-folder.js';
import { loadDataset } from './data/load-dataset.js';
import { errorInfo } from './pipeline.js';

onmessage = async (e) => {
  const { files, split, mnistName } = e.data;
  try {
    const d = await loadDataset(files, {
      split, mnistName, decode: browserDecoder(), onProgress: (done, total) => postMessage({ type: 'progress', done, total }),
    });
    postMessage({ type: 'loaded', dataset: { ...d } }, { transfer: [...new Set([d.pixels.buffer, d.labels.buffer])] });
  } catch (err) {
    postMessage({ type: 'loadError', ...errorInfo(err) });
  }
};
