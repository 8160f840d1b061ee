// The argument controls, built from the state schema (state.js FIELDS): one labelled control per
// argument of the op (PyTorch's name in code font, a short hint in the interface language), an
// error line under each one, and the fill toolbar of a tensor. Controls report parsed values; text
// that does not parse stays in the control with its message, and the state keeps its last value.
// ↑ / ↓ in a number field step the number under the caret by one (step-text.js). Each size and
// argument with a value of its own (not None by default) has a slider beside its text, over the same
// range as ↑ / ↓; a pair's slider sets both axes (an asymmetric pair shows its height until dragged).
import { h } from './dom.js';
import { ARG_FIELDS, FIELDS, SIZE_FIELDS, fieldApplies, fieldFor, fieldText, isOneD, parseFieldText } from '../model/state.js';
import { nnName, opArg } from '../model/ops.js';
import { FILL_KINDS } from '../model/random.js';
import { stepIntText } from '../model/step-text.js';


/**
 * opts: { t(key, params), onChange(name, value), onInvalid(name, { key, params } | null) }.
 * Returns { el, render(state), setError(name, text | null), applyLang(), has(name) }.
 */
export function createControls(opts) {
  const parts = new Map(); // name → { wrap, control, error, hint, field }
  const localErrors = new Map(); // name → message of text that does not parse

  function control(f) {
    const id = `ctl-${f.name}`;
    const errId = `err-${f.name}`;
    const hint = h('span', { class: 'hint' });
    const label = h('label', { for: id }, [h('code', { text: f.name === 'op' ? 'op' : f.name }), ' ', hint]);
    const error = h('p', { class: 'field-error', id: errId, hidden: true });
    let input;
    let wrap;
    let slider = null;
    if (f.kind === 'enum') {
      input = h('select', { id, 'aria-describedby': errId },
        f.values.map((v) => h('option', { value: v, text: f.name === 'op' ? nnName(v) : v })));
      input.addEventListener('change', () => opts.onChange(f.name, input.value));
      wrap = h('div', { class: 'field', 'data-field': f.name }, [label, input, error]);
    } else if (f.kind === 'bool') {
      input = h('input', { id, type: 'checkbox', 'aria-describedby': errId });
      input.addEventListener('change', () => opts.onChange(f.name, input.checked));
      wrap = h('div', { class: 'field check', 'data-field': f.name }, [input, label, error]);
    } else {
      input = h('input', {
        id, type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': errId,
        inputmode: f.kind === 'int' ? 'numeric' : 'text',
      });
      // ↑ / ↓ step the number under the caret, within the field's range (0 only where it means something)
      const low = Math.max(f.min, f.name === 'padding' || f.name === 'output_padding' ? 0 : 1);
      stepKeys(input, low, f.max);
      if (f.def !== null) {
        slider = h('input', { id: `sld-${f.name}`, class: 'slider', type: 'range', min: low, max: f.max, step: 1 });
        // a drag is an edit like typing: the value is the slider's, any unparsed text goes
        slider.addEventListener('input', () => {
          const v = Number(slider.value);
          localErrors.delete(f.name);
          // a 1-D op's sizes are one int
          opts.onChange(f.name, (lastState ? fieldFor(f, lastState.op) : f).kind === 'int' ? v : [v, v]);
        });
      }
      input.addEventListener('input', () => {
        const r = parseFieldText(f, input.value, lastState?.op);
        if (r.ok) {
          localErrors.delete(f.name);
          opts.onChange(f.name, r.value);
        } else {
          localErrors.set(f.name, r);
          opts.onInvalid(f.name, r);
        }
      });
      // leaving a field that does not parse puts back the value in force
      input.addEventListener('blur', () => {
        if (localErrors.has(f.name)) return;
        if (lastState) input.value = fieldText(f, lastState[f.name]);
      });
      wrap = h('div', { class: 'field', 'data-field': f.name }, [label, input, slider, error]);
    }
    parts.set(f.name, { wrap, control: input, slider, error, hint, field: f });
    return wrap;
  }

  const byName = (n) => FIELDS.find((f) => f.name === n);
  const op = control(byName('op'));
  const el = h('div', { class: 'controls' }, [
    h('fieldset', { class: 'group op-group' }, [h('legend', { 'data-i18n': 'operation' }), op]),
    h('fieldset', { class: 'group' }, [h('legend', { 'data-i18n': 'shapes' }), ...SIZE_FIELDS.map((n) => control(byName(n)))]),
    h('fieldset', { class: 'group' }, [h('legend', { 'data-i18n': 'arguments' }), ...ARG_FIELDS.map((n) => control(byName(n)))]),
  ]);

  let lastState = null;

  function applyLang() {
    for (const node of el.querySelectorAll('[data-i18n]')) node.textContent = opts.t(node.dataset.i18n);
    for (const [name, p] of parts) {
      p.hint.textContent = opts.t(`hint_${name}`);
      if (p.field.kind === 'pair' || p.field.kind === 'padding') p.control.placeholder = opts.t('pairPlaceholder');
      if (p.field.nullable) p.control.placeholder = opts.t('nonePlaceholder');
      p.slider?.setAttribute('aria-label', opts.t('sliderLabel', { name }));
      const local = localErrors.get(name);
      if (local) p.error.textContent = opts.t(local.key, local.params);
    }
    if (lastState) placeholders(lastState);
  }

  function placeholders(s) {
    const pool = Boolean(opArg(s.op, 'stride')?.nullable);
    const stride = parts.get('stride');
    stride.control.placeholder = pool ? opts.t('nonePlaceholder') : '1';
    stride.hint.textContent = opts.t(pool ? 'hint_stride_pool' : 'hint_stride');
    // an adaptive pool's output_size is required; None keeps one axis
    const adaptive = Boolean(opArg(s.op, 'output_size')?.axisNone);
    const fold = s.op === 'fold';
    parts.get('output_size').hint.textContent = opts.t(adaptive ? 'hint_output_size_adaptive' : fold ? 'hint_output_size_fold' : 'hint_output_size');
    // a 1-D op's sizes are one int each: no pair to hint at
    for (const p of parts.values()) {
      if (p.field.kind === 'pair' && !p.field.nullable) p.control.placeholder = fieldFor(p.field, s.op).kind === 'int' ? '' : opts.t('pairPlaceholder');
    }
    for (const name of ['input_size', 'kernel_size']) {
      parts.get(name).hint.textContent = opts.t(isOneD(s.op) ? `hint_${name}_1d` : `hint_${name}`);
    }
    // fold's input is the blocks matrix [N, C·kh·kw, L]
    parts.get('in_channels').hint.textContent = opts.t(fold ? 'hint_in_channels_fold' : 'hint_in_channels');
    if (fold) parts.get('input_size').hint.textContent = opts.t('hint_input_size_fold');
    if (s.op === 'maxUnpool2d') parts.get('input_size').hint.textContent = opts.t('hint_input_size_unpool');
  }

  /**
   * The slider at the state's value: a pair's height, a pool's stride None at the kernel size it
   * means, a padding word at 0.
   */
  function showSlider(p, s) {
    const value = s[p.field.name];
    const at = value === null && p.field.name === 'stride' ? s.kernel_size : value;
    const n = Array.isArray(at) ? at[0] : typeof at === 'number' ? at : 0;
    p.slider.value = String(n);
    p.slider.setAttribute('aria-valuetext', fieldText(p.field, value, { none: 'None' }));
  }

  return {
    el,
    /** Shows the state: values (not over text being typed), and only the op's arguments. */
    render(s) {
      lastState = s;
      for (const [name, p] of parts) {
        const show = fieldApplies(name, s.op);
        p.wrap.hidden = !show;
        const c = p.control;
        if (p.field.kind === 'bool') c.checked = Boolean(s[name]);
        else if (p.field.kind === 'enum') c.value = s[name];
        else if (!localErrors.has(name)) {
          const typed = parseFieldText(p.field, c.value, s.op);
          const same = typed.ok && JSON.stringify(typed.value) === JSON.stringify(s[name]);
          if (!(c.getRootNode().activeElement === c && same)) c.value = fieldText(p.field, s[name]);
        }
        if (p.slider && show) showSlider(p, s);
      }
      placeholders(s);
    },
    /** Shows (text) or clears (null) the message under a control. */
    setError(name, text) {
      const p = parts.get(name);
      if (!p) return;
      p.error.textContent = text ?? '';
      p.error.hidden = !text;
      p.wrap.classList.toggle('has-error', Boolean(text));
      if (text) p.control.setAttribute('aria-invalid', 'true');
      else p.control.removeAttribute('aria-invalid');
    },
    /** Fields whose text does not parse, with their message { key, params }. */
    localErrors,
    /** Forgets a field's unparsed text (e.g. when a preset replaces the state). */
    resetLocal() {
      localErrors.clear();
    },
    applyLang,
    /** Whether a field is shown for the current op. */
    visible(name) {
      const p = parts.get(name);
      return Boolean(p && !p.wrap.hidden);
    },
  };
}

/**
 * The fill toolbar of a tensor: kind (zeros, ones, range, random), seed, Fill button.
 * opts: { name, t(key, params), onFill(kind, seed) }. Returns { el, applyLang() }.
 */
export function createFillBar(opts) {
  const kind = h('select', { class: 'fill-kind' }, FILL_KINDS.map((k) => h('option', { value: k })));
  kind.value = 'random';
  const seed = h('input', { class: 'fill-seed', type: 'text', inputmode: 'numeric', value: '0', size: '4' });
  const seedLabel = h('span', { class: 'fill-seed-label', 'aria-hidden': 'true' });
  const button = h('button', { type: 'button', class: 'fill-button' });
  const sync = () => seed.closest('.fill-bar')?.classList.toggle('no-seed', kind.value !== 'random');
  kind.addEventListener('change', sync);
  button.addEventListener('click', () => {
    const n = /^\d{1,9}$/.test(seed.value.trim()) ? Number(seed.value.trim()) : 0;
    opts.onFill(kind.value, n);
  });
  stepKeys(seed, 0, 999_999_999);
  const el = h('div', { class: 'fill-bar no-seed' }, [kind, seedLabel, seed, button]);
  el.classList.remove('no-seed');
  return {
    el,
    applyLang() {
      const name = opts.name;
      kind.setAttribute('aria-label', opts.t('fillWith', { name: opts.name }));
      for (const o of kind.options) o.textContent = opts.t(`fill_${o.value}`);
      seed.setAttribute('aria-label', opts.t('fillSeedLabel', { name: opts.name }));
      seedLabel.textContent = opts.t('fillSeed');
      button.textContent = opts.t('fill');
      button.setAttribute('aria-label', `${opts.t('fill')} ${name}`);
    },
  };
}

/** ↑ / ↓ in a text field holding integers step the one under the caret (an `input` event follows, as for typing). */
function stepKeys(input, min, max) {
  input.addEventListener('keydown', (e) => {
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.ctrlKey || e.metaKey) return;
    const r = stepIntText(input.value, [input.selectionStart, input.selectionEnd], e.key === 'ArrowUp' ? 1 : -1, min, max);
    e.preventDefault();
    if (!r) return;
    input.value = r.text;
    input.setSelectionRange(...r.selection);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
