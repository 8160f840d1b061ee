// The output views: per layer (the input first) a grid of tiles like TensorBoard's add_images,
// one canvas per tile drawn from the worker's RGBA bytes and upscaled without smoothing (CSS
// image-rendering: pixelated), a colour bar, a readout of the value under the pointer or the
// keyboard cursor, and the PNG export button. Values stay here (a copy from the worker) for the
// readout and the export.
import { h, replaceChildren } from '../ui/views/dom.js';
import { formatValue, valueAt } from './render.js';
import { tr } from './strings.js';

const CHANNEL_NAMES = ['R', 'G', 'B'];

/**
 * The CSS pixels per tensor pixel: 'auto' gives pictures of 128 px and more 1×, smaller ones about
 * 128 px. Each view applies it to its own size, so a 10×10 pool output is as readable as its input;
 * at most 64×, so that an adaptive pool's 1×1 output (ResNet's head) is a 64 px square, not a dot.
 */
export function zoomFor(zoom, inputSize) {
  if (zoom !== 'auto') return zoom;
  return inputSize >= 128 ? 1 : Math.min(64, Math.floor(128 / inputSize));
}

/**
 * opts: { onExport(index), explain(index, { n, c, y, x }) → { href } | { text } | null (the readout's
 * link into the playground for a layer's output pixel) }. Returns { el, setCount(n), show(index, view),
 * clearFrom(index, text),
 * setBusy(index, busy), setZoom(z), get(index) }.
 */
export function createGrids(opts) {
  const views = [];
  let zoom = 4;
  const el = h('div', { class: 'grids', id: 'grids' });

  function view(index) {
    const headingId = `view-${index}-title`;
    const title = h('h3', { id: headingId });
    const shape = h('span', { class: 'shape' });
    const exportButton = h('button', { type: 'button', class: 'export-png', 'data-export': String(index), 'data-i18n': 'downloadPng', text: tr('downloadPng') });
    exportButton.addEventListener('click', () => opts.onExport(index));
    const bar = h('div', { class: 'colourbar', 'aria-hidden': 'true' }, [h('span', { class: 'lo' }), h('span', { class: 'ramp' }), h('span', { class: 'hi' })]);
    const barText = h('p', { class: 'bar-text hint' });
    const grid = h('div', { class: 'tile-grid' });
    const readout = h('p', { class: 'readout', 'aria-live': 'polite', 'data-readout': String(index) });
    const explain = h('p', { class: 'readout-explain hint', 'data-explain': String(index), hidden: true });
    const status = h('p', { class: 'view-status', hidden: true });
    const section = h('section', { class: 'view', 'aria-labelledby': headingId, 'data-view': String(index) }, [
      h('div', { class: 'view-head' }, [title, shape, exportButton]),
      h('div', { class: 'bar-row' }, [bar, barText]),
      status,
      grid,
      readout,
      explain,
    ]);
    const v = {
      index, section, title, shape, bar, barText, grid, readout, explain, status, exportButton,
      data: null, tiles: [], cursor: { tile: 0, y: 0, x: 0 },
    };
    readout.textContent = tr('viewReadoutHint');
    return v;
  }

  function read(v, k, y, x) {
    const d = v.data;
    const t = d.tiles[k];
    const [, , H, W] = d.shape;
    if (!t || y < 0 || x < 0 || y >= H || x >= W) return;
    v.cursor = { tile: k, y, x };
    const tensor = { shape: d.shape, data: d.data };
    const where = t.c === null ? tr('viewPixel', { n: t.n, y, x }) : tr('viewPixelChannel', { n: t.n, c: t.c, y, x });
    let text;
    let value;
    if (t.c === null) {
      const vals = [0, 1, 2].map((c) => valueAt(tensor, t.n, c, y, x));
      value = vals.map(String).join(',');
      text = `${where}: ${vals.map((val, c) => `${CHANNEL_NAMES[c]} ${formatValue(val)}`).join(', ')}`;
    } else {
      const val = valueAt(tensor, t.n, t.c, y, x);
      value = String(val);
      text = `${where}: ${formatValue(val)}`;
    }
    v.readout.textContent = text;
    Object.assign(v.readout.dataset, { n: String(t.n), c: t.c === null ? 'rgb' : String(t.c), y: String(y), x: String(x), value });
    showExplain(v, t, y, x);
    for (const [j, tile] of v.tiles.entries()) {
      const cur = tile.cursor;
      cur.hidden = j !== k;
      if (j === k) {
        cur.style.left = `${(100 * x) / W}%`;
        cur.style.top = `${(100 * y) / H}%`;
        cur.style.width = `${100 / W}%`;
        cur.style.height = `${100 / H}%`;
      }
    }
  }

  /** The playground link of a layer's output pixel (an RGB tile links its R value). */
  function showExplain(v, t, y, x) {
    const r = v.index >= 1 ? opts.explain?.(v.index, { n: t.n, c: t.c ?? 0, y, x }) : null;
    v.explain.hidden = !r;
    if (!r) return v.explain.replaceChildren();
    if (r.href) {
      const text = tr(t.c === null ? 'viewExplainR' : 'viewExplain');
      v.explain.replaceChildren(h('a', { href: r.href, class: 'explain-link', text }));
    } else {
      v.explain.textContent = r.text;
    }
  }

  function hideCursor(v) {
    for (const t of v.tiles) t.cursor.hidden = true;
  }

  function buildTiles(v, d) {
    const [, , H, W] = d.shape;
    const rows = new Map();
    v.tiles = d.tiles.map((t, k) => {
      const canvas = h('canvas', {
        width: W, height: H, role: 'img', tabindex: k === 0 ? '0' : '-1', 'data-tile': String(k),
        'data-n': String(t.n), 'data-c': t.c === null ? 'rgb' : String(t.c),
      });
      const cursor = h('div', { class: 'cursor', hidden: true, 'aria-hidden': 'true' });
      const caption = h('span', { class: 'caption', 'aria-hidden': 'true', text: d.rowPerImage ? `c${t.c}` : tr('viewImage', { n: t.n }) });
      const wrap = h('div', { class: 'tile' }, [h('div', { class: 'tile-box' }, [canvas, cursor]), caption]);
      canvas.addEventListener('pointermove', (e) => {
        const r = canvas.getBoundingClientRect();
        read(v, k, Math.floor(((e.clientY - r.top) / r.height) * H), Math.floor(((e.clientX - r.left) / r.width) * W));
      });
      canvas.addEventListener('pointerleave', () => {
        if (document.activeElement !== canvas) hideCursor(v);
      });
      canvas.addEventListener('focus', () => {
        const c = v.cursor.tile === k ? v.cursor : { y: 0, x: 0 };
        read(v, k, c.y, c.x);
      });
      canvas.addEventListener('blur', () => hideCursor(v));
      canvas.addEventListener('keydown', (e) => onKey(v, k, e));
      const rowKey = d.rowPerImage ? t.n : 0;
      if (!rows.has(rowKey)) rows.set(rowKey, []);
      rows.get(rowKey).push(wrap);
      return { canvas, cursor, caption, wrap };
    });
    const rowEls = [...rows.entries()].map(([n, tiles]) => h('div', { class: 'tile-row', role: 'group', 'aria-label': d.rowPerImage ? tr('viewImage', { n }) : tr('viewBatch') }, [
      d.rowPerImage ? h('span', { class: 'row-label', 'aria-hidden': 'true', text: `n${n}` }) : null,
      h('div', { class: 'tiles' }, tiles),
    ]));
    replaceChildren(v.grid, rowEls);
    v.cursor = { tile: 0, y: 0, x: 0 };
  }

  function onKey(v, k, e) {
    const [, , H, W] = v.data.shape;
    const { y, x } = v.cursor.tile === k ? v.cursor : { y: 0, x: 0 };
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      read(v, k, e.key === 'Home' ? 0 : H - 1, e.key === 'Home' ? 0 : W - 1);
      return;
    }
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    if (e.shiftKey) { // the previous / next tile
      const step = m[0] + m[1];
      const next = Math.max(0, Math.min(v.tiles.length - 1, k + step));
      focusTile(v, next);
      read(v, next, y, x);
      return;
    }
    read(v, k, Math.max(0, Math.min(H - 1, y + m[0])), Math.max(0, Math.min(W - 1, x + m[1])));
  }

  function focusTile(v, k) {
    v.tiles.forEach((t, j) => t.canvas.setAttribute('tabindex', j === k ? '0' : '-1'));
    v.tiles[k].canvas.focus();
  }

  function sizeTiles(v) {
    if (!v.data) return;
    const [, , H, W] = v.data.shape;
    const width = `${W * zoomFor(zoom, Math.max(H, W))}px`;
    for (const t of v.tiles) {
      if (t.canvas.style.width !== width) t.canvas.style.width = width; // no restyle when unchanged
    }
  }

  return {
    el,
    /** Keeps `n` views (input + layers). */
    setCount(n) {
      if (views.length === n && el.childElementCount === n) return;
      while (views.length < n) views.push(view(views.length));
      views.length = n;
      replaceChildren(el, views.map((v) => v.section));
    },
    /**
     * Shows a layer: d = { title, shape, data, tiles: [{ n, c, lo, hi }], atlas (the tiles' RGBA bytes,
     * stacked top to bottom), rgb, norm, names }. Canvases are reused when the layout is unchanged.
     */
    show(index, d) {
      const v = views[index];
      if (!v) return;
      const [N, C, H, W] = d.shape;
      const same = v.data && v.data.shape.join() === d.shape.join() && v.data.rgb === d.rgb
        && v.data.rowPerImage === d.rowPerImage
        && v.tiles.length === d.tiles.length;
      v.data = d;
      v.title.textContent = d.title;
      v.shape.textContent = `[${d.shape.join(', ')}]`;
      v.status.hidden = true;
      v.section.classList.remove('stale', 'failed');
      v.section.removeAttribute('aria-busy');
      v.exportButton.disabled = false;
      v.exportButton.setAttribute('aria-label', index === 0 ? tr('pngOfInput') : tr('pngOfLayer', { index }));
      if (!same) buildTiles(v, d);
      v.section.classList.toggle('tensorboard', d.norm === 'tensorboard');
      v.grid.style.setProperty('--columns', String(Math.min(N, 8)));
      d.tiles.forEach((t, k) => {
        const tile = v.tiles[k];
        if (d.captions && !d.rowPerImage) tile.caption.textContent = d.captions[t.n] ?? '';
        const bytes = 4 * W * H;
        tile.canvas.getContext('2d').putImageData(new ImageData(d.atlas.subarray(k * bytes, (k + 1) * bytes), W, H), 0, 0);
        const name = d.names?.[t.n] ? ` (${d.names[t.n]})` : '';
        const params = { view: index === 0 ? tr('input') : tr('layer', { index }), n: t.n, name, c: t.c, w: W, h: H,
          lo: formatValue(t.lo), hi: formatValue(t.hi) };
        tile.canvas.setAttribute('aria-label', tr(t.c === null ? 'viewTileRgb' : 'viewTileChannel', params));
      });
      const lo = v.bar.querySelector('.lo');
      const hi = v.bar.querySelector('.hi');
      if (d.norm === 'tensorboard') {
        lo.textContent = '0';
        hi.textContent = '1';
        v.barText.textContent = tr('barTensorboard');
      } else if (d.norm === 'image') {
        lo.textContent = 'min';
        hi.textContent = 'max';
        v.barText.textContent = tr('barImage');
      } else {
        lo.textContent = formatValue(d.tiles[0]?.lo ?? 0);
        hi.textContent = formatValue(d.tiles[0]?.hi ?? 0);
        v.barText.textContent = tr(d.norm === 'batch' ? 'barBatch' : 'barFixed');
      }
      const hidden = d.rgb ? 0 : C - d.channelsShown;
      if (hidden > 0) {
        v.status.hidden = false;
        v.status.textContent = tr('viewChannels', { shown: d.channelsShown, total: C, n: N });
      }
      sizeTiles(v);
      const c = v.cursor;
      if (v.tiles[c.tile] && !v.tiles[c.tile].cursor.hidden) {
        read(v, c.tile, Math.min(c.y, H - 1), Math.min(c.x, W - 1));
      } else if (!v.readout.dataset.value) {
        v.readout.textContent = tr('viewReadoutHint'); // in the language of the page
      }
    },
    /** Marks views from `index` on as not shown now: `text` says why (an error, not run, cancelled). */
    mark(index, text, cls = 'stale') {
      for (const v of views.slice(index)) {
        v.section.classList.add(cls);
        v.section.removeAttribute('aria-busy');
        v.status.hidden = false;
        v.status.textContent = text;
        if (!v.data) {
          v.title.textContent = v.index === 0 ? tr('input') : tr('layer', { index: v.index });
          v.exportButton.disabled = true;
        }
      }
    },
    /** Marks a view as being recomputed. */
    setBusy(index, busy) {
      const v = views[index];
      if (!v) return;
      if (busy) v.section.setAttribute('aria-busy', 'true');
      else v.section.removeAttribute('aria-busy');
    },
    /** Sets the zoom (CSS px per tensor pixel, or 'auto': from each view's own size) of every view. */
    setZoom(z) {
      if (z === zoom) return;
      zoom = z;
      views.forEach(sizeTiles);
    },
    /** What a view shows ({ shape, data, … }), for the PNG export. */
    get(index) {
      return views[index]?.data ?? null;
    },
  };
}
