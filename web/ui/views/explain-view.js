// The explanation panel: the selected cell, its arithmetic (explain.js) and notes, a pin badge and
// an Unpin button. Text only through textContent.
import { h } from './dom.js';

/** opts: { t(key, params), onUnpin() }. Returns { el, show(view) } (see show). */
export function createExplainView(opts) {
  const title = h('p', { class: 'explain-title', id: 'explain-title' });
  const badge = h('span', { class: 'badge', hidden: true });
  const unpin = h('button', { type: 'button', class: 'unpin', hidden: true, on: { click: () => opts.onUnpin() } });
  const formula = h('p', { class: 'explain-formula' }, [h('code', { id: 'explain-formula' })]);
  const notes = h('ul', { class: 'explain-notes', id: 'explain-notes' });
  const list = h('ol', { class: 'explain-list', id: 'explain-list' });
  const legendItems = [['sw-in', 'legendField'], ['sw-src', 'legendSource'], ['sw-win', 'legendWinner'], ['sw-sel', 'legendSelected']]
    .map(([cls, key]) => [h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), h('span', { class: 'legend-text' }), key]);
  const legend = h('ul', { class: 'legend' }, legendItems.map(([sw, text]) => h('li', {}, [sw, text])));
  const live = h('div', { class: 'explain-live', 'aria-live': 'polite' }, [h('div', { class: 'explain-head' }, [title, badge, unpin]), formula, notes, list]);
  const el = h('div', { class: 'explain-view' }, [live, legend]);

  return {
    el,
    /**
     * view: null (idle) or { title, text, notes: [{ key, params }], list: string[], pinned, tooLarge }.
     */
    show(view) {
      const { t } = opts;
      const idle = !view;
      legend.setAttribute('aria-label', t('legend'));
      for (const [, text, key] of legendItems) text.textContent = t(key);
      el.classList.toggle('idle', idle);
      badge.textContent = t('pinned');
      unpin.textContent = t('unpin');
      badge.hidden = idle || !view.pinned;
      unpin.hidden = idle || !view.pinned;
      if (idle) {
        title.textContent = t('explainIdle');
        formula.firstChild.textContent = '';
        formula.hidden = true;
        notes.replaceChildren();
        list.replaceChildren();
        return;
      }
      title.textContent = view.title;
      formula.hidden = !view.text;
      formula.firstChild.textContent = view.text ?? '';
      const noteItems = view.notes.map((n) => h('li', { text: t(n.key, n.params) }));
      if (view.tooLarge) noteItems.push(h('li', { text: t('explainTooLarge') }));
      notes.replaceChildren(...noteItems);
      list.replaceChildren(...(view.list ?? []).map((s) => h('li', {}, [h('code', { text: s })])));
    },
  };
}
