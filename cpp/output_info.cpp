// The public output helpers (conv2d_output() …): the output shape of the plan the op would run and
// each axis's geometry, from which axis_formula() writes the formula.
#include <numeric>

#include "plans.hpp"

namespace convlens {

namespace {

AxisGeometry window_axis(int64_t in, int64_t pb, int64_t pa, int64_t k, int64_t s, int64_t d, bool ceil_mode,
                         bool dropped, int64_t out) {
  AxisGeometry g;
  g.input = in, g.kernel = k, g.stride = s, g.dilation = d, g.pad_before = pb, g.pad_after = pa, g.output = out;
  g.ceil_mode = ceil_mode, g.dropped_last_window = dropped;
  return g;
}

void describe_pool(const detail::Pool2dPlan& p, OutputInfo* info) {
  info->shape = detail::output_shape(p.in, p.in.C, p.OH, p.OW);
  info->axis[0] = window_axis(p.in.H, p.PH, p.PH, p.KH, p.SH, p.DH, p.ceil_mode, p.dropped_h, p.OH);
  info->axis[1] = window_axis(p.in.W, p.PW, p.PW, p.KW, p.SW, p.DW, p.ceil_mode, p.dropped_w, p.OW);
}

void describe_conv(const detail::Conv2dPlan& c, OutputInfo* info) {
  info->shape = detail::output_shape(c.in, c.Cout, c.OH, c.OW);
  info->axis[0] = window_axis(c.in.H, c.pad_top, c.pad_bottom, c.KH, c.SH, c.DH, false, false, c.OH);
  info->axis[1] = window_axis(c.in.W, c.pad_left, c.pad_right, c.KW, c.SW, c.DW, false, false, c.OW);
}

void describe_conv_transpose(const detail::ConvTranspose2dPlan& c, OutputInfo* info) {
  info->shape = detail::output_shape(c.in, c.Cout, c.OH, c.OW);
  const int64_t in[2] = {c.in.H, c.in.W}, k[2] = {c.KH, c.KW}, s[2] = {c.SH, c.SW}, pd[2] = {c.PH, c.PW},
                op[2] = {c.OPH, c.OPW}, d[2] = {c.DH, c.DW}, out[2] = {c.OH, c.OW};
  for (int a = 0; a < 2; ++a) {
    AxisGeometry& g = info->axis[a];
    g = AxisGeometry{};
    g.kind = AxisKind::transposed;
    g.input = in[a], g.kernel = k[a], g.stride = s[a], g.dilation = d[a], g.pad_before = g.pad_after = pd[a];
    g.output_padding = op[a], g.output = out[a];
  }
}

}  // namespace

Status conv2d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                     const Conv2dParams& params, OutputInfo* info) {
  detail::Conv2dPlan c;
  if (Status s = detail::plan_conv2d(input, weight, bias, params, &c); !s.ok()) return s;
  describe_conv(c, info);
  return Status::success();
}

Status conv_transpose2d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                               const ConvTranspose2dParams& params, OutputInfo* info) {
  detail::ConvTranspose2dPlan c;
  if (Status s = detail::plan_conv_transpose2d(input, weight, bias, params, &c); !s.ok()) return s;
  describe_conv_transpose(c, info);
  return Status::success();
}

// The 1-D ops: their 2-D plan's geometry (axis[0] the unit H axis), the shape without that axis.
Status conv1d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                     const Conv1dParams& params, OutputInfo* info) {
  detail::Conv2dPlan c;
  if (Status s = detail::plan_conv1d(input, weight, bias, params, &c); !s.ok()) return s;
  describe_conv(c, info);
  info->shape = detail::squeeze_h(info->shape);
  return Status::success();
}

Status conv_transpose1d_output(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                               const ConvTranspose1dParams& params, OutputInfo* info) {
  detail::ConvTranspose2dPlan c;
  if (Status s = detail::plan_conv_transpose1d(input, weight, bias, params, &c); !s.ok()) return s;
  describe_conv_transpose(c, info);
  info->shape = detail::squeeze_h(info->shape);
  return Status::success();
}

Status max_pool1d_output(const Shape& input, const MaxPool1dParams& params, OutputInfo* info) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_max_pool1d(input, params, params.return_indices, &p); !s.ok()) return s;
  describe_pool(p, info);
  info->shape = detail::squeeze_h(info->shape);
  return Status::success();
}

Status avg_pool1d_output(const Shape& input, const AvgPool1dParams& params, OutputInfo* info) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_avg_pool1d(input, params, &p); !s.ok()) return s;
  describe_pool(p, info);
  info->shape = detail::squeeze_h(info->shape);
  return Status::success();
}

Status max_pool2d_output(const Shape& input, const MaxPool2dParams& params, OutputInfo* info) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_max_pool2d(input, params, &p); !s.ok()) return s;
  describe_pool(p, info);
  return Status::success();
}

Status avg_pool2d_output(const Shape& input, const AvgPool2dParams& params, OutputInfo* info) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_avg_pool2d(input, params, &p); !s.ok()) return s;
  describe_pool(p, info);
  return Status::success();
}

Status lp_pool2d_output(const Shape& input, const LpPool2dParams& params, OutputInfo* info) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_lp_pool2d(input, params, &p); !s.ok()) return s;
  describe_pool(p, info);
  return Status::success();
}

Status max_unpool2d_output(const Shape& input, const Shape& indices, const MaxUnpool2dParams& params,
                           OutputInfo* info) {
  detail::MaxUnpool2dPlan p;
  if (Status s = detail::plan_max_unpool2d(input, indices, params, &p); !s.ok()) return s;
  info->shape = detail::output_shape(p);
  const int64_t in[2] = {p.in.H, p.in.W}, k[2] = {p.KH, p.KW}, st[2] = {p.SH, p.SW}, pd[2] = {p.PH, p.PW},
                fallback[2] = {p.default_h, p.default_w}, out[2] = {p.OH, p.OW};
  for (int a = 0; a < 2; ++a) {
    AxisGeometry& g = info->axis[a];
    g = AxisGeometry{};
    g.kind = AxisKind::unpool;
    g.input = in[a], g.kernel = k[a], g.stride = st[a], g.pad_before = g.pad_after = pd[a];
    g.output_padding = out[a] - fallback[a], g.output = out[a];
  }
  return Status::success();
}

namespace {
// The blocks of unfold / fold along each axis, as a window axis over the image.
void describe_blocks(const detail::Im2colPlan& p, OutputInfo* info) {
  info->axis[0] = window_axis(p.image.H, p.PH, p.PH, p.KH, p.SH, p.DH, false, false, p.BH);
  info->axis[1] = window_axis(p.image.W, p.PW, p.PW, p.KW, p.SW, p.DW, false, false, p.BW);
}
}  // namespace

Status unfold_output(const Shape& input, const Im2colParams& params, OutputInfo* info) {
  detail::Im2colPlan p;
  if (Status s = detail::plan_unfold(input, params, &p); !s.ok()) return s;
  info->shape = detail::columns_shape(p);
  describe_blocks(p, info);
  return Status::success();
}

Status fold_output(const Shape& input, const Im2colParams& params, OutputInfo* info) {
  detail::Im2colPlan p;
  if (Status s = detail::plan_fold(input, params, &p); !s.ok()) return s;
  info->shape = detail::output_shape(p.image, p.image.C, p.image.H, p.image.W);
  describe_blocks(p, info);
  return Status::success();
}

Status pad_output(const Shape& input, const PadParams& params, OutputInfo* info) {
  detail::PadPlan p;
  if (Status s = detail::plan_pad(input, params, &p); !s.ok()) return s;
  info->shape = detail::output_shape(p.in, p.in.C, p.OH, p.OW);
  const int64_t in[2] = {p.in.H, p.in.W}, b[2] = {p.top, p.left}, e[2] = {p.bottom, p.right}, out[2] = {p.OH, p.OW};
  for (int a = 0; a < 2; ++a) {
    AxisGeometry& g = info->axis[a];
    g = AxisGeometry{};
    g.kind = AxisKind::pad;
    g.input = in[a], g.kernel = 1, g.pad_before = b[a], g.pad_after = e[a], g.output = out[a];
  }
  return Status::success();
}

namespace {
// An adaptive axis: `kernel` is its largest window, `stride` 0 (the windows' steps vary).
AxisGeometry adaptive_axis(int64_t in, int64_t out) {
  AxisGeometry g;
  g.kind = AxisKind::adaptive;
  g.input = in, g.output = out, g.stride = 0;
  if (out == 0) return g;
  // Window i has q + ⌈((i·in mod out) + r) / out⌉ elements (in = q·out + r), and i·in mod out reaches
  // out − gcd(in, out) at most.
  const int64_t q = in / out, r = in % out, top = out - std::gcd(in, out) + r;
  g.kernel = q + (top == 0 ? 0 : top <= out ? 1 : 2);
  return g;
}
void describe_adaptive(const detail::AdaptivePool2dPlan& p, OutputInfo* info) {
  info->shape = detail::output_shape(p);
  info->axis[0] = adaptive_axis(p.in.H, p.OH);
  info->axis[1] = adaptive_axis(p.in.W, p.OW);
}
}  // namespace

Status adaptive_avg_pool2d_output(const Shape& input, const AdaptivePool2dParams& params, OutputInfo* info) {
  detail::AdaptivePool2dPlan p;
  if (Status s = detail::plan_adaptive_avg_pool2d(input, params, &p); !s.ok()) return s;
  describe_adaptive(p, info);
  return Status::success();
}

Status adaptive_max_pool2d_output(const Shape& input, const AdaptivePool2dParams& params, OutputInfo* info) {
  detail::AdaptivePool2dPlan p;
  if (Status s = detail::plan_adaptive_max_pool2d(input, params, &p); !s.ok()) return s;
  describe_adaptive(p, info);
  return Status::success();
}

Status adaptive_avg_pool1d_output(const Shape& input, int64_t output_size, OutputInfo* info) {
  detail::AdaptivePool2dPlan p;
  if (Status s = detail::plan_adaptive_avg_pool1d(input, output_size, &p); !s.ok()) return s;
  describe_adaptive(p, info);
  info->shape = detail::output_shape_1d(p);
  return Status::success();
}

Status adaptive_max_pool1d_output(const Shape& input, int64_t output_size, OutputInfo* info) {
  detail::AdaptivePool2dPlan p;
  if (Status s = detail::plan_adaptive_max_pool1d(input, output_size, &p); !s.ok()) return s;
  describe_adaptive(p, info);
  info->shape = detail::output_shape_1d(p);
  return Status::success();
}

}  // namespace convlens
