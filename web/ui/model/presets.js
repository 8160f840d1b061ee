// One-click states: the tutorial's examples, its output-size table, and common layers. Pure (no
// DOM). Each preset is { id, group, title (i18n key), state() } and state() returns a full state
// (makeState fills in every other field with its default).
import { TUTORIAL_INPUT, TUTORIAL_WEIGHT } from './state.js';
import { makeState } from './make-state.js';
import { CONV_ARITHMETIC_PRESETS } from './conv-arithmetic-presets.js';

export { CONV_ARITHMETIC_PRESETS };

const tutorial = (fields) => () =>
  makeState({ ...fields, tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT } });
const pool = (fields) => () => makeState({
  op: 'maxPool2d', kernel_size: [3, 3], stride: null, ...fields, tensors: { input: TUTORIAL_INPUT },
});

/** The tutorial's worked examples on its 5×5 input and 3×3 weight. */
export const TUTORIAL_PRESETS = [
  { id: 'conv-s1', group: 'tutorial', title: 'presetConvS1', state: tutorial({ stride: [1, 1] }) },
  { id: 'conv-s2', group: 'tutorial', title: 'presetConvS2', state: tutorial({ stride: [2, 2] }) },
  { id: 'conv-s2-p1', group: 'tutorial', title: 'presetConvS2P1', state: tutorial({ stride: [2, 2], padding: [1, 1] }) },
  { id: 'pool-ceil', group: 'tutorial', title: 'presetPoolCeil', state: pool({ ceil_mode: true }) },
  { id: 'pool-floor', group: 'tutorial', title: 'presetPoolFloor', state: pool({ ceil_mode: false }) },
];

/**
 * The tutorial's output-size table: H_in, kernel_size, stride, padding (square inputs, one channel).
 * The H_out column is not written here: the page asks convlens for it.
 */
export const OUTPUT_SIZE_ROWS = [
  { id: 'size-5-3-1-0', h: 5, k: 3, s: 1, p: 0, note: null },
  { id: 'size-5-3-2-0', h: 5, k: 3, s: 2, p: 0, note: null },
  { id: 'size-5-3-2-1', h: 5, k: 3, s: 2, p: 1, note: null },
  { id: 'size-7-3-1-1', h: 7, k: 3, s: 1, p: 1, note: 'noteSameSize' },
  { id: 'size-32-5-1-2', h: 32, k: 5, s: 1, p: 2, note: 'noteSameSize' },
  { id: 'size-224-7-2-3', h: 224, k: 7, s: 2, p: 3, note: 'noteResnetStem' },
  { id: 'size-28-3-1-0', h: 28, k: 3, s: 1, p: 0, note: 'noteNoPadding' },
];

/** A row of the output-size table as a state (random seeded input, ones as the weight). */
export function outputSizeState(row) {
  return makeState({
    input_size: [row.h, row.h], kernel_size: [row.k, row.k], stride: [row.s, row.s], padding: [row.p, row.p],
    tensors: { input: { kind: 'random', seed: row.h }, weight: { kind: 'ones' } },
  });
}

const random = (seed) => ({ kind: 'random', seed });

/** Common layers, small enough to read every number. */
export const LAYER_PRESETS = [
  { id: 'resnet-3x3', group: 'layers', title: 'presetResnet', state: () => makeState({
    in_channels: 2, out_channels: 2, input_size: [6, 6], kernel_size: [3, 3], stride: [1, 1], padding: [1, 1],
    tensors: { input: random(11), weight: random(12) } }) },
  { id: 'depthwise', group: 'layers', title: 'presetDepthwise', state: () => makeState({
    in_channels: 3, out_channels: 3, groups: 3, input_size: [5, 5], kernel_size: [3, 3], padding: [1, 1],
    tensors: { input: random(21), weight: random(22) } }) },
  { id: 'pointwise', group: 'layers', title: 'presetPointwise', state: () => makeState({
    in_channels: 3, out_channels: 2, input_size: [4, 4], kernel_size: [1, 1], bias: true,
    tensors: { input: random(31), weight: random(32), bias: random(33) } }) },
  { id: 'downsample', group: 'layers', title: 'presetDownsample', state: () => makeState({
    in_channels: 2, out_channels: 4, input_size: [8, 8], kernel_size: [3, 3], stride: [2, 2], padding: [1, 1],
    tensors: { input: random(41), weight: random(42) } }) },
  { id: 'unet-up', group: 'layers', title: 'presetUnetUp', state: () => makeState({
    op: 'convTranspose2d', in_channels: 2, out_channels: 1, input_size: [3, 3], kernel_size: [2, 2], stride: [2, 2], bias: true,
    tensors: { input: random(51), weight: random(52), bias: [0.5] } }) },
  { id: 'large', group: 'layers', title: 'presetLarge', state: () => makeState({
    in_channels: 3, out_channels: 16, input_size: [64, 64], kernel_size: [3, 3],
    tensors: { input: random(61), weight: random(62) } }) },
];

/** The adaptive pools (windows of varying size) and LPPool2d. */
export const POOL_PRESETS = [
  { id: 'resnet-head', group: 'pools', title: 'presetResnetHead', state: () => makeState({
    op: 'adaptiveAvgPool2d', in_channels: 3, input_size: [4, 4], output_size: [1, 1],
    tensors: { input: random(71) } }) },
  { id: 'adaptive-max', group: 'pools', title: 'presetAdaptiveMax', state: () => makeState({
    op: 'adaptiveMaxPool2d', input_size: [5, 7], output_size: [3, 3], return_indices: true,
    tensors: { input: random(72) } }) },
  { id: 'adaptive-keep', group: 'pools', title: 'presetAdaptiveKeep', state: () => makeState({
    op: 'adaptiveAvgPool2d', input_size: [5, 3], output_size: [2, null], tensors: { input: { kind: 'range' } } }) },
  { id: 'lp-pool', group: 'pools', title: 'presetLpPool', state: () => makeState({
    op: 'lpPool2d', norm_type: 2, kernel_size: [2, 2], stride: null, tensors: { input: TUTORIAL_INPUT } }) },
];

/** The 1-D ops on [N, C, L], drawn as one-row planes. */
export const ONE_D_PRESETS = [
  { id: 'conv1d', group: 'oned', title: 'presetConv1d', state: () => makeState({
    op: 'conv1d', in_channels: 2, out_channels: 3, input_size: 8, kernel_size: 3, padding: 1, bias: true, tensors: { input: random(81), weight: random(82), bias: random(83) } }) },
  { id: 'conv-transpose1d', group: 'oned', title: 'presetConvTranspose1d', state: () => makeState({
    op: 'convTranspose1d', input_size: 4, kernel_size: 3, stride: 2, tensors: { input: { kind: 'range' }, weight: [[[1, 2, 1]]] } }) },
  { id: 'max-pool1d', group: 'oned', title: 'presetMaxPool1d', state: () => makeState({
    op: 'maxPool1d', input_size: 8, kernel_size: 2, stride: null, return_indices: true, tensors: { input: random(84) } }) },
  { id: 'adaptive-avg-pool1d', group: 'oned', title: 'presetAdaptiveAvgPool1d', state: () => makeState({
    op: 'adaptiveAvgPool1d', input_size: 7, output_size: 3, tensors: { input: { kind: 'range' } } }) },
];

/** Unfold and Fold: image blocks as the columns of a matrix, and back (overlaps summed). */
export const FOLD_PRESETS = [
  { id: 'unfold', group: 'fold', title: 'presetUnfold', state: () => makeState({
    op: 'unfold', input_size: [4, 4], kernel_size: [2, 2], tensors: { input: { kind: 'range' } } }) },
  { id: 'fold-counts', group: 'fold', title: 'presetFoldCounts', state: () => makeState({
    op: 'fold', in_channels: 9, input_size: 9, output_size: [5, 5], kernel_size: [3, 3], tensors: { input: 'ones' } }) },
];

/** MaxUnpool2d: a SegNet decoder's upsampling, x and indices from max pooling the input. */
export const UNPOOL_PRESETS = [
  { id: 'unpool', group: 'unpool', title: 'presetUnpool', state: () => makeState({
    op: 'maxUnpool2d', input_size: [4, 4], kernel_size: [2, 2], stride: null, tensors: { input: random(91) } }) },
  { id: 'unpool-size', group: 'unpool', title: 'presetUnpoolSize', state: () => makeState({
    op: 'maxUnpool2d', kernel_size: [2, 2], stride: null, output_size: [5, 5], tensors: { input: TUTORIAL_INPUT } }) },
];

/** Every preset by id (output-size rows included). */
export function presetState(id) {
  const all = [
    ...TUTORIAL_PRESETS, ...LAYER_PRESETS, ...POOL_PRESETS, ...FOLD_PRESETS, ...UNPOOL_PRESETS, ...ONE_D_PRESETS,
    ...CONV_ARITHMETIC_PRESETS,
  ];
  const p = all.find((x) => x.id === id);
  if (p) return p.state();
  const row = OUTPUT_SIZE_ROWS.find((r) => r.id === id);
  return row ? outputSizeState(row) : null;
}
