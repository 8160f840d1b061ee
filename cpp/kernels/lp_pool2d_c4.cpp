// lp_pool2d_c4: groups of 4 planes are interleaved (planes_c4.hpp) with x.pow(norm_type) taken once
// per pixel on the way, then every output sums its avg_pool2d window for 4 planes at once, one lane
// each, in the reference's order, and takes lp_pool2d's tail lane by lane (lp_math.hpp).
#include "kernels/kernels.hpp"
#include "kernels/lp_math.hpp"
#include "kernels/planes_c4.hpp"

namespace convlens::detail {

int64_t lp_pool2d_c4_workspace(const Pool2dPlan& p) { return c4_workspace_bytes(p.in.H * p.in.W); }

void lp_pool2d_c4(const Pool2dPlan& p, const float* input, float* output, void* workspace) {
  float* c4 = static_cast<float*>(workspace);
  const int64_t H = p.in.H, W = p.in.W, planes = p.in.N * p.in.C, out_plane = p.OH * p.OW;
  const double norm = p.norm_type, inverse = 1.0 / norm;
  const float area = static_cast<float>(p.KH * p.KW);
  // torch_pow lane by lane, with the exponents whose results are plain products in vectors
  const auto power = [norm](v4 v) {
    if (norm == 1.0) return v;
    if (norm == 2.0) return v4_mul(v, v);
    if (norm == 3.0) return v4_mul(v4_mul(v, v), v);
    return v4_make(torch_pow(v4_lane(v, 0), norm), torch_pow(v4_lane(v, 1), norm), torch_pow(v4_lane(v, 2), norm),
                   torch_pow(v4_lane(v, 3), norm));
  };
  for (int64_t first = 0; first < planes; first += 4) {
    const C4Group g = c4_group(input, first, planes, H * W);
    c4_interleave(g, H * W, c4, power);
    for (int64_t oy = 0; oy < p.OH; ++oy)
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const AvgWindow win = avg_pool2d_window(p, oy, ox);
        v4 sum = v4_splat(0.0f);
        for (int64_t y = win.y0; y < win.y1; ++y) {
          const float* row = c4 + 4 * (y * W);
          for (int64_t x = win.x0; x < win.x1; ++x) sum = v4_add(sum, v4_load(row + 4 * x));
        }
        const bool empty = win.y0 >= win.y1 || win.x0 >= win.x1;
        const v4 mean = v4_div(sum, v4_splat(static_cast<float>(win.divisor)));
        float* out = output + first * out_plane + oy * p.OW + ox;
        for (int k = 0; k < g.lanes; ++k)
          out[k * out_plane] = empty ? 0.0f : lp_pool2d_finish(v4_lane(mean, k), area, inverse);
      }
  }
}

}  // namespace convlens::detail
