// The c4 layout's helpers (planes_c4.hpp).
#include "kernels/planes_c4.hpp"

#include <algorithm>

namespace convlens::detail {

C4Group c4_group(const float* input, int64_t first, int64_t planes, int64_t hw) {
  C4Group g;
  for (int64_t i = 0; i < 4; ++i) g.in[i] = input + std::min(first + i, planes - 1) * hw;
  g.lanes = static_cast<int>(std::min<int64_t>(planes - first, 4));
  return g;
}

void c4_interleave(const C4Group& g, int hw, float* c4) {
  int x = 0;
  for (; x + 4 <= hw; x += 4) {
    v4 a = v4_load(g.in[0] + x), b = v4_load(g.in[1] + x), c = v4_load(g.in[2] + x), d = v4_load(g.in[3] + x);
    v4_transpose(a, b, c, d);
    float* to = c4 + 4 * x;
    v4_store(to, a), v4_store(to + 4, b), v4_store(to + 8, c), v4_store(to + 12, d);
  }
  for (; x < hw; ++x) v4_store(c4 + 4 * x, v4_make(g.in[0][x], g.in[1][x], g.in[2][x], g.in[3][x]));
}

v4 c4_window_sum(const float* c4, int W, int y0, int y1, int x0, int x1) {
  v4 sum = v4_splat(0.0f);
  for (int y = y0; y < y1; ++y) {
    const float* row = c4 + 4 * (y * W);
    for (int x = x0; x < x1; ++x) sum = v4_add(sum, v4_load(row + 4 * x));
  }
  return sum;
}

void c4_scatter(v4 v, int lanes, float* out, int64_t plane) {
  for (int k = 0; k < lanes; ++k) out[k * plane] = v4_lane(v, k);
}

}  // namespace convlens::detail
