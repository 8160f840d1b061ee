// Parameter validation and plans: the one home of every check and message. Each plan_*() checks an
// op's arguments in PyTorch's order and resolves them into the plan the op runs, output size included.
// Messages follow PyTorch's (ATen's Convolution.cpp, Pool.h, PadNd.cpp and torch.nn's) wording.
#include <string>

#include "plans.hpp"
#include "text.hpp"

namespace convlens {

namespace {

using detail::cat;

// A failed status; `argument` is the PyTorch name of the argument at fault ("" when no single one is).
Status fail(Code code, const char* argument, std::string message) { return Status{code, std::move(message), argument}; }

// Floor division (ATen's div_rtn): rounds towards −∞ for negative numerators.
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b, r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? q - 1 : q;
}

// "5 x 5", as ATen prints per-channel sizes; a 1-D op's (one_d) prints its one size.
std::string x_pair(int64_t a, int64_t b, bool one_d = false) { return one_d ? cat(b) : cat(a, " x ", b); }

// An (h, w) argument as PyTorch prints it: "(1, 2)", or the 1-tuple "(2,)" of a 1-D op.
std::string tuple_str(Pair v, bool one_d) { return one_d ? cat("(", v.w, ",)") : cat("(", v.h, ", ", v.w, ")"); }

// A 1-D op's [N, C, L] or [C, L] as the 2-D ops see it: a unit H axis before L (ATen's unsqueeze(-2)).
Shape unsqueeze_h(const Shape& s) {
  Shape u = s;
  u.rank = s.rank + 1;
  u.dim[s.rank] = s.dim[s.rank - 1], u.dim[s.rank - 1] = 1;
  return u;
}

// ATen's checkDimRange(2, 4) of the 1-D pools that run as their 2-D op.
Status check_1d_rank(const char* op, const Shape& input) {
  if (input.rank < 2 || input.rank > 3)
    return fail(Code::invalid_shape, "input",
                cat("Expected 2 to 3 dimensions, but got ", input.rank,
                    "-dimensional tensor for argument #1 'self' "
                    "(while checking arguments for ",
                    op, ")"));
  return Status::success();
}

// Size checks shared by every op: an element count within kMaxElements.
// `argument`: the one at fault ("" for a size several arguments make, such as the output's).
Status check_size(const char* what, const char* argument, const Shape& shape) {
  int64_t n = shape.numel();
  if (n < 0 || n > detail::kMaxElements)
    return fail(Code::too_large, argument,
                cat(what, " of size ", shape.str(), " has more than ", detail::kMaxElements,
                    " elements, the most convlens supports"));
  return Status::success();
}

bool has_zero_dim(const Shape& s) {
  for (int i = 0; i < s.rank; ++i)
    if (s.dim[i] <= 0) return true;
  return false;
}

// A rank-3 or rank-4 input, already checked, as N, C, H, W.
Status resolve_input(const Shape& input, detail::Input4* in) {
  if (Status s = check_size("input", "input", input); !s.ok()) return s;
  const int o = input.rank == 4 ? 1 : 0;
  in->batched = input.rank == 4;
  in->N = input.rank == 4 ? input.dim[0] : 1;
  in->C = input.dim[o];
  in->H = input.dim[o + 1];
  in->W = input.dim[o + 2];
  return Status::success();
}

// conv2d / conv_transpose2d inputs: rank 3 (unbatched) or 4, no zero dimensions; the 1-D ops' (one_d)
// rank 2 or 3, resolved with a unit H axis.
Status resolve_conv_input(const char* op, bool one_d, const Shape& input, detail::Input4* in) {
  const int unbatched = one_d ? 2 : 3;
  if (input.rank != unbatched && input.rank != unbatched + 1)
    return fail(Code::invalid_shape, "input",
                cat("Expected ", unbatched, "D (unbatched) or ", unbatched + 1, "D (batched) input to ", op,
                    ", but got input of size: ", input.str()));
  if (has_zero_dim(input))
    return fail(Code::invalid_shape, "input",
                cat("Expected ", unbatched, "D (unbatched) or ", unbatched + 1, "D (batched) input to ", op,
                    " with non-zero dimensions, but got input of size: ", input.str()));
  return resolve_input(one_d ? unsqueeze_h(input) : input, in);
}

// Pool and pad inputs, with ATen's pooling message.
Status resolve_pool_input(const Shape& input, detail::Input4* in) {
  if ((input.rank != 3 && input.rank != 4) || has_zero_dim(input))
    return fail(
        Code::invalid_shape, "input",
        cat("Expected 3D or 4D (batch mode) tensor with non-zero dimensions for input, but got: ", input.str()));
  return resolve_input(input, in);
}

// The 4-D input size PyTorch prints in conv messages ("input[1, 2, 5, 5]"): unbatched inputs are
// shown with the batch dimension it adds.
std::string batched_str(const detail::Input4& in, bool one_d) {
  return (one_d ? Shape{in.N, in.C, in.W} : Shape{in.N, in.C, in.H, in.W}).str();
}

Status check_output(const detail::Input4& in, int64_t C, int64_t OH, int64_t OW) {
  return check_size("output", "", detail::output_shape(in, C, OH, OW));
}

Status check_weight(const Shape& weight, const detail::Input4& in, bool one_d) {
  const int rank = one_d ? 3 : 4;
  if (weight.rank != rank)
    return fail(
        Code::invalid_shape, "weight",
        cat("Expected ", weight.rank, "-dimensional input for ", weight.rank, "-dimensional weight ", weight.str(),
            ", but got ", rank, "-dimensional input of size ", batched_str(in, one_d), " instead"));
  for (int i = 0; i < rank; ++i)
    if (weight.dim[i] <= 0)
      return fail(Code::invalid_shape, "weight", cat("weight of size ", weight.str(), " has a zero dimension"));
  return check_size("weight", "weight", weight);
}

Status check_groups(int64_t groups, const Shape& weight) {
  if (groups <= 0)
    return fail(Code::invalid_argument, "groups", cat("non-positive groups is not supported, but got groups=", groups));
  if (weight.dim[0] < groups)
    return fail(Code::shape_mismatch, "groups",
                cat("Given groups=", groups, ", expected weight to be at least ", groups,
                    " at dimension 0, but got weight of size ", weight.str(), " instead"));
  if (weight.dim[0] % groups != 0)
    return fail(Code::shape_mismatch, "groups",
                cat("Given groups=", groups, ", expected weight to be divisible by ", groups,
                    " at dimension 0, but got weight of size ", weight.str(), " instead"));
  return Status::success();
}

Status check_bias(const std::optional<Shape>& bias, const Shape& weight, int64_t expected, const char* prefix) {
  if (bias && (bias->rank != 1 || bias->dim[0] != expected))
    return fail(Code::shape_mismatch, "bias",
                cat(prefix, "weight of size ", weight.str(), ", expected bias to be 1-dimensional with ", expected,
                    " elements, but got bias of size ", bias->str(), " instead"));
  return Status::success();
}

Status check_stride_dilation(Pair stride, Pair dilation, bool one_d) {
  if (stride.h <= 0 || stride.w <= 0)
    return fail(Code::invalid_argument, "stride",
                cat("non-positive stride is not supported, but got stride=", tuple_str(stride, one_d)));
  if (dilation.h <= 0 || dilation.w <= 0)
    return fail(Code::invalid_argument, "dilation",
                cat("dilation should be greater than zero, but got dilation=", tuple_str(dilation, one_d)));
  return Status::success();
}

// ATen's pooling_output_shape_pad_lr, which also decides ceil_mode's dropped window.
int64_t pool_output_size(int64_t in, int64_t k, int64_t pad, int64_t s, int64_t d, bool ceil_mode, bool* dropped) {
  int64_t out = floor_div(in + 2 * pad - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0), s) + 1;
  *dropped = false;
  if (ceil_mode && (out - 1) * s >= in + pad) {
    --out;
    *dropped = true;
  }
  return out;
}

Status plan_pool(const char* op, const Shape& input, Pair kernel, const std::optional<Pair>& stride_opt, Pair pad,
                 Pair dilation, bool ceil_mode, detail::Pool2dPlan* plan) {
  detail::Pool2dPlan p;
  Pair stride = stride_opt ? *stride_opt : kernel;
  if (kernel.h <= 0 || kernel.w <= 0)
    return fail(Code::invalid_argument, "kernel_size",
                cat("kernel size should be greater than zero, but got kH: ", kernel.h, " kW: ", kernel.w));
  if (stride.h <= 0 || stride.w <= 0)
    return fail(Code::invalid_argument, "stride",
                cat("stride should be greater than zero, but got dH: ", stride.h, " dW: ", stride.w));
  if (dilation.h <= 0 || dilation.w <= 0)
    return fail(
        Code::invalid_argument, "dilation",
        cat("dilation should be greater than zero, but got dilationH: ", dilation.h, " dilationW: ", dilation.w));
  if (pad.h < 0 || pad.w < 0)
    return fail(Code::invalid_argument, "padding",
                cat("pad must be non-negative, but got pad: ", pad.h < 0 ? pad.h : pad.w));
  // ATen checks the effective (dilated) kernel first, then the plain kernel.
  for (int a = 0; a < 2; ++a) {
    int64_t k = a ? kernel.w : kernel.h, pd = a ? pad.w : pad.h, d = a ? dilation.w : dilation.h;
    if (pd > ((k - 1) * d + 1) / 2)
      return fail(Code::invalid_argument, "padding",
                  cat("pad should be at most half of effective kernel size, but got pad=", pd, ", kernel_size=", k,
                      " and dilation=", d));
  }
  if (kernel.w / 2 < pad.w || kernel.h / 2 < pad.h)
    return fail(Code::invalid_argument, "padding",
                cat("pad should be smaller than or equal to half of kernel size, but got padW = ", pad.w,
                    ", padH = ", pad.h, ", kW = ", kernel.w, ", kH = ", kernel.h));
  if (Status s = resolve_pool_input(input, &p.in); !s.ok()) return s;
  p.KH = kernel.h, p.KW = kernel.w, p.SH = stride.h, p.SW = stride.w, p.PH = pad.h, p.PW = pad.w;
  p.DH = dilation.h, p.DW = dilation.w, p.ceil_mode = ceil_mode;
  p.OH = pool_output_size(p.in.H, p.KH, p.PH, p.SH, p.DH, ceil_mode, &p.dropped_h);
  p.OW = pool_output_size(p.in.W, p.KW, p.PW, p.SW, p.DW, ceil_mode, &p.dropped_w);
  if (p.OH < 1 || p.OW < 1)
    return fail(Code::output_too_small, "",
                cat(op, ": Given input size: (", p.in.C, "x", p.in.H, "x", p.in.W, "). Calculated output size: (",
                    p.in.C, "x", p.OH, "x", p.OW, "). Output size is too small"));
  if (Status s = check_output(p.in, p.in.C, p.OH, p.OW); !s.ok()) return s;
  *plan = p;
  return Status::success();
}

}  // namespace

namespace detail {

Shape output_shape(const Input4& in, int64_t C, int64_t OH, int64_t OW) {
  return in.batched ? Shape{in.N, C, OH, OW} : Shape{C, OH, OW};
}

PadPlan conv2d_pad_plan(const Conv2dPlan& c) {
  PadPlan p;
  p.in = c.in;
  p.left = c.pad_left, p.right = c.pad_right, p.top = c.pad_top, p.bottom = c.pad_bottom;
  p.mode = c.mode;
  p.OH = c.in.H + c.pad_top + c.pad_bottom;
  p.OW = c.in.W + c.pad_left + c.pad_right;
  return p;
}

Status check_output_index(const int64_t idx[4], int64_t N, int64_t C, int64_t OH, int64_t OW) {
  const int64_t lim[4] = {N, C, OH, OW};
  for (int i = 0; i < 4; ++i)
    if (idx[i] < 0 || idx[i] >= lim[i])
      return fail(Code::invalid_argument, "index",
                  cat("output index (", idx[0], ", ", idx[1], ", ", idx[2], ", ", idx[3],
                      ") is outside the output of size ", Shape{N, C, OH, OW}.str()));
  return Status::success();
}

// F.pad's rules, per mode, in ATen's order (constant_pad_nd, reflection/replication_pad{1,2}d,
// _pad_circular); `size`, `b`, `e` are one axis's input size and its two pads.
static Status check_constant_crop(const Shape& input, int dim_index, int64_t size, int64_t b, int64_t e) {
  // constant_pad_nd narrows by each negative pad first: a crop longer than what is left fails there
  const int64_t after_b = b < 0 ? size + b : size;
  if (after_b < 0 || (e < 0 && after_b + e < 0))
    return fail(Code::output_too_small, "pad",
                cat("narrow(): length must be non-negative: padding (", b, ", ", e, ") at dimension ", dim_index,
                    " of input ", input.str(), " crops more than its ", size, " elements"));
  return Status::success();
}

// F.pad on `input`; messages name `shown`, the tensor the user's F.pad receives (conv1d pads its
// [C, L] or [N, C, L] input, which the plan sees with a unit H axis).
static Status plan_pad_as(const Shape& input, const Shape& shown, const PadParams& p, PadPlan* plan) {
  PadPlan q;
  if (Status s = resolve_pool_input(input, &q.in); !s.ok()) return s;
  if (p.dims != 1 && p.dims != 2)
    return fail(Code::invalid_argument, "pad", cat("pad(): expected 2 or 4 pads, but got ", 2 * p.dims));
  if (p.dims == 1 && (p.top != 0 || p.bottom != 0))
    return fail(Code::invalid_argument, "pad", "pad(): [left, right] pads only the last dimension");
  if (p.mode != PaddingMode::zeros && p.dims == 1 && input.rank == 4)
    return fail(Code::invalid_argument, "pad",
                "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now "
                "(a 2-element pad in a non-constant mode needs a 2D or 3D input)");
  q.left = p.left, q.right = p.right, q.top = p.top, q.bottom = p.bottom, q.mode = p.mode, q.value = p.value;
  const int64_t sizes[2] = {q.in.H, q.in.W};
  const int64_t before[2] = {p.top, p.left}, after[2] = {p.bottom, p.right};
  const int64_t out[2] = {q.in.H + p.top + p.bottom, q.in.W + p.left + p.right};
  const int first_axis = p.dims == 2 ? 0 : 1;  // the axes F.pad's list covers: H and W, or W alone
  const auto dim_of = [&](int a) { return shown.rank - 2 + a; };
  switch (p.mode) {
    case PaddingMode::zeros: {
      bool any_positive = false;
      for (int a = first_axis; a < 2; ++a) {  // constant_pad_nd walks the padded dims front to back
        if (Status s = check_constant_crop(shown, dim_of(a), sizes[a], before[a], after[a]); !s.ok()) return s;
        any_positive = any_positive || before[a] > 0 || after[a] > 0;
      }
      for (int a = first_axis; a < 2 && any_positive; ++a)  // only all-cropping pads may empty a dimension
        if (out[a] <= 0)
          return fail(Code::output_too_small, "pad",
                      cat("The input size ", sizes[a], ", plus negative padding ", before[a], " and ", after[a],
                          " resulted in a negative output size, which is invalid. "
                          "Check dimension ",
                          dim_of(a), " of your input."));
      break;
    }
    case PaddingMode::reflect:
    case PaddingMode::replicate: {
      for (int a = 1; a >= first_axis && p.mode == PaddingMode::reflect; --a)  // W (argument #4), then H (#6)
        if (before[a] >= sizes[a] || after[a] >= sizes[a])
          return fail(Code::invalid_argument, "pad",
                      cat("Argument #", a == 1 ? 4 : 6,
                          ": Padding size should be less than the corresponding input "
                          "dimension, but got: padding (",
                          before[a], ", ", after[a], ") at dimension ", dim_of(a), " of input ", shown.str()));
      // PyTorch 2.x asks for one non-empty output dimension (2-D) or a non-empty width (1-D)
      const bool too_small = p.dims == 1 ? out[1] < 1 : (out[0] < 1 && out[1] < 1);
      if (too_small)
        return fail(Code::output_too_small, "pad",
                    p.dims == 1 ? cat("input (W: ", sizes[1], ") is too small. Calculated output W: ", out[1])
                                : cat("input (H: ", sizes[0], ", W: ", sizes[1],
                                      ") is too small. Calculated output H: ", out[0], " W: ", out[1]));
      for (int a = first_axis; a < 2; ++a)
        if (out[a] < 0)
          return fail(Code::output_too_small, "pad",
                      cat("Trying to create tensor with negative dimension ", out[a], ": padding (", before[a], ", ",
                          after[a], ") at dimension ", dim_of(a), " of input ", shown.str()));
      break;
    }
    case PaddingMode::circular: {
      for (int a = first_axis; a < 2; ++a) {
        const int64_t size = sizes[a], b = before[a], e = after[a];
        if (b > size || e > size)
          return fail(Code::invalid_argument, "pad",
                      cat("Padding value causes wrapping around more than once: padding (", b, ", ", e,
                          ") at dimension ", dim_of(a), " of input ", shown.str()));
        if (out[a] < 0)
          return fail(Code::output_too_small, "pad",
                      cat("Negative padding value is resulting in an empty dimension: padding (", b, ", ", e,
                          ") at dimension ", dim_of(a), " of input ", shown.str()));
        // PyTorch crops, then wraps the cropped tensor; a wrap longer than what is left would copy
        // uninitialised memory there, so it is refused here.
        const int64_t kept = size - (b < 0 ? -b : 0) - (e < 0 ? -e : 0);
        if ((b > 0 && b > kept) || (e > 0 && e > kept))
          return fail(
              Code::invalid_argument, "pad",
              cat("Padding value causes wrapping around more than once: padding (", b, ", ", e, ") at dimension ",
                  dim_of(a), " of input ", shown.str(), " wraps the ", kept, " elements left after cropping"));
      }
      break;
    }
  }
  q.crop_top = p.top < 0 ? -p.top : 0, q.crop_bottom = p.bottom < 0 ? -p.bottom : 0;
  q.crop_left = p.left < 0 ? -p.left : 0, q.crop_right = p.right < 0 ? -p.right : 0;
  q.OH = out[0];
  q.OW = out[1];
  if (Status s = check_output(q.in, q.in.C, q.OH, q.OW); !s.ok()) return s;
  *plan = q;
  return Status::success();
}

Status plan_pad(const Shape& input, const PadParams& p, PadPlan* plan) { return plan_pad_as(input, input, p, plan); }

// conv2d and conv1d (one_d: the 2-D plan with a unit H axis, the checks' messages in conv1d's sizes).
static Status plan_conv(const char* op, bool one_d, const Shape& input, const Shape& weight,
                        const std::optional<Shape>& bias, const Conv2dParams& p, Conv2dPlan* plan) {
  Conv2dPlan c;
  if (Status s = resolve_conv_input(op, one_d, input, &c.in); !s.ok()) return s;
  if (p.padding_kind == ConvPadding::explicit_values && (p.padding.h < 0 || p.padding.w < 0))
    return fail(Code::invalid_argument, "padding",
                cat("negative padding is not supported, but got padding=", tuple_str(p.padding, one_d)));
  if (Status s = check_stride_dilation(p.stride, p.dilation, one_d); !s.ok()) return s;
  if (p.padding_kind == ConvPadding::same && (p.stride.h != 1 || p.stride.w != 1))
    return fail(
        Code::invalid_argument, "padding",
        cat("padding='same' is not supported for strided convolutions, but got stride=", tuple_str(p.stride, one_d)));
  if (Status s = check_weight(weight, c.in, one_d); !s.ok()) return s;
  if (Status s = check_groups(p.groups, weight); !s.ok()) return s;
  if (c.in.C != weight.dim[1] * p.groups)
    return fail(
        Code::shape_mismatch, "input",
        cat("Given groups=", p.groups, ", weight of size ", weight.str(), ", expected input", batched_str(c.in, one_d),
            " to have ", weight.dim[1] * p.groups, " channels, but got ", c.in.C, " channels instead"));
  if (Status s = check_bias(bias, weight, weight.dim[0], "Given "); !s.ok()) return s;
  c.Cout = weight.dim[0], c.KH = one_d ? 1 : weight.dim[2], c.KW = weight.dim[one_d ? 2 : 3], c.groups = p.groups;
  c.SH = p.stride.h, c.SW = p.stride.w, c.DH = p.dilation.h, c.DW = p.dilation.w;
  c.mode = p.padding_mode;
  c.has_bias = bias.has_value();
  if (p.padding_kind == ConvPadding::explicit_values) {
    c.pad_top = c.pad_bottom = p.padding.h;
    c.pad_left = c.pad_right = p.padding.w;
  } else if (p.padding_kind == ConvPadding::same) {
    int64_t th = c.DH * (c.KH - 1), tw = c.DW * (c.KW - 1);
    c.pad_top = th / 2, c.pad_bottom = th - th / 2;
    c.pad_left = tw / 2, c.pad_right = tw - tw / 2;
  }
  if (c.mode != PaddingMode::zeros) {  // nn.Conv2d / nn.Conv1d run F.pad first: its rules apply
    PadParams pp;
    pp.left = c.pad_left, pp.right = c.pad_right, pp.top = c.pad_top, pp.bottom = c.pad_bottom, pp.mode = c.mode;
    pp.dims = one_d ? 1 : 2;  // conv1d pads [left, right] of its input as given: [N, C, L] or an unbatched [C, L]
    PadPlan unused;
    if (Status s = plan_pad_as(one_d ? Shape{c.in.N, c.in.C, c.in.W} : input, input, pp, &unused); !s.ok()) {
      if (std::string(s.argument) == "pad") s.argument = "padding";  // F.pad's pad is nn.Conv2d's padding here
      return s;
    }
  }
  int64_t hp = c.in.H + c.pad_top + c.pad_bottom, wp = c.in.W + c.pad_left + c.pad_right;
  int64_t ekh = c.DH * (c.KH - 1) + 1, ekw = c.DW * (c.KW - 1) + 1;
  if (hp < ekh || wp < ekw)
    return fail(Code::output_too_small, "",
                cat("Calculated padded input size per channel: (", x_pair(hp, wp, one_d), "). Kernel size: (",
                    x_pair(ekh, ekw, one_d), "). Kernel size can't be greater than actual input size"));
  if (Status s = check_size("padded input", "", Shape{c.in.N, c.in.C, hp, wp}); !s.ok()) return s;
  c.OH = (hp - ekh) / c.SH + 1;
  c.OW = (wp - ekw) / c.SW + 1;
  if (Status s = check_output(c.in, c.Cout, c.OH, c.OW); !s.ok()) return s;
  *plan = c;
  return Status::success();
}

Status plan_conv2d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias, const Conv2dParams& p,
                   Conv2dPlan* plan) {
  return plan_conv("conv2d", false, input, weight, bias, p, plan);
}

Status plan_conv1d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias, const Conv1dParams& p,
                   Conv2dPlan* plan) {
  Conv2dParams q;
  q.stride = {1, p.stride}, q.padding_kind = p.padding_kind, q.padding = {0, p.padding}, q.dilation = {1, p.dilation};
  q.groups = p.groups, q.padding_mode = p.padding_mode;
  return plan_conv("conv1d", true, input, weight, bias, q, plan);
}

// conv_transpose2d and conv_transpose1d (one_d: as plan_conv; ATen's checks after the 1-D view becomes
// 2-D, output_padding's and the output size's, name the unit H axis as ATen does).
static Status plan_conv_transpose(const char* op, bool one_d, const Shape& input, const Shape& weight,
                                  const std::optional<Shape>& bias, const ConvTranspose2dParams& p,
                                  ConvTranspose2dPlan* plan) {
  ConvTranspose2dPlan c;
  if (Status s = resolve_conv_input(op, one_d, input, &c.in); !s.ok()) return s;
  if (p.padding.h < 0 || p.padding.w < 0)
    return fail(Code::invalid_argument, "padding",
                cat("negative padding is not supported, but got padding=", tuple_str(p.padding, one_d)));
  if (!p.output_size && (p.output_padding.h < 0 || p.output_padding.w < 0))
    return fail(
        Code::invalid_argument, "output_padding",
        cat("negative output_padding is not supported, but got output_padding=", tuple_str(p.output_padding, one_d)));
  if (Status s = check_stride_dilation(p.stride, p.dilation, one_d); !s.ok()) return s;
  if (Status s = check_weight(weight, c.in, one_d); !s.ok()) return s;
  if (Status s = check_groups(p.groups, weight); !s.ok()) return s;
  if (c.in.C != weight.dim[0])
    return fail(Code::shape_mismatch, "input",
                cat("Given transposed=1, weight of size ", weight.str(), ", expected input", batched_str(c.in, one_d),
                    " to have ", weight.dim[0], " channels, but got ", c.in.C, " channels instead"));
  if (Status s = check_bias(bias, weight, weight.dim[1] * p.groups, "Given transposed=1, "); !s.ok()) return s;
  c.Cout = weight.dim[1] * p.groups, c.KH = one_d ? 1 : weight.dim[2], c.KW = weight.dim[one_d ? 2 : 3];
  c.groups = p.groups;
  c.SH = p.stride.h, c.SW = p.stride.w, c.PH = p.padding.h, c.PW = p.padding.w;
  c.DH = p.dilation.h, c.DW = p.dilation.w, c.has_bias = bias.has_value();
  // The smallest output, before output_padding: (in − 1)·s − 2p + d·(k − 1) + 1.
  int64_t min_h = (c.in.H - 1) * c.SH - 2 * c.PH + c.DH * (c.KH - 1) + 1;
  int64_t min_w = (c.in.W - 1) * c.SW - 2 * c.PW + c.DW * (c.KW - 1) + 1;
  if (p.output_size) {  // nn.ConvTranspose2d._output_padding
    int64_t max_h = min_h + c.SH - 1, max_w = min_w + c.SW - 1;
    Pair want = *p.output_size;
    if (want.h < min_h || want.h > max_h || want.w < min_w || want.w > max_w) {
      const auto list = [one_d](int64_t h, int64_t w) { return one_d ? cat("[", w, "]") : cat("[", h, ", ", w, "]"); };
      return fail(Code::invalid_argument, "output_size",
                  cat("requested an output size of ", list(want.h, want.w), ", but valid sizes range from ",
                      list(min_h, min_w), " to ", list(max_h, max_w), " (for an input of ", list(c.in.H, c.in.W), ")"));
    }
    c.OPH = want.h - min_h, c.OPW = want.w - min_w;
  } else {
    c.OPH = p.output_padding.h, c.OPW = p.output_padding.w;
  }
  if ((c.OPH >= c.SH && c.OPH >= c.DH) || (c.OPW >= c.SW && c.OPW >= c.DW))
    return fail(Code::invalid_argument, "output_padding",
                cat("output padding must be smaller than either stride or dilation, but got output_padding_height: ",
                    c.OPH, " output_padding_width: ", c.OPW, " stride_height: ", c.SH, " stride_width: ", c.SW,
                    " dilation_height: ", c.DH, " dilation_width: ", c.DW));
  c.OH = min_h + c.OPH;
  c.OW = min_w + c.OPW;
  if (c.OH < 1 || c.OW < 1)
    return fail(Code::output_too_small, "",
                cat("Given input size per channel: (", x_pair(c.in.H, c.in.W),
                    "). Calculated output size per channel: (", x_pair(c.OH, c.OW), "). Output size is too small"));
  if (Status s = check_output(c.in, c.Cout, c.OH, c.OW); !s.ok()) return s;
  *plan = c;
  return Status::success();
}

Status plan_conv_transpose2d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                             const ConvTranspose2dParams& p, ConvTranspose2dPlan* plan) {
  return plan_conv_transpose("conv_transpose2d", false, input, weight, bias, p, plan);
}

Status plan_conv_transpose1d(const Shape& input, const Shape& weight, const std::optional<Shape>& bias,
                             const ConvTranspose1dParams& p, ConvTranspose2dPlan* plan) {
  ConvTranspose2dParams q;
  q.stride = {1, p.stride}, q.padding = {0, p.padding}, q.output_padding = {0, p.output_padding};
  q.groups = p.groups, q.dilation = {1, p.dilation};
  if (p.output_size) q.output_size = Pair{1, *p.output_size};  // the unit H axis is 1 at every setting
  return plan_conv_transpose("conv_transpose1d", true, input, weight, bias, q, plan);
}

Status plan_max_pool2d(const Shape& input, const MaxPool2dParams& p, Pool2dPlan* plan) {
  return plan_pool("max_pool2d", input, p.kernel_size, p.stride, p.padding, p.dilation, p.ceil_mode, plan);
}

Status plan_avg_pool2d(const Shape& input, const AvgPool2dParams& p, Pool2dPlan* plan) {
  if (p.divisor_override && *p.divisor_override == 0)
    return fail(Code::invalid_argument, "divisor_override", "divisor must be not zero, but got divisor_override=0");
  if (Status s = plan_pool("avg_pool2d", input, p.kernel_size, p.stride, p.padding, Pair{1, 1}, p.ceil_mode, plan);
      !s.ok())
    return s;
  plan->count_include_pad = p.count_include_pad;
  plan->divisor_override = p.divisor_override ? *p.divisor_override : 0;
  return Status::success();
}

// F.max_pool1d: with return_indices, ATen's max_pool1d_with_indices (checkDimRange, then max_pool2d's
// checks on the input with a unit H axis); without, max_pool1d's own checks (check_max_pool1d).
Status plan_max_pool1d(const Shape& input, const MaxPool1dParams& p, bool with_indices, Pool2dPlan* plan) {
  const int64_t k = p.kernel_size, s = p.stride ? *p.stride : k, pd = p.padding, d = p.dilation;
  if (with_indices) {
    if (Status st = check_1d_rank("max_pool1d", input); !st.ok()) return st;
  } else {
    if ((input.rank != 2 && input.rank != 3) || has_zero_dim(input))
      return fail(Code::invalid_shape, "input",
                  cat("max_pool1d: Expected 2D or 3D (batch mode) tensor with non-zero dimensions for input, but got: ",
                      input.str()));
    if (k <= 0)
      return fail(Code::invalid_argument, "kernel_size",
                  cat("max_pool1d() kernel_size must be greater than zero, but got ", k));
    if (s <= 0)
      return fail(Code::invalid_argument, "stride", cat("max_pool1d() stride must be greater than zero, but got ", s));
    if (pd < 0)
      return fail(Code::invalid_argument, "padding", cat("max_pool1d() padding must be non-negative, but got ", pd));
    if (pd > k / 2)
      return fail(Code::invalid_argument, "padding",
                  cat("max_pool1d() padding should be at most half of kernel size, but got padding=", pd,
                      " and kernel_size=", k));
    if (d <= 0)
      return fail(Code::invalid_argument, "dilation",
                  cat("max_pool1d() dilation must be greater than zero, but got ", d));
    bool dropped;
    const int64_t ow = pool_output_size(input.dim[input.rank - 1], k, pd, s, d, p.ceil_mode, &dropped);
    if (ow < 1) return fail(Code::output_too_small, "", cat("max_pool1d() Invalid computed output size: ", ow));
  }
  return plan_pool("max_pool2d", unsqueeze_h(input), Pair{1, k}, Pair{1, s}, Pair{0, pd}, Pair{1, d}, p.ceil_mode,
                   plan);
}

// F.avg_pool1d: checkDimRange, then avg_pool2d on the input with a unit H axis (its messages name it).
Status plan_avg_pool1d(const Shape& input, const AvgPool1dParams& p, Pool2dPlan* plan) {
  if (Status s = check_1d_rank("avg_pool1d", input); !s.ok()) return s;
  AvgPool2dParams q;
  q.kernel_size = {1, p.kernel_size}, q.stride = Pair{1, p.stride ? *p.stride : p.kernel_size};
  q.padding = {0, p.padding}, q.ceil_mode = p.ceil_mode, q.count_include_pad = p.count_include_pad;
  return plan_avg_pool2d(unsqueeze_h(input), q, plan);
}

// autograd's check of an upstream gradient against the output it belongs to (torch.autograd.grad's words).
static Status check_grad_output(const Shape& grad_output, const Shape& output) {
  if (grad_output != output)
    return fail(Code::shape_mismatch, "grad_output",
                cat("Mismatch in shape: grad_output has a shape of ", grad_output.str(), " and output has a shape of ",
                    output.str()));
  return Status::success();
}

Status plan_conv2d_backward(const Shape& grad_output, const Shape& input, const Shape& weight,
                            const std::optional<Shape>& bias, const Conv2dParams& p, Conv2dPlan* plan) {
  Conv2dPlan c;
  if (Status s = plan_conv2d(input, weight, bias, p, &c); !s.ok()) return s;
  if (Status s = check_grad_output(grad_output, output_shape(c)); !s.ok()) return s;
  *plan = c;
  return Status::success();
}

Status plan_max_pool2d_backward(const Shape& grad_output, const Shape& input, const MaxPool2dParams& p,
                                Pool2dPlan* plan) {
  Pool2dPlan q;
  if (Status s = plan_max_pool2d(input, p, &q); !s.ok()) return s;
  if (Status s = check_grad_output(grad_output, output_shape(q)); !s.ok()) return s;
  *plan = q;
  return Status::success();
}

Status plan_avg_pool2d_backward(const Shape& grad_output, const Shape& input, const AvgPool2dParams& p,
                                Pool2dPlan* plan) {
  Pool2dPlan q;
  if (Status s = plan_avg_pool2d(input, p, &q); !s.ok()) return s;
  if (Status s = check_grad_output(grad_output, output_shape(q)); !s.ok()) return s;
  *plan = q;
  return Status::success();
}

// ATen's im2col_shape_check / col2im_shape_check, the checks both share, in their order.
static Status check_im2col_args(const Im2colParams& p) {
  if (p.kernel_size.w <= 0 || p.kernel_size.h <= 0)
    return fail(Code::invalid_argument, "kernel_size",
                cat("kernel size should be greater than zero, but got kernel_height: ", p.kernel_size.h,
                    " kernel_width: ", p.kernel_size.w));
  if (p.dilation.w <= 0 || p.dilation.h <= 0)
    return fail(Code::invalid_argument, "dilation",
                cat("dilation should be greater than zero, but got dilation_height: ", p.dilation.h,
                    " dilation_width: ", p.dilation.w));
  if (p.padding.w < 0 || p.padding.h < 0)
    return fail(Code::invalid_argument, "padding",
                cat("padding should be non-negative, but got pad_height: ", p.padding.h, " pad_width: ", p.padding.w));
  if (p.stride.w <= 0 || p.stride.h <= 0)
    return fail(
        Code::invalid_argument, "stride",
        cat("stride should be greater than zero, but got stride_height: ", p.stride.h, " stride_width: ", p.stride.w));
  return Status::success();
}

static void set_im2col_args(const Im2colParams& p, Im2colPlan* q) {
  q->KH = p.kernel_size.h, q->KW = p.kernel_size.w, q->DH = p.dilation.h, q->DW = p.dilation.w;
  q->PH = p.padding.h, q->PW = p.padding.w, q->SH = p.stride.h, q->SW = p.stride.w;
  // div_rtn(size + 2p − (d·(k − 1) + 1), s) + 1; the arguments are int32, so nothing overflows
  q->BH = floor_div(q->image.H + 2 * q->PH - (q->DH * (q->KH - 1) + 1), q->SH) + 1;
  q->BW = floor_div(q->image.W + 2 * q->PW - (q->DW * (q->KW - 1) + 1), q->SW) + 1;
}

Status plan_unfold(const Shape& input, const Im2colParams& p, Im2colPlan* plan) {
  Im2colPlan q;
  if (Status s = check_im2col_args(p); !s.ok()) return s;
  if ((input.rank != 3 && input.rank != 4) || has_zero_dim(input))
    return fail(Code::invalid_shape, "input",
                cat("Expected 3D or 4D (batch mode) tensor input with possibly 0 batch size and non-zero dimensions "
                    "for input, but got: ",
                    input.str()));
  if (Status s = resolve_input(input, &q.image); !s.ok()) return s;
  set_im2col_args(p, &q);
  if (q.BH < 1 || q.BW < 1)  // ATen prints the input height twice
    return fail(Code::output_too_small, "",
                cat("Given input with spatial size (", q.image.H, ", ", q.image.H, "), kernel_size=(", q.KH, ", ", q.KW,
                    "), dilation=(", q.DH, ", ", q.DW, "), padding=(", q.PH, ", ", q.PW,
                    "), calculated shape of the array of sliding blocks as (", q.BH, ", ", q.BW,
                    "), but its components must be at least one."));
  // Rows and columns each within the element limit first, so that their product cannot overflow.
  for (const Shape& part : {Shape{q.image.C, q.KH, q.KW}, Shape{q.BH, q.BW}})
    if (Status s = check_size("output", "", part); !s.ok()) return s;
  if (Status s = check_size("output", "", columns_shape(q)); !s.ok()) return s;
  *plan = q;
  return Status::success();
}

Status plan_fold(const Shape& input, const Im2colParams& p, Im2colPlan* plan) {
  Im2colPlan q;
  if (p.output_size.w <= 0 || p.output_size.h <= 0)
    return fail(Code::invalid_argument, "output_size",
                cat("output size should be greater than zero, but got output_height: ", p.output_size.h,
                    " output_width: ", p.output_size.w));
  if (Status s = check_im2col_args(p); !s.ok()) return s;
  if ((input.rank != 2 && input.rank != 3) || has_zero_dim(input))
    return fail(Code::invalid_shape, "input",
                cat("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                    "dimensions for input, but got: ",
                    input.str()));
  if (Status s = check_size("input", "input", input); !s.ok()) return s;
  const int o = input.rank == 3 ? 1 : 0;
  const int64_t planes = input.dim[o], length = input.dim[o + 1], area = p.kernel_size.h * p.kernel_size.w;
  if (planes % area != 0)
    return fail(Code::shape_mismatch, "input",
                cat("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
                    "input.size(1)=",
                    planes, " and kernel_size=(", p.kernel_size.h, ", ", p.kernel_size.w, ")."));
  q.image.batched = input.rank == 3;
  q.image.N = input.rank == 3 ? input.dim[0] : 1;
  q.image.C = planes / area, q.image.H = p.output_size.h, q.image.W = p.output_size.w;
  set_im2col_args(p, &q);
  const std::string given =
      cat("Given output_size=(", q.image.H, ", ", q.image.W, "), kernel_size=(", q.KH, ", ", q.KW, "), dilation=(",
          q.DH, ", ", q.DW, "), padding=(", q.PH, ", ", q.PW, "), stride=(", q.SH, ", ", q.SW, "), ");
  if (length != q.BH * q.BW)
    return fail(Code::shape_mismatch, "input",
                cat(given, "expected size of input's dimension 2 to match the calculated number of sliding blocks ",
                    q.BH, " * ", q.BW, " = ", q.BH * q.BW, ", but got input.size(2)=", length, "."));
  if (q.BH < 1 || q.BW < 1)
    return fail(Code::output_too_small, "",
                cat(given, "calculated shape of the array of sliding blocks as (", q.BH, ", ", q.BW,
                    "), which is too small (non-positive)"));
  if (Status s = check_output(q.image, q.image.C, q.image.H, q.image.W); !s.ok()) return s;
  *plan = q;
  return Status::success();
}

// F.max_unpool2d: Python's _unpool_output_size first, then ATen's max_unpooling2d_forward_out_cpu.
Status plan_max_unpool2d(const Shape& input, const Shape& indices, const MaxUnpool2dParams& p, MaxUnpool2dPlan* plan) {
  MaxUnpool2dPlan q;
  const Pair stride = p.stride ? *p.stride : p.kernel_size;
  if (input.rank < 2)
    return fail(Code::invalid_shape, "input",
                cat("Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ", input.rank,
                    " dimensions."));
  const int64_t in[2] = {input.dim[input.rank - 2], input.dim[input.rank - 1]};
  const int64_t k[2] = {p.kernel_size.h, p.kernel_size.w}, s[2] = {stride.h, stride.w},
                pd[2] = {p.padding.h, p.padding.w};
  int64_t size[2];
  for (int a = 0; a < 2; ++a) {
    // Bounded so that the default size cannot overflow (PyTorch's Python ints cannot either).
    const int64_t limit = int64_t{1} << 31;
    if (in[a] > detail::kMaxElements)
      return fail(Code::too_large, "input",
                  cat("input of size ", input.str(), " has a dimension over ", detail::kMaxElements,
                      ", the most convlens supports"));
    if (k[a] < -limit || k[a] > limit || s[a] < -limit || s[a] > limit || pd[a] < -limit || pd[a] > limit)
      return fail(Code::too_large, "", cat("max_unpool2d: kernel_size, stride and padding must lie within ±2^31"));
    const int64_t fallback = (in[a] - 1) * s[a] + k[a] - 2 * pd[a];
    (a ? q.default_w : q.default_h) = fallback;
    size[a] = fallback;
    if (p.output_size) {
      const int64_t want = a ? p.output_size->w : p.output_size->h;
      if (!(fallback - s[a] < want && want < fallback + s[a]))
        return fail(Code::invalid_argument, "output_size",
                    cat("invalid output_size \"[", p.output_size->h, ", ", p.output_size->w, "]\" (dim ", a,
                        " must be between ", fallback - s[a], " and ", fallback + s[a], ")"));
      size[a] = want;
    }
  }
  if (input.rank != 3 && input.rank != 4)
    return fail(Code::invalid_shape, "input",
                cat("Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ", input.rank,
                    " dimensions."));
  if (indices != input)
    return fail(Code::shape_mismatch, "indices",
                cat("Expected shape of indices to be same as that of the input tensor (", input.str(),
                    ") but got indices tensor with shape: ", indices.str()));
  for (int i = 0; i < input.rank; ++i)
    if (input.dim[i] <= 0)
      return fail(Code::invalid_shape, "input",
                  cat("max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch "
                      "dimensions, but got ",
                      input.str(), " with dimension ", i, " being empty."));
  if (Status st = resolve_input(input, &q.in); !st.ok()) return st;
  if (size[0] < 0 || size[1] < 0)
    return fail(Code::output_too_small, "",
                cat("Trying to create tensor with negative dimension ", size[0] < 0 ? size[0] : size[1], ": ",
                    detail::output_shape(q.in, q.in.C, size[0], size[1]).str()));
  q.KH = k[0], q.KW = k[1], q.SH = s[0], q.SW = s[1], q.PH = pd[0], q.PW = pd[1], q.OH = size[0], q.OW = size[1];
  if (Status st = check_output(q.in, q.in.C, q.OH, q.OW); !st.ok()) return st;
  *plan = q;
  return Status::success();
}

Status plan_lp_pool2d(const Shape& input, const LpPool2dParams& p, Pool2dPlan* plan) {
  AvgPool2dParams avg;  // F.lp_pool2d calls avg_pool2d(x.pow(p), kernel_size, stride, 0, ceil_mode)
  avg.kernel_size = p.kernel_size, avg.stride = p.stride, avg.ceil_mode = p.ceil_mode;
  Pool2dPlan q;
  if (Status s = plan_avg_pool2d(input, avg, &q); !s.ok()) return s;
  if (p.norm_type == 0.0)  // then evaluates 1.0 / norm_type
    return fail(Code::invalid_argument, "norm_type", "float division by zero (norm_type=0)");
  q.norm_type = p.norm_type;
  *plan = q;
  return Status::success();
}

// F.adaptive_{avg,max}_pool2d in ATen's order: Python resolves None from the input's size; the avg
// op checks the output size before the input, the max op after (when it allocates the output).
static Status plan_adaptive(const char* op, bool avg, const Shape& input, const AdaptivePool2dParams& p,
                            AdaptivePool2dPlan* plan) {
  AdaptivePool2dPlan q;
  if ((!p.output_h || !p.output_w) && input.rank < 3)  // torch.nn.modules.utils._list_with_default
    return fail(Code::invalid_shape, "input",
                cat("Input dimension should be at least 3, but got input of size ", input.str()));
  const int64_t oh = p.output_h ? *p.output_h : input.dim[input.rank - 2];
  const int64_t ow = p.output_w ? *p.output_w : input.dim[input.rank - 1];
  if (avg && (oh < 0 || ow < 0))
    return fail(Code::invalid_argument, "output_size",
                cat("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {",
                    oh, ", ", ow, "}"));
  if (input.rank != 3 && input.rank != 4)
    return fail(Code::invalid_shape, "input",
                cat(op, "(): Expected 3D or 4D tensor, but got", avg ? " " : ": ", input.str()));
  for (int i = 0; i < input.rank; ++i)
    if (input.dim[i] <= 0)
      return fail(Code::invalid_shape, "input",
                  i == 0 && input.rank == 4
                      ? cat(op, "(): Expected input to have a non-zero batch size, but input has sizes ", input.str())
                      : cat(op,
                            "(): Expected input to have non-zero size for non-batch dimensions, but input has "
                            "sizes ",
                            input.str(), " with dimension ", i, " being empty"));
  if (Status s = resolve_input(input, &q.in); !s.ok()) return s;
  if (oh < 0 || ow < 0)
    return fail(Code::invalid_argument, "output_size",
                cat("Trying to create tensor with negative dimension ", oh < 0 ? oh : ow, ": ",
                    Shape{q.in.N, q.in.C, oh, ow}.str()));
  q.OH = oh, q.OW = ow;
  if (Status s = check_output(q.in, q.in.C, q.OH, q.OW); !s.ok()) return s;
  *plan = q;
  return Status::success();
}

Status plan_adaptive_avg_pool2d(const Shape& input, const AdaptivePool2dParams& p, AdaptivePool2dPlan* plan) {
  return plan_adaptive("adaptive_avg_pool2d", true, input, p, plan);
}

Status plan_adaptive_max_pool2d(const Shape& input, const AdaptivePool2dParams& p, AdaptivePool2dPlan* plan) {
  return plan_adaptive("adaptive_max_pool2d", false, input, p, plan);
}

// adaptive_{avg,max}_pool1d: checkDimRange(2, 4) and, for max, its non-empty check, then the 2-D op on
// input.unsqueeze(-2) with output_size (1, L).
static Status plan_adaptive_1d(const char* op, bool avg, const Shape& input, int64_t output_size,
                               AdaptivePool2dPlan* plan) {
  if (Status s = check_1d_rank(op, input); !s.ok()) return s;
  for (int i = 1; i < input.rank && !avg; ++i)
    if (input.dim[i] <= 0)
      return fail(Code::invalid_shape, "input",
                  cat(op, "(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ",
                      input.str(), " with dimension ", i, " being empty"));
  AdaptivePool2dParams p;
  p.output_h = 1, p.output_w = output_size;
  return avg ? plan_adaptive_avg_pool2d(unsqueeze_h(input), p, plan)
             : plan_adaptive_max_pool2d(unsqueeze_h(input), p, plan);
}

Status plan_adaptive_avg_pool1d(const Shape& input, int64_t output_size, AdaptivePool2dPlan* plan) {
  return plan_adaptive_1d("adaptive_avg_pool1d", true, input, output_size, plan);
}

Status plan_adaptive_max_pool1d(const Shape& input, int64_t output_size, AdaptivePool2dPlan* plan) {
  return plan_adaptive_1d("adaptive_max_pool1d", false, input, output_size, plan);
}

Status module_weight(const char* op, int64_t in_ch, int64_t out_ch, Pair k, int64_t groups, bool transposed, bool one_d,
                     Shape* weight) {
  if (in_ch <= 0 || out_ch <= 0)
    return fail(Code::invalid_argument, in_ch <= 0 ? "in_channels" : "out_channels",
                cat(op, ": in_channels and out_channels must be positive, but got in_channels=", in_ch,
                    " and out_channels=", out_ch));
  if (k.h <= 0 || k.w <= 0)
    return fail(Code::invalid_argument, "kernel_size",
                cat(op, ": kernel_size must be positive, but got kernel_size=", tuple_str(k, one_d)));
  if (groups <= 0)
    return fail(Code::invalid_argument, "groups", cat("groups must be a positive integer, but got groups=", groups));
  if (in_ch % groups != 0)
    return fail(Code::invalid_argument, "groups",
                cat("in_channels must be divisible by groups, but got in_channels=", in_ch, " and groups=", groups));
  if (out_ch % groups != 0)
    return fail(Code::invalid_argument, "groups",
                cat("out_channels must be divisible by groups, but got out_channels=", out_ch, " and groups=", groups));
  // nn.Conv2d's weight is [out, in/groups, kh, kw]; nn.ConvTranspose2d's is [in, out/groups, kh, kw].
  int64_t a = transposed ? in_ch : out_ch, b = transposed ? out_ch / groups : in_ch / groups;
  Shape w = one_d ? Shape{a, b, k.w} : Shape{a, b, k.h, k.w};
  if (Status s = check_size("weight", "weight", w); !s.ok()) return s;
  *weight = w;
  return Status::success();
}

}  // namespace detail

}  // namespace convlens
