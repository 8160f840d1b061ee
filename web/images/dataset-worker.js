// Image mode's dataset worker: reads the learner's dataset files (load-dataset.js) or draws the
// synthetic set, keeps the one loaded dataset, cuts DataLoader batches from it and writes the
// TensorBoard event file of a range of steps. A separate worker from the pipeline's, so a long read
// never delays a run, and the pipeline worker can be replaced (cancel) without losing the dataset.
// A load that fails or is cancelled leaves the dataset loaded before in place.
//
// Messages in:  load { loadId, files: [{ path, blob }] | null (synthetic), split, mnistName }
//               cancel { loadId } · batch { requestId, loader, step }
//               events { requestId, loader, layers, from, to, host, simd }
// Messages out: progress { loadId | requestId, done, total } · loaded { loadId, info }
//               loadError { loadId, code, message, cancelled } · batch { requestId, input, labels, indices }
//               events { requestId, name, bytes } · failed { requestId, code, message }
import { load } from '../convlens/index.browser.js';
import { dataLoader } from './data/data-loader.js';
import { browserDecoder } from './data/image-folder.js';
import { loadDataset } from './data/load-dataset.js';
import { syntheticDataset } from './data/synthetic.js';
import { EventFileWriter, eventFileName } from './data/tensorboard-events.js';
import { errorInfo, prepareLayer, runPrepared } from './pipeline.js';

let dataset = null;
let loading = null; // { loadId, controller }
let loaderCache = { key: '', loader: null };
let cl = null;

/** What the page needs to know of a dataset (not its pixels). */
function infoOf(d) {
  return {
    name: d.name, split: d.split, count: d.count, classes: [...d.classes], imageShape: [...d.imageShape],
    synthetic: d.synthetic, files: d.files.slice(0, 3), fileCount: d.files.length, root: d.root ?? '',
  };
}

function loaderFor(options) {
  const key = JSON.stringify(options);
  if (loaderCache.key !== key || loaderCache.dataset !== dataset) {
    loaderCache = { key, dataset, loader: dataLoader(dataset, options) };
  }
  return loaderCache.loader;
}

async function loadFiles({ loadId, files, split, mnistName }) {
  loading?.controller.abort();
  const controller = new AbortController();
  loading = { loadId, controller };
  const onProgress = (done, total) => postMessage({ type: 'progress', loadId, done, total });
  try {
    const next = files === null
      ? syntheticDataset()
      : await loadDataset(files, { split, mnistName, decode: browserDecoder(), signal: controller.signal, onProgress });
    if (controller.signal.aborted) throw controller.signal.reason;
    dataset = next;
    postMessage({ type: 'loaded', loadId, info: infoOf(dataset) });
  } catch (e) {
    const cancelled = controller.signal.aborted || e?.name === 'AbortError';
    postMessage({ type: 'loadError', loadId, cancelled, ...errorInfo(e) });
  } finally {
    if (loading?.loadId === loadId) loading = null;
  }
}

function batchOf({ requestId, loader, step }) {
  if (!dataset) throw new Error('no dataset is loaded');
  const b = loaderFor(loader).batch(step);
  postMessage({ type: 'batch', requestId, ...b }, [b.input.data.buffer, b.labels.buffer, b.indices.buffer]);
}

/** The event file of steps from…to (inclusive): tags input, output and layer1… per step. */
async function events({ requestId, loader, layers, from, to, host, simd }) {
  if (!dataset) throw new Error('no dataset is loaded');
  cl ??= await load(simd === false ? { simd: false } : {});
  const dl = loaderFor(loader);
  const writer = new EventFileWriter();
  const total = to - from + 1;
  for (let step = from; step <= to; step++) {
    let x = dl.batch(step).input;
    await writer.addImages('input', x, step);
    for (const [i, layer] of layers.entries()) {
      x = runPrepared(cl, prepareLayer(cl, layer, x.shape), x);
      // add_images shows 1 or 3 channels only; other layers have no picture in TensorBoard either
      if (x.shape[1] === 1 || x.shape[1] === 3) await writer.addImages(`layer${i + 1}`, x, step);
    }
    if (layers.length) await writer.addImages('output', x, step);
    postMessage({ type: 'progress', requestId, done: step - from + 1, total });
  }
  const bytes = writer.bytes();
  postMessage({ type: 'events', requestId, name: eventFileName(Date.now() / 1000, host), bytes }, [bytes.buffer]);
}

onmessage = async (e) => {
  const msg = e.data;
  try {
    if (msg.type === 'load') await loadFiles(msg);
    else if (msg.type === 'cancel') {
      if (loading && loading.loadId === msg.loadId) loading.controller.abort(new DOMException('cancelled', 'AbortError'));
    } else if (msg.type === 'batch') batchOf(msg);
    else if (msg.type === 'events') await events(msg);
  } catch (err) {
    postMessage({ type: 'failed', requestId: msg.requestId, ...errorInfo(err) });
  }
};
