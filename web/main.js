// The playground page: loads convlens (?scalar forces the scalar build), mounts the playground
// (web/ui/app.js) and keeps the URL hash in step with its state (web/ui/model/state.js): replaceState
// while typing, pushState for presets, fills and pastes; a changed hash (back, a pasted link)
// reloads the state; a "Copy embed code" panel gives the state as <conv-lens> and iframe snippets.
// <body> gets data-ready="true" when ready, data-error="…" on failure.
import { createPlayground } from './ui/app.js';
import { serializeHash } from './ui/model/state.js';
import { parsePageHash, serializePageHash } from './ui/model/panel-state.js';
import { LANG_TAGS, loadLang, t } from './ui/i18n/i18n.js';
import { createEmbedCodeView } from './ui/views/embed-code.js';
import { createUnfoldView } from './ui/views/unfold-view.js';
import { createBackwardView } from './ui/views/backward-view.js';
import { createPanelAnimation } from './ui/animation/panel-animation.js';

const $ = (id) => document.getElementById(id);
const TYPING_DELAY_MS = 300;

function localisePage(lang) {
  document.documentElement.lang = LANG_TAGS[lang] ?? 'en';
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-page-i18n]'))) {
    const key = node.dataset.pageI18n;
    node.textContent = key === 'buildLabel' ? t(lang, 'build', { variant: '' }).trim() : t(lang, key);
  }
  document.title = t(lang, 'title');
}

async function main() {
  const forceScalar = new URLSearchParams(location.search).has('scalar');
  // imported dynamically so that a missing or broken package shows up on the page too
  const { load } = await import('./convlens/index.browser.js');
  const first = parsePageHash(location.hash);
  const [cl] = await Promise.all([load(forceScalar ? { simd: false } : {}), loadLang(first.state.lang)]);
  $('variant').textContent = cl.variant;

  let written = location.hash.replace(/^#/, '');
  let mounted = false;
  let timer = 0;
  let embed = null; // the "Copy embed code" panel (web/ui/views/embed-code.js)
  const write = (s, push) => {
    const hash = serializePageHash(s);
    /** @type {HTMLAnchorElement} */ ($('link-auto')).href = `./#${hash}`;
    /** @type {HTMLAnchorElement} */ ($('link-scalar')).href = `./?scalar#${hash}`;
    if (hash === written) return;
    written = hash;
    history[push ? 'pushState' : 'replaceState'](null, '', `#${hash}`);
  };
  const app = createPlayground({
    root: $('app'),
    cl,
    state: first.state,
    notices: first.notices,
    // the animation starts when scrolled into view, unless the link names a step (a shared frame)
    autoplay: /(^|[#&])anim_step=/.test(location.hash) ? false : 'visible',
    panels: {
      createUnfoldView,
      // the backward panel's animation is handed in here, so that views/ never imports animation/
      createBackwardView: (o) => createBackwardView({ ...o, createAnimation: createPanelAnimation }),
    },
    onStateChange(s, { typing }) {
      if (!mounted) return; // the first render reproduces the URL as it is
      embed?.refresh();
      clearTimeout(timer);
      if (typing) timer = setTimeout(() => write(s, false), TYPING_DELAY_MS);
      else write(s, true);
    },
    onLangChange(lang) {
      localisePage(lang);
      embed?.applyLang(lang);
    },
  });
  embed = createEmbedCodeView({ hash: () => serializeHash(app.state), base: location.href, title: () => `convlens: ${app.state.op}` });
  embed.applyLang(app.state.lang);
  $('embed-slot').replaceChildren(embed.el);
  mounted = true;
  localisePage(app.state.lang);
  const reload = () => {
    const hash = location.hash.replace(/^#/, '');
    if (hash === written) return;
    written = hash;
    const next = parsePageHash(location.hash);
    app.setState(next.state, next.notices);
  };
  addEventListener('hashchange', reload);
  addEventListener('popstate', reload);
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  const message = err?.message ?? String(err);
  const status = $('status') ?? document.body.appendChild(document.createElement('p'));
  status.textContent = t('en', 'loadFailed', { message });
  status.classList.add('error');
  document.body.dataset.error = message;
  console.error(err);
});
