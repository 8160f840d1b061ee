// Type declarations for convlens: 2-D convolution and pooling computed exactly as PyTorch does
// (NCHW float32, C++ core compiled to WebAssembly, SIMD and scalar builds). Hand-written.

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * The stable, machine-readable reason of a {@link ConvlensError}.
 * - `INVALID_ARGUMENT`: a bad value (non-positive stride, negative padding, pool padding above half
 *   the kernel, output padding not smaller than stride or dilation, `'same'` with stride > 1,
 *   `divisorOverride` 0, an unknown mode string, `outputSize` out of range …).
 * - `INVALID_TYPE`: a wrong JS type (a non-integer, NaN or string where an int is expected, a shape
 *   that is not an array …).
 * - `UNKNOWN_OPTION`: an option name the op does not take.
 * - `INVALID_SHAPE`: a wrong rank, a zero or negative dimension, data length ≠ product of the shape,
 *   a ragged nested array.
 * - `SHAPE_MISMATCH`: tensors that don't fit each other (channels vs groups, bias length, out buffer
 *   length …).
 * - `OUTPUT_TOO_SMALL`: a computed output size < 1, or a kernel larger than the padded input.
 * - `TOO_LARGE`: sizes past a limit: a tensor (input, weight, padded input, output) over 2^28
 *   elements, more than 2 GiB of tensors in one call, a receptive field (or a batch of them) over
 *   262 144 taps, a batch of over 262 144 output elements, or wasm memory exhausted. The message names the size and the limit.
 * - `INTERNAL_ERROR`: the wasm module failed inside a call (a bug, never a user error). The instance
 *   then refuses every later call with this code instead of risking a wrong number: `load()` a new one.
 * - `FREED`: a {@link ResidentTensor} used (as an op's argument, or read / written) after its `free()`.
 * - `LOAD_FAILED`: {@link load} could not fetch, compile or instantiate the module. The message names
 *   the file (the .wasm's URL or path, or the glue .mjs) and the likely cause: an HTTP status (404 …),
 *   a response that is not WebAssembly, a cross-origin request without `Access-Control-Allow-Origin`,
 *   a Content-Security-Policy without `'wasm-unsafe-eval'`, an engine without WebAssembly (or SIMD,
 *   for `simd: true`), a missing or damaged file (Node).
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_TYPE'
  | 'UNKNOWN_OPTION'
  | 'INVALID_SHAPE'
  | 'SHAPE_MISMATCH'
  | 'OUTPUT_TOO_SMALL'
  | 'TOO_LARGE'
  | 'INTERNAL_ERROR'
  | 'LOAD_FAILED'
  | 'FREED';

/**
 * The only error convlens throws. `code` is stable; `message` follows PyTorch's wording and names
 * the offending argument and its value, e.g. "Given groups=1, weight of size [1, 1, 3, 3], expected
 * input[1, 2, 5, 5] to have 1 channels, but got 2 channels instead". The module stays usable after
 * any error but `INTERNAL_ERROR`.
 */
export class ConvlensError extends Error {
  /** Creates an error with a code, a message and the argument at fault (convlens creates these itself; exported for `instanceof`). */
  constructor(code: ErrorCode, message: string, argument?: string);
  /** Why the call failed; stable across versions. */
  readonly code: ErrorCode;
  /**
   * The argument at fault, named as PyTorch names it (snake_case, whatever the JS option is called):
   * `'stride'`, `'padding'`, `'dilation'`, `'groups'`, `'kernel_size'`, `'output_padding'`,
   * `'output_size'`, `'divisor_override'`, `'padding_mode'`, `'ceil_mode'`, `'count_include_pad'`,
   * `'return_indices'`, `'output_size'`, `'norm_type'`, `'indices'`, `'input'`, `'weight'`, `'bias'`, `'out'`, `'pad'`,
   * `'mode'`, `'value'`; for
   * `parameterCount` also `'in_channels'` / `'out_channels'`, for `receptiveField` `'index'`, for
   * `receptiveFields` `'range'` / `'start'` / `'count'`, for a spec
   * `'op'`, for `tensor()` `'shape'` / `'data'`, for `load()` the option's name (`'simd'`,
   * `'locateFile'` …); for `UNKNOWN_OPTION` the unknown name as given.
   * `undefined` when no single argument is at fault: an output too small for the input, kernel and
   * padding together, a size limit of the whole call, `INTERNAL_ERROR`.
   */
  readonly argument: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Tensors
// ---------------------------------------------------------------------------------------------

/** A float32 tensor: row-major `data` holding exactly `product(shape)` values. Every op returns a fresh one. */
export interface Tensor {
  /** Dimensions, e.g. `[N, C, H, W]` (batched) or `[C, H, W]` (unbatched). */
  shape: number[];
  /** The values, row-major. */
  data: Float32Array;
}

/** An int32 tensor: max pool indices (PyTorch's convention: flat `h·W + w` inside each (n, c) plane). */
export interface IndexTensor {
  /** The same shape as the pooled output. */
  shape: number[];
  /** The indices, row-major. */
  data: Int32Array;
}

/**
 * The typed arrays tensor data may be: a Float32Array is used as is, the others are read as numbers
 * and rounded to float32. BigInt64Array, BigUint64Array and DataView are INVALID_TYPE.
 */
export type NumberArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/**
 * A tensor argument of an op: `{ shape, data }` with `data` a typed array of numbers (a Float32Array
 * is used as is) or a plain number array (converted). Ops throw INVALID_SHAPE when `data.length` ≠
 * product of `shape` or a dimension is < 1, INVALID_TYPE when `shape` is not an array of ints.
 */
export interface TensorLike {
  /** Dimensions: `[N, C, H, W]` or `[C, H, W]` for inputs, `[O, I, kH, kW]` for weights. */
  readonly shape: readonly number[];
  /** Row-major values. */
  readonly data: NumberArray | readonly number[];
}

/**
 * A tensor that lives in the wasm module's memory ({@link Convlens.resident}, {@link Convlens.residentEmpty},
 * or an op's result on resident tensors): ops of the same instance take it with no copy, and return resident
 * results for a resident input, so chains of ops never copy through JS. It holds no view into wasm memory
 * (memory growth would detach one): read() copies the values out. free() releases its memory at once; a
 * tensor dropped without free() is freed when it is garbage-collected (a FinalizationRegistry, a safety net
 * with no timing promise). `D` is `'int32'` for max-pool indices.
 */
export interface ResidentTensor<D extends 'float32' | 'int32' = 'float32'> {
  /** Dimensions (frozen). An op writing into it as `out` gives it the output's shape. */
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  /** `'float32'`, or `'int32'` for max-pool indices. */
  readonly dtype: D;
  /** Whether free() was called. */
  readonly freed: boolean;
  /** A fresh copy of the values. Throws FREED after free(), INTERNAL_ERROR once its instance has stopped. */
  read(): D extends 'int32' ? IndexTensor : Tensor;
  /**
   * Replaces the values in place: a typed array or number array of exactly `size` elements (ints for
   * `'int32'`); INVALID_SHAPE for another length, FREED after free(). Returns the tensor.
   */
  write(data: D extends 'int32' ? Int32Array | readonly number[] : NumberArray | readonly number[]): this;
  /** Releases its memory; every later use throws FREED. Calling it again does nothing. */
  free(): void;
}

/** A tensor argument of an op: a {@link TensorLike} (copied in) or a {@link ResidentTensor} of the same instance (used in place). */
export type TensorArg = TensorLike | ResidentTensor;

/**
 * What an op returns for its input `I` when `out` is left out or null: a fresh ResidentTensor when the
 * input is resident, a fresh Tensor when not. (With `out`, the result is `out` itself when it is a
 * ResidentTensor, a Tensor whose data is `out` when it is a Float32Array.) Each op states the three cases as
 * overloads rather than one signature generic in its options: an options type inferred from an object literal
 * loses the check for misspelt names (`{ stride: 2, dilaton: 2 }` would pass).
 */
export type ByInput<I> = 0 extends (1 & I) ? Tensor : I extends ResidentTensor ? ResidentTensor : Tensor;

/** `{ output, indices }` of a max pool with `returnIndices: true` and no `out`, resident as {@link ByInput}. */
export type WithIndices<I> = 0 extends (1 & I) ? MaxPool2dWithIndices
  : I extends ResidentTensor ? ResidentWithIndices : MaxPool2dWithIndices;

/** A backward op's gradients are resident when its upstream gradient `G` or its input `I` is. */
export type GradientOutput<G, I> = 0 extends (1 & (G | I)) ? Tensor
  : [Extract<G | I, ResidentTensor>] extends [never] ? Tensor : ResidentTensor;

/** Rectangular nested number arrays of rank 1–4, as accepted by {@link Convlens.tensor}. */
export type NestedArray =
  | readonly number[]
  | readonly (readonly number[])[]
  | readonly (readonly (readonly number[])[])[]
  | readonly (readonly (readonly (readonly number[])[])[])[];

/** An integer option: one number for both axes, or an `[h, w]` pair (as in PyTorch). */
export type IntPair = number | readonly [number, number];

/**
 * A bias: a rank-1 tensor of shape `[Cout]`, a typed array or a number array of length Cout. No bias is
 * `null` or left out (PyTorch's `bias=None`); `false` is INVALID_TYPE, as PyTorch refuses `bias=False`.
 */
export type Bias = TensorLike | ResidentTensor | NumberArray | readonly number[];

/** nn.Conv2d's padding_mode. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** F.pad's mode. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** The four ops with data, plus `pad`: the values of a spec's `op`. */
export type OpName = 'conv2d' | 'convTranspose2d' | 'maxPool2d' | 'avgPool2d' | 'pad' | 'adaptiveAvgPool2d'
  | 'adaptiveMaxPool2d' | 'lpPool2d' | 'maxUnpool2d' | 'unfold' | 'fold' | 'adaptiveAvgPool1d' | 'adaptiveMaxPool1d'
  | 'conv1d' | 'convTranspose1d' | 'maxPool1d' | 'avgPool1d';

// ---------------------------------------------------------------------------------------------
// Op options
// ---------------------------------------------------------------------------------------------

/** Options shared by every op. */
export interface OutOption {
  /**
   * A Float32Array of exactly the output's length to write into; it becomes `result.data`. Or a
   * {@link ResidentTensor} of this instance with exactly the output's element count: the op writes into
   * its memory (nothing is allocated) and returns it, with the output's shape; it must not be one of the
   * op's own tensors (INVALID_ARGUMENT). Another length throws SHAPE_MISMATCH before anything is written.
   * Null or omitted: a fresh result.
   */
  out?: Float32Array | ResidentTensor | null;
}

/**
 * Options of {@link Convlens.conv2d} (F.conv2d plus nn.Conv2d's padding_mode). Unknown names throw
 * UNKNOWN_OPTION (with the accepted spelling suggested: `padding_mode` → "did you mean 'paddingMode'?").
 * As in PyTorch, only the options PyTorch takes None for may be null (here `bias` and `out`); any other
 * null throws INVALID_TYPE. `undefined` is the same as leaving an option out.
 */
export interface Conv2dOptions extends OutOption {
  /** Added per output channel; omit (or null) for none. Wrong length throws SHAPE_MISMATCH. */
  bias?: Bias | null;
  /** Default 1. Must be ≥ 1 (INVALID_ARGUMENT); non-integers throw INVALID_TYPE. */
  stride?: IntPair;
  /**
   * Default 0. Ints ≥ 0, `'valid'` (none) or `'same'` (stride 1 only; an odd total puts the extra
   * row/column at the bottom/right). Other strings throw INVALID_ARGUMENT.
   */
  padding?: IntPair | 'valid' | 'same';
  /** Default 1. Must be ≥ 1. */
  dilation?: IntPair;
  /** Default 1. Must be ≥ 1 and divide both the input channels and the weight's out-channels (else SHAPE_MISMATCH). */
  groups?: number;
  /**
   * Default 'zeros'. 'reflect' needs padding < the input size, 'circular' ≤ the input size
   * (INVALID_ARGUMENT otherwise).
   */
  paddingMode?: PaddingMode;
}

/** Options of {@link Convlens.convTranspose2d} (F.conv_transpose2d plus nn.ConvTranspose2d's output_size). */
export interface ConvTranspose2dOptions extends OutOption {
  /** Added per output channel; omit (or null) for none. Wrong length throws SHAPE_MISMATCH. */
  bias?: Bias | null;
  /** Default 1. Must be ≥ 1. */
  stride?: IntPair;
  /** Default 0. Must be ≥ 0. */
  padding?: IntPair;
  /** Default 0. Each axis must be smaller than its stride or its dilation (INVALID_ARGUMENT otherwise). */
  outputPadding?: IntPair;
  /** Default 1. Must divide the input channels and the weight's first dimension. */
  groups?: number;
  /** Default 1. Must be ≥ 1. */
  dilation?: IntPair;
  /**
   * The wanted `[h, w]` (or the full `[n, c, h, w]`), which solves outputPadding; outside PyTorch's valid range
   * it throws INVALID_ARGUMENT ("requested an output size of …, but valid sizes range from … to …").
   */
  outputSize?: readonly [number, number] | readonly [number, number, number, number] | null;
}

/** Options of {@link Convlens.maxPool2d} (F.max_pool2d). */
export interface MaxPool2dOptions extends OutOption {
  /** Required; ≥ 1. */
  kernelSize: IntPair;
  /** Default (omitted, null or `[]`, as PyTorch's None or []): kernelSize. Must be ≥ 1. */
  stride?: IntPair | readonly [] | null;
  /** Default 0. At most half the kernel size (INVALID_ARGUMENT otherwise). Padding counts as −∞. */
  padding?: IntPair;
  /** Default 1. Must be ≥ 1. */
  dilation?: IntPair;
  /** Default false. Round the output size up; a last window starting in the right padding is dropped. */
  ceilMode?: boolean;
  /** Default false. When true the result is `{ output, indices }`. */
  returnIndices?: boolean;
}

/** Options of {@link Convlens.avgPool2d} (F.avg_pool2d). */
export interface AvgPool2dOptions extends OutOption {
  /** Required; ≥ 1. */
  kernelSize: IntPair;
  /** Default (omitted, null or `[]`, as PyTorch's None or []): kernelSize. Must be ≥ 1. */
  stride?: IntPair | readonly [] | null;
  /** Default 0. At most half the kernel size (INVALID_ARGUMENT otherwise). */
  padding?: IntPair;
  /** Default false. Round the output size up; a last window starting in the right padding is dropped. */
  ceilMode?: boolean;
  /** Default true. Whether zero padding counts in the divisor. */
  countIncludePad?: boolean;
  /** Divide every window by this instead; 0 throws INVALID_ARGUMENT. Omitted or null: no override. */
  divisorOverride?: number | null;
}

/**
 * Options of {@link Convlens.conv2dBackward}: conv2d's (same checks and messages), with `bias` saying
 * whether the forward op had one (so whether gradBias is computed): `true`, or the bias itself (only its
 * length is used, checked as conv2d checks it); omitted, null or false for none.
 */
export interface Conv2dBackwardOptions extends Omit<Conv2dOptions, 'out' | 'bias'> {
  bias?: Bias | boolean | null;
}

/**
 * The gradients of {@link Convlens.conv2dBackward}, each shaped as what it is the gradient of; ResidentTensors
 * (`T`) when the upstream gradient or the input is resident.
 */
export interface Conv2dGradients<T = Tensor> {
  /** The input's shape. */
  gradInput: T;
  /** The weight's shape. */
  gradWeight: T;
  /** `[Cout]`, or null when the forward op had no bias. */
  gradBias: T | null;
}

/** Options of {@link Convlens.maxPool2dBackward}: maxPool2d's, without `returnIndices` and `out`. */
export type MaxPool2dBackwardOptions = Omit<MaxPool2dOptions, 'out' | 'returnIndices'>;

/** Options of {@link Convlens.avgPool2dBackward}: avgPool2d's, without `out`. */
export type AvgPool2dBackwardOptions = Omit<AvgPool2dOptions, 'out'>;

/** Options of {@link Convlens.lpPool2d} (F.lp_pool2d). */
export interface LpPool2dOptions extends OutOption {
  /** Required: p, any number (a float, as in Python); 0 throws INVALID_ARGUMENT (Python's 1.0 / 0). */
  normType: number;
  /** Required; ≥ 1. */
  kernelSize: IntPair;
  /** Default (omitted or null): kernelSize. Must be ≥ 1. */
  stride?: IntPair | null;
  /** Default false. A partial last window is averaged over its own size, then scaled by the full kernel area, as in PyTorch. */
  ceilMode?: boolean;
}

/** Options of {@link Convlens.maxUnpool2d} (F.max_unpool2d). */
export interface MaxUnpool2dOptions extends OutOption {
  /** Required. With stride and padding it only makes the default size `(in − 1)·stride − 2·padding + kernelSize`. */
  kernelSize: IntPair;
  /** Default (omitted or null): kernelSize. */
  stride?: IntPair | null;
  /** Default 0. */
  padding?: IntPair;
  /**
   * `[h, w]` (or `[n, c, h, w]`); each strictly within one stride of the default size (else
   * INVALID_ARGUMENT: "invalid output_size … (dim 0 must be between … and …)"). Omitted or null: the default.
   */
  outputSize?: readonly [number, number] | readonly [number, number, number, number] | null;
}

/** Max-pool indices as {@link Convlens.maxUnpool2d} takes them: an {@link IndexTensor}, or ints in any array. */
export interface IndexTensorLike {
  /** The input's shape. */
  readonly shape: readonly number[];
  /** Flat `h·W + w` positions in each (n, c) output plane. */
  readonly data: Int32Array | readonly number[];
}

/** Options of {@link Convlens.unfold} (F.unfold, im2col). */
export interface UnfoldOptions extends OutOption {
  /** Required; ≥ 1. */
  kernelSize: IntPair;
  /** Default 1. Must be ≥ 1. */
  dilation?: IntPair;
  /** Default 0 (zeros). Must be ≥ 0. */
  padding?: IntPair;
  /** Default 1. Must be ≥ 1. */
  stride?: IntPair;
}

/** Options of {@link Convlens.fold} (F.fold, col2im). */
export interface FoldOptions extends UnfoldOptions {
  /** Required: the image's `[h, w]` (≥ 1). The input's L must be the number of blocks that fit it. */
  outputSize: IntPair;
}

/** Options of {@link Convlens.adaptiveAvgPool1d} (F.adaptive_avg_pool1d). */
export interface AdaptiveAvgPool1dOptions extends OutOption {
  /** Required: one int ≥ 0 (or `[int]`); window i covers `[⌊i·L/out⌋, ⌈(i + 1)·L/out⌉)`. */
  outputSize: number | readonly [number];
}

/** A 1-D op's int argument: an int, or a list of exactly one (INVALID_ARGUMENT otherwise, as ATen's check1d). */
export type IntOne = number | readonly [number];

/** Options of {@link Convlens.conv1d} (F.conv1d plus nn.Conv1d's padding_mode), each as conv2d's on one axis. */
export interface Conv1dOptions extends OutOption {
  /** Added per output channel; omit (or null) for none. Wrong length throws SHAPE_MISMATCH. */
  bias?: Bias | null;
  /** Default 1. Must be ≥ 1. */
  stride?: IntOne;
  /** Default 0. An int ≥ 0, `'valid'` or `'same'` (stride 1 only; an odd total puts the extra on the right). */
  padding?: IntOne | 'valid' | 'same';
  /** Default 1. Must be ≥ 1. */
  dilation?: IntOne;
  /** Default 1. */
  groups?: number;
  /** Default 'zeros'; the other modes pad the length as F.pad does ('reflect': padding < L, 'circular': ≤ L). */
  paddingMode?: PaddingMode;
}

/** Options of {@link Convlens.convTranspose1d} (F.conv_transpose1d plus nn.ConvTranspose1d's output_size). */
export interface ConvTranspose1dOptions extends OutOption {
  /** Added per output channel; omit (or null) for none. */
  bias?: Bias | null;
  /** Default 1. Must be ≥ 1. */
  stride?: IntOne;
  /** Default 0. Must be ≥ 0. */
  padding?: IntOne;
  /** Default 0. Must be smaller than the stride or the dilation. */
  outputPadding?: IntOne;
  /** Default 1. */
  groups?: number;
  /** Default 1. Must be ≥ 1. */
  dilation?: IntOne;
  /** The wanted `[l]` (or `[n, c, l]`), which solves outputPadding (INVALID_ARGUMENT outside PyTorch's range). */
  outputSize?: readonly [number] | readonly [number, number, number] | null;
}

/**
 * Options of {@link Convlens.maxPool1d} (F.max_pool1d). As in PyTorch, `returnIndices: true` checks as
 * max_pool1d_with_indices (max_pool2d's messages on a unit H axis), false as max_pool1d's own checks.
 */
export interface MaxPool1dOptions extends OutOption {
  /** Required; ≥ 1. */
  kernelSize: IntOne;
  /** Default (omitted, null or `[]`): kernelSize. Must be ≥ 1. */
  stride?: IntOne | readonly [] | null;
  /** Default 0. At most half the kernel size. Padding counts as −∞. */
  padding?: IntOne;
  /** Default 1. Must be ≥ 1. */
  dilation?: IntOne;
  /** Default false. Round the output size up; a last window starting in the right padding is dropped. */
  ceilMode?: boolean;
  /** Default false. When true the result is `{ output, indices }` (positions along L). */
  returnIndices?: boolean;
}

/** Options of {@link Convlens.avgPool1d} (F.avg_pool1d, which has no divisor_override). */
export interface AvgPool1dOptions extends OutOption {
  /** Required; ≥ 1. */
  kernelSize: IntOne;
  /** Default (omitted, null or `[]`): kernelSize. Must be ≥ 1. */
  stride?: IntOne | readonly [] | null;
  /** Default 0. At most half the kernel size. */
  padding?: IntOne;
  /** Default false. */
  ceilMode?: boolean;
  /** Default true. Whether zero padding counts in the divisor. */
  countIncludePad?: boolean;
}

/** Options of {@link Convlens.adaptiveMaxPool1d} (F.adaptive_max_pool1d). */
export interface AdaptiveMaxPool1dOptions extends AdaptiveAvgPool1dOptions {
  /** Default false. When true the result is `{ output, indices }` (positions along L). */
  returnIndices?: boolean;
}

/** Options of {@link Convlens.pad} (F.pad on the last two dimensions). */
export interface PadOptions extends OutOption {
  /**
   * Required: `[left, right, top, bottom]` (or `[left, right]`), ints; negative values crop.
   * Another length throws INVALID_ARGUMENT.
   */
  pad: readonly [number, number, number, number] | readonly [number, number];
  /** Default 'constant'. 'reflect' needs pads < the input size, 'circular' ≤ the input size. */
  mode?: PadMode;
  /** Fill value of the 'constant' mode; default (omitted or null, PyTorch's None) 0. */
  value?: number | null;
}

/**
 * An adaptive pool's `output_size`: one int for both axes, or `[h, w]` where `null` keeps that axis's
 * input size (PyTorch's None). Sizes must be ≥ 0 (0 gives an empty result, as in PyTorch).
 */
export type AdaptiveOutputSize = number | readonly [number | null, number | null];

/** Options of {@link Convlens.adaptiveAvgPool2d} (F.adaptive_avg_pool2d). */
export interface AdaptiveAvgPool2dOptions extends OutOption {
  /** Required. Window i of an axis covers input `[⌊i·in/out⌋, ⌈(i + 1)·in/out⌉)`. Negative sizes throw INVALID_ARGUMENT. */
  outputSize: AdaptiveOutputSize;
}

/** Options of {@link Convlens.adaptiveMaxPool2d} (F.adaptive_max_pool2d). */
export interface AdaptiveMaxPool2dOptions extends OutOption {
  /** Required; as {@link AdaptiveAvgPool2dOptions.outputSize}. */
  outputSize: AdaptiveOutputSize;
  /** Default false. When true the result is `{ output, indices }` (the indices of max pooling). */
  returnIndices?: boolean;
}

/** The result of a max pool with `returnIndices: true` on a resident input (or into a resident `out`). */
export interface ResidentWithIndices {
  /** The pooled values. */
  output: ResidentTensor;
  /** Where each maximum came from, as {@link MaxPool2dWithIndices}'s; maxUnpool2d takes it as it is. */
  indices: ResidentTensor<'int32'>;
}

/** The result of {@link Convlens.maxPool2d} with `returnIndices: true`. */
export interface MaxPool2dWithIndices {
  /** The pooled values. */
  output: Tensor;
  /** Where each maximum came from (flat `h·W + w` within its (n, c) plane; a NaN wins, ties keep the first). */
  indices: IndexTensor;
}

// ---------------------------------------------------------------------------------------------
// Data-free helpers
// ---------------------------------------------------------------------------------------------

/** The part of every spec that describes the input. */
interface SpecBase {
  /** The input's shape, `[N, C, H, W]` or `[C, H, W]`. */
  inputShape: readonly number[];
}

/** A conv2d spec: the op's shapes and its options (without `out`). */
export interface Conv2dSpec extends SpecBase, Omit<Conv2dOptions, 'out' | 'bias'> {
  /** Discriminant. */
  op: 'conv2d';
  /** `[Cout, Cin / groups, kH, kW]`. */
  weightShape: readonly number[];
  /** Optional: whether there is a bias, or the bias itself (its length is then checked). */
  bias?: boolean | Bias | null;
}

/** A convTranspose2d spec: the op's shapes and its options (without `out`). */
export interface ConvTranspose2dSpec extends SpecBase, Omit<ConvTranspose2dOptions, 'out' | 'bias'> {
  /** Discriminant. */
  op: 'convTranspose2d';
  /** `[Cin, Cout / groups, kH, kW]`. */
  weightShape: readonly number[];
  /** Optional: whether there is a bias, or the bias itself (its length is then checked). */
  bias?: boolean | Bias | null;
}

/** A maxPool2d spec: the input shape and the op's options (without `out`). */
export interface MaxPool2dSpec extends SpecBase, Omit<MaxPool2dOptions, 'out'> {
  /** Discriminant. */
  op: 'maxPool2d';
}

/** An avgPool2d spec: the input shape and the op's options (without `out`). */
export interface AvgPool2dSpec extends SpecBase, Omit<AvgPool2dOptions, 'out'> {
  /** Discriminant. */
  op: 'avgPool2d';
}

/** A pad spec: the input shape and the op's options (without `out`). */
export interface PadSpec extends SpecBase, Omit<PadOptions, 'out'> {
  /** Discriminant. */
  op: 'pad';
}

/** An lpPool2d spec: the input shape and the op's options (without `out`). */
export interface LpPool2dSpec extends SpecBase, Omit<LpPool2dOptions, 'out'> {
  /** Discriminant. */
  op: 'lpPool2d';
}

/** A maxUnpool2d spec: the input shape (the indices' defaults to it) and the op's options (without `out`). */
export interface MaxUnpool2dSpec extends SpecBase, Omit<MaxUnpool2dOptions, 'out'> {
  /** Discriminant. */
  op: 'maxUnpool2d';
  /** The indices' shape; default: the input's. */
  indicesShape?: readonly number[];
}

/** An unfold spec: the input shape and the op's options (without `out`). */
export interface UnfoldSpec extends SpecBase, Omit<UnfoldOptions, 'out'> {
  /** Discriminant. */
  op: 'unfold';
}

/** A fold spec: the input shape (`[N, C·kh·kw, L]` or `[C·kh·kw, L]`) and the op's options (without `out`). */
export interface FoldSpec extends SpecBase, Omit<FoldOptions, 'out'> {
  /** Discriminant. */
  op: 'fold';
}

/** An adaptiveAvgPool1d spec: the input shape (`[N, C, L]` or `[C, L]`) and the op's options (without `out`). */
export interface AdaptiveAvgPool1dSpec extends Omit<AdaptiveAvgPool1dOptions, 'out'> {
  /** Discriminant. */
  op: 'adaptiveAvgPool1d';
  /** `[N, C, L]` or `[C, L]`. */
  inputShape: readonly number[];
}

/** An adaptiveMaxPool1d spec: the input shape (`[N, C, L]` or `[C, L]`) and the op's options (without `out`). */
export interface AdaptiveMaxPool1dSpec extends Omit<AdaptiveMaxPool1dOptions, 'out'> {
  /** Discriminant. */
  op: 'adaptiveMaxPool1d';
  /** `[N, C, L]` or `[C, L]`. */
  inputShape: readonly number[];
}

/** A conv1d spec: the op's shapes (`[N, C, L]` or `[C, L]`; weight `[Cout, Cin / groups, K]`) and options. */
export interface Conv1dSpec extends Omit<Conv1dOptions, 'out' | 'bias'> {
  /** Discriminant. */
  op: 'conv1d';
  /** `[N, C, L]` or `[C, L]`. */
  inputShape: readonly number[];
  /** `[Cout, Cin / groups, K]`. */
  weightShape: readonly number[];
  /** Optional: whether there is a bias, or the bias itself (its length is then checked). */
  bias?: boolean | Bias | null;
}

/** A convTranspose1d spec: the op's shapes (weight `[Cin, Cout / groups, K]`) and options. */
export interface ConvTranspose1dSpec extends Omit<ConvTranspose1dOptions, 'out' | 'bias'> {
  /** Discriminant. */
  op: 'convTranspose1d';
  /** `[N, C, L]` or `[C, L]`. */
  inputShape: readonly number[];
  /** `[Cin, Cout / groups, K]`. */
  weightShape: readonly number[];
  /** Optional: whether there is a bias, or the bias itself. */
  bias?: boolean | Bias | null;
}

/** A maxPool1d spec, validated as the op with the same `returnIndices` (the two paths check differently). */
export interface MaxPool1dSpec extends Omit<MaxPool1dOptions, 'out'> {
  /** Discriminant. */
  op: 'maxPool1d';
  /** `[N, C, L]` or `[C, L]`. */
  inputShape: readonly number[];
}

/** An avgPool1d spec. */
export interface AvgPool1dSpec extends Omit<AvgPool1dOptions, 'out'> {
  /** Discriminant. */
  op: 'avgPool1d';
  /** `[N, C, L]` or `[C, L]`. */
  inputShape: readonly number[];
}

/** An adaptiveAvgPool2d spec: the input shape and the op's options (without `out`). */
export interface AdaptiveAvgPool2dSpec extends SpecBase, Omit<AdaptiveAvgPool2dOptions, 'out'> {
  /** Discriminant. */
  op: 'adaptiveAvgPool2d';
}

/** An adaptiveMaxPool2d spec: the input shape and the op's options (without `out`). */
export interface AdaptiveMaxPool2dSpec extends SpecBase, Omit<AdaptiveMaxPool2dOptions, 'out'> {
  /** Discriminant. */
  op: 'adaptiveMaxPool2d';
}

/**
 * What {@link Convlens.outputShape} takes: `{ op, inputShape, weightShape (conv ops), ...the op's options }`,
 * discriminated on `op`. It is validated exactly as the op would validate it (same codes and messages).
 */
export type ShapeSpec = Conv2dSpec | ConvTranspose2dSpec | MaxPool2dSpec | AvgPool2dSpec | PadSpec
  | AdaptiveAvgPool2dSpec | AdaptiveMaxPool2dSpec | LpPool2dSpec | MaxUnpool2dSpec | UnfoldSpec | FoldSpec
  | AdaptiveAvgPool1dSpec | AdaptiveMaxPool1dSpec | Conv1dSpec | ConvTranspose1dSpec | MaxPool1dSpec | AvgPool1dSpec;

/**
 * The specs {@link Convlens.receptiveField} takes: every {@link ShapeSpec} but `pad` (its taps would be
 * copies) and `maxUnpool2d` (where an input lands depends on the indices' values).
 */
export type ReceptiveFieldSpec = Conv2dSpec | ConvTranspose2dSpec | MaxPool2dSpec | AvgPool2dSpec
  | AdaptiveAvgPool2dSpec | AdaptiveMaxPool2dSpec | LpPool2dSpec | UnfoldSpec | FoldSpec | AdaptiveAvgPool1dSpec
  | AdaptiveMaxPool1dSpec | Conv1dSpec | ConvTranspose1dSpec | MaxPool1dSpec | AvgPool1dSpec;

/** How one spatial axis's output size was computed. */
export interface AxisInfo {
  /** 'H' (rows) or 'W' (columns). */
  axis: 'H' | 'W';
  /** Input size along this axis. */
  input: number;
  /** Kernel size (1 for pad; adaptive pools: the largest window). */
  kernel: number;
  /** Stride (1 for pad; 0 for adaptive pools, whose windows' steps vary). */
  stride: number;
  /** Padding actually applied before and after (top/bottom or left/right); `'same'` may be uneven. */
  padding: [number, number];
  /** Dilation (1 where the op has none). */
  dilation: number;
  /** Output size along this axis. */
  output: number;
  /** The output-size formula with the numbers substituted, ending in `= <output>`; its exact form may change. */
  formula: string;
  /** convTranspose2d: the output padding used (given or solved from outputSize); maxUnpool2d: outputSize − the default size. */
  outputPadding?: number;
  /** Pools only: whether ceil mode was on. */
  ceilMode?: boolean;
  /** Pools only: whether ceil mode's extra last window was dropped because it would start in the right padding. */
  droppedLastWindow?: boolean;
}

/** The result of {@link Convlens.outputShape}. */
export interface ShapeInfo {
  /** The output shape, with the input's rank. */
  shape: number[];
  /** The H axis, then the W axis (the 1-D ops: the unit H axis they run on, then the length's). */
  axes: [AxisInfo, AxisInfo];
}

/** What {@link Convlens.parameterCount} takes: nn.Conv2d / nn.ConvTranspose2d / nn.Conv1d / nn.ConvTranspose1d's arguments. */
export interface ParameterCountSpec {
  /** Which module. */
  op: 'conv2d' | 'convTranspose2d' | 'conv1d' | 'convTranspose1d';
  /** in_channels; divisible by groups. */
  inChannels: number;
  /** out_channels; divisible by groups. */
  outChannels: number;
  /** kernel_size (the 1-D modules: an int or `[int]`). */
  kernelSize: IntPair | IntOne;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
}

/** The result of {@link Convlens.parameterCount}. */
export interface ParameterCount {
  /** conv2d: out·(in/groups)·kH·kW; convTranspose2d: in·(out/groups)·kH·kW. */
  weights: number;
  /** out_channels when there is a bias, else 0. */
  bias: number;
  /** weights + bias. */
  total: number;
  /** e.g. "weights 3·3·1·1 + bias 1 = 10". */
  formula: string;
}

/** An `[n, c, y, x]` coordinate. */
export type Index4 = [number, number, number, number];

/** One input position meeting one weight position (conv ops), or one window position (pools). */
export interface Tap {
  /** Position in the (virtually) padded input, relative to the unpadded origin: may be negative or ≥ H/W. */
  input: Index4;
  /**
   * The real input element read there (reflect/replicate/circular map into the input); null for zero
   * padding (conv), −∞ padding (max pool) or not counted (avg pool).
   */
  source: Index4 | null;
  /** Flat index of `source` in `input.data`; −1 when `source` is null. */
  inputIndex: number;
  /** The weight position `[o, i, ky, kx]` (conv ops); null for pools. */
  weight: Index4 | null;
  /** Flat index into `weight.data`; −1 for pools. */
  weightIndex: number;
}

/**
 * The result of {@link Convlens.receptiveField}: which input and weight positions make one output element.
 * - conv2d: output = bias[c] + Σ input.data[inputIndex]·weight.data[weightIndex] over taps with inputIndex ≥ 0
 *   (every kernel position is listed, padding ones too).
 * - convTranspose2d: the (input, weight) pairs scattering into this output; output = bias[c] + Σ input·weight.
 * - maxPool2d: output = max over taps (a null source counts as −∞).
 * - avgPool2d: output = Σ over taps with a source / divisor.
 * - the 1-D ops: as their 2-D forms on the unit H axis (each tap's `input[2]` is 0, `inputIndex` indexes the 1-D input).
 * - unfold: one tap, the image element output `[n, row, l]` copies (null source: zero padding).
 * - fold: output = Σ input.data[inputIndex] over the taps, the `[n, row, 0, l]` entries of the columns that land there.
 */
export interface ReceptiveField {
  /** The output element asked about (`[n, c, l]` for the 1-D ops and unfold). */
  output: Index4 | [number, number, number];
  /** Its taps. */
  taps: Tap[];
  /** Conv ops: the index into the bias (the output channel); null for pools. Add it only if you have a bias. */
  bias: number | null;
  /** The average pools only (2-D and 1-D, adaptive or not): the divisor PyTorch uses for this window. */
  divisor?: number;
}

/** Which output elements {@link Convlens.receptiveFields} answers for: flat row-major indices into the output. */
export interface ReceptiveFieldRange {
  /** The first element (default 0); `start` = the output's size gives an empty range. */
  start?: number;
  /** How many elements (default: to the end of the output). */
  count?: number;
}

/**
 * The result of {@link Convlens.receptiveFields}: the receptive fields of `count` consecutive
 * output elements as Int32Array columns, one entry per tap, holding exactly what
 * {@link Convlens.receptiveField} returns for each element. Element `start + i`'s taps are entries
 * `offsets[i]` … `offsets[i + 1] − 1`; for tap `t` among them, `input[d][t]` is its `input[d]`,
 * `source[d][t]` its `source[d]` (−1 in all four when `source` is null), `weight[d][t]` its
 * `weight[d]` (−1 in all four when null), `inputIndex[t]` and `weightIndex[t]` the same numbers.
 */
export interface ReceptiveFields {
  /** The output shape (the input's rank): unflatten `start + i` against it for the element's index. */
  shape: number[];
  /** The first element answered (flat row-major index into the output). */
  start: number;
  /** How many elements are answered. */
  count: number;
  /** `count + 1` tap offsets: element `start + i` owns taps `offsets[i]` … `offsets[i + 1] − 1`; `offsets[count]` is the number of taps. */
  offsets: Int32Array;
  /** {@link Tap.input} by column: `[n, c, y, x]`, positions in the (virtually) padded input. */
  input: [Int32Array, Int32Array, Int32Array, Int32Array];
  /** {@link Tap.source} by column: `[n, c, y, x]` of the element read, all −1 where the tap reads padding. */
  source: [Int32Array, Int32Array, Int32Array, Int32Array];
  /** {@link Tap.inputIndex} per tap (−1 for padding). */
  inputIndex: Int32Array;
  /** {@link Tap.weight} by column (all −1 for pools). */
  weight: [Int32Array, Int32Array, Int32Array, Int32Array];
  /** {@link Tap.weightIndex} per tap (−1 for pools). */
  weightIndex: Int32Array;
  /** Conv ops: each element's bias index (its output channel); null for pools. */
  bias: Int32Array | null;
  /** The average pools only (2-D and 1-D, adaptive or not): each element's divisor. */
  divisor?: Int32Array;
}

// ---------------------------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------------------------

/**
 * A loaded convlens module. Every method validates its arguments and throws {@link ConvlensError}
 * on bad input; ops take batched `[N, C, H, W]` or unbatched `[C, H, W]` inputs and return fresh
 * results of the input's rank.
 */
export interface Convlens {
  /** Which build is running: `'simd-threads'` is the threaded SIMD build (`load({ threads })`). */
  readonly variant: 'simd' | 'scalar' | 'simd-threads';

  /** How many threads every call uses (the caller's included): `load()`'s `threads` where it can run, else 1. */
  readonly threads: number;

  /**
   * Why fewer threads run than `load({ threads })` asked for (also printed once per load as a console
   * warning): no shared memory (a page that is not cross-origin isolated), no SIMD, or `simd: false`.
   * Null when none.
   */
  readonly threadsNotice: string | null;

  /** Bytes of wasm memory the module holds now (it grows on demand and never shrinks). */
  memoryBytes(): number;

  /**
   * Builds a tensor from rectangular nested arrays of rank 1–4. Throws INVALID_SHAPE for ragged
   * arrays or another rank, INVALID_TYPE for non-numbers.
   */
  tensor(nested: NestedArray): Tensor;
  /**
   * Builds a tensor from a shape and any array-like of numbers (copied into a Float32Array). Throws
   * INVALID_SHAPE when the length ≠ product of the shape or a dimension is < 1, INVALID_TYPE when the
   * shape is not an array of ints.
   */
  tensor(value: { readonly shape: readonly number[]; readonly data: ArrayLike<number> }): Tensor;

  /**
   * A {@link ResidentTensor} holding a copy of `value` (anything {@link tensor} takes), in this instance's
   * memory. Throws as tensor(), and TOO_LARGE when wasm memory cannot hold it.
   */
  resident(value: NestedArray | { readonly shape: readonly number[]; readonly data: ArrayLike<number> }): ResidentTensor;

  /**
   * A zero-filled {@link ResidentTensor} of `shape` (rank 1–4, every dimension ≥ 1; INVALID_SHAPE
   * otherwise), e.g. an `out` for a loop. Throws TOO_LARGE as resident().
   */
  residentEmpty(shape: readonly number[]): ResidentTensor;

  /** Whether `value` is a {@link ResidentTensor} (of any instance of this version, freed or not). */
  isResident(value: unknown): value is ResidentTensor<'float32' | 'int32'>;

  /**
   * F.conv2d with nn.Conv2d's padding_mode. `weight` is `[Cout, Cin / groups, kH, kW]`. Throws
   * SHAPE_MISMATCH when channels, groups or bias don't fit, OUTPUT_TOO_SMALL when the kernel
   * exceeds the padded input, INVALID_ARGUMENT for bad option values.
   */
  conv2d(input: TensorArg, weight: TensorArg, options: Conv2dOptions & { out: ResidentTensor }): ResidentTensor;
  conv2d(input: TensorArg, weight: TensorArg, options: Conv2dOptions & { out: Float32Array }): Tensor;
  conv2d<I extends TensorArg>(input: I, weight: TensorArg, options?: Conv2dOptions | null): ByInput<I>;

  /**
   * F.conv_transpose2d (with nn.ConvTranspose2d's output_size). `weight` is
   * `[Cin, Cout / groups, kH, kW]`. Throws like conv2d, and INVALID_ARGUMENT for an output padding
   * not smaller than stride or dilation or an outputSize out of range.
   */
  convTranspose2d(input: TensorArg, weight: TensorArg, options: ConvTranspose2dOptions & { out: ResidentTensor }): ResidentTensor;
  convTranspose2d(input: TensorArg, weight: TensorArg, options: ConvTranspose2dOptions & { out: Float32Array }): Tensor;
  convTranspose2d<I extends TensorArg>(input: I, weight: TensorArg, options?: ConvTranspose2dOptions | null): ByInput<I>;

  /**
   * F.max_pool2d returning `{ output, indices }` (indices in PyTorch's per-plane convention). Throws
   * INVALID_ARGUMENT for padding above half the kernel, OUTPUT_TOO_SMALL for an empty output.
   */
  maxPool2d(input: TensorArg, options: MaxPool2dOptions & { returnIndices: true; out: ResidentTensor }): ResidentWithIndices;
  maxPool2d(input: TensorArg, options: MaxPool2dOptions & { returnIndices: true; out: Float32Array }): MaxPool2dWithIndices;
  maxPool2d<I extends TensorArg>(input: I, options: MaxPool2dOptions & { returnIndices: true }): WithIndices<I>;
  /** F.max_pool2d returning the pooled tensor. Throws as above. */
  maxPool2d(input: TensorArg, options: MaxPool2dOptions & { returnIndices?: false; out: ResidentTensor }): ResidentTensor;
  maxPool2d(input: TensorArg, options: MaxPool2dOptions & { returnIndices?: false; out: Float32Array }): Tensor;
  maxPool2d<I extends TensorArg>(input: I, options: MaxPool2dOptions & { returnIndices?: false }): ByInput<I>;
  /** F.max_pool2d with `returnIndices` only known at run time. Throws as above. */
  maxPool2d<I extends TensorArg>(input: I, options: MaxPool2dOptions): ByInput<I> | WithIndices<I>;

  /**
   * F.avg_pool2d. Throws INVALID_ARGUMENT for padding above half the kernel or divisorOverride 0,
   * OUTPUT_TOO_SMALL for an empty output.
   */
  avgPool2d(input: TensorArg, options: AvgPool2dOptions & { out: ResidentTensor }): ResidentTensor;
  avgPool2d(input: TensorArg, options: AvgPool2dOptions & { out: Float32Array }): Tensor;
  avgPool2d<I extends TensorArg>(input: I, options: AvgPool2dOptions): ByInput<I>;

  /**
   * F.pad on H and W. Throws INVALID_ARGUMENT for a pad of the wrong length, reflect padding ≥ the
   * input size or circular padding wrapping more than once; TOO_LARGE for an output that can't fit.
   */
  pad(input: TensorArg, options: PadOptions & { out: ResidentTensor }): ResidentTensor;
  pad(input: TensorArg, options: PadOptions & { out: Float32Array }): Tensor;
  pad<I extends TensorArg>(input: I, options: PadOptions): ByInput<I>;

  /**
   * F.adaptive_avg_pool2d: output (i, j) averages input rows `[⌊i·H/oh⌋, ⌈(i + 1)·H/oh⌉)` and the
   * columns alike. Throws INVALID_ARGUMENT for a negative output size, INVALID_TYPE without `outputSize`.
   */
  adaptiveAvgPool2d(input: TensorArg, options: AdaptiveAvgPool2dOptions & { out: ResidentTensor }): ResidentTensor;
  adaptiveAvgPool2d(input: TensorArg, options: AdaptiveAvgPool2dOptions & { out: Float32Array }): Tensor;
  adaptiveAvgPool2d<I extends TensorArg>(input: I, options: AdaptiveAvgPool2dOptions): ByInput<I>;

  /** F.adaptive_max_pool2d returning `{ output, indices }` (NaN and tie rules as maxPool2d). Throws as adaptiveAvgPool2d. */
  adaptiveMaxPool2d(input: TensorArg, options: AdaptiveMaxPool2dOptions & { returnIndices: true; out: ResidentTensor }): ResidentWithIndices;
  adaptiveMaxPool2d(input: TensorArg, options: AdaptiveMaxPool2dOptions & { returnIndices: true; out: Float32Array }): MaxPool2dWithIndices;
  adaptiveMaxPool2d<I extends TensorArg>(input: I, options: AdaptiveMaxPool2dOptions & { returnIndices: true }): WithIndices<I>;
  /** F.adaptive_max_pool2d returning the pooled tensor. */
  adaptiveMaxPool2d(input: TensorArg, options: AdaptiveMaxPool2dOptions & { returnIndices?: false; out: ResidentTensor }): ResidentTensor;
  adaptiveMaxPool2d(input: TensorArg, options: AdaptiveMaxPool2dOptions & { returnIndices?: false; out: Float32Array }): Tensor;
  adaptiveMaxPool2d<I extends TensorArg>(input: I, options: AdaptiveMaxPool2dOptions & { returnIndices?: false }): ByInput<I>;
  /** F.adaptive_max_pool2d with `returnIndices` only known at run time. */
  adaptiveMaxPool2d<I extends TensorArg>(input: I, options: AdaptiveMaxPool2dOptions): ByInput<I> | WithIndices<I>;

  /**
   * F.lp_pool2d as PyTorch computes it in float32: `s = avg_pool2d(x.pow(p))` (no padding), then
   * `(sign(s)·relu(|s|))·(kw·kh)`, then `.pow(1 / p)`, with torch.pow's special exponents. Throws as
   * avgPool2d for the window, then INVALID_ARGUMENT for `normType` 0.
   */
  lpPool2d(input: TensorArg, options: LpPool2dOptions & { out: ResidentTensor }): ResidentTensor;
  lpPool2d(input: TensorArg, options: LpPool2dOptions & { out: Float32Array }): Tensor;
  lpPool2d<I extends TensorArg>(input: I, options: LpPool2dOptions): ByInput<I>;

  /**
   * F.max_unpool2d: zeros of the output size, then each input value written at its index in its
   * (n, c) plane (a repeated index keeps the last value). Throws SHAPE_MISMATCH when the indices'
   * shape is not the input's, INVALID_ARGUMENT for an index outside the output ("Found an invalid max
   * index: …") or an outputSize out of range.
   */
  maxUnpool2d(input: TensorArg, indices: IndexTensorLike | ResidentTensor<'int32'>,
    options: MaxUnpool2dOptions & { out: ResidentTensor }): ResidentTensor;
  maxUnpool2d(input: TensorArg, indices: IndexTensorLike | ResidentTensor<'int32'>,
    options: MaxUnpool2dOptions & { out: Float32Array }): Tensor;
  maxUnpool2d<I extends TensorArg>(input: I, indices: IndexTensorLike | ResidentTensor<'int32'>,
    options: MaxUnpool2dOptions): ByInput<I>;

  /**
   * F.unfold (im2col): `[N, C, H, W]` (or `[C, H, W]`) → `[N, C·kh·kw, L]` (or `[C·kh·kw, L]`), L the
   * number of blocks; row `c·kh·kw + ky·kw + kx`, column `by·blocksW + bx` holds input
   * `(c, by·s − p + ky·d, bx·s − p + kx·d)`, 0 in the padding. Throws OUTPUT_TOO_SMALL when no block fits.
   */
  unfold(input: TensorArg, options: UnfoldOptions & { out: ResidentTensor }): ResidentTensor;
  unfold(input: TensorArg, options: UnfoldOptions & { out: Float32Array }): Tensor;
  unfold<I extends TensorArg>(input: I, options: UnfoldOptions): ByInput<I>;

  /**
   * F.fold (col2im): `[N, C·kh·kw, L]` (or `[C·kh·kw, L]`) → `[N, C, h, w]` (or `[C, h, w]`), the
   * blocks summed where they overlap (in ATen's order). Throws SHAPE_MISMATCH when C·kh·kw or L do
   * not fit the kernel and outputSize, with PyTorch's message.
   */
  fold(input: TensorArg, options: FoldOptions & { out: ResidentTensor }): ResidentTensor;
  fold(input: TensorArg, options: FoldOptions & { out: Float32Array }): Tensor;
  fold<I extends TensorArg>(input: I, options: FoldOptions): ByInput<I>;

  /**
   * The gradients of F.conv2d (autograd's convolution backward) for the upstream gradient `gradOutput`,
   * which must have conv2d's output shape (else SHAPE_MISMATCH: "Mismatch in shape: grad_output has a
   * shape of … and output has a shape of …"). gradInput is convTranspose2d(gradOutput, weight) with the
   * same stride, dilation and groups onto the padded input, the padding then folded back (reflect,
   * replicate and circular add each padded gradient onto the element it copied); gradWeight sums
   * gradOutput × the padded input over N, H, W; gradBias sums gradOutput over N, H, W. Throws as conv2d
   * for the options, weight and bias.
   */
  conv2dBackward<G extends TensorArg, I extends TensorArg>(gradOutput: G, input: I, weight: TensorArg,
    options?: Conv2dBackwardOptions | null): Conv2dGradients<GradientOutput<G, I>>;

  /**
   * The gradient of F.max_pool2d: each gradOutput element added to the input element maxPool2d's
   * indices name (NaN and ties as there; overlapping windows that share a winner accumulate). gradOutput
   * must have maxPool2d's output shape (SHAPE_MISMATCH otherwise); throws as maxPool2d for the options.
   */
  maxPool2dBackward<G extends TensorArg, I extends TensorArg>(gradOutput: G, input: I,
    options: MaxPool2dBackwardOptions): GradientOutput<G, I>;

  /**
   * The gradient of F.avg_pool2d, as ATen's avg_pool2d_backward: each gradOutput element divided by its
   * window's divisor (countIncludePad, divisorOverride, ceilMode's clipped windows) and added to every
   * input element of the window. Throws as avgPool2d, and SHAPE_MISMATCH for a gradOutput of another shape.
   */
  avgPool2dBackward<G extends TensorArg, I extends TensorArg>(gradOutput: G, input: I,
    options: AvgPool2dBackwardOptions): GradientOutput<G, I>;

  /**
   * F.adaptive_avg_pool1d on `[N, C, L]` or `[C, L]`: adaptiveAvgPool2d on a unit H axis, as ATen runs it
   * (so messages past the 1-D rank check name the 2-D op and the shape with that axis).
   */
  adaptiveAvgPool1d(input: TensorArg, options: AdaptiveAvgPool1dOptions & { out: ResidentTensor }): ResidentTensor;
  adaptiveAvgPool1d(input: TensorArg, options: AdaptiveAvgPool1dOptions & { out: Float32Array }): Tensor;
  adaptiveAvgPool1d<I extends TensorArg>(input: I, options: AdaptiveAvgPool1dOptions): ByInput<I>;

  /** F.adaptive_max_pool1d returning `{ output, indices }`. Throws as adaptiveAvgPool1d. */
  adaptiveMaxPool1d(input: TensorArg, options: AdaptiveMaxPool1dOptions & { returnIndices: true; out: ResidentTensor }): ResidentWithIndices;
  adaptiveMaxPool1d(input: TensorArg, options: AdaptiveMaxPool1dOptions & { returnIndices: true; out: Float32Array }): MaxPool2dWithIndices;
  adaptiveMaxPool1d<I extends TensorArg>(input: I, options: AdaptiveMaxPool1dOptions & { returnIndices: true }): WithIndices<I>;
  /** F.adaptive_max_pool1d returning the pooled tensor. */
  adaptiveMaxPool1d(input: TensorArg, options: AdaptiveMaxPool1dOptions & { returnIndices?: false; out: ResidentTensor }): ResidentTensor;
  adaptiveMaxPool1d(input: TensorArg, options: AdaptiveMaxPool1dOptions & { returnIndices?: false; out: Float32Array }): Tensor;
  adaptiveMaxPool1d<I extends TensorArg>(input: I, options: AdaptiveMaxPool1dOptions & { returnIndices?: false }): ByInput<I>;
  /** F.adaptive_max_pool1d with `returnIndices` only known at run time. */
  adaptiveMaxPool1d<I extends TensorArg>(input: I, options: AdaptiveMaxPool1dOptions): ByInput<I> | WithIndices<I>;

  /**
   * F.conv1d on `[N, C, L]` or `[C, L]` with weight `[Cout, Cin / groups, K]`: conv2d's kernels on a unit H
   * axis, with PyTorch's 1-D checks and messages ("Expected 2D (unbatched) or 3D (batched) input to conv1d …").
   */
  conv1d(input: TensorArg, weight: TensorArg, options: Conv1dOptions & { out: ResidentTensor }): ResidentTensor;
  conv1d(input: TensorArg, weight: TensorArg, options: Conv1dOptions & { out: Float32Array }): Tensor;
  conv1d<I extends TensorArg>(input: I, weight: TensorArg, options?: Conv1dOptions | null): ByInput<I>;

  /** F.conv_transpose1d with weight `[Cin, Cout / groups, K]`, as conv1d on convTranspose2d's kernels. */
  convTranspose1d(input: TensorArg, weight: TensorArg, options: ConvTranspose1dOptions & { out: ResidentTensor }): ResidentTensor;
  convTranspose1d(input: TensorArg, weight: TensorArg, options: ConvTranspose1dOptions & { out: Float32Array }): Tensor;
  convTranspose1d<I extends TensorArg>(input: I, weight: TensorArg, options?: ConvTranspose1dOptions | null): ByInput<I>;

  /** F.max_pool1d returning `{ output, indices }` (indices along L). */
  maxPool1d(input: TensorArg, options: MaxPool1dOptions & { returnIndices: true; out: ResidentTensor }): ResidentWithIndices;
  maxPool1d(input: TensorArg, options: MaxPool1dOptions & { returnIndices: true; out: Float32Array }): MaxPool2dWithIndices;
  maxPool1d<I extends TensorArg>(input: I, options: MaxPool1dOptions & { returnIndices: true }): WithIndices<I>;
  /** F.max_pool1d returning the pooled tensor. */
  maxPool1d(input: TensorArg, options: MaxPool1dOptions & { returnIndices?: false; out: ResidentTensor }): ResidentTensor;
  maxPool1d(input: TensorArg, options: MaxPool1dOptions & { returnIndices?: false; out: Float32Array }): Tensor;
  maxPool1d<I extends TensorArg>(input: I, options: MaxPool1dOptions & { returnIndices?: false }): ByInput<I>;
  /** F.max_pool1d with `returnIndices` only known at run time. */
  maxPool1d<I extends TensorArg>(input: I, options: MaxPool1dOptions): ByInput<I> | WithIndices<I>;

  /** F.avg_pool1d: avgPool2d on a unit H axis (past the 1-D rank check its messages name that shape). */
  avgPool1d(input: TensorArg, options: AvgPool1dOptions & { out: ResidentTensor }): ResidentTensor;
  avgPool1d(input: TensorArg, options: AvgPool1dOptions & { out: Float32Array }): Tensor;
  avgPool1d<I extends TensorArg>(input: I, options: AvgPool1dOptions): ByInput<I>;

  /**
   * The output shape of an op and how each axis was computed, without data. Validates like the op
   * (same codes and messages); TOO_LARGE for sizes that would exhaust memory.
   */
  outputShape(spec: ShapeSpec): ShapeInfo;

  /**
   * nn.Conv2d / nn.ConvTranspose2d (and the 1-D modules') parameter count. Throws INVALID_ARGUMENT when a channel count is
   * not divisible by groups, INVALID_TYPE for non-integers.
   */
  parameterCount(spec: ParameterCountSpec): ParameterCount;

  /**
   * Which input positions and weight positions produce output element `[n, c, y, x]` (or `[c, y, x]`
   * for an unbatched spec; the 1-D ops and unfold: `[n, c, l]` or `[c, l]`). Validates the spec like
   * {@link Convlens.outputShape}; INVALID_ARGUMENT when the index lies outside the output.
   */
  receptiveField(spec: ReceptiveFieldSpec,
    index: readonly [number, number, number, number] | readonly [number, number, number] | readonly [number, number]): ReceptiveField;

  /**
   * The receptive fields of a whole output, or of a contiguous `range` of its elements, in one call:
   * the same answers as {@link Convlens.receptiveField} per element, as typed-array columns.
   * Validates the spec like {@link Convlens.outputShape}; INVALID_TYPE for a range that is not an
   * object or a `start` / `count` that is not an int; INVALID_ARGUMENT when the range leaves the
   * output; TOO_LARGE when it holds over 262 144 elements or over 262 144 taps in all (ask for a
   * smaller range).
   */
  receptiveFields(spec: ReceptiveFieldSpec, range?: ReceptiveFieldRange): ReceptiveFields;

  /**
   * PyTorch's layers on this instance: `new cl.nn.Conv2d(1, 6, 3, { stride: 1 })`, `forward(x)`,
   * `cl.nn.Sequential(…)`, `stateDict()` / `loadStateDict()` with PyTorch's keys. Parameters and the
   * tensors between a Sequential's layers are resident. Undefined on an instance the `<conv-lens>`
   * widget's own bundle made, unless the page imports the package too.
   */
  readonly nn: Nn;
}

/** A state dict: tensors keyed by PyTorch's names ('weight', '0.bias', 'features.3.weight', …). */
export type StateDict = Record<string, TensorLike | NestedArray>;

/** torch.nn.Module: parameters by PyTorch's names, its repr as toString(). */
export interface Module {
  /** The class's name, as PyTorch's repr shows it. */
  readonly name: string;
  /** The layer's computation; a subclass of Module writes its own. */
  forward(...inputs: any[]): any;
  /** PyTorch's state_dict(): fresh copies of every parameter, keyed as PyTorch keys them. */
  stateDict(): Record<string, Tensor>;
  /**
   * PyTorch's load_state_dict. Every shape is checked before anything is written: a bad dict throws
   * (SHAPE_MISMATCH for a size mismatch, INVALID_ARGUMENT for missing or unexpected keys when strict,
   * PyTorch's message) and changes nothing.
   */
  loadStateDict(stateDict: StateDict, options?: { strict?: boolean }): { missingKeys: string[]; unexpectedKeys: string[] };
  /** Frees the parameters' memory in the module; the module is unusable afterwards. */
  free(): void;
  /** PyTorch's extra_repr. */
  extraRepr(): string;
  /** PyTorch's repr, e.g. 'Conv2d(3, 6, kernel_size=(3, 3), stride=(1, 1))'. */
  toString(): string;
}

/** nn.Conv2d's keyword arguments, as conv2d's options (without the bias tensor: `bias` says whether there is one). */
export interface Conv2dLayerOptions extends Omit<Conv2dOptions, 'out' | 'bias'> {
  /** Default true. */
  bias?: boolean;
}
export interface Conv1dLayerOptions extends Omit<Conv1dOptions, 'out' | 'bias'> {
  bias?: boolean;
}
export interface ConvTranspose2dLayerOptions extends Omit<ConvTranspose2dOptions, 'out' | 'bias' | 'outputSize'> {
  bias?: boolean;
  /** Only 'zeros', as PyTorch. */
  paddingMode?: 'zeros';
}
export interface ConvTranspose1dLayerOptions extends Omit<ConvTranspose1dOptions, 'out' | 'bias' | 'outputSize'> {
  bias?: boolean;
  paddingMode?: 'zeros';
}

/** A convolution layer: `weight` and `bias` read as fresh tensors and set with a shape check. */
export interface ConvLayer extends Module {
  /** The weight's values (a fresh copy); assigning checks the shape and copies the values in. */
  get weight(): Tensor;
  set weight(value: TensorLike | NestedArray);
  /** The bias's values, or null; assigning null removes it. */
  get bias(): Tensor | null;
  set bias(value: TensorLike | NestedArray | readonly number[] | null);
  forward(input: TensorLike): Tensor;
}
export interface ConvTransposeLayer extends ConvLayer {
  /** PyTorch's forward(input, output_size). */
  forward(input: TensorLike, outputSize?: readonly number[]): Tensor;
}

/** A layer without parameters: its arguments as PyTorch's, checked by its op at forward(). */
export interface PoolLayer<Result = Tensor> extends Module {
  forward(input: TensorLike): Result;
}

/** torch.nn.Sequential: modules run in order (keys '0', '1', …, or the names of an object given alone). */
export interface Sequential extends Module {
  readonly length: number;
  /** The i-th module (negative counts from the end). */
  at(i: number): Module;
  [Symbol.iterator](): Iterator<Module>;
  forward(input: TensorLike): Tensor;
}

/** cl.nn: PyTorch's layer classes, bound to one instance (each may be subclassed). */
export interface Nn {
  Module: new () => Module;
  Sequential: new (...modules: Module[] | [Record<string, Module>]) => Sequential;
  Conv2d: new (inChannels: number, outChannels: number, kernelSize: IntPair, options?: Conv2dLayerOptions) => ConvLayer;
  Conv1d: new (inChannels: number, outChannels: number, kernelSize: IntOne, options?: Conv1dLayerOptions) => ConvLayer;
  ConvTranspose2d: new (inChannels: number, outChannels: number, kernelSize: IntPair,
    options?: ConvTranspose2dLayerOptions) => ConvTransposeLayer;
  ConvTranspose1d: new (inChannels: number, outChannels: number, kernelSize: IntOne,
    options?: ConvTranspose1dLayerOptions) => ConvTransposeLayer;
  MaxPool2d: new (kernelSize: IntPair, options?: Omit<MaxPool2dOptions, 'out' | 'kernelSize'>) => PoolLayer<any>;
  MaxPool1d: new (kernelSize: IntOne, options?: Omit<MaxPool1dOptions, 'out' | 'kernelSize'>) => PoolLayer<any>;
  AvgPool2d: new (kernelSize: IntPair, options?: Omit<AvgPool2dOptions, 'out' | 'kernelSize'>) => PoolLayer;
  AvgPool1d: new (kernelSize: IntOne, options?: Omit<AvgPool1dOptions, 'out' | 'kernelSize'>) => PoolLayer;
  AdaptiveAvgPool2d: new (outputSize: AdaptiveOutputSize) => PoolLayer;
  AdaptiveMaxPool2d: new (outputSize: AdaptiveOutputSize, options?: { returnIndices?: boolean }) => PoolLayer<any>;
  AdaptiveAvgPool1d: new (outputSize: IntOne) => PoolLayer;
  AdaptiveMaxPool1d: new (outputSize: IntOne, options?: { returnIndices?: boolean }) => PoolLayer<any>;
  LPPool2d: new (normType: number, kernelSize: IntPair, options?: { stride?: IntPair | null; ceilMode?: boolean }) => PoolLayer;
  MaxUnpool2d: new (kernelSize: IntPair, options?: { stride?: IntPair | null; padding?: IntPair }) => Module & {
    forward(input: TensorLike, indices: IndexTensorLike, outputSize?: readonly number[]): Tensor;
  };
  Unfold: new (kernelSize: IntPair, options?: Omit<UnfoldOptions, 'out' | 'kernelSize'>) => PoolLayer;
  Fold: new (outputSize: IntPair, kernelSize: IntPair, options?: Omit<UnfoldOptions, 'out' | 'kernelSize'>) => PoolLayer;
}

/**
 * Options of {@link load}: its own (`simd`, `threads`, `fresh`) and the Emscripten module options that mean
 * something for convlens. Any other name rejects with UNKNOWN_OPTION, a wrong type with INVALID_TYPE.
 */
export interface LoadOptions {
  /** Default: SIMD when the engine validates it. `false` forces the scalar build; `true` fails (LOAD_FAILED) without SIMD. */
  simd?: boolean;
  /**
   * Default 1. An integer from 1 to 16: more than 1 loads the threaded SIMD build, whose calls split
   * their work over that many threads (the caller's and a pool of `threads − 1` workers started at load)
   * and still return synchronously, with the same bits as one thread. It runs in Node and on
   * cross-origin-isolated pages (COOP `same-origin` + COEP `require-corp`, where `crossOriginIsolated`
   * is true); elsewhere, without SIMD, or with `simd: false`, the one-thread build runs instead, and
   * `threadsNotice` says why. Out of range or not an integer: INVALID_ARGUMENT.
   */
  threads?: number;
  /**
   * Default false: every `load()` of one build returns the same shared instance (the one every
   * `<conv-lens>` on the page uses too). `true` instantiates a new, private one.
   */
  fresh?: boolean;
  /**
   * Emscripten's locateFile: where the .wasm files are when they are not beside the glue module (a
   * bundler that leaves them behind). Called with the file name and the glue's directory (its URL;
   * in Node its path, and the answer is a path or a file: URL).
   */
  locateFile?: (path: string, prefix: string) => string;
  /** Emscripten's wasmBinary: the .wasm's bytes, when you have them already (nothing is fetched or read). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Emscripten's print: the module's standard output (convlens writes none); discarded by default. */
  print?: (text: string) => void;
  /** Emscripten's printErr: the module's error output (convlens writes none); discarded by default. */
  printErr?: (text: string) => void;
}

/**
 * The WebAssembly module, loaded on first use: the SIMD build when the engine validates it, the
 * scalar build with `{ simd: false }`, the threaded build with `{ threads: n }` (n > 1; see
 * {@link LoadOptions.threads}). Every call for one build (and thread count) returns the same instance, which the
 * `<conv-lens>` elements of the page share (`fresh: true` gives a private one); the first call's
 * options create it. An instance stopped by an INTERNAL_ERROR is replaced by the next call, and a
 * failed load is tried again. Rejects with a {@link ConvlensError}: `LOAD_FAILED` naming the file and
 * the likely cause when the module cannot be fetched, compiled or instantiated, `UNKNOWN_OPTION` /
 * `INVALID_TYPE` for bad options.
 */
export function load(options?: LoadOptions | null): Promise<Convlens>;

/** The package's version (package.json's), e.g. `'0.1.0'`. */
export const version: string;

/** Whether this engine runs WebAssembly SIMD (what {@link load} uses to choose its default build). Never throws. */
export function simdSupported(): boolean;
