// Scalar reference kernels: each is the op's definition written as plainly as possible.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.hpp"

namespace convlens::detail {

namespace {
// The first tap start + j·step (j ≥ 0) that is not negative: a window starting in the padding
// begins at its first in-bounds tap.
int64_t first_tap(int64_t start, int64_t step) { return start >= 0 ? start : start + (-start + step - 1) / step * step; }
}  // namespace

void conv2d__reference(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                       float* output, void*) {
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

void conv_transpose2d__reference(const ConvTranspose2dPlan& p, const float* input, const float* weight,
                                 const float* bias, float* output, void*) {
  // out[oy] receives in[iy]·w[ky] wherever oy = iy·s − pad + ky·d.
  const int64_t H = p.in.H, W = p.in.W, cin_g = p.in.C / p.groups, cout_g = p.Cout / p.groups;
  for (int64_t n = 0; n < p.in.N; ++n)
    for (int64_t co = 0; co < p.Cout; ++co) {
      const int64_t group = co / cout_g, co_g = co % cout_g;
      float* out = output + (n * p.Cout + co) * p.OH * p.OW;
      for (int64_t oy = 0; oy < p.OH; ++oy)
        for (int64_t ox = 0; ox < p.OW; ++ox) {
          float acc = bias ? bias[co] : 0.0f;
          for (int64_t ci = group * cin_g; ci < (group + 1) * cin_g; ++ci) {
            const float* in = input + (n * p.in.C + ci) * H * W;
            const float* w = weight + (ci * cout_g + co_g) * p.KH * p.KW;
            for (int64_t ky = 0; ky < p.KH; ++ky) {
              const int64_t ty = oy + p.PH - ky * p.DH;
              if (ty < 0 || ty % p.SH != 0 || ty / p.SH >= H) continue;
              for (int64_t kx = 0; kx < p.KW; ++kx) {
                const int64_t tx = ox + p.PW - kx * p.DW;
                if (tx < 0 || tx % p.SW != 0 || tx / p.SW >= W) continue;
                acc += in[(ty / p.SH) * W + tx / p.SW] * w[ky * p.KW + kx];
              }
            }
          }
          out[oy * p.OW + ox] = acc;
        }
    }
}

void max_pool2d__reference(const Pool2dPlan& p, const float* input, float* output, int32_t* indices) {
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

void avg_pool2d__reference(const Pool2dPlan& p, const float* input, float* output) {
  const int64_t H = p.in.H, W = p.in.W;
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    const float* in = input + plane * H * W;
    for (int64_t oy = 0; oy < p.OH; ++oy)
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const AvgWindow win = avg_pool2d_window(p, oy, ox);
        float sum = 0.0f;
        for (int64_t y = win.y0; y < win.y1; ++y)
          for (int64_t x = win.x0; x < win.x1; ++x) sum += in[y * W + x];
        const bool empty = win.y0 >= win.y1 || win.x0 >= win.x1;
        output[plane * p.OH * p.OW + oy * p.OW + ox] = empty ? 0.0f : sum / static_cast<float>(win.divisor);
      }
  }
}

}  // namespace convlens::detail
