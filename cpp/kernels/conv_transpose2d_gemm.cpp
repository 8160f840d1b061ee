// conv_transpose2d_gemm_5x8: per group and 8 input pixels at a time, columns[M × 8] = Wᵀ[M × K] ·
// input[K × 8] with M = Cout/g·KH·KW and K = C/g, then each column value is added where its
// (output channel, ky, kx) lands: oy = iy·s − p + ky·d (col2im). Bias initialises the output.
// The output channels of a group are split over the threads (parallel.hpp): each thread computes the rows
// of its channels for every 8 pixels, in the one-thread order, into a panel and columns of its own.
#include "kernels/gemm.hpp"
#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
// Floats of one thread's panel (K × 8) and columns (M × 8), with a gap of two cache lines after them.
int64_t thread_floats(const ConvTranspose2dPlan& p) {
  const int64_t K = p.in.C / p.groups, M = (p.Cout / p.groups) * p.KH * p.KW;
  return K * kGemmNR + round_up(M, kGemmMR) * kGemmNR + 32;
}
}  // namespace

int64_t conv_transpose2d_gemm_workspace(const ConvTranspose2dPlan& p) {
  return thread_floats(p) * parallel_threads() * int64_t{sizeof(float)};
}

// A group's weight is [cin_g][M]: A is its transpose, A[m][k] = w[k·M + m], packed per group.
int64_t conv_transpose2d_gemm_packed_bytes(const ConvTranspose2dPlan& p) {
  const int64_t K = p.in.C / p.groups, M = (p.Cout / p.groups) * p.KH * p.KW;
  return p.groups * round_up(M, kGemmMR) * K * int64_t{sizeof(float)};
}

void conv_transpose2d_gemm_pack(const ConvTranspose2dPlan& p, const float* weight, float* packed) {
  const int64_t K = p.in.C / p.groups, M = (p.Cout / p.groups) * p.KH * p.KW;
  for (int64_t grp = 0; grp < p.groups; ++grp)
    gemm_pack_a(weight + grp * K * M, M, K, 1, M, kGemmMR, packed + grp * round_up(M, kGemmMR) * K);
}

void conv_transpose2d_gemm_5x8(const ConvTranspose2dPlan& p, const float* input, const float* packed, const float* bias,
                               float* output, void* workspace) {
  const int64_t cin_g = p.in.C / p.groups, cout_g = p.Cout / p.groups, taps = p.KH * p.KW, M = cout_g * taps;
  const int64_t HW = p.in.H * p.in.W, OP = p.OH * p.OW;
  float* const thread_space = static_cast<float*>(workspace);
  for (int64_t n = 0; n < p.in.N; ++n)
    for (int64_t co = 0; co < p.Cout; ++co) {
      float* out = output + (n * p.Cout + co) * OP;
      const float b = bias ? bias[co] : 0.0f;
      for (int64_t i = 0; i < OP; ++i) out[i] = b;
    }
  const GemmTile tile = gemm_5x8_tile<false>();
  for (int64_t grp = 0; grp < p.groups; ++grp) {
    const float* const packed_a = packed + grp * round_up(M, kGemmMR) * cin_g;
    parallel_for(cout_g, p.in.N * HW * taps * cin_g, [&](int64_t co_first, int64_t co_last, int thread) {
      float* const panel = thread_space + thread_floats(p) * thread;
      float* const columns = panel + cin_g * kGemmNR;
      // This thread's rows of columns, and the 4-row tiles of A that hold them.
      const int64_t m_first = co_first * taps, m_last = co_last * taps;
      for (int64_t n = 0; n < p.in.N; ++n) {
        const float* in = input + (n * p.in.C + grp * cin_g) * HW;
        float* out = output + (n * p.Cout + grp * cout_g) * OP;
        for (int64_t p0 = 0; p0 < HW; p0 += kGemmNR) {
          const int cols = static_cast<int>(HW - p0 < kGemmNR ? HW - p0 : kGemmNR);
          for (int64_t k = 0; k < cin_g; ++k)
            for (int j = 0; j < kGemmNR; ++j) panel[k * kGemmNR + j] = j < cols ? in[k * HW + p0 + j] : 0.0f;
          for (int64_t m0 = m_first / kGemmMR * kGemmMR; m0 < m_last; m0 += kGemmMR)
            tile(cin_g, packed_a + m0 * cin_g, panel, nullptr, columns + m0 * kGemmNR, kGemmNR,
                 static_cast<int>(M - m0 < kGemmMR ? M - m0 : kGemmMR), kGemmNR, nullptr);
          // col2im: where each of the 8 pixels' (co, ky, kx) values land.
          int64_t oy0[kGemmNR], ox0[kGemmNR];
          for (int j = 0; j < cols; ++j) {
            oy0[j] = ((p0 + j) / p.in.W) * p.SH - p.PH;
            ox0[j] = ((p0 + j) % p.in.W) * p.SW - p.PW;
          }
          for (int64_t m = m_first; m < m_last; ++m) {
            const int64_t co = m / taps, dy = (m % taps / p.KW) * p.DH, dx = (m % p.KW) * p.DW;
            float* plane = out + co * OP;
            const float* col = columns + m * kGemmNR;
            for (int j = 0; j < cols; ++j) {
              const int64_t oy = oy0[j] + dy, ox = ox0[j] + dx;
              if (oy >= 0 && oy < p.OH && ox >= 0 && ox < p.OW) plane[oy * p.OW + ox] += col[j];
            }
          }
        }
      }
    });
  }
}

}  // namespace convlens::detail
