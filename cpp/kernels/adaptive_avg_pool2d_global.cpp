// adaptive_avg_pool2d_global_c8: the 1×1 adaptive average (a global average pool). Each plane is one
// vector lane: 4 pixels of 4 planes are loaded and transposed, then added pixel by pixel, so every
// plane's sum runs in the reference's order (pixel 0, 1, 2, …) while 8 planes' chains of dependent
// adds run side by side.
#include <algorithm>

#include "kernels/kernels.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

bool adaptive_avg_pool2d_global_supports(const AdaptivePool2dPlan& p) { return p.OH == 1 && p.OW == 1; }

namespace {
// The sum of pixels [0, hw) of the 4 planes `in`, lane by lane, in pixel order, added onto `sum`.
inline v4 add_pixels(const float* const in[4], int64_t from, int64_t to, v4 sum) {
  int64_t x = from;
  for (; x + 4 <= to; x += 4) {
    v4 a = v4_load(in[0] + x), b = v4_load(in[1] + x), c = v4_load(in[2] + x), d = v4_load(in[3] + x);
    v4_transpose(a, b, c, d);
    sum = v4_add(v4_add(v4_add(v4_add(sum, a), b), c), d);
  }
  for (; x < to; ++x) sum = v4_add(sum, v4_make(in[0][x], in[1][x], in[2][x], in[3][x]));
  return sum;
}
}  // namespace

void adaptive_avg_pool2d_global_c8(const AdaptivePool2dPlan& p, const float* input, float* output, void*) {
  // ATen's 1×1 case is input.mean((-1, -2)): the sum divided once by H·W.
  const int64_t planes = p.in.N * p.in.C, hw = p.in.H * p.in.W;
  const v4 count = v4_splat(static_cast<float>(hw));
  for (int64_t c = 0; c < planes; c += 8) {
    // Lanes past the last plane read the last plane again; their results are not stored.
    const float* lo[4];
    const float* hi[4];
    for (int64_t i = 0; i < 4; ++i) {
      lo[i] = input + std::min(c + i, planes - 1) * hw;
      hi[i] = input + std::min(c + 4 + i, planes - 1) * hw;
    }
    v4 sum_lo = v4_splat(0.0f), sum_hi = v4_splat(0.0f);
    // Pixels in blocks, the two groups of planes interleaved so that their adds overlap.
    constexpr int64_t kBlock = 16;
    for (int64_t x = 0; x < hw; x += kBlock) {
      const int64_t to = std::min(x + kBlock, hw);
      sum_lo = add_pixels(lo, x, to, sum_lo);
      sum_hi = add_pixels(hi, x, to, sum_hi);
    }
    const int64_t left = planes - c;
    if (left >= 8) {
      v4_store(output + c, v4_div(sum_lo, count));
      v4_store(output + c + 4, v4_div(sum_hi, count));
    } else {
      v4_store_first(output + c, v4_div(sum_lo, count), static_cast<int>(std::min<int64_t>(left, 4)));
      if (left > 4) v4_store_first(output + c + 4, v4_div(sum_hi, count), static_cast<int>(left - 4));
    }
  }
}

}  // namespace convlens::detail
