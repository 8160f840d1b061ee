// The playground's selection: which cell the explanation is about (the mouse's, else the keyboard
// focus's, else the pinned output cell) and the highlights it lights in every grid. The pin is part
// of the state (`select`), so a shared link carries it; the first computed state pins its `select`.
import { count } from './model/tensors.js';
import { formatValue } from './model/numbers.js';
import { fieldMapCache, outputFieldMap } from './model/field-map.js';
import { unflatten } from './model/tensors.js';
import { cellName, explainContext, explainOutput } from './model/explain.js';
import { explainInput, highlights } from './model/explain-input.js';
import { explainFoldInput, explainFoldOutput, foldGeometry } from './model/explain-fold.js';
import { OP_TABLE } from './model/ops.js';
import { explainUnpoolInput, explainUnpoolOutput, unpoolContext } from './model/explain-unpool.js';

/**
 * opts: { cl, views (tensor views by name), explainView, state() (the current state), result() (the
 * current evaluate() result), onPin(select) (the pinned output cell's flat index, or null, differs from
 * the state's `select`) }.
 */
export function createSelection(opts) {
  const { cl, views, explainView } = opts;
  const maps = fieldMapCache();
  let pinned = null; // { kind: 'output' | 'input', flat }
  let hovered = null; // under the mouse
  let focused = null; // under the keyboard focus
  let pinFromState = true; // the next computed result pins the output cell state.select (a URL)

  function clearHighlights() {
    for (const v of Object.values(views)) v.highlight([]);
  }

  /** Shows the explanation of the active selection (hover / focus, else the pinned cell). */
  function explain() {
    const sel = hovered ?? focused ?? pinned;
    const state = opts.state();
    const r = opts.result();
    if (!sel || !r || !r.ok) {
      clearHighlights();
      explainView.show(null);
      return;
    }
    const outN = count(r.output.shape);
    const inN = count(state.tensors.input.shape);
    const xN = r.pooled ? count(r.pooled.shape) : 0;
    if ((sel.kind === 'output' && sel.flat >= outN) || (sel.kind === 'input' && sel.flat >= inN) || (sel.kind === 'scatter' && sel.flat >= xN)) {
      clearHighlights();
      explainView.show(null);
      return;
    }
    if (state.op === 'maxUnpool2d') {
      explainUnpool(sel, r, Boolean(pinned && sel.kind === pinned.kind && sel.flat === pinned.flat));
      return;
    }
    const full = maps.get(cl, state, r.info);
    const ctx = explainContext(state, r, full);
    const pinnedNow = Boolean(pinned && sel.kind === pinned.kind && sel.flat === pinned.flat);
    let e;
    const fold = OP_TABLE[state.op].family === 'fold';
    if (sel.kind === 'output') {
      ctx.map = full ?? outputFieldMap(cl, state, r.info, sel.flat);
      e = fold ? explainFoldOutput(ctx, foldGeometry(r.info), sel.flat) : explainOutput(ctx, sel.flat);
      explainView.show({
        title: cellName('output', e.output.index), text: e.text, notes: e.notes, list: [], pinned: pinnedNow, tooLarge: !full,
      });
    } else if (full) {
      e = fold ? explainFoldInput(ctx, sel.flat) : explainInput(ctx, sel.flat);
      explainView.show({
        title: `${cellName('input', e.input.index)} = ${formatValue(e.input.value)}`,
        text: '',
        notes: e.notes,
        list: e.contributions.slice(0, 64).map((c) => c.text),
        pinned: pinnedNow,
      });
    } else {
      e = { input: { flat: sel.flat }, outputs: [], weights: [] };
      explainView.show({
        title: cellName('input', unflatten(state.tensors.input.shape, sel.flat)), text: '', notes: [], list: [], pinned: pinnedNow, tooLarge: true,
      });
    }
    const lit = highlights(e, state.tensors.input.shape);
    for (const name of ['input', 'weight', 'bias', 'output']) views[name].highlight(lit[name]);
    views.indices.highlight(lit.output);
  }

  /** MaxUnpool2d: an output cell and the element of x written there, or an element of x and where it goes. */
  function explainUnpool(sel, r, pinnedNow) {
    const ctx = unpoolContext(r);
    let lit;
    if (sel.kind === 'output') {
      const e = explainUnpoolOutput(ctx, sel.flat);
      explainView.show({ title: cellName('output', e.output.index), text: e.text, notes: e.notes, list: [], pinned: pinnedNow });
      const sources = e.sources.map((k) => ({ flat: k, cls: k === e.winner ? 'hl-win' : 'hl-in' }));
      lit = { x: sources, indices: sources, output: [{ flat: sel.flat, cls: 'hl-sel' }] };
    } else {
      const e = explainUnpoolInput(ctx, sel.flat);
      explainView.show({ title: e.text, text: '', notes: e.notes, list: [], pinned: false });
      const self = [{ flat: sel.flat, cls: 'hl-sel' }];
      lit = { x: self, indices: self, output: [{ flat: e.target, cls: 'hl-out' }] };
    }
    for (const name of ['input', 'weight', 'bias']) views[name].highlight([]);
    for (const name of ['x', 'indices', 'output']) views[name].highlight(lit[name]);
  }

  function pinChanged() {
    const select = pinned && pinned.kind === 'output' ? pinned.flat : null;
    if (opts.state().select === select) return;
    pinFromState = false;
    opts.onPin(select);
  }

  return {
    explain,

    /** Mouse (`how` = 'hover') or keyboard focus ('focus') on a cell of grid `name`; flat null when it leaves. */
    point(name, flat, how) {
      if (!['input', 'x', 'output', 'indices'].includes(name)) return;
      // MaxUnpool2d: an element of x (or of its indices) scatters; its input is only max pooling's source
      const unpool = opts.state().op === 'maxUnpool2d';
      const kind = name === 'output' ? 'output' : unpool ? (name === 'input' ? null : 'scatter') : name === 'input' ? 'input' : 'output';
      const sel = flat === null || kind === null ? null : { kind, flat };
      if (how === 'hover') hovered = sel;
      else focused = sel;
      explain();
    },

    /** Enter / click on an output (or indices) cell: pins it, or unpins it when it is the pinned one. */
    activate(name, flat) {
      if (name !== 'output' && (name !== 'indices' || opts.state().op === 'maxUnpool2d')) return;
      pinned = pinned && pinned.kind === 'output' && pinned.flat === flat ? null : { kind: 'output', flat };
      hovered = null;
      focused = null;
      explain();
      pinChanged();
    },

    unpin() {
      pinned = null;
      hovered = null;
      focused = null;
      explain();
      pinChanged();
    },

    /** Forgets every selection; `fromState`: the next computed result pins the state's `select`. */
    reset({ fromState }) {
      pinned = null;
      hovered = null;
      focused = null;
      pinFromState = fromState;
    },

    /**
     * After a new state computed: pins its `select` when that is one of the output's cells. Returns
     * false when `select` names no cell (the caller drops it from the state), else true.
     */
    pinSelected(result) {
      if (!pinFromState || !result.ok) return true;
      pinFromState = false;
      const flat = opts.state().select;
      const valid = Number.isInteger(flat) && flat >= 0 && flat < count(result.output.shape);
      pinned = valid ? { kind: 'output', flat } : null;
      return valid || flat === null || flat === undefined;
    },
  };
}
