// The "c4" layout of the pooling kernels that vectorise across planes: 4 planes of H·W floats
// interleaved pixel by pixel (pixel i of plane k at [4·i + k]), so that one vector holds one pixel of
// 4 planes and each lane pools its own plane, in the reference's order. The helpers are out of line
// (planes_c4.cpp), shared by the kernels, which keeps the .wasm small.
#pragma once

#include <cstdint>

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
C4Group c4_group(const float* input, int64_t first, int64_t planes, int64_t hw);

/// Interleaves the group's planes into `c4` (4·hw floats).
void c4_interleave(const C4Group& g, int hw, float* c4);

/// The sum over the window rows [y0, y1) × columns [x0, x1) of a c4 plane W pixels wide, from +0,
/// row by row, each row left to right: the reference's order, lane by lane.
v4 c4_window_sum(const float* c4, int W, int y0, int y1, int x0, int x1);

/// Writes lane k of v to out[k·plane] for the group's planes.
void c4_scatter(v4 v, int lanes, float* out, int64_t plane);

}  // namespace convlens::detail
