// The playground: mounts every part (controls, tensors, output, explanation, formulas, code,
// presets) into one root and runs the edit → compute → repaint loop. Shared by the page and the
// <conv-lens> widget (with `controls`); the page adds the URL (web/main.js). What is selected and
// explained lives in selection.js, where errors show in error-display.js. Each update is measured as
// performance.measure('convlens:update'): from the edit to the repainted (laid out) output.
import { h } from './views/dom.js';
import { addEnglish, t as translate, loadLang, whenLangLoads, LANG_NAMES } from './i18n/i18n.js';
import { ANIM_FIELDS, LANGS, LIMITS, SIZE_FIELDS, syncShapes } from './model/state.js';
import { switchOp } from './model/make-state.js';
import { CONV_OPS, planeOp, poolKind } from './model/ops.js';
import { PANEL_FIELD_NAMES } from './model/panel-state.js';
import { outputCopy, shapeKey } from './model/compute.js';
import { LayerCache } from './model/layer-cache.js';
import { paddingRing } from './model/padding-ring.js';
import { parseMatrix } from './model/parse-matrix.js';
import { applyPaste } from './model/paste.js';
import { pytorchCode } from './model/pytorch-code.js';
import { presetState } from './model/presets.js';
import { filled, fromNumbers, setCell } from './model/tensors.js';
import { createControls, createFillBar } from './views/controls.js';
import { createTensorView } from './views/tensor-view.js';
import { createFormulaView } from './views/formula-view.js';
import { createExplainView } from './views/explain-view.js';
import { createCodeView } from './views/code-view.js';
import { createPresetsView } from './views/presets-view.js';
import { animationHandle, createAnimationView } from './animation/animation-view.js';
import { buildAnyAnimation } from './animation/unpool-animation.js';
import { createNoticesView } from './views/notices-view.js';
import { PLAYGROUND_ENGLISH } from './i18n/i18n-en-playground.js';
import { createSelection } from './selection.js';
import { createErrorDisplay } from './error-display.js';

addEnglish(PLAYGROUND_ENGLISH); // the playground's English strings (the figure's are built in)

/** The name of the performance.measure entry recorded around each update. */
export const UPDATE_MEASURE = 'convlens:update';

/**
 * opts: { root, cl, state, notices, onStateChange(state, { typing }), onLangChange(lang), editable (default true:
 * the input, weight and bias grids take typing, pastes and fills; false: read-only, as in a <conv-lens> without
 * `editable`),
 * autoplay: false (default) | true | 'visible' (start the sliding-window animation now / when it is first
 *   scrolled into view; never under prefers-reduced-motion),
 * panels: the page's extra panels, { createUnfoldView, createBackwardView } (views/unfold-view.js,
 *   backward-view.js), or none (the widget) }.
 * Returns { setState(state, notices), get state(), get output(), update(), animation, destroy() } (animation:
 * animation-view.js animationHandle; destroy() frees the layer the playground keeps in the module's memory).
 * The figure alone, without the rest of the playground, is figure.js.
 */
export function createPlayground(opts) {
  const { cl } = opts;
  let state = syncShapes(opts.state);
  let lastGood = null; // the last result that computed (kept on screen, greyed, while a later state fails)
  let lastResult = null;
  let lastRing = null;
  let lastRingKey = null;
  let lastEdited = null;
  let resetAnimation = true; // the next update takes the animation's step from the state (a URL, a preset)
  const layers = new LayerCache(); // a large state's op as a torch.nn layer, its weights kept in the module
  const t = (key, params) => translate(state.lang, key, params);

  // ---- parts ------------------------------------------------------------------------------
  const controls = createControls({
    t,
    onChange: (name, value) => {
      if (name === 'op') {
        switchToOp(value);
        return;
      }
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

  // skip links (shown when focused) between the arguments and the grids, each grid being one Tab stop
  // stride, or (a widget showing only some fields) the first argument shown
  const focusArguments = () => {
    const shown = [...controls.el.querySelectorAll('input, select')].filter((c) => c.getClientRects().length > 0);
    (shown.find((c) => c.id === 'ctl-stride') ?? shown[0])?.focus();
  };
  const SKIP_LINKS = {
    input: ['skipToOutput', 'output-heading', () => views.output.focusGrid()],
    weight: ['skipToOutput', 'output-heading', () => views.output.focusGrid()],
    output: ['skipToArguments', 'ctl-stride', focusArguments],
  };
  function skipLink(key, target, go) {
    return h('a', {
      class: 'skip-inline', href: `#${target}`, 'data-i18n': key,
      // in the widget's shadow root too, where #ids do not navigate
      on: { click: (e) => { e.preventDefault(); go(); } },
    });
  }
  controls.el.append(skipLink('skipToInput', 'input-heading', () => views.input.focusGrid()));

  const tensorSections = {};
  const views = {};
  for (const name of ['input', 'x', 'weight', 'bias', 'output', 'indices']) {
    // widget: read-only grids; the indices are MaxUnpool2d's to type, a max pool's result otherwise
    const editable = opts.editable !== false && ['input', 'weight', 'bias', 'indices'].includes(name);
    views[name] = createTensorView({
      name,
      editable,
      strings: ringStrings,
      describedBy: editable ? 'grid-keys' : null,
      onEdit: (flat, text) => editCell(name, flat, text),
      onPaste: (flat, text) => paste(name, flat, text),
      onHover: (flat) => selection.point(name, flat, 'hover'),
      onFocus: (flat) => selection.point(name, flat, 'focus'),
      onBlur: () => selection.point(name, null, 'focus'),
      onActivate: (flat) => selection.activate(name, flat),
      onEscape: () => selection.unpin(),
    });
    const heading = h('h2', { class: 'tensor-heading', id: `${name}-heading` });
    const skip = SKIP_LINKS[name] ? skipLink(...SKIP_LINKS[name]) : null;
    const message = h('p', { class: 'tensor-message', id: `${name}-message`, 'aria-live': 'polite', hidden: true });
    const fill = editable && name !== 'indices' ? createFillBar({ name, t, onFill: (kind, seed) => fillTensor(name, kind, seed) }) : null;
    // MaxUnpool2d's typed indices: back to max pooling's
    const reset = name === 'indices' && editable
      ? h('button', { type: 'button', class: 'link-button', 'data-i18n': 'indicesFromPool', hidden: true, on: { click: resetIndices } })
      : null;
    const section = h('section', { class: `tensor tensor-${name}`, 'aria-labelledby': `${name}-heading` },
      [skip, h('div', { class: 'tensor-head' }, [heading, fill?.el, reset]), message, views[name].el]);
    tensorSections[name] = { section, heading, message, fill, reset };
  }
  const generalError = h('p', { class: 'general-error', id: 'general-error', role: 'alert', hidden: true });
  const staleNote = h('p', { class: 'stale-note', id: 'stale-note', hidden: true });
  tensorSections.output.section.insertBefore(staleNote, views.output.el);
  tensorSections.output.section.insertBefore(generalError, staleNote);

  const formulaView = createFormulaView({ t, cl, state: () => state });
  const explainView = createExplainView({ t, onUnpin: () => selection.unpin() });
  const codeView = createCodeView({ t, code: () => pytorchCode(state, lastResult) });
  const animView = createAnimationView({
    t,
    lang: () => state.lang,
    cl,
    build: buildAnyAnimation, // MaxUnpool2d's scatter too
    autoplay: opts.autoplay ?? false,
    // the animation's own fields: no recompute; the URL follows (replaceState)
    onChange(patch, how = {}) {
      state = { ...state, ...patch };
      if (how.rebuild) animView.show(state, lastResult, { reset: how.reset, now: true });
      else if (how.redraw) animView.redraw(state);
      opts.onStateChange?.(state, { typing: true });
    },
  });
  const presetsView = createPresetsView({
    t,
    cl,
    onPreset(id) {
      loadPreset(id);
      // on a phone the presets sit below the tensors: show what the preset loaded
      if (presetsView.el.getBoundingClientRect().top > mainEl.getBoundingClientRect().bottom) {
        mainEl.scrollIntoView({ block: 'start' });
        mainEl.focus({ preventScroll: true });
      }
    },
  });
  const notices = createNoticesView({ t });
  const panels = createPanels();
  // on a phone the presets come after the tensors: a link at the top reaches them (CSS hides it on wide screens)
  const presetsJump = h('a', {
    class: 'presets-jump', href: '#presets', 'data-i18n': 'presetsJump',
    on: { click: (e) => { e.preventDefault(); presetsView.focusFirst(); } },
  });
  const pasteHelp = h('div', { class: 'paste-help' }, [
    h('p', { 'data-i18n': 'pasteHelp' }),
    h('p', { id: 'grid-keys', 'data-i18n': 'gridKeys' }),
  ]);

  const tensorsIn = h('div', { class: 'tensors-in' },
    ['input', 'x', 'weight', 'bias'].map((name) => tensorSections[name].section));
  const tensorsOut = h('div', { class: 'tensors-out' }, [tensorSections.output.section, tensorSections.indices.section]);
  const explainHeading = h('h2', { id: 'explain-heading', 'data-i18n': 'explain' });
  const formulaHeading = h('h2', { id: 'formula-heading', 'data-i18n': 'formulas' });
  const mainEl = h('div', { class: 'pg-main', id: 'tensors', tabindex: '-1' }, [
    tensorsIn,
    pasteHelp,
    tensorsOut,
    h('section', { class: 'explain', 'aria-labelledby': 'explain-heading' }, [explainHeading, explainView.el]),
    animView.el,
    ...panels.map((p) => p.el),
    h('section', { class: 'formulas-section', 'aria-labelledby': 'formula-heading' }, [formulaHeading, formulaView.el]),
    h('section', { class: 'code-section' }, [codeView.el]),
    h('section', { class: 'size-section' }, [presetsView.tableEl]),
  ]);
  const root = h('div', { class: 'playground' }, [
    h('div', { class: 'pg-bar' }, [presetsJump, langLabel, langSelect]),
    notices.el,
    h('div', { class: 'pg-layout' }, [
      h('aside', { class: 'pg-side' }, [controls.el, presetsView.el]),
      mainEl,
    ]),
  ]);
  opts.root.replaceChildren(root);

  const selection = createSelection({
    cl,
    views,
    explainView,
    state: () => state,
    result: () => lastResult,
    onPin(select) {
      state = { ...state, select };
      showPanels(lastResult);
      opts.onStateChange?.(state, { typing: true });
    },
  });
  const errors = createErrorDisplay({
    t,
    controls,
    message,
    generalError,
    staleNote,
    focusCell: (name, index) => views[name].focusFlat(index),
    // the document, or the widget's shadow root
    focusControl: (field) => root.getRootNode().getElementById(`ctl-${field}`)?.focus(),
  });

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
    for (const p of panels) p.applyLang();
    for (const s of Object.values(tensorSections)) s.fill?.applyLang();
    notices.applyLang();
    opts.onLangChange?.(state.lang);
  }

  // ---- edits ------------------------------------------------------------------------------
  function withTensor(name, tensor) {
    state = { ...state, tensors: { ...state.tensors, [name]: tensor } };
  }

  function editCell(name, flat, text) {
    // MaxUnpool2d's first typed index: the indices become the state's own, starting from max pooling's
    if (name === 'indices' && !state.tensors.indices && lastResult?.ok && lastResult.indices) {
      withTensor('indices', fromNumbers(lastResult.indices.shape, Array.from(lastResult.indices.data)));
    }
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

  function resetIndices() {
    const { indices, ...rest } = state.tensors;
    if (!indices) return;
    state = { ...state, tensors: /** @type {any} */ (rest) };
    lastEdited = 'indices';
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
    const { notice } = r; // a 1-D op's first row only: why
    message(name, notice ? t(notice.key, { ...notice.params, reason: t(notice.reason.key, notice.reason.params) })
      : t('pasteDone', { shape: m.shape.join('×'), name }));
    return true;
  }

  function loadPreset(id) {
    const s = presetState(id);
    if (!s) return;
    const kept = Object.fromEntries([...ANIM_FIELDS, ...PANEL_FIELD_NAMES].map((name) => [name, state[name]]));
    state = { ...s, ...kept, lang: state.lang, select: null };
    resetAnimation = true;
    selection.reset({ fromState: false });
    controls.resetLocal();
    lastEdited = null;
    for (const name of Object.keys(tensorSections)) message(name, null);
    update({ kind: 'all', commit: true });
  }

  /** Another op, with PyTorch's defaults for its arguments (state.js switchOp): one history entry. */
  function switchToOp(op) {
    const next = switchOp(state, op);
    if (next === state) return;
    // text that did not parse in an argument the switch resets goes with it; a size's stays
    for (const name of [...controls.localErrors.keys()]) {
      if (!SIZE_FIELDS.includes(name)) controls.localErrors.delete(name);
    }
    state = next;
    lastEdited = 'op';
    resetAnimation = true;
    selection.reset({ fromState: false });
    update({ kind: 'fields', commit: true });
  }

  // ---- the page's panels (unfold, backward) --------------------------------------------------
  /** The panels, each with the state field that says whether it is open. */
  function createPanels() {
    const p = opts.panels;
    if (!p) return [];
    const toggled = (name) => (open) => {
      if (state[name] === open) return;
      state = { ...state, [name]: open };
      opts.onStateChange?.(state, { typing: true });
    };
    // an output cell clicked in a panel: pinned, as in the output grid
    const onPick = (flat) => state.select !== flat && selection.activate('output', flat);
    return [
      p.createUnfoldView?.({ t, cl, onToggle: toggled('unfold_view'), onPick }),
      p.createBackwardView?.({
        t, cl, onToggle: toggled('backward_view'), onPick,
        onChange(patch) {
          state = { ...state, ...patch };
          showPanels(lastResult);
          opts.onStateChange?.(state, { typing: false });
        },
        onOpenState(next) {
          state = syncShapes(next);
          selection.reset({ fromState: false });
          controls.resetLocal();
          resetAnimation = true;
          update({ kind: 'all', commit: true });
          animView.el.scrollIntoView({ block: 'start' });
        },
      }),
    ].filter(Boolean);
  }

  function showPanels(result) {
    for (const p of panels) p.show(state, result);
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
    // fold's input is a matrix of blocks: no ring
    // MaxUnpool2d's input is the source its x is pooled from: the unpool's padding is not around it
    if (['convTranspose2d', 'fold', 'maxUnpool2d'].includes(planeOp(state.op)) || views.input.heat) return null;
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

  /**
   * Recomputes and repaints; `change.kind`: 'data' (cells), 'fields', 'local' (unparsed control text), 'lang',
   * 'all'.
   */
  function update(change = { kind: 'all' }) {
    const t0 = performance.now();
    if (change.kind !== 'data' && change.kind !== 'local' && change.kind !== 'lang') state = syncShapes(state);
    const result = change.kind === 'local' || change.kind === 'lang' ? lastResult ?? layers.evaluate(cl, state)
      : layers.evaluate(cl, state);
    lastResult = result;
    if (result.ok) lastGood = result;
    if (!selection.pinSelected(result)) state = { ...state, select: null };
    const stale = !result.ok || controls.localErrors.size > 0;

    if (change.kind !== 'data') controls.render(state);
    const isConv = CONV_OPS.includes(state.op);
    renderTensor('input', true);
    renderTensor('weight', isConv);
    renderTensor('bias', isConv && state.bias);
    const inT = state.tensors.input;
    const ring = ringFor(result);
    views.input.update({ shape: inT.shape, texts: inT.texts, invalid: inT.invalid, values: inT.values, ring, ringFill: poolKind(state.op) === 'max' ? 'neginf' : 'zero', matrix: state.op === 'fold' });
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
    const unpool = state.op === 'maxUnpool2d';
    const showIndices = (state.return_indices || unpool) && shown?.indices;
    tensorSections.indices.section.hidden = !showIndices;
    tensorSections.x.section.hidden = !(unpool && shown?.pooled);
    // MaxUnpool2d's indices are one of its inputs
    const indicesHome = unpool ? tensorsIn : tensorsOut;
    if (tensorSections.indices.section.parentNode !== indicesHome) indicesHome.append(tensorSections.indices.section);
    if (tensorSections.indices.reset) tensorSections.indices.reset.hidden = !(unpool && state.tensors.indices);
    if (shown) {
      tensorSections.output.heading.textContent = t('outputHeading', { shape: `[${shown.output.shape.join(', ')}]` });
      views.output.update({ shape: shown.output.shape, values: shown.output.data, matrix: state.op === 'unfold' });
      if (unpool && shown.pooled) {
        tensorSections.x.heading.textContent = t('xHeading', { shape: `[${shown.pooled.shape.join(', ')}]` });
        views.x.update({ shape: shown.pooled.shape, values: shown.pooled.data });
      }
      if (showIndices) {
        const typed = unpool ? state.tensors.indices : null;
        tensorSections.indices.heading.textContent = t(unpool ? 'indicesHeadingUnpool' : 'indicesHeading', { shape: `[${shown.indices.shape.join(', ')}]` });
        views.indices.update({
          shape: typed?.shape ?? shown.indices.shape, values: typed?.values ?? shown.indices.data, editable: unpool,
          texts: unpool ? typed?.texts ?? Array.from(shown.indices.data, String) : null,
          invalid: typed?.invalid ?? null,
        });
      }
    } else {
      tensorSections.output.heading.textContent = t('outputHeading', { shape: '' });
    }
    views.output.setStale(stale);
    views.indices.setStale(stale && !unpool);
    views.x.setStale(stale);
    errors.update(result, { state, lastEdited, stale, shown });
    formulaView.show(shown, stale);
    selection.explain();
    codeView.refresh();
    if (result.ok) animView.show(state, result, { reset: resetAnimation });
    animView.el.classList.toggle('stale', !result.ok);
    showPanels(result);
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
      selection.reset({ fromState: true });
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
    /** Frees the layer the playground keeps in the module's memory (a <conv-lens> remounting its editors). */
    destroy() {
      layers.clear();
    },
  };
}

