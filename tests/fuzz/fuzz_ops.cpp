// libFuzzer target: arbitrary shapes and parameters through every op and helper. Whatever the bytes,
// a call either fails with a status or writes exactly the output it reports (ASan/UBSan watch the rest).
// Kernel sizes, strides, paddings and dilations are sometimes drawn up to 2^31 − 1 (what the wasm
// boundary passes) while tensors stay small. The wasm build has 32-bit sizes and at most 2 GiB of
// memory, so the smoke run sets -malloc_limit_mb=2048: a size computed past that (one that would
// wrap or exhaust wasm32) is an allocation libFuzzer reports as a failure.
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "convlens.hpp"

using namespace convlens;

namespace {

struct Bytes {
  const uint8_t* p;
  size_t n;
  int take(int lo, int hi) {  // a value in [lo, hi], 0 bytes left → lo
    if (n == 0) return lo;
    const int v = lo + (*p % (hi - lo + 1));
    ++p, --n;
    return v;
  }
  // Usually a small value in [lo, hi]; sometimes one near a power of two up to 2^31 − 1.
  int64_t take_size(int lo, int hi) {
    if (take(0, 7) != 0) return take(lo, hi);
    const int k = take(8, 31), delta = take(-2, 2);
    const int64_t v = (int64_t{1} << k) + delta;
    return v > INT32_MAX ? INT32_MAX : v;
  }
};

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes b{data, size};
  const int op = b.take(0, 11);
  const bool batched = b.take(0, 1);
  Shape in = batched ? Shape{b.take(0, 2), b.take(0, 4), b.take(0, 12), b.take(0, 12)}
                     : Shape{b.take(0, 4), b.take(0, 12), b.take(0, 12)};
  if (b.take(0, 15) == 0) in.rank = b.take(0, 5);  // sometimes a wrong rank
  const Shape w{b.take(0, 4), b.take(0, 4), b.take(0, 5), b.take(0, 5)};
  const int64_t in_n = in.numel() > 0 ? in.numel() : 0, w_n = w.numel() > 0 ? w.numel() : 0;
  std::vector<float> x(static_cast<size_t>(in_n) + 1), weight(static_cast<size_t>(w_n) + 1), bias(8);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(b.take(0, 255)) - 128.0f;
  for (size_t i = 0; i < weight.size(); ++i) weight[i] = 1.0f / static_cast<float>(i + 1);
  const std::optional<TensorView> bias_view =
      b.take(0, 1) ? std::optional<TensorView>(TensorView{bias.data(), Shape{b.take(0, 8)}}) : std::nullopt;
  const Pair s{b.take_size(-1, 3), b.take_size(-1, 3)}, p{b.take_size(-2, 4), b.take_size(-2, 4)},
      d{b.take_size(0, 3), b.take_size(0, 3)};
  const int64_t idx[4] = {b.take(0, 2), b.take(0, 4), b.take(0, 12), b.take(0, 12)};

  OutputInfo info;
  std::vector<float> out;
  std::vector<int32_t> indices;
  Shape out_shape;
  ReceptiveField field;
  // Allocate exactly what the shape helper reports. Outputs over 2^20 elements (sizes an output_size
  // can ask for, up to the core's 2^28) are planned but not run: the harness's own buffers would pass
  // the smoke run's malloc limit, and filling them under ASan makes slow units.
  auto sized = [&](const Status& st) {
    if (st.ok() && info.shape.numel() > (int64_t{1} << 20)) return false;
    if (st.ok()) {
      out.assign(static_cast<size_t>(info.shape.numel()), 0.0f);
      indices.assign(out.size(), 0);
    }
    return st.ok();
  };
  switch (op) {
    case 0: {
      Conv2dParams c;
      c.stride = s, c.padding = p, c.dilation = d, c.groups = b.take(-1, 4);
      c.padding_kind = static_cast<ConvPadding>(b.take(0, 2));
      c.padding_mode = static_cast<PaddingMode>(b.take(0, 3));
      std::optional<Shape> bs;
      if (bias_view) bs = bias_view->shape;
      if (sized(conv2d_output(in, w, bs, c, &info))) {
        check(conv2d({x.data(), in}, {weight.data(), w}, bias_view, c, {out.data(), out.size()}, &out_shape).ok());
        check(out_shape == info.shape);
      }
      (void)conv2d_receptive_field(in, w, c, idx, &field);
      break;
    }
    case 1: {
      ConvTranspose2dParams c;
      c.stride = s, c.padding = p, c.dilation = d, c.groups = b.take(-1, 4);
      c.output_padding = {b.take(-1, 3), b.take(-1, 3)};
      if (b.take(0, 3) == 0) c.output_size = Pair{b.take(0, 30), b.take(0, 30)};
      std::optional<Shape> bs;
      if (bias_view) bs = bias_view->shape;
      if (sized(conv_transpose2d_output(in, w, bs, c, &info))) {
        check(conv_transpose2d({x.data(), in}, {weight.data(), w}, bias_view, c, {out.data(), out.size()}, &out_shape)
                  .ok());
        check(out_shape == info.shape);
      }
      (void)conv_transpose2d_receptive_field(in, w, c, idx, &field);
      break;
    }
    case 2: {
      MaxPool2dParams m;
      m.kernel_size = {b.take_size(-1, 5), b.take_size(-1, 5)}, m.padding = p, m.dilation = d,
      m.ceil_mode = b.take(0, 1);
      if (b.take(0, 1)) m.stride = s;
      if (sized(max_pool2d_output(in, m, &info))) {
        check(max_pool2d({x.data(), in}, m, {out.data(), out.size()}, indices.data(), &out_shape).ok());
        // Indices stay inside the plane, except where a window holds no input at all: ATen reports −∞
        // and the index of the first (out-of-range) tap, and so does convlens.
        const int64_t plane = in.dim[in.rank - 1] * in.dim[in.rank - 2];
        for (size_t i = 0; i < out.size(); ++i) check((indices[i] >= 0 && indices[i] < plane) || out[i] == -INFINITY);
      }
      (void)max_pool2d_receptive_field(in, m, idx, &field);
      break;
    }
    case 3: {
      AvgPool2dParams a;
      a.kernel_size = {b.take_size(-1, 5), b.take_size(-1, 5)}, a.padding = p, a.ceil_mode = b.take(0, 1);
      a.count_include_pad = b.take(0, 1);
      if (b.take(0, 1)) a.stride = s;
      if (b.take(0, 2) == 0) a.divisor_override = b.take(-2, 3);
      if (sized(avg_pool2d_output(in, a, &info)))
        check(avg_pool2d({x.data(), in}, a, {out.data(), out.size()}, &out_shape).ok());
      (void)avg_pool2d_receptive_field(in, a, idx, &field);
      break;
    }
    case 5: {  // adaptive pools, 2-D and 1-D: output sizes up to 2^31 − 1 against small inputs
      AdaptivePool2dParams a;
      if (b.take(0, 3)) a.output_h = b.take_size(-1, 14);
      if (b.take(0, 3)) a.output_w = b.take_size(-1, 14);
      const bool max = b.take(0, 1), one_d = b.take(0, 2) == 0;
      const int64_t length = b.take_size(-1, 14);
      const Status planned =
          one_d ? (max ? adaptive_max_pool1d_output(in, length, &info) : adaptive_avg_pool1d_output(in, length, &info))
                : (max ? adaptive_max_pool2d_output(in, a, &info) : adaptive_avg_pool2d_output(in, a, &info));
      if (sized(planned)) {
        const TensorView v{x.data(), in};
        const OutputBuffer o{out.data(), out.size()};
        check((one_d ? (max ? adaptive_max_pool1d(v, length, o, indices.data(), &out_shape)
                            : adaptive_avg_pool1d(v, length, o, &out_shape))
                     : (max ? adaptive_max_pool2d(v, a, o, indices.data(), &out_shape)
                            : adaptive_avg_pool2d(v, a, o, &out_shape)))
                  .ok());
        check(out_shape == info.shape);
      }
      if (!one_d)
        (void)(max ? adaptive_max_pool2d_receptive_field(in, a, idx, &field)
                   : adaptive_avg_pool2d_receptive_field(in, a, idx, &field));
      break;
    }
    case 6: {
      LpPool2dParams l;
      l.norm_type = b.take(-3, 4) * 0.5, l.kernel_size = {b.take_size(-1, 5), b.take_size(-1, 5)};
      l.ceil_mode = b.take(0, 1);
      if (b.take(0, 1)) l.stride = s;
      if (sized(lp_pool2d_output(in, l, &info))) {
        check(lp_pool2d({x.data(), in}, l, {out.data(), out.size()}, &out_shape).ok());
        check(out_shape == info.shape);
      }
      (void)lp_pool2d_receptive_field(in, l, idx, &field);
      break;
    }
    case 7: {  // max_unpool2d: indices from the bytes, some outside the output (a status, never a write)
      MaxUnpool2dParams u;
      u.kernel_size = {b.take_size(-1, 4), b.take_size(-1, 4)}, u.padding = p;
      if (b.take(0, 1)) u.stride = s;
      if (b.take(0, 3) == 0) u.output_size = Pair{b.take_size(-1, 30), b.take_size(-1, 30)};
      std::vector<int32_t> where(x.size());
      for (int32_t& i : where) i = b.take(-2, 60);
      if (sized(max_unpool2d_output(in, in, u, &info))) {
        const Status st = max_unpool2d({x.data(), in}, {where.data(), in}, u, {out.data(), out.size()}, &out_shape);
        check(!st.ok() || out_shape == info.shape);
      }
      break;
    }
    case 8: {  // unfold, then fold its columns back
      Im2colParams c;
      c.kernel_size = {b.take_size(-1, 4), b.take_size(-1, 4)}, c.dilation = d, c.padding = p, c.stride = s;
      if (sized(unfold_output(in, c, &info))) {
        check(unfold({x.data(), in}, c, {out.data(), out.size()}, &out_shape).ok());
        check(out_shape == info.shape);
        Im2colParams f = c;
        f.output_size = {in.dim[in.rank - 2], in.dim[in.rank - 1]};
        const std::vector<float> columns = out;
        if (sized(fold_output(out_shape, f, &info)))
          check(fold({columns.data(), out_shape}, f, {out.data(), out.size()}, nullptr).ok());
      }
      Im2colParams f = c;
      f.output_size = {b.take_size(-1, 12), b.take_size(-1, 12)};
      if (sized(fold_output(in, f, &info))) check(fold({x.data(), in}, f, {out.data(), out.size()}, nullptr).ok());
      break;
    }
    case 9: {  // the 1-D ops: the input without its H axis (ranks 1…4 by the wrong-rank draw), a rank-3 weight
      Shape in1 = in;
      if (in.rank >= 2) in1.rank = in.rank - 1, in1.dim[in.rank - 2] = in.dim[in.rank - 1];
      const Shape w1{w.dim[0], w.dim[1], w.dim[3]};
      std::optional<Shape> bs;
      if (bias_view) bs = bias_view->shape;
      // own buffers of the 1-D shapes' sizes: dropping a zero H or kH axis leaves more elements than x / weight hold
      const auto sized_like = [](const std::vector<float>& from, const Shape& shape) {
        std::vector<float> r(static_cast<size_t>(shape.numel() > 0 ? shape.numel() : 0) + 1);
        for (size_t i = 0; i < r.size(); ++i) r[i] = from[i % from.size()];
        return r;
      };
      const std::vector<float> x1 = sized_like(x, in1), weight1 = sized_like(weight, w1);
      const TensorView v{x1.data(), in1}, wv{weight1.data(), w1};
      switch (b.take(0, 3)) {
        case 0: {
          Conv1dParams c;
          c.stride = s.w, c.padding = p.w, c.dilation = d.w, c.groups = b.take_size(-1, 4);
          c.padding_kind = static_cast<ConvPadding>(b.take(0, 2));
          c.padding_mode = static_cast<PaddingMode>(b.take(0, 3));
          if (sized(conv1d_output(in1, w1, bs, c, &info))) {
            check(conv1d(v, wv, bias_view, c, {out.data(), out.size()}, &out_shape).ok());
            check(out_shape == info.shape);
          }
          break;
        }
        case 1: {
          ConvTranspose1dParams c;
          c.stride = s.w, c.padding = p.w, c.dilation = d.w, c.groups = b.take_size(-1, 4);
          c.output_padding = b.take(-1, 3);
          if (b.take(0, 3) == 0) c.output_size = b.take(0, 30);
          if (sized(conv_transpose1d_output(in1, w1, bs, c, &info))) {
            check(conv_transpose1d(v, wv, bias_view, c, {out.data(), out.size()}, &out_shape).ok());
            check(out_shape == info.shape);
          }
          break;
        }
        case 2: {
          MaxPool1dParams m;
          m.kernel_size = b.take_size(-1, 5), m.padding = p.w, m.dilation = d.w, m.ceil_mode = b.take(0, 1);
          if (b.take(0, 1)) m.stride = s.w;
          const bool with_indices = b.take(0, 1);
          if (sized(max_pool1d_output(in1, m, &info))) {
            check(max_pool1d(v, m, {out.data(), out.size()}, with_indices ? indices.data() : nullptr, &out_shape).ok());
            check(out_shape == info.shape);
          }
          break;
        }
        default: {
          AvgPool1dParams a;
          a.kernel_size = b.take_size(-1, 5), a.padding = p.w, a.ceil_mode = b.take(0, 1);
          a.count_include_pad = b.take(0, 1);
          if (b.take(0, 1)) a.stride = s.w;
          if (sized(avg_pool1d_output(in1, a, &info))) {
            check(avg_pool1d(v, a, {out.data(), out.size()}, &out_shape).ok());
            check(out_shape == info.shape);
          }
          break;
        }
      }
      break;
    }
    case 10: {  // the gradients, for grad_output of the forward output's shape or (now and then) one more column
      const int which = b.take(0, 2);
      Conv2dParams c;
      c.stride = s, c.padding = p, c.dilation = d, c.groups = b.take(-1, 4);
      c.padding_kind = static_cast<ConvPadding>(b.take(0, 2));
      c.padding_mode = static_cast<PaddingMode>(b.take(0, 3));
      MaxPool2dParams m;
      m.kernel_size = {b.take_size(-1, 5), b.take_size(-1, 5)}, m.padding = p, m.dilation = d,
      m.ceil_mode = b.take(0, 1);
      AvgPool2dParams a;
      a.kernel_size = m.kernel_size, a.padding = p, a.ceil_mode = m.ceil_mode, a.count_include_pad = b.take(0, 1);
      if (b.take(0, 1)) m.stride = s, a.stride = s;
      if (b.take(0, 2) == 0) a.divisor_override = b.take(-2, 3);
      std::optional<Shape> bs;
      if (bias_view) bs = bias_view->shape;
      const Status planned = which == 0   ? conv2d_output(in, w, bs, c, &info)
                             : which == 1 ? max_pool2d_output(in, m, &info)
                                          : avg_pool2d_output(in, a, &info);
      if (!sized(planned)) break;
      Shape g_shape = info.shape;
      if (b.take(0, 7) == 0) ++g_shape.dim[g_shape.rank - 1];
      const std::vector<float> grad(static_cast<size_t>(g_shape.numel()) + 1, 0.5f);
      std::vector<float> gi(static_cast<size_t>(in_n)), gw(static_cast<size_t>(w_n)), gb(8);
      const TensorView g{grad.data(), g_shape}, input{x.data(), in};
      const OutputBuffer to_input{gi.data(), gi.size()};
      const Status st = which == 0
                            ? conv2d_backward(g, input, {weight.data(), w}, bs, c, to_input, {gw.data(), gw.size()},
                                              {gb.data(), bs ? static_cast<size_t>(bs->dim[0]) : 0})
                        : which == 1 ? max_pool2d_backward(g, input, m, to_input)
                                     : avg_pool2d_backward(g, input, a, to_input);
      check(st.ok() == (g_shape == info.shape));
      break;
    }
    default: {
      PadParams q;
      q.left = b.take(-6, 6), q.right = b.take(-6, 6), q.top = b.take(-6, 6), q.bottom = b.take(-6, 6);
      q.dims = b.take(1, 2);
      if (q.dims == 1) q.top = q.bottom = 0;
      q.mode = static_cast<PaddingMode>(b.take(0, 3));
      if (sized(pad_output(in, q, &info))) check(pad({x.data(), in}, q, {out.data(), out.size()}, &out_shape).ok());
      break;
    }
  }
  return 0;
}
