// The images panel: the built-in samples (toggle buttons with thumbnails), the user's own images
// (file picker, drag-and-drop, paste), the batch they form and its common size. User images are
// decoded here with createImageBitmap and a canvas, and stay in this tab: they are never uploaded
// and never part of the link.
import { h, replaceChildren } from '../ui/views/dom.js';
import { SAMPLES, SIZES, drawSample, rgbaToTensor } from './samples.js';
import { STATE_LIMITS } from './state.js';
import { tileRGBA } from './render.js';

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
    const b = h('button', { type: 'button', class: 'sample', 'data-sample': s.id, 'aria-pressed': 'false' }, [canvas, h('span', { text: s.label })]);
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
  const pick = h('button', { type: 'button', id: 'img-pick', text: 'Add your images…' });
  pick.addEventListener('click', () => file.click());

  const batchList = h('ul', { class: 'batch', id: 'batch-list', 'aria-labelledby': 'batch-heading' });
  const batchHeading = h('h3', { id: 'batch-heading' });
  const drop = h('div', { class: 'drop-zone', id: 'drop-zone' }, [
    pick, file,
    h('p', { class: 'hint', text: 'or drop image files here, or paste one (Ctrl+V). Your images stay in this tab: they are decoded here, never uploaded, and not part of the link.' }),
  ]);

  const el = h('div', { class: 'gallery' }, [
    h('fieldset', { class: 'samples' }, [h('legend', { text: 'Built-in samples (press to add to or remove from the batch)' }), h('div', { class: 'sample-list' }, sampleButtons)]),
    drop,
    h('div', { class: 'field' }, [h('label', { for: 'img-size', text: 'Size of every image (centre-cropped and resized)' }), size]),
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
    else if (count() >= STATE_LIMITS.images) opts.onNotice(`A batch holds at most ${STATE_LIMITS.images} images; remove one first`);
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
        opts.onNotice(`A batch holds at most ${STATE_LIMITS.images} images; "${f.name}" and later ones were not added`);
        break;
      }
      try {
        const bitmap = await createImageBitmap(f);
        added.push({ key: `u${nextKey++}`, name: f.name || 'pasted image', bitmap });
      } catch {
        opts.onNotice(`"${f.name || 'the pasted data'}" could not be read as an image`);
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
    const remove = h('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${label} from the batch`, text: '×' });
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
      batchHeading.textContent = `Batch: N = ${count()} image${count() === 1 ? '' : 's'}, each 3 × ${s.size} × ${s.size}`;
      const items = [];
      s.images.forEach((id, n) => {
        const c = h('canvas', { class: 'thumb', 'aria-hidden': 'true' });
        drawThumb(c, sampleThumb(id));
        const label = SAMPLES.find((x) => x.id === id).label;
        items.push(chip(`${n}: ${label}`, c, () => emit({ images: s.images.filter((v) => v !== id) }), 'sample'));
      });
      u.forEach((img, k) => {
        const c = h('canvas', { class: 'thumb', 'aria-hidden': 'true' });
        if (!img.thumb) img.thumb = bitmapToTensor(img.bitmap, THUMB);
        drawThumb(c, img.thumb);
        items.push(chip(`${s.images.length + k}: ${img.name}`, c, () => emit({ user: user.filter((x) => x.key !== img.key) }), 'user'));
      });
      if (!items.length) items.push(h('li', { class: 'empty', text: 'The batch is empty: add a sample or one of your images.' }));
      replaceChildren(batchList, items);
    },
  };
}
