// The output-size formulas (from the API's outputShape, numbers substituted), the ceil_mode rule
// when it applies, an adaptive pool's windows along each axis, LPPool2d's formula, and the parameter
// count (the API's parameterCount): the state's, saying whether it has a bias; without one, also
// what nn.Conv2d's default bias=True gives.
import { h } from './dom.js';
import { OP_TABLE, adaptiveWindows, nnName } from '../model/ops.js';

/** The axes a reader sees: a 1-D op's one, L (the core runs it on a unit H axis), else H and W. */
export function shownAxes(op, info) {
  return OP_TABLE[op].dims === 1 ? [{ ...info.axes[1], axis: 'L' }] : info.axes;
}

/**
 * opts: { t(key, params), cl (the convlens API), state() (the playground's state) }.
 * Returns { el, show(result, stale) } with result = compute.js evaluate()'s ok result.
 */
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
      const s = opts.state();
      const shown = shownAxes(s.op, result.info);
      // unfold and fold count blocks along each axis: L_H and L_W
      const axisKey = OP_TABLE[s.op].family === 'fold' ? 'formulaBlocks' : 'formulaAxis';
      axes.replaceChildren(...shown.map((a) => h('li', {}, [h('code', { text: t(axisKey, { axis: a.axis, formula: a.formula }) })])));
      const notes = [];
      if (shown.some((a) => a.ceilMode)) notes.push(t('ceilRule'));
      for (const a of shown) if (a.droppedLastWindow) notes.push(t('ceilDropped', { axis: a.axis }));
      if (s.op.startsWith('adaptive')) {
        for (const a of shown) {
          const windows = adaptiveWindows(a.input, a.output).map(([start, end]) => `[${start}, ${end})`).join(', ');
          notes.push(t('adaptiveWindows', { axis: a.axis, size: a.input, out: a.output, windows }));
        }
      }
      if (s.op === 'lpPool2d') notes.push(t('lpRule', { p: s.norm_type }));
      if (OP_TABLE[s.op].family === 'fold') notes.push(blocksRule(s, shown, result.output.shape));
      if (s.op === 'maxUnpool2d') notes.push(t('unpoolRule', { w: result.output.shape[3] }));
      rules.replaceChildren(...notes.map((n) => h('li', { text: n })));
      rules.hidden = notes.length === 0;
      params.textContent = result.params ? paramText(result.params) : t('noParams');
    },
  };

  /** unfold: L and the rows C·kh·kw of its output; fold: the L it expects and the C it makes of the rows. */
  function blocksRule(s, [ay, ax], outShape) {
    const common = { lh: ay.output, lw: ax.output, L: ay.output * ax.output, kh: ay.kernel, kw: ax.kernel };
    const [rows, c] = s.op === 'unfold' ? [outShape[1], s.in_channels] : [s.in_channels, outShape[1]];
    return opts.t(s.op === 'unfold' ? 'unfoldRule' : 'foldRule', { ...common, rows, c });
  }

  function paramText(p) {
    const { t } = opts;
    const s = opts.state();
    const module = nnName(s.op);
    const fn = OP_TABLE[s.op].functional;
    if (p.bias > 0) return t('paramCountBias', { formula: p.formula, module });
    let withBias;
    try {
      withBias = opts.cl.parameterCount({
        op: s.op, inChannels: s.in_channels, outChannels: s.out_channels, kernelSize: s.kernel_size, groups: s.groups,
        bias: true,
      }).total;
    } catch {
      return params.textContent; // a state that does not compute: the last result stays, greyed
    }
    return t('paramCountNoBias', { formula: p.formula, module, fn, total: withBias });
  }
}
