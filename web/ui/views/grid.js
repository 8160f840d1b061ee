// One plane of a tensor as an accessible grid: <table role="grid"> with a label, one gridcell per
// value, each with its own label ("input[0, 0, 1, 2]"). The grid is one Tab stop (roving tabindex,
// as the WAI-ARIA grid pattern): arrows, Home / End (Ctrl: first / last cell) and PageUp / PageDown
// (first / last row) move inside it, Tab leaves it. Editable grids hold an <input> per cell and
// have two modes, as a spreadsheet: a cell is first *selected* (its text all selected; arrows
// move); typing, Enter or F2 (or a click into the selected cell) *edits* it (left / right move the
// caret, and a cell only at the text's ends; Enter goes down, Tab / Shift+Tab go to the next /
// previous cell while editing, so a row of values can be typed Tab by Tab; Escape puts back the
// text the edit started from). A paste of more than one value is handed to onPaste. Read-only grids
// (outputs): Enter / Space / click activate (pin), Escape releases. An optional padding ring is
// drawn around the plane (read-only cells).

/**
 * opts: { label, rows, cols, editable, ring (field-map.js paddingRing or null), cellLabel(r, c),
 *   ringLabel(displayCell) (the initial label; setRingText updates it), onEdit(r, c, text),
 *   onPaste(r, c, text) → bool, onFocus(r, c), onHover(r, c) (null, null on leave), onBlur() (focus left the grid),
 *   onActivate(r, c), onEscape(), describedBy (an id, or null) }
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
  if (opts.describedBy) table.setAttribute('aria-describedby', opts.describedBy);
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

  // editable grids: the cell being edited (its core index; -1: none) and the text it started from
  let editing = -1;
  let before = '';
  function startEdit(input, i, caretAtEnd) {
    editing = i;
    before = input.value;
    if (caretAtEnd) input.setSelectionRange(input.value.length, input.value.length);
  }

  table.addEventListener('focusin', (e) => {
    const i = coreOf(e.target);
    if (i < 0) return;
    if (i !== current) {
      focusable(current).tabIndex = -1;
      current = i;
      focusable(i).tabIndex = 0;
    }
    if (editable) {
      editing = -1;
      /** @type {HTMLInputElement} */ (e.target).select();
    }
    opts.onFocus?.(Math.floor(i / cols), i % cols);
  });

  table.addEventListener('focusout', (e) => {
    if (editable) editing = -1;
    if (!table.contains(/** @type {Node | null} */ (e.relatedTarget))) opts.onBlur?.();
  });

  if (editable) {
    // a click into the cell that already has focus edits it (the caret goes where clicked)
    table.addEventListener('pointerdown', (e) => {
      const i = coreOf(e.target);
      const cell = /** @type {HTMLInputElement} */ (e.target);
      const focused = /** @type {Document | ShadowRoot} */ (cell.getRootNode()).activeElement;
      if (i >= 0 && cell === focused && editing !== i) startEdit(cell, i, false);
    });
    // typing (or an IME, a one-value paste, a deletion) into a selected cell edits it
    table.addEventListener('beforeinput', (e) => {
      const i = coreOf(e.target);
      if (i >= 0 && editing !== i) startEdit(e.target, i, false);
    });
    table.addEventListener('dblclick', (e) => {
      const i = coreOf(e.target);
      if (i >= 0 && editing !== i) startEdit(e.target, i, false);
    });
  }

  /** Where a navigation key goes from (r, c) (null: not a navigation key). */
  function navigate(key, r, c, ctrl) {
    switch (key) {
      case 'ArrowUp': return [r - 1, c];
      case 'ArrowDown': return [r + 1, c];
      case 'ArrowLeft': return [r, c - 1];
      case 'ArrowRight': return [r, c + 1];
      case 'Home': return ctrl ? [0, 0] : [r, 0];
      case 'End': return ctrl ? [rows - 1, cols - 1] : [r, cols - 1];
      case 'PageUp': return [0, c];
      case 'PageDown': return [rows - 1, c];
      default: return null;
    }
  }

  table.addEventListener('keydown', (e) => {
    const i = coreOf(e.target);
    if (i < 0 || e.altKey || e.metaKey) return;
    const ctrlHome = e.ctrlKey && (e.key === 'Home' || e.key === 'End');
    if (e.ctrlKey && !ctrlHome) return;
    const r = Math.floor(i / cols);
    const c = i % cols;
    const el = /** @type {HTMLInputElement} */ (e.target);
    let to = null;
    if (!editable) {
      to = navigate(e.key, r, c, e.ctrlKey);
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        opts.onActivate?.(r, c);
      } else if (e.key === 'Escape') {
        opts.onEscape?.();
      }
    } else if (editing !== i) {
      // a selected cell: keys move, or start an edit
      to = navigate(e.key, r, c, e.ctrlKey);
      if (e.key === 'Enter' || e.key === 'F2') {
        e.preventDefault();
        startEdit(el, i, true);
      } else if (e.key === 'Escape') {
        opts.onEscape?.();
      }
    } else {
      // a cell being edited: the caret moves; up / down, Enter and Tab go on to another cell
      switch (e.key) {
        case 'ArrowUp': to = [r - 1, c]; break;
        case 'ArrowDown': case 'Enter': to = [r + 1, c]; break;
        case 'ArrowLeft': if (el.selectionEnd === 0) to = [r, c - 1]; break;
        case 'ArrowRight': if (el.selectionStart === el.value.length) to = [r, c + 1]; break;
        case 'Tab': {
          const next = i + (e.shiftKey ? -1 : 1);
          if (next >= 0 && next < rows * cols) to = [Math.floor(next / cols), next % cols];
          break;
        }
        case 'F2':
          e.preventDefault();
          editing = -1;
          el.select();
          break;
        case 'Escape':
          e.preventDefault();
          editing = -1;
          if (el.value !== before) {
            el.value = before;
            opts.onEdit(r, c, before);
          }
          el.select();
          break;
        default:
      }
      if (e.key === 'Enter') e.preventDefault(); // at the last row too
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
      if (i >= 0) opts.onEdit(Math.floor(i / cols), i % cols, /** @type {HTMLInputElement} */ (e.target).value);
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
