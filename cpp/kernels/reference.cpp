// Scalar reference kernels: each is the op's definition written as plainly as possible.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/lp_math.hpp"
#include "kernels/parallel.hpp"

namespace convlens::detail {

namespace {
// The first tap start + j·step (j ≥ 0) that is not negative: a window starting in the padding
// begins at its first in-bounds tap.
int64_t first_tap(int64_t start, int64_t step) {
  return start >= 0 ? start : start + (-start + step - 1) / step * step;
}
}  // namespace

void conv2d_reference(const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* output,
                      void*) {
  const int64_t cin_g = g.C / g.groups, cout_g = g.Cout / g.groups;
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t co = 0; co < g.Cout; ++co) {
      const int64_t group = co / cout_g;
      const float* w = weight + co * cin_g * g.KH * g.KW;
      float* out = output + (n * g.Cout + co) * g.OH * g.OW;
      for (int64_t oy = 0; oy < g.OH; ++oy)
        for (int64_t ox = 0; ox < g.OW; ++ox) {
          float acc = bias ? bias[co] : 0.0f;
          for (int64_t ci = 0; ci < cin_g; ++ci) {
            const float* in = input + (n * g.C + group * cin_g + ci) * g.H * g.W;
            for (int64_t ky = 0; ky < g.KH; ++ky)
              for (int64_t kx = 0; kx < g.KW; ++kx)
                acc += in[(oy * g.SH + ky * g.DH) * g.W + ox * g.SW + kx * g.DW] * w[(ci * g.KH + ky) * g.KW + kx];
          }
          out[oy * g.OW + ox] = acc;
        }
    }
}

void conv_transpose2d_reference(const ConvTranspose2dPlan& p, const float* input, const float* weight,
                                const float* bias, float* output, void*) {
  // The gradient of conv2d: every input element scatters in[iy]·w[ky] to oy = iy·s − pad + ky·d, so
  // only products that exist are added, and the work is that of the op (not output × kernel).
  const int64_t H = p.in.H, W = p.in.W, cin_g = p.in.C / p.groups, cout_g = p.Cout / p.groups, OP = p.OH * p.OW;
  for (int64_t n = 0; n < p.in.N; ++n)
    for (int64_t co = 0; co < p.Cout; ++co)
      for (int64_t i = 0; i < OP; ++i) output[(n * p.Cout + co) * OP + i] = bias ? bias[co] : 0.0f;
  for (int64_t n = 0; n < p.in.N; ++n)
    for (int64_t ci = 0; ci < p.in.C; ++ci) {
      const int64_t group = ci / cin_g;
      const float* in = input + (n * p.in.C + ci) * H * W;
      for (int64_t co_g = 0; co_g < cout_g; ++co_g) {
        const float* w = weight + (ci * cout_g + co_g) * p.KH * p.KW;
        float* out = output + (n * p.Cout + group * cout_g + co_g) * OP;
        for (int64_t iy = 0; iy < H; ++iy)
          for (int64_t ky = 0; ky < p.KH; ++ky) {
            const int64_t oy = iy * p.SH - p.PH + ky * p.DH;
            if (oy < 0 || oy >= p.OH) continue;
            for (int64_t ix = 0; ix < W; ++ix)
              for (int64_t kx = 0; kx < p.KW; ++kx) {
                const int64_t ox = ix * p.SW - p.PW + kx * p.DW;
                if (ox >= 0 && ox < p.OW) out[oy * p.OW + ox] += in[iy * W + ix] * w[ky * p.KW + kx];
              }
          }
      }
    }
}

void max_pool2d_reference(const Pool2dPlan& p, const float* input, float* output, int32_t* indices) {
  const int64_t H = p.in.H, W = p.in.W;
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    const float* in = input + plane * H * W;
    for (int64_t oy = 0; oy < p.OH; ++oy)
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        // ATen starts from the first in-bounds tap; a NaN always replaces the running maximum.
        const int64_t y0 = first_tap(oy * p.SH - p.PH, p.DH), x0 = first_tap(ox * p.SW - p.PW, p.DW);
        float best = -std::numeric_limits<float>::infinity();
        int64_t best_index = y0 * W + x0;
        for (int64_t y = y0; y < std::min(oy * p.SH - p.PH + (p.KH - 1) * p.DH + 1, H); y += p.DH)
          for (int64_t x = x0; x < std::min(ox * p.SW - p.PW + (p.KW - 1) * p.DW + 1, W); x += p.DW) {
            const float v = in[y * W + x];
            if (v > best || std::isnan(v)) {
              best = v;
              best_index = y * W + x;
            }
          }
        const int64_t o = plane * p.OH * p.OW + oy * p.OW + ox;
        output[o] = best;
        if (indices) indices[o] = static_cast<int32_t>(best_index);
      }
  }
}

namespace {
// avg_pool2d's windows: each output is finish(the float sum of term(x) over its window / the divisor),
// or 0 for a window with nothing of the input in it. The planes are split over the threads.
template <class Term, class Finish>
void average_windows(const Pool2dPlan& p, const float* input, float* output, Term term, Finish finish) {
  const int64_t H = p.in.H, W = p.in.W;
  parallel_for(p.in.N * p.in.C, p.OH * p.OW * p.KH * p.KW, [&](int64_t first, int64_t last, int) {
    for (int64_t plane = first; plane < last; ++plane) {
      const float* in = input + plane * H * W;
      for (int64_t oy = 0; oy < p.OH; ++oy)
        for (int64_t ox = 0; ox < p.OW; ++ox) {
          const AvgWindow win = avg_pool2d_window(p, oy, ox);
          float sum = 0.0f;
          for (int64_t y = win.y0; y < win.y1; ++y)
            for (int64_t x = win.x0; x < win.x1; ++x) sum += term(in[y * W + x]);
          const bool empty = win.y0 >= win.y1 || win.x0 >= win.x1;
          output[plane * p.OH * p.OW + oy * p.OW + ox] = empty ? 0.0f : finish(sum / static_cast<float>(win.divisor));
        }
    }
  });
}
}  // namespace

void avg_pool2d_reference(const Pool2dPlan& p, const float* input, float* output) {
  const auto same = [](float v) { return v; };
  average_windows(p, input, output, same, same);
}

void max_pool2d_backward_reference(const Pool2dPlan& p, const float* grad_output, const int32_t* indices,
                                   float* grad_input) {
  const int64_t plane_in = p.in.H * p.in.W, plane_out = p.OH * p.OW;
  std::fill(grad_input, grad_input + p.in.N * p.in.C * plane_in, 0.0f);
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane)
    for (int64_t o = plane * plane_out; o < (plane + 1) * plane_out; ++o)
      if (indices[o] >= 0 && indices[o] < plane_in) grad_input[plane * plane_in + indices[o]] += grad_output[o];
}

void avg_pool2d_backward_reference(const Pool2dPlan& p, const float* grad_output, float* grad_input) {
  const int64_t H = p.in.H, W = p.in.W;
  std::fill(grad_input, grad_input + p.in.N * p.in.C * H * W, 0.0f);
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    float* in = grad_input + plane * H * W;
    for (int64_t oy = 0; oy < p.OH; ++oy)
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const AvgWindow win = avg_pool2d_window(p, oy, ox);
        if (win.y0 >= win.y1 || win.x0 >= win.x1) continue;
        const float delta = grad_output[plane * p.OH * p.OW + oy * p.OW + ox] / static_cast<float>(win.divisor);
        for (int64_t y = win.y0; y < win.y1; ++y)
          for (int64_t x = win.x0; x < win.x1; ++x) in[y * W + x] += delta;
      }
  }
}

// avg_pool2d of x.pow(p) (no padding: every window holds some of the input), then lp_pool2d's tail.
void lp_pool2d_reference(const Pool2dPlan& p, const float* input, float* output) {
  const double inverse = 1.0 / p.norm_type;
  const float area = static_cast<float>(p.KH * p.KW);
  average_windows(
      p, input, output, [&](float v) { return torch_pow(v, p.norm_type); },
      [&](float mean) { return lp_pool2d_finish(mean, area, inverse); });
}

bool max_unpool2d_reference(const MaxUnpool2dPlan& p, const float* input, const int32_t* indices, float* output,
                            int64_t* invalid) {
  const int64_t in_plane = p.in.H * p.in.W, out_plane = p.OH * p.OW;
  bool found = false;
  std::fill(output, output + p.in.N * p.in.C * out_plane, 0.0f);
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane)
    for (int64_t i = 0; i < in_plane; ++i) {
      const int64_t at = indices[plane * in_plane + i];
      if (at < 0 || at >= out_plane)
        *invalid = at, found = true;
      else
        output[plane * out_plane + at] = input[plane * in_plane + i];
    }
  return !found;
}

void unfold_reference(const Im2colPlan& p, const float* input, float* output) {
  const Input4& im = p.image;
  const int64_t rows = im.C * p.KH * p.KW, L = p.BH * p.BW;
  for (int64_t n = 0; n < im.N; ++n)
    for (int64_t row = 0; row < rows; ++row) {
      const int64_t kx = row % p.KW, ky = row / p.KW % p.KH, c = row / (p.KH * p.KW);
      const float* in = input + (n * im.C + c) * im.H * im.W;
      float* out = output + (n * rows + row) * L;
      for (int64_t by = 0; by < p.BH; ++by) {
        const int64_t y = by * p.SH - p.PH + ky * p.DH;
        for (int64_t bx = 0; bx < p.BW; ++bx) {
          const int64_t x = bx * p.SW - p.PW + kx * p.DW;
          out[by * p.BW + bx] = y >= 0 && y < im.H && x >= 0 && x < im.W ? in[y * im.W + x] : 0.0f;
        }
      }
    }
}

void fold_reference(const Im2colPlan& p, const float* input, float* output) {
  // ATen's col2im: a zeroed image, then the columns added row by row (so overlaps sum in that order).
  const Input4& im = p.image;
  const int64_t rows = im.C * p.KH * p.KW, L = p.BH * p.BW;
  std::fill(output, output + im.N * im.C * im.H * im.W, 0.0f);
  for (int64_t n = 0; n < im.N; ++n)
    for (int64_t row = 0; row < rows; ++row) {
      const int64_t kx = row % p.KW, ky = row / p.KW % p.KH, c = row / (p.KH * p.KW);
      const float* in = input + (n * rows + row) * L;
      float* out = output + (n * im.C + c) * im.H * im.W;
      for (int64_t by = 0; by < p.BH; ++by) {
        const int64_t y = by * p.SH - p.PH + ky * p.DH;
        for (int64_t bx = 0; bx < p.BW; ++bx) {
          const int64_t x = bx * p.SW - p.PW + kx * p.DW;
          if (y >= 0 && y < im.H && x >= 0 && x < im.W) out[y * im.W + x] += in[by * p.BW + bx];
        }
      }
    }
}

void adaptive_avg_pool2d_reference(const AdaptivePool2dPlan& p, const float* input, float* output) {
  const int64_t H = p.in.H, W = p.in.W;
  const bool mean = p.OH == 1 && p.OW == 1;  // ATen then takes input.mean((-1, -2)): one division by H·W
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    const float* in = input + plane * H * W;
    for (int64_t oy = 0; oy < p.OH; ++oy) {
      const int64_t y0 = adaptive_start(oy, H, p.OH), y1 = adaptive_end(oy, H, p.OH);
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const int64_t x0 = adaptive_start(ox, W, p.OW), x1 = adaptive_end(ox, W, p.OW);
        float sum = 0.0f;
        for (int64_t y = y0; y < y1; ++y)
          for (int64_t x = x0; x < x1; ++x) sum += in[y * W + x];
        output[(plane * p.OH + oy) * p.OW + ox] =
            mean ? sum / static_cast<float>(H * W) : sum / static_cast<float>(y1 - y0) / static_cast<float>(x1 - x0);
      }
    }
  }
}

void adaptive_max_pool2d_reference(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices) {
  const int64_t H = p.in.H, W = p.in.W;
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    const float* in = input + plane * H * W;
    for (int64_t oy = 0; oy < p.OH; ++oy) {
      const int64_t y0 = adaptive_start(oy, H, p.OH), y1 = adaptive_end(oy, H, p.OH);
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const int64_t x0 = adaptive_start(ox, W, p.OW), x1 = adaptive_end(ox, W, p.OW);
        // ATen's cpu_adaptive_max_pool: a larger value or any NaN takes over (ties keep the first).
        float best = -std::numeric_limits<float>::infinity();
        int64_t best_index = y0 * W + x0;
        for (int64_t y = y0; y < y1; ++y)
          for (int64_t x = x0; x < x1; ++x) {
            const float v = in[y * W + x];
            if (v > best || std::isnan(v)) best = v, best_index = y * W + x;
          }
        const int64_t o = (plane * p.OH + oy) * p.OW + ox;
        output[o] = best;
        if (indices) indices[o] = static_cast<int32_t>(best_index);
      }
    }
  }
}

}  // namespace convlens::detail
