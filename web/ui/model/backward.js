// The backward view's model: an upstream gradient for the output, the gradients the API computes
// (conv2dBackward, maxPool2dBackward, avgPool2dBackward), each gradient cell explained from the
// receptive-field map (field-map.js: which output cells' gradients flow into it, times which weight or
// input values), and conv2d's gradInput as convTranspose2d(gradOutput, weight) with the same stride,
// padding, dilation and groups and the output_padding that restores the input's size. Pure (no DOM).
import { CONV_OPS } from './ops.js';
import { apiOptions } from './compute.js';
import { filled, fromTexts, count, unflatten } from './tensors.js';
import { formatValue, pythonFloat } from './numbers.js';
import { syncShapes } from './state.js';
import { agrees } from './im2col.js';
import { pythonNested, moduleCall } from './pytorch-code.js';

/** Terms written out in one explanation before "… (n more)". */
export const MAX_GRAD_TERMS = 64;

/**
 * The upstream gradient gradOutput as a playground tensor (texts and values, so it can seed a state):
 * `kind` 'ones', 'random' (random.js's integers from `seed`) or 'onehot' (1 at flat `cell`, else 0).
 * @returns {import('./types.d.ts').PlaygroundTensor}
 */
export function upstreamGradient(shape, kind, { seed = 1, cell = 0 } = {}) {
  if (kind === 'onehot') {
    const texts = new Array(count(shape)).fill('0');
    texts[Math.min(Math.max(cell, 0), texts.length - 1)] = '1';
    return fromTexts(shape, texts);
  }
  return filled(shape, kind === 'random' ? 'random' : 'ones', seed);
}

const asTensor = (shape, data) => ({ shape, data });

/**
 * The gradients of a state's op for gradOutput `g` (a { shape, data } of the output's shape), from the
 * API: { gradInput, gradWeight, gradBias } (the last two null for the pools; gradBias null without a bias).
 * @param {import('./types.d.ts').Convlens} cl
 * @param {import('./types.d.ts').PlaygroundState} s
 */
export function runBackward(cl, s, g) {
  const x = asTensor(s.tensors.input.shape, s.tensors.input.values);
  const o = apiOptions(s);
  if (s.op === 'conv2d') {
    const w = asTensor(s.tensors.weight.shape, s.tensors.weight.values);
    const r = cl.conv2dBackward(g, x, w, { ...o, bias: s.bias ? s.tensors.bias.values : null });
    return { gradInput: r.gradInput, gradWeight: r.gradWeight, gradBias: r.gradBias ?? null };
  }
  const gradInput = s.op === 'maxPool2d' ? cl.maxPool2dBackward(g, x, o) : cl.avgPool2dBackward(g, x, o);
  return { gradInput, gradWeight: null, gradBias: null };
}

/** A value inside a formula: negatives in parentheses. */
function term(v) {
  const s = formatValue(v);
  return v < 0 || s.startsWith('-') ? `(${s})` : s;
}

export function cellName(name, shape, flat) {
  return `${name}[${unflatten(shape, flat).join(', ')}]`;
}

/**
 * What the explanations read: the state, the op's result (indices for max pooling), the full field map
 * (buildFieldMap; not a one-output map), gradOutput's data and the API's gradients.
 */
export function backwardContext(s, result, map, g, grads) {
  return {
    op: s.op,
    map,
    g,
    input: s.tensors.input.values,
    inShape: s.tensors.input.shape,
    weight: CONV_OPS.includes(s.op) ? s.tensors.weight.values : null,
    weightShape: CONV_OPS.includes(s.op) ? s.tensors.weight.shape : null,
    outShape: result.output.shape,
    indices: result.indices ? result.indices.data : null,
    grads,
  };
}

/** Sums the terms' values (float64, rounded to float32) and words the explanation. */
function finish(ctx, target, flat, value, terms, formulaOf) {
  let sum = 0;
  let scale = 0;
  for (const t of terms) {
    sum += t.value;
    scale += Math.abs(t.value);
  }
  sum = Math.fround(sum);
  const shown = terms.slice(0, MAX_GRAD_TERMS).map(formulaOf);
  if (terms.length > MAX_GRAD_TERMS) shown.push(`… (${terms.length - MAX_GRAD_TERMS} more)`);
  return {
    target, flat, value, terms, sum, agrees: agrees(sum, value, scale),
    outputs: [...new Set(terms.map((t) => t.output))],
    text: `${formatValue(value)} = ${shown.join(' + ') || '0'}`,
  };
}

/**
 * gradInput[i]: the gradients of the outputs that read input cell i (through the padding's copies too),
 * each times the weight it met (conv2d), to the max it won (maxPool2d), or over the window's divisor
 * (avgPool2d). Returns { target, flat, value (the API's), terms: [{ output, weight?, g, w?, divisor?,
 * value, line }], sum, agrees, outputs, weights, text }.
 */
export function explainGradInput(ctx, i) {
  const { map, g } = ctx;
  const terms = [];
  const [, , H, W] = ctx.inShape;
  const out = (o) => cellName('gradOutput', ctx.outShape, o);
  for (let k = map.inOffsets[i]; k < map.inOffsets[i + 1]; k++) {
    const tap = map.inTaps[k];
    const o = map.tapOutput[tap];
    if (ctx.op === 'conv2d') {
      const wi = map.weight[tap];
      const w = ctx.weight[wi];
      terms.push({ output: o, weight: wi, g: g[o], w, value: Math.fround(g[o] * w),
        line: `${out(o)}·${cellName('weight', ctx.weightShape, wi)} = ${term(g[o])}·${term(w)}` });
    } else if (ctx.op === 'maxPool2d') {
      if (ctx.indices[o] !== i % (H * W)) continue; // not the window's max
      terms.push({ output: o, g: g[o], value: g[o], line: `${out(o)} = ${formatValue(g[o])}` });
    } else {
      const divisor = map.divisor[o];
      terms.push({ output: o, g: g[o], divisor, value: Math.fround(g[o] / divisor),
        line: `${out(o)} / ${formatValue(divisor)} = ${term(g[o])} / ${term(divisor)}` });
    }
  }
  const formula = ctx.op === 'conv2d' ? (t) => `${term(t.g)}·${term(t.w)}`
    : ctx.op === 'maxPool2d' ? (t) => term(t.g) : (t) => `${term(t.g)}/${term(t.divisor)}`;
  const e = finish(ctx, 'gradInput', i, ctx.grads.gradInput.data[i], terms, formula);
  return { ...e, weights: terms.filter((t) => t.weight !== undefined).map((t) => t.weight), inputs: [] };
}

/**
 * gradWeight[w]: over every output, its gradient times the input value the weight met there (0 in the
 * zero padding). Same shape of answer as explainGradInput, with `inputs` (the input cells read).
 */
export function explainGradWeight(ctx, wi) {
  const { map, g } = ctx;
  const terms = [];
  for (let tap = 0; tap < map.weight.length; tap++) {
    if (map.weight[tap] !== wi) continue;
    const o = map.tapOutput[tap];
    const src = map.source[tap];
    const x = src >= 0 ? ctx.input[src] : 0;
    const inName = src >= 0 ? cellName('input', ctx.inShape, src) : 'padding';
    terms.push({ output: o, input: src, g: g[o], x, value: Math.fround(g[o] * x),
      line: `${cellName('gradOutput', ctx.outShape, o)}·${inName} = ${term(g[o])}·${term(x)}` });
  }
  const e = finish(ctx, 'gradWeight', wi, ctx.grads.gradWeight.data[wi], terms, (t) => `${term(t.g)}·${term(t.x)}`);
  return { ...e, weights: [wi], inputs: [...new Set(terms.filter((t) => t.input >= 0).map((t) => t.input))] };
}

/** gradBias[c]: the sum of gradOutput over channel c (every batch, row and column). */
export function explainGradBias(ctx, c) {
  const [N, C, H, W] = ctx.outShape;
  const terms = [];
  for (let n = 0; n < N; n++) {
    for (let p = 0; p < H * W; p++) {
      const o = (n * C + c) * H * W + p;
      terms.push({ output: o, g: ctx.g[o], value: ctx.g[o], line: `${cellName('gradOutput', ctx.outShape, o)} = ${formatValue(ctx.g[o])}` });
    }
  }
  const e = finish(ctx, 'gradBias', c, ctx.grads.gradBias.data[c], terms, (t) => term(t.g));
  return { ...e, weights: [], inputs: [] };
}

// ---------------------------------------------------------------------------------------------
// gradInput = convTranspose2d(gradOutput, weight, …)
// ---------------------------------------------------------------------------------------------

const pair = (p) => `(${p[0]}, ${p[1]})`;

/**
 * conv2d's gradInput as a transposed convolution. With zero padding, the same on both sides:
 * convTranspose2d(gradOutput, weight, stride, padding, output_padding, groups, dilation) is gradInput. Else
 * (a padding mode, or 'same''s odd extra row or column) it is the gradient of the padded input (padding 0),
 * whose padding cells `fold` back onto the cells F.pad copied them from. `info`: conv2d's outputShape.
 * Returns { options (convTranspose2d's), pad: [left, right, top, bottom] | null, padMode, code }.
 */
export function transposeCall(s, info) {
  const [[top, bottom], [left, right]] = info.axes.map((a) => a.padding);
  const zeros = s.padding_mode === 'zeros';
  const direct = zeros && top === bottom && left === right;
  const padded = [info.axes[0].input + top + bottom, info.axes[1].input + left + right];
  /** @type {[number, number]} */
  const padding = direct ? [top, left] : [0, 0];
  const target = direct ? [info.axes[0].input, info.axes[1].input] : padded;
  /** @type {(f: (a: any, d: number) => number) => [number, number]} */
  const axisPair = (f) => [f(info.axes[0], 0), f(info.axes[1], 1)];
  // convTranspose2d's size without output_padding: (H_out − 1)·stride − 2·padding + dilation·(k − 1) + 1,
  // and the output_padding that makes it the target's
  const bare = (a, d) => (a.output - 1) * a.stride - 2 * padding[d] + a.dilation * (a.kernel - 1) + 1;
  const outputPadding = axisPair((a, d) => target[d] - bare(a, d));
  const options = {
    stride: axisPair((a) => a.stride), padding, outputPadding, groups: s.groups, dilation: axisPair((a) => a.dilation),
  };
  const call = `F.conv_transpose2d(g, weight, stride=${pair(options.stride)}, padding=${pair(padding)}, `
    + `output_padding=${pair(outputPadding)}, groups=${s.groups}, dilation=${pair(options.dilation)})`;
  const pad = direct ? null : [left, right, top, bottom];
  return { options, pad, padMode: zeros ? 'constant' : s.padding_mode, code: direct ? `x.grad == ${call}` : `grad of F.pad(x) == ${call}` };
}

/**
 * Runs the transposed convolution of transposeCall(), and for a padded input folds its padding back
 * (each padded cell's gradient added to the cell F.pad copied; zero padding's dropped). Returns
 * { transposed: convTranspose2d's result, folded: the gradient of x ({ shape, data }), fold: { plane (H·W),
 * from (per padded cell, the 1-based cell of its plane it copies, 0 for zeros; null without F.pad) } }.
 */
export function runTranspose(cl, s, g, call) {
  const w = asTensor(s.tensors.weight.shape, s.tensors.weight.values);
  const transposed = cl.convTranspose2d(g, w, call.options);
  const [N, C, H, W] = s.tensors.input.shape;
  if (!call.pad) return { transposed, folded: transposed, fold: { plane: H * W, from: null } };
  // which cell each padded cell copies: F.pad of the cells' numbers (1-based, so zero padding reads 0)
  const plane = asTensor([1, 1, H, W], Float32Array.from({ length: H * W }, (_, i) => i + 1));
  const from = cl.pad(plane, { pad: call.pad, mode: call.padMode }).data;
  const P = from.length;
  const data = new Float32Array(N * C * H * W);
  for (let nc = 0; nc < N * C; nc++) {
    for (let p = 0; p < P; p++) {
      if (from[p] > 0) data[nc * H * W + from[p] - 1] += transposed.data[nc * P + p];
    }
  }
  return { transposed, folded: { shape: [N, C, H, W], data }, fold: { plane: H * W, from } };
}

// ---------------------------------------------------------------------------------------------
// The transposed convolution's animation (animation-model.js buildAnimation of transposedState) beside
// gradInput: `fold` is runTranspose()'s, `model` the animation's
// ---------------------------------------------------------------------------------------------

/** The gradInput cell that cell `p` (flat) of the transposed convolution's output is added to; −1: dropped. */
export function foldTarget(fold, p) {
  if (!fold.from) return p;
  const P = fold.from.length;
  const q = p % P;
  return fold.from[q] > 0 ? Math.floor(p / P) * fold.plane + fold.from[q] - 1 : -1;
}

/** The flat output cell of the transposed convolution that a scatter target writes (null: cropped away). */
function targetFlat(model, t) {
  if (t.cropped) return null;
  const [, C, Ho, Wo] = model.outShape;
  return ((model.n * C + model.c) * Ho + t.oy) * Wo + t.ox;
}

/**
 * The gradInput cells written at step `k` of the animation: the direct view's output cell, or every
 * output cell the scatter view's input cell adds into (the cropped ones, and zero padding's, left out).
 */
export function writtenCells(model, k, fold) {
  const step = model.steps[k];
  const outs = step.out ? [step.out.flat] : step.targets.map((t) => targetFlat(model, t)).filter((p) => p !== null);
  return [...new Set(outs.map((p) => foldTarget(fold, p)).filter((i) => i >= 0))];
}

/**
 * The terms step `k` adds into gradInput cell `i`, as { output (gradOutput's flat cell), weight (flat) }:
 * the direct view's window cells that hold a gradOutput value (not the inserted zeros or the padding),
 * or the scatter view's input cell times each weight that lands on `i`.
 */
export function stepTerms(model, k, i, fold) {
  const step = model.steps[k];
  if (step.out) {
    if (foldTarget(fold, step.out.flat) !== i) return [];
    return step.cells.filter((c) => c.inputIndex >= 0).map((c) => ({ output: c.inputIndex, weight: c.weightIndex }));
  }
  return step.targets.filter((t) => {
    const p = targetFlat(model, t);
    return p !== null && foldTarget(fold, p) === i;
  }).map((t) => ({ output: step.in.flat, weight: t.weightIndex }));
}

const termKeys = (terms) => terms.map((t) => `${t.output}:${t.weight}`).sort();

/**
 * How the animation shows gradInput cell `i` (explained as `e`, explainGradInput's): { steps (the step
 * indices that write it), terms (theirs, together), same (the explanation's terms, no more, no fewer) }.
 * A model of another plane writes none of it.
 */
export function animationLink(model, i, fold, e) {
  const steps = [];
  const terms = [];
  model.steps.forEach((_, k) => {
    const add = stepTerms(model, k, i, fold);
    const writes = model.steps[k].out ? foldTarget(fold, model.steps[k].out.flat) === i : add.length > 0;
    if (!writes) return;
    steps.push(k);
    terms.push(...add);
  });
  const a = termKeys(terms);
  const b = termKeys(e.terms);
  return { steps, terms, same: steps.length > 0 && a.length === b.length && a.every((key, j) => key === b[j]) };
}

/** Compares two tensors cell by cell: { equal (every cell the same float), maxDiff }. */
export function compareTensors(a, b) {
  let equal = a.data.length === b.data.length;
  let maxDiff = 0;
  for (let i = 0; i < Math.min(a.data.length, b.data.length); i++) {
    const x = a.data[i];
    const y = b.data[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    equal = false;
    maxDiff = Math.max(maxDiff, Math.abs(x - y));
  }
  return { equal, maxDiff };
}

/** @type {(p: readonly number[]) => [number, number]} */
const copyPair = (p) => [p[0], p[1]];

/**
 * The playground state of exactly that transposed convolution: op convTranspose2d with gradOutput as its
 * input (`grad`, a playground tensor) and conv2d's weight (its layout [C_out, C_in/groups, kh, kw] is
 * convTranspose2d's [in, out/groups, kh, kw]), no bias; the animation starts at its first step.
 * @param {import('./types.d.ts').PlaygroundState} s
 * @returns {import('./types.d.ts').PlaygroundState}
 */
export function transposedState(s, info, grad, call) {
  const [N, C, H, W] = info.shape;
  return syncShapes({
    ...s,
    op: 'convTranspose2d',
    batch: N,
    in_channels: C,
    out_channels: s.in_channels,
    input_size: [H, W],
    // the backward view's conv is conv2d (BACKWARD_OPS), whose kernel_size is a pair
    kernel_size: copyPair(/** @type {import('./types.d.ts').Pair} */ (s.kernel_size)),
    stride: copyPair(call.options.stride),
    padding: copyPair(call.options.padding),
    dilation: copyPair(call.options.dilation),
    groups: s.groups,
    output_padding: copyPair(call.options.outputPadding),
    output_size: null,
    padding_mode: 'zeros',
    bias: false,
    select: null,
    anim_step: 0,
    anim_batch: 0,
    anim_channel: 0,
    tensors: { input: grad, weight: s.tensors.weight, bias: s.tensors.bias },
  });
}

// ---------------------------------------------------------------------------------------------
// PyTorch code
// ---------------------------------------------------------------------------------------------

function tensorLine(name, t, suffix = '') {
  const prefix = `${name} = torch.tensor(`;
  return `${prefix}${pythonNested(t.shape, t.values, prefix.length)})${suffix}`;
}

/**
 * Runnable PyTorch code for the backward pass: x (and the module's weight) with requires_grad, the upstream
 * gradient g, y.backward(g), the gradients printed; for conv2d the transposed convolution that equals x.grad.
 * @param {import('./types.d.ts').PlaygroundState} s
 */
export function backwardCode(s, grad, kind, seedCell, call) {
  const isConv = s.op === 'conv2d';
  const mod = isConv ? 'conv' : 'pool';
  const lines = ['import torch', 'import torch.nn.functional as F', 'from torch import nn', '',
    tensorLine('x', s.tensors.input, '.requires_grad_()'), `${mod} = ${moduleCall(s)}`];
  if (isConv) {
    lines.push('with torch.no_grad():');
    lines.push(`    ${tensorLine('w', s.tensors.weight).replace(/\n/g, '\n    ')}`, `    ${mod}.weight.copy_(w)`);
    if (s.bias) lines.push(`    ${mod}.bias.copy_(torch.tensor([${Array.from(s.tensors.bias.values, pythonFloat).join(', ')}]))`);
  }
  lines.push(`y = ${mod}(x)`);
  if (kind === 'ones') lines.push('g = torch.ones_like(y)');
  else if (kind === 'onehot') lines.push('g = torch.zeros_like(y)', `g[${unflatten(grad.shape, seedCell).join(', ')}] = 1`);
  else lines.push(tensorLine('g', grad));
  lines.push('y.backward(g)', 'print(x.grad)');
  if (isConv) {
    lines.push(`print(${mod}.weight.grad)`);
    if (s.bias) lines.push(`print(${mod}.bias.grad)`);
    const c = call.options;
    const t = `F.conv_transpose2d(g, ${mod}.weight.detach(), stride=${pair(c.stride)}, padding=${pair(c.padding)}, `
      + `output_padding=${pair(c.outputPadding)}, groups=${c.groups}, dilation=${pair(c.dilation)})`;
    if (call.pad) {
      lines.push(`# the gradient of the padded input F.pad(x, (${call.pad.join(', ')}), mode='${call.padMode}'):`);
      lines.push(`g_padded = ${t}`);
    } else {
      lines.push(`print(torch.equal(x.grad, ${t}))  # True`);
    }
  }
  return `${lines.join('\n')}\n`;
}
