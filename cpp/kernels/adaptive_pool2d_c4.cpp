// adaptive_avg_pool2d_c4 and adaptive_max_pool2d_c4: any output size. Groups of 4 planes are
// interleaved (planes_c4.hpp) and every output pools its window for 4 planes at once, one lane each,
// in the reference's order (rows, then columns): the same sums, maxima, NaNs, ties and indices.
// Sizes fit int: the plans cap tensors at kMaxElements (2^28) elements.
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/planes_c4.hpp"

namespace convlens::detail {

int64_t adaptive_pool2d_c4_workspace(const AdaptivePool2dPlan& p) { return c4_workspace_bytes(p.in.H * p.in.W); }

void adaptive_avg_pool2d_c4(const AdaptivePool2dPlan& p, const float* input, float* output, void* workspace) {
  float* c4 = static_cast<float*>(workspace);
  const int H = static_cast<int>(p.in.H), W = static_cast<int>(p.in.W), OH = static_cast<int>(p.OH),
            OW = static_cast<int>(p.OW);
  const int64_t planes = p.in.N * p.in.C, out_plane = p.OH * p.OW;
  const bool mean = OH == 1 && OW == 1;  // ATen then takes input.mean((-1, -2)): one division by H·W
  for (int64_t first = 0; first < planes; first += 4) {
    const C4Group g = c4_group(input, first, planes, H * W);
    c4_interleave(g, H * W, c4);
    float* out = output + first * out_plane;
    for (int oy = 0; oy < OH; ++oy) {
      const int y0 = static_cast<int>(adaptive_start(oy, H, OH)), y1 = static_cast<int>(adaptive_end(oy, H, OH));
      for (int ox = 0; ox < OW; ++ox) {
        const int x0 = static_cast<int>(adaptive_start(ox, W, OW)), x1 = static_cast<int>(adaptive_end(ox, W, OW));
        const v4 sum = c4_window_sum(c4, W, y0, y1, x0, x1);
        const v4 avg =
            mean ? v4_div(sum, v4_splat(static_cast<float>(H * W)))
                 : v4_div(v4_div(sum, v4_splat(static_cast<float>(y1 - y0))), v4_splat(static_cast<float>(x1 - x0)));
        c4_scatter(avg, g.lanes, out + oy * OW + ox, out_plane);
      }
    }
  }
}

void adaptive_max_pool2d_c4(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices,
                            void* workspace) {
  float* c4 = static_cast<float*>(workspace);
  const int H = static_cast<int>(p.in.H), W = static_cast<int>(p.in.W), OH = static_cast<int>(p.OH),
            OW = static_cast<int>(p.OW);
  const int64_t planes = p.in.N * p.in.C, out_plane = p.OH * p.OW;
  for (int64_t first = 0; first < planes; first += 4) {
    const C4Group g = c4_group(input, first, planes, H * W);
    c4_interleave(g, H * W, c4);
    for (int oy = 0; oy < OH; ++oy) {
      const int y0 = static_cast<int>(adaptive_start(oy, H, OH)), y1 = static_cast<int>(adaptive_end(oy, H, OH));
      for (int ox = 0; ox < OW; ++ox) {
        const int x0 = static_cast<int>(adaptive_start(ox, W, OW)), x1 = static_cast<int>(adaptive_end(ox, W, OW));
        // ATen's cpu_adaptive_max_pool: a larger value or any NaN takes over (ties keep the first).
        v4 best = v4_splat(-std::numeric_limits<float>::infinity());
        v4i best_index = v4i_splat(y0 * W + x0);
        for (int y = y0; y < y1; ++y)
          for (int x = x0; x < x1; ++x) {
            const v4 v = v4_load(c4 + 4 * (y * W + x));
            const v4_mask m = v4_takes_over(v, best);
            best = v4_select(m, v, best);
            best_index = v4i_select(m, v4i_splat(y * W + x), best_index);
          }
        const int64_t o = first * out_plane + oy * OW + ox;
        c4_scatter(best, g.lanes, output + o, out_plane);
        if (indices)
          for (int k = 0; k < g.lanes; ++k) indices[o + k * out_plane] = v4i_lane(best_index, k);
      }
    }
  }
}

}  // namespace convlens::detail
