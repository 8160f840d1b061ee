// The output-size formulas (from the API's outputShape, numbers substituted), the ceil_mode rule
// when it applies, and the parameter count (the API's parameterCount).
import { h } from './dom.js';

/** opts: { t(key, params) }. Returns { el, show(result, stale) } with result = compute.js evaluate()'s ok result. */
export function createFormulaView(opts) {
  const shape = h('p', { class: 'out-shape', id: 'output-shape' });
  const axes = h('ul', { class: 'formulas', id: 'formulas' });
  const rules = h('ul', { class: 'rules' });
  const params = h('p', { class: 'params', id: 'param-count' });
  const el = h('div', { class: 'formula-view' }, [shape, axes, rules, params]);
  return {
    el,
    show(result, stale) {
      el.classList.toggle('stale', Boolean(stale));
      if (!result) return;
      const { t } = opts;
      shape.textContent = t('outputShape', { shape: `[${result.output.shape.join(', ')}]` });
      axes.replaceChildren(...result.info.axes.map((a) => h('li', {}, [h('code', { text: t('formulaAxis', { axis: a.axis, formula: a.formula }) })])));
      const notes = [];
      if (result.info.axes.some((a) => a.ceilMode)) notes.push(t('ceilRule'));
      for (const a of result.info.axes) if (a.droppedLastWindow) notes.push(t('ceilDropped', { axis: a.axis }));
      rules.replaceChildren(...notes.map((n) => h('li', { text: n })));
      rules.hidden = notes.length === 0;
      params.textContent = result.params ? t('paramCount', { formula: result.params.formula }) : t('noParams');
    },
  };
}
