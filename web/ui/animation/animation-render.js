// Draws one frame of an animation model (animation-model.js) as SVG: the one renderer for the
// screen (svgDom), the SVG export (svg-text.js's svgString) and, rasterised through a canvas, the PNG
// and GIF exports. Pure (no DOM of its own: svgDom takes the document). conv_arithmetic's look: input
// blue, padding white and dashed, the kernel footprint dark blue (dilation gaps visible), the
// output cyan filling in; values in the cells when they fit; the step's arithmetic below.
// Colours are fixed (a white "paper" in light and dark themes alike) so every export of a state is
// the same picture; they are listed in PALETTE, which the GIF encoder's palette is built from.
import { formatValue } from '../model/numbers.js';
import { OP_TABLE, planeOp, poolKind, pythonValue } from '../model/ops.js';
import { CELL, scatterSums } from './animation-model.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Every colour the figure uses (light; the exports keep them). On screen in the dark scheme,
 * web/style.css maps each to a dark counterpart (tests/js/ui-animation-render.test.mjs checks it).
 */
export const PALETTE = Object.freeze({
  paper: '#ffffff',
  ink: '#14212e',
  muted: '#4d5b69',
  inFill: '#a6cee3',
  inStroke: '#1f5f8b',
  padStroke: '#7d8fa3',
  opadFill: '#fff3c4',
  opadStroke: '#a8861d',
  overFill: '#eceff2',
  overStroke: '#9aa5b1',
  cropFill: '#f1f3f5',
  cropStroke: '#b3bcc6',
  kernelFill: '#1f6fb2',
  kernelSoftFill: '#a9c9ea',
  kernelStroke: '#0b3a63',
  outTodoStroke: '#7fc8cc',
  outDoneFill: '#8fe0e4',
  outDoneStroke: '#1b8a93',
  outCurFill: '#0b7a84',
  outCurStroke: '#06484e',
  winner: '#e8590c',
  ghost: '#c2255c',
  white: '#ffffff',
});

/** Layout constants (SVG user units; the exports scale the whole figure). */
const L = Object.freeze({
  cell: 40, margin: 16, planeGap: 20, midGap: 48, label: 22, line: 20, mono: 14, sans: 13, title: 15,
});
/** The size of the figure's smallest labels and notes (SVG units). */
export const LABEL_SIZE = L.sans;
/** The narrowest figure (SVG units): side by side, and stacked (for a phone). */
const MIN_WIDTH = 440;
const MIN_WIDTH_STACKED = 300;
const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const SANS = "system-ui, 'DejaVu Sans', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

// ---------------------------------------------------------------------------------------------
// A tiny element tree, turned into DOM nodes (screen) or a string (exports: svg-text.js)
// ---------------------------------------------------------------------------------------------

const el = (tag, a = {}, c = []) => ({ tag, a, c });
const text = (a, s) => ({ tag: 'text', a, text: s });

/** The tree as SVG DOM nodes of `doc` (text through textContent only). */
export function svgDom(node, doc) {
  const n = doc.createElementNS(SVG_NS, node.tag);
  for (const [k, v] of Object.entries(node.a)) if (k !== 'xmlns') n.setAttribute(k, String(v));
  if (node.text !== undefined) n.textContent = node.text;
  else for (const ch of node.c) n.append(svgDom(ch, doc));
  return n;
}

// ---------------------------------------------------------------------------------------------
// Text measuring and wrapping (estimates: the figure's size must not depend on fonts)
// ---------------------------------------------------------------------------------------------

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

const CLOSING = /^[。，、；：！？）」』】》〉.,;:!?)\]]/;

// Sans-serif advance widths (em) by character class, at least as wide as DejaVu Sans's (the widest
// of the usual UI fonts, and the one Linux falls back to): an estimate never shorter than drawn
/** @type {[RegExp, number][]} */
const SANS_EM = [[/[ ijlIJ'.,:;|!’·/\\]/, 0.4], [/[ft()[\]r\-_*"`]/, 0.5], [/[mwMW%@…■]/, 1], [/[a-z0-9?${}]/, 0.64], [/[A-Z×−∞+=<>~#→^&]/, 0.85]];

/**
 * Estimated width of `s` at font size `size`: an upper bound of the drawn width (monospace 0.61
 * em per character; sans-serif per character class, see above; CJK and anything else 1 em).
 */
export function textWidth(s, size, mono = false) {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 1 : mono ? 0.61 : SANS_EM.find(([re]) => re.test(ch))?.[1] ?? 1;
  return w * size;
}

/**
 * Breaks `s` into lines no wider than `width`, at spaces (CJK text anywhere). No line starts with
 * closing punctuation: where it would, the character before it goes down with it.
 */
export function wrap(s, width, size, mono = false) {
  const lines = [];
  let line = []; // the tokens of the line being filled
  const fits = (tokens) => textWidth(tokens.join('').trimEnd(), size, mono) <= width;
  const tokens = s.match(/[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|[\u2e80-\u9fff\uff00-\uffef]\s*|\s+/g) ?? [];
  for (const tok of tokens) {
    if (!line.length && /^\s+$/.test(tok)) continue;
    if (!line.length || fits([...line, tok])) {
      line.push(tok);
      continue;
    }
    // a closing mark takes the token before it to the next line (unless that would leave nothing)
    const carried = CLOSING.test(tok) && line.length > 1 ? [line.pop()] : [];
    lines.push(line.join('').trimEnd());
    line = [...carried, tok];
  }
  if (line.join('').trim()) lines.push(line.join('').trimEnd());
  return lines.length ? lines : [''];
}

/** The font size at which `s` fits `room` wide (at most `max`); 0 when it would be below `min`. */
function fitSize(s, room, max, min) {
  const w = textWidth(s, 1, true);
  const size = Math.min(max, room / Math.max(w, 0.01));
  return size >= min ? Math.round(size * 10) / 10 : 0;
}

// ---------------------------------------------------------------------------------------------
// Texts of a model (the same for every frame)
// ---------------------------------------------------------------------------------------------

function argText([a, b]) {
  return a === b ? String(a) : `(${a}, ${b})`;
}

/** The axes a model's arguments are read from: a 1-D op's one axis (L) twice, so each pair is one int. */
export function modelAxes(model) {
  return OP_TABLE[model.op].dims === 1 ? [model.axes[1], model.axes[1]] : model.axes;
}

/** "Conv2d(kernel_size=3, stride=2, padding=1, dilation=1): 6×6 → 3×3" for a model. */
export function describe(model) {
  const [ay, ax] = modelAxes(model);
  const o = model.options;
  const [, , H, W] = model.inShape;
  const [, , Ho, Wo] = model.outShape;
  const sizes = OP_TABLE[model.op].dims === 1 ? `: ${W} → ${Wo}` : `: ${H}×${W} → ${Ho}×${Wo}`;
  const module = OP_TABLE[model.op].module;
  if (model.op.startsWith('adaptive')) return `${module}(output_size=${pythonValue(o.output_size)})${sizes}`;
  /** @type {(key: string) => [number, number]} */
  const pairOf = (key) => [ay[key], ax[key]];
  const args = [`kernel_size=${argText(pairOf('kernel'))}`, `stride=${argText(pairOf('stride'))}`];
  if (planeOp(model.op) === 'lpPool2d') args.unshift(`norm_type=${pythonValue(o.norm_type)}`);
  /** @type {[[number, number], [number, number]]} */
  const pad = [ay.padding, ax.padding];
  if (planeOp(model.op) !== 'lpPool2d') args.push(`padding=${pad.every((p) => p[0] === p[1]) ? argText([pad[0][0], pad[1][0]]) : `((${pad[0].join(', ')}), (${pad[1].join(', ')}))`}`);
  if (planeOp(model.op) === 'convTranspose2d') args.push(`output_padding=${argText([ay.outputPadding ?? 0, ax.outputPadding ?? 0])}`);
  if (!['avgPool2d', 'lpPool2d', 'maxUnpool2d'].includes(planeOp(model.op))) args.push(`dilation=${argText(pairOf('dilation'))}`);
  if (planeOp(model.op) === 'conv2d' && o.padding_mode !== 'zeros') args.push(`padding_mode='${o.padding_mode}'`);
  if (['conv2d', 'convTranspose2d'].includes(planeOp(model.op)) && o.groups !== 1) args.push(`groups=${o.groups}`);
  if (poolKind(model.op)) args.push(`ceil_mode=${o.ceil_mode ? 'True' : 'False'}`);
  if (planeOp(model.op) === 'avgPool2d' && !o.count_include_pad) args.push('count_include_pad=False');
  if (planeOp(model.op) === 'avgPool2d' && o.divisor_override !== null) args.push(`divisor_override=${o.divisor_override}`);
  return `${module}(${args.join(', ')})${sizes}`;
}

/** The subtitle (i18n key and params): how the picture is to be read. */
function subtitle(model) {
  const [ay, ax] = modelAxes(model);
  const both = (f) => argText([f(ay), f(ax)]);
  if (planeOp(model.op) === 'convTranspose2d' && model.view === 'direct') {
    return {
      key: 'animSubDirect',
      params: {
        zeros: both((a) => a.stride - 1),
        padding: both((a) => a.dilation * (a.kernel - 1) - a.padding[0]),
        outputPadding: both((a) => a.outputPadding ?? 0),
      },
    };
  }
  if (planeOp(model.op) === 'convTranspose2d') return { key: 'animSubScatter', params: { padding: both((a) => a.padding[0]) } };
  if (model.groups > 1 || model.channels.length > 1) {
    const ch = model.channels;
    const params = { c: model.c, from: ch[0], to: ch[ch.length - 1], group: model.group, groups: model.groups };
    return { key: ch.length === 1 ? 'animSubGroupOne' : 'animSubGroup', params };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Layout (per model, width and options; the same for every frame, so GIF frames line up)
// ---------------------------------------------------------------------------------------------

const layouts = new WeakMap();

function layoutOf(model, opts) {
  const key = `${opts.values}|${opts.lang}|${opts.title ?? ''}|${opts.stacked ? 1 : 0}`;
  let byKey = layouts.get(model);
  if (!byKey) layouts.set(model, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key);
  const { cell, margin, planeGap, midGap, label, line } = L;
  const ig = model.inGrid;
  const og = model.outGrid;
  const planes = model.channels.length;
  const t = opts.t;
  // each grid's column is as wide as its caption ("output[0, 0] · 2×2"), so no caption crosses
  // into the next grid or past the figure's border
  const inLabels = model.channels.map((ci) => inputCaption(model, ci, t));
  const planeW = Math.max(ig.cols * cell, ...inLabels.map((s) => textWidth(s, L.sans) + 4));
  const outColW = Math.max(og.cols * cell, textWidth(outputCaption(model), L.sans) + 4);
  const inW = planes * planeW + (planes - 1) * planeGap;
  // side by side; stacked (the output under the input) for a narrow screen
  const stacked = Boolean(opts.stacked);
  const gridsW = stacked ? Math.max(inW, outColW) : inW + midGap + outColW;
  const width = Math.ceil(Math.max(gridsW + 2 * margin, stacked ? MIN_WIDTH_STACKED : MIN_WIDTH));
  const textW = width - 2 * margin;
  const x0 = margin + (textW - gridsW) / 2;
  const titleLines = wrap(opts.title ?? '', textW, L.title, true);
  const sub = subtitle(model);
  const subLines = sub ? wrap(t(sub.key, sub.params), textW, L.sans) : [];
  let formulaLines = 0;
  let noteLines = 0;
  for (const step of model.steps) {
    if (opts.values) formulaLines = Math.max(formulaLines, wrap(step.text, textW, L.mono, true).length);
    noteLines = Math.max(noteLines, step.notes.reduce((a, n) => a + wrap(t(n.key, n.params), textW, L.sans).length, 0));
  }
  /** @type {number} */
  let y = margin;
  const titleY = y + L.title;
  y += titleLines.length * line + (subLines.length ? subLines.length * line : 0) + 6;
  const gridsTop = y + label;
  const outTop = stacked ? gridsTop + ig.rows * cell + 18 + label : gridsTop;
  y = stacked ? outTop + og.rows * cell + 18 : gridsTop + Math.max(ig.rows, og.rows) * cell + 18;
  const stepY = y + L.sans;
  y += line;
  const formulaY = y + L.mono;
  y += formulaLines * line;
  const notesY = y + L.sans;
  y += noteLines * line + 6;
  const legendY = y;
  const legend = legendItems(model, t);
  // legend entries flow left to right, wrapping
  let lx = 0;
  let rows = 1;
  const placed = legend.map((item) => {
    const w = 18 + textWidth(item.label, L.sans) + 18;
    if (lx + w > textW && lx > 0) {
      lx = 0;
      rows++;
    }
    const at = { ...item, x: margin + lx, row: rows - 1 };
    lx += w;
    return at;
  });
  y += rows * line + margin - 4;
  const layout = {
    width, height: Math.ceil(y), x0, textW, gridsTop, outTop, titleY, titleLines, subLines,
    inX: (plane) => x0 + plane * (planeW + planeGap),
    inLabels,
    outX: stacked ? x0 : x0 + inW + midGap,
    stepY, formulaY, notesY, legendY, legend: placed,
  };
  byKey.set(key, layout);
  return layout;
}

/**
 * The caption above an input plane: "input[0, 1] · 5×5" (the stretched input in the direct view of a transposed
 * conv).
 */
function inputCaption(model, ci, t) {
  const [, , H, W] = model.inShape;
  const name = planeOp(model.op) === 'convTranspose2d' && model.view === 'direct' ? t('animStretchedLabel', { n: model.n, c: ci }) : `input[${model.n}, ${ci}]`;
  return `${name} · ${H}×${W}`;
}

/** The caption above the output: "output[0, 0] · 2×2". */
function outputCaption(model) {
  const [, , Ho, Wo] = model.outShape;
  return `output[${model.n}, ${model.c}] · ${Ho}×${Wo}`;
}

function legendItems(model, t) {
  const k = model.kinds;
  const items = [{ key: 'legendAnimInput', swatch: 'in' }];
  if (k.has(CELL.pad)) items.push({ key: 'legendAnimPadding', swatch: 'pad' });
  if (k.has(CELL.zero)) items.push({ key: 'legendAnimZero', swatch: 'zero' });
  if (k.has(CELL.outPad)) items.push({ key: 'legendAnimOutputPadding', swatch: 'opad' });
  if (k.has(CELL.over)) items.push({ key: 'legendAnimOverhang', swatch: 'over' });
  const pool = poolKind(model.op);
  items.push({ key: model.view === 'scatter' ? 'legendAnimScatterCell' : pool ? 'legendAnimWindow' : 'legendAnimKernel', swatch: 'kernel' });
  if (k.has('winner')) items.push({ key: 'legendAnimWinner', swatch: 'winner' });
  if (k.has('ghost')) items.push({ key: 'legendAnimDropped', swatch: 'ghost' });
  items.push({ key: 'legendAnimOutput', swatch: 'out' });
  if (k.has('cropped')) items.push({ key: 'legendAnimCropped', swatch: 'crop' });
  return items.map((i) => ({ ...i, label: t(i.key) }));
}

// ---------------------------------------------------------------------------------------------
// Cell styles
// ---------------------------------------------------------------------------------------------

const P = PALETTE;
const DASH = '4 3';
const DOT = '1.5 3';

function inputStyle(kind, cropped, under) {
  if (under) {
    return kind === CELL.input && !cropped
      ? { fill: P.kernelFill, stroke: P.kernelStroke, sw: 2, ink: P.white }
      : { fill: P.kernelSoftFill, stroke: P.kernelStroke, sw: 2, ink: P.ink };
  }
  if (cropped) return { fill: P.cropFill, stroke: P.cropStroke, dash: DOT, ink: P.muted };
  switch (kind) {
    case CELL.input: return { fill: P.inFill, stroke: P.inStroke, ink: P.ink };
    case CELL.pad: return { fill: P.paper, stroke: P.padStroke, dash: DASH, ink: P.muted };
    case CELL.zero: return { fill: P.paper, stroke: P.padStroke, dash: DOT, ink: P.muted };
    case CELL.outPad: return { fill: P.opadFill, stroke: P.opadStroke, dash: DASH, ink: P.ink };
    default: return { fill: P.overFill, stroke: P.overStroke, dash: DOT, ink: P.muted };
  }
}

function rect(x, y, st, extra = {}) {
  const a = { x, y, width: L.cell, height: L.cell, fill: st.fill, stroke: st.stroke, 'stroke-width': st.sw ?? 1, ...extra };
  if (st.dash) a['stroke-dasharray'] = st.dash;
  return el('rect', a);
}

/** A value centred in a cell (when it fits), and a small weight at its bottom right. */
function cellTexts(out, x, y, value, ink, weight) {
  const { cell } = L;
  if (value !== null && value !== undefined) {
    const s = formatValue(value);
    const size = fitSize(s, cell - 8, cell * 0.38, cell * 0.22);
    if (size) {
      const dy = weight !== undefined ? -3 : 0;
      out.push(text({ x: x + cell / 2, y: y + cell / 2 + size * 0.36 + dy, 'font-size': size, 'text-anchor': 'middle', fill: ink, 'font-family': MONO }, s));
    }
  }
  if (weight !== undefined && weight !== null) {
    const s = `×${formatValue(weight)}`;
    const size = fitSize(s, cell * 0.62, cell * 0.24, cell * 0.18);
    if (size) out.push(text({ x: x + cell - 3, y: y + cell - 4, 'font-size': size, 'text-anchor': 'end', fill: ink, 'font-family': MONO }, s));
  }
}

// ---------------------------------------------------------------------------------------------
// The frame
// ---------------------------------------------------------------------------------------------

/**
 * The SVG tree of step `k` of `model`. opts: { t(key, params), lang, values (numbers in cells and
 * the arithmetic; default true), title (the first line; default: describe(model)), width (the
 * SVG's width attribute in px; default: its natural size), label (accessible name), stacked (the
 * output under the input, not beside it: a narrow screen; the exports keep it off) }.
 * Cells are <rect class="fig-cell" data-grid="in|out" …>: exactly one per cell of every grid.
 */
export function renderFrame(model, k, opts) {
  const o = { values: true, ...opts };
  o.title = o.title ?? describe(model);
  const lay = layoutOf(model, o);
  const { cell } = L;
  const step = model.steps[Math.max(0, Math.min(model.steps.length - 1, k))];
  const t = o.t;
  const body = [];
  const texts = [];
  body.push(el('rect', { x: 0, y: 0, width: lay.width, height: lay.height, fill: P.paper }));

  // title and subtitle
  lay.titleLines.forEach((s, i) => texts.push(text({ x: L.margin, y: lay.titleY + i * L.line, 'font-size': L.title, fill: P.ink, 'font-family': MONO, 'font-weight': 'bold' }, s)));
  lay.subLines.forEach((s, i) => texts.push(text({ x: L.margin, y: lay.titleY + (lay.titleLines.length + i) * L.line, 'font-size': L.sans, fill: P.muted, 'font-family': SANS }, s)));

  // which input cells are under the kernel (or scatter now), per plane
  const ig = model.inGrid;
  const under = model.channels.map(() => new Map());
  if (step.cells) for (const c of step.cells) under[c.plane].set(c.r * ig.cols + c.c, c);
  if (step.in) under[step.in.plane].set(step.in.r * ig.cols + step.in.c, { read: step.in.value });

  model.channels.forEach((ci, plane) => {
    const px = lay.inX(plane);
    texts.push(text({ x: px, y: lay.gridsTop - 7, 'font-size': L.sans, fill: P.ink, 'font-family': SANS }, lay.inLabels[plane]));
    for (let r = 0; r < ig.rows; r++) {
      for (let c = 0; c < ig.cols; c++) {
        const i = r * ig.cols + c;
        const u = under[plane].get(i);
        const st = inputStyle(ig.kinds[i], ig.cropped?.[i], Boolean(u));
        const x = px + c * cell;
        const y = lay.gridsTop + r * cell;
        body.push(rect(x, y, st, { class: 'fig-cell', 'data-grid': 'in', 'data-plane': plane, 'data-r': r, 'data-c': c }));
        if (!o.values) continue;
        const shown = u ? u.read : ig.values[plane][i];
        cellTexts(texts, x, y, shown, st.ink, u && model.view === 'direct' ? u.weight : undefined);
      }
    }
    // the window's whole extent (partial windows, dilation gaps)
    if (step.outline) {
      const b = step.outline;
      body.push(el('rect', {
        class: 'fig-window', x: px + b.c0 * cell - 2, y: lay.gridsTop + b.r0 * cell - 2, width: (b.c1 - b.c0 + 1) * cell + 4, height: (b.r1 - b.r0 + 1) * cell + 4,
        fill: 'none', stroke: P.kernelStroke, 'stroke-width': 1.5, 'stroke-dasharray': '6 3',
      }));
    }
    for (const g of model.ghosts) {
      body.push(el('rect', {
        class: 'fig-ghost', x: px + g.c0 * cell + 3, y: lay.gridsTop + g.r0 * cell + 3, width: (g.c1 - g.c0 + 1) * cell - 6, height: (g.r1 - g.r0 + 1) * cell - 6,
        fill: 'none', stroke: P.ghost, 'stroke-width': 2, 'stroke-dasharray': '5 4',
      }));
    }
    if (step.winner && step.winner.plane === plane) {
      body.push(el('rect', {
        class: 'fig-winner', x: px + step.winner.c * cell + 3, y: lay.gridsTop + step.winner.r * cell + 3, width: cell - 6, height: cell - 6,
        fill: 'none', stroke: P.winner, 'stroke-width': 3,
      }));
    }
  });

  // the output
  const og = model.outGrid;
  const ox = lay.outX;
  const [, , Ho, Wo] = model.outShape;
  const oy = lay.outTop;
  texts.push(text({ x: ox, y: oy - 7, 'font-size': L.sans, fill: P.ink, 'font-family': SANS }, outputCaption(model)));
  const sums = model.view === 'scatter' ? scatterSums(model, k) : null;
  const targets = new Map(step.targets ? step.targets.map((tg) => [tg.r * og.cols + tg.c, tg]) : []);
  for (let r = 0; r < og.rows; r++) {
    for (let c = 0; c < og.cols; c++) {
      const i = r * og.cols + c;
      const x = ox + c * cell;
      const y = oy + r * cell;
      let st;
      let value = null;
      if (sums) {
        const cropped = og.crop[i];
        const now = targets.has(i);
        if (now) {
          st = { fill: P.outCurFill, stroke: P.outCurStroke, sw: 2, ink: P.white, dash: cropped ? DASH : undefined };
        } else if (cropped) st = { fill: P.paper, stroke: P.outTodoStroke, dash: DASH, ink: P.muted };
        else if (sums.touched[i]) st = { fill: P.outDoneFill, stroke: P.outDoneStroke, ink: P.ink };
        else st = { fill: P.paper, stroke: P.outTodoStroke, ink: P.muted };
        if (sums.touched[i] || (!cropped && model.hasBias)) value = sums.sums[i];
      } else {
        const flat = r * og.cols + c;
        const idx = step.out.r * og.cols + step.out.c;
        if (flat === idx) st = { fill: P.outCurFill, stroke: P.outCurStroke, sw: 2, ink: P.white };
        else if (flat < idx) st = { fill: P.outDoneFill, stroke: P.outDoneStroke, ink: P.ink };
        else st = { fill: P.paper, stroke: P.outTodoStroke, ink: P.muted };
        if (flat <= idx) value = og.values[flat];
      }
      body.push(rect(x, y, st, { class: 'fig-cell', 'data-grid': 'out', 'data-r': r, 'data-c': c }));
      if (o.values) cellTexts(texts, x, y, value, st.ink, sums && targets.has(i) ? targets.get(i).weight : undefined);
    }
  }
  if (sums && og.crop.some(Boolean)) {
    // the output proper, inside the cropped canvas
    body.push(el('rect', {
      class: 'fig-output-frame', x: ox + og.left * cell - 2, y: oy + og.top * cell - 2, width: Wo * cell + 4, height: Ho * cell + 4,
      fill: 'none', stroke: P.outCurStroke, 'stroke-width': 2,
    }));
  }

  // the step and its arithmetic
  // a 1-D op's cells are [n, c, l]
  const at = (r, c) => (OP_TABLE[model.op].dims === 1 ? `${c}` : `${r}, ${c}`);
  const where = step.out ? `output[${model.n}, ${model.c}, ${at(step.out.r, step.out.c)}]` : `input[${model.n}, ${model.channels[step.in.plane]}, ${at(step.in.r, step.in.c)}]`;
  texts.push(text({ x: L.margin, y: lay.stepY, 'font-size': L.sans, fill: P.ink, 'font-family': SANS, 'font-weight': 'bold' },
    t('animStepOf', { k: Math.min(k, model.steps.length - 1) + 1, n: model.steps.length, cell: where })));
  if (o.values) {
    wrap(step.text, lay.textW, L.mono, true).forEach((s, i) => texts.push(text({ x: L.margin, y: lay.formulaY + i * L.line, 'font-size': L.mono, fill: P.ink, 'font-family': MONO }, s)));
  }
  let ny = lay.notesY;
  for (const n of step.notes) {
    for (const s of wrap(t(n.key, n.params), lay.textW, L.sans)) {
      texts.push(text({ x: L.margin, y: ny, 'font-size': L.sans, fill: P.muted, 'font-family': SANS }, s));
      ny += L.line;
    }
  }

  // legend
  for (const item of lay.legend) {
    const y = lay.legendY + item.row * L.line;
    body.push(swatch(item.swatch, item.x, y));
    texts.push(text({ x: item.x + 18, y: y + 11, 'font-size': L.sans, fill: P.ink, 'font-family': SANS }, item.label));
  }

  const attrs = {
    xmlns: SVG_NS,
    viewBox: `0 0 ${lay.width} ${lay.height}`,
    width: o.width ?? lay.width,
    height: o.width ? Math.round((o.width * lay.height) / lay.width) : lay.height,
    role: 'img',
    'aria-label': o.label ?? `${o.title}. ${t('animStepOf', { k: k + 1, n: model.steps.length, cell: where })}`,
  };
  return el('svg', attrs, [text({}, attrs['aria-label']), el('g', { class: 'fig-cells' }, body), el('g', { class: 'fig-texts' }, texts)].map((n, i) => (i === 0 ? { ...n, tag: 'title' } : n)));
}

function swatch(kind, x, y) {
  const s = 12;
  const styles = {
    in: { fill: P.inFill, stroke: P.inStroke },
    pad: { fill: P.paper, stroke: P.padStroke, dash: DASH },
    zero: { fill: P.paper, stroke: P.padStroke, dash: DOT },
    opad: { fill: P.opadFill, stroke: P.opadStroke, dash: DASH },
    over: { fill: P.overFill, stroke: P.overStroke, dash: DOT },
    kernel: { fill: P.kernelFill, stroke: P.kernelStroke },
    winner: { fill: P.paper, stroke: P.winner, sw: 2.5 },
    ghost: { fill: P.paper, stroke: P.ghost, dash: '3 2', sw: 2 },
    out: { fill: P.outDoneFill, stroke: P.outDoneStroke },
    crop: { fill: P.paper, stroke: P.outTodoStroke, dash: DASH },
  };
  const st = styles[kind];
  const a = { class: 'fig-swatch', x, y, width: s, height: s, fill: st.fill, stroke: st.stroke, 'stroke-width': st.sw ?? 1 };
  if (st.dash) a['stroke-dasharray'] = st.dash;
  return el('rect', a);
}

/** The figure's natural size for a model and options (the same for every step). */
export function frameSize(model, opts) {
  const o = { values: true, ...opts };
  o.title = o.title ?? describe(model);
  const lay = layoutOf(model, o);
  return { width: lay.width, height: lay.height };
}
