// conv2d_backward_weight_gemm_5x8: per group, grad_weight[Cout/g × K] = grad_output[Cout/g × N·P] ·
// columns[N·P × K] (K = C/g·KH·KW, P = OH·OW): the columns are the padded input's windows, gathered 8
// weight positions at a time into an N·P × 8 panel (in chunks that bound the workspace), and the
// chunks' partial products added up.
#include "kernels/gemm.hpp"
#include "kernels/kernels.hpp"

namespace convlens::detail {

namespace {
int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
// Rows of N·P per chunk: the packed grad_output and the panel of one chunk stay within about 4 MiB.
int64_t chunk_rows(const ConvGeometry& g) {
  const int64_t rows = g.N * g.OH * g.OW, per_row = round_up(g.Cout / g.groups, kGemmMR) + kGemmNR;
  const int64_t fit = (int64_t{1} << 20) / per_row;
  return rows < fit ? rows : (fit > 0 ? fit : 1);
}
}  // namespace

int64_t conv2d_backward_weight_workspace(const ConvGeometry& g) {
  const int64_t rows = chunk_rows(g);
  return (round_up(g.Cout / g.groups, kGemmMR) * rows + rows * kGemmNR + kGemmMR * kGemmNR) * int64_t{sizeof(float)};
}

void conv2d_backward_weight_gemm_5x8(const ConvGeometry& g, const float* input, const float* grad_output,
                                     float* grad_weight, void* workspace) {
  const int64_t cin_g = g.C / g.groups, cout_g = g.Cout / g.groups, K = cin_g * g.KH * g.KW, P = g.OH * g.OW;
  const int64_t rows = g.N * P, chunk = chunk_rows(g), panels = round_up(cout_g, kGemmMR) / kGemmMR;
  float* packed = static_cast<float*>(workspace);
  float* panel = packed + panels * kGemmMR * chunk;
  float* tile = panel + chunk * kGemmNR;
  const GemmTile tile_5x8 = gemm_5x8_tile<false>();
  for (int64_t i = 0; i < g.Cout * K; ++i) grad_weight[i] = 0.0f;
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t r0 = 0; r0 < rows; r0 += chunk) {
      const int64_t depth = rows - r0 < chunk ? rows - r0 : chunk;
      // grad_output rows (n, oy, ox) as the GEMM's depth, 5 output channels per panel ([k][r]).
      for (int64_t m0 = 0, at = 0; m0 < cout_g; m0 += kGemmMR)
        for (int64_t k = r0; k < r0 + depth; ++k) {
          const float* go = grad_output + ((k / P) * g.Cout + grp * cout_g + m0) * P + k % P;
          for (int64_t r = 0; r < kGemmMR; ++r) packed[at++] = m0 + r < cout_g ? go[r * P] : 0.0f;
        }
      for (int64_t j0 = 0; j0 < K; j0 += kGemmNR) {
        const int cols = static_cast<int>(K - j0 < kGemmNR ? K - j0 : kGemmNR);
        for (int j = 0; j < kGemmNR; ++j) {
          if (j >= cols) {
            for (int64_t k = 0; k < depth; ++k) panel[k * kGemmNR + j] = 0.0f;
            continue;
          }
          const int64_t w = j0 + j, kx = w % g.KW, ky = w / g.KW % g.KH, ci = w / (g.KW * g.KH);
          const float* tap = input + ((grp * cin_g + ci) * g.H + ky * g.DH) * g.W + kx * g.DW;
          int64_t n = r0 / P, oy = r0 % P / g.OW, ox = r0 % g.OW;  // the window of row r0 + k
          for (int64_t k = 0; k < depth; ++k) {
            panel[k * kGemmNR + j] = tap[n * g.C * g.H * g.W + oy * g.SH * g.W + ox * g.SW];
            if (++ox == g.OW) ox = 0, oy = oy + 1 == g.OH ? (++n, 0) : oy + 1;
          }
        }
        for (int64_t m = 0; m < panels; ++m) {
          const int m_rows = static_cast<int>(cout_g - m * kGemmMR < kGemmMR ? cout_g - m * kGemmMR : kGemmMR);
          tile_5x8(depth, packed + m * kGemmMR * depth, panel, nullptr, tile, kGemmNR, m_rows, cols, nullptr);
          float* out = grad_weight + (grp * cout_g + m * kGemmMR) * K + j0;
          for (int r = 0; r < m_rows; ++r)
            for (int j = 0; j < cols; ++j) out[r * K + j] += tile[r * kGemmNR + j];
        }
      }
    }
}

}  // namespace convlens::detail
