// Image mode's page: wires the images panel, the pipeline editor, the display options and the
// output grids to the worker, and keeps the URL hash in step with the state (state.js). Every edit
// starts a numbered run; stale results are dropped; a run that takes long shows its progress and a
// Cancel button. Each repaint is recorded as performance.measure('convlens:image-update') from the
// edit to the repaint. <body> gets data-ready="true" once the first run is shown, data-error on
// failure, and data-run ("running" | "done" | "cancelled") with data-run-id for tests (data-step:
// the dataset step shown; data-dataset and data-events: the dataset card's reads and exports).
import { h, replaceChildren } from '../ui/views/dom.js';
import { createEditor } from './editor.js';
import { pngFileName } from './export.js';
import { bitmapToTensor, createGallery } from './gallery.js';
import { createGrids } from './grids.js';
import { OP_TABLE } from '../ui/model/ops.js';
import { explainLink } from './explain-link.js';
import { NORMS, gridRGBA } from './render.js';
import { createRunner } from './runner.js';
import { createDatasetPanel } from './dataset-panel.js';
import { tutorialLayers } from './datasets.js';
import { setImagesLang, tr } from './strings.js';
import { ZOOMS, parseHash, serializeHash } from './state.js';

const $ = (id) => document.getElementById(id);
const SHOW_PROGRESS_AFTER_MS = 150;
const HASH_DELAY_MS = 250;

let state;
let user = []; // the user's images: [{ key, name, bitmap }], after the built-ins in the batch
let editStart = performance.now();
let progressTimer = 0;
let hashTimer = 0;
let writtenHash = location.hash.replace(/^#/, '');
let firstDone = false;
let summaryRows = [];

const notices = $('notices');
function notice(text) {
  const close = h('button', { type: 'button', class: 'icon', 'aria-label': tr('dismiss'), text: '×' });
  const item = h('li', {}, [h('span', { text }), close]);
  close.addEventListener('click', () => item.remove());
  notices.append(item);
}

function batch() {
  return [...state.images.map((id) => ({ kind: 'sample', id })), ...user.map((u) => ({ kind: 'user', key: u.key }))];
}

function names() {
  if (datasets.active()) return datasets.batch()?.captions ?? [];
  return [...state.images.map((id) => tr(`sample_${id}`)), ...user.map((u) => u.name)];
}

function display() {
  return { norm: state.norm, range: state.range, rgb: state.rgb };
}

// ---- the run ---------------------------------------------------------------------------------

const runner = createRunner({
  simd: new URLSearchParams(location.search).has('scalar') ? false : undefined,
  onReady(variant) {
    $('variant').textContent = variant;
  },
  onFatal(message) {
    notice(tr('workerFailed', { message }));
    if (!firstDone) fail(message);
  },
  onMessage,
});

const grids = createGrids({ onExport: exportPng, explain: explainPixel });

// A loaded dataset feeds the pipeline in place of the pictures: the batch of the slider's step.
const datasets = createDatasetPanel({
  simd: new URLSearchParams(location.search).has('scalar') ? false : undefined,
  onDataset: () => {
    delete document.body.dataset.step;
    update({ layers: tutorialLayers() });
  },
  onBatch: (requestedAt) => update({}, { since: requestedAt }), // measured from the step's key or drag
  onPreset: () => update({ layers: tutorialLayers() }),
  onClose: () => update({}),
  layers: () => state.layers,
  download: (blob, name) => download(blob, name),
});

/** The playground link of output pixel (n, c, y, x) of layer `index` (its input is the view before). */
function explainPixel(index, pixel) {
  const layer = state.layers[index - 1];
  const input = grids.get(index - 1);
  const output = grids.get(index);
  if (!layer || !input || !output) return null;
  try {
    return explainLink({ layer, input, outShape: output.shape, ...pixel });
  } catch {
    return null; // a layer the pipeline rejects has no output to explain
  }
}
const have = []; // the key each view shows
const runSteps = new Map(); // run id → the dataset step it shows (null: pictures)

function requestRun() {
  for (const u of user) {
    if (!runner.hasImage(u.key, state.size)) runner.addImage(u.key, state.size, bitmapToTensor(u.bitmap, state.size));
  }
  grids.setCount(state.layers.length + 1);
  have.length = state.layers.length + 1;
  let request = { batch: batch(), size: state.size, layers: state.layers, display: display(), have: [...have] };
  if (datasets.active()) {
    const b = datasets.batch();
    if (!b) return; // the batch is on its way; its arrival starts the run
    request = { ...request, batch: [], input: { key: b.key, tensor: b.tensor } };
  }
  const id = runner.run(request);
  runSteps.set(id, datasets.active() ? datasets.batch().step : null);
  document.body.dataset.run = 'running';
  document.body.dataset.runId = String(id);
  clearTimeout(progressTimer);
  progressTimer = setTimeout(() => showProgress(true), SHOW_PROGRESS_AFTER_MS);
  for (let i = 0; i <= state.layers.length; i++) grids.setBusy(i, true);
}

function showProgress(on, text) {
  $('progress-row').hidden = !on;
  if (text) $('run-text').textContent = text;
}

function viewTitle(index) {
  if (index === 0) return tr('input');
  const row = summaryRows[index - 1];
  return `${tr('layer', { index })}: ${row ? row.module : OP_TABLE[state.layers[index - 1].op].module}`;
}

function onMessage(msg) {
  switch (msg.type) {
    case 'summary':
      summaryRows = msg.rows;
      editor.setSummary(msg.inputShape, msg.rows);
      if (!datasets.active() && batch().length === 0) grids.mark(0, tr('batchEmpty'), 'failed');
      break;
    case 'progress':
      /** @type {HTMLProgressElement} */ ($('run-progress')).max = msg.total;
      /** @type {HTMLProgressElement} */ ($('run-progress')).value = msg.done;
      $('run-text').textContent = tr('runningLayer', { done: msg.done + 1, total: msg.total });
      break;
    case 'layer':
      have[msg.index] = msg.key;
      if (msg.same) {
        grids.setBusy(msg.index, false);
        break;
      }
      grids.show(msg.index, {
        ...msg, title: viewTitle(msg.index), norm: state.norm, names: names(),
        captions: datasets.active() ? names() : null,
      });
      break;
    case 'layerError':
      have.fill(undefined, msg.index);
      grids.mark(msg.index, `${msg.code}: ${msg.message}`, 'failed');
      if (msg.index + 1 <= state.layers.length) grids.mark(msg.index + 1, tr('notRun'), 'failed');
      break;
    case 'done': {
      clearTimeout(progressTimer);
      showProgress(false);
      const id = msg.runId;
      requestAnimationFrame(() => {
        if (runner.runId() !== id) return;
        const end = performance.now();
        performance.measure('convlens:image-update', { start: editStart, end, detail: { runId: id, layers: state.layers.length, workerMs: msg.ms } });
        $('timing').textContent = tr('updated', { ms: Math.round(end - editStart), worker: Math.round(msg.ms) });
        document.body.dataset.run = 'done';
        const step = runSteps.get(id);
        if (step === null || step === undefined) delete document.body.dataset.step;
        else document.body.dataset.step = String(step); // for tests: the dataset step shown
        runSteps.clear();
        if (!firstDone) {
          firstDone = true;
          document.body.dataset.ready = 'true';
        }
      });
      break;
    }
    default:
  }
}

function cancel() {
  runner.cancel();
  clearTimeout(progressTimer);
  showProgress(false);
  have.fill(undefined);
  grids.mark(0, tr('viewsCancelled'), 'stale');
  document.body.dataset.run = 'cancelled';
  $('timing').textContent = tr('cancelled');
}

// ---- state -----------------------------------------------------------------------------------

function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    const hash = serializeHash(state);
    if (hash === writtenHash) return;
    writtenHash = hash;
    history.replaceState(null, '', `#${hash}`);
  }, HASH_DELAY_MS);
}

// ---- language ----------------------------------------------------------------------------------

const englishNodes = new Map(); // element → its English child nodes (some hold <code>), to go back to

/**
 * Gives every [data-i18n] element its string in the current language (English restores the page's own
 * markup) and every [data-i18n-label] element its aria-label; the editor and the batch are built again.
 */
function applyStrings(lang) {
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const english = englishNodes.get(el);
    if (lang === 'en' && english) el.replaceChildren(...english.map((n) => n.cloneNode(true)));
    else el.textContent = tr(/** @type {HTMLElement} */ (el).dataset.i18n);
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', tr(/** @type {HTMLElement} */ (el).dataset.i18nLabel));
  }
  editor.relabel();
  gallery.render(state, user);
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  document.title = tr('pageTitle');
  /** @type {HTMLSelectElement} */ ($('img-lang')).value = lang;
  datasets.relabel();
}

let shownLang = 'en';
/** Switches the page's language (loading its strings first); the views are shown again with it. */
async function showLang(lang) {
  if (lang === shownLang) return;
  if (!(await setImagesLang(lang))) return;
  shownLang = lang;
  applyStrings(lang);
  have.fill(undefined); // view titles are in the language: show every view again
  requestRun();
}

/** Applies a change: the state (and user images) are replaced, the views re-rendered, a run started. */
/**
 * @param {object} patch
 * @param {{ fromEditor?: boolean, since?: number }} [how]
 */
function update(patch, { fromEditor = false, since } = {}) {
  editStart = since ?? performance.now();
  const { user: nextUser, ...rest } = patch;
  if (nextUser) {
    for (const u of user) if (!nextUser.includes(u)) runner.forgetImage(u.key);
    user = nextUser;
  }
  state = { ...state, ...rest };
  if (!fromEditor) editor.render(state.layers);
  if (nextUser || 'images' in rest || 'size' in rest) gallery.render(state, user);
  renderDisplay();
  $('images-heading').closest('section').hidden = datasets.active(); // the dataset feeds the pipeline instead
  writeHash();
  requestRun();
  if ('lang' in rest) showLang(state.lang ?? 'en');
}

const gallery = createGallery({
  onChange: (p) => update(p),
  onNotice: notice,
});
const editor = createEditor({ onChange: (layers) => update({ layers }, { fromEditor: true }) });

// display options
const normSelect = h('select', { id: 'opt-norm' }, NORMS.map((n) => h('option', { value: n.id, text: tr(`norm_${n.id}`), 'data-i18n': `norm_${n.id}` })));
normSelect.addEventListener('change', () => update({ norm: normSelect.value }));
const rangeLo = h('input', { id: 'opt-lo', type: 'text', inputmode: 'decimal', size: 6, autocomplete: 'off' });
const rangeHi = h('input', { id: 'opt-hi', type: 'text', inputmode: 'decimal', size: 6, autocomplete: 'off' });
const rangeError = h('p', { class: 'field-error', id: 'opt-range-err', hidden: true });
for (const input of [rangeLo, rangeHi]) {
  input.setAttribute('aria-describedby', 'opt-range-err');
  input.addEventListener('input', () => {
    const lo = Number(rangeLo.value);
    const hi = Number(rangeHi.value);
    const ok = rangeLo.value.trim() !== '' && rangeHi.value.trim() !== '' && Number.isFinite(lo) && Number.isFinite(hi) && lo < hi;
    rangeError.hidden = ok;
    rangeError.textContent = ok ? '' : tr('rangeNeeds');
    for (const x of [rangeLo, rangeHi]) (ok ? x.removeAttribute('aria-invalid') : x.setAttribute('aria-invalid', 'true'));
    if (ok) update({ range: [lo, hi] });
  });
}
const rgbBox = h('input', { id: 'opt-rgb', type: 'checkbox' });
rgbBox.addEventListener('change', () => update({ rgb: rgbBox.checked }));
const zoomSelect = h('select', { id: 'opt-zoom' }, ZOOMS.map((z) => h('option', { value: String(z), text: z === 'auto' ? 'auto' : `${z}×` })));
zoomSelect.addEventListener('change', () => update({ zoom: zoomSelect.value === 'auto' ? 'auto' : Number(zoomSelect.value) }));
const rangeRow = h('div', { class: 'field range-row' }, [
  h('span', { class: 'label', id: 'opt-range-label', text: 'Fixed range (low, high)', 'data-i18n': 'range' }),
  h('span', { class: 'pair' }, [
    h('label', { for: 'opt-lo', class: 'visually-hidden', text: tr('rangeLow'), 'data-i18n': 'rangeLow' }), rangeLo,
    h('label', { for: 'opt-hi', class: 'visually-hidden', text: tr('rangeHigh'), 'data-i18n': 'rangeHigh' }), rangeHi,
  ]),
  rangeError,
]);
const displayEl = h('div', { class: 'display-options' }, [
  h('div', { class: 'field' }, [h('label', { for: 'opt-norm', text: 'Normalisation', 'data-i18n': 'norm' }), normSelect]),
  rangeRow,
  h('div', { class: 'field check' }, [rgbBox, h('label', { for: 'opt-rgb', text: 'Show 3-channel layers in colour', 'data-i18n': 'rgb' })]),
  h('div', { class: 'field' }, [h('label', { for: 'opt-zoom', text: 'Pixel zoom', 'data-i18n': 'zoom' }), zoomSelect]),
]);

function renderDisplay() {
  normSelect.value = state.norm;
  rangeRow.hidden = state.norm !== 'fixed';
  if (document.activeElement !== rangeLo && document.activeElement !== rangeHi) {
    rangeLo.value = String(state.range[0]);
    rangeHi.value = String(state.range[1]);
  }
  rgbBox.checked = state.rgb;
  zoomSelect.value = String(state.zoom);
  grids.setZoom(state.zoom);
}

// ---- exports ---------------------------------------------------------------------------------

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportPng(index) {
  const d = grids.get(index);
  if (!d) return;
  const g = gridRGBA({ shape: d.shape, data: d.data }, { rgb: state.rgb, norm: state.norm, range: state.range });
  const canvas = document.createElement('canvas');
  canvas.width = g.width;
  canvas.height = g.height;
  canvas.getContext('2d').putImageData(new ImageData(g.data, g.width, g.height), 0, 0);
  canvas.toBlob((blob) => {
    if (blob) download(blob, pngFileName(index));
    else notice(tr('pngFailed'));
  }, 'image/png');
}

async function showCode() {
  const out = $('code');
  try {
    const info = datasets.info();
    const dataset = info
      ? { name: info.name, split: info.split, root: info.root, synthetic: info.synthetic, imageShape: info.imageShape }
      : undefined;
    const text = await runner.code({
      layers: state.layers, size: state.size, images: batch(), display: display(), dataset, loader: datasets.loader(),
    });
    out.textContent = text;
    $('code-section').hidden = false;
    /** @type {HTMLButtonElement} */ ($('copy-code')).disabled = false;
    /** @type {HTMLButtonElement} */ ($('download-code')).disabled = false;
    return text;
  } catch (e) {
    out.textContent = `# ${tr('codeFailed', { message: e.message })}`;
    $('code-section').hidden = false;
    return null;
  }
}

// ---- start -----------------------------------------------------------------------------------

function fail(message) {
  $('status').textContent = tr('startFailed', { message });
  $('status').classList.add('error');
  document.body.dataset.error = message;
}

function main() {
  state = parseHash(location.hash).state;
  replaceChildren($('dataset'), datasets.el);
  replaceChildren($('gallery'), gallery.el);
  replaceChildren($('editor'), editor.el);
  replaceChildren($('display'), displayEl);
  $('outputs').append(grids.el);
  $('cancel').addEventListener('click', cancel);
  for (const el of document.querySelectorAll('[data-i18n]')) englishNodes.set(el, [...el.childNodes].map((n) => n.cloneNode(true)));
  $('img-lang').addEventListener('change', () => update({ lang: /** @type {HTMLSelectElement} */ ($('img-lang')).value }));
  // the link's notices in the link's language, once its strings are loaded
  showLang(state.lang ?? 'en').then(() => parseHash(location.hash).notices.forEach(notice));
  $('show-code').addEventListener('click', showCode);
  $('copy-code').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('code').textContent);
      $('code-status').textContent = tr('copied');
    } catch {
      $('code-status').textContent = tr('copyRefused');
    }
  });
  $('download-code').addEventListener('click', async () => {
    const text = await showCode();
    if (text) download(new Blob([text], { type: 'text/x-python' }), 'convlens_pipeline.py');
  });
  editor.render(state.layers);
  gallery.render(state, user);
  renderDisplay();
  requestRun();
  $('status').hidden = true;
  addEventListener('hashchange', () => {
    const hash = location.hash.replace(/^#/, '');
    if (hash === writtenHash) return;
    writtenHash = hash;
    const next = parseHash(location.hash);
    for (const n of next.notices) notice(n);
    update({ lang: 'en', ...next.state });
  });
}

try {
  main();
} catch (err) {
  fail(err?.message ?? String(err));
  console.error(err);
}
