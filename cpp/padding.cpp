#include "padding.hpp"
#include "kernels/vec.hpp"

#include <algorithm>

namespace convlens::detail {

void pad_planes(const PadPlan& p, const float* input, float* output) {
  const int64_t H = p.in.H, W = p.in.W, OH = p.OH, OW = p.OW;
  // Columns [x0, x1) of each output row copy input columns [x0 − left, x1 − left); the rest map.
  const int64_t x0 = std::max<int64_t>(0, p.left), x1 = std::min<int64_t>(OW, p.left + W);
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    const float* in = input + plane * H * W;
    float* out = output + plane * OH * OW;
    for (int64_t y = 0; y < OH; ++y) {
      const int64_t sy = pad_source_index(y - p.top, H, p.mode, p.crop_top, p.crop_bottom);
      float* row = out + y * OW;
      if (sy < 0) {
        std::fill(row, row + OW, p.value);
        continue;
      }
      const float* src = in + sy * W;
      for (int64_t x = 0; x < std::min(x0, OW); ++x) {
        const int64_t sx = pad_source_index(x - p.left, W, p.mode, p.crop_left, p.crop_right);
        row[x] = sx < 0 ? p.value : src[sx];
      }
      // The interior: a vector copy (rows are short; a memcpy call per row costs more than it moves).
      const float* from = src + (x0 - p.left);
      int64_t x = x0;
      for (; x + 4 <= x1; x += 4) v4_store(row + x, v4_load(from + (x - x0)));
      for (; x < x1; ++x) row[x] = from[x - x0];
      for (int64_t x = std::max(x0, x1); x < OW; ++x) {
        const int64_t sx = pad_source_index(x - p.left, W, p.mode, p.crop_left, p.crop_right);
        row[x] = sx < 0 ? p.value : src[sx];
      }
    }
  }
}

void unpad_planes_add(const PadPlan& p, const float* padded, float* input) {
  const int64_t H = p.in.H, W = p.in.W, OH = p.OH, OW = p.OW;
  if (p.mode == PaddingMode::zeros) {  // a crop: each input element receives exactly one value (−0 kept)
    for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane)
      for (int64_t y = 0; y < H; ++y)
        std::copy_n(padded + (plane * OH + y + p.top) * OW + p.left, W, input + (plane * H + y) * W);
    return;
  }
  std::fill(input, input + p.in.N * p.in.C * H * W, 0.0f);
  for (int64_t plane = 0; plane < p.in.N * p.in.C; ++plane) {
    const float* from = padded + plane * OH * OW;
    float* to = input + plane * H * W;
    for (int64_t y = 0; y < OH; ++y) {
      const int64_t sy = pad_source_index(y - p.top, H, p.mode, p.crop_top, p.crop_bottom);
      if (sy < 0) continue;
      for (int64_t x = 0; x < OW; ++x) {
        const int64_t sx = pad_source_index(x - p.left, W, p.mode, p.crop_left, p.crop_right);
        if (sx >= 0) to[sy * W + sx] += from[y * OW + x];
      }
    }
  }
}

}  // namespace convlens::detail
