// The animation panel: the figure (animation-render.js, drawn as SVG DOM), its transport (play /
// pause, first / back / forward / last, a scrub slider, speed, loop), its settings (transposed view,
// output plane, values) and the export bar (GIF, PNG, SVG, ZIP of PNGs at a chosen width).
// Keyboard (on the figure and the panel's controls): Space play/pause, ← → step, Home / End,
// − / + speed. prefers-reduced-motion: never starts by itself.
// Text only through textContent; the SVG through createElementNS (animation-render.js svgDom).
import { h } from '../views/dom.js';
import { buildAnimation, outputPlanes } from './animation-model.js';
import { describe, LABEL_SIZE, renderFrame, SVG_NS, svgDom } from './animation-render.js';
import { createPlayer, nextSpeed, SPEEDS } from './animation-player.js';
import { baseName, DEFAULT_EXPORT_WIDTH, EXPORT_KINDS, EXPORT_WIDTHS } from './export-names.js';
import { EXPORT_DRAWING } from './export-drawing.js';
import { shapeKey } from '../model/compute.js';
import { planeOp } from '../model/ops.js';

/** Screens this narrow get the stacked figure. */
const NARROW_QUERY = '(max-width: 560px)';
/** The CSS px the figure's labels (LABEL_SIZE SVG units) may shrink to: narrower, and the figure scrolls sideways. */
const MIN_TEXT_PX = 11;

const KIND_KEYS = { gif: 'exportGif', png: 'exportPng', svg: 'exportSvg', zip: 'exportZip' };

/** Transport icons as SVG shapes (16 × 16), not font glyphs that a system may lack. */
const ICONS = {
  first: [['rect', { x: 2, y: 2, width: 2.5, height: 12 }], ['path', { d: 'M14 2 L5 8 L14 14 Z' }]],
  back: [['path', { d: 'M12 2 L3 8 L12 14 Z' }]],
  play: [['path', { d: 'M4 2 L14 8 L4 14 Z' }]],
  pause: [['rect', { x: 3, y: 2, width: 3.5, height: 12 }], ['rect', { x: 9.5, y: 2, width: 3.5, height: 12 }]],
  forward: [['path', { d: 'M4 2 L13 8 L4 14 Z' }]],
  last: [['path', { d: 'M2 2 L11 8 L2 14 Z' }], ['rect', { x: 11.5, y: 2, width: 2.5, height: 12 }]],
};

function icon(doc, name) {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 16 16', width: 16, height: 16, fill: 'currentColor', 'aria-hidden': 'true', class: 'anim-icon' })) svg.setAttribute(k, String(v));
  for (const [tag, attrs] of ICONS[name]) {
    const shape = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, String(v));
    svg.append(shape);
  }
  return svg;
}

/** Whether the reader asked for less motion. */
export function prefersReducedMotion(win = globalThis) {
  return Boolean(win.matchMedia?.('(prefers-reduced-motion: reduce)').matches);
}

/**
 * The animation as the playground and the figure hand it out (app.animation, the widget's
 * `animation`): { play(), pause(), toggle(), seek(step), setControls(on), get playing, get step,
 * get steps, exportFile(kind, { width }) }; setControls(false) leaves the figure and play/pause.
 */
export function animationHandle(view) {
  return {
    play: () => view.play(),
    pause: () => view.pause(),
    toggle: () => view.toggle(),
    seek: (k) => view.seek(k),
    setControls: (on) => view.setControls(on),
    get playing() {
      return view.player.playing;
    },
    get step() {
      return view.player.step;
    },
    get steps() {
      return view.model ? view.player.steps : 0;
    },
    exportFile: (kind, o) => view.exportFile(kind, o),
  };
}

/**
 * opts: { t(key, params), lang(), cl, onChange(patch, { commit }) (animation fields of the state),
 *   autoplay: false | true | 'visible' (start playing now / when first scrolled into view; never
 *   under prefers-reduced-motion), controls: true | false (false: only the figure and play/pause) }.
 * Returns { el, show(state, result, { reset }), applyLang(), play(), pause(), toggle(), seek(k),
 *   setControls(on), player, get model(), exportFile(kind, { width }) }.
 */
export function createAnimationView(opts) {
  const { t } = opts;
  const doc = document;
  let state = null;
  let result = null;
  let model = null;
  let failure = null; // { key, params } when there is nothing to animate
  let rebuildQueued = false;
  let pendingReset = false;
  let userPaused = false;
  let wantPlay = false; // autoplay asked for, waiting for a model (or for the figure to be seen)
  const reduced = prefersReducedMotion();
  const rfCache = { key: null };
  // a phone: the output goes under the input, and the figure never shrinks its text below MIN_TEXT_PX
  const narrow = globalThis.matchMedia?.(NARROW_QUERY) ?? null;
  narrow?.addEventListener?.('change', () => draw());

  const player = createPlayer({
    onStep: () => {
      draw(true);
      if (!player.playing) opts.onChange({ anim_step: player.step }, { commit: false });
    },
    onPlaying: (on) => {
      syncTransport();
      if (!on) opts.onChange({ anim_step: player.step }, { commit: false });
    },
  });

  // ---- parts ------------------------------------------------------------------------------
  const heading = h('h2', { id: 'anim-heading', 'data-i18n': 'animHeading' });
  const message = h('p', { class: 'anim-message', id: 'anim-message', hidden: true });
  const figure = h('figure', { class: 'anim-figure', id: 'anim-figure', tabindex: '0', 'aria-describedby': 'anim-keys' });
  const status = h('p', { class: 'anim-status visually-hidden', id: 'anim-status', 'aria-live': 'polite' });

  const button = (id, key, name, onClick) => h('button', { type: 'button', id, class: 'anim-button', 'data-label': key, on: { click: onClick } }, [icon(doc, name)]);
  const first = button('anim-first', 'animFirst', 'first', () => player.seek(0));
  const back = button('anim-back', 'animBack', 'back', () => player.stepBy(-1));
  const playIcon = h('span', { class: 'anim-symbol' });
  const playButton = h('button', { type: 'button', id: 'anim-play', class: 'anim-button anim-play', on: { click: () => toggle() } }, [
    playIcon, h('span', { class: 'anim-play-text' }),
  ]);
  const forward = button('anim-forward', 'animForward', 'forward', () => player.stepBy(1));
  const last = button('anim-last', 'animLast', 'last', () => player.seek(player.steps - 1));
  const scrub = h('input', { type: 'range', id: 'anim-scrub', class: 'anim-scrub', min: '0', max: '0', step: '1', value: '0' });
  scrub.addEventListener('input', () => player.seek(Number(scrub.value)));
  const counter = h('output', { class: 'anim-counter', id: 'anim-counter', for: 'anim-scrub' });
  const speed = h('select', { id: 'anim-speed', class: 'anim-speed' }, SPEEDS.map((v) => h('option', { value: v, text: `${v}×` })));
  speed.addEventListener('change', () => setSpeed(speed.value));
  const speedLabel = h('label', { for: 'anim-speed', 'data-i18n': 'animSpeed' });
  const loop = h('input', { type: 'checkbox', id: 'anim-loop' });
  loop.addEventListener('change', () => {
    player.setLoop(loop.checked);
    opts.onChange({ anim_loop: loop.checked }, { commit: true });
  });
  const loopLabel = h('label', { for: 'anim-loop', 'data-i18n': 'animLoop' });
  const transport = h('div', { class: 'anim-transport', role: 'group', 'aria-labelledby': 'anim-heading' }, [
    first, back, playButton, forward, last,
    h('span', { class: 'anim-scrub-wrap' }, [scrub, counter]),
  ]);
  const pace = h('div', { class: 'anim-pace' }, [
    h('span', { class: 'anim-field' }, [speedLabel, speed]),
    h('span', { class: 'anim-field anim-check' }, [loop, loopLabel]),
  ]);

  const viewSelect = h('select', { id: 'anim-view' }, ['direct', 'scatter'].map((v) => h('option', { value: v })));
  viewSelect.addEventListener('change', () => opts.onChange({ anim_view: viewSelect.value, anim_step: 0 }, { commit: true, rebuild: true, reset: true }));
  const viewField = h('span', { class: 'anim-field', 'data-anim': 'view' }, [h('label', { for: 'anim-view', 'data-i18n': 'animView' }), viewSelect]);
  const planeSelect = h('select', { id: 'anim-plane' });
  planeSelect.addEventListener('change', () => {
    const [n, c] = planeSelect.value.split(',').map(Number);
    opts.onChange({ anim_batch: n, anim_channel: c, anim_step: 0 }, { commit: true, rebuild: true, reset: true });
  });
  const planeField = h('span', { class: 'anim-field', 'data-anim': 'plane' }, [h('label', { for: 'anim-plane', 'data-i18n': 'animPlane' }), planeSelect]);
  const values = h('input', { type: 'checkbox', id: 'anim-values' });
  values.addEventListener('change', () => opts.onChange({ anim_values: values.checked }, { commit: true, redraw: true }));
  const valuesField = h('span', { class: 'anim-field anim-check' }, [values, h('label', { for: 'anim-values', 'data-i18n': 'animValues' })]);
  const settings = h('div', { class: 'anim-settings' }, [viewField, planeField, valuesField]);

  const keys = h('p', { class: 'anim-keys', id: 'anim-keys', 'data-i18n': 'animKeys' });

  const widthSelect = h('select', { id: 'export-width' }, EXPORT_WIDTHS.map((w) => h('option', { value: String(w), text: String(w) })));
  widthSelect.value = String(DEFAULT_EXPORT_WIDTH);
  const exportStatus = h('p', { class: 'export-status', id: 'export-status', role: 'status' });
  const exportButtons = EXPORT_KINDS.map((kind) => h('button', {
    type: 'button', class: 'export-button', id: `export-${kind}`, 'data-i18n': KIND_KEYS[kind], on: { click: () => exportAndSave(kind) },
  }));
  const exportBar = h('div', { class: 'anim-export', role: 'group', 'aria-labelledby': 'export-heading' }, [
    h('h3', { id: 'export-heading', 'data-i18n': 'exportHeading' }),
    h('span', { class: 'anim-field' }, [h('label', { for: 'export-width', 'data-i18n': 'exportWidth' }), widthSelect]),
    ...exportButtons,
    exportStatus,
  ]);

  const body = h('div', { class: 'anim-body' }, [settings, figure, status, transport, pace, keys, exportBar]);
  const el = h('section', { class: 'anim', id: 'animation', 'aria-labelledby': 'anim-heading' }, [heading, message, body]);

  // ---- keyboard ---------------------------------------------------------------------------
  el.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target;
    const tag = target.tagName;
    if (tag === 'SELECT' || (tag === 'INPUT' && target.type === 'text')) return;
    const isRange = tag === 'INPUT' && target.type === 'range';
    const isButton = tag === 'BUTTON';
    const isCheck = tag === 'INPUT' && target.type === 'checkbox';
    let handled = true;
    switch (e.key) {
      case ' ':
        if (isButton || isCheck) return; // their own action
        toggle();
        break;
      case 'ArrowLeft':
        if (isRange) return; // the slider moves itself
        player.stepBy(-1);
        break;
      case 'ArrowRight':
        if (isRange) return;
        player.stepBy(1);
        break;
      case 'Home':
        if (isRange) return;
        player.seek(0);
        break;
      case 'End':
        if (isRange) return;
        player.seek(player.steps - 1);
        break;
      case '-':
      case '_':
        setSpeed(nextSpeed(player.speed, -1));
        break;
      case '+':
      case '=':
        setSpeed(nextSpeed(player.speed, 1));
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });
  figure.addEventListener('click', () => figure.focus());

  // ---- playing ----------------------------------------------------------------------------
  function toggle() {
    if (player.playing) {
      userPaused = true;
      player.pause();
    } else {
      userPaused = false;
      player.play();
    }
  }

  function setSpeed(v) {
    player.setSpeed(v);
    speed.value = player.speed;
    opts.onChange({ anim_speed: player.speed }, { commit: true });
  }

  function tryAutoplay() {
    if (!wantPlay || !model) return;
    wantPlay = false;
    if (!userPaused) player.play();
  }

  function armAutoplay(mode) {
    if (reduced || !mode) return;
    if (mode === 'visible' && typeof IntersectionObserver === 'function') {
      const observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        wantPlay = true;
        tryAutoplay();
      }, { threshold: 0.25 });
      observer.observe(figure);
    } else {
      wantPlay = true;
    }
  }

  // ---- drawing ----------------------------------------------------------------------------
  function frameOpts() {
    return {
      t, lang: opts.lang(), values: state.anim_values, title: describe(model), stacked: Boolean(narrow?.matches),
    };
  }

  /** Draws the current step; `announce`: also say it in the live region (steps taken by hand). */
  function draw(announce = false) {
    if (!model) return;
    const k = player.step;
    const tree = renderFrame(model, k, frameOpts());
    const svg = svgDom(tree, doc);
    svg.setAttribute('class', 'anim-svg');
    svg.style.minWidth = `${Math.ceil((Number(tree.a.width) * MIN_TEXT_PX) / LABEL_SIZE)}px`;
    svg.setAttribute('aria-hidden', 'true');
    figure.replaceChildren(svg);
    const stepText = tree.c[0].text;
    figure.setAttribute('aria-label', t('animFigureLabel', { status: stepText }));
    scrub.value = String(k);
    counter.textContent = `${k + 1} / ${player.steps}`;
    scrub.setAttribute('aria-valuetext', counter.textContent);
    // steps taken by hand are announced, not every tick while playing
    if (player.playing) status.textContent = '';
    else if (announce) status.textContent = `${t('animStepOf', { k: k + 1, n: player.steps, cell: cellOf(model, k) })} ${model.steps[k].text}`;
  }

  function cellOf(m, k) {
    const s = m.steps[k];
    return s.out ? `output[${m.n}, ${m.c}, ${s.out.r}, ${s.out.c}]` : `input[${m.n}, ${m.channels[s.in.plane]}, ${s.in.r}, ${s.in.c}]`;
  }

  function syncTransport() {
    const playing = player.playing;
    playIcon.replaceChildren(icon(doc, playing ? 'pause' : 'play'));
    playButton.querySelector('.anim-play-text').textContent = t(playing ? 'animPause' : 'animPlay');
    playButton.setAttribute('aria-pressed', String(playing));
    el.classList.toggle('playing', playing);
    if (!playing && model) draw(true); // where it stopped
  }

  function rebuild(reset) {
    if (!state) return;
    failure = null;
    model = null;
    if (!result || !result.ok) failure = { key: 'animUnavailable', params: {} };
    else {
      const planes = outputPlanes(result);
      const key = `${shapeKey(state)}|${state.anim_batch}|${state.anim_channel}|${state.anim_view}`;
      const built = (opts.build ?? buildAnimation)(opts.cl, state, result, {
        view: state.anim_view, batch: state.anim_batch, channel: state.anim_channel, cache: rfCache, cacheKey: key,
      });
      if (built.ok) model = built.model;
      else failure = { key: built.key, params: built.params };
      planeField.hidden = planes.length <= 1;
      if (planes.length > 1) {
        const want = planes.map(([n, c]) => `${n},${c}`);
        const same = planeSelect.options.length === want.length
          && [...planeSelect.options].every((o, i) => o.value === want[i]);
        if (!same) {
          planeSelect.replaceChildren(...planes.map(([n, c]) => h('option', { value: `${n},${c}`, text: `output[${n}, ${c}]` })));
        }
        if (model) planeSelect.value = `${model.n},${model.c}`;
      }
    }
    viewField.hidden = planeOp(state.op) !== 'convTranspose2d';
    viewSelect.value = state.anim_view;
    values.checked = state.anim_values;
    loop.checked = state.anim_loop;
    speed.value = state.anim_speed;
    player.setLoop(state.anim_loop);
    player.setSpeed(state.anim_speed);
    message.hidden = !failure;
    message.textContent = failure ? t(failure.key, failure.params) : '';
    body.hidden = Boolean(failure);
    if (!model) {
      player.pause();
      figure.replaceChildren();
      delete figure.dataset.name;
      return;
    }
    const steps = model.steps.length;
    scrub.max = String(steps - 1);
    player.setSteps(steps);
    if (reset) player.step = Math.min(state.anim_step, steps - 1);
    for (const b of exportButtons) b.disabled = false;
    figure.dataset.name = baseName(model); // what is shown (tests wait for it)
    draw();
    tryAutoplay();
  }

  // ---- export -----------------------------------------------------------------------------
  let exporting = false;
  // the encoders load on the first export (import(): not part of what a page loads up front)
  const exporters = () => Promise.all([import('./export.js'), import('./export-raster.js')]);
  /** @param {string} kind @param {{ width?: number }} [size] */
  async function exportFile(kind, { width } = {}) {
    if (!model) throw new Error('nothing to export');
    const what = {
      model, step: player.step, t, lang: opts.lang(), values: state.anim_values,
      width: width ?? Number(widthSelect.value), speed: player.speed, loop: player.loop,
    }; // taken now: the figure may change while the encoders load
    const [{ makeExport }, { canvasRaster }] = await exporters();
    return makeExport(kind, {
      ...what,
      drawing: EXPORT_DRAWING,
      raster: canvasRaster(doc),
      onProgress: (k, n) => {
        exportStatus.textContent = `${t('exportBusy', { name: kind.toUpperCase() })} ${k}/${n}`;
      },
    });
  }

  async function exportAndSave(kind) {
    if (exporting || !model) return;
    exporting = true;
    for (const b of exportButtons) b.disabled = true;
    exportStatus.textContent = t('exportBusy', { name: kind.toUpperCase() });
    try {
      const file = await exportFile(kind);
      const [, { download }] = await exporters();
      download(doc, el, file);
      exportStatus.textContent = t('exportDone', { name: file.name, size: (file.bytes.length / 1024).toFixed(1) });
    } catch (err) {
      exportStatus.textContent = t('exportFailed', { message: err?.message ?? String(err) });
    } finally {
      exporting = false;
      for (const b of exportButtons) b.disabled = false;
    }
  }

  // ---- api --------------------------------------------------------------------------------
  function applyLang() {
    for (const node of el.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const b of [first, back, forward, last]) {
      const label = t(b.dataset.label);
      b.setAttribute('aria-label', label);
      b.title = label;
    }
    scrub.setAttribute('aria-label', t('animScrub'));
    viewSelect.options[0].textContent = t('animViewDirect');
    viewSelect.options[1].textContent = t('animViewScatter');
    syncTransport();
    if (failure) message.textContent = t(failure.key, failure.params);
    if (model) draw();
  }

  let controlsOn = opts.controls !== false;
  function setControls(on) {
    controlsOn = on;
    el.classList.toggle('figure-only', !on);
    for (const node of [settings, pace, keys, exportBar, first, back, forward, last, scrub.parentElement]) {
      node.hidden = !on;
    }
  }

  setControls(controlsOn);
  armAutoplay(opts.autoplay);

  return {
    el,
    /**
     * Shows a state and its result; `reset` takes the step from the state (a new URL or preset).
     * The figure follows in a task of its own (`now`: at once), so an edit repaints the grids first.
     */
    show(s, r, { reset = false, now = false } = {}) {
      state = s;
      result = r;
      pendingReset ||= reset;
      const flush = () => {
        rebuildQueued = false;
        const wasReset = pendingReset;
        pendingReset = false;
        rebuild(wasReset);
      };
      if (now) flush();
      else if (!rebuildQueued) {
        rebuildQueued = true;
        setTimeout(() => {
          if (rebuildQueued) flush();
        }, 0);
      }
    },
    /** Redraws with the state's display options (values on/off, language). */
    redraw(s) {
      state = s;
      if (model) draw();
    },
    applyLang,
    play() {
      userPaused = false;
      player.play();
    },
    pause() {
      userPaused = true;
      player.pause();
    },
    toggle,
    seek: (k) => player.seek(k),
    setControls,
    get controls() {
      return controlsOn;
    },
    player,
    get model() {
      return model;
    },
    exportFile,
  };
}
