// The images panel: the built-in samples (toggle buttons with thumbnails), the user's own images
// (file picker, drag-and-drop, paste), the batch they form and its common size. User images are
// decoded here with createImageBitmap and a canvas, and stay in this tab: they are never uploaded
// and never part of the link.
import { h, replaceChildren } from '../ui/views/dom.js';
import { SAMPLES, SIZES, drawSample, rgbaToTensor } from './samples.js';
import { STATE_LIMITS } from './state.js';
import { tileRGBA } from './render.js';
import { tr } from './strings.js';

const THUMB = 32;
const thumbs = new Map(); // sample id → its THUMB-sized tensor (drawn once)

function sampleThumb(id) {
  if (!thumbs.has(id)) thumbs.set(id, drawSample(id, THUMB));
  return thumbs.get(id);
}

/** Draws a [3, H, W] tensor in [0, 1] into a canvas (thumbnails). */
function drawThumb(canvas, tensor) {
  const [, H, W] = tensor.shape;
  canvas.width = W;
  canvas.height = H;
  const rgba = tileRGBA({ shape: [1, 3, H, W], data: tensor.data }, { n: 0, c: null }, [0, 1]);
  canvas.getContext('2d').putImageData(new ImageData(rgba, W, H), 0, 0);
}

/**
 * A user image at `size`×`size`: composited over white, centre-cropped to a square, resized with
 * the browser's high-quality smoothing. Returns a [3, size, size] tensor in [0, 1].
 */
export function bitmapToTensor(bitmap, size) {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const m = Math.min(bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, (bitmap.width - m) / 2, (bitmap.height - m) / 2, m, m, 0, 0, size, size);
  return rgbaToTensor(ctx.getImageData(0, 0, size, size).data, size, size);
}

/**
 * opts: { onChange({ images, user, size }), onNotice(text) } — images: built-in
 * ids in the batch; user: [{ key, name, bitmap }]. Returns { el, render(state, user) }.
 */
export function createGallery(opts) {
  let state = null;
  let user = [];
  let nextKey = 1;

  const sampleButtons = SAMPLES.map((s) => {
    const canvas = h('canvas', { class: 'thumb', width: THUMB, height: THUMB, 'aria-hidden': 'true' });
    drawThumb(canvas, sampleThumb(s.id));
    const b = h('button', { type: 'button', class: 'sample', 'data-sample': s.id, 'aria-pressed': 'false' }, [canvas, h('span', { 'data-i18n': `sample_${s.id}`, text: tr(`sample_${s.id}`) })]);
    b.addEventListener('click', () => toggleSample(s.id));
    return b;
  });

  const size = h('select', { id: 'img-size' }, SIZES.map((v) => h('option', { value: String(v), text: `${v} × ${v}` })));
  size.addEventListener('change', () => emit({ size: Number(size.value) }));

  const file = h('input', { id: 'img-file', type: 'file', accept: 'image/*', multiple: true, hidden: true });
  file.addEventListener('change', () => {
    addFiles([...file.files]);
    file.value = '';
  });
  const pick = h('button', { type: 'button', id: 'img-pick', 'data-i18n': 'galleryAdd', text: tr('galleryAdd') });
  pick.addEventListener('click', () => file.click());

  const batchList = h('ul', { class: 'batch', id: 'batch-list', 'aria-labelledby': 'batch-heading' });
  const batchHeading = h('h3', { id: 'batch-heading' });
  const drop = h('div', { class: 'drop-zone', id: 'drop-zone' }, [
    pick, file,
    h('p', { class: 'hint', 'data-i18n': 'galleryDropHint', text: tr('galleryDropHint') }),
  ]);

  const el = h('div', { class: 'gallery' }, [
    h('fieldset', { class: 'samples' }, [h('legend', { 'data-i18n': 'gallerySamples', text: tr('gallerySamples') }), h('div', { class: 'sample-list' }, sampleButtons)]),
    drop,
    h('div', { class: 'field' }, [h('label', { for: 'img-size', 'data-i18n': 'gallerySize', text: tr('gallerySize') }), size]),
    batchHeading,
    batchList,
  ]);

  function count() {
    return state.images.length + user.length;
  }

  function emit(patch) {
    opts.onChange({ images: state.images, user, size: state.size, ...patch });
  }

  function toggleSample(id) {
    if (state.images.includes(id)) emit({ images: state.images.filter((v) => v !== id) });
    else if (count() >= STATE_LIMITS.images) opts.onNotice(tr('galleryFull', { max: STATE_LIMITS.images }));
    else emit({ images: [...state.images, id] });
  }

  // one batch of files after the other, so that images join the batch in the order they came
  let queue = Promise.resolve();
  function addFiles(files) {
    queue = queue.then(() => addFilesNow(files));
  }

  async function addFilesNow(files) {
    const added = [];
    for (const f of files) {
      if (count() + added.length >= STATE_LIMITS.images) {
        opts.onNotice(tr('galleryFullFrom', { max: STATE_LIMITS.images, name: f.name }));
        break;
      }
      try {
        const bitmap = await createImageBitmap(f);
        added.push({ key: `u${nextKey++}`, name: f.name || tr('galleryPasted'), bitmap });
      } catch {
        opts.onNotice(tr('galleryUnreadable', { name: f.name || tr('galleryPastedData') }));
      }
    }
    if (added.length) emit({ user: [...user, ...added] });
  }

  // drag-and-drop onto the panel, paste anywhere on the page
  el.addEventListener('dragover', (e) => {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    e.preventDefault();
    el.classList.add('dragging');
  });
  el.addEventListener('dragleave', (e) => {
    if (!el.contains(e.relatedTarget)) el.classList.remove('dragging');
  });
  el.addEventListener('drop', (e) => {
    el.classList.remove('dragging');
    const files = [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    e.preventDefault();
    addFiles(files);
  });
  document.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    e.preventDefault();
    addFiles(files);
  });

  function chip(label, thumb, onRemove, kind) {
    const remove = h('button', { type: 'button', class: 'remove', 'aria-label': tr('galleryRemove', { label }), text: '×' });
    remove.addEventListener('click', onRemove);
    return h('li', { class: `chip ${kind}` }, [thumb, h('span', { class: 'chip-label', text: label }), remove]);
  }

  return {
    el,
    /** Shows the state's batch and size, and the user's images. */
    render(s, u) {
      state = s;
      user = u;
      size.value = String(s.size);
      for (const b of sampleButtons) b.setAttribute('aria-pressed', String(s.images.includes(b.dataset.sample)));
      batchHeading.textContent = tr(count() === 1 ? 'galleryBatchOne' : 'galleryBatch', { count: count(), size: s.size });
      const items = [];
      s.images.forEach((id, n) => {
        const c = h('canvas', { class: 'thumb', 'aria-hidden': 'true' });
        drawThumb(c, sampleThumb(id));
        const label = tr(`sample_${id}`);
        items.push(chip(`${n}: ${label}`, c, () => emit({ images: s.images.filter((v) => v !== id) }), 'sample'));
      });
      u.forEach((img, k) => {
        const c = h('canvas', { class: 'thumb', 'aria-hidden': 'true' });
        if (!img.thumb) img.thumb = bitmapToTensor(img.bitmap, THUMB);
        drawThumb(c, img.thumb);
        items.push(chip(`${s.images.length + k}: ${img.name}`, c, () => emit({ user: user.filter((x) => x.key !== img.key) }), 'user'));
      });
      if (!items.length) items.push(h('li', { class: 'empty', text: tr('galleryEmpty') }));
      replaceChildren(batchList, items);
    },
  };
}
