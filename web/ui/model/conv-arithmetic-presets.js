// The fifteen animations of "A guide to convolution arithmetic for deep learning" (Dumoulin &
// Visin; vdumoulin/conv_arithmetic) as presets with their exact sizes and the paper's names, plus a
// stride-2, kernel-2 transposed case and two pooling windows under ceil_mode. Pure (no DOM). Each
// preset is { id, group, title (i18n key), state() }, as in presets.js.
//
// The values are the paper's Figure 1.1 input (5×5, tiled for other sizes) and kernel (3×3, tiled
// for other sizes), so the numbers read like the paper's.
import { makeState } from './make-state.js';

/** Figure 1.1's input and kernel. */
const PAPER_INPUT = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]];
const PAPER_KERNEL = [[0, 1, 2], [2, 2, 0], [0, 1, 2]];

const tile = (src, h, w) => Array.from({ length: h }, (_, y) =>
  Array.from({ length: w }, (_, x) => src[y % src.length][x % src[0].length]));

/** A one-channel state of the paper's kind: input h×h, kernel k×k and the arguments given. */
function paper(op, h, k, args = {}) {
  return () => makeState({
    op,
    input_size: [h, h],
    kernel_size: [k, k],
    ...args,
    tensors: op === 'conv2d' || op === 'convTranspose2d'
      ? { input: tile(PAPER_INPUT, h, h), weight: tile(PAPER_KERNEL, k, k) }
      : { input: tile(PAPER_INPUT, h, h) },
  });
}

const conv = (h, k, args) => paper('conv2d', h, k, args);
const transposed = (h, k, args) => paper('convTranspose2d', h, k, args);
const pair = (v) => [v, v];

/**
 * The paper's cases. `sizes`: [input, output] side lengths (checked by the tests against the API's
 * outputShape). The transposed ones are the transposes of the direct ones above them: same
 * kernel, stride and padding, input and output sizes swapped.
 */
export const CONV_ARITHMETIC_PRESETS = [
  { id: 'ca-no-padding-no-strides', title: 'caNoPaddingNoStrides', sizes: [4, 2], state: conv(4, 3) },
  { id: 'ca-arbitrary-padding-no-strides', title: 'caArbitraryPaddingNoStrides', sizes: [5, 6], state: conv(5, 4, { padding: pair(2) }) },
  { id: 'ca-half-padding-no-strides', title: 'caHalfPaddingNoStrides', sizes: [5, 5], state: conv(5, 3, { padding: pair(1) }) },
  { id: 'ca-full-padding-no-strides', title: 'caFullPaddingNoStrides', sizes: [5, 7], state: conv(5, 3, { padding: pair(2) }) },
  { id: 'ca-no-padding-strides', title: 'caNoPaddingStrides', sizes: [5, 2], state: conv(5, 3, { stride: pair(2) }) },
  { id: 'ca-padding-strides', title: 'caPaddingStrides', sizes: [5, 3], state: conv(5, 3, { stride: pair(2), padding: pair(1) }) },
  { id: 'ca-padding-strides-odd', title: 'caPaddingStridesOdd', sizes: [6, 3], state: conv(6, 3, { stride: pair(2), padding: pair(1) }) },
  { id: 'ca-no-padding-no-strides-transposed', title: 'caNoPaddingNoStridesT', sizes: [2, 4], state: transposed(2, 3) },
  { id: 'ca-arbitrary-padding-no-strides-transposed', title: 'caArbitraryPaddingNoStridesT', sizes: [6, 5], state: transposed(6, 4, { padding: pair(2) }) },
  { id: 'ca-half-padding-no-strides-transposed', title: 'caHalfPaddingNoStridesT', sizes: [5, 5], state: transposed(5, 3, { padding: pair(1) }) },
  { id: 'ca-full-padding-no-strides-transposed', title: 'caFullPaddingNoStridesT', sizes: [7, 5], state: transposed(7, 3, { padding: pair(2) }) },
  { id: 'ca-no-padding-strides-transposed', title: 'caNoPaddingStridesT', sizes: [2, 5], state: transposed(2, 3, { stride: pair(2) }) },
  { id: 'ca-padding-strides-transposed', title: 'caPaddingStridesT', sizes: [3, 5], state: transposed(3, 3, { stride: pair(2), padding: pair(1) }) },
  {
    id: 'ca-padding-strides-odd-transposed', title: 'caPaddingStridesOddT', sizes: [3, 6],
    state: transposed(3, 3, { stride: pair(2), padding: pair(1), output_padding: pair(1) }),
  },
  { id: 'ca-dilation', title: 'caDilation', sizes: [7, 3], state: conv(7, 3, { dilation: pair(2) }) },
  // asked for in conv_arithmetic's issues and never drawn there: the U-Net / DCGAN up-sampling layer
  { id: 'ca-k2-s2-transposed', title: 'caK2S2T', sizes: [3, 6], state: transposed(3, 2, { stride: pair(2) }) },
  // pooling windows under ceil_mode
  { id: 'ca-avg-pool-ceil', title: 'caAvgPoolCeil', sizes: [5, 3], state: paper('avgPool2d', 5, 2, { stride: pair(2), ceil_mode: true }) },
  {
    id: 'ca-max-pool-ceil-dropped', title: 'caMaxPoolCeilDropped', sizes: [5, 3],
    state: paper('maxPool2d', 5, 2, { stride: pair(2), padding: pair(1), ceil_mode: true }),
  },
].map((p) => ({ ...p, group: 'convArithmetic' }));
