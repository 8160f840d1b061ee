// The "PyTorch code" panel: a <details> whose code (pytorch-code.js) is made only while it is open,
// and a Copy button.
import { h, copyShownText } from './dom.js';

/** opts: { t(key, params), code() → string }. Returns { el, refresh(), applyLang() }. */
export function createCodeView(opts) {
  const summary = h('summary');
  const code = h('code', { id: 'pytorch-code', class: 'language-python' });
  const pre = h('pre', { tabindex: '0', 'aria-label': 'PyTorch code' }, [code]);
  const status = h('p', { class: 'copy-status', role: 'status' });
  const copy = h('button', { type: 'button', class: 'copy', id: 'copy-code' });
  const el = h('details', { class: 'code-view', id: 'code-panel' }, [summary, h('div', { class: 'code-body' }, [copy, status, pre])]);
  let timer = 0;

  function refresh() {
    if (!el.open) return;
    clearTimeout(timer);
    // outside the edit → repaint path: code for big tensors takes a few milliseconds
    timer = setTimeout(() => {
      code.textContent = opts.code();
    }, 0);
  }

  el.addEventListener('toggle', () => {
    if (el.open) code.textContent = opts.code();
  });
  copy.addEventListener('click', async () => {
    code.textContent = opts.code();
    status.textContent = opts.t((await copyShownText(code)) ? 'copied' : 'copyFailed');
  });

  return {
    el,
    refresh,
    applyLang() {
      summary.textContent = opts.t('code');
      copy.textContent = opts.t('copy');
      pre.setAttribute('aria-label', opts.t('code'));
      status.textContent = '';
    },
  };
}
