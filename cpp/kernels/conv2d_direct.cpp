// conv2d_direct_u4: direct convolution, 4 adjacent output columns per vector accumulator.
// Needs unit horizontal stride so that the 4 inputs a tap reads are contiguous.
#include "kernels/kernels.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

bool conv2d_direct_supports(const ConvGeometry& g) { return g.SW == 1; }

void conv2d_direct_u4(const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* output,
                      void*) {
  const int64_t cin_g = g.C / g.groups, cout_g = g.Cout / g.groups, taps = g.KH * g.KW;
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t co = 0; co < g.Cout; ++co) {
      const float* in_group = input + (n * g.C + (co / cout_g) * cin_g) * g.H * g.W;
      const float* w = weight + co * cin_g * taps;
      const float b = bias ? bias[co] : 0.0f;
      float* out = output + (n * g.Cout + co) * g.OH * g.OW;
      for (int64_t oy = 0; oy < g.OH; ++oy) {
        const float* in_row0 = in_group + oy * g.SH * g.W;
        float* out_row = out + oy * g.OW;
        int64_t ox = 0;
        for (; ox + 4 <= g.OW; ox += 4) {
          v4 acc = v4_splat(b);
          for (int64_t ci = 0; ci < cin_g; ++ci)
            for (int64_t ky = 0; ky < g.KH; ++ky) {
              const float* row = in_row0 + ci * g.H * g.W + ky * g.DH * g.W + ox;
              const float* wk = w + ci * taps + ky * g.KW;
              for (int64_t kx = 0; kx < g.KW; ++kx) acc = v4_madd(v4_load(row + kx * g.DW), v4_splat(wk[kx]), acc);
            }
          v4_store(out_row + ox, acc);
        }
        for (; ox < g.OW; ++ox) {  // the 1–3 columns left over
          float acc = b;
          for (int64_t ci = 0; ci < cin_g; ++ci)
            for (int64_t ky = 0; ky < g.KH; ++ky) {
              const float* row = in_row0 + ci * g.H * g.W + ky * g.DH * g.W + ox;
              const float* wk = w + ci * taps + ky * g.KW;
              for (int64_t kx = 0; kx < g.KW; ++kx) acc += row[kx * g.DW] * wk[kx];
            }
          out_row[ox] = acc;
        }
      }
    }
}

}  // namespace convlens::detail
