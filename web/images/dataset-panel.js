// The dataset card of image mode: the learner's dataset files (file picker, folder picker, drag and
// drop) or the synthetic set, read in the dataset worker with progress and Cancel; the split; the
// DataLoader's batch_size, shuffle (seed) and drop_last; the step slider over the batches; the
// tutorial preset; and the TensorBoard event-file export. The page asks it for the current batch.
// A failed or cancelled read shows its message and keeps what was loaded before.
import { h } from '../ui/views/dom.js';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE } from './data/data-loader.js';
import { labelCaption, splitsOf, stepCount } from './datasets.js';
import { tr } from './strings.js';

const SHOW_PROGRESS_AFTER_MS = 150;

/** Every file under a dropped directory entry, with its path relative to the drop. */
async function entryFiles(entry, prefix = '') {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ path: `${prefix}${entry.name}`, blob: file }];
  }
  const reader = entry.createReader();
  const out = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const e of batch) out.push(...await entryFiles(e, `${prefix}${entry.name}/`));
  }
  return out;
}

const fileList = (files) => [...files].map((f) => ({ path: f.webkitRelativePath || f.name, blob: f }));

/**
 * opts: { onDataset(info) (a dataset was loaded), onBatch(requestedAt) (the current batch changed;
 * requestedAt: performance.now() of the edit that asked for it), onClose(),
 * layers() (the pipeline, for the event file), download(blob, name), simd }. Returns { el,
 * active(), batch() → { key, tensor, labels, captions } | null, loader(), info() }.
 */
export function createDatasetPanel(opts) {
  const worker = new Worker(new URL('./dataset-worker.js', import.meta.url), { type: 'module' });
  let info = null; // the loaded dataset (what the worker reports)
  let generation = 0; // counts loaded datasets, so batch keys never repeat across them
  let files = null; // the files of the last read, to read another split
  let loadId = 0;
  let loadingId = 0; // the read in flight, 0 = none
  let requestId = 0; // the newest batch request
  let exportId = 0;
  let current = null; // the shown batch
  let requestedAt = 0; // when the newest batch was asked for (the step's key or drag)
  let progressTimer = 0;

  // ---- controls ----
  const fileInput = h('input', { type: 'file', id: 'ds-files', multiple: true });
  const folderInput = h('input', { type: 'file', id: 'ds-folder', multiple: true });
  folderInput.setAttribute('webkitdirectory', '');
  const syntheticButton = h('button', { type: 'button', id: 'ds-synthetic', 'data-i18n': 'dsSynthetic', text: tr('dsSynthetic') });
  const drop = h('div', { class: 'drop-zone', id: 'ds-drop' }, [
    h('div', { class: 'field' }, [h('label', { for: 'ds-files', 'data-i18n': 'dsFiles', text: tr('dsFiles') }), fileInput]),
    h('div', { class: 'field' }, [h('label', { for: 'ds-folder', 'data-i18n': 'dsFolder', text: tr('dsFolder') }), folderInput]),
    syntheticButton,
    h('p', { class: 'hint', 'data-i18n': 'dsHint', text: tr('dsHint') }),
  ]);
  const splitSelect = h('select', { id: 'ds-split' }, [h('option', { value: 'test', text: 'test (train=False)' }), h('option', { value: 'train', text: 'train (train=True)' })]);
  const splitRow = h('div', { class: 'field', hidden: true }, [h('label', { for: 'ds-split', 'data-i18n': 'dsSplit', text: tr('dsSplit') }), splitSelect]);
  const mnistSelect = h('select', { id: 'ds-mnist' }, [h('option', { value: 'MNIST', text: 'MNIST' }), h('option', { value: 'Fashion-MNIST', text: 'Fashion-MNIST' })]);
  const mnistRow = h('div', { class: 'field', hidden: true }, [h('label', { for: 'ds-mnist', 'data-i18n': 'dsMnist', text: tr('dsMnist') }), mnistSelect]);
  const progress = h('progress', { id: 'ds-progress', max: 1, value: 0 });
  const progressText = h('label', { for: 'ds-progress', id: 'ds-progress-text', text: 'Reading…' });
  const cancelButton = h('button', { type: 'button', id: 'ds-cancel', 'data-i18n': 'cancel', text: tr('cancel') });
  const progressRow = h('div', { class: 'progress-row', hidden: true }, [progressText, progress, cancelButton]);
  const status = h('p', { class: 'ds-status hint', id: 'ds-status', role: 'status' });

  const batchInput = h('input', { type: 'number', id: 'ds-batch-size', min: 1, max: MAX_BATCH_SIZE, step: 1, value: DEFAULT_BATCH_SIZE });
  const shuffleBox = h('input', { type: 'checkbox', id: 'ds-shuffle' });
  const seedInput = h('input', { type: 'number', id: 'ds-seed', min: 0, step: 1, value: 0 });
  const dropLastBox = h('input', { type: 'checkbox', id: 'ds-drop-last' });
  const stepSlider = h('input', { type: 'range', id: 'ds-step', min: 0, max: 0, step: 1, value: 0 });
  const stepText = h('output', { id: 'ds-step-text', for: 'ds-step' });
  const presetButton = h('button', { type: 'button', id: 'ds-preset', 'data-i18n': 'dsPreset', text: tr('dsPreset') });
  const closeButton = h('button', { type: 'button', id: 'ds-close', 'data-i18n': 'dsClose', text: tr('dsClose') });
  const fromInput = h('input', { type: 'number', id: 'ds-from', min: 0, step: 1, value: 0 });
  const toInput = h('input', { type: 'number', id: 'ds-to', min: 0, step: 1, value: 0 });
  const exportButton = h('button', { type: 'button', id: 'ds-export-events', 'data-i18n': 'dsExport', text: tr('dsExport') });
  const exportStatus = h('p', { class: 'hint', id: 'ds-export-status', role: 'status' });
  const loaderBox = h('div', { id: 'ds-loader', hidden: true }, [
    h('fieldset', {}, [
      h('legend', { 'data-i18n': 'dsLoader', text: tr('dsLoader') }),
      h('div', { class: 'field' }, [h('label', { for: 'ds-batch-size', text: 'batch_size' }), batchInput]),
      h('div', { class: 'field check' }, [shuffleBox, h('label', { for: 'ds-shuffle', text: 'shuffle' })]),
      h('div', { class: 'field' }, [h('label', { for: 'ds-seed', text: 'seed' }), seedInput]),
      h('div', { class: 'field check' }, [dropLastBox, h('label', { for: 'ds-drop-last', text: 'drop_last' })]),
    ]),
    h('div', { class: 'step-row' }, [h('label', { for: 'ds-step', 'data-i18n': 'dsStep', text: tr('dsStep') }), stepSlider, stepText]),
    h('div', { class: 'button-row' }, [presetButton, closeButton]),
    h('fieldset', {}, [
      h('legend', { 'data-i18n': 'dsEvents', text: tr('dsEvents') }),
      h('div', { class: 'field' }, [h('label', { for: 'ds-from', 'data-i18n': 'dsFrom', text: tr('dsFrom') }), fromInput]),
      h('div', { class: 'field' }, [h('label', { for: 'ds-to', 'data-i18n': 'dsTo', text: tr('dsTo') }), toInput]),
      exportButton,
      exportStatus,
    ]),
  ]);
  const el = h('div', { class: 'dataset-panel' }, [drop, splitRow, mnistRow, progressRow, status, loaderBox]);

  function loader() {
    const b = Number(batchInput.value);
    return {
      batchSize: Number.isInteger(b) && b >= 1 && b <= MAX_BATCH_SIZE ? b : DEFAULT_BATCH_SIZE,
      shuffle: shuffleBox.checked,
      seed: Number.isInteger(Number(seedInput.value)) ? Number(seedInput.value) : 0,
      dropLast: dropLastBox.checked,
    };
  }

  const steps = () => (info ? stepCount(info.count, loader()) : 0);

  function renderSteps() {
    const n = steps();
    stepSlider.max = String(Math.max(0, n - 1));
    if (Number(stepSlider.value) > n - 1) stepSlider.value = String(Math.max(0, n - 1));
    stepSlider.disabled = n <= 1;
    stepText.textContent = n ? tr('dsStepOf', { step: stepSlider.value, last: n - 1 }) : tr('dsNoBatch');
    for (const i of [fromInput, toInput]) i.max = String(Math.max(0, n - 1));
    if (Number(toInput.value) > n - 1) toInput.value = String(Math.max(0, n - 1));
    exportButton.disabled = n === 0;
  }

  const PREFETCHED = 6; // batches kept: the neighbours of the step shown, fetched ahead
  const prefetched = new Map(); // batch key → { step, input, labels, indices }
  const pending = new Map(); // request id → { key, step, wanted }
  const batchKey = (step) => `dataset${generation}:${JSON.stringify(loader())}:${step}`;

  function show(key, step, b) {
    current = {
      key, step, tensor: b.input, labels: b.labels, indices: b.indices,
      captions: Array.from(b.labels, (l) => labelCaption(l, info.classes)),
    };
    opts.onBatch(requestedAt);
  }

  function fetchBatch(step, wanted) {
    const key = batchKey(step);
    for (const p of pending.values()) {
      if (p.key === key) {
        p.wanted ||= wanted;
        return;
      }
    }
    requestId += 1;
    pending.set(requestId, { key, step, wanted });
    worker.postMessage({ type: 'batch', requestId, loader: loader(), step });
  }

  /** Shows the slider's step (at once when it was fetched ahead), and fetches its neighbours ahead. */
  function requestBatch() {
    if (!info) return;
    if (steps() === 0) {
      current = null;
      opts.onBatch(performance.now());
      return;
    }
    requestedAt = performance.now();
    const step = Number(stepSlider.value);
    const key = batchKey(step);
    for (const p of pending.values()) p.wanted = false; // only the newest step is shown
    if (prefetched.has(key)) show(key, step, prefetched.get(key));
    else fetchBatch(step, true);
    for (const s of [step + 1, step - 1]) {
      if (s >= 0 && s < steps() && !prefetched.has(batchKey(s))) fetchBatch(s, false);
    }
  }

  function onBatchMessage(msg) {
    const p = pending.get(msg.requestId);
    if (!p) return;
    pending.delete(msg.requestId);
    if (!p.key.startsWith(`dataset${generation}:`)) return; // a dataset replaced since
    prefetched.set(p.key, msg);
    while (prefetched.size > PREFETCHED) prefetched.delete(prefetched.keys().next().value);
    if (p.wanted) show(p.key, p.step, msg);
  }

  function showProgress(on) {
    clearTimeout(progressTimer);
    if (on) progressTimer = setTimeout(() => { progressRow.hidden = false; }, SHOW_PROGRESS_AFTER_MS);
    else progressRow.hidden = true;
  }

  function read(list, { synthetic = false } = {}) {
    if (!synthetic) {
      if (list.length === 0) return;
      files = list;
      const splits = splitsOf(list.map((f) => f.path));
      splitRow.hidden = splits.length < 2;
      if (splits.length === 1) splitSelect.value = splits[0];
      mnistRow.hidden = !list.some((f) => /-idx[13]-ubyte(\.gz)?$/.test(f.path));
    }
    if (loadingId) worker.postMessage({ type: 'cancel', loadId: loadingId });
    loadId += 1;
    loadingId = loadId;
    progress.removeAttribute('value');
    progressText.textContent = synthetic ? tr('dsDrawing') : tr('dsReading', { what: list.length === 1 ? list[0].path : tr('dsFilesCount', { count: list.length }) });
    document.body.dataset.dataset = 'loading';
    showProgress(true);
    worker.postMessage({ type: 'load', loadId, files: synthetic ? null : list, split: splitSelect.value, mnistName: mnistSelect.value });
  }

  function describe(i) {
    return tr('dsLoaded', {
      name: i.synthetic ? tr('dsSyntheticName') : i.name,
      split: i.split === 'all' ? '' : tr('dsSplitName', { split: i.split }),
      count: i.count.toLocaleString('en'),
      shape: i.imageShape.join('×'),
      classes: i.classes.length,
    });
  }

  // the status line is re-rendered in the language chosen later
  let statusText = () => '';
  function setStatus(text, error = false) {
    statusText = text;
    status.classList.toggle('error', error);
    status.textContent = text();
  }

  worker.onmessage = (e) => {
    const msg = e.data;
    if (msg.type === 'progress' && msg.loadId === loadingId) {
      progress.max = msg.total || 1;
      progress.value = msg.done;
    } else if (msg.type === 'progress' && msg.requestId === exportId) {
      exportStatus.textContent = tr('dsWritingStep', msg);
    } else if (msg.type === 'loaded' && msg.loadId === loadingId) {
      loadingId = 0;
      showProgress(false);
      info = msg.info;
      generation += 1;
      const loaded = info;
      setStatus(() => describe(loaded));
      loaderBox.hidden = false;
      stepSlider.value = '0';
      fromInput.value = '0';
      toInput.value = String(Math.max(0, steps() - 1));
      renderSteps();
      current = null;
      prefetched.clear();
      document.body.dataset.dataset = 'loaded';
      opts.onDataset(info);
      requestBatch();
    } else if (msg.type === 'loadError' && msg.loadId === loadingId) {
      loadingId = 0;
      showProgress(false);
      const kept = info;
      setStatus(() => `${msg.cancelled ? tr('dsCancelled') : msg.message}${kept ? ` ${tr('dsKept', { what: describe(kept) })}` : ''}`, true);
      document.body.dataset.dataset = msg.cancelled ? 'cancelled' : 'error';
    } else if (msg.type === 'batch') {
      onBatchMessage(msg);
    } else if (msg.type === 'events' && msg.requestId === exportId) {
      exportButton.disabled = false;
      exportStatus.textContent = tr('dsSaved', { name: msg.name, size: msg.bytes.length.toLocaleString('en') });
      document.body.dataset.events = 'done';
      opts.download(new Blob([msg.bytes], { type: 'application/octet-stream' }), msg.name);
    } else if (msg.type === 'failed') {
      pending.delete(msg.requestId);
      if (msg.requestId === exportId) {
        exportButton.disabled = false;
        exportStatus.textContent = tr('dsExportFailed', msg);
        document.body.dataset.events = 'failed';
      } else setStatus(() => msg.message, true);
    }
  };

  fileInput.addEventListener('change', () => {
    read(fileList(fileInput.files));
    fileInput.value = '';
  });
  folderInput.addEventListener('change', () => {
    read(fileList(folderInput.files));
    folderInput.value = '';
  });
  syntheticButton.addEventListener('click', () => read(null, { synthetic: true }));
  splitSelect.addEventListener('change', () => files && read(files));
  mnistSelect.addEventListener('change', () => files && read(files));
  cancelButton.addEventListener('click', () => {
    if (loadingId) worker.postMessage({ type: 'cancel', loadId: loadingId });
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    e.stopPropagation();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    e.stopPropagation();
    drop.classList.remove('over');
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
    const list = entries.length
      ? (await Promise.all(entries.map((en) => entryFiles(en)))).flat()
      : fileList(e.dataTransfer.files);
    read(list);
  });
  for (const input of [batchInput, shuffleBox, seedInput, dropLastBox]) {
    input.addEventListener('change', () => {
      renderSteps();
      requestBatch();
    });
  }
  stepSlider.addEventListener('input', () => {
    renderSteps();
    requestBatch();
  });
  stepSlider.addEventListener('keydown', (e) => {
    // PageUp / PageDown: ten steps, as TensorBoard's slider pages
    if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
    e.preventDefault();
    const next = Math.max(0, Math.min(steps() - 1, Number(stepSlider.value) + (e.key === 'PageUp' ? 10 : -10)));
    if (next === Number(stepSlider.value)) return;
    stepSlider.value = String(next);
    renderSteps();
    requestBatch();
  });
  presetButton.addEventListener('click', () => opts.onPreset());
  closeButton.addEventListener('click', () => {
    info = null;
    current = null;
    loaderBox.hidden = true;
    setStatus(() => '');
    delete document.body.dataset.dataset;
    opts.onClose();
  });
  exportButton.addEventListener('click', () => {
    const n = steps();
    const from = Math.max(0, Math.min(n - 1, Math.trunc(Number(fromInput.value)) || 0));
    const to = Math.max(from, Math.min(n - 1, Math.trunc(Number(toInput.value)) || 0));
    exportId -= 1; // export ids are negative, apart from batch requests'
    exportButton.disabled = true;
    exportStatus.textContent = tr('dsWriting', { count: to - from + 1 });
    document.body.dataset.events = 'writing';
    worker.postMessage({ type: 'events', requestId: exportId, loader: loader(), layers: opts.layers(), from, to, host: 'browser', simd: opts.simd });
  });

  return {
    el,
    /** Whether a dataset is loaded (and so feeds the pipeline). */
    active: () => info !== null,
    /** The batch of the current step: { key, step, tensor, labels, captions }, or null while it comes. */
    batch: () => current,
    /** The DataLoader's settings. */
    loader,
    /** What the worker reported of the loaded dataset. */
    info: () => info,
    /** Re-renders the texts made from parts (status, step) in the current language. */
    relabel() {
      status.textContent = statusText();
      renderSteps();
    },
  };
}
