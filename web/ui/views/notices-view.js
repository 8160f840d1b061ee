// The notices box: what a state's parsing changed (a hostile or out-of-range URL → defaults) shown
// as a dismissable list, in the reader's language. Used by the playground (app.js) and the
// figure (figure.js). Text only through textContent.
import { h } from './dom.js';

/** opts: { t(key, params) }. Returns { el, show(list of { key, params }), applyLang() }. */
export function createNoticesView({ t }) {
  const el = h('div', { class: 'notices', id: 'notices', role: 'status', hidden: true });
  let current = [];
  function show(list) {
    current = list;
    el.hidden = list.length === 0;
    if (!list.length) return el.replaceChildren();
    const dismiss = h('button', { type: 'button', class: 'dismiss', text: t('dismiss'), on: { click: () => show([]) } });
    el.replaceChildren(h('p', { text: t('noticeTitle') }), h('ul', {}, list.map((n) => h('li', { text: t(n.key, n.params) }))), dismiss);
  }
  return { el, show, applyLang: () => show(current) };
}
