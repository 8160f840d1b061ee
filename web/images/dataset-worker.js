// Image mode's dataset worker: reads the learner's dataset files (in a dataset-reader.js worker per
// read, so Cancel can stop it at once) or draws the synthetic set, keeps the one loaded dataset,
// cuts DataLoader batches from it and writes the TensorBoard event file of a range of steps. A
// separate worker from the pipeline's, so a long read never delays a run, and the pipeline worker
// can be replaced (cancel) without losing the dataset. A load that fails or is cancelled leaves the
// dataset loaded before in place.
//
// Messages in:  load { loadId, files: [{ path, blob }] | null (synthetic), split, mnistName }
//               cancel { loadId } · batch { requestId, loader, step }
//               events { requestId, loader, layers, from, to, host, simd }
// Messages out: progress { loadId | requestId, done, total } · loaded { loadId, info }
//               loadError { loadId, code, message, cancelled } · batch { requestId, input, labels, indices }
//               events { requestId, name, bytes } · failed { requestId, code, message }
import { load } from '../convlens/index.browser.js';
import { dataLoader } from './data/data-loader.js';
import { syntheticDataset } from './data/synthetic.js';
import { EventFileWriter, eventFileName } from './data/tensorboard-events.js';
import { PreparedLayers, errorInfo, runPrepared } from './pipeline.js';

let dataset = null;
let loading = null; // the read in flight: { loadId, reader (its worker) }
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

/** Reads files in a reader worker of its own (terminated by cancel), or draws the synthetic set. */
function loadFiles({ loadId, files, split, mnistName }) {
  loading?.reader?.terminate();
  if (files === null) {
    loading = null;
    dataset = syntheticDataset();
    postMessage({ type: 'loaded', loadId, info: infoOf(dataset) });
    return;
  }
  const reader = new Worker(new URL('./dataset-reader.js', import.meta.url), { type: 'module' });
  loading = { loadId, reader };
  const finish = () => {
    reader.terminate();
    if (loading?.loadId === loadId) loading = null;
  };
  reader.onmessage = (e) => {
    const msg = e.data;
    if (loading?.loadId !== loadId) return;
    if (msg.type === 'progress') postMessage({ type: 'progress', loadId, done: msg.done, total: msg.total });
    else if (msg.type === 'loaded') {
      finish();
      dataset = msg.dataset;
      postMessage({ type: 'loaded', loadId, info: infoOf(dataset) });
    } else if (msg.type === 'loadError') {
      finish();
      postMessage({ type: 'loadError', loadId, cancelled: false, code: msg.code, message: msg.message });
    }
  };
  reader.onerror = (e) => {
    e.preventDefault?.();
    finish();
    postMessage({ type: 'loadError', loadId, cancelled: false, code: 'ERROR', message: e.message || 'the dataset reader failed' });
  };
  reader.postMessage({ files, split, mnistName });
}

/** Stops the read `loadId` (its worker is terminated); what was loaded before stays. */
function cancelLoad(loadId) {
  if (loading?.loadId !== loadId) return;
  loading.reader.terminate();
  loading = null;
  postMessage({ type: 'loadError', loadId, cancelled: true, code: 'CANCELLED', message: 'cancelled' });
}

function batchOf({ requestId, loader, step }) {
  if (!dataset) throw new Error('no dataset is loaded');
  const b = loaderFor(loader).batch(step);
  postMessage({ type: 'batch', requestId, ...b }, { transfer: [b.input.data.buffer, b.labels.buffer, b.indices.buffer] });
}

/** add_images shows 1 or 3 channels only; other tensors have no picture in TensorBoard either. */
const pictured = (x) => x.shape[1] === 1 || x.shape[1] === 3;

/** The event file of steps from…to (inclusive): tags input, output and layer1… per step. */
async function events({ requestId, loader, layers, from, to, host, simd }) {
  if (!dataset) throw new Error('no dataset is loaded');
  cl ??= await load(simd === false ? { simd: false } : {});
  const dl = loaderFor(loader);
  const writer = new EventFileWriter();
  const total = to - from + 1;
  // every step's batch has one shape (but a short last one): each layer is prepared once per shape
  const prepared = new PreparedLayers(cl);
  try {
    for (let step = from; step <= to; step++) {
      let x = dl.batch(step).input;
      await writer.addImages('input', x, step);
      for (const [i, layer] of layers.entries()) {
        x = runPrepared(cl, prepared.prepare(layer, x.shape), x);
        if (pictured(x)) await writer.addImages(`layer${i + 1}`, x, step);
      }
      if (layers.length && pictured(x)) await writer.addImages('output', x, step);
      postMessage({ type: 'progress', requestId, done: step - from + 1, total });
    }
  } finally {
    prepared.clear();
  }
  const bytes = writer.bytes();
  postMessage({ type: 'events', requestId, name: eventFileName(Date.now() / 1000, host), bytes }, { transfer: [bytes.buffer] });
}

onmessage = async (e) => {
  const msg = e.data;
  try {
    if (msg.type === 'load') loadFiles(msg);
    else if (msg.type === 'cancel') cancelLoad(msg.loadId);
    else if (msg.type === 'batch') batchOf(msg);
    else if (msg.type === 'events') await events(msg);
  } catch (err) {
    postMessage({ type: 'failed', requestId: msg.requestId, ...errorInfo(err) });
  }
};
