#include "kernels/gemm.hpp"

#include "kernels/vec.hpp"

namespace convlens::detail {

void gemm_pack_a(const float* a, int64_t M, int64_t K, int64_t row_stride, int64_t col_stride, float* packed) {
  for (int64_t m0 = 0; m0 < M; m0 += kGemmMR)
    for (int64_t k = 0; k < K; ++k)
      for (int64_t r = 0; r < kGemmMR; ++r) *packed++ = m0 + r < M ? a[(m0 + r) * row_stride + k * col_stride] : 0.0f;
}

void gemm_4x8(int64_t K, const float* a, const float* b, float* c, int64_t ldc, int rows, int cols, const float* bias) {
  v4 c00 = v4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int64_t k = 0; k < K; ++k, a += kGemmMR, b += kGemmNR) {
    const v4 b0 = v4_load(b), b1 = v4_load(b + 4);
    v4 ar = v4_load_splat(a);
    c00 = v4_madd(ar, b0, c00), c01 = v4_madd(ar, b1, c01);
    ar = v4_load_splat(a + 1);
    c10 = v4_madd(ar, b0, c10), c11 = v4_madd(ar, b1, c11);
    ar = v4_load_splat(a + 2);
    c20 = v4_madd(ar, b0, c20), c21 = v4_madd(ar, b1, c21);
    ar = v4_load_splat(a + 3);
    c30 = v4_madd(ar, b0, c30), c31 = v4_madd(ar, b1, c31);
  }
  const v4 acc[kGemmMR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
  for (int r = 0; r < rows; ++r) {
    const v4 bias_r = v4_splat(bias ? bias[r] : 0.0f);
    const v4 lo = v4_add(acc[r][0], bias_r), hi = v4_add(acc[r][1], bias_r);
    float* row = c + r * ldc;
    if (cols == kGemmNR) {
      v4_store(row, lo);
      v4_store(row + 4, hi);
    } else {  // a partial tile at the end of a row of pixels
      v4_store_first(row, lo, cols < 4 ? cols : 4);
      if (cols > 4) v4_store_first(row + 4, hi, cols - 4);
    }
  }
}

}  // namespace convlens::detail
