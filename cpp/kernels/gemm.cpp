#include "kernels/gemm.hpp"

#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
// The first cols < 8 floats of lo:hi, at the end of a row of pixels: out of line, as a rare case whose code
// would otherwise be repeated for every row of every tile variant.
__attribute__((noinline)) void store_first(float* row, v4 lo, v4 hi, int cols) {
  v4_store_first(row, lo, cols < 4 ? cols : 4);
  if (cols > 4) v4_store_first(row + 4, hi, cols - 4);
}

// Row r of a tile: bias[r] added last, then the first `cols` of its 8 columns stored.
inline void store_row(float* row, v4 lo, v4 hi, const float* bias, int r, int cols) {
  const v4 bias_r = v4_splat(bias ? bias[r] : 0.0f);
  lo = v4_add(lo, bias_r), hi = v4_add(hi, bias_r);
  if (cols == kGemmNR) {
    v4_store(row, lo);
    v4_store(row + 4, hi);
  } else {
    store_first(row, lo, hi, cols);
  }
}

// An MR × 8 tile (MR = 4 or 5; the fifth row's accumulators are dead code when MR = 4). Row k of B is
// b + 8·k (a packed panel) or, by rows, b + b_rows[k] (8 contiguous floats anywhere).
template <int MR, bool by_rows>
void gemm_tile(int64_t K, const float* a, const float* b, const int64_t* b_rows, float* c, int64_t ldc, int rows,
               int cols, const float* bias) {
  v4 c00 = v4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00,
     c41 = c00;
  for (int64_t k = 0; k < K; ++k, a += MR, b += by_rows ? 0 : kGemmNR) {
    const float* bk = by_rows ? b + b_rows[k] : b;
    const v4 b0 = v4_load(bk), b1 = v4_load(bk + 4);
    v4 ar = v4_load_splat(a);
    c00 = v4_madd(ar, b0, c00), c01 = v4_madd(ar, b1, c01);
    ar = v4_load_splat(a + 1);
    c10 = v4_madd(ar, b0, c10), c11 = v4_madd(ar, b1, c11);
    ar = v4_load_splat(a + 2);
    c20 = v4_madd(ar, b0, c20), c21 = v4_madd(ar, b1, c21);
    ar = v4_load_splat(a + 3);
    c30 = v4_madd(ar, b0, c30), c31 = v4_madd(ar, b1, c31);
    if (MR > 4) {
      ar = v4_load_splat(a + 4);
      c40 = v4_madd(ar, b0, c40), c41 = v4_madd(ar, b1, c41);
    }
  }
  // One call per row, not a loop over an array of the accumulators: indexing such an array puts them in
  // memory, and V8 then spills accumulators inside the loop above (half the multiply-add rate).
  store_row(c, c00, c01, bias, 0, cols);
  if (rows > 1) store_row(c + ldc, c10, c11, bias, 1, cols);
  if (rows > 2) store_row(c + 2 * ldc, c20, c21, bias, 2, cols);
  if (rows > 3) store_row(c + 3 * ldc, c30, c31, bias, 3, cols);
  if (MR > 4 && rows > 4) store_row(c + 4 * ldc, c40, c41, bias, 4, cols);
}

}  // namespace

void gemm_pack_a(const float* a, int64_t M, int64_t K, int64_t row_stride, int64_t col_stride, int mr, float* packed) {
  for (int64_t m0 = 0; m0 < M; m0 += mr)
    for (int64_t k = 0; k < K; ++k)
      for (int64_t r = 0; r < mr; ++r) *packed++ = m0 + r < M ? a[(m0 + r) * row_stride + k * col_stride] : 0.0f;
}

void gemm_5x8(int64_t K, const float* a, const float* b, float* c, int64_t ldc, int rows, int cols, const float* bias) {
  gemm_tile<5, false>(K, a, b, nullptr, c, ldc, rows, cols, bias);
}

void gemm_4x8(int64_t K, const float* a, const float* b, float* c, int64_t ldc, int rows, int cols, const float* bias) {
  gemm_tile<4, false>(K, a, b, nullptr, c, ldc, rows, cols, bias);
}

void gemm_4x8_rows(int64_t K, const float* a, const float* b, const int64_t* b_rows, float* c, int64_t ldc, int rows,
                   int cols, const float* bias) {
  gemm_tile<4, true>(K, a, b, b_rows, c, ldc, rows, cols, bias);
}

}  // namespace convlens::detail
