// adaptive_avg_pool2d_c4 and adaptive_max_pool2d_c4: any output size. Groups of 4 planes are
// interleaved (planes_c4.hpp) and every output pools its window for 4 planes at once, one lane each,
// in the reference's order (rows, then columns): the same sums, maxima, NaNs, ties and indices.
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/planes_c4.hpp"

namespace convlens::detail {

int64_t adaptive_pool2d_c4_workspace(const AdaptivePool2dPlan& p) { return c4_workspace_bytes(p.in.H * p.in.W); }

void adaptive_avg_pool2d_c4(const AdaptivePool2dPlan& p, const float* input, float* output, void* workspace) {
  float* c4 = static_cast<float*>(workspace);
  const int64_t H = p.in.H, W = p.in.W, planes = p.in.N * p.in.C, out_plane = p.OH * p.OW;
  const bool mean = p.OH == 1 && p.OW == 1;  // ATen then takes input.mean((-1, -2)): one division by H·W
  const auto same = [](v4 v) { return v; };
  for (int64_t first = 0; first < planes; first += 4) {
    const C4Group g = c4_group(input, first, planes, H * W);
    c4_interleave(g, H * W, c4, same);
    float* out = output + first * out_plane;
    for (int64_t oy = 0; oy < p.OH; ++oy) {
      const int64_t y0 = adaptive_start(oy, H, p.OH), y1 = adaptive_end(oy, H, p.OH);
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const int64_t x0 = adaptive_start(ox, W, p.OW), x1 = adaptive_end(ox, W, p.OW);
        v4 sum = v4_splat(0.0f);
        for (int64_t y = y0; y < y1; ++y) {
          const float* row = c4 + 4 * (y * W);
          for (int64_t x = x0; x < x1; ++x) sum = v4_add(sum, v4_load(row + 4 * x));
        }
        const v4 avg =
            mean ? v4_div(sum, v4_splat(static_cast<float>(H * W)))
                 : v4_div(v4_div(sum, v4_splat(static_cast<float>(y1 - y0))), v4_splat(static_cast<float>(x1 - x0)));
        c4_scatter(avg, g.lanes, out + oy * p.OW + ox, out_plane);
      }
    }
  }
}

namespace {
template <bool kIndices>
void adaptive_max_c4(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices,
                     void* workspace) {
  float* c4 = static_cast<float*>(workspace);
  const int64_t H = p.in.H, W = p.in.W, planes = p.in.N * p.in.C, out_plane = p.OH * p.OW;
  const auto same = [](v4 v) { return v; };
  for (int64_t first = 0; first < planes; first += 4) {
    const C4Group g = c4_group(input, first, planes, H * W);
    c4_interleave(g, H * W, c4, same);
    for (int64_t oy = 0; oy < p.OH; ++oy) {
      const int64_t y0 = adaptive_start(oy, H, p.OH), y1 = adaptive_end(oy, H, p.OH);
      for (int64_t ox = 0; ox < p.OW; ++ox) {
        const int64_t x0 = adaptive_start(ox, W, p.OW), x1 = adaptive_end(ox, W, p.OW);
        // ATen's cpu_adaptive_max_pool: a larger value or any NaN takes over (ties keep the first).
        v4 best = v4_splat(-std::numeric_limits<float>::infinity());
        v4i best_index = v4i_splat(static_cast<int32_t>(y0 * W + x0));
        for (int64_t y = y0; y < y1; ++y)
          for (int64_t x = x0; x < x1; ++x) {
            const v4 v = v4_load(c4 + 4 * (y * W + x));
            const v4_mask m = v4_takes_over(v, best);
            best = v4_select(m, v, best);
            if (kIndices) best_index = v4i_select(m, v4i_splat(static_cast<int32_t>(y * W + x)), best_index);
          }
        const int64_t o = first * out_plane + oy * p.OW + ox;
        c4_scatter(best, g.lanes, output + o, out_plane);
        if (kIndices)
          for (int k = 0; k < g.lanes; ++k) indices[o + k * out_plane] = v4i_lane(best_index, k);
      }
    }
  }
}
}  // namespace

void adaptive_max_pool2d_c4(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices,
                            void* workspace) {
  if (indices)
    adaptive_max_c4<true>(p, input, output, indices, workspace);
  else
    adaptive_max_c4<false>(p, input, output, nullptr, workspace);
}

}  // namespace convlens::detail
