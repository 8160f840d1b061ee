// The pipeline editor: one card per layer (type, every argument with PyTorch's name, the weight
// preset and channel mode of conv layers, a preview of the 2-D kernel), add / move / remove, and
// the model summary table (shapes and parameter counts from the API, via the worker).
// Text that does not parse stays in its control with a message; the layer keeps its last value.
import { h, replaceChildren } from '../ui/views/dom.js';
import { KERNELS, kernel2d } from './kernels.js';
import {
  LIMITS, OPS, axisNone, defaultLayer, effectiveKernelSize, fieldShown, fieldText, fieldsOf, isNullable, parseFieldText,
} from './layers.js';
import { CONV_OPS, nnName } from '../ui/model/ops.js';
import { formatValue } from './render.js';
import { resnetHeadLayers } from './state.js';
import { tr } from './strings.js';

/** The arguments whose label carries a hint (strings.js: hint_<name>). */
const HINTED = new Set(['weight', 'channels', 'groups', 'seed', 'norm_type', 'kernel_size', 'output_size', 'bias', 'divisor_override']);

/** The hint of argument `f` on `layer`: an adaptive pool's output_size has its own (an axis may be None). */
function hintKey(f, layer) {
  return axisNone(f, layer) ? `hint_${f.name}_adaptive` : `hint_${f.name}`;
}

const CUSTOM = 'custom';

/** A kernel entry, short: three decimals for ordinary kernels. */
function previewNumber(v) {
  const f = Math.fround(v);
  return Math.abs(f) < 100 ? f.toFixed(3).replace(/\.?0+$/, '').replace(/^-0$/, '0').replace('-', '−') : formatValue(f);
}

function kernelPreview(layer) {
  if (!CONV_OPS.includes(layer.op) || layer.channels === 'random') return null;
  const [kh, kw] = effectiveKernelSize(layer);
  if (kh > 5 || kw > 5) return h('p', { class: 'hint', text: tr('edKernelLarge', { kh, kw }) });
  let rows;
  try {
    rows = Array.isArray(layer.weight) ? layer.weight : kernel2d(layer.weight, [kh, kw]);
  } catch {
    return null;
  }
  return h('table', { class: 'kernel' }, [
    h('caption', { text: tr('edKernel', { kh, kw }) }),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((v) => h('td', { text: previewNumber(v) }))))),
  ]);
}

/**
 * opts: { onChange(layers) }. Returns { el, render(layers), relabel(), setSummary(inputShape, rows) }.
 */
export function createEditor(opts) {
  let layers = [];
  let cards = [];
  const list = h('ol', { class: 'layers', id: 'layers' });
  const addType = h('select', { id: 'add-type' }, OPS.map((op) => h('option', { value: op, text: nnName(op) })));
  const addButton = h('button', { type: 'button', id: 'add-layer', 'data-i18n': 'edAdd', text: tr('edAdd') });
  addButton.addEventListener('click', () => {
    if (layers.length >= LIMITS.layers) return;
    change([...layers, defaultLayer(addType.value)], true);
    cards[cards.length - 1]?.focusType();
  });
  const example = h('button', { type: 'button', id: 'example-resnet', 'data-i18n': 'edExampleResnet', text: tr('edExampleResnet') });
  example.addEventListener('click', () => {
    change(resnetHeadLayers(), true);
    cards[0]?.focusType();
  });
  const summaryBody = h('tbody');
  const summary = h('table', { class: 'summary', id: 'summary' }, [
    h('caption', { 'data-i18n': 'edSummary', text: tr('edSummary') }),
    h('thead', {}, h('tr', {}, ['edColLayer', 'edColShape', 'edColParams'].map((k) => h('th', { scope: 'col', 'data-i18n': k, text: tr(k) })))),
    summaryBody,
  ]);
  const el = h('div', { class: 'editor' }, [
    list,
    h('div', { class: 'add-row' }, [h('label', { for: 'add-type', 'data-i18n': 'edNew', text: tr('edNew') }), addType, addButton]),
    h('div', { class: 'add-row' }, [example]),
    summary,
  ]);

  function change(next, structural) {
    layers = next;
    if (structural) rebuild();
    else cards.forEach((c, i) => c.update(layers[i]));
    opts.onChange(layers);
  }

  function setField(i, name, value) {
    const next = layers.map((l, k) => (k === i ? { ...l, [name]: value } : l));
    change(next, false);
  }

  function card(i) {
    const layer = layers[i];
    const id = (name) => `l${i}-${name}`;
    const title = h('h3', { id: id('title'), text: tr('layer', { index: i + 1 }) });
    const type = h('select', { id: id('type'), 'aria-label': tr('edType', { index: i + 1 }) }, OPS.map((op) => h('option', { value: op, text: nnName(op) })));
    type.value = layer.op;
    type.addEventListener('change', () => {
      change(layers.map((l, k) => (k === i ? defaultLayer(type.value) : l)), true);
      cards[i].focusType();
    });
    const move = (d, text, label) => {
      const b = h('button', { type: 'button', class: 'icon', text, 'aria-label': label, disabled: i + d < 0 || i + d >= layers.length });
      b.addEventListener('click', () => {
        const next = [...layers];
        [next[i], next[i + d]] = [next[i + d], next[i]];
        change(next, true);
        cards[i + d]?.focusType();
      });
      return b;
    };
    const remove = h('button', { type: 'button', class: 'icon', text: '×', 'aria-label': tr('edRemove', { index: i + 1 }) });
    remove.addEventListener('click', () => {
      change(layers.filter((_, k) => k !== i), true);
      (cards[Math.min(i, cards.length - 1)]?.focusType ?? (() => addType.focus()))();
    });
    const controls = new Map();
    const errors = new Map(); // name → message of text that does not parse
    const fields = [];
    for (const f of fieldsOf(layer.op)) {
      const cid = id(f.name);
      const err = h('p', { class: 'field-error', id: `${cid}-err`, hidden: true });
      const label = h('label', { for: cid }, [h('code', { text: f.name }), HINTED.has(f.name) ? h('span', { class: 'hint', text: ` ${tr(hintKey(f, layer))}` }) : null]);
      let input;
      let extra = null;
      const onText = (text) => {
        const r = parseFieldText(f, text, layers[i]);
        if (r.ok) {
          errors.delete(f.name);
          showError(f.name, null);
          setField(i, f.name, r.value);
        } else {
          errors.set(f.name, r.message);
          showError(f.name, r.message);
        }
      };
      if (f.kind === 'weight') {
        input = h('select', { id: cid, 'aria-describedby': `${cid}-err` }, [
          ...KERNELS.map((k) => h('option', { value: k.id, text: tr(`kernel_${k.id}`) })),
          h('option', { value: CUSTOM, text: tr('edCustom') }),
        ]);
        const area = h('textarea', { id: `${cid}-custom`, rows: 3, spellcheck: 'false', 'aria-describedby': `${cid}-err`, class: 'matrix' });
        extra = h('div', { class: 'custom-weight' }, [h('label', { for: `${cid}-custom`, text: tr('edCustomLabel') }), area]);
        input.addEventListener('change', () => {
          if (input.value === CUSTOM) {
            const cur = layers[i];
            const rows = Array.isArray(cur.weight)
              ? cur.weight
              : kernel2d(cur.weight, effectiveKernelSize(cur)).map((r) => r.map((v) => Math.fround(v)));
            setField(i, 'weight', rows);
          } else {
            errors.delete('weight');
            showError('weight', null);
            setField(i, 'weight', input.value);
          }
        });
        area.addEventListener('input', () => onText(area.value));
        controls.set('weight-custom', area);
      } else if (f.kind === 'enum') {
        input = h('select', { id: cid, 'aria-describedby': `${cid}-err` }, f.values.map((v) => h('option', {
          value: v, text: f.name === 'channels' ? tr(`channels_${v}`) : v,
        })));
        input.addEventListener('change', () => setField(i, f.name, input.value));
      } else if (f.kind === 'bool') {
        input = h('input', { id: cid, type: 'checkbox', 'aria-describedby': `${cid}-err` });
        input.addEventListener('change', () => setField(i, f.name, input.checked));
      } else {
        input = h('input', { id: cid, type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${cid}-err`, inputmode: f.kind === 'int' ? 'numeric' : null });
        input.addEventListener('input', () => onText(input.value));
        input.addEventListener('blur', () => {
          if (!errors.has(f.name)) input.value = fieldText(f, layers[i][f.name]);
        });
      }
      const wrap = h('div', { class: f.kind === 'bool' ? 'field check' : 'field', 'data-field': f.name },
        f.kind === 'bool' ? [input, label, err] : [label, input, extra, err]);
      controls.set(f.name, input);
      fields.push({ f, wrap, input, err });
    }
    const preview = h('div', { class: 'preview' });
    const layerError = h('p', { class: 'layer-error', id: id('error'), hidden: true });
    const el = h('li', { class: 'layer', 'aria-labelledby': id('title'), 'data-op': layer.op }, [
      h('div', { class: 'layer-head' }, [title, type, move(-1, '↑', tr('edUp', { index: i + 1 })), move(1, '↓', tr('edDown', { index: i + 1 })), remove]),
      h('div', { class: 'fields' }, fields.map((x) => x.wrap)),
      preview,
      layerError,
    ]);

    function showError(name, message) {
      const x = fields.find((y) => y.f.name === name);
      if (!x) return;
      x.err.textContent = message ?? '';
      x.err.hidden = !message;
      const targets = name === 'weight' ? [x.input, controls.get('weight-custom')] : [x.input];
      for (const t of targets) (message ? t.setAttribute('aria-invalid', 'true') : t.removeAttribute('aria-invalid'));
    }

    function update(l) {
      for (const { f, wrap, input } of fields) {
        wrap.hidden = !fieldShown(f, l);
        if (f.kind === 'weight') {
          const custom = Array.isArray(l.weight);
          input.value = custom ? CUSTOM : l.weight;
          const area = controls.get('weight-custom');
          area.parentElement.hidden = !custom;
          if (custom && document.activeElement !== area && !errors.has('weight')) {
            area.value = fieldText(f, l.weight);
            area.rows = Math.max(2, l.weight.length);
          }
        } else if (f.kind === 'bool') input.checked = Boolean(l[f.name]);
        else if (f.kind === 'enum') input.value = l[f.name];
        else if (document.activeElement !== input && !errors.has(f.name)) input.value = fieldText(f, l[f.name]);
        if (f.kind !== 'bool' && f.kind !== 'enum' && f.kind !== 'weight') {
          input.placeholder = f.name === 'stride' && !CONV_OPS.includes(l.op) ? tr('edNoneStride') : isNullable(f, l) ? tr('edNone') : '';
        }
      }
      replaceChildren(preview, kernelPreview(l));
    }

    update(layer);
    return {
      el,
      update,
      focusType: () => type.focus(),
      setError(message) {
        layerError.textContent = message ?? '';
        layerError.hidden = !message;
        el.classList.toggle('has-error', Boolean(message));
      },
    };
  }

  let shownSummary = ''; // what setSummary last drew, so that an unchanged summary (a dataset's next step) is kept

  function rebuild() {
    shownSummary = ''; // new cards carry no layer errors yet
    cards = layers.map((_, i) => card(i));
    replaceChildren(list, cards.map((c) => c.el));
    addButton.disabled = layers.length >= LIMITS.layers;
  }

  return {
    el,
    /** Shows `next` (rebuilding the cards when the structure changed). */
    render(next) {
      const same = next.length === layers.length && next.every((l, i) => l.op === layers[i].op);
      layers = next;
      if (same && cards.length) cards.forEach((c, i) => c.update(layers[i]));
      else rebuild();
    },
    /** Builds the cards again in the current language (strings.js). */
    relabel() {
      if (cards.length) rebuild();
    },
    /** Shows the model summary rows (from the worker) and each layer's error. */
    setSummary(inputShape, rows) {
      const key = JSON.stringify([inputShape, rows, tr('input')]);
      if (key === shownSummary) return;
      shownSummary = key;
      const shape = (s) => (s ? `[${s.join(', ')}]` : '—');
      const body = [h('tr', {}, [h('th', { scope: 'row', text: tr('input') }), h('td', { text: shape(inputShape) }), h('td', { text: '0' })])];
      let total = 0;
      for (const r of rows) {
        const name = `${r.index + 1}: ${r.module}`;
        if (r.error) {
          body.push(h('tr', { class: 'error' }, [h('th', { scope: 'row' }, h('code', { text: name })), h('td', { colspan: 2, text: `${r.error.code}: ${r.error.message}` })]));
        } else if (r.skipped) {
          body.push(h('tr', { class: 'skipped' }, [h('th', { scope: 'row' }, h('code', { text: name })), h('td', { colspan: 2, text: tr('edNotRun') })]));
        } else {
          total += r.params;
          body.push(h('tr', {}, [h('th', { scope: 'row' }, h('code', { text: name })), h('td', { text: shape(r.shape) }), h('td', { text: String(r.params), title: r.formula })]));
        }
        cards[r.index]?.setError(r.error ? `${r.error.code}: ${r.error.message}` : null);
      }
      body.push(h('tr', { class: 'total' }, [h('th', { scope: 'row', text: tr('edTotal') }), h('td'), h('td', { text: String(total) })]));
      replaceChildren(summaryBody, body);
    },
  };
}
