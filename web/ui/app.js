// The playground: mounts every part (controls, tensors, output, explanation, formulas, code,
// presets) into one root and runs the edit → compute → repaint loop. Shared by the page and, later,
// the <conv-lens> widget; the page adds the URL (main.js). Each update is measured as
// performance.measure('convlens:update'): from the edit to the repainted (laid out) output.
import { h } from './views/dom.js';
import { t as translate, loadLang, whenLangLoads, LANG_NAMES } from './i18n/i18n.js';
import { ANIM_FIELDS, CONV_OPS, LANGS, LIMITS, syncShapes } from './model/state.js';
import { errorText, evaluate, outputCopy, shapeKey } from './model/compute.js';
import { fieldMapCache, outputFieldMap, paddingRing, unflat4 } from './model/field-map.js';
import { cellName, explainContext, explainInput, explainOutput, highlights } from './model/explain.js';
import { errorHome } from './model/error-fields.js';
import { parseMatrix } from './model/parse-matrix.js';
import { applyPaste } from './model/paste.js';
import { pytorchCode } from './model/pytorch-code.js';
import { presetState } from './model/presets.js';
import { count, filled, setCell } from './model/tensors.js';
import { formatValue } from './model/numbers.js';
import { createControls, createFillBar } from './views/controls.js';
import { createTensorView } from './views/tensor-view.js';
import { createFormulaView } from './views/formula-view.js';
import { createExplainView } from './views/explain-view.js';
import { createCodeView } from './views/code-view.js';
import { createPresetsView } from './views/presets-view.js';
import { animationHandle, createAnimationView } from './animation/animation-view.js';
import { createNoticesView } from './views/notices-view.js';

/** The name of the performance.measure entry recorded around each update. */
export const UPDATE_MEASURE = 'convlens:update';

/**
 * opts: { root, cl, state, notices, onStateChange(state, { typing }), onLangChange(lang), editable (default true:
 * the input, weight and bias grids take typing, pastes and fills; false: read-only, as in a <conv-lens> without `editable`),
 * autoplay: false (default) | true | 'visible' (start the sliding-window animation now / when it is first
 *   scrolled into view; never under prefers-reduced-motion) }.
 * Returns { setState(state, notices), get state(), get output(), update(), animation } (animation: animation-view.js
 * animationHandle). The figure alone, without the rest of the playground, is figure.js.
 */
export function createPlayground(opts) {
  const { cl } = opts;
  let state = syncShapes(opts.state);
  let lastGood = null; // the last result that computed (kept on screen, greyed, while a later state fails)
  let lastResult = null;
  let lastRing = null;
  let lastRingKey = null;
  let lastEdited = null;
  let pinned = null; // { kind: 'output' | 'input', flat }
  let hovered = null; // under the mouse
  let focused = null; // under the keyboard focus
  let resetAnimation = true; // the next update takes the animation's step from the state (a URL, a preset)
  let pinFromState = true; // the next computed update pins the output cell state.select (a URL)
  const maps = fieldMapCache();
  const t = (key, params) => translate(state.lang, key, params);

  // ---- parts ------------------------------------------------------------------------------
  const controls = createControls({
    t,
    onChange: (name, value) => {
      lastEdited = name;
      state = { ...state, [name]: value };
      update({ kind: 'fields' });
    },
    onInvalid: (name) => {
      lastEdited = name;
      update({ kind: 'local' });
    },
  });

  const langSelect = h('select', { id: 'ctl-lang', class: 'lang-select' },
    LANGS.map((l) => h('option', { value: l, lang: l === 'zh' ? 'zh-Hans' : 'en', text: LANG_NAMES[l] })));
  langSelect.addEventListener('change', () => {
    const lang = langSelect.value;
    // switched once its strings are there (loaded on first use), unless the reader picked again meanwhile
    loadLang(lang).then(() => {
      if (langSelect.value !== lang || state.lang === lang) return;
      state = { ...state, lang };
      applyLang();
      update({ kind: 'lang' });
    });
  });
  const langLabel = h('label', { for: 'ctl-lang', class: 'lang-label' });

  const ringStrings = () => ({
    heatmapNote: (rows, cols) => t('heatmapNote', { rows, cols }),
    cellEditor: (cell) => t('cellEditor', { cell }),
    ring: (kind, y, x, src, value) => (kind === 2 ? t('padOverhang', { y, x })
      : src ? t('padCopies', { y, x, cell: src, value }) : t('padCell', { y, x, value })),
  });

  const tensorSections = {};
  const views = {};
  for (const name of ['input', 'weight', 'bias', 'output', 'indices']) {
    const editable = opts.editable !== false && ['input', 'weight', 'bias'].includes(name); // widget: read-only grids
    views[name] = createTensorView({
      name,
      editable,
      strings: ringStrings,
      onEdit: (flat, text) => editCell(name, flat, text),
      onPaste: (flat, text) => paste(name, flat, text),
      onHover: (flat) => select(name, flat, 'hover'),
      onFocus: (flat) => select(name, flat, 'focus'),
      onBlur: () => select(name, null, 'focus'),
      onActivate: (flat) => activate(name, flat),
      onEscape: () => unpin(),
    });
    const heading = h('h2', { class: 'tensor-heading', id: `${name}-heading` });
    const message = h('p', { class: 'tensor-message', id: `${name}-message`, 'aria-live': 'polite', hidden: true });
    const fill = editable ? createFillBar({ name, t, onFill: (kind, seed) => fillTensor(name, kind, seed) }) : null;
    const section = h('section', { class: `tensor tensor-${name}`, 'aria-labelledby': `${name}-heading` },
      [h('div', { class: 'tensor-head' }, [heading, fill?.el]), message, views[name].el]);
    tensorSections[name] = { section, heading, message, fill };
  }
  const generalError = h('p', { class: 'general-error', id: 'general-error', role: 'alert', hidden: true });
  const staleNote = h('p', { class: 'stale-note', id: 'stale-note', hidden: true });
  tensorSections.output.section.insertBefore(staleNote, views.output.el);
  tensorSections.output.section.insertBefore(generalError, staleNote);

  const formulaView = createFormulaView({ t });
  const explainView = createExplainView({ t, onUnpin: () => unpin() });
  const codeView = createCodeView({ t, code: () => pytorchCode(state, lastResult) });
  const animView = createAnimationView({
    t,
    lang: () => state.lang,
    cl,
    autoplay: opts.autoplay ?? false,
    // the animation's own fields: no recompute; the URL follows (replaceState)
    onChange(patch, how = {}) {
      state = { ...state, ...patch };
      if (how.rebuild) animView.show(state, lastResult, { reset: how.reset, now: true });
      else if (how.redraw) animView.redraw(state);
      opts.onStateChange?.(state, { typing: true });
    },
  });
  const presetsView = createPresetsView({ t, cl, onPreset: (id) => loadPreset(id) });
  const notices = createNoticesView({ t });
  const pasteHelp = h('p', { class: 'paste-help', 'data-i18n': 'pasteHelp' });

  const explainHeading = h('h2', { id: 'explain-heading', 'data-i18n': 'explain' });
  const formulaHeading = h('h2', { id: 'formula-heading', 'data-i18n': 'formulas' });
  const root = h('div', { class: 'playground' }, [
    h('div', { class: 'pg-bar' }, [langLabel, langSelect]),
    notices.el,
    h('div', { class: 'pg-layout' }, [
      h('aside', { class: 'pg-side' }, [controls.el, presetsView.el]),
      h('div', { class: 'pg-main', id: 'tensors', tabindex: '-1' }, [
        h('div', { class: 'tensors-in' }, [tensorSections.input.section, tensorSections.weight.section, tensorSections.bias.section]),
        pasteHelp,
        h('div', { class: 'tensors-out' }, [tensorSections.output.section, tensorSections.indices.section]),
        h('section', { class: 'explain', 'aria-labelledby': 'explain-heading' }, [explainHeading, explainView.el]),
        animView.el,
        h('section', { class: 'formulas-section', 'aria-labelledby': 'formula-heading' }, [formulaHeading, formulaView.el]),
        h('section', { class: 'code-section' }, [codeView.el]),
        h('section', { class: 'size-section' }, [presetsView.tableEl]),
      ]),
    ]),
  ]);
  opts.root.replaceChildren(root);

  // ---- language ---------------------------------------------------------------------------
  /** A state in a language not loaded yet shows in English until its strings arrive. */
  function loadStateLang() {
    const lang = state.lang;
    whenLangLoads(lang, () => {
      if (state.lang !== lang) return;
      applyLang();
      update({ kind: 'lang' });
    });
  }

  function applyLang() {
    langSelect.value = state.lang;
    langLabel.textContent = t('language');
    for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    controls.applyLang();
    codeView.applyLang();
    presetsView.applyLang();
    animView.applyLang();
    for (const s of Object.values(tensorSections)) s.fill?.applyLang();
    notices.applyLang();
    opts.onLangChange?.(state.lang);
  }

  // ---- edits ------------------------------------------------------------------------------
  function withTensor(name, tensor) {
    state = { ...state, tensors: { ...state.tensors, [name]: tensor } };
  }

  function editCell(name, flat, text) {
    const tensor = state.tensors[name];
    setCell(tensor, flat, text.slice(0, LIMITS.cellChars)); // in place: the typed cell only
    lastEdited = name;
    update({ kind: 'data' });
  }

  function fillTensor(name, kind, seed) {
    withTensor(name, filled(state.tensors[name].shape, kind, seed));
    lastEdited = name;
    update({ kind: 'data', commit: true });
  }

  function message(name, text) {
    const m = tensorSections[name].message;
    m.textContent = text ?? '';
    m.hidden = !text;
  }

  function paste(name, flat, text) {
    const m = parseMatrix(text);
    const r = m.ok ? applyPaste(state, name, flat, m) : { error: m };
    if (r.error) {
      message(name, t(r.error.key, r.error.params));
      return true;
    }
    state = r.state;
    lastEdited = name;
    update({ kind: 'fields', commit: true });
    message(name, t('pasteDone', { shape: m.shape.join('×'), name }));
    return true;
  }

  function loadPreset(id) {
    const s = presetState(id);
    if (!s) return;
    const kept = Object.fromEntries(ANIM_FIELDS.map((name) => [name, state[name]]));
    state = { ...s, ...kept, lang: state.lang, select: null };
    resetAnimation = true;
    pinFromState = false;
    controls.resetLocal();
    pinned = null;
    hovered = null;
    focused = null;
    lastEdited = null;
    for (const name of Object.keys(tensorSections)) message(name, null);
    update({ kind: 'all', commit: true });
  }

  // ---- selection --------------------------------------------------------------------------
  /** Mouse (`how` = 'hover') or keyboard focus ('focus') on a cell; flat null when it leaves. */
  function select(name, flat, how) {
    if (!['input', 'output', 'indices'].includes(name)) return;
    const sel = flat === null ? null : { kind: name === 'input' ? 'input' : 'output', flat };
    if (how === 'hover') hovered = sel;
    else focused = sel;
    explain();
  }

  function activate(name, flat) {
    if (name !== 'output' && name !== 'indices') return;
    pinned = pinned && pinned.kind === 'output' && pinned.flat === flat ? null : { kind: 'output', flat };
    hovered = null;
    focused = null;
    explain();
    pinChanged();
  }

  function unpin() {
    pinned = null;
    hovered = null;
    focused = null;
    explain();
    pinChanged();
  }

  /** The pin is part of the state (`select`), so a shared link carries it. */
  function pinChanged() {
    const select = pinned && pinned.kind === 'output' ? pinned.flat : null;
    if (state.select === select) return;
    pinFromState = false;
    state = { ...state, select };
    opts.onStateChange?.(state, { typing: true });
  }

  /** Pins the output cell `state.select` when it is one of the output's (after a new state). */
  function pinSelected(result) {
    if (!pinFromState || !result.ok) return;
    pinFromState = false;
    const flat = state.select;
    const valid = Number.isInteger(flat) && flat >= 0 && flat < count(result.output.shape);
    pinned = valid ? { kind: 'output', flat } : null;
    if (!valid && flat !== null && flat !== undefined) state = { ...state, select: null };
  }

  function clearHighlights() {
    for (const v of Object.values(views)) v.highlight([]);
  }

  /** Shows the explanation of the active selection (hover / focus, else the pinned cell). */
  function explain() {
    const sel = hovered ?? focused ?? pinned;
    const r = lastResult;
    if (!sel || !r || !r.ok) {
      clearHighlights();
      explainView.show(null);
      return;
    }
    const outN = count(r.output.shape);
    const inN = count(state.tensors.input.shape);
    if ((sel.kind === 'output' && sel.flat >= outN) || (sel.kind === 'input' && sel.flat >= inN)) {
      clearHighlights();
      explainView.show(null);
      return;
    }
    const full = maps.get(cl, state, r.info);
    const ctx = explainContext(state, r, full);
    const pinnedNow = Boolean(pinned && sel.kind === pinned.kind && sel.flat === pinned.flat);
    let e;
    if (sel.kind === 'output') {
      ctx.map = full ?? outputFieldMap(cl, state, r.info, sel.flat);
      e = explainOutput(ctx, sel.flat);
      explainView.show({ title: cellName('output', e.output.index), text: e.text, notes: e.notes, list: [], pinned: pinnedNow, tooLarge: !full });
    } else if (full) {
      e = explainInput(ctx, sel.flat);
      explainView.show({
        title: `${cellName('input', e.input.index)} = ${formatValue(e.input.value)}`,
        text: '',
        notes: e.notes,
        list: e.contributions.slice(0, 64).map((c) => c.text),
        pinned: pinnedNow,
      });
    } else {
      e = { input: { flat: sel.flat }, outputs: [], weights: [] };
      explainView.show({ title: cellName('input', unflat4(state.tensors.input.shape, sel.flat)), text: '', notes: [], list: [], pinned: pinnedNow, tooLarge: true });
    }
    const lit = highlights(e, state.tensors.input.shape);
    for (const name of ['input', 'weight', 'bias', 'output']) views[name].highlight(lit[name]);
    views.indices.highlight(lit.output);
  }

  // ---- update -----------------------------------------------------------------------------
  function renderTensor(name, show) {
    const sec = tensorSections[name];
    sec.section.hidden = !show;
    if (!show) return;
    const tensor = state.tensors[name];
    sec.heading.textContent = t(`${name}Heading`, { shape: `[${tensor.shape.join(', ')}]` });
  }

  function ringFor(result) {
    if (state.op === 'convTranspose2d' || views.input.heat) return null;
    if (!result.ok) {
      // keep the last ring while the input keeps its shape (no jumping layout while typing)
      return lastRing && lastRing.inputShape === state.tensors.input.shape.join('x') ? lastRing.ring : null;
    }
    const key = shapeKey(state);
    if (key !== lastRingKey) {
      lastRingKey = key;
      const ring = paddingRing(cl, state, result.info);
      lastRing = ring && (ring.top || ring.bottom || ring.left || ring.right) ? { ring, inputShape: state.tensors.input.shape.join('x') } : null;
    }
    return lastRing ? lastRing.ring : null;
  }

  function showErrors(result) {
    for (const name of ['stride', 'padding', 'dilation', 'groups', 'padding_mode', 'output_padding', 'output_size', 'bias',
      'ceil_mode', 'return_indices', 'count_include_pad', 'divisor_override', 'batch', 'in_channels', 'out_channels', 'input_size', 'kernel_size']) {
      controls.setError(name, null);
    }
    for (const name of ['input', 'weight', 'bias']) message(name, null);
    generalError.hidden = true;
    generalError.textContent = '';
    for (const [name, err] of controls.localErrors) controls.setError(name, t(err.key, err.params));
    const local = controls.localErrors.keys().next();
    if (result.ok) return local.done ? null : local.value;
    const e = result.error;
    const text = errorText(t, e);
    if (e.code === 'INVALID_CELL') {
      message(e.tensor, text);
      return e.tensor;
    }
    const home = errorHome(e.fields, lastEdited, (f) => controls.visible(f) && !controls.localErrors.has(f));
    if (home) controls.setError(home, text);
    else {
      generalError.textContent = text;
      generalError.hidden = false;
    }
    return home;
  }

  /** Recomputes and repaints; `change.kind`: 'data' (cells), 'fields', 'local' (unparsed control text), 'lang', 'all'. */
  function update(change = { kind: 'all' }) {
    const t0 = performance.now();
    if (change.kind !== 'data' && change.kind !== 'local' && change.kind !== 'lang') state = syncShapes(state);
    const result = change.kind === 'local' || change.kind === 'lang' ? lastResult ?? evaluate(cl, state) : evaluate(cl, state);
    lastResult = result;
    if (result.ok) lastGood = result;
    pinSelected(result);
    const stale = !result.ok || controls.localErrors.size > 0;

    if (change.kind !== 'data') controls.render(state);
    const isConv = CONV_OPS.includes(state.op);
    renderTensor('input', true);
    renderTensor('weight', isConv);
    renderTensor('bias', isConv && state.bias);
    const inT = state.tensors.input;
    const ring = ringFor(result);
    views.input.update({ shape: inT.shape, texts: inT.texts, invalid: inT.invalid, values: inT.values, ring, ringFill: state.op === 'maxPool2d' ? 'neginf' : 'zero' });
    if (isConv) {
      const w = state.tensors.weight;
      views.weight.update({ shape: w.shape, texts: w.texts, invalid: w.invalid, values: w.values });
      if (state.bias) {
        const b = state.tensors.bias;
        views.bias.update({ shape: b.shape, texts: b.texts, invalid: b.invalid, values: b.values });
      }
    }
    const shown = lastGood;
    tensorSections.output.section.hidden = false;
    const showIndices = state.op === 'maxPool2d' && state.return_indices && shown?.indices;
    tensorSections.indices.section.hidden = !showIndices;
    if (shown) {
      tensorSections.output.heading.textContent = t('outputHeading', { shape: `[${shown.output.shape.join(', ')}]` });
      views.output.update({ shape: shown.output.shape, values: shown.output.data });
      if (showIndices) {
        tensorSections.indices.heading.textContent = t('indicesHeading', { shape: `[${shown.indices.shape.join(', ')}]` });
        views.indices.update({ shape: shown.indices.shape, values: shown.indices.data });
      }
    } else {
      tensorSections.output.heading.textContent = t('outputHeading', { shape: '' });
    }
    views.output.setStale(stale);
    views.indices.setStale(stale);
    const errorAt = showErrors(result);
    staleNote.hidden = !stale || !shown;
    if (errorAt) {
      // "see the message at <kernel_size>": a button that takes the focus there
      const [before, after] = t('staleNoteAt', { field: '\u0000' }).split('\u0000');
      const cell = result.ok ? null : result.error.cell;
      const goThere = () => (cell ? views[errorAt].focusFlat(cell.index) : root.getRootNode().getElementById(`ctl-${errorAt}`)?.focus()); // document or the widget's shadow root
      const go = h('button', { type: 'button', class: 'link-button', text: errorAt, on: { click: goThere } });
      staleNote.replaceChildren(before, go, after ?? '');
    } else {
      staleNote.textContent = t('staleNote');
    }
    formulaView.show(shown, stale);
    explain();
    codeView.refresh();
    if (result.ok) animView.show(state, result, { reset: resetAnimation });
    animView.el.classList.toggle('stale', !result.ok);
    resetAnimation = false;

    void root.offsetHeight; // lay out now, so the measure covers the repaint's style and layout
    performance.measure(UPDATE_MEASURE, { start: t0, end: performance.now(), detail: { kind: change.kind } });
    if (change.kind !== 'local') opts.onStateChange?.(state, { typing: !change.commit });
  }

  notices.show(opts.notices ?? []);
  applyLang();
  update({ kind: 'all' });
  loadStateLang();

  return {
    /** Replaces the whole state (a new URL), with notices to show. */
    setState(s, newNotices = []) {
      state = syncShapes(s);
      controls.resetLocal();
      pinned = null;
      hovered = null;
      focused = null;
      pinFromState = true;
      notices.show(newNotices);
      applyLang();
      resetAnimation = true;
      update({ kind: 'all' }); // typing-like: the page canonicalises the URL with replaceState
      loadStateLang();
    },
    get state() {
      return state;
    },
    /** The output of the current state, { shape, data } (a copy); null while it does not compute. */
    get output() {
      return outputCopy(lastResult);
    },
    update,
    /** The sliding-window animation (the page, the <conv-lens> widget's autoplay, tests). */
    animation: animationHandle(animView),
  };
}

