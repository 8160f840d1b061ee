// The figure: the sliding-window animation of a state, computed by convlens, and nothing else of
// the playground — what a <conv-lens> without `controls` shows (and embed.html by default). It
// mounts only the animation view, the notices and an error line, so a page that embeds figures
// loads none of the playground's editors (app.js loads on demand when `controls` asks for them).
// Same interface as createPlayground (app.js): setState, state, update, animation.
import { h } from './views/dom.js';
import { t as translate, whenLangLoads } from './i18n/i18n.js';
import { syncShapes } from './model/state.js';
import { errorText, evaluate, outputCopy } from './model/compute.js';
import { animationHandle, createAnimationView } from './animation/animation-view.js';
import { createNoticesView } from './views/notices-view.js';

/**
 * opts: { root, cl, state, notices, onStateChange(state, { typing }), onLangChange(lang),
 *   autoplay: false | true | 'visible' (as createPlayground) }.
 * Returns { setState(state, notices), get state(), get output(), update(), animation }; `output` is
 * the computed { shape, data } (null while the state does not compute).
 */
export function createFigure(opts) {
  const { cl } = opts;
  let state = syncShapes(opts.state);
  let result = null;
  let resetAnimation = true; // the next update takes the animation's step from the state
  let shown = false; // a state has computed: the animation has a figure (kept, greyed, while a later one fails)
  const t = (key, params) => translate(state.lang, key, params);

  const notices = createNoticesView({ t });
  const error = h('p', { class: 'general-error', role: 'alert', hidden: true });
  const animView = createAnimationView({
    t,
    lang: () => state.lang,
    cl,
    autoplay: opts.autoplay ?? false,
    controls: false,
    onChange(patch, how = {}) {
      state = { ...state, ...patch };
      if (how.rebuild) animView.show(state, result, { reset: how.reset, now: true });
      else if (how.redraw) animView.redraw(state);
      opts.onStateChange?.(state, { typing: true });
    },
  });
  opts.root.replaceChildren(h('div', { class: 'figure' }, [notices.el, error, animView.el]));

  function applyLang() {
    animView.applyLang();
    notices.applyLang();
    if (result && !result.ok) error.textContent = errorText(t, result.error);
    opts.onLangChange?.(state.lang);
  }

  /** A state in a language not loaded yet shows in English until its strings arrive. */
  function loadStateLang() {
    const lang = state.lang;
    whenLangLoads(lang, () => {
      if (state.lang === lang) applyLang();
    });
  }

  /** Recomputes and redraws; a state that does not compute keeps the last figure, greyed, under its error. */
  function update() {
    state = syncShapes(state);
    result = evaluate(cl, state);
    error.hidden = result.ok;
    error.textContent = result.ok ? '' : errorText(t, result.error);
    if (result.ok) animView.show(state, result, { reset: resetAnimation });
    shown ||= result.ok;
    animView.el.hidden = !shown; // nothing to animate yet: the error alone
    animView.el.classList.toggle('stale', !result.ok);
    resetAnimation = false;
    opts.onStateChange?.(state, { typing: true });
  }

  function setState(s, list = []) {
    state = syncShapes(s);
    resetAnimation = true;
    notices.show(list);
    applyLang();
    update();
    loadStateLang();
  }
  setState(opts.state, opts.notices ?? []);

  return {
    setState,
    get state() {
      return state;
    },
    get output() {
      return outputCopy(result);
    },
    update,
    animation: animationHandle(animView),
  };
}
