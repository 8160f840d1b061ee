// Image mode's module worker: loads convlens itself, draws the samples, runs the pipeline layer by
// layer and renders each layer's tiles, so the page never does heavy work. Runs are numbered by
// the page; a newer run supersedes an older one at the next layer boundary (the worker yields to
// its message queue between layers), and the page drops whatever a stale run still sends.
//
// Messages in:  init { simd } · image { key, size, tensor } · forget { key }
//               run { runId, batch: [{ kind: 'sample', id } | { kind: 'user', key }], size, layers,
//                     display: { norm, range, rgb }, have: [key per layer index, 0 = input],
//                     input?: { key, tensor } (a dataset's batch, in place of batch and size) }
//               code { requestId, layers, size, images, display, dataset?, loader? }
// Messages out: ready { variant } · summary { runId, inputShape, rows } · progress { runId, done, total }
//               layer { runId, index, key, same } or { …, shape, data, tiles: [{ n, c, lo, hi }],
//                     atlas: RGBA bytes (the tiles stacked top to bottom, W × H·tiles), ms }
//               layerError { runId, index, code, message } · done { runId, ms } · code { requestId, text | error }
//               fatal { message }
import { load } from '../convlens/index.browser.js';
import { pytorchCode, tutorialCode } from './export.js';
import { PreparedLayers, errorInfo, prepareLayer, runPrepared, summarize } from './pipeline.js';
import { tileRanges, tileRGBA, tilesOf } from './render.js';
import { drawSample, stackImages } from './samples.js';

let cl = null;
let latestRun = 0;
const samples = new Map(); // `${id}@${size}` → [3, size, size]
const userImages = new Map(); // `${key}@${size}` → [3, size, size]
let inputCache = { key: '', tensor: null };
let layerCache = new Map(); // chain key → { output, prepared }
let preparedLayers = null; // the layers' modules, kept while the chain and the input's shape stay (a dataset's steps)

// A macrotask yield without timer clamping: lets queued messages (a newer run) in between layers.
const channel = new MessageChannel();
const wakeups = [];
channel.port1.onmessage = () => wakeups.shift()?.();
const yieldToQueue = () => new Promise((resolve) => {
  wakeups.push(resolve);
  channel.port2.postMessage(0);
});

function sampleTensor(id, size) {
  const k = `${id}@${size}`;
  if (!samples.has(k)) samples.set(k, drawSample(id, size));
  return samples.get(k);
}

function batchKey(batch, size) {
  return `${size}:${batch.map((b) => (b.kind === 'sample' ? `s:${b.id}` : `u:${b.key}`)).join(',')}`;
}

function inputTensor(batch, size) {
  const key = batchKey(batch, size);
  if (inputCache.key !== key) {
    const images = batch.map((b) => {
      if (b.kind === 'sample') return sampleTensor(b.id, size);
      const t = userImages.get(`${b.key}@${size}`);
      if (!t) throw new Error(`image ${b.key} was not sent at size ${size}`);
      return t;
    });
    inputCache = { key, tensor: stackImages(images) };
  }
  return { key, tensor: inputCache.tensor };
}

/**
 * Renders a layer's tiles and transfers them to the page with a copy of the values. The tiles go as
 * one atlas of RGBA bytes (stacked top to bottom), transferred, not copied: the page puts each tile's
 * rows into its canvas, which costs less than an ImageBitmap per tile or per atlas (a step of 64 images).
 */
function postLayer(runId, index, key, tensor, display, ms) {
  const layout = tilesOf(tensor.shape, display);
  const ranges = tileRanges(tensor, layout.tiles, display);
  const [, , H, W] = tensor.shape;
  const tileBytes = 4 * H * W;
  const rgba = new Uint8ClampedArray(tileBytes * layout.tiles.length);
  const tiles = layout.tiles.map((t, k) => {
    tileRGBA(tensor, t, ranges[k], display.norm, rgba.subarray(k * tileBytes, (k + 1) * tileBytes));
    return { n: t.n, c: t.c, lo: ranges[k][0], hi: ranges[k][1] };
  });
  const data = tensor.data.slice();
  const message = {
    type: 'layer', runId, index, key, shape: tensor.shape, data, tiles, atlas: rgba, rgb: layout.rgb,
    channelsShown: layout.channelsShown, rowPerImage: layout.rowPerImage, ms,
  };
  // @ts-expect-error a worker's postMessage(message, transfer): tsc checks the web tier against the DOM's Window
  postMessage(message, [data.buffer, rgba.buffer]);
}

async function run(msg) {
  const { runId, batch, size, layers, display, have = [] } = msg;
  latestRun = runId;
  await yieldToQueue(); // a burst of edits collapses into its last run
  if (latestRun !== runId) return;
  const t0 = performance.now();
  const given = msg.input ?? null;
  const count = given ? given.tensor.shape[0] : batch.length;
  const inputShape = given ? given.tensor.shape : [batch.length, 3, size, size];
  postMessage({ type: 'summary', runId, inputShape, rows: count ? summarize(cl, inputShape, layers) : [] });
  if (count === 0) {
    postMessage({ type: 'done', runId, ms: 0 });
    return;
  }
  const displayKey = JSON.stringify(display);
  let input;
  try {
    input = given ?? inputTensor(batch, size);
  } catch (e) {
    postMessage({ type: 'layerError', runId, index: 0, ...errorInfo(e) });
    postMessage({ type: 'done', runId, ms: performance.now() - t0 });
    return;
  }
  let key = `${input.key}#${displayKey}`;
  if (have[0] === key) postMessage({ type: 'layer', runId, index: 0, key, same: true });
  else postLayer(runId, 0, key, input.tensor, display, 0);
  let x = input.tensor;
  let chain = input.key;
  const nextCache = new Map();
  for (const [i, layer] of layers.entries()) {
    postMessage({ type: 'progress', runId, done: i, total: layers.length });
    await yieldToQueue();
    if (latestRun !== runId) return; // superseded: the newer run carries on
    chain += `|${JSON.stringify(layer)}`;
    key = `${chain}#${displayKey}`;
    const t = performance.now();
    let entry = layerCache.get(chain);
    try {
      if (!entry) {
        const prepared = preparedLayers.prepare(layer, x.shape);
        entry = { output: runPrepared(cl, prepared, x), prepared };
      }
    } catch (e) {
      postMessage({ type: 'layerError', runId, index: i + 1, ...errorInfo(e) });
      break;
    }
    nextCache.set(chain, entry);
    x = entry.output;
    if (have[i + 1] === key) postMessage({ type: 'layer', runId, index: i + 1, key, same: true });
    else postLayer(runId, i + 1, key, x, display, performance.now() - t);
  }
  layerCache = nextCache;
  preparedLayers.sweep();
  postMessage({ type: 'done', runId, ms: performance.now() - t0 });
}

function code({ requestId, layers, size, images, display, dataset, loader }) {
  try {
    const prepared = [];
    let shape = dataset ? [loader.batchSize, ...dataset.imageShape] : [Math.max(1, images.length), 3, size, size];
    for (const layer of layers) {
      const p = prepareLayer(cl, layer, shape);
      prepared.push(p);
      shape = p.outShape;
    }
    if (dataset) {
      postMessage({ type: 'code', requestId, text: tutorialCode(layers, prepared, { dataset, loader }) });
      return;
    }
    postMessage({ type: 'code', requestId, text: pytorchCode(layers, prepared, { size, images: images.filter((b) => b.kind === 'sample').map((b) => b.id), ...display }) });
  } catch (e) {
    postMessage({ type: 'code', requestId, error: errorInfo(e) });
  }
}

let ready = null;
onmessage = async (e) => {
  const msg = e.data;
  try {
    if (msg.type === 'init') {
      ready = load(msg.simd === false ? { simd: false } : {}).then((m) => {
        cl = m;
        preparedLayers = new PreparedLayers(m);
        postMessage({ type: 'ready', variant: m.variant });
      });
      await ready;
      return;
    }
    await ready;
    if (msg.type === 'image') userImages.set(`${msg.key}@${msg.size}`, msg.tensor);
    else if (msg.type === 'forget') {
      for (const k of [...userImages.keys()]) if (k.startsWith(`${msg.key}@`)) userImages.delete(k);
    } else if (msg.type === 'run') await run(msg);
    else if (msg.type === 'code') code(msg);
  } catch (err) {
    postMessage({ type: 'fatal', message: err?.message ?? String(err) });
  }
};
