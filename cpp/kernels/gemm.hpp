// The register-blocked matrix multiply behind the conv kernels: C[5 × 8] tiles of
// C = bias + A·B with A packed in 5-row panels and B in 8-column panels (both K deep).
// Five rows, not four: ten accumulators, two columns of B and one splat of A take 13 of the 15
// vector registers V8 allocates on x64, and the extra row of multiply-adds per step of K costs no
// more loop overhead (measured about 1.2× the multiply-add rate of a 4 × 8 tile; a 6 × 8 tile spills).
#pragma once

#include <cstdint>

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
/// Always 4 in the scalar build, where a 5 × 8 tile's 40 accumulators spill (2.5× slower on W2).
inline int gemm_rows_per_tile(int64_t M, int64_t K) {
  return !kGemmSimd || K < 64 || (M + 3) / 4 <= (M + 4) / 5 ? 4 : kGemmMR;
}

/// Packs rows of A, where A[m][k] = a[m·row_stride + k·col_stride], into ⌈M/mr⌉ panels of K × mr
/// floats ([k][r]); rows past M are zero. `packed` holds ⌈M/mr⌉·mr·K floats.
void gemm_pack_a(const float* a, int64_t M, int64_t K, int64_t row_stride, int64_t col_stride, int mr, float* packed);

/// One tile: c[r·ldc + j] = (bias ? bias[r] : 0) + Σ_k a[k·5 + r]·b[k·8 + j] for r < rows, j < cols, the
/// sum taken in order of k from 0 and the bias added last (every tile of a product sums alike, so the
/// result does not depend on how the tiles are split over threads).
void gemm_5x8(int64_t K, const float* a, const float* b, float* c, int64_t ldc, int rows, int cols, const float* bias);
/// The same with 4-row panels of A (a[k·4 + r], r < 4).
void gemm_4x8(int64_t K, const float* a, const float* b, float* c, int64_t ldc, int rows, int cols, const float* bias);
/// gemm_4x8 reading row k of B as the 8 floats at b + b_rows[k] (no panel to gather: windows of a stride-1
/// convolution straight from its input).
void gemm_4x8_rows(int64_t K, const float* a, const float* b, const int64_t* b_rows, float* c, int64_t ldc, int rows,
                   int cols, const float* bias);

}  // namespace convlens::detail
