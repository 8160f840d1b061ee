// The register-blocked matrix multiply behind the conv kernels: C[4 × 8] tiles of
// C = bias + A·B with A packed in 4-row panels and B in 8-column panels (both K deep).
#pragma once

#include <cstdint>

namespace convlens::detail {

constexpr int kGemmMR = 4;  // rows (output channels) per tile
constexpr int kGemmNR = 8;  // columns (pixels) per tile

/// Packs rows of A, where A[m][k] = a[m·row_stride + k·col_stride], into ⌈M/4⌉ panels of K × 4
/// floats ([k][r]); rows past M are zero. `packed` holds ⌈M/4⌉·4·K floats.
void gemm_pack_a(const float* a, int64_t M, int64_t K, int64_t row_stride, int64_t col_stride, float* packed);

/// One tile: c[r·ldc + j] = (bias ? bias[r] : 0) + Σ_k a[k·4 + r]·b[k·8 + j] for r < rows, j < cols.
void gemm_4x8(int64_t K, const float* a, const float* b, float* c, int64_t ldc, int rows, int cols, const float* bias);

}  // namespace convlens::detail
