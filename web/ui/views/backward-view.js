// The backward panel of the playground, for conv2d, maxPool2d and avgPool2d: an upstream gradient g
// (ones, seeded random integers, or one-hot at the pinned output cell), the API's gradInput, gradWeight
// and gradBias, each cell explained under the pointer or pinned by a click (model: backward.js), and for
// conv2d gradInput next to convTranspose2d(g, weight, …) with the equality checked live, that transposed
// convolution's animation (animation/panel-animation.js, handed in by the page: each step lights up the
// gradInput cell it writes; a gradInput cell explained names its steps, and a pinned one is sought there)
// and a button that opens it in the playground. A <details>, computed only while open.
import { h } from './dom.js';
import { createGrid } from './grid.js';
import { createTensorView } from './tensor-view.js';
import { formatValue } from '../model/numbers.js';
import { buildFieldMap } from '../model/field-map.js';
import { evaluate, shapeKey } from '../model/compute.js';
import { count, unflatten } from '../model/tensors.js';
import { LIMITS } from '../model/state.js';
import { BACKWARD_OPS, GRAD_KINDS } from '../model/panel-state.js';
import {
  animationLink, backwardCode, backwardContext, cellName, compareTensors, explainGradBias, explainGradInput,
  explainGradWeight, runBackward, runTranspose, transposeCall, transposedState, upstreamGradient, writtenCells,
} from '../model/backward.js';

const KIND_KEYS = { ones: 'bwOnes', random: 'bwRandom', onehot: 'bwOnehot' };
const WHY_KEYS = { conv2d: 'bwFromConv', maxPool2d: 'bwFromMax', avgPool2d: 'bwFromAvg' };

/**
 * opts: { t(key, params), cl, onToggle(open), onChange(patch) (grad_output / grad_seed), onPick(flat) (a
 * gradOutput cell clicked: pin that output cell), onOpenState(state) (load a state: the transposed
 * convolution), createAnimation (animation/panel-animation.js createPanelAnimation) }.
 * Returns { el, show(state, result), applyLang() }.
 */
export function createBackwardView(opts) {
  const { t } = opts;
  const summary = h('summary', { 'data-i18n': 'bwSummary' });
  const intro = h('p', { class: 'panel-intro', 'data-i18n': 'bwIntro' });
  const kindLegend = h('legend', { 'data-i18n': 'bwGradKind' });
  const radios = GRAD_KINDS.map((kind) => {
    const input = h('input', { type: 'radio', name: 'grad-output', value: kind, id: `bw-kind-${kind}` });
    input.addEventListener('change', () => input.checked && opts.onChange({ grad_output: kind }));
    return { kind, input, label: h('label', { for: `bw-kind-${kind}`, 'data-i18n': KIND_KEYS[kind] }) };
  });
  const seed = h('input', { type: 'number', id: 'bw-seed', min: '0', max: '999999', step: '1', class: 'bw-seed' });
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0 && v <= 999_999) opts.onChange({ grad_seed: v });
  });
  const seedLabel = h('label', { for: 'bw-seed', 'data-i18n': 'bwSeed' });
  const kinds = h('fieldset', { class: 'bw-kinds' }, [kindLegend,
    ...radios.map((r) => h('span', { class: 'bw-kind' }, [r.input, r.label, r.kind === 'random' ? h('span', { class: 'bw-seed-wrap' }, [seedLabel, seed]) : null]))]);
  const note = h('p', { class: 'panel-note', id: 'bw-note', hidden: true });
  const error = h('p', { class: 'general-error', id: 'bw-error', role: 'alert', hidden: true });

  const ringStrings = () => ({
    heatmapNote: (rows, cols) => t('heatmapNote', { rows, cols }),
    cellEditor: (cell) => t('cellEditor', { cell }),
    ring: () => '',
  });
  const sections = {};
  const views = {};
  for (const name of ['gradOutput', 'gradInput', 'gradWeight']) {
    views[name] = createTensorView({
      name, editable: false, strings: ringStrings, describedBy: null,
      onActivate: (flat) => (name === 'gradOutput' ? pinGradient(flat) : pick(name, flat)),
      onHover: (flat) => name !== 'gradOutput' && hover(name, flat),
      onEscape: () => pick(null, 0),
    });
    const heading = h('h3', { class: 'tensor-heading', id: `bw-${name}-heading` });
    sections[name] = { heading, el: h('section', { class: `tensor bw-${name}`, 'aria-labelledby': `bw-${name}-heading` }, [heading, views[name].el]) };
  }
  const biasHeading = h('h3', { class: 'tensor-heading', id: 'bw-gradBias-heading' });
  const biasSlot = h('div', { class: 'planes', 'data-tensor': 'gradBias' });
  sections.gradBias = { heading: biasHeading, el: h('section', { class: 'tensor bw-gradBias', 'aria-labelledby': 'bw-gradBias-heading' }, [biasHeading, biasSlot]) };
  let biasGrid = null;
  let biasCount = -1;

  const expTitle = h('p', { class: 'explain-title', id: 'bw-explain-title' });
  const expWhy = h('p', { class: 'bw-why', id: 'bw-why' });
  const expFormula = h('p', { class: 'explain-formula' }, [h('code', { id: 'bw-formula' })]);
  const expCheck = h('p', { class: 'bw-check', id: 'bw-check' });
  const expAnim = h('p', { class: 'bw-check', id: 'bw-anim-link', hidden: true });
  // scrolls when long: one Tab stop, so the keyboard can scroll it too
  const expList = h('ol', { class: 'explain-list', id: 'bw-list', tabindex: '0', 'aria-labelledby': 'bw-explain-title' });
  const explainBox = h('div', { class: 'explain-view bw-explain', 'aria-live': 'polite' }, [expTitle, expWhy, expFormula, expCheck, expAnim, expList]);

  // conv2d: gradInput as a transposed convolution
  const trHeading = h('h3', { id: 'bw-transpose-heading', 'data-i18n': 'bwTransposeHeading' });
  const trIntro = h('p', { class: 'panel-intro', id: 'bw-transpose-intro' });
  const trCall = h('pre', { class: 'panel-code', tabindex: '0' }, [h('code', { id: 'bw-transpose-call' })]);
  const trLeftHeading = h('h4', { id: 'bw-left-heading' });
  const trRightHeading = h('h4', { id: 'bw-right-heading' });
  const side = {};
  for (const name of ['gradInput', 'transposed']) {
    side[name] = createTensorView({
      name: name === 'gradInput' ? 'x.grad' : 'conv_transpose2d', editable: false, strings: ringStrings, describedBy: null,
      // no hover here: below the explanation, whose height changes with it, these grids would move under the pointer
      onActivate: (flat) => pick('gradInput', flat), onEscape: () => pick(null, 0),
    });
  }
  const anim = opts.createAnimation({
    t, cl: opts.cl, lang: () => last?.state.lang ?? 'en', prefix: 'bw-', headingKey: 'bwAnimHeading', headingTag: 'h4',
    onFrame: (model, k) => lightWritten(model, k),
  });
  const trStatus = h('p', { class: 'bw-equal', id: 'bw-equal', role: 'status' });
  const openButton = h('button', { type: 'button', id: 'bw-open-transpose', class: 'bw-open', 'data-i18n': 'bwOpenAnim' });
  const openNote = h('p', { class: 'panel-note', id: 'bw-open-note', hidden: true });
  const transpose = h('section', { class: 'bw-transpose', 'aria-labelledby': 'bw-transpose-heading' }, [
    trHeading, trIntro, trCall,
    h('div', { class: 'side-by-side' }, [
      h('section', { class: 'tensor', 'aria-labelledby': 'bw-left-heading', 'data-side': 'gradInput' }, [trLeftHeading, side.gradInput.el]),
      h('div', { class: 'bw-anim' }, [h('p', { class: 'panel-note', 'data-i18n': 'bwAnimHint' }), anim.el]),
      h('section', { class: 'tensor', 'aria-labelledby': 'bw-right-heading', 'data-side': 'transposed' }, [trRightHeading, side.transposed.el]),
    ]),
    trStatus, openButton, openNote,
  ]);

  const codeSummary = h('summary', { 'data-i18n': 'bwCode' });
  const code = h('code', { id: 'bw-code', class: 'language-python' });
  const codePre = h('pre', { tabindex: '0' }, [code]);
  const codeDetails = h('details', { class: 'code-view bw-code' }, [codeSummary, codePre]);
  codeDetails.addEventListener('toggle', () => codeDetails.open && last && renderCode());

  const grids = h('div', { class: 'bw-grids' }, [sections.gradOutput.el, sections.gradInput.el, sections.gradWeight.el, sections.gradBias.el]);
  const body = h('div', { class: 'panel-body' }, [intro, kinds, note, error, grids, explainBox, transpose, codeDetails]);
  const el = h('details', { class: 'panel backward-view', id: 'backward-panel' }, [summary, body]);

  let last = null; // { state, result }
  let run = null; // { grad, g, grads, ctx, call, cell, fold (runTranspose's) }
  let animKey = null; // the transposed convolution's shapes and options: a new one starts the animation over
  let picked = null; // { name, flat }: the gradient cell explained
  let hovered = null; // { name, flat }: the gradient cell under the pointer (explained while none is pinned)
  let mapKey = null;
  let map = null;

  el.addEventListener('toggle', () => {
    opts.onToggle(el.open);
    if (el.open && last) render();
    else anim.pause();
  });
  openButton.addEventListener('click', () => {
    if (!run?.call || !last) return;
    opts.onOpenState(transposedState(last.state, last.result.info, run.grad, run.call));
  });

  function heading(node, key, shape) {
    node.textContent = t(key, { shape: `[${shape.join(', ')}]` });
  }

  function render() {
    const { state: s, result } = last;
    const outN = count(result.output.shape);
    const cell = Number.isInteger(s.select) && s.select < outN ? s.select : 0;
    for (const r of radios) r.input.checked = r.kind === s.grad_output;
    seed.value = String(s.grad_seed);
    seed.disabled = s.grad_output !== 'random';
    note.hidden = !(s.grad_output === 'onehot' && s.select === null);
    note.textContent = t('pinHint', { cell: cellName('output', result.output.shape, cell) });
    const grad = upstreamGradient(result.output.shape, s.grad_output, { seed: s.grad_seed, cell });
    const g = { shape: grad.shape, data: grad.values };
    let grads;
    try {
      grads = runBackward(opts.cl, s, g);
      error.hidden = true;
    } catch (err) {
      error.hidden = false;
      error.textContent = t('bwError', { message: err?.message ?? String(err) });
      run = null;
      return;
    }
    const key = shapeKey(s); // the receptive fields change with the shapes and options, not the data
    if (key !== mapKey) {
      mapKey = key;
      map = buildFieldMap(opts.cl, s, result.info);
      picked = null;
      hovered = null;
    }
    const isConv = s.op === 'conv2d';
    const call = isConv ? transposeCall(s, result.info) : null;
    run = { grad, g, grads, call, ctx: map ? backwardContext(s, result, map, g.data, grads) : null, cell };

    heading(sections.gradOutput.heading, 'bwGradOutput', g.shape);
    views.gradOutput.update({ shape: g.shape, values: g.data });
    heading(sections.gradInput.heading, 'bwGradInput', grads.gradInput.shape);
    views.gradInput.update({ shape: grads.gradInput.shape, values: grads.gradInput.data });
    sections.gradWeight.el.hidden = !isConv;
    if (isConv) {
      heading(sections.gradWeight.heading, 'bwGradWeight', grads.gradWeight.shape);
      views.gradWeight.update({ shape: grads.gradWeight.shape, values: grads.gradWeight.data });
    }
    sections.gradBias.el.hidden = !grads.gradBias;
    if (grads.gradBias) renderBias(grads.gradBias);
    renderTranspose(s);
    explain();
    if (codeDetails.open) renderCode();
  }

  function renderBias(b) {
    heading(sections.gradBias.heading, 'bwGradBias', b.shape);
    if (b.data.length !== biasCount) {
      biasCount = b.data.length;
      biasGrid = createGrid({
        label: 'gradBias', rows: 1, cols: biasCount, editable: false, ring: null, cellLabel: (r, c) => `gradBias[${c}]`,
        onActivate: (r, c) => pick('gradBias', c), onEscape: () => pick(null, 0),
      });
      biasSlot.replaceChildren(h('div', { class: 'plane' }, [biasGrid.el]));
    }
    for (let c = 0; c < biasCount; c++) {
      const text = formatValue(b.data[c]);
      biasGrid.setText(0, c, text);
      biasGrid.setValueLabel(0, c, `gradBias[${c}] = ${text}`);
    }
  }

  function renderTranspose(s) {
    transpose.hidden = !run.call;
    if (!run.call) {
      anim.pause();
      return;
    }
    const { call, g, grads } = run;
    const padded = Boolean(call.pad);
    trIntro.textContent = padded
      ? t('bwTransposePadded', { mode: s.padding_mode, pad: `(${call.pad.join(', ')})` })
      : t('bwTransposeIntro', { outputPadding: `(${call.options.outputPadding.join(', ')})` });
    trCall.firstChild.textContent = call.code;
    let tr;
    try {
      tr = runTranspose(opts.cl, s, g, call);
    } catch (err) {
      trStatus.textContent = t('bwError', { message: err?.message ?? String(err) });
      return;
    }
    heading(trLeftHeading, 'bwTransposeLeft', grads.gradInput.shape);
    heading(trRightHeading, padded ? 'bwTransposeRightFolded' : 'bwTransposeRight', tr.folded.shape);
    side.gradInput.update({ shape: grads.gradInput.shape, values: grads.gradInput.data });
    side.transposed.update({ shape: tr.folded.shape, values: tr.folded.data });
    run.fold = tr.fold;
    const tState = transposedState(s, last.result.info, run.grad, call);
    const key = shapeKey(tState);
    anim.show(tState, evaluate(opts.cl, tState), { reset: key !== animKey });
    animKey = key;
    const cmp = compareTensors(grads.gradInput, tr.folded);
    trStatus.textContent = cmp.equal ? t('bwEqual') : t('bwDiffer', { diff: formatValue(cmp.maxDiff) });
    trStatus.classList.toggle('bad', !cmp.equal);
    const fits = count(g.shape) <= LIMITS.tensorElements && g.shape[1] <= 64 && g.shape[2] <= 256 && g.shape[3] <= 256
      && s.in_channels <= 64;
    openButton.disabled = !fits;
    openNote.hidden = fits;
    openNote.textContent = t('bwOpenTooLarge');
  }

  /** A cell of g clicked: the upstream gradient becomes one-hot there (the pinned output cell). */
  function pinGradient(flat) {
    opts.onPick(flat);
    if (last?.state.grad_output !== 'onehot') opts.onChange({ grad_output: 'onehot' });
  }

  function pick(name, flat) {
    picked = name ? { name, flat } : null;
    if (name === 'gradInput' && run?.fold) seekAnimation(flat);
    if (anim.view.model) lightWritten(anim.view.model, anim.view.player.step); // the pin, when the step stays
    explain();
  }

  /** The pointer over a gradient cell (null: off it): explained, unless a cell is pinned. */
  function hover(name, flat) {
    const next = flat === null ? null : { name, flat };
    if (next?.name === hovered?.name && next?.flat === hovered?.flat) return;
    hovered = next;
    if (!picked) explain();
  }

  /** Shows gradInput cell `flat`'s plane in the animation, at the first step that writes it. */
  function seekAnimation(flat) {
    const [n, c] = unflatten(last.state.tensors.input.shape, flat);
    const f = anim.fields;
    if (f.anim_batch !== n || f.anim_channel !== c) anim.set({ anim_batch: n, anim_channel: c, anim_step: 0 });
    const model = anim.view.model;
    if (!model || !run.ctx) return;
    const { steps } = animationLink(model, flat, run.fold, explainGradInput(run.ctx, flat));
    if (steps.length) anim.seek(steps[0]);
  }

  /** The gradInput cells step `k` writes, lit beside the animation (and the pinned cell). */
  function lightWritten(model, k) {
    if (!run?.fold) return;
    const cells = writtenCells(model, k, run.fold).map((i) => ({ flat: i, cls: 'hl-out' }));
    const pinned = picked?.name === 'gradInput' ? [{ flat: picked.flat, cls: 'hl-sel' }] : [];
    side.gradInput.highlight([...cells, ...pinned]);
    side.transposed.highlight(cells);
  }

  function explain() {
    const clear = () => {
      for (const v of Object.values(views)) v.highlight([]);
      biasGrid?.highlight([]);
    };
    clear();
    expAnim.hidden = true;
    expList.replaceChildren();
    expFormula.hidden = true;
    expCheck.textContent = '';
    expWhy.textContent = '';
    if (!run?.ctx) {
      expTitle.textContent = run ? t('bwTooLarge') : '';
      return;
    }
    const shown = picked ?? hovered; // a pinned cell, else the one under the pointer
    if (!shown) {
      expTitle.textContent = t('bwIdle');
      return;
    }
    const { ctx } = run;
    let e;
    let why;
    if (shown.name === 'gradInput') {
      e = explainGradInput(ctx, shown.flat);
      why = WHY_KEYS[ctx.op];
      views.gradInput.highlight([{ flat: shown.flat, cls: 'hl-sel' }]);
      explainAnimation(e);
    } else if (shown.name === 'gradWeight') {
      e = explainGradWeight(ctx, shown.flat);
      why = 'bwFromWeight';
      views.gradWeight.highlight([{ flat: shown.flat, cls: 'hl-sel' }]);
    } else {
      e = explainGradBias(ctx, shown.flat);
      why = 'bwFromBias';
      biasGrid?.highlight([{ r: 0, c: shown.flat, cls: 'hl-sel' }]);
    }
    views.gradOutput.highlight(e.outputs.map((o) => ({ flat: o, cls: 'hl-in' })));
    const shape = shown.name === 'gradInput' ? ctx.inShape : shown.name === 'gradWeight' ? ctx.weightShape : [ctx.outShape[1]];
    expTitle.textContent = cellName(shown.name, shape, shown.flat);
    expWhy.textContent = t(e.terms.length ? why : 'bwNone');
    expFormula.hidden = false;
    expFormula.firstChild.textContent = e.text;
    expCheck.textContent = t(e.agrees ? 'bwCheck' : 'bwMismatch', { sum: formatValue(e.sum), value: formatValue(e.value) });
    expList.replaceChildren(...e.terms.slice(0, 64).map((tm) => h('li', {}, [h('code', { text: tm.line })])));
  }

  /** Which steps of the animation write the explained gradInput cell, and whether they add the same terms. */
  function explainAnimation(e) {
    const model = anim.view.model;
    if (!run.fold || !model) return;
    const link = animationLink(model, e.flat, run.fold, e);
    if (!link.steps.length) return;
    expAnim.hidden = false;
    const list = link.steps.slice(0, 8).map((k) => k + 1).join(', ') + (link.steps.length > 8 ? ', …' : '');
    const steps = t(link.steps.length > 1 ? 'bwAnimSteps' : 'bwAnimStep', { list });
    const view = t(model.view === 'scatter' ? 'animViewScatter' : 'animViewDirect');
    expAnim.textContent = t(link.same ? 'bwAnimSame' : 'bwAnimDiffer', { steps, n: link.terms.length, view });
  }

  function renderCode() {
    const { state: s } = last;
    code.textContent = run ? backwardCode(s, run.grad, s.grad_output, run.cell, run.call) : '';
  }

  return {
    el,
    /** The state and its evaluate() result; hidden for the ops without a backward view. */
    show(s, result) {
      el.hidden = !BACKWARD_OPS.includes(s.op);
      if (el.open !== Boolean(s.backward_view)) el.open = Boolean(s.backward_view);
      if (el.hidden || !result?.ok) return;
      if (last && last.state.op !== s.op) picked = hovered = null;
      last = { state: s, result };
      if (el.open) render();
    },
    applyLang() {
      for (const node of el.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
      trCall.setAttribute('aria-label', t('bwTransposeHeading'));
      anim.applyLang();
      codePre.setAttribute('aria-label', t('bwCode'));
      kinds.setAttribute('aria-describedby', 'bw-note');
      if (el.open && last) render();
    },
  };
}
