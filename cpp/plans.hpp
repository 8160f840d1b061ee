// Validated, fully resolved descriptions of each op ("plans"), made in one place (plans.cpp) and used by
// the ops, the output-shape helpers and the receptive-field helpers alike. Internal to the core.
#pragma once

#include "convlens.hpp"

namespace convlens::detail {

using convlens::kMaxElements;
using convlens::kMaxFieldTaps;
/// Largest scratch buffer a kernel may ask for (padded input and workspace each stay below it, so
/// their sum fits wasm32's 32-bit size_t); a kernel that would need more is not selected.
constexpr int64_t kMaxWorkspaceBytes = int64_t(1) << 30;

/// An input tensor resolved to 4-D: unbatched [C, H, W] is N = 1, batched = false.
struct Input4 {
  bool batched = true;
  int64_t N = 0, C = 0, H = 0, W = 0;
};

/// conv2d always runs as "pad the input (any mode), then a valid convolution".
struct Conv2dPlan {
  Input4 in;
  int64_t Cout = 0, KH = 0, KW = 0, groups = 1;  // weight [Cout, C / groups, KH, KW]
  int64_t SH = 1, SW = 1, DH = 1, DW = 1;
  int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  PaddingMode mode = PaddingMode::zeros;
  int64_t OH = 0, OW = 0;
  bool has_bias = false;
};

struct ConvTranspose2dPlan {
  Input4 in;
  int64_t Cout = 0, KH = 0, KW = 0, groups = 1;  // weight [C, Cout / groups, KH, KW]
  int64_t SH = 1, SW = 1, PH = 0, PW = 0, OPH = 0, OPW = 0, DH = 1, DW = 1;
  int64_t OH = 0, OW = 0;
  bool has_bias = false;
  /// Every weight is finite (set by the op from the data): kernels that multiply weights by the
  /// structural zeros between input pixels (0·∞ = NaN) may run only then.
  bool finite_weight = true;
};

/// Max and average pooling share one plan; the average-only fields are ignored by max pooling.
struct Pool2dPlan {
  Input4 in;
  int64_t KH = 0, KW = 0, SH = 1, SW = 1, PH = 0, PW = 0, DH = 1, DW = 1;
  bool ceil_mode = false;
  bool dropped_h = false, dropped_w = false;  // ceil_mode's extra window dropped per axis
  int64_t OH = 0, OW = 0;
  bool count_include_pad = true;
  int64_t divisor_override = 0;  // 0 = none
  double norm_type = 0.0;        // lp_pool2d only
};

/// max_unpool2d: the output plane and the numbers of the default size, for its formula.
struct MaxUnpool2dPlan {
  Input4 in;
  int64_t KH = 0, KW = 0, SH = 1, SW = 1, PH = 0, PW = 0;
  int64_t OH = 0, OW = 0;
  int64_t default_h = 0, default_w = 0;  // (in − 1)·s − 2p + k
};

/// unfold / fold: the image (N, C, H, W: the input of unfold, the output of fold), the kernel and the
/// blocks (BH·BW = L columns of C·KH·KW rows); `batched` says whether the tensors have N.
struct Im2colPlan {
  Input4 image;
  int64_t KH = 0, KW = 0, DH = 1, DW = 1, PH = 0, PW = 0, SH = 1, SW = 1;
  int64_t BH = 0, BW = 0;
};
inline Shape columns_shape(const Im2colPlan& p) {
  const int64_t rows = p.image.C * p.KH * p.KW, L = p.BH * p.BW;
  return p.image.batched ? Shape{p.image.N, rows, L} : Shape{rows, L};
}

/// Adaptive pools: the output size, with PyTorch's None resolved to the input's size.
struct AdaptivePool2dPlan {
  Input4 in;
  int64_t OH = 0, OW = 0;
};

/// ATen's start_index / end_index: adaptive window i of `out` over `in` is [start, end), written so that
/// no product exceeds i·in (which the plan keeps far below 2^63).
inline int64_t adaptive_start(int64_t i, int64_t in, int64_t out) { return (i / out) * in + ((i % out) * in) / out; }
inline int64_t adaptive_end(int64_t i, int64_t in, int64_t out) { return 1 + ((i + 1) * in - 1) / out; }

struct PadPlan {
  Input4 in;
  int64_t left = 0, right = 0, top = 0, bottom = 0;
  int64_t crop_left = 0, crop_right = 0, crop_top = 0, crop_bottom = 0;  // elements negative pads remove
  PaddingMode mode = PaddingMode::zeros;
  float value = 0.0f;
  int64_t OH = 0, OW = 0;
};

Status plan_conv2d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias, const Conv2dParams& p,
                   Conv2dPlan* plan);
Status plan_conv_transpose2d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                             const ConvTranspose2dParams& p, ConvTranspose2dPlan* plan);
Status plan_max_pool2d(const Shape& input, const MaxPool2dParams& p, Pool2dPlan* plan);
Status plan_avg_pool2d(const Shape& input, const AvgPool2dParams& p, Pool2dPlan* plan);
Status plan_pad(const Shape& input, const PadParams& p, PadPlan* plan);
Status plan_max_unpool2d(const Shape& input, const Shape& indices, const MaxUnpool2dParams& p, MaxUnpool2dPlan* plan);
Status plan_unfold(const Shape& input, const Im2colParams& p, Im2colPlan* plan);
Status plan_fold(const Shape& input, const Im2colParams& p, Im2colPlan* plan);
/// lp_pool2d is avg_pool2d's plan (no padding, count_include_pad) with the norm.
Status plan_lp_pool2d(const Shape& input, const LpPool2dParams& p, Pool2dPlan* plan);
Status plan_adaptive_avg_pool2d(const Shape& input, const AdaptivePool2dParams& p, AdaptivePool2dPlan* plan);
Status plan_adaptive_max_pool2d(const Shape& input, const AdaptivePool2dParams& p, AdaptivePool2dPlan* plan);
/// The 1-D adaptive pools: ATen's 1-D checks, then the 2-D plan of the input with a unit H axis.
Status plan_adaptive_avg_pool1d(const Shape& input, int64_t output_size, AdaptivePool2dPlan* plan);
Status plan_adaptive_max_pool1d(const Shape& input, int64_t output_size, AdaptivePool2dPlan* plan);
/// The 1-D conv ops and pools: ATen's 1-D checks, then the 2-D plan of the input with a unit H axis.
/// max_pool1d checks as PyTorch's return_indices=True path when `with_indices`.
Status plan_conv1d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias, const Conv1dParams& p,
                   Conv2dPlan* plan);
Status plan_conv_transpose1d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                             const ConvTranspose1dParams& p, ConvTranspose2dPlan* plan);
Status plan_max_pool1d(const Shape& input, const MaxPool1dParams& p, bool with_indices, Pool2dPlan* plan);
Status plan_avg_pool1d(const Shape& input, const AvgPool1dParams& p, Pool2dPlan* plan);
/// A 1-D op's result: a 2-D plan's output shape without its unit H axis.
inline Shape squeeze_h(const Shape& s) {
  Shape r = s;
  r.rank = s.rank - 1;
  r.dim[s.rank - 2] = s.dim[s.rank - 1], r.dim[s.rank - 1] = 0;
  return r;
}
inline Shape output_shape_1d(const AdaptivePool2dPlan& p) {
  return p.in.batched ? Shape{p.in.N, p.in.C, p.OW} : Shape{p.in.C, p.OW};
}

/// One average-pooling window clipped to the input, and the divisor ATen uses for it: the window
/// clipped to the padded input (count_include_pad), clipped to the input, or divisor_override.
/// An empty window (y0 >= y1 or x0 >= x1) averages to 0.
struct AvgWindow {
  int64_t y0, y1, x0, x1, divisor;
};
inline AvgWindow avg_pool2d_window(const Pool2dPlan& p, int64_t oy, int64_t ox) {
  int64_t y0 = oy * p.SH - p.PH, x0 = ox * p.SW - p.PW;
  int64_t y1 = y0 + p.KH < p.in.H + p.PH ? y0 + p.KH : p.in.H + p.PH;
  int64_t x1 = x0 + p.KW < p.in.W + p.PW ? x0 + p.KW : p.in.W + p.PW;
  const int64_t padded_count = (y1 - y0) * (x1 - x0);
  y0 = y0 < 0 ? 0 : y0, x0 = x0 < 0 ? 0 : x0;
  y1 = y1 > p.in.H ? p.in.H : y1, x1 = x1 > p.in.W ? p.in.W : x1;
  const int64_t divisor = p.divisor_override    ? p.divisor_override
                          : p.count_include_pad ? padded_count
                                                : (y1 - y0) * (x1 - x0);
  return {y0, y1, x0, x1, divisor};
}

/// The output shape of a plan, with the input's rank.
Shape output_shape(const Input4& in, int64_t C, int64_t OH, int64_t OW);

/// The output shape of each plan (the op's result, with the input's rank).
inline Shape output_shape(const Conv2dPlan& p) { return output_shape(p.in, p.Cout, p.OH, p.OW); }
inline Shape output_shape(const ConvTranspose2dPlan& p) { return output_shape(p.in, p.Cout, p.OH, p.OW); }
inline Shape output_shape(const Pool2dPlan& p) { return output_shape(p.in, p.in.C, p.OH, p.OW); }
inline Shape output_shape(const PadPlan& p) { return output_shape(p.in, p.in.C, p.OH, p.OW); }
inline Shape output_shape(const AdaptivePool2dPlan& p) { return output_shape(p.in, p.in.C, p.OH, p.OW); }
inline Shape output_shape(const MaxUnpool2dPlan& p) { return output_shape(p.in, p.in.C, p.OH, p.OW); }

/// The ops on a plan made by plan_*() from the same tensors' shapes (ops.cpp): they check the data
/// pointers and the output buffer, then run. The public ops are plan_*() followed by these.
/// A conv2d or conv_transpose2d weight packed for its kernel by conv2d_pack_weight or
/// conv_transpose2d_pack_weight: its floats and its size in bytes.
struct PackedWeight {
  const float* data = nullptr;
  int64_t bytes = 0;
};
/// conv2d and conv_transpose2d take their weight packed for their kernel when `packed.data` is given (made by
/// *_pack_weight from the same plan and weight: a layer packs once per weight), and refuse one whose size is
/// not the plan's; otherwise they pack per call.
Status conv2d(const Conv2dPlan& plan, const TensorView& input, const TensorView& weight,
              const std::optional<TensorView>& bias, OutputBuffer out, PackedWeight packed = {});
Status conv_transpose2d(const ConvTranspose2dPlan& plan, const TensorView& input, const TensorView& weight,
                        const std::optional<TensorView>& bias, OutputBuffer out, PackedWeight packed = {});
Status max_pool2d(const Pool2dPlan& plan, const TensorView& input, OutputBuffer out, int32_t* indices);
Status avg_pool2d(const Pool2dPlan& plan, const TensorView& input, OutputBuffer out);
Status pad(const PadPlan& plan, const TensorView& input, OutputBuffer out);
Status lp_pool2d(const Pool2dPlan& plan, const TensorView& input, OutputBuffer out);
Status unfold(const Im2colPlan& plan, const TensorView& input, OutputBuffer out);
Status fold(const Im2colPlan& plan, const TensorView& input, OutputBuffer out);
Status max_unpool2d(const MaxUnpool2dPlan& plan, const TensorView& input, const IndexView& indices, OutputBuffer out);
Status adaptive_avg_pool2d(const AdaptivePool2dPlan& plan, const TensorView& input, OutputBuffer out);
Status adaptive_max_pool2d(const AdaptivePool2dPlan& plan, const TensorView& input, OutputBuffer out, int32_t* indices);

/// The backward ops' plans: the forward op's plan, then grad_output's shape checked against its output.
Status plan_conv2d_backward(const Shape& grad_output, const Shape& input, const Shape& weight,
                            const std::optional<Shape>& bias, const Conv2dParams& p, Conv2dPlan* plan);
Status plan_max_pool2d_backward(const Shape& grad_output, const Shape& input, const MaxPool2dParams& p,
                                Pool2dPlan* plan);
Status plan_avg_pool2d_backward(const Shape& grad_output, const Shape& input, const AvgPool2dParams& p,
                                Pool2dPlan* plan);
/// The backward ops on a plan made from the same tensors' shapes; grad_bias is written when plan.has_bias.
Status conv2d_backward(const Conv2dPlan& plan, const TensorView& grad_output, const TensorView& input,
                       const TensorView& weight, OutputBuffer grad_input, OutputBuffer grad_weight,
                       OutputBuffer grad_bias);
Status max_pool2d_backward(const Pool2dPlan& plan, const TensorView& grad_output, const TensorView& input,
                           OutputBuffer grad_input);
Status avg_pool2d_backward(const Pool2dPlan& plan, const TensorView& grad_output, OutputBuffer grad_input);

/// conv2d's weight packed for the kernel a plan runs: its size in bytes (0 when that kernel reads the
/// weight as it is), and the packing into that many bytes (16-byte aligned).
int64_t conv2d_packed_weight_bytes(const Conv2dPlan& plan);
void conv2d_pack_weight(const Conv2dPlan& plan, const float* weight, float* packed);
/// The same for conv_transpose2d, whose kernel depends on the weight's values: only a finite weight is packed
/// (0 bytes for any other).
int64_t conv_transpose2d_packed_weight_bytes(const ConvTranspose2dPlan& plan, const TensorView& weight);
void conv_transpose2d_pack_weight(const ConvTranspose2dPlan& plan, const float* weight, float* packed);

/// The padding each conv2d applies, as the plan of the pad that runs first.
PadPlan conv2d_pad_plan(const Conv2dPlan& plan);

/// Checks that an output index (n, c, y, x) lies inside an output of N×C×OH×OW.
Status check_output_index(const int64_t idx[4], int64_t N, int64_t C, int64_t OH, int64_t OW);

/// Checks nn.Conv2d's (transposed: nn.ConvTranspose2d's) constructor arguments, `op` naming the
/// module in messages, and gives the shape of the weight they make.
/// one_d: nn.Conv1d's / nn.ConvTranspose1d's (kernel_size.w alone; the weight has rank 3).
Status module_weight(const char* op, int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups,
                     bool transposed, bool one_d, Shape* weight);

}  // namespace convlens::detail
