// The playground's animation (animation-view.js) inside a page panel: the same figure, transport, keys and
// settings, for a state the panel makes (the backward panel's transposed convolution). The panel's copy keeps
// its animation fields to itself (not the page's state or URL), has ids of its own (the page's animation keeps
// anim-…), a heading at the panel's level and no export bar. The page hands it to the backward panel
// (web/main.js), so views/ stays below animation/ and a <conv-lens> figure never loads it.
import { h } from '../views/dom.js';
import { createAnimationView } from './animation-view.js';
import { field } from '../model/state.js';

const ANIM_DEFAULTS = Object.fromEntries(['anim_view', 'anim_batch', 'anim_channel', 'anim_step', 'anim_speed', 'anim_loop',
  'anim_values'].map((name) => [name, field(name).def]));
const ID_REFS = ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls'];

/**
 * opts: { t(key, params), lang(), cl, prefix (of its ids), headingKey (i18n key of its heading), headingTag,
 *   onFrame(model, step) (after every drawn frame: a step taken, played, sought, or a rebuild) }.
 * Returns { el, show(state, result, { reset }) (the state's own animation fields are replaced by the panel's),
 *   fields (the panel's animation fields), set(patch, { reset }) (e.g. the plane, then rebuilt), seek(k), pause(),
 *   applyLang(), view (animation-view.js's) }.
 */
export function createPanelAnimation(opts) {
  let fields = { ...ANIM_DEFAULTS };
  let state = null;
  let result = null;
  const view = createAnimationView({
    t: opts.t,
    lang: opts.lang,
    cl: opts.cl,
    autoplay: false,
    onChange(patch, how = {}) {
      fields = { ...fields, ...patch };
      if (!state) return;
      state = { ...state, ...patch };
      if (how.rebuild) view.show(state, result, { reset: how.reset, now: true });
      else if (how.redraw) view.redraw(state);
    },
  });
  const { el } = view;
  for (const node of [el, ...el.querySelectorAll('[id]')]) node.id = `${opts.prefix}${node.id}`;
  for (const name of ID_REFS) {
    for (const node of [el, ...el.querySelectorAll(`[${name}]`)].filter((n) => n.hasAttribute(name))) {
      node.setAttribute(name, node.getAttribute(name).split(' ').map((id) => `${opts.prefix}${id}`).join(' '));
    }
  }
  const oldHeading = el.querySelector('[data-i18n="animHeading"]');
  oldHeading.replaceWith(h(opts.headingTag, { id: oldHeading.id, 'data-i18n': opts.headingKey }));
  el.querySelector('.anim-export').hidden = true;
  el.classList.add('panel-anim');

  // the figure is redrawn for every frame: the panel follows it
  const figure = el.querySelector('figure');
  const follow = () => view.model && opts.onFrame(view.model, view.player.step);
  new MutationObserver(follow).observe(figure, { childList: true });

  return {
    el,
    view,
    get fields() {
      return fields;
    },
    show(s, r, { reset = false } = {}) {
      state = { ...s, ...fields };
      result = r;
      view.show(state, result, { reset, now: true });
    },
    set(patch, { reset = true } = {}) {
      fields = { ...fields, ...patch };
      if (state) this.show(state, result, { reset });
    },
    seek: (k) => view.seek(k),
    pause: () => view.pause(),
    applyLang: () => view.applyLang(),
  };
}
