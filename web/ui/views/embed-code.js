// "Copy embed code": the two snippets that put the current state into a blog post — the
// <conv-lens> element with its one script tag, and the iframe (embed.html) with the host's
// height listener — and the playground panel that shows and copies them. embedSnippets() is pure
// (tests/js/widget.test.mjs); the panel's strings are i18n.js's embed* keys.
import { h, copyShownText } from './dom.js';
import { t } from '../i18n/i18n.js';

/** The message types of the iframe height protocol (web/embed.js; docs/embedding.md). */
export const HEIGHT_MESSAGE = 'convlens:height';
export const GET_HEIGHT_MESSAGE = 'convlens:getHeight';

/** The class the host listener looks for on the iframes it sizes. */
export const FRAME_CLASS = 'conv-lens-frame';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as an HTML attribute value (double-quoted) or text content: & < > " ' escaped. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A string as a JS string literal that is also safe inside an HTML <script> element. */
function jsString(text) {
  return JSON.stringify(String(text)).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The snippets for a state. opts: { hash (the playground's serialized state, without '#'), base (the
 * URL of the site that serves conv-lens.js and embed.html, e.g. location.href), controls (bool: show
 * every control), editable (bool), title (the iframe's accessible name), height (the iframe's
 * height before the first message, px) }. Returns { element, iframe, scriptUrl, frameUrl }.
 */
export function embedSnippets({ hash, base, controls = false, editable = false, title = 'convlens', height = 480 }) {
  const site = new URL('.', base);
  const scriptUrl = new URL('convlens/widget/conv-lens.js', site).href;
  const query = [controls ? 'controls=all' : '', editable ? 'editable' : ''].filter(Boolean).join('&');
  const frameUrl = `${new URL('embed.html', site).href}${query ? `?${query}` : ''}#${String(hash).replace(/^#/, '')}`;
  const attrs = [`state="${escapeHtml(String(hash).replace(/^#/, ''))}"`, controls ? 'controls' : '', editable ? 'editable' : '']
    .filter(Boolean).join(' ');
  const element = `<script type="module" src="${escapeHtml(scriptUrl)}"></script>\n<conv-lens ${attrs}></conv-lens>`;
  const px = Math.max(100, Math.min(4000, Math.round(Number(height) || 480)));
  const iframe = [
    `<iframe class="${FRAME_CLASS}" src="${escapeHtml(frameUrl)}" title="${escapeHtml(title)}" width="100%" height="${px}" loading="lazy"></iframe>`,
    '<script>',
    '// sizes each convlens iframe to its content (messages from the iframe itself only)',
    'addEventListener(\'message\', function (e) {',
    `  if (e.origin !== ${jsString(site.origin)} || !e.data || e.data.type !== '${HEIGHT_MESSAGE}') return;`,
    `  document.querySelectorAll('iframe.${FRAME_CLASS}').forEach(function (f) {`,
    '    if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(Math.ceil(Number(e.data.height)) || 0, 100), 10000) + \'px\';',
    '  });',
    '});',
    '</script>',
  ].join('\n');
  return { element, iframe, scriptUrl, frameUrl };
}

/** Where the site serves the hosting docs (scripts/build.mjs copies docs/embedding.md there), from the site's root. */
export const HOSTING_DOC = 'docs/embedding.md#hosting';

/**
 * The panel. opts: { hash() → the current serialized state, base (site URL), title() → iframe title }.
 * Returns { el, refresh(), applyLang(lang) }; the snippets are made only while the panel is open. It says where
 * the snippets load from and what a server must send, with a link to the docs.
 */
export function createEmbedCodeView(opts) {
  let lang = 'en';
  const summary = h('summary', { class: 'embed-summary', id: 'embed-summary' });
  const intro = h('p', { class: 'embed-intro' });
  const site = new URL('.', opts.base);
  const hostingText = h('span');
  const hostingLink = h('a', { href: new URL(HOSTING_DOC, site).href, class: 'embed-docs' });
  const hosting = h('p', { class: 'embed-hosting', id: 'embed-hosting' }, [hostingText, ' ', hostingLink]);
  const option = (id) => {
    const input = h('input', { type: 'checkbox', id });
    const label = h('label', { for: id });
    input.addEventListener('change', () => refresh());
    return { input, label, el: h('span', { class: 'embed-option' }, [input, ' ', label]) };
  };
  const controls = option('embed-controls');
  const editable = option('embed-editable');
  const block = (id) => {
    const title = h('h3', { class: 'embed-title', id: `${id}-title` });
    const code = h('code', { id });
    const pre = h('pre', { tabindex: '0', 'aria-labelledby': `${id}-title` }, [code]);
    const status = h('p', { class: 'copy-status', role: 'status' });
    const copy = h('button', { type: 'button', class: 'copy', 'aria-describedby': `${id}-title` });
    copy.addEventListener('click', async () => {
      refresh();
      status.textContent = t(lang, (await copyShownText(code)) ? 'copied' : 'copyFailed');
    });
    return { title, code, status, copy, el: h('div', { class: 'embed-block' }, [h('div', { class: 'embed-head' }, [title, copy]), status, pre]) };
  };
  const element = block('embed-element');
  const iframe = block('embed-iframe');
  const el = h('details', { class: 'embed-code', id: 'embed-code' }, [summary,
    h('div', { class: 'embed-body' }, [intro, hosting, h('p', { class: 'embed-options' }, [controls.el, ' ', editable.el]), element.el, iframe.el])]);

  function refresh() {
    if (!el.open) return;
    const s = embedSnippets({
      hash: opts.hash(),
      base: opts.base,
      controls: controls.input.checked,
      editable: editable.input.checked,
      title: opts.title?.() ?? 'convlens',
    });
    element.code.textContent = s.element; // text, never markup
    iframe.code.textContent = s.iframe;
  }
  el.addEventListener('toggle', refresh);

  function applyLang(to) {
    lang = to;
    summary.textContent = t(lang, 'embedSummary');
    intro.textContent = t(lang, 'embedIntro');
    hostingText.textContent = t(lang, 'embedHosting', { origin: site.origin });
    hostingLink.textContent = t(lang, 'embedHostingLink');
    controls.label.textContent = t(lang, 'embedControls');
    editable.label.textContent = t(lang, 'embedEditable');
    element.title.textContent = t(lang, 'embedElement');
    iframe.title.textContent = t(lang, 'embedIframe');
    for (const b of [element, iframe]) {
      b.copy.textContent = t(lang, 'copy');
      b.status.textContent = '';
    }
  }
  applyLang('en');

  return { el, refresh, applyLang };
}
