// The ops: plan (validate) once, then run that plan: check the buffers, pad if needed, dispatch.
// The plan-taking runners (detail::) let the bindings size the output from the very plan that runs.
#include <cmath>
#include <cstdlib>
#include <string>

#include "kernels/kernels.hpp"
#include "padding.hpp"

namespace convlens {

namespace {

Status fail(Code code, const char* argument, std::string message) { return Status{code, std::move(message), argument}; }

Status check_out(const char* op, OutputBuffer out, const Shape& shape) {
  const int64_t need = shape.numel();  // pad's output may be empty; then no buffer is needed
  if ((need > 0 && !out.data) || out.capacity < static_cast<size_t>(need))
    return fail(Code::shape_mismatch, "out",
                std::string(op) + ": the output buffer holds " + std::to_string(out.capacity) +
                    " floats, but the output of size " + shape.str() + " needs " + std::to_string(need));
  return Status::success();
}

// The data of each tensor an op reads (`reads`: name and view, null for an absent bias), then its output buffer:
// the first failure, or success. (One status on the way: a small call's checks cost as much as its op.)
Status check_call(const char* op, std::initializer_list<std::pair<const char*, const TensorView*>> reads,
                  OutputBuffer out, const Shape& shape) {
  for (const auto& [what, t] : reads)
    if (t && !t->data && t->shape.numel() > 0)
      return fail(Code::invalid_argument, what, std::string(op) + ": " + what + " data is missing");
  return check_out(op, out, shape);
}

// A malloc'd scratch buffer (16-byte aligned): allocation failure is a status, not an abort. Zero
// bytes is a valid, empty buffer that allocates nothing (most small calls need none). The size arrives as
// int64 and is checked against 2·kMaxWorkspaceBytes before it becomes a size_t, which has 32 bits on wasm32.
alignas(16) unsigned char g_no_scratch[16];
struct Scratch {
  unsigned char* data = nullptr;
  explicit Scratch(int64_t bytes)
      : data(bytes == 0 ? g_no_scratch
             : bytes < 0 || bytes > 2 * detail::kMaxWorkspaceBytes
                 ? nullptr
                 : static_cast<unsigned char*>(std::malloc(static_cast<size_t>(bytes)))) {}
  ~Scratch() {
    if (data != g_no_scratch) std::free(data);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

Status out_of_memory(const char* op, const char* what, int64_t bytes) {
  return fail(Code::too_large, "",
              std::string(op) + ": out of memory: the " + what + " needs " + std::to_string(bytes) +
                  " bytes, which this build cannot allocate");
}

bool all_finite(const float* data, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(data[i])) return false;
  return true;
}

}  // namespace

namespace detail {

namespace {
// conv2d runs one (batch item, group) at a time: the kernel's problem is one group of one image, its
// input already padded.
ConvGeometry group_geometry(const Conv2dPlan& c) {
  const int64_t cin_g = c.in.C / c.groups, cout_g = c.Cout / c.groups;
  const int64_t H = c.in.H + c.pad_top + c.pad_bottom, W = c.in.W + c.pad_left + c.pad_right;
  return {1, cin_g, H, W, cout_g, c.KH, c.KW, c.SH, c.SW, c.DH, c.DW, 1, c.OH, c.OW};
}
// The kernel a plan runs, and its weight's layout: the list's choice, unless the weight it packs for every
// group would not fit the workspace limit (then the reference, which packs nothing).
struct Conv2dChoice {
  ConvGeometry g;
  const Conv2dKernel* kernel;
  int64_t packed_floats;  // one group's packed weight, rounded to 16 bytes; 0: the weight is read as it is
};
Conv2dChoice conv2d_choice(const Conv2dPlan& c) {
  const ConvGeometry g = group_geometry(c);
  const Conv2dKernel* k = &conv2d_kernels().select_packed(g, kMaxWorkspaceBytes / c.groups);
  return {g, k, k->pack_weight ? (k->packed_weight_bytes(g) + 15) / 16 * 4 : 0};
}
void pack_groups(const Conv2dChoice& k, int64_t groups, const float* weight, float* packed) {
  const int64_t chunk = k.g.Cout * k.g.C * k.g.KH * k.g.KW;
  for (int64_t grp = 0; grp < groups; ++grp)
    k.kernel->pack_weight(k.g, weight + grp * chunk, packed + grp * k.packed_floats);
}
}  // namespace

int64_t conv2d_packed_weight_bytes(const Conv2dPlan& c) {
  return c.groups * conv2d_choice(c).packed_floats * int64_t{sizeof(float)};
}

void conv2d_pack_weight(const Conv2dPlan& c, const float* weight, float* packed) {
  const Conv2dChoice k = conv2d_choice(c);
  if (k.packed_floats) pack_groups(k, c.groups, weight, packed);
}

Status conv2d(const Conv2dPlan& c, const TensorView& input, const TensorView& weight,
              const std::optional<TensorView>& bias, OutputBuffer out, PackedWeight packed) {
  if (Status s = check_call("conv2d", {{"input", &input}, {"weight", &weight}, {"bias", bias ? &*bias : nullptr}}, out,
                            output_shape(c));
      !s.ok())
    return s;
  // The padded copy of one chunk's input planes stays small (one plane for a depthwise conv) and in cache
  // while the kernel reads it.
  PadPlan pad = conv2d_pad_plan(c);
  const bool padded = pad.left || pad.right || pad.top || pad.bottom;
  const Conv2dChoice choice = conv2d_choice(c);
  const ConvGeometry& g = choice.g;
  const Conv2dKernel& kernel = *choice.kernel;
  if (packed.data && packed.bytes != c.groups * choice.packed_floats * int64_t{sizeof(float)})
    return fail(Code::invalid_argument, "weight", "internal: the packed weight was made for another shape");
  // Each part rounded to 16 bytes so that the next stays aligned. The plan caps the padded input at
  // kMaxElements floats, select() the workspace and conv2d_choice() the packed weight at kMaxWorkspaceBytes.
  const int64_t pad_bytes = padded ? (g.C * g.H * g.W * int64_t{sizeof(float)} + 15) / 16 * 16 : 0;
  const int64_t pack_bytes = packed.data ? 0 : c.groups * choice.packed_floats * int64_t{sizeof(float)};
  const int64_t scratch_bytes = pad_bytes + pack_bytes + kernel.workspace_bytes(g);
  Scratch scratch(scratch_bytes);
  if (!scratch.data) return out_of_memory("conv2d", "padded input and workspace", scratch_bytes);
  float* padded_input = reinterpret_cast<float*>(scratch.data);
  const float* packed_weight = packed.data;
  if (choice.packed_floats && !packed_weight) {
    float* const into = reinterpret_cast<float*>(scratch.data + pad_bytes);
    pack_groups(choice, c.groups, weight.data, into);
    packed_weight = into;
  }
  pad.in.N = 1, pad.in.C = g.C;
  // A group's weight: its slice of the weight, or of the packed weight.
  const int64_t weight_chunk = choice.packed_floats ? choice.packed_floats : g.Cout * g.C * c.KH * c.KW;
  const float* const weights = choice.packed_floats ? packed_weight : weight.data;
  for (int64_t n = 0; n < c.in.N; ++n)
    for (int64_t grp = 0; grp < c.groups; ++grp) {
      const float* in = input.data + (n * c.in.C + grp * g.C) * c.in.H * c.in.W;
      if (padded) pad_planes(pad, in, padded_input);
      kernel.run(g, padded ? padded_input : in, weights + grp * weight_chunk,
                 bias ? bias->data + grp * g.Cout : nullptr, out.data + (n * c.Cout + grp * g.Cout) * c.OH * c.OW,
                 scratch.data + pad_bytes + pack_bytes);
    }
  return Status::success();
}

namespace {
// The kernel a transposed convolution runs, for a weight that is finite or not, and its packed weight's size
// (0: none). The packed weight is at most a weight's size, rounded up to 5 rows per group (a weight the plan
// caps); past kMaxWorkspaceBytes the reference runs, which packs nothing.
struct ConvTranspose2dChoice {
  ConvTranspose2dPlan plan;
  const ConvTranspose2dKernel* kernel;
  int64_t packed_bytes;
};
ConvTranspose2dChoice conv_transpose2d_choice(const ConvTranspose2dPlan& plan, bool finite_weight) {
  ConvTranspose2dPlan c = plan;
  c.finite_weight = finite_weight;
  const ConvTranspose2dKernel* k = &conv_transpose2d_kernels().select_packed(c, kMaxWorkspaceBytes);
  return {c, k, k->pack_weight ? k->packed_weight_bytes(c) : 0};
}
}  // namespace

int64_t conv_transpose2d_packed_weight_bytes(const ConvTranspose2dPlan& plan, const TensorView& weight) {
  // Only a finite weight is packed: an infinite one runs on another kernel, packed per call.
  return all_finite(weight.data, weight.shape.numel()) ? conv_transpose2d_choice(plan, true).packed_bytes : 0;
}

void conv_transpose2d_pack_weight(const ConvTranspose2dPlan& plan, const float* weight, float* packed) {
  const ConvTranspose2dChoice k = conv_transpose2d_choice(plan, true);
  if (k.packed_bytes) k.kernel->pack_weight(k.plan, weight, packed);
}

Status conv_transpose2d(const ConvTranspose2dPlan& plan, const TensorView& input, const TensorView& weight,
                        const std::optional<TensorView>& bias, OutputBuffer out, PackedWeight packed) {
  if (Status s =
          check_call("conv_transpose2d", {{"input", &input}, {"weight", &weight}, {"bias", bias ? &*bias : nullptr}},
                     out, output_shape(plan));
      !s.ok())
    return s;
  // A packed weight was made from a finite one: no need to look at every weight again.
  const ConvTranspose2dChoice choice =
      conv_transpose2d_choice(plan, packed.data || all_finite(weight.data, weight.shape.numel()));
  const ConvTranspose2dKernel& kernel = *choice.kernel;
  if (packed.data && packed.bytes != choice.packed_bytes)
    return fail(Code::invalid_argument, "weight", "internal: the packed weight was made for another shape");
  const int64_t pack_bytes = packed.data ? 0 : (choice.packed_bytes + 15) / 16 * 16;
  const int64_t scratch_bytes = pack_bytes + kernel.workspace_bytes(choice.plan);
  Scratch scratch(scratch_bytes);
  if (!scratch.data) return out_of_memory("conv_transpose2d", "workspace", scratch_bytes);
  const float* weights = packed.data ? packed.data : weight.data;
  if (choice.packed_bytes && !packed.data) {
    kernel.pack_weight(choice.plan, weight.data, reinterpret_cast<float*>(scratch.data));
    weights = reinterpret_cast<const float*>(scratch.data);
  }
  kernel.run(choice.plan, input.data, weights, bias ? bias->data : nullptr, out.data, scratch.data + pack_bytes);
  return Status::success();
}

Status max_pool2d(const Pool2dPlan& p, const TensorView& input, OutputBuffer out, int32_t* indices) {
  if (Status s = check_call("max_pool2d", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  if (indices) {  // only the reference reports indices
    max_pool2d_reference(p, input.data, out.data, indices);
  } else {
    const MaxPool2dKernel& kernel = max_pool2d_kernels().select(p);
    Scratch scratch(kernel.workspace_bytes(p));
    if (!scratch.data) return out_of_memory("max_pool2d", "workspace", kernel.workspace_bytes(p));
    kernel.run(p, input.data, out.data, scratch.data);
  }
  return Status::success();
}

Status avg_pool2d(const Pool2dPlan& p, const TensorView& input, OutputBuffer out) {
  if (Status s = check_call("avg_pool2d", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  avg_pool2d_reference(p, input.data, out.data);
  return Status::success();
}

Status pad(const PadPlan& p, const TensorView& input, OutputBuffer out) {
  if (Status s = check_call("pad", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  pad_planes(p, input.data, out.data);
  return Status::success();
}

Status max_unpool2d(const MaxUnpool2dPlan& p, const TensorView& input, const IndexView& indices, OutputBuffer out) {
  if (Status s = check_call("max_unpool2d", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  if (!indices.data && indices.shape.numel() > 0)
    return fail(Code::invalid_argument, "indices", "max_unpool2d: indices data is missing");
  if (p.OH * p.OW == 0) return Status::success();  // ATen checks no index for an empty output
  int64_t invalid = 0;
  if (!max_unpool2d_reference(p, input.data, indices.data, out.data, &invalid))
    return fail(Code::invalid_argument, "indices",
                "Found an invalid max index: " + std::to_string(invalid) + " (output volumes are of size " +
                    std::to_string(p.OH) + "x" + std::to_string(p.OW) + ")");
  return Status::success();
}

Status unfold(const Im2colPlan& p, const TensorView& input, OutputBuffer out) {
  if (Status s = check_call("unfold", {{"input", &input}}, out, columns_shape(p)); !s.ok()) return s;
  unfold_reference(p, input.data, out.data);
  return Status::success();
}

Status fold(const Im2colPlan& p, const TensorView& input, OutputBuffer out) {
  const Shape shape = output_shape(p.image, p.image.C, p.image.H, p.image.W);
  if (Status s = check_call("fold", {{"input", &input}}, out, shape); !s.ok()) return s;
  fold_reference(p, input.data, out.data);
  return Status::success();
}

Status lp_pool2d(const Pool2dPlan& p, const TensorView& input, OutputBuffer out) {
  if (Status s = check_call("lp_pool2d", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  const LpPool2dKernel& kernel = lp_pool2d_kernels().select(p);
  Scratch scratch(kernel.workspace_bytes(p));
  if (!scratch.data) return out_of_memory("lp_pool2d", "workspace", kernel.workspace_bytes(p));
  kernel.run(p, input.data, out.data, scratch.data);
  return Status::success();
}

Status adaptive_avg_pool2d(const AdaptivePool2dPlan& p, const TensorView& input, OutputBuffer out) {
  if (Status s = check_call("adaptive_avg_pool2d", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  const AdaptiveAvgPool2dKernel& kernel = adaptive_avg_pool2d_kernels().select(p);
  Scratch scratch(kernel.workspace_bytes(p));
  if (!scratch.data) return out_of_memory("adaptive_avg_pool2d", "workspace", kernel.workspace_bytes(p));
  kernel.run(p, input.data, out.data, scratch.data);
  return Status::success();
}

Status adaptive_max_pool2d(const AdaptivePool2dPlan& p, const TensorView& input, OutputBuffer out, int32_t* indices) {
  if (Status s = check_call("adaptive_max_pool2d", {{"input", &input}}, out, output_shape(p)); !s.ok()) return s;
  const AdaptiveMaxPool2dKernel& kernel = adaptive_max_pool2d_kernels().select(p);
  Scratch scratch(kernel.workspace_bytes(p));
  if (!scratch.data) return out_of_memory("adaptive_max_pool2d", "workspace", kernel.workspace_bytes(p));
  kernel.run(p, input.data, out.data, indices, scratch.data);
  return Status::success();
}

Status conv2d_backward(const Conv2dPlan& c, const TensorView& grad_output, const TensorView& input,
                       const TensorView& weight, OutputBuffer grad_input, OutputBuffer grad_weight,
                       OutputBuffer grad_bias) {
  const char* op = "conv2d_backward";
  if (Status s = check_call(op, {{"grad_output", &grad_output}, {"input", &input}, {"weight", &weight}}, grad_input,
                            input.shape);
      !s.ok())
    return s;
  if (Status s = check_out(op, grad_weight, weight.shape); !s.ok()) return s;
  if (c.has_bias)
    if (Status s = check_out(op, grad_bias, Shape{c.Cout}); !s.ok()) return s;
  // The gradient onto the padded input is the transposed convolution of grad_output (no padding, and
  // the output_padding that restores the padded size); the padding is then folded back.
  const PadPlan pad = conv2d_pad_plan(c);
  const bool padded = pad.left || pad.right || pad.top || pad.bottom;
  ConvTranspose2dPlan t;
  t.in = Input4{c.in.batched, c.in.N, c.Cout, c.OH, c.OW};
  t.Cout = c.in.C, t.KH = c.KH, t.KW = c.KW, t.groups = c.groups;
  t.SH = c.SH, t.SW = c.SW, t.DH = c.DH, t.DW = c.DW, t.OH = pad.OH, t.OW = pad.OW;
  t.OPH = pad.OH - ((c.OH - 1) * c.SH + c.DH * (c.KH - 1) + 1);
  t.OPW = pad.OW - ((c.OW - 1) * c.SW + c.DW * (c.KW - 1) + 1);
  // One scratch holds the padded gradient, then the padded input; the plan caps it at kMaxElements.
  const int64_t padded_bytes = padded ? c.in.N * c.in.C * pad.OH * pad.OW * int64_t{sizeof(float)} : 0;
  Scratch scratch(padded_bytes);
  if (!scratch.data) return out_of_memory(op, "padded input", padded_bytes);
  float* padded_data = reinterpret_cast<float*>(scratch.data);
  const size_t padded_count = static_cast<size_t>(padded_bytes / int64_t{sizeof(float)});
  if (Status s = conv_transpose2d(t, grad_output, weight, std::nullopt,
                                  padded ? OutputBuffer{padded_data, padded_count} : grad_input);
      !s.ok())
    return s;
  if (padded) {
    unpad_planes_add(pad, padded_data, grad_input.data);
    pad_planes(pad, input.data, padded_data);
  }
  const ConvGeometry g{c.in.N, c.in.C, pad.OH, pad.OW, c.Cout,   c.KH, c.KW,
                       c.SH,   c.SW,   c.DH,   c.DW,   c.groups, c.OH, c.OW};
  Scratch workspace(conv2d_backward_weight_workspace(g));
  if (!workspace.data) return out_of_memory(op, "workspace", conv2d_backward_weight_workspace(g));
  conv2d_backward_weight_gemm_5x8(g, padded ? padded_data : input.data, grad_output.data, grad_weight.data,
                                  workspace.data);
  if (c.has_bias) {
    const int64_t P = c.OH * c.OW;
    for (int64_t co = 0; co < c.Cout; ++co) {
      float sum = 0.0f;
      for (int64_t n = 0; n < c.in.N; ++n)
        for (const float *v = grad_output.data + (n * c.Cout + co) * P, *end = v + P; v < end; ++v) sum += *v;
      grad_bias.data[co] = sum;
    }
  }
  return Status::success();
}

Status max_pool2d_backward(const Pool2dPlan& p, const TensorView& grad_output, const TensorView& input,
                           OutputBuffer grad_input) {
  const char* op = "max_pool2d_backward";
  if (Status s = check_call(op, {{"grad_output", &grad_output}, {"input", &input}}, grad_input, input.shape); !s.ok())
    return s;
  // The winners are max_pool2d's indices; its values go to a scratch copy.
  const int64_t count = p.in.N * p.in.C * p.OH * p.OW;
  Scratch scratch(count * int64_t{sizeof(float) + sizeof(int32_t)});
  if (!scratch.data) return out_of_memory(op, "indices", count * int64_t{sizeof(float) + sizeof(int32_t)});
  float* values = reinterpret_cast<float*>(scratch.data);
  int32_t* indices = reinterpret_cast<int32_t*>(values + count);
  max_pool2d_reference(p, input.data, values, indices);
  max_pool2d_backward_reference(p, grad_output.data, indices, grad_input.data);
  return Status::success();
}

Status avg_pool2d_backward(const Pool2dPlan& p, const TensorView& grad_output, OutputBuffer grad_input) {
  const char* op = "avg_pool2d_backward";
  if (Status s =
          check_call(op, {{"grad_output", &grad_output}}, grad_input, output_shape(p.in, p.in.C, p.in.H, p.in.W));
      !s.ok())
    return s;
  avg_pool2d_backward_reference(p, grad_output.data, grad_input.data);
  return Status::success();
}

}  // namespace detail

// The public ops: plan (validate), then run that plan.

Status conv2d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
              const Conv2dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Conv2dPlan c;
  std::optional<Shape> bias_shape;
  if (bias) bias_shape = bias->shape;
  if (Status s = detail::plan_conv2d(input.shape, weight.shape, bias_shape, params, &c); !s.ok()) return s;
  if (Status s = detail::conv2d(c, input, weight, bias, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(c);
  return Status::success();
}

Status conv_transpose2d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
                        const ConvTranspose2dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::ConvTranspose2dPlan c;
  std::optional<Shape> bias_shape;
  if (bias) bias_shape = bias->shape;
  if (Status s = detail::plan_conv_transpose2d(input.shape, weight.shape, bias_shape, params, &c); !s.ok()) return s;
  if (Status s = detail::conv_transpose2d(c, input, weight, bias, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(c);
  return Status::success();
}

Status max_pool2d(const TensorView& input, const MaxPool2dParams& params, OutputBuffer out, int32_t* indices,
                  Shape* out_shape) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_max_pool2d(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::max_pool2d(p, input, out, indices); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status avg_pool2d(const TensorView& input, const AvgPool2dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_avg_pool2d(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::avg_pool2d(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status pad(const TensorView& input, const PadParams& params, OutputBuffer out, Shape* out_shape) {
  detail::PadPlan p;
  if (Status s = detail::plan_pad(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::pad(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status max_unpool2d(const TensorView& input, const IndexView& indices, const MaxUnpool2dParams& params,
                    OutputBuffer out, Shape* out_shape) {
  detail::MaxUnpool2dPlan p;
  if (Status s = detail::plan_max_unpool2d(input.shape, indices.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::max_unpool2d(p, input, indices, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status unfold(const TensorView& input, const Im2colParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Im2colPlan p;
  if (Status s = detail::plan_unfold(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::unfold(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::columns_shape(p);
  return Status::success();
}

Status fold(const TensorView& input, const Im2colParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Im2colPlan p;
  if (Status s = detail::plan_fold(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::fold(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p.image, p.image.C, p.image.H, p.image.W);
  return Status::success();
}

Status lp_pool2d(const TensorView& input, const LpPool2dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_lp_pool2d(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::lp_pool2d(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status adaptive_avg_pool2d(const TensorView& input, const AdaptivePool2dParams& params, OutputBuffer out,
                           Shape* out_shape) {
  detail::AdaptivePool2dPlan p;
  if (Status s = detail::plan_adaptive_avg_pool2d(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::adaptive_avg_pool2d(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status adaptive_max_pool2d(const TensorView& input, const AdaptivePool2dParams& params, OutputBuffer out,
                           int32_t* indices, Shape* out_shape) {
  detail::AdaptivePool2dPlan p;
  if (Status s = detail::plan_adaptive_max_pool2d(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::adaptive_max_pool2d(p, input, out, indices); !s.ok()) return s;
  if (out_shape) *out_shape = detail::output_shape(p);
  return Status::success();
}

Status conv2d_backward(const TensorView& grad_output, const TensorView& input, const TensorView& weight,
                       const std::optional<Shape>& bias, const Conv2dParams& params, OutputBuffer grad_input,
                       OutputBuffer grad_weight, OutputBuffer grad_bias) {
  detail::Conv2dPlan c;
  if (Status s = detail::plan_conv2d_backward(grad_output.shape, input.shape, weight.shape, bias, params, &c); !s.ok())
    return s;
  return detail::conv2d_backward(c, grad_output, input, weight, grad_input, grad_weight, grad_bias);
}

Status max_pool2d_backward(const TensorView& grad_output, const TensorView& input, const MaxPool2dParams& params,
                           OutputBuffer grad_input) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_max_pool2d_backward(grad_output.shape, input.shape, params, &p); !s.ok()) return s;
  return detail::max_pool2d_backward(p, grad_output, input, grad_input);
}

Status avg_pool2d_backward(const TensorView& grad_output, const TensorView& input, const AvgPool2dParams& params,
                           OutputBuffer grad_input) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_avg_pool2d_backward(grad_output.shape, input.shape, params, &p); !s.ok()) return s;
  return detail::avg_pool2d_backward(p, grad_output, grad_input);
}

namespace {
// The 1-D adaptive pools run the 2-D op on the same data: only the shapes gain a unit H axis.
Status adaptive_1d(bool avg, const TensorView& input, int64_t output_size, OutputBuffer out, int32_t* indices,
                   Shape* out_shape) {
  detail::AdaptivePool2dPlan p;
  const Status planned = avg ? detail::plan_adaptive_avg_pool1d(input.shape, output_size, &p)
                             : detail::plan_adaptive_max_pool1d(input.shape, output_size, &p);
  if (!planned.ok()) return planned;
  const TensorView as_2d{input.data, Shape{p.in.N, p.in.C, p.in.H, p.in.W}};
  if (Status s = avg ? detail::adaptive_avg_pool2d(p, as_2d, out) : detail::adaptive_max_pool2d(p, as_2d, out, indices);
      !s.ok())
    return s;
  if (out_shape) *out_shape = detail::output_shape_1d(p);
  return Status::success();
}
}  // namespace

// The 1-D conv ops and pools run their 2-D plans on the same data (the views' 1-D shapes have the
// same element counts); the result's shape drops the unit H axis.
Status conv1d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
              const Conv1dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Conv2dPlan c;
  std::optional<Shape> bias_shape;
  if (bias) bias_shape = bias->shape;
  if (Status s = detail::plan_conv1d(input.shape, weight.shape, bias_shape, params, &c); !s.ok()) return s;
  if (Status s = detail::conv2d(c, input, weight, bias, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::squeeze_h(detail::output_shape(c));
  return Status::success();
}

Status conv_transpose1d(const TensorView& input, const TensorView& weight, const std::optional<TensorView>& bias,
                        const ConvTranspose1dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::ConvTranspose2dPlan c;
  std::optional<Shape> bias_shape;
  if (bias) bias_shape = bias->shape;
  if (Status s = detail::plan_conv_transpose1d(input.shape, weight.shape, bias_shape, params, &c); !s.ok()) return s;
  if (Status s = detail::conv_transpose2d(c, input, weight, bias, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::squeeze_h(detail::output_shape(c));
  return Status::success();
}

Status max_pool1d(const TensorView& input, const MaxPool1dParams& params, OutputBuffer out, int32_t* indices,
                  Shape* out_shape) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_max_pool1d(input.shape, params, indices != nullptr || params.return_indices, &p); !s.ok())
    return s;
  if (Status s = detail::max_pool2d(p, input, out, indices); !s.ok()) return s;
  if (out_shape) *out_shape = detail::squeeze_h(detail::output_shape(p));
  return Status::success();
}

Status avg_pool1d(const TensorView& input, const AvgPool1dParams& params, OutputBuffer out, Shape* out_shape) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_avg_pool1d(input.shape, params, &p); !s.ok()) return s;
  if (Status s = detail::avg_pool2d(p, input, out); !s.ok()) return s;
  if (out_shape) *out_shape = detail::squeeze_h(detail::output_shape(p));
  return Status::success();
}

Status adaptive_avg_pool1d(const TensorView& input, int64_t output_size, OutputBuffer out, Shape* out_shape) {
  return adaptive_1d(true, input, output_size, out, nullptr, out_shape);
}

Status adaptive_max_pool1d(const TensorView& input, int64_t output_size, OutputBuffer out, int32_t* indices,
                           Shape* out_shape) {
  return adaptive_1d(false, input, output_size, out, indices, out_shape);
}

}  // namespace convlens
