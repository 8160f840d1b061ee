// The states the editors make from the schema (state.js): the op picker's switch and a state from a
// partial description (presets, tests). A figure only parses, draws and serializes a state, so these
// stay out of the modules it loads up front.
import { count, filled, fromNumbers } from './tensors.js';
import { opArg } from './ops.js';
import {
  ARG_FIELDS, PLAYGROUND_OPS, SIZE_PAIRS, copyValue, defaultState, field, inputShape, isOneD, oneDDefaults,
  requiredValue, syncShapes, weightShape, withRequired,
} from './state.js';

/**
 * @typedef {import('./types.d.ts').PlaygroundState} PlaygroundState
 */

// the arguments an op switch resets: all but the bias, which is data (a tensor) like the input and weight
const OP_SETTINGS = ARG_FIELDS.filter((name) => !PLAYGROUND_OPS.some((op) => opArg(op, name)?.data));

/** A size as op `op` takes it: a pair's last axis for a 1-D op ([3, 5] → 5), an int as a square pair for a 2-D one. */
function sizeFor(op, value) {
  if (isOneD(op)) return Array.isArray(value) ? value[1] : value;
  return typeof value === 'number' ? [value, value] : copyValue(value);
}

/** Argument `name`'s value when op `op` is chosen: PyTorch's default, the playground's for a required one. */
function opDefault(op, name) {
  const a = opArg(op, name);
  if (!a) return copyValue(field(name).def);
  return a.def === undefined ? requiredValue(op, name) : copyValue(a.def);
}

/**
 * The state after choosing op `op`, as PyTorch's constructor gives it from the shapes alone: the
 * sizes (SIZE_FIELDS), the tensors and whether a conv has a bias stay; every other argument becomes
 * the new op's PyTorch default (a pool's stride None, i.e. kernel_size), or the schema's default where
 * the op has no such argument. A kept stride or padding would silently change what the op computes
 * (Conv2d(stride=2, padding=1) → MaxPool2d(3, 2, 1) where PyTorch's MaxPool2d(3) is meant), so none
 * is kept, whether or not the two ops' defaults differ. The pinned cell and the animation's step go.
 */
export function switchOp(s, op) {
  if (op === s.op || !PLAYGROUND_OPS.includes(op)) return s;
  const next = { ...s, op, select: null, anim_step: 0 };
  for (const name of OP_SETTINGS) next[name] = opDefault(op, name);
  // a 1-D op keeps the width; a 2-D op makes a square of the length
  if (isOneD(op) !== isOneD(s.op)) for (const name of SIZE_PAIRS) next[name] = sizeFor(op, s[name]);
  if (op === 'fold') return intoFold(s, next);
  if (s.op === 'fold') {
    // back from the blocks to the image fold made: its output_size, and C when kh·kw divides the rows
    const area = count(sizeFor('fold', next.kernel_size));
    next.input_size = sizeFor(op, s.output_size ?? sizeFor('fold', s.input_size));
    if (s.in_channels % area === 0) next.in_channels = s.in_channels / area;
  }
  return syncShapes(next);
}

/** Blocks along one axis of `size` for kernel `k` (stride 1, no padding, dilation 1: PyTorch's defaults). */
const blocks = (size, k) => Math.max(1, size - k + 1);

/**
 * Fold's state from another op's: the input becomes the blocks unfold cuts from the image (C·kh·kw rows,
 * L columns) of ones, and output_size the image's size, so that fold shows how many blocks cover each pixel.
 */
function intoFold(s, next) {
  const size = sizeFor('fold', s.input_size);
  const k = sizeFor('fold', next.kernel_size);
  next.kernel_size = k;
  next.output_size = size;
  next.in_channels = s.in_channels * count(k);
  next.input_size = blocks(size[0], k[0]) * blocks(size[1], k[1]);
  next.tensors = { ...next.tensors, input: filled(inputShape(next), 'ones') };
  return syncShapes(next);
}

/**
 * A state from a partial description (presets, tests): fields, plus tensors as nested numbers or fills.
 * @param {Partial<Omit<PlaygroundState, 'tensors'>> & { tensors?: Record<string, any> }} [patch] tensors: each a fill
 *   kind, { kind, seed } or nested numbers
 * @returns {PlaygroundState}
 */
export function makeState(patch = {}) {
  const { tensors = {}, ...fields } = patch;
  const s = withRequired(oneDDefaults({ ...defaultState(), ...fields }, fields), new Set(Object.keys(fields)));
  s.tensors = { ...s.tensors };
  const fillSeeds = { input: 1, weight: 2, bias: 3 };
  for (const [name, spec] of Object.entries(tensors)) {
    const shape = name === 'input' ? inputShape(s) : name === 'weight' ? weightShape(s) : [s.out_channels];
    s.tensors[name] = typeof spec === 'string'
      ? filled(shape, spec, fillSeeds[name])
      : spec.kind ? filled(shape, spec.kind, spec.seed ?? fillSeeds[name]) : fromNumbers(shape, spec);
  }
  return syncShapes(s);
}
