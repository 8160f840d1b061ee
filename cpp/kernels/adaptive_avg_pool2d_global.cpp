// adaptive_avg_pool2d_global_c4: the 1×1 adaptive average (a global average pool). Each plane is one
// vector lane: 4 pixels of 4 planes are loaded and transposed, then added pixel by pixel, so every
// plane's sum runs in the reference's order (pixel 0, 1, 2, …) while 4 planes' chains of dependent
// adds run side by side (and the next group's, out of order).
#include <algorithm>

#include "kernels/kernels.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

bool adaptive_avg_pool2d_global_supports(const AdaptivePool2dPlan& p) { return p.OH == 1 && p.OW == 1; }

namespace {
// Pixels [from, to) of the 4 planes `in`, lane by lane, in pixel order, added onto `sum`.
inline v4 add_pixels(const float* const in[4], int from, int to, v4 sum) {
  int x = from;
  for (; x + 4 <= to; x += 4) {
    v4 a = v4_load(in[0] + x), b = v4_load(in[1] + x), c = v4_load(in[2] + x), d = v4_load(in[3] + x);
    v4_transpose(a, b, c, d);
    sum = v4_add(v4_add(v4_add(v4_add(sum, a), b), c), d);
  }
#pragma clang loop unroll(disable)
  for (; x < to; ++x) sum = v4_add(sum, v4_make(in[0][x], in[1][x], in[2][x], in[3][x]));
  return sum;
}
}  // namespace

void adaptive_avg_pool2d_global_c4(const AdaptivePool2dPlan& p, const float* input, float* output, void*) {
  // ATen's 1×1 case is input.mean((-1, -2)): the sum divided once by H·W. Sizes fit int (the plans
  // cap tensors at 2^28 elements).
  const int64_t planes = p.in.N * p.in.C, hw = p.in.H * p.in.W;
  const v4 count = v4_splat(static_cast<float>(hw));
  for (int64_t c = 0; c < planes; c += 4) {
    // Lanes past the last plane read the last plane again; their results are not stored.
    const float* in[4];
    for (int64_t i = 0; i < 4; ++i) in[i] = input + std::min(c + i, planes - 1) * hw;
    const v4 mean = v4_div(add_pixels(in, 0, static_cast<int>(hw), v4_splat(0.0f)), count);
    if (planes - c >= 4)
      v4_store(output + c, mean);
    else
      v4_store_first(output + c, mean, static_cast<int>(planes - c));
  }
}

}  // namespace convlens::detail
