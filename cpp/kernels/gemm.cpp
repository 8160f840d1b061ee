#include "kernels/gemm.hpp"

namespace convlens::detail {

void gemm_store_first(float* row, v4 lo, v4 hi, int cols) {
  v4_store_first(row, lo, cols < 4 ? cols : 4);
  if (cols > 4) v4_store_first(row + 4, hi, cols - 4);
}

void gemm_pack_a(const float* a, int64_t M, int64_t K, int64_t row_stride, int64_t col_stride, int mr, float* packed) {
  for (int64_t m0 = 0; m0 < M; m0 += mr)
    for (int64_t k = 0; k < K; ++k)
      for (int64_t r = 0; r < mr; ++r) *packed++ = m0 + r < M ? a[(m0 + r) * row_stride + k * col_stride] : 0.0f;
}

template <bool by_rows>
GemmTile gemm_5x8_tile() {
  return gemm_tile<kGemmMR, by_rows>;
}
template GemmTile gemm_5x8_tile<false>();
template GemmTile gemm_5x8_tile<true>();

}  // namespace convlens::detail
