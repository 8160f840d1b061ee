// <conv-lens>: the playground (web/ui/app.js) as a custom element for blog posts. One
//   <script type="module" src=".../conv-lens.js"></script>
//   <conv-lens state="op=conv2d&stride=2&input=1x1x5x5:…"></conv-lens>
// and the figure is live and computed by convlens, exactly as PyTorch computes it.
// - `state` is the playground's URL hash (web/ui/model/state.js parses it as untrusted text); `controls`,
//   `editable`, `autoplay`, `lang`, `theme` are read by options.js into closed sets of values.
// - Shadow DOM: the styles are constructed stylesheets shared by every widget (adoptedStyleSheets; their text is
//   in the bundle, so no bundler leaves it behind and a strict style-src 'self' allows it): the figure's rules
//   (stylesheet.js) up front, the editors' (editor-stylesheet.js) with app.js; or,
//   where the engine cannot adopt sheets, a <link> to conv-lens.css next to this script. Reset at the widget's
//   root so that nothing the host page inherits or sets leaks in; nothing the widget sets leaks out.
// - Every <conv-lens> on a page, and the page's own load(), share ONE wasm instance: load()'s shared one.
// - What loads: a figure (no `controls`) is web/ui/figure.js, in this module; the playground's
//   editors (web/ui/app.js) load with import() when `controls` first asks for them, and 简体中文
//   strings when `lang` (or the state) does.
// - The element's children are its fallback: shown by the browser where no script runs, and
//   through a <slot> when convlens cannot load; hidden otherwise.
// - Events (on the element, not bubbling): conv-lens-ready, conv-lens-error { message },
//   conv-lens-change { state } (after a reader's edit; `state` is the serialized hash).
import { load } from '../convlens/browser.js';
import { createFigure } from '../ui/figure.js';
import { parseHash, serializeHash } from '../ui/model/state.js';
import { LANG_TAGS, loadLang, t } from '../ui/i18n/i18n.js';
import { h } from '../ui/views/dom.js';
import { ATTRIBUTES, readOptions } from './options.js';
import { WIDGET_CSS } from './stylesheet.js';

/** The stylesheet next to this module (the build writes it as conv-lens.css): the fallback to adopting WIDGET_CSS. */
const STYLESHEET_URL = new URL('./conv-lens.css', import.meta.url).href;

let constructed; // the one CSSStyleSheet every widget adopts; null where it cannot be made

/** The widget's constructed stylesheet, made on first use; null without WIDGET_CSS or constructable stylesheets. */
function widgetSheet() {
  if (constructed !== undefined) return constructed;
  constructed = null;
  if (WIDGET_CSS && 'adoptedStyleSheets' in ShadowRoot.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(WIDGET_CSS);
      constructed = sheet;
    } catch {
      // an engine that has the API but refuses the sheet: link the file instead
    }
  }
  return constructed;
}

let playground = null;
let editorSheet = null; // the editors' constructed stylesheet, once app.js has loaded (with a constructed figure sheet)

/**
 * web/ui/app.js's createPlayground and the editors' stylesheet, loaded on first use (a failed load is retried by the
 * next caller).
 */
function loadPlayground() {
  playground ??= Promise.all([import('../ui/app.js'), import('./editor-stylesheet.js')]).then(([app, css]) => {
    if (widgetSheet() && css.EDITOR_CSS) {
      editorSheet = new CSSStyleSheet();
      editorSheet.replaceSync(css.EDITOR_CSS);
    }
    return app.createPlayground;
  }, (e) => {
    playground = null;
    throw e;
  });
  return playground;
}

/** The page's one convlens module: load()'s shared instance (a failed load is retried by the next caller). */
export function sharedConvlens() {
  return load();
}

const darkQuery = globalThis.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
const Base = globalThis.HTMLElement ?? class {}; // importable (not usable) where there is no DOM

/** The custom element; see the file comment. `state` property: the current state as a hash string. */
export class ConvLensElement extends Base {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #shadow;
  #root; // .cl-root: reset, palette, container for the width queries
  #status;
  #fallback; // <slot>: the element's children, shown when convlens cannot load
  #mountEl;
  #cl = null;
  #app = null;
  #mountKey = null; // the options a mount depends on
  #mounting = 0; // counts mounts; one waiting for app.js is dropped when a later one starts
  #pending = null; // { state, notices } of a mount waiting for app.js
  #options = null;
  #changed = new Set();
  #queued = false;
  #loading = false;
  #failed = null;
  #announced = false; // ready resolved, conv-lens-ready sent (after the first mount)
  #styled; // settles when the stylesheet has loaded (or failed to)
  #resolveReady;
  #rejectReady;
  #onScheme; // re-resolves theme="auto" when the reader's colour scheme changes
  #langOf = null; // { text, lang }: the last state text #stateLang parsed
  /** Resolves with the element once it shows its first output, styled; rejects if convlens cannot load. */
  ready;

  constructor() {
    super();
    this.ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {}); // the conv-lens-error event reports it; no unhandled rejection
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#status = h('p', { class: 'cl-status', role: 'status' });
    // the element's own children: shown instead of the widget where it cannot run (no script at all:
    // the browser shows them, having no shadow root to render; convlens failing to load: this slot)
    this.#fallback = h('slot', { class: 'cl-fallback', hidden: true });
    this.#mountEl = h('div', { class: 'cl-app' });
    this.#root = h('div', { class: 'cl-root', 'data-theme': 'light', hidden: true }, [this.#status, this.#fallback, this.#mountEl]);
    this.#styled = this.#style();
    this.#styled.catch(() => {}); // #create reports it
    this.#shadow.append(this.#root);
    this.#onScheme = () => this.#applyLook();
  }

  /**
   * Styles the shadow root: adopts the shared constructed sheet (at once), else links conv-lens.css. Resolves
   * when styled; rejects, naming the URL, when the linked sheet cannot load (the root then shows unstyled, with
   * the error).
   */
  #style() {
    const sheet = widgetSheet();
    if (sheet) {
      this.#shadow.adoptedStyleSheets = [sheet];
      this.#root.hidden = false;
      return Promise.resolve();
    }
    const link = h('link', { rel: 'stylesheet', href: STYLESHEET_URL });
    this.#shadow.prepend(link);
    return new Promise((resolve, reject) => {
      link.addEventListener('load', () => {
        this.#root.hidden = false;
        resolve();
      });
      link.addEventListener('error', () => {
        this.#root.hidden = false; // unstyled, to say why (#create reports it)
        reject(new Error(`the widget's stylesheet ${STYLESHEET_URL} could not be loaded`));
      });
    });
  }

  connectedCallback() {
    darkQuery?.addEventListener?.('change', this.#onScheme);
    this.#queue('connect');
  }

  disconnectedCallback() {
    darkQuery?.removeEventListener?.('change', this.#onScheme);
  }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue !== value) this.#queue(name);
  }

  /** The current state as the playground's URL hash (the reader's edits included). */
  get state() {
    return this.#app ? serializeHash(this.#app.state) : (this.getAttribute('state') ?? '');
  }

  set state(value) {
    this.setAttribute('state', String(value));
  }

  /**
   * The sliding-window animation ({ play(), pause(), seek(step), playing, step, steps, … };
   * web/ui/animation/animation-view.js), once shown.
   */
  get animation() {
    return this.#app?.animation ?? null;
  }

  /**
   * The output shown, { shape, data: Float32Array } (a copy); null before the first output or while the state does
   * not compute.
   */
  get output() {
    return this.#app?.output ?? null;
  }

  // Attribute changes of one task (the parser sets them one by one) are applied together.
  #queue(what) {
    this.#changed.add(what);
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#render();
    });
  }

  #render() {
    if (!this.isConnected) return;
    this.#options = readOptions((name) => this.getAttribute(name));
    const o = this.#options;
    this.#applyLook();
    if (!this.#cl) {
      this.#start();
      return;
    }
    const changed = this.#changed;
    this.#changed = new Set();
    const key = JSON.stringify([o.editable, o.autoplay, o.controls.figure, o.controls.parts, o.controls.fields]);
    if (!this.#app || this.#pending || key !== this.#mountKey) {
      // a new mount keeps the reader's edits (or the state a waiting mount was given) unless the state itself changed
      const current = this.#pending ?? (this.#app ? { state: this.#app.state, notices: [] } : null);
      const keep = current && !changed.has('state') ? { state: this.#withLang(current.state, o), notices: current.notices } : null;
      this.#mount(o, key, keep ?? this.#parse(o));
    } else if (changed.has('state')) {
      const { state, notices } = this.#parse(o);
      this.#app.setState(state, notices);
    } else if (changed.has('lang')) {
      const lang = o.lang ?? this.#stateLang(o.state);
      if (lang !== this.#app.state.lang) this.#app.setState({ ...this.#app.state, lang });
    }
    this.#markFields();
  }

  #start() {
    if (this.#loading || this.#failed) return;
    this.#loading = true;
    this.#status.textContent = t(this.#lang(), 'loading');
    // the editors, when asked for, load alongside the wasm rather than after it (#mount awaits the same promise)
    if (!this.#options.controls.figure) loadPlayground().catch(() => {});
    Promise.all([sharedConvlens(), loadLang(this.#lang())]).then(([cl]) => {
      this.#cl = cl;
      this.#loading = false;
      this.#status.textContent = '';
      this.#status.hidden = true;
      this.#render();
    }, (err) => {
      this.#loading = false;
      this.#failed = err;
      this.#fail(err);
    });
  }

  /**
   * Says that convlens (or a part of the widget) could not load: as conv-lens-error, and in the
   * status line, or, when nothing is shown yet and the page gave the element children (a fallback),
   * by showing those instead.
   */
  #fail(err) {
    const message = err?.message ?? String(err);
    const fallback = !this.#app && this.#fallback.assignedNodes().some((n) => n.nodeType === 1 || n.textContent.trim() !== '');
    this.#fallback.hidden = !fallback;
    this.#status.hidden = fallback;
    this.#status.textContent = t(this.#lang(), 'loadFailed', { message });
    this.#status.classList.add('error');
    this.#rejectReady(err);
    this.dispatchEvent(new CustomEvent('conv-lens-error', { detail: { message } }));
  }

  #lang() {
    return this.#options?.lang ?? this.#stateLang(this.#options?.state ?? '');
  }

  /** The language a state names; parsed once per state text (it may be a long, hostile hash). */
  #stateLang(text) {
    if (this.#langOf?.text !== text) this.#langOf = { text, lang: parseHash(text).state.lang };
    return this.#langOf.lang;
  }

  #withLang(state, o) {
    return o.lang ? { ...state, lang: o.lang } : state;
  }

  #parse(o) {
    const r = parseHash(o.state);
    this.#langOf = { text: o.state, lang: r.state.lang };
    return { state: this.#withLang(r.state, o), notices: r.notices };
  }

  /** A figure mounts now; the playground once app.js has loaded (unless a later mount came first). */
  #mount(o, key, first) {
    const mount = ++this.#mounting;
    this.#mountKey = key;
    if (o.controls.figure) {
      this.#pending = null;
      this.#create(createFigure, o, first);
      return;
    }
    this.#pending = first;
    loadPlayground().then((createPlayground) => {
      if (mount !== this.#mounting) return;
      this.#pending = null;
      if (editorSheet && !this.#shadow.adoptedStyleSheets.includes(editorSheet)) {
        this.#shadow.adoptedStyleSheets = [...this.#shadow.adoptedStyleSheets, editorSheet];
      }
      this.#create(createPlayground, o, first);
      this.#markFields();
    }, (err) => {
      if (mount === this.#mounting) this.#fail(err);
    });
  }

  #create(create, o, first) {
    this.#status.hidden = true; // a part that failed to load before has loaded now
    this.#status.classList.remove('error');
    this.#fallback.hidden = true;
    this.#app?.destroy?.();
    let mounted = false;
    this.#app = create({
      root: this.#mountEl,
      cl: this.#cl,
      state: first.state,
      notices: first.notices,
      editable: o.editable,
      autoplay: o.autoplay ? 'visible' : false, // starts when scrolled into view (never under reduced motion)
      onStateChange: (s) => {
        if (!mounted) return;
        this.dispatchEvent(new CustomEvent('conv-lens-change', { detail: { get state() { return serializeHash(s); } } }));
      },
      onLangChange: (lang) => {
        this.#root.lang = LANG_TAGS[lang] ?? 'en';
      },
    });
    mounted = true;
    if (!this.#announced) {
      this.#announced = true;
      // ready = the first output shown and styled: its size is the real one (embed.js posts it); never unstyled
      this.#styled.then(() => {
        this.#resolveReady(this);
        this.dispatchEvent(new CustomEvent('conv-lens-ready'));
      }, (err) => this.#fail(err));
    }
  }

  /** Theme and the parts shown: attributes on .cl-root that widget.css keys off (closed sets only). */
  #applyLook() {
    const o = this.#options;
    if (!o) return;
    const theme = o.theme === 'auto' ? (darkQuery?.matches ? 'dark' : 'light') : o.theme;
    this.#root.dataset.theme = theme;
    this.#root.dataset.show = o.controls.parts.join(' ');
    this.#root.toggleAttribute('data-pick', o.controls.fields.length > 0);
    this.#root.toggleAttribute('data-editable', o.editable);
    this.#root.toggleAttribute('data-figure', o.controls.figure);
    const side = o.controls.fields.length > 0 || o.controls.parts.some((p) => p === 'fields' || p === 'presets');
    this.#root.toggleAttribute('data-side', side); // the playground's side column (controls, presets)
    // controls="stride padding" alone: a compact embed, the picked controls, the figure and the output only
    this.#root.toggleAttribute('data-compact', o.controls.parts.length === 0 && o.controls.fields.length > 0 && !o.editable);
  }

  /**
   * With single controls picked (controls="stride padding"), marks the ones to show. The playground's landmarks
   * (named sections, the aside) become groups or plain boxes: in a post the widget is one figure, and several
   * widgets on a page would repeat the page's landmarks (Input, Output, …).
   */
  #markFields() {
    const picks = this.#options.controls.fields;
    for (const el of this.#mountEl.querySelectorAll('.field[data-field]')) {
      el.toggleAttribute('data-cl-pick', picks.includes(el.dataset.field));
    }
    for (const el of this.#mountEl.querySelectorAll('section')) el.setAttribute('role', 'group');
    for (const el of this.#mountEl.querySelectorAll('aside')) el.setAttribute('role', 'none'); // no name: a plain box
  }
}

if (globalThis.customElements && !customElements.get('conv-lens')) {
  customElements.define('conv-lens', ConvLensElement);
}
