// The presets: tutorial examples and common layers as buttons, and the tutorial's output-size
// table with a Load button per row (its H_out column computed by the API's outputShape, its
// parameters column, nn.Conv2d(1, 1, kernel_size) with its default bias, by parameterCount).
import { h } from './dom.js';
import { CONV_ARITHMETIC_PRESETS, FOLD_PRESETS, LAYER_PRESETS, ONE_D_PRESETS, UNPOOL_PRESETS, OUTPUT_SIZE_ROWS, POOL_PRESETS, TUTORIAL_PRESETS } from '../model/presets.js';

/**
 * opts: { t(key, params), cl, onPreset(id) }. Returns { el (the preset buttons), tableEl (the size table), applyLang(),
 * focusFirst() (opens the presets, scrolls to them and focuses the first tutorial example) }.
 */
export function createPresetsView(opts) {
  const { cl } = opts;
  const buttons = [];
  const group = (key, list) => {
    const heading = h('p', { class: 'group-title', 'data-i18n': key });
    const items = list.map((p) => {
      const b = h('button', { type: 'button', class: 'preset', 'data-preset': p.id, on: { click: () => opts.onPreset(p.id) } });
      buttons.push([b, p.title]);
      return h('li', {}, [b]);
    });
    return [heading, h('ul', { class: 'preset-list' }, items)];
  };
  const presets = h('details', { class: 'presets', id: 'presets', open: true }, [
    h('summary', { 'data-i18n': 'presets' }),
    ...group('presetsTutorial', TUTORIAL_PRESETS),
    ...group('presetsLayers', LAYER_PRESETS),
    ...group('presetsPools', POOL_PRESETS),
    ...group('presetsFold', FOLD_PRESETS),
    ...group('presetsUnpool', UNPOOL_PRESETS),
    ...group('presetsOneD', ONE_D_PRESETS),
    // eighteen more buttons: folded, so keyboard users need not Tab through them on the way to the grids
    h('details', { class: 'preset-more', id: 'presets-conv-arithmetic' }, [
      h('summary', { class: 'group-title', 'data-i18n': 'presetsConvArithmetic' }),
      group('presetsConvArithmetic', CONV_ARITHMETIC_PRESETS)[1],
    ]),
  ]);

  const caption = h('caption', { 'data-i18n': 'sizeTableCaption' });
  const loadButtons = [];
  const rows = OUTPUT_SIZE_ROWS.map((r) => {
    let out = '?';
    try {
      out = String(cl.outputShape({ op: 'conv2d', inputShape: [1, 1, r.h, r.h], weightShape: [1, 1, r.k, r.k], stride: r.s, padding: r.p }).axes[0].output);
    } catch (e) {
      out = e.message;
    }
    let params = '?';
    try {
      params = String(cl.parameterCount({ op: 'conv2d', inChannels: 1, outChannels: 1, kernelSize: [r.k, r.k], bias: true }).total);
    } catch (e) {
      params = e.message;
    }
    const b = h('button', { type: 'button', class: 'load-row', 'data-preset': r.id, on: { click: () => opts.onPreset(r.id) } });
    const note = h('span', { class: 'row-note' });
    loadButtons.push([b, r, note]);
    return h('tr', {}, [
      h('td', { text: String(r.h) }), h('td', { text: String(r.k) }), h('td', { text: String(r.s) }), h('td', { text: String(r.p) }),
      h('td', { class: 'h-out' }, [h('strong', { text: out }), ' ', note]),
      h('td', { class: 'params', text: params }),
      h('td', {}, [b]),
    ]);
  });
  // "kernel_size" and "H_out" may break after "_" on a phone
  const codeHead = (name) => h('th', { scope: 'col' }, [h('code', {}, name.split('_').flatMap((part, i) => (i ? [h('wbr'), `_${part}`] : [part])))]);
  const table = h('table', { class: 'size-table', id: 'size-table' }, [
    caption,
    h('thead', {}, [h('tr', {}, [
      ...['H_in', 'kernel_size', 'stride', 'padding', 'H_out'].map(codeHead),
      h('th', { scope: 'col', 'data-i18n': 'colParams' }),
      h('th', { scope: 'col', 'data-i18n': 'colLoad' }),
    ])]),
    h('tbody', {}, rows),
  ]);
  const sizes = h('details', { class: 'size-details', open: true }, [h('summary', { 'data-i18n': 'sizeTable' }), h('div', { class: 'table-scroll' }, [table])]);
  const el = h('div', { class: 'presets-view' }, [presets]);

  return {
    el,
    /** The output-size table, placed by the caller. */
    tableEl: sizes,
    focusFirst() {
      presets.open = true;
      presets.scrollIntoView({ block: 'start' });
      buttons[0][0].focus({ preventScroll: true });
    },
    applyLang() {
      const { t } = opts;
      for (const node of [...el.querySelectorAll('[data-i18n]'), ...sizes.querySelectorAll('[data-i18n]')]) node.textContent = t(node.dataset.i18n);
      for (const [b, key] of buttons) b.textContent = t(key);
      for (const [b, r, note] of loadButtons) {
        b.textContent = t('colLoad');
        b.setAttribute('aria-label', t('loadRow', { h: r.h, k: r.k, s: r.s, p: r.p }));
        note.textContent = r.note ? `(${t(r.note)})` : '';
      }
    },
  };
}
