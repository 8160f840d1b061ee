// The register-blocked matrix multiply behind the conv kernels: C[5 × 8] tiles of
// C = bias + A·B with A packed in 5-row panels and B in 8-column panels (both K deep).
// Five rows, not four: ten accumulators, two columns of B and one splat of A take 13 of the 15
// vector registers V8 allocates on x64, and the extra row of multiply-adds per step of K costs no
// more loop overhead (measured about 1.2× the multiply-add rate of a 4 × 8 tile; a 6 × 8 tile spills).
#pragma once

#include <cstdint>

#include "kernels/vec.hpp"

namespace convlens::detail {

constexpr int kGemmMR = 5;  // rows (output channels) per tile
constexpr int kGemmNR = 8;  // columns (pixels) per tile

#if defined(__wasm_simd128__)
constexpr bool kGemmSimd = true;
#else
constexpr bool kGemmSimd = false;  // the scalar build: conv2d on 4-row tiles and panels only
#endif

/// The rows per tile for M rows of depth K: 5, or 4 where 4-row tiles take no more tiles (M = 16: four either
/// way) or K < 64, where a tile's fixed cost (zeroing, bias, stores) outweighs its loop (W1: K = 27, M = 32).
/// Always 4 in the scalar build, which runs a tile 2 rows at a time (gemm_scalar_part): a fifth row would run alone,
/// with half the independent sums (W2 6 % slower).
inline int gemm_rows_per_tile(int64_t M, int64_t K) {
  return !kGemmSimd || K < 64 || (M + 3) / 4 <= (M + 4) / 5 ? 4 : kGemmMR;
}

/// Packs rows of A, where A[m][k] = a[m·row_stride + k·col_stride], into ⌈M/mr⌉ panels of K × mr
/// floats ([k][r]); rows past M are zero. `packed` holds ⌈M/mr⌉·mr·K floats.
void gemm_pack_a(const float* a, int64_t M, int64_t K, int64_t row_stride, int64_t col_stride, int mr, float* packed);

/// The first cols < 8 floats of lo:hi, at the end of a row of pixels: out of line, as a rare case whose code
/// would otherwise be repeated in every tile of every kernel.
__attribute__((noinline)) void gemm_store_first(float* row, v4 lo, v4 hi, int cols);

// Row r of a tile: bias[r] added last, then the first `cols` of its 8 columns stored.
inline void gemm_store_row(float* row, v4 lo, v4 hi, const float* bias, int r, int cols) {
  const v4 bias_r = v4_splat(bias ? bias[r] : 0.0f);
  lo = v4_add(lo, bias_r), hi = v4_add(hi, bias_r);
  if (cols == kGemmNR) {
    v4_store(row, lo);
    v4_store(row + 4, hi);
  } else {
    gemm_store_first(row, lo, hi, cols);
  }
}

/// The scalar build's part of a tile: R (1 or 2) rows × 4 columns, whose eight sums stay in registers where a
/// whole tile's 32 or 40 spill (W2's kernel 1.7× faster). Same sums, in the same order, as gemm_tile.
template <int MR, int R, bool by_rows>
inline void gemm_scalar_part(int64_t K, const float* a, const float* b, const int64_t* b_rows, float* c, int64_t ldc,
                             int cols, const float* bias) {
  float s[R][4] = {};
  for (int64_t k = 0; k < K; ++k, a += MR, b += by_rows ? 0 : kGemmNR) {
    const float* bk = by_rows ? b + b_rows[k] : b;
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < R; ++i) s[i][j] += a[i] * bk[j];
  }
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < 4; ++j)  // j is constant once unrolled: a variable index would put the sums in memory
      if (j < cols) c[i * ldc + j] = s[i][j] + (bias ? bias[i] : 0.0f);
}

/// One MR × 8 tile (MR = 4 or 5): c[r·ldc + j] = (bias ? bias[r] : 0) + Σ_k a[k·MR + r]·b_k[j] for r < rows,
/// j < cols, where row k of B, b_k, is the 8 floats at b + 8·k (a packed panel; b_rows unused) or, by rows, at
/// b + b_rows[k] (8 contiguous floats anywhere: windows of the input read where they lie, or a panel). The sum is
/// taken in order of k from 0 and the bias added last (every tile of a product sums alike, so the result does not
/// depend on how the tiles are split over threads).
/// The 4-row tile is inlined where it is used (one call site per kernel: W1 1.1× and W8 1.2× faster than a call).
/// The 5-row one is called through gemm_5x8_tile()'s pointer, a function of its own that wasm-opt may neither
/// inline nor strip of constant arguments: in either form V8 kept some of its ten accumulators in memory inside
/// the loop (W7 at half the speed).
template <int MR, bool by_rows>
inline void gemm_tile(int64_t K, const float* a, const float* b, const int64_t* b_rows, float* c, int64_t ldc, int rows,
                      int cols, const float* bias) {
  if constexpr (!kGemmSimd) {
    for (int r = 0; r < rows; r += 2)
      for (int j = 0; j < cols; j += 4) {
        const float* const bias_r = bias ? bias + r : nullptr;
        if (rows - r >= 2)
          gemm_scalar_part<MR, 2, by_rows>(K, a + r, b + j, b_rows, c + r * ldc + j, ldc, cols - j, bias_r);
        else
          gemm_scalar_part<MR, 1, by_rows>(K, a + r, b + j, b_rows, c + r * ldc + j, ldc, cols - j, bias_r);
      }
    return;
  }
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
  gemm_store_row(c, c00, c01, bias, 0, cols);
  if (rows > 1) gemm_store_row(c + ldc, c10, c11, bias, 1, cols);
  if (rows > 2) gemm_store_row(c + 2 * ldc, c20, c21, bias, 2, cols);
  if (rows > 3) gemm_store_row(c + 3 * ldc, c30, c31, bias, 3, cols);
  if (MR > 4 && rows > 4) gemm_store_row(c + 4 * ldc, c40, c41, bias, 4, cols);
}

using GemmTile = void (*)(int64_t K, const float* a, const float* b, const int64_t* b_rows, float* c, int64_t ldc,
                          int rows, int cols, const float* bias);
/// gemm_tile<kGemmMR, by_rows>, out of line (see above).
template <bool by_rows>
GemmTile gemm_5x8_tile();

}  // namespace convlens::detail
