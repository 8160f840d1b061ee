// One plane of a tensor as an accessible grid: <table role="grid"> with a label, one gridcell per
// value, each with its own label ("input[0, 0, 1, 2]"). Editable grids hold an <input> per cell:
// arrow keys move (left/right at the ends of the text), Tab / Shift+Tab go cell by cell and leave
// the grid at its ends, Enter goes down; a paste of more than one value is handed to onPaste. Read-
// only grids (outputs) use a roving tabindex: arrows move, Enter / Space / click activate (pin),
// Escape releases. An optional padding ring is drawn around the plane (read-only cells).

/**
 * opts: { label, rows, cols, editable, ring (field-map.js paddingRing or null), cellLabel(r, c),
 *   ringLabel(displayCell) (the initial label; setRingText updates it), onEdit(r, c, text), onPaste(r, c, text) → bool, onFocus(r, c),
 *   onHover(r, c) (null, null on leave), onBlur() (focus left the grid), onActivate(r, c), onEscape() }
 * Returns { el, setText(r, c, text, invalid), setValueLabel(r, c, label), setRingText(cell, text),
 *   highlight(items), focus(r, c) } where highlight takes [{ r, c, cls }] in display coordinates.
 */
export function createGrid(opts) {
  const { rows, cols, editable } = opts;
  const ring = opts.ring;
  const top = ring ? ring.top : 0;
  const left = ring ? ring.left : 0;
  const dRows = ring ? ring.rows : rows;
  const dCols = ring ? ring.cols : cols;
  const table = document.createElement('table');
  table.className = `grid${editable ? ' editable' : ''}`;
  table.setAttribute('role', 'grid');
  table.setAttribute('aria-label', opts.label);
  table.setAttribute('aria-rowcount', String(dRows));
  table.setAttribute('aria-colcount', String(dCols));
  const tbody = document.createElement('tbody');
  table.append(tbody);

  const cells = new Array(dRows * dCols); // display cell → <td>
  const inputs = editable ? new Array(rows * cols) : null; // core cell → <input>
  let current = 0; // core index with tabindex 0

  const isCore = (dr, dc) => dr >= top && dr < top + rows && dc >= left && dc < left + cols;
  for (let dr = 0; dr < dRows; dr++) {
    const tr = document.createElement('tr');
    for (let dc = 0; dc < dCols; dc++) {
      const td = document.createElement('td');
      td.setAttribute('role', 'gridcell');
      const cell = dr * dCols + dc;
      if (isCore(dr, dc)) {
        const r = dr - top;
        const c = dc - left;
        const i = r * cols + c;
        td.dataset.i = String(i);
        if (editable) {
          const input = document.createElement('input');
          input.type = 'text';
          input.className = 'cell';
          input.inputMode = 'decimal';
          input.autocomplete = 'off';
          input.spellcheck = false;
          input.setAttribute('aria-label', opts.cellLabel(r, c));
          input.tabIndex = i === 0 ? 0 : -1;
          input.dataset.i = String(i);
          inputs[i] = input;
          td.append(input);
        } else {
          td.tabIndex = i === 0 ? 0 : -1;
        }
      } else {
        td.className = ring.kind[cell] === 2 ? 'pad overhang' : 'pad';
        td.setAttribute('aria-label', opts.ringLabel(cell));
      }
      cells[cell] = td;
      tr.append(td);
    }
    tbody.append(tr);
  }

  const coreOf = (target) => {
    const host = target.closest('[data-i]');
    return host ? Number(host.dataset.i) : -1;
  };
  const focusable = (i) => (editable ? inputs[i] : cells[(Math.floor(i / cols) + top) * dCols + (i % cols) + left]);

  function focus(r, c) {
    const rr = Math.max(0, Math.min(rows - 1, r));
    const cc = Math.max(0, Math.min(cols - 1, c));
    const i = rr * cols + cc;
    focusable(current).tabIndex = -1;
    current = i;
    const node = focusable(i);
    node.tabIndex = 0;
    node.focus();
  }

  table.addEventListener('focusin', (e) => {
    const i = coreOf(e.target);
    if (i < 0) return;
    if (i !== current) {
      focusable(current).tabIndex = -1;
      current = i;
      focusable(i).tabIndex = 0;
    }
    if (editable) e.target.select();
    opts.onFocus?.(Math.floor(i / cols), i % cols);
  });

  table.addEventListener('focusout', (e) => {
    if (!table.contains(e.relatedTarget)) opts.onBlur?.();
  });

  table.addEventListener('keydown', (e) => {
    const i = coreOf(e.target);
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const r = Math.floor(i / cols);
    const c = i % cols;
    const el = e.target;
    const allSelected = editable && el.selectionStart === 0 && el.selectionEnd === el.value.length;
    let to = null;
    switch (e.key) {
      case 'ArrowUp': to = [r - 1, c]; break;
      case 'ArrowDown': to = [r + 1, c]; break;
      case 'ArrowLeft':
        if (!editable || allSelected || el.selectionEnd === 0) to = [r, c - 1];
        break;
      case 'ArrowRight':
        if (!editable || allSelected || el.selectionStart === el.value.length) to = [r, c + 1];
        break;
      case 'Home': if (!editable) to = [e.ctrlKey ? 0 : r, 0]; break;
      case 'End': if (!editable) to = [r, cols - 1]; break;
      case 'Tab':
        if (editable) {
          const next = i + (e.shiftKey ? -1 : 1);
          if (next >= 0 && next < rows * cols) to = [Math.floor(next / cols), next % cols];
        }
        break;
      case 'Enter':
        if (editable) to = [r + 1, c];
        else opts.onActivate?.(r, c);
        if (!editable) e.preventDefault();
        break;
      case ' ':
        if (!editable) {
          opts.onActivate?.(r, c);
          e.preventDefault();
        }
        break;
      case 'Escape':
        opts.onEscape?.();
        break;
      default:
    }
    if (to) {
      e.preventDefault();
      const [tr, tc] = to;
      if (tr >= 0 && tr < rows && tc >= 0 && tc < cols) focus(tr, tc);
    }
  });

  if (editable) {
    table.addEventListener('input', (e) => {
      const i = coreOf(e.target);
      if (i >= 0) opts.onEdit(Math.floor(i / cols), i % cols, e.target.value);
    });
    table.addEventListener('paste', (e) => {
      const i = coreOf(e.target);
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (i < 0 || !/[\s,;[\]]/.test(text.trim())) return; // one value: let the input take it
      if (opts.onPaste?.(Math.floor(i / cols), i % cols, text)) e.preventDefault();
    });
  } else {
    table.addEventListener('click', (e) => {
      const i = coreOf(e.target);
      if (i >= 0) opts.onActivate?.(Math.floor(i / cols), i % cols);
    });
  }
  table.addEventListener('mouseover', (e) => {
    const i = coreOf(e.target);
    if (i >= 0) opts.onHover?.(Math.floor(i / cols), i % cols);
  });
  table.addEventListener('mouseleave', () => opts.onHover?.(null, null));

  let lit = [];
  return {
    el: table,
    /** Sets a core cell's text (and marks it invalid or not). */
    setText(r, c, text, invalid = false) {
      const i = r * cols + c;
      if (editable) {
        const input = inputs[i];
        if (input.value !== text) input.value = text;
        if (invalid) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        input.parentElement.classList.toggle('invalid', invalid);
      } else {
        const td = cells[(r + top) * dCols + c + left];
        if (td.textContent !== text) td.textContent = text;
      }
    },
    /** Sets a read-only core cell's accessible label (its index and value). */
    setValueLabel(r, c, label) {
      cells[(r + top) * dCols + c + left].setAttribute('aria-label', label);
    },
    /** Sets a ring cell's text and label (its display cell index). */
    setRingText(cell, text, label) {
      if (cells[cell].textContent !== text) cells[cell].textContent = text;
      if (label !== undefined) cells[cell].setAttribute('aria-label', label);
    },
    /** Replaces the highlighted cells: items [{ r, c, cls }] in display coordinates (ring included). */
    highlight(items) {
      for (const [td, cls] of lit) td.classList.remove(cls);
      lit = [];
      for (const { r, c, cls } of items) {
        if (r < 0 || r >= dRows || c < 0 || c >= dCols) continue;
        const td = cells[r * dCols + c];
        td.classList.add(cls);
        lit.push([td, cls]);
      }
    },
    focus,
    /** Display offset of the core (the ring's top and left widths). */
    offset: { top, left },
  };
}
