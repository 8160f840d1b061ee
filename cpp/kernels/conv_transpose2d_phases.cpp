// conv_transpose2d_gemm_phases_5x8 (dilation 1): the outputs whose (o + padding) mod stride are
// equal — one "phase" — all read the same sub-kernel (taps ky ≡ phase mod stride), so each phase is
// an ordinary convolution of the input with that flipped sub-kernel, done as a GEMM with no scatter.
// Near the border a sub-kernel tap can fall outside the input; the panel holds a zero there, which
// changes nothing for a finite weight but would turn an infinite one into NaN where PyTorch (which
// only adds the products that exist) has none: such weights go to the col2im kernel. A phase's
// 8-pixel tiles are split over the threads (parallel.hpp), each with a panel of its own.
#include "kernels/gemm.hpp"
#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
// Taps of one phase per axis: ky = r + j·s for j < taps(r).
int64_t phase_taps(int64_t k, int64_t r, int64_t s) { return r < k ? ceil_div(k - r, s) : 0; }
}  // namespace

bool conv_transpose2d_phases_supports(const ConvTranspose2dPlan& p) {
  return p.DH == 1 && p.DW == 1 && p.finite_weight;
}

int64_t conv_transpose2d_phases_workspace(const ConvTranspose2dPlan& p) {
  const int64_t kmax = (p.in.C / p.groups) * ceil_div(p.KH, p.SH) * ceil_div(p.KW, p.SW);
  return (round_up(p.Cout / p.groups, kGemmMR) * kmax + kmax * kGemmNR * parallel_threads()) * int64_t{sizeof(float)};
}

void conv_transpose2d_gemm_phases_5x8(const ConvTranspose2dPlan& p, const float* input, const float* weight,
                                      const float* bias, float* output, void* workspace) {
  const int64_t cin_g = p.in.C / p.groups, cout_g = p.Cout / p.groups, H = p.in.H, W = p.in.W, HW = H * W;
  const int64_t OP = p.OH * p.OW, kmax = cin_g * ceil_div(p.KH, p.SH) * ceil_div(p.KW, p.SW);
  float* packed_a = static_cast<float*>(workspace);
  float* const panels = packed_a + round_up(cout_g, kGemmMR) * kmax;
  for (int64_t n = 0; n < p.in.N; ++n)  // phases without taps (kernel smaller than stride) hold the bias
    for (int64_t co = 0; co < p.Cout; ++co) {
      const float b = bias ? bias[co] : 0.0f;
      for (int64_t i = 0; i < OP; ++i) output[(n * p.Cout + co) * OP + i] = b;
    }
  for (int64_t rh = 0; rh < p.SH; ++rh)
    for (int64_t rw = 0; rw < p.SW; ++rw) {
      const int64_t jh = phase_taps(p.KH, rh, p.SH), jw = phase_taps(p.KW, rw, p.SW), K = cin_g * jh * jw;
      // The phase's outputs: oy = oy0 + i·SH with (oy + PH) mod SH = rh, and likewise for x.
      const int64_t oy0 = ((rh - p.PH) % p.SH + p.SH) % p.SH, ox0 = ((rw - p.PW) % p.SW + p.SW) % p.SW;
      const int64_t rows = oy0 < p.OH ? ceil_div(p.OH - oy0, p.SH) : 0,
                    cols = ox0 < p.OW ? ceil_div(p.OW - ox0, p.SW) : 0;
      if (K == 0 || rows == 0 || cols == 0) continue;
      const int64_t pixels = rows * cols;
      for (int64_t grp = 0; grp < p.groups; ++grp) {
        // A[co][(ci, a, b)] = w[ci][co][rh + a·SH][rw + b·SW]; the weight is [C][cout_g][KH][KW].
        const float* wg = weight + grp * cin_g * cout_g * p.KH * p.KW;
        for (int64_t m0 = 0, at = 0; m0 < cout_g; m0 += kGemmMR)
          for (int64_t ci = 0; ci < cin_g; ++ci)
            for (int64_t a = 0; a < jh; ++a)
              for (int64_t b = 0; b < jw; ++b)
                for (int64_t r = 0; r < kGemmMR; ++r, ++at)
                  packed_a[at] = m0 + r < cout_g
                                     ? wg[((ci * cout_g + m0 + r) * p.KH + rh + a * p.SH) * p.KW + rw + b * p.SW]
                                     : 0.0f;
        const int64_t tiles = ceil_div(pixels, kGemmNR);
        parallel_for(p.in.N * tiles, K * cout_g * kGemmNR, [&](int64_t first, int64_t last, int thread) {
          float* const panel = panels + kmax * kGemmNR * thread;
          for (int64_t t = first; t < last; ++t) {
            const int64_t n = t / tiles, q0 = t % tiles * kGemmNR;
            const float* in = input + (n * p.in.C + grp * cin_g) * HW;
            float* out = output + (n * p.Cout + grp * cout_g) * OP;
            const int count = static_cast<int>(pixels - q0 < kGemmNR ? pixels - q0 : kGemmNR);
            // Input (iy, ix) = (qy − a, qx − b) with qy = (oy + PH) / SH for each of the 8 pixels.
            int64_t qy[kGemmNR], qx[kGemmNR], o[kGemmNR];
            for (int j = 0; j < kGemmNR; ++j) {
              const int64_t q = q0 + (j < count ? j : 0), oy = oy0 + (q / cols) * p.SH, ox = ox0 + (q % cols) * p.SW;
              qy[j] = (oy + p.PH) / p.SH, qx[j] = (ox + p.PW) / p.SW, o[j] = oy * p.OW + ox;
            }
            const bool one_row = count == kGemmNR && qy[0] == qy[kGemmNR - 1];
            // Panel row (ci, a, b) reads the 8 inputs (qy − a, qx − b) of plane ci: where they lie is worked
            // out once per tap (a, b), then copied for every ci.
            for (int64_t a = 0; a < jh; ++a)
              for (int64_t b = 0; b < jw; ++b) {
                const int64_t y0 = qy[0] - a, x0 = qx[0] - b;
                const bool contiguous = one_row && y0 >= 0 && y0 < H && x0 >= 0 && x0 + kGemmNR <= W;
                int64_t at[kGemmNR];  // offset in the plane, or −1 for a zero outside it
                for (int j = 0; j < kGemmNR; ++j) {
                  const int64_t iy = qy[j] - a, ix = qx[j] - b;
                  at[j] = iy >= 0 && iy < H && ix >= 0 && ix < W ? iy * W + ix : -1;
                }
                float* dst = panel + (a * jw + b) * kGemmNR;
                for (int64_t ci = 0; ci < cin_g; ++ci, dst += jh * jw * kGemmNR) {
                  const float* plane = in + ci * HW;
                  if (contiguous) {
                    v4_store(dst, v4_load(plane + at[0]));
                    v4_store(dst + 4, v4_load(plane + at[0] + 4));
                  } else {
                    for (int j = 0; j < kGemmNR; ++j) dst[j] = at[j] >= 0 ? plane[at[j]] : 0.0f;
                  }
                }
              }
            for (int64_t m0 = 0; m0 < cout_g; m0 += kGemmMR) {
              float tile[kGemmMR * kGemmNR];
              const int mrows = static_cast<int>(cout_g - m0 < kGemmMR ? cout_g - m0 : kGemmMR);
              gemm_5x8(K, packed_a + m0 * K, panel, tile, kGemmNR, mrows, kGemmNR,
                       bias ? bias + grp * cout_g + m0 : nullptr);
              for (int r = 0; r < mrows; ++r)
                for (int j = 0; j < count; ++j) out[(m0 + r) * OP + o[j]] = tile[r * kGemmNR + j];
            }
          }
        });
      }
    }
}

}  // namespace convlens::detail
