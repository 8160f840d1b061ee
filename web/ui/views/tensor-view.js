// A whole tensor as planes: one grid (grid.js) per [d0, d1] plane of a 4-D tensor, or one row for a
// 1-D bias; heat maps (heatmap.js) instead once a tensor is too big for one DOM cell per value.
// Events and highlights speak flat indices into the tensor's data, so callers never see planes.
import { createGrid } from './grid.js';
import { createHeatmap } from './heatmap.js';
import { formatValue } from '../model/numbers.js';
import { plane4 } from '../model/tensors.js';

/** DOM grids up to this many cells per plane and in total; heat maps beyond. */
export const DOM_PLANE_CELLS = 576;
export const DOM_TOTAL_CELLS = 3072;

/** Whether a shape (4-D, a 1-D op's [N, C, L], or a vector) is drawn as heat maps. */
export function usesHeatmap(shape) {
  const plane = shape.length === 4 ? shape[2] * shape[3] : shape[shape.length - 1];
  const total = shape.reduce((a, b) => a * b, 1);
  return plane > DOM_PLANE_CELLS || total > DOM_TOTAL_CELLS;
}

/**
 * opts: { name ('input' | 'x' | 'weight' | 'bias' | 'output' | 'indices'), editable,
 *   strings (() → { heatmapNote(rows, cols),
 *   cellEditor(cell), ring(kind, y, x, sourceCell, value) }), onEdit(flat, text), onPaste(flat, text) → bool,
 *   onHover(flat | null), onFocus(flat), onBlur(), onActivate(flat), onEscape(),
 *   describedBy (id of the grids' key help, or null) }
 * Returns { el, update({ shape, texts, invalid, values, ring, ringFill, matrix }), highlight(items), setStale(bool),
 *   focusFlat(flat), focusGrid(), mode }.

 */
export function createTensorView(opts) {
  const el = document.createElement('div');
  el.className = 'planes';
  el.dataset.tensor = opts.name;
  let layoutKey = null;
  let planes = []; // { view, offset, rows, cols, heat }
  let dims = null; // [d0, d1, H, W]
  let ring = null;
  let heat = false;
  let last = null;
  let editable = opts.editable; // opts.editable: whether it may be; update({ editable }): whether it is now
  let matrix = false; // [N, R, L] drawn as one R × L matrix per batch item (unfold's output, fold's input)

  const cellName = (planeIdx, r, c) => {
    if (opts.name === 'bias') return `bias[${c}]`;
    if (matrix) return `${opts.name}[${planeIdx}, ${r}, ${c}]`;
    const [d0, d1] = [Math.floor(planeIdx / dims[1]), planeIdx % dims[1]];
    return `${opts.name}[${d0}, ${d1}, ${r}, ${c}]`;
  };
  const flatOf = (planeIdx, r, c) => planeIdx * dims[2] * dims[3] + r * dims[3] + c;

  function build(shape, newRing) {
    dims = matrix ? [shape[0], 1, shape[1], shape[2]] : plane4(shape);
    ring = newRing;
    heat = usesHeatmap(shape);
    el.replaceChildren();
    el.classList.toggle('heat', heat);
    planes = [];
    const [d0, d1, H, W] = dims;
    const s = opts.strings();
    if (heat) {
      const note = document.createElement('p');
      note.className = 'heat-note';
      note.textContent = s.heatmapNote(H, W);
      el.append(note);
    }
    for (let p = 0; p < d0 * d1; p++) {
      const index = matrix ? String(p) : `${Math.floor(p / d1)}, ${p % d1}`;
      const label = opts.name === 'bias' ? 'bias' : `${opts.name}[${index}]`;
      const common = {
        label: heat ? `${label} (${H}×${W})` : label,
        rows: H,
        cols: W,
        editable,
        cellLabel: (r, c) => cellName(p, r, c),
        onEdit: (r, c, text) => opts.onEdit?.(flatOf(p, r, c), text),
        onPaste: (r, c, text) => opts.onPaste?.(flatOf(p, r, c), text) ?? false,
        onFocus: (r, c) => opts.onFocus?.(flatOf(p, r, c)),
        onBlur: () => opts.onBlur?.(),
        onHover: (r, c) => opts.onHover?.(r === null ? null : flatOf(p, r, c)),
        onActivate: (r, c) => opts.onActivate?.(flatOf(p, r, c)),
        onEscape: () => opts.onEscape?.(),
      };
      let view;
      if (heat) {
        view = createHeatmap({
          ...common,
          size: d0 * d1 > 4 ? 160 : 256,
          valueText: (r, c) => (last ? valueText(flatOf(p, r, c)) : ''),
          invalid: (r, c) => last?.invalid?.has(flatOf(p, r, c)) ?? false,
          editorLabel: (r, c) => s.cellEditor(cellName(p, r, c)),
        });
      } else {
        view = createGrid({
          ...common,
          describedBy: opts.describedBy,
          ring: opts.name === 'input' ? ring : null,
          ringLabel: (cell) => ringLabel(p, cell, ''),
        });
      }
      const wrap = document.createElement('div');
      wrap.className = 'plane';
      wrap.dataset.plane = index;
      if (opts.name !== 'bias' && d0 * d1 > 1) {
        const cap = document.createElement('div');
        cap.className = 'plane-label';
        cap.setAttribute('aria-hidden', 'true');
        cap.textContent = `[${index}]`;
        wrap.append(cap);
      }
      wrap.append(view.el);
      el.append(wrap);
      planes.push({ view, offset: p * H * W });
    }
  }

  /** A ring cell's label: where it is, what it shows, and which input cell it copies. */
  function ringLabel(p, cell, text) {
    const W = dims[3];
    const y = Math.floor(cell / ring.cols) - ring.top;
    const x = (cell % ring.cols) - ring.left;
    const src = ring.source[cell];
    const source = src >= 0 ? cellName(p, Math.floor(src / W), src % W) : null;
    return opts.strings().ring(ring.kind[cell], y, x, source, text);
  }

  function valueText(flat) {
    if (!last) return '';
    if (last.texts) return last.texts[flat];
    return opts.name === 'indices' ? String(last.values[flat]) : formatValue(last.values[flat]);
  }

  function maxAbs(values) {
    let m = 0;
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]);
      if (a > m && a !== Infinity) m = a;
    }
    return m;
  }

  return {
    el,
    /**
     * Draws the tensor: texts (+ invalid set) for editable tensors, values otherwise; ring for the input;
     * `matrix`: a 3-D tensor as a matrix per batch item; `editable`: false draws an editable tensor read-only.
     */
    update({
      shape, texts = null, invalid = null, values, ring: newRing = null, ringFill = 'zero', matrix: asMatrix = false,
      editable: canEdit = true,
    }) {
      const ringKey = newRing ? `${newRing.top},${newRing.bottom},${newRing.left},${newRing.right}:${newRing.source.join(',')}` : '';
      const key = `${shape.join('x')}|${ringKey}|${asMatrix}|${canEdit}`;
      if (key !== layoutKey) {
        layoutKey = key;
        editable = Boolean(opts.editable && canEdit);
        matrix = asMatrix && shape.length === 3;
        build(shape, newRing);
      }
      last = { texts, invalid, values };
      const [, , H, W] = dims;
      if (heat) {
        const m = maxAbs(values);
        for (const { view, offset } of planes) view.paint(values, offset, m);
        return;
      }
      for (const { view, offset } of planes) {
        for (let r = 0; r < H; r++) {
          for (let c = 0; c < W; c++) {
            const flat = offset + r * W + c;
            if (texts) {
              view.setText(r, c, texts[flat], invalid?.has(flat) ?? false);
            } else {
              const text = valueText(flat);
              view.setText(r, c, text);
              view.setValueLabel(r, c, `${cellName(offset / (H * W), r, c)} = ${text}`);
            }
          }
        }
        if (ring && opts.name === 'input') {
          for (let cell = 0; cell < ring.rows * ring.cols; cell++) {
            if (ring.kind[cell] === 0) continue;
            const src = ring.source[cell];
            let text = '';
            if (ring.kind[cell] === 1) text = src >= 0 ? formatValue(values[offset + src]) : ringFill === 'neginf' ? '−∞' : '0';
            view.setRingText(cell, text, ringLabel(offset / (H * W), cell, text));
          }
        }
      }
    },
    /** Highlights: [{ flat, cls }] (a cell of the tensor) or [{ plane, y, x, cls }] (a padded position). */
    highlight(items) {
      if (!dims) return;
      const [, , H, W] = dims;
      const per = planes.map(() => []);
      const top = !heat && ring && opts.name === 'input' ? ring.top : 0;
      const left = !heat && ring && opts.name === 'input' ? ring.left : 0;
      for (const it of items) {
        let p;
        let y;
        let x;
        if (it.flat !== undefined) {
          p = Math.floor(it.flat / (H * W));
          y = Math.floor((it.flat % (H * W)) / W);
          x = it.flat % W;
        } else {
          ({ plane: p, y, x } = it);
        }
        if (p >= 0 && p < planes.length) per[p].push({ r: y + top, c: x + left, cls: it.cls });
      }
      planes.forEach(({ view }, p) => view.highlight(per[p]));
    },
    /** Greys the tensor (a last valid output kept on screen). */
    setStale(stale) {
      el.classList.toggle('stale', stale);
    },
    /** Focuses the cell at a flat index. */
    focusFlat(flat) {
      const [, , H, W] = dims;
      const p = Math.floor(flat / (H * W));
      planes[p]?.view.focus(Math.floor((flat % (H * W)) / W), flat % W);
    },
    /** Focuses the first plane where its Tab stop is (the grid's current cell, or the heat map). */
    focusGrid() {
      /** @type {HTMLElement | null} */ (el.querySelector('[tabindex="0"]'))?.focus();
    },
    get heat() {
      return heat;
    },
  };
}
