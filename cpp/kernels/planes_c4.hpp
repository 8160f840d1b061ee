// The "c4" layout of the pooling kernels that vectorise across planes: 4 planes of H·W floats
// interleaved pixel by pixel (pixel i of plane k at [4·i + k]), so that one vector holds one pixel of
// 4 planes and each lane pools its own plane, in the reference's order.
#pragma once

#include <algorithm>

#include "kernels/vec.hpp"

namespace convlens::detail {

/// Workspace bytes of one c4 group of planes of H·W pixels.
inline int64_t c4_workspace_bytes(int64_t hw) { return 4 * hw * int64_t{sizeof(float)}; }

/// The 4 planes starting at plane `first` of `planes` planes of `hw` pixels; lanes past the last plane
/// repeat it (their results are computed and dropped).
struct C4Group {
  const float* in[4];
  int lanes;  // planes of the group that exist (1…4)
};
inline C4Group c4_group(const float* input, int64_t first, int64_t planes, int64_t hw) {
  C4Group g;
  for (int64_t i = 0; i < 4; ++i) g.in[i] = input + std::min(first + i, planes - 1) * hw;
  g.lanes = static_cast<int>(std::min<int64_t>(planes - first, 4));
  return g;
}

/// Interleaves the group's planes into `c4` (4·hw floats), applying `term` (v4 → v4) to every pixel.
template <class Term>
void c4_interleave(const C4Group& g, int64_t hw, float* c4, Term term) {
  int64_t x = 0;
  for (; x + 4 <= hw; x += 4) {
    v4 a = v4_load(g.in[0] + x), b = v4_load(g.in[1] + x), c = v4_load(g.in[2] + x), d = v4_load(g.in[3] + x);
    v4_transpose(a, b, c, d);
    float* to = c4 + 4 * x;
    v4_store(to, term(a)), v4_store(to + 4, term(b)), v4_store(to + 8, term(c)), v4_store(to + 12, term(d));
  }
  for (; x < hw; ++x) v4_store(c4 + 4 * x, term(v4_make(g.in[0][x], g.in[1][x], g.in[2][x], g.in[3][x])));
}

/// Writes lane k of v to out[k·plane] for the group's planes.
inline void c4_scatter(v4 v, int lanes, float* out, int64_t plane) {
  for (int k = 0; k < lanes; ++k) out[k * plane] = v4_lane(v, k);
}

}  // namespace convlens::detail
