// A large plane drawn as a canvas heat map (one pixel per value, scaled up), for tensors too big for
// one DOM cell per value. Keyboard: the map is one Tab stop; arrow keys, Home / End (Ctrl: first /
// last cell) and PageUp / PageDown (first / last row) move a cursor whose index and value are read
// out (aria-live). Editable maps put an editor field under the map (not a Tab stop of its own):
// Enter, F2 or a click opens it, typing there edits the cursor's cell, arrow keys keep moving the
// cursor, and Escape puts back the text it started from and returns to the map. Mouse: hover
// reports the cell, click moves the cursor there (and activates it).

const LUT_SIZE = 256;

function hex(c) {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
}

function lut(dark) {
  const neg = hex('#2458c6');
  const mid = hex(dark ? '#1e2126' : '#f4f5f7');
  const pos = hex('#d9480f');
  const table = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = (i / (LUT_SIZE - 1)) * 2 - 1; // −1 … 1
    const end = t < 0 ? neg : pos;
    const a = Math.abs(t);
    for (let k = 0; k < 3; k++) table[i * 4 + k] = mid[k] + (end[k] - mid[k]) * a;
    table[i * 4 + 3] = 255;
  }
  return table;
}

const LUTS = {};
function palette() {
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const key = dark ? 'dark' : 'light';
  LUTS[key] ??= lut(dark);
  return LUTS[key];
}

const HIGHLIGHT_RGBA = {
  'hl-in': [255, 196, 0, 230],
  'hl-w': [255, 196, 0, 230],
  'hl-src': [140, 90, 255, 200],
  'hl-win': [0, 170, 80, 255],
  'hl-out': [255, 196, 0, 230],
  'hl-sel': [20, 20, 20, 255],
};

/**
 * opts: { label, rows, cols, editable, size (CSS px of the longer side, default 256), cellLabel(r, c),
 *   valueText(r, c), editorLabel(r, c), invalid(r, c), onEdit(r, c, text), onFocus(r, c), onBlur(), onHover(r, c),
 *   onActivate(r, c), onEscape() }
 * Returns { el, paint(values, offset, maxAbs), highlight(items), focus(r, c), refresh() }.
 */
export function createHeatmap(opts) {
  const { rows, cols, editable } = opts;
  const px = Math.max(1, Math.min(8, Math.floor((opts.size ?? 256) / Math.max(rows, cols))));
  const root = document.createElement('figure');
  root.className = 'heatmap';
  const wrap = document.createElement('div');
  wrap.className = 'hm-wrap';
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'group');
  wrap.setAttribute('aria-label', opts.label);
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  canvas.style.width = `${cols * px}px`;
  canvas.setAttribute('aria-hidden', 'true');
  const overlay = document.createElement('canvas');
  const ops = Math.max(px, 3); // overlay pixels per cell: outlines stay visible on dense maps
  overlay.width = cols * ops;
  overlay.height = rows * ops;
  overlay.className = 'hm-overlay';
  overlay.setAttribute('aria-hidden', 'true');
  wrap.append(canvas, overlay);
  const readout = document.createElement('p');
  readout.className = 'hm-readout';
  readout.id = `hm-${Math.random().toString(36).slice(2, 10)}`;
  readout.setAttribute('aria-live', 'polite');
  wrap.setAttribute('aria-describedby', readout.id);
  root.append(wrap, readout);

  let editor = null;
  if (editable) {
    const label = document.createElement('label');
    const id = `${readout.id}-ed`;
    label.htmlFor = id;
    label.className = 'hm-editor-label';
    editor = document.createElement('input');
    editor.id = id;
    editor.type = 'text';
    editor.className = 'cell hm-editor';
    editor.inputMode = 'decimal';
    editor.autocomplete = 'off';
    editor.spellcheck = false;
    editor.tabIndex = -1; // reached from the map (Enter / F2), so the plane stays one Tab stop
    const row = document.createElement('div');
    row.className = 'hm-editor-row';
    row.append(label, editor);
    root.append(row);
    editor.addEventListener('input', () => opts.onEdit(cursor[0], cursor[1], editor.value));
    let before = '';
    editor.addEventListener('focus', () => {
      before = editor.value;
      editor.select();
      opts.onFocus?.(cursor[0], cursor[1]);
    });
    editor.addEventListener('keydown', (e) => {
      const all = editor.selectionStart === 0 && editor.selectionEnd === editor.value.length;
      if (e.key === 'Escape') {
        e.preventDefault();
        if (editor.value !== before) {
          editor.value = before;
          opts.onEdit(cursor[0], cursor[1], before);
        }
        wrap.focus();
        return;
      }
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], Enter: [1, 0] };
      if (all || editor.selectionEnd === 0) moves.ArrowLeft = [0, -1];
      if (all || editor.selectionStart === editor.value.length) moves.ArrowRight = [0, 1];
      const m = moves[e.key];
      if (!m) return;
      e.preventDefault();
      move(cursor[0] + m[0], cursor[1] + m[1]);
      before = editor.value;
      editor.select();
    });
  }

  let cursor = [0, 0];
  let painted = null;
  const ctx = canvas.getContext('2d');
  const octx = overlay.getContext('2d');
  let lit = [];

  function refresh() {
    const [r, c] = cursor;
    readout.textContent = `${opts.cellLabel(r, c)} = ${opts.valueText(r, c)}`;
    if (editor) {
      editor.previousElementSibling.textContent = opts.editorLabel(r, c);
      if (editor.getRootNode().activeElement !== editor || editor.value === '') editor.value = opts.valueText(r, c);
      editor.toggleAttribute('aria-invalid', opts.invalid?.(r, c) ?? false);
    }
    drawOverlay();
  }

  function move(r, c) {
    cursor = [Math.max(0, Math.min(rows - 1, r)), Math.max(0, Math.min(cols - 1, c))];
    if (editor) editor.value = opts.valueText(cursor[0], cursor[1]);
    refresh();
    opts.onFocus?.(cursor[0], cursor[1]);
  }

  function drawOverlay() {
    octx.clearRect(0, 0, overlay.width, overlay.height);
    for (const { r, c, cls } of [...lit, { r: cursor[0], c: cursor[1], cls: 'hl-sel' }]) {
      if (r < 0 || r >= rows || c < 0 || c >= cols) continue;
      const [R, G, B, A] = HIGHLIGHT_RGBA[cls] ?? HIGHLIGHT_RGBA['hl-in'];
      const colour = `rgba(${R}, ${G}, ${B}, ${A / 255})`;
      if (cls === 'hl-sel') {
        octx.strokeStyle = colour;
        octx.lineWidth = 1;
        octx.strokeRect(c * ops - 1.5, r * ops - 1.5, ops + 3, ops + 3);
      } else {
        octx.fillStyle = colour;
        octx.fillRect(c * ops, r * ops, ops, ops);
      }
    }
  }

  const cellAt = (e) => {
    const rect = canvas.getBoundingClientRect();
    const c = Math.floor(((e.clientX - rect.left) / rect.width) * cols);
    const r = Math.floor(((e.clientY - rect.top) / rect.height) * rows);
    return r >= 0 && r < rows && c >= 0 && c < cols ? [r, c] : null;
  };
  wrap.addEventListener('mousemove', (e) => {
    const at = cellAt(e);
    if (at) opts.onHover?.(at[0], at[1]);
  });
  wrap.addEventListener('mouseleave', () => opts.onHover?.(null, null));
  wrap.addEventListener('click', (e) => {
    const at = cellAt(e);
    if (!at) return;
    move(at[0], at[1]);
    if (editor) editor.focus();
    else opts.onActivate?.(at[0], at[1]);
  });
  wrap.addEventListener('focus', () => opts.onFocus?.(cursor[0], cursor[1]));
  root.addEventListener('focusout', (e) => {
    if (!root.contains(/** @type {Node | null} */ (e.relatedTarget))) opts.onBlur?.();
  });
  wrap.addEventListener('keydown', (e) => {
    if (e.altKey || e.metaKey) return;
    const [r, c] = cursor;
    const jumps = {
      ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1],
      Home: e.ctrlKey ? [0, 0] : [r, 0], End: e.ctrlKey ? [rows - 1, cols - 1] : [r, cols - 1],
      PageUp: [0, c], PageDown: [rows - 1, c],
    };
    if (e.ctrlKey && e.key !== 'Home' && e.key !== 'End') return;
    if (jumps[e.key]) {
      e.preventDefault();
      move(...jumps[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ' || (e.key === 'F2' && editor)) {
      e.preventDefault();
      if (editor) editor.focus();
      else opts.onActivate?.(cursor[0], cursor[1]);
    } else if (e.key === 'Escape') {
      opts.onEscape?.();
    }
  });

  return {
    el: root,
    /** Paints rows × cols values starting at `offset` of `values`, colours scaled by ±maxAbs. */
    paint(values, offset, maxAbs) {
      const img = painted ?? ctx.createImageData(cols, rows);
      painted = img;
      const table = palette();
      const n = rows * cols;
      const scale = maxAbs > 0 ? (LUT_SIZE - 1) / (2 * maxAbs) : 0;
      const mid = (LUT_SIZE - 1) / 2;
      const data = img.data;
      for (let i = 0; i < n; i++) {
        const v = values[offset + i];
        let k;
        if (Number.isNaN(v)) {
          data[i * 4] = 200; data[i * 4 + 1] = 0; data[i * 4 + 2] = 200; data[i * 4 + 3] = 255;
          continue;
        }
        if (v === Infinity) k = LUT_SIZE - 1;
        else if (v === -Infinity) k = 0;
        else k = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(mid + v * scale)));
        data[i * 4] = table[k * 4];
        data[i * 4 + 1] = table[k * 4 + 1];
        data[i * 4 + 2] = table[k * 4 + 2];
        data[i * 4 + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      // the document or a shadow root
      const rootNode = /** @type {Document | ShadowRoot | undefined} */ (editor?.getRootNode());
      if (rootNode?.activeElement !== editor) refresh();
      else readout.textContent = `${opts.cellLabel(cursor[0], cursor[1])} = ${opts.valueText(cursor[0], cursor[1])}`;
    },
    /** Highlights cells: [{ r, c, cls }]. */
    highlight(items) {
      lit = items;
      drawOverlay();
    },
    /** Moves the cursor to (r, c) and focuses the map (or its editor). */
    focus(r, c) {
      move(r, c);
      (editor ?? wrap).focus();
    },
    refresh,
    /** The cursor's cell. */
    get cursor() {
      return cursor;
    },
  };
}
