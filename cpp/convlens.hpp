// convlens: 2-D convolution and pooling with PyTorch's semantics, NCHW float32.
//
// Every public entry point validates its arguments once (in plans.cpp), returns a Status and never
// throws; kernels behind it assume valid input. Tensors are batched [N, C, H, W] or unbatched
// [C, H, W]; results have the rank of the input. Messages follow PyTorch's wording.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace convlens {

/// Largest tensor (in elements) the core accepts: 1 GiB of floats, so that a few of them fit in
/// wasm32's memory. A larger input, weight, padded input or output is a too_large status.
constexpr int64_t kMaxElements = int64_t(1) << 28;
/// Most taps a receptive-field query lists (a 512×512 window), and most output elements a batched
/// query answers: each is a few dozen bytes in C++ and an object in JS, so an unbounded window
/// could exhaust memory. More is a too_large status.
constexpr int64_t kMaxFieldTaps = int64_t(1) << 18;

/// Why a call failed. The numbers are stable: the JS API maps them to string codes.
enum class Code : int32_t {
  ok = 0,
  invalid_argument = 1,  ///< a bad value: non-positive stride, negative padding, unknown mode …
  invalid_shape = 2,     ///< wrong rank or a zero dimension
  shape_mismatch = 3,    ///< tensors that do not fit each other (channels vs groups, bias length …)
  output_too_small = 4,  ///< the computed output has a size < 1, or the kernel exceeds the padded input
  too_large = 5,         ///< sizes that would exhaust memory
};

/// Stable upper-case name of a code ("INVALID_ARGUMENT" …).
const char* code_name(Code code);

/// Result of every public call: ok, or a code with a readable message and the argument at fault.
struct Status {
  Code code = Code::ok;
  std::string message;
  /// PyTorch's snake_case name of the argument at fault ("stride", "padding", "weight", "pad" …),
  /// "" when no single argument is (an output too small for the input, kernel and padding together).
  /// Always a string literal: copying a Status copies no text.
  const char* argument = "";
  bool ok() const { return code == Code::ok; }
  static Status success() { return {}; }
};

/// A tensor shape of rank 0…8 (ops accept rank 3 or 4; the rest exists so errors can name it).
struct Shape {
  static constexpr int kMaxRank = 8;
  int32_t rank = 0;
  int64_t dim[kMaxRank] = {};
  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  /// Product of the dimensions, or -1 when it overflows int64 or a dimension is negative.
  int64_t numel() const;
  /// "[1, 2, 5, 5]", as PyTorch prints sizes.
  std::string str() const;
  bool operator==(const Shape& o) const;
  bool operator!=(const Shape& o) const { return !(*this == o); }
};

/// An (h, w) pair of integers.
struct Pair {
  int64_t h = 0, w = 0;
};

/// How the border is filled: zeros (F.pad's 'constant' with a value), reflect, replicate, circular.
enum class PaddingMode : int32_t { zeros = 0, reflect = 1, replicate = 2, circular = 3 };

/// conv2d's padding: explicit numbers, 'valid' (none) or 'same' (stride 1 only; odd totals put
/// the extra row/column at the bottom/right, as PyTorch does).
enum class ConvPadding : int32_t { explicit_values = 0, valid = 1, same = 2 };

struct Conv2dParams {
  Pair stride{1, 1};
  ConvPadding padding_kind = ConvPadding::explicit_values;
  Pair padding{0, 0};  ///< used when padding_kind == explicit_values
  Pair dilation{1, 1};
  int64_t groups = 1;
  PaddingMode padding_mode = PaddingMode::zeros;  ///< nn.Conv2d's padding_mode
};

struct ConvTranspose2dParams {
  Pair stride{1, 1};
  Pair padding{0, 0};
  Pair output_padding{0, 0};
  int64_t groups = 1;
  Pair dilation{1, 1};
  /// nn.ConvTranspose2d's output_size: when set, output_padding is solved from it.
  std::optional<Pair> output_size;
};

struct MaxPool2dParams {
  Pair kernel_size{0, 0};
  std::optional<Pair> stride;  ///< defaults to kernel_size
  Pair padding{0, 0};
  Pair dilation{1, 1};
  bool ceil_mode = false;
};

struct AvgPool2dParams {
  Pair kernel_size{0, 0};
  std::optional<Pair> stride;  ///< defaults to kernel_size
  Pair padding{0, 0};
  bool ceil_mode = false;
  bool count_include_pad = true;
  std::optional<int64_t> divisor_override;
};

/// The 1-D ops on [N, C, L] or [C, L] (F.conv1d and nn.Conv1d's padding_mode, F.conv_transpose1d and
/// nn.ConvTranspose1d's output_size, F.max_pool1d, F.avg_pool1d): each argument is one int.
struct Conv1dParams {
  int64_t stride = 1;
  ConvPadding padding_kind = ConvPadding::explicit_values;
  int64_t padding = 0;  ///< used when padding_kind == explicit_values; 'same' puts an odd extra on the right
  int64_t dilation = 1;
  int64_t groups = 1;
  PaddingMode padding_mode = PaddingMode::zeros;
};

struct ConvTranspose1dParams {
  int64_t stride = 1, padding = 0, output_padding = 0;
  int64_t groups = 1;
  int64_t dilation = 1;
  std::optional<int64_t> output_size;  ///< when set, output_padding is solved from it
};

struct MaxPool1dParams {
  int64_t kernel_size = 0;
  std::optional<int64_t> stride;  ///< defaults to kernel_size
  int64_t padding = 0, dilation = 1;
  bool ceil_mode = false;
  /// Check as PyTorch's return_indices=True path (max_pool1d_with_indices), whose rules differ from
  /// max_pool1d's; max_pool1d() also does whenever it is given `indices`.
  bool return_indices = false;
};

/// F.avg_pool1d has no divisor_override.
struct AvgPool1dParams {
  int64_t kernel_size = 0;
  std::optional<int64_t> stride;  ///< defaults to kernel_size
  int64_t padding = 0;
  bool ceil_mode = false;
  bool count_include_pad = true;
};

/// F.pad over the last one or two dimensions. Negative pads crop (circular crops first, then wraps
/// the cropped tensor); the constant mode may crop a dimension to zero size, as PyTorch does.
struct PadParams {
  int64_t left = 0, right = 0, top = 0, bottom = 0;  ///< F.pad's [left, right, top, bottom]; may be negative
  int32_t dims = 2;                                  ///< 1 for F.pad's [left, right], 2 for all four
  PaddingMode mode = PaddingMode::zeros;             ///< zeros means F.pad's 'constant'
  float value = 0.0f;                                ///< fill value for the constant mode
};

/// F.adaptive_avg_pool2d / F.adaptive_max_pool2d's output_size, per axis: a size ≥ 0, or none (PyTorch's
/// None in a pair) to keep the input's size on that axis.
struct AdaptivePool2dParams {
  std::optional<int64_t> output_h, output_w;
};

/// F.lp_pool2d: avg_pool2d(xᵖ) with no padding, then sign·relu·|·|, times kh·kw, to the power 1/p.
struct LpPool2dParams {
  double norm_type = 2.0;  ///< p, a Python float (0 fails as Python's 1.0 / 0 does)
  Pair kernel_size{0, 0};
  std::optional<Pair> stride;  ///< defaults to kernel_size
  bool ceil_mode = false;
};

/// F.max_unpool2d: kernel_size, stride and padding only make the default output size
/// (in − 1)·stride − 2·padding + kernel_size; output_size, when given, must lie strictly within one
/// stride of it. PyTorch checks none of them otherwise.
struct MaxUnpool2dParams {
  Pair kernel_size{0, 0};
  std::optional<Pair> stride;  ///< defaults to kernel_size
  Pair padding{0, 0};
  std::optional<Pair> output_size;
};

/// F.unfold (im2col) and F.fold (col2im): the sliding blocks of kernel_size over the (zero-)padded
/// image. fold also takes the image's output_size.
struct Im2colParams {
  Pair kernel_size{0, 0};
  Pair dilation{1, 1};
  Pair padding{0, 0};
  Pair stride{1, 1};
  Pair output_size{0, 0};  ///< fold only
};

/// Which output-size formula an axis follows.
enum class AxisKind : int32_t {
  window = 0,      ///< conv2d and pools: ⌊(in + pad − d·(k − 1) − 1) / s⌋ + 1 (⌈⌉ with ceil_mode)
  transposed = 1,  ///< conv_transpose2d: (in − 1)·s − 2p + d·(k − 1) + output_padding + 1
  pad = 2,         ///< pad: in + before + after
  adaptive = 3,    ///< adaptive pools: output_size given; window i is [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉)
  unpool = 4,  ///< max_unpool2d: (in − 1)·s − 2p + k, or the output_size given (output_padding = the difference)
};

/// One spatial axis of an op: its sizes, from which axis_formula() writes the formula.
struct AxisGeometry {
  AxisKind kind = AxisKind::window;
  int64_t input = 0, kernel = 0, stride = 1, dilation = 1;
  int64_t pad_before = 0, pad_after = 0;  ///< top/left and bottom/right padding actually applied
  int64_t output_padding = 0;             ///< conv_transpose2d only
  int64_t output = 0;
  bool ceil_mode = false;
  bool dropped_last_window = false;  ///< ceil_mode's extra window would start in the right padding
};

/// The output-size formula of an axis with its numbers substituted,
/// e.g. "⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3".
std::string axis_formula(const AxisGeometry& axis);

/// The output shape of an op and how each spatial axis was computed (axis[0] = H, axis[1] = W).
struct OutputInfo {
  Shape shape;
  AxisGeometry axis[2];
};

/// Shape-only versions of the ops: the same validation and messages as the ops, no data.
/// `bias` is the bias shape when the op has a bias.
Status conv2d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                     const Conv2dParams& params, OutputInfo* info);
Status conv_transpose2d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                               const ConvTranspose2dParams& params, OutputInfo* info);
Status max_pool2d_output(const Shape& input, const MaxPool2dParams& params, OutputInfo* info);
Status avg_pool2d_output(const Shape& input, const AvgPool2dParams& params, OutputInfo* info);
Status pad_output(const Shape& input, const PadParams& params, OutputInfo* info);
Status lp_pool2d_output(const Shape& input, const LpPool2dParams& params, OutputInfo* info);
/// unfold / fold: the result's shape, and per axis the count of sliding blocks (the window formula).
Status unfold_output(const Shape& input, const Im2colParams& params, OutputInfo* info);
Status fold_output(const Shape& input, const Im2colParams& params, OutputInfo* info);
/// max_unpool2d's output from the input's and the indices' shapes (the indices' values are checked by the op).
Status max_unpool2d_output(const Shape& input, const Shape& indices, const MaxUnpool2dParams& params, OutputInfo* info);
Status adaptive_avg_pool2d_output(const Shape& input, const AdaptivePool2dParams& params, OutputInfo* info);
/// The 1-D adaptive pools on [N, C, L] or [C, L] (axis[0] is the unit H axis PyTorch inserts).
Status adaptive_avg_pool1d_output(const Shape& input, int64_t output_size, OutputInfo* info);
Status adaptive_max_pool1d_output(const Shape& input, int64_t output_size, OutputInfo* info);
/// The 1-D conv ops and pools: their output ([N, C, L] or [C, L]); axis[0] is the unit H axis they run
/// with, axis[1] the length's. max_pool1d_output checks as params.return_indices says.
Status conv1d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                     const Conv1dParams& params, OutputInfo* info);
Status conv_transpose1d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                               const ConvTranspose1dParams& params, OutputInfo* info);
Status max_pool1d_output(const Shape& input, const MaxPool1dParams& params, OutputInfo* info);
Status avg_pool1d_output(const Shape& input, const AvgPool1dParams& params, OutputInfo* info);
Status adaptive_max_pool2d_output(const Shape& input, const AdaptivePool2dParams& params, OutputInfo* info);

/// A read-only tensor: `data` holds shape.numel() floats, row-major.
struct TensorView {
  const float* data = nullptr;
  Shape shape;
};

/// Where an op writes its result: `capacity` floats at `data`; the op fails with shape_mismatch
/// when the result needs more.
struct OutputBuffer {
  float* data = nullptr;
  size_t capacity = 0;
};

/// F.conv2d (plus nn.Conv2d's padding_mode). Writes the output and its shape.
Status conv2d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
              const Conv2dParams& params, OutputBuffer out, Shape* out_shape);
/// F.conv_transpose2d (plus nn.ConvTranspose2d's output_size).
Status conv_transpose2d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
                        const ConvTranspose2dParams& params, OutputBuffer out, Shape* out_shape);
/// F.max_pool2d. `indices` (nullable) receives PyTorch's indices: flat h·W + w inside each (n, c) plane,
/// output-sized. NaN in a window wins (and its index is reported), ties keep the first maximum.
Status max_pool2d(const TensorView& input, const MaxPool2dParams& params, OutputBuffer out, int32_t* indices,
                  Shape* out_shape);
/// F.avg_pool2d.
Status avg_pool2d(const TensorView& input, const AvgPool2dParams& params, OutputBuffer out, Shape* out_shape);
/// F.adaptive_avg_pool2d: output (i, j) averages input rows [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉) and the
/// columns alike, as ATen does (the float sum divided by the window's height, then by its width;
/// an output of 1×1 is ATen's mean: the sum divided by H·W once). An output size of 0 gives an empty result.
Status adaptive_avg_pool2d(const TensorView& input, const AdaptivePool2dParams& params, OutputBuffer out,
                           Shape* out_shape);
/// F.adaptive_max_pool2d over the same windows. `indices` (nullable) as max_pool2d's: a NaN wins (the
/// last one in scan order), ties keep the first maximum.
Status adaptive_max_pool2d(const TensorView& input, const AdaptivePool2dParams& params, OutputBuffer out,
                           int32_t* indices, Shape* out_shape);
/// F.lp_pool2d as PyTorch computes it in float32: s = avg_pool2d(x.pow(p)) (the window's float sum
/// over its size, clipped by ceil_mode), then (sign(s)·relu(|s|))·(kw·kh), then .pow(1 / p), with
/// torch.pow's special exponents (0: ones, 1: a copy, 2: x·x, 3: x·x·x, −2: 1/(x·x), 0.5: sqrt,
/// −0.5: 1/sqrt, −1: 1/x; any other in float, the exponent rounded to float, as ATen's vectorized path).
/// A partial ceil_mode window is scaled by the full kw·kh, as in PyTorch.
Status lp_pool2d(const TensorView& input, const LpPool2dParams& params, OutputBuffer out, Shape* out_shape);
/// F.unfold: [N, C, H, W] (or [C, H, W]) → [N, C·kh·kw, L] (or [C·kh·kw, L]), L = blocks_h·blocks_w;
/// row c·kh·kw + ky·kw + kx holds input (c, y·s − p + ky·d, x·s − p + kx·d) of every block, zero in the padding.
Status unfold(const TensorView& input, const Im2colParams& params, OutputBuffer out, Shape* out_shape);
/// F.fold: [N, C·kh·kw, L] (or [C·kh·kw, L]) → [N, C, output_size] (or [C, …]), summing overlapping
/// blocks in ATen's col2im order (row by row of the columns, each added into a zeroed image).
Status fold(const TensorView& input, const Im2colParams& params, OutputBuffer out, Shape* out_shape);
/// Max-pool indices: int32 values (PyTorch's int64 narrowed; per (n, c) plane, as max_pool2d returns them).
struct IndexView {
  const int32_t* data = nullptr;
  Shape shape;
};

/// F.max_unpool2d: zeros, then output[n, c].flat[indices[n, c, i]] = input[n, c, i] in scan order (a
/// repeated index keeps the last value). An index outside the output plane is PyTorch's
/// invalid_argument ("Found an invalid max index: …", the last one in scan order); an empty output
/// checks none.
Status max_unpool2d(const TensorView& input, const IndexView& indices, const MaxUnpool2dParams& params,
                    OutputBuffer out, Shape* out_shape);
/// F.adaptive_avg_pool1d / F.adaptive_max_pool1d on [N, C, L] or [C, L]: as ATen, the 2-D op on the
/// input with a unit H axis inserted (its messages then name that 4-D or 3-D size), the result without it.
Status adaptive_avg_pool1d(const TensorView& input, int64_t output_size, OutputBuffer out, Shape* out_shape);
Status adaptive_max_pool1d(const TensorView& input, int64_t output_size, OutputBuffer out, int32_t* indices,
                           Shape* out_shape);
/// The 1-D ops on [N, C, L] or [C, L], run as ATen runs them on the 2-D ops with a unit H axis, with
/// PyTorch's 1-D checks and messages (conv1d's "Expected 2D (unbatched) or 3D (batched) input …").
/// Weights are [C_out, C_in / groups, K] (transposed: [C_in, C_out / groups, K]).
Status conv1d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
              const Conv1dParams& params, OutputBuffer out, Shape* out_shape);
Status conv_transpose1d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
                        const ConvTranspose1dParams& params, OutputBuffer out, Shape* out_shape);
/// F.max_pool1d. `indices` (nullable) receives positions along L, as PyTorch's; asking for them (or
/// params.return_indices) checks as PyTorch's return_indices=True does (max_pool1d_with_indices: max_pool2d's messages
/// on the input with a unit H axis), not asking as its max_pool1d (check_max_pool1d's messages).
Status max_pool1d(const TensorView& input, const MaxPool1dParams& params, OutputBuffer out, int32_t* indices,
                  Shape* out_shape);
/// F.avg_pool1d: avg_pool2d on the input with a unit H axis (its messages name that size).
Status avg_pool1d(const TensorView& input, const AvgPool1dParams& params, OutputBuffer out, Shape* out_shape);
/// F.pad on the last one or two dimensions (see PadParams).
Status pad(const TensorView& input, const PadParams& params, OutputBuffer out, Shape* out_shape);

/// The gradients of F.conv2d (plus nn.Conv2d's padding_mode), as autograd's convolution backward gives
/// them for the upstream gradient `grad_output` (conv2d's output shape, else shape_mismatch):
/// grad_input (the input's shape) is conv_transpose2d(grad_output, weight) with the same stride,
/// dilation and groups onto the padded input, then the padding folded back (zeros: dropped; reflect,
/// replicate, circular: added onto the element it copied); grad_weight (the weight's shape) is
/// Σ grad_output·padded input over N, OH, OW per group; grad_bias (bias_length floats) is Σ grad_output
/// over N, OH, OW, written only when `bias` is given (its shape checked as conv2d checks a bias).
/// Arguments are validated as conv2d's first.
Status conv2d_backward(const TensorView& grad_output, const TensorView& input, const TensorView& weight,
                       const std::optional<Shape>& bias, const Conv2dParams& params, OutputBuffer grad_input,
                       OutputBuffer grad_weight, OutputBuffer grad_bias);
/// The gradient of F.max_pool2d for `grad_output` (max_pool2d's output shape, else shape_mismatch):
/// each output's gradient is added to the input element max_pool2d's indices name (NaN and tie rules
/// as there), in output scan order, as ATen's max_pool2d_with_indices_backward.
Status max_pool2d_backward(const TensorView& grad_output, const TensorView& input, const MaxPool2dParams& params,
                           OutputBuffer grad_input);
/// The gradient of F.avg_pool2d, as ATen's avg_pool2d_backward: each output's gradient divided (in
/// float) by its window's divisor (count_include_pad, divisor_override, ceil_mode's clipped windows)
/// and added to every input element of the window clipped to the input.
Status avg_pool2d_backward(const TensorView& grad_output, const TensorView& input, const AvgPool2dParams& params,
                           OutputBuffer grad_input);

/// nn.Conv2d / nn.ConvTranspose2d parameter count, with its formula ("weights 3·3·1·1 + bias 1 = 10").
struct ParameterCount {
  int64_t weights = 0, bias = 0, total = 0;
  std::string formula;
};
Status conv2d_parameter_count(int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups, bool bias,
                              ParameterCount* count);
Status conv_transpose2d_parameter_count(int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups,
                                        bool bias, ParameterCount* count);
/// nn.Conv1d / nn.ConvTranspose1d parameter count ("weights 3·2·4 + bias 4 = 28").
Status conv1d_parameter_count(int64_t in_channels, int64_t out_channels, int64_t kernel_size, int64_t groups, bool bias,
                              ParameterCount* count);
Status conv_transpose1d_parameter_count(int64_t in_channels, int64_t out_channels, int64_t kernel_size, int64_t groups,
                                        bool bias, ParameterCount* count);

/// One input position that meets one weight position (conv ops) or lies in a window (pools).
struct Tap {
  int64_t n = 0, c = 0;                  ///< input batch and channel
  int64_t y = 0, x = 0;                  ///< position in the padded input, relative to the unpadded origin
  int64_t source_y = -1, source_x = -1;  ///< the input element read there; -1 = padding (zero, −inf, not counted)
  int64_t input_index = -1;              ///< flat index of the source in the input, -1 for padding
  int64_t weight[4] = {-1, -1, -1, -1};  ///< weight position (conv ops), -1s for pools
  int64_t weight_index = -1;             ///< flat index into the weight, -1 for pools
};

/// Which inputs and weights make output element (n, c, y, x).
/// conv2d/conv_transpose2d: output = bias[bias_index] + Σ input[input_index]·weight[weight_index];
/// max pool: max over taps (padding = −inf); avg pool: Σ over non-padding taps / divisor.
struct ReceptiveField {
  std::vector<Tap> taps;
  int64_t bias_index = -1;  ///< conv ops: the output channel; -1 for pools
  int64_t divisor = 0;      ///< avg pool only
};

/// `out_index` is (n, c, y, x) in the output (n = 0 for unbatched inputs). Fails with
/// invalid_argument when it lies outside the output.
Status conv2d_receptive_field(const Shape& input, const Shape& weight, const Conv2dParams& params,
                              const int64_t out_index[4], ReceptiveField* field);
Status conv_transpose2d_receptive_field(const Shape& input, const Shape& weight, const ConvTranspose2dParams& params,
                                        const int64_t out_index[4], ReceptiveField* field);
Status max_pool2d_receptive_field(const Shape& input, const MaxPool2dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field);
Status avg_pool2d_receptive_field(const Shape& input, const AvgPool2dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field);
/// lp_pool2d: the taps of the window (no padding).
Status lp_pool2d_receptive_field(const Shape& input, const LpPool2dParams& params, const int64_t out_index[4],
                                 ReceptiveField* field);
/// Adaptive pools: the taps of the window (no padding); avg adds the window's size as the divisor.
Status adaptive_avg_pool2d_receptive_field(const Shape& input, const AdaptivePool2dParams& params,
                                           const int64_t out_index[4], ReceptiveField* field);
Status adaptive_max_pool2d_receptive_field(const Shape& input, const AdaptivePool2dParams& params,
                                           const int64_t out_index[4], ReceptiveField* field);

/// Receives the receptive fields of a range of output elements: reserve() once with the output's
/// shape, the range and its total tap count, then add() per element in order. A reserve() that
/// returns false (out of memory) fails the call with too_large.
class FieldSink {
 public:
  virtual bool reserve(const Shape& output, int64_t start, int64_t count, int64_t taps) = 0;
  virtual void add(const ReceptiveField& field) = 0;

 protected:
  ~FieldSink() = default;
};

/// The receptive fields of `count` consecutive output elements from flat (row-major) index `start`
/// (no count: to the end of the output), planned once, into `sink`. Fails like the one-element
/// calls for a bad spec; invalid_argument ("start" / "count") for a range outside the output;
/// too_large, before the sink gets anything, for more than kMaxFieldTaps elements or taps in all.
Status conv2d_receptive_fields(const Shape& input, const Shape& weight, const Conv2dParams& params, int64_t start,
                               std::optional<int64_t> count, FieldSink* sink);
Status conv_transpose2d_receptive_fields(const Shape& input, const Shape& weight, const ConvTranspose2dParams& params,
                                         int64_t start, std::optional<int64_t> count, FieldSink* sink);
Status max_pool2d_receptive_fields(const Shape& input, const MaxPool2dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink);
Status avg_pool2d_receptive_fields(const Shape& input, const AvgPool2dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink);
Status lp_pool2d_receptive_fields(const Shape& input, const LpPool2dParams& params, int64_t start,
                                  std::optional<int64_t> count, FieldSink* sink);
Status adaptive_avg_pool2d_receptive_fields(const Shape& input, const AdaptivePool2dParams& params, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink);
Status adaptive_max_pool2d_receptive_fields(const Shape& input, const AdaptivePool2dParams& params, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink);

/// The 1-D ops (conv1d, conv_transpose1d, max_pool1d as params.return_indices says, avg_pool1d, the adaptive 1-D
/// pools): the fields of the 2-D op they run, at `out_index` (n, c, 0, x); each tap's y is 0 (the unit
/// H axis) and its input_index indexes the 1-D input. Batches report the 1-D output shape.
Status conv1d_receptive_field(const Shape& input, const Shape& weight, const Conv1dParams& params,
                              const int64_t out_index[4], ReceptiveField* field);
Status conv1d_receptive_fields(const Shape& input, const Shape& weight, const Conv1dParams& params, int64_t start,
                               std::optional<int64_t> count, FieldSink* sink);
Status conv_transpose1d_receptive_field(const Shape& input, const Shape& weight, const ConvTranspose1dParams& params,
                                        const int64_t out_index[4], ReceptiveField* field);
Status conv_transpose1d_receptive_fields(const Shape& input, const Shape& weight, const ConvTranspose1dParams& params,
                                         int64_t start, std::optional<int64_t> count, FieldSink* sink);
Status max_pool1d_receptive_field(const Shape& input, const MaxPool1dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field);
Status max_pool1d_receptive_fields(const Shape& input, const MaxPool1dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink);
Status avg_pool1d_receptive_field(const Shape& input, const AvgPool1dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field);
Status avg_pool1d_receptive_fields(const Shape& input, const AvgPool1dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink);
Status adaptive_avg_pool1d_receptive_field(const Shape& input, int64_t output_size, const int64_t out_index[4],
                                           ReceptiveField* field);
Status adaptive_avg_pool1d_receptive_fields(const Shape& input, int64_t output_size, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink);
Status adaptive_max_pool1d_receptive_field(const Shape& input, int64_t output_size, const int64_t out_index[4],
                                           ReceptiveField* field);
Status adaptive_max_pool1d_receptive_fields(const Shape& input, int64_t output_size, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink);
/// unfold: output (n, row, 0, l) of [N, C·kh·kw, L] is one tap, the image element block l reads at kernel
/// position row (padding: no source). fold: output (n, c, y, x) is the sum of its taps, the entries
/// (n, row, 0, l) of the [N, C·kh·kw, L] input whose block l puts kernel position row on (y, x), in
/// ATen's summation order. (max_unpool2d has none: where an input lands depends on the indices' values.)
Status unfold_receptive_field(const Shape& input, const Im2colParams& params, const int64_t out_index[4],
                              ReceptiveField* field);
Status unfold_receptive_fields(const Shape& input, const Im2colParams& params, int64_t start,
                               std::optional<int64_t> count, FieldSink* sink);
Status fold_receptive_field(const Shape& input, const Im2colParams& params, const int64_t out_index[4],
                            ReceptiveField* field);
Status fold_receptive_fields(const Shape& input, const Im2colParams& params, int64_t start,
                             std::optional<int64_t> count, FieldSink* sink);

}  // namespace convlens
