// The shapes the playground passes around: its state (state.js), its tensors (tensors.js) and the result of
// running a state's op (compute.js). Types only (tsc --checkJs reads them; nothing imports them at run time).
// The package's own types (Tensor, ShapeInfo, …) are web/convlens/index.d.ts.
import type {
  Convlens, IndexTensor, ParameterCount, ParameterCountSpec, ShapeInfo, Tensor,
} from '../../convlens/index.d.ts';

/** The loaded API the playground is handed (ui/ never imports the package itself), and its argument shapes. */
export type { Convlens, ParameterCountSpec };

/**
 * One entry of a field schema (state.js FIELDS, image mode's layers.js): kind 'enum' | 'int' | 'pair' |
 * 'padding' | 'bool', its range or values, its default, the ops that have it, whether None is allowed.
 */
export interface Field {
  name: string;
  kind: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  def?: any;
  nullable?: boolean;
  ops?: readonly string[];
}

/** A convlens op the playground runs, by its convlens / F.* name. */
export type OpName = 'conv2d' | 'convTranspose2d' | 'maxPool2d' | 'avgPool2d' | 'adaptiveAvgPool2d' | 'adaptiveMaxPool2d'
  | 'lpPool2d' | 'unfold' | 'fold' | 'maxUnpool2d' | 'conv1d' | 'convTranspose1d' | 'maxPool1d' | 'avgPool1d' | 'adaptiveAvgPool1d' | 'adaptiveMaxPool1d';

/** An (H, W) pair of ints, as PyTorch's arguments take them. */
export type Pair = [number, number];

/** A size of the state: a 2-D op's (H, W) pair, or a 1-D op's one int (its L axis). */
export type Size = Pair | number;

/** How a tensor was filled (zeros, ones, range, random with a seed), until the first edit. */
export interface FillRecipe {
  kind: string;
  seed: number;
}

/**
 * One of the playground's tensors: what the user typed (texts) and the numbers they mean (values, NaN where
 * a text is not a number; `invalid` holds those flat indices).
 */
export interface PlaygroundTensor {
  shape: number[];
  texts: string[];
  values: Float32Array;
  invalid: Set<number>;
  fill: FillRecipe | null;
}

/** The state of the playground: one value per field of FIELDS (state.js) under PyTorch's names, and the tensors. */
export interface PlaygroundState {
  op: OpName;
  batch: number;
  in_channels: number;
  out_channels: number;
  input_size: Size;
  kernel_size: Size;
  stride: Size | null;
  padding: Size | 'same' | 'valid';
  dilation: Size;
  groups: number;
  padding_mode: 'zeros' | 'reflect' | 'replicate' | 'circular';
  bias: boolean;
  output_padding: Size;
  /** convTranspose2d's wanted size, or an adaptive pool's (where an axis may be None: keep that size). */
  output_size: [number | null, number | null] | number | null;
  /** LPPool2d's p. */
  norm_type: number;
  ceil_mode: boolean;
  return_indices: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
  lang: 'en' | 'zh';
  anim_view: 'direct' | 'scatter';
  anim_batch: number;
  anim_channel: number;
  anim_step: number;
  anim_speed: string;
  anim_loop: boolean;
  anim_values: boolean;
  /** The page's panels (panel-state.js; not in the widget's state). */
  unfold_view?: boolean;
  backward_view?: boolean;
  grad_output?: 'ones' | 'random' | 'onehot';
  grad_seed?: number;
  select: number | null;
  /** indices: MaxUnpool2d's indices as typed (absent: max pooling's of the input). */
  tensors: { input: PlaygroundTensor; weight: PlaygroundTensor; bias: PlaygroundTensor; indices?: PlaygroundTensor };
}

/** A message for the reader: an i18n key and its parameters. */
export interface Notice {
  key: string;
  params?: Record<string, unknown>;
}

/** Why a state's op did not run (evaluate() in compute.js). */
export interface EvaluateError {
  /** A ConvlensError code, or the playground's own INVALID_CELL / TOO_LARGE. */
  code: string;
  message: string;
  /** A ConvlensError's argument at fault (PyTorch's name); error-fields.js maps it to the fields to mark. */
  argument?: string;
  /** INVALID_CELL: the tensor and its first cell that is not a number. */
  tensor?: string;
  cell?: { position: number[]; text: string };
  /** TOO_LARGE: the output shape past the playground's limit. */
  limit?: { shape: number[]; max: number };
}

/** What evaluate() returns: the op's output (and what the views explain it with), or why it failed. */
export type EvaluateResult =
  | {
      ok: true;
      output: Tensor;
      /** maxPool2d: PyTorch's indices of the maxima; maxUnpool2d: the indices it scattered by. */
      indices?: IndexTensor | Tensor;
      /** maxUnpool2d: its x, the max pooling of the input. */
      pooled?: Tensor;
      info: ShapeInfo;
      /** conv ops: the parameter count of the nn module. */
      params?: ParameterCount;
      channels: number;
      error?: undefined;
    }
  | { ok: false; error: EvaluateError };
