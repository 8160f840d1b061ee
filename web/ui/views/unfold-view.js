// The unfold (im2col) panel of the playground, for conv2d: the weight as a matrix, unfold(x)'s column
// matrix and the output as a matrix, and the pinned output cell as the dot product of its weight row and
// its column, the three highlighted together (model: im2col.js). A <details>, computed only while open;
// clicking an output cell (here or in the output grid above) pins it.
import { h } from './dom.js';
import { createGrid } from './grid.js';
import { formatValue } from '../model/numbers.js';
import { MAX_MATRIX_CELLS, colRow, dotProduct, im2col, im2colCode } from '../model/im2col.js';
import { unflatten } from '../model/tensors.js';

/**
 * opts: { t(key, params), cl, onToggle(open), onPick(flat) (an output cell clicked: pin it) }.
 * Returns { el, show(state, result), applyLang() }.
 */
export function createUnfoldView(opts) {
  const summary = h('summary', { 'data-i18n': 'im2colSummary' });
  const intro = h('p', { class: 'panel-intro', 'data-i18n': 'im2colIntro' });
  const code = h('code', { id: 'im2col-code', class: 'language-python' });
  const pre = h('pre', { class: 'panel-code', tabindex: '0' }, [code]);
  const note = h('p', { class: 'panel-note', id: 'im2col-note', hidden: true });
  const matrices = h('div', { class: 'matrices' });
  const dotTitle = h('p', { class: 'dot-title', id: 'im2col-dot-title' });
  const dotFormula = h('p', { class: 'explain-formula' }, [h('code', { id: 'im2col-dot' })]);
  const dotNotes = h('ul', { class: 'explain-notes', id: 'im2col-notes' });
  const terms = h('table', { class: 'terms', id: 'im2col-terms' });
  const live = h('div', { class: 'dot-view', 'aria-live': 'polite' }, [dotTitle, dotFormula, dotNotes]);
  const body = h('div', { class: 'panel-body' }, [intro, pre, note, matrices, live, terms]);
  const el = h('details', { class: 'panel unfold-view', id: 'unfold-panel' }, [summary, body]);
  let last = null; // { state, result }
  let layoutKey = null;
  let grids = null; // { weight, cols, output } (null when the matrices are too large to draw)

  el.addEventListener('toggle', () => {
    opts.onToggle(el.open);
    if (el.open && last) render();
  });

  function matrix(name, caption, rows, cols, cellLabel, onActivate) {
    const grid = createGrid({ label: caption, rows, cols, editable: false, ring: null, cellLabel, onActivate });
    const fig = h('figure', { class: 'matrix', 'data-matrix': name }, [h('figcaption', { text: caption }), grid.el]);
    return { grid, fig };
  }

  function render() {
    const { t } = opts;
    const { state: s, result } = last;
    const m = im2col(opts.cl, s, result.info);
    const outN = result.output.data.length;
    const o = Number.isInteger(s.select) && s.select < outN ? s.select : 0;
    const d = dotProduct(m, o, {
      weight: s.tensors.weight.values, bias: s.bias ? s.tensors.bias.values : null, output: result.output.data,
    });
    code.textContent = im2colCode(m);
    const [N, Cout] = m.outShape;
    const rows = m.cols.shape[1];
    const cells = rows * m.L + Cout * m.K + Cout * m.L;
    const tooLarge = cells > MAX_MATRIX_CELLS;
    note.hidden = !tooLarge && s.select !== null;
    note.textContent = tooLarge ? t('im2colTooLarge', { cells }) : t('pinHint', { cell: `output[${d.index.join(', ')}]` });

    const key = `${m.cols.shape.join('x')}|${Cout}x${m.K}|${N}|${s.lang}|${tooLarge}|${d.n}`;
    if (key !== layoutKey) {
      layoutKey = key;
      grids = null;
      matrices.replaceChildren();
      if (!tooLarge) {
        const caption = m.groups > 1
          ? t('im2colWeightGroups', { groups: m.groups, rows: m.rowsPerGroup, cols: m.K })
          : t('im2colWeight', { rows: Cout, cols: m.K });
        const w = matrix('weight', caption, Cout, m.K, (r, c) => `W[${r}, ${c}]`);
        const c = matrix('cols', t('im2colCols', { n: d.n, rows, cols: m.L }), rows, m.L, (r, c2) => `cols[${d.n}, ${r}, ${c2}]`);
        const y = matrix('output', t('im2colOutput', { n: d.n, rows: Cout, cols: m.L }), Cout, m.L,
          (r, c2) => `output[${d.n}, ${r}, ${c2}]`, (r, c2) => opts.onPick((d.n * Cout + r) * m.L + c2));
        matrices.append(w.fig, h('span', { class: 'matrix-op', 'aria-hidden': 'true', text: '×' }), c.fig,
          h('span', { class: 'matrix-op', 'aria-hidden': 'true', text: '→' }), y.fig);
        grids = { weight: w.grid, cols: c.grid, output: y.grid };
      }
    }
    if (grids) paint(m, d, result);

    const cellText = `output[${d.index.join(', ')}]`;
    dotTitle.textContent = t('im2colDotTitle', { cell: cellText, row: d.co, col: d.l, n: d.n });
    dotFormula.firstChild.textContent = d.text;
    const noteItems = [];
    if (m.groups > 1) {
      noteItems.push(t('im2colGroup', { groups: m.groups, co: d.co, group: d.group, from: d.colRows[0], to: d.colRows[1] - 1 }));
    }
    if (d.bias !== null) noteItems.push(t('im2colBias', { co: d.co, value: formatValue(d.bias) }));
    noteItems.push(t(d.agrees ? 'im2colCheck' : 'im2colMismatch', { sum: formatValue(d.sum), value: formatValue(d.value) }));
    dotNotes.replaceChildren(...noteItems.map((text) => h('li', { text })));
    renderTerms(d);
  }

  function paint(m, d, result) {
    const [, Cout] = m.outShape;
    const rows = m.cols.shape[1];
    const w = last.state.tensors.weight.values;
    for (let r = 0; r < Cout; r++) {
      for (let k = 0; k < m.K; k++) {
        const text = formatValue(w[r * m.K + k]);
        grids.weight.setText(r, k, text);
        grids.weight.setValueLabel(r, k, `W[${r}, ${k}] = ${text}`);
      }
      for (let l = 0; l < m.L; l++) {
        const text = formatValue(result.output.data[(d.n * Cout + r) * m.L + l]);
        grids.output.setText(r, l, text);
        grids.output.setValueLabel(r, l, `output[${unflatten(m.outShape, (d.n * Cout + r) * m.L + l).join(', ')}] = ${text}`);
      }
    }
    for (let r = 0; r < rows; r++) {
      const [c, i, j] = colRow(m, r);
      for (let l = 0; l < m.L; l++) {
        const text = formatValue(m.cols.data[(d.n * rows + r) * m.L + l]);
        grids.cols.setText(r, l, text);
        grids.cols.setValueLabel(r, l, `cols[${d.n}, ${r}, ${l}] (c=${c}, i=${i}, j=${j}) = ${text}`);
      }
    }
    grids.weight.highlight(Array.from({ length: m.K }, (_, k) => ({ r: d.co, c: k, cls: 'hl-w' })));
    grids.cols.highlight(d.terms.map((tm) => ({ r: tm.r, c: d.l, cls: 'hl-in' })));
    grids.output.highlight([{ r: d.co, c: d.l, cls: 'hl-sel' }]);
  }

  function renderTerms(d) {
    const { t } = opts;
    const head = h('tr', {}, ['im2colK', 'im2colTap', 'im2colWeightCol', 'im2colColCol', 'im2colProduct']
      .map((key) => h('th', { scope: 'col', text: t(key) })));
    const shown = d.terms.slice(0, 64).map((tm) => h('tr', {}, [
      h('td', { text: String(tm.k) }),
      h('td', { text: `${tm.r}: (${tm.tap.join(', ')})` }),
      h('td', { text: formatValue(tm.w) }),
      h('td', { text: formatValue(tm.x) }),
      h('td', { text: formatValue(tm.product) }),
    ]));
    terms.replaceChildren(h('caption', { text: t('im2colTerms', { n: d.terms.length }) }), h('thead', {}, [head]), h('tbody', {}, shown));
  }

  return {
    el,
    /** The state and its evaluate() result; hidden unless conv2d computed. */
    show(s, result) {
      el.hidden = s.op !== 'conv2d';
      if (el.open !== Boolean(s.unfold_view)) el.open = Boolean(s.unfold_view);
      if (el.hidden || !result?.ok) return;
      last = { state: s, result };
      if (el.open) render();
    },
    applyLang() {
      for (const node of el.querySelectorAll('[data-i18n]')) node.textContent = opts.t(node.dataset.i18n);
      pre.setAttribute('aria-label', opts.t('im2colCodeLabel'));
      layoutKey = null;
      if (el.open && last) render();
    },
  };
}
