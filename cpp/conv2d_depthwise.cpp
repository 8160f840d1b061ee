// conv2d__depthwise_u8: one input channel per output channel (groups = C = Cout), unit horizontal
// stride; the kernel's taps are splatted once per channel and 8 output columns accumulate at a time.
#include "kernels.hpp"
#include "vec.hpp"

namespace convlens::detail {

namespace {
constexpr int64_t kMaxTaps = 64;
}

bool conv2d__depthwise_supports(const ConvGeometry& g) {
  return g.groups == g.C && g.Cout == g.C && g.SW == 1 && g.KH * g.KW <= kMaxTaps;
}

void conv2d__depthwise_u8(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                          float* output, void*) {
  const int64_t taps = g.KH * g.KW;
  v4 w[kMaxTaps];
  int64_t offset[kMaxTaps];  // input offset of each tap from the window's top-left
  for (int64_t ky = 0; ky < g.KH; ++ky)
    for (int64_t kx = 0; kx < g.KW; ++kx) offset[ky * g.KW + kx] = ky * g.DH * g.W + kx * g.DW;
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t c = 0; c < g.C; ++c) {
      const float* in = input + (n * g.C + c) * g.H * g.W;
      const float* wc = weight + c * taps;
      for (int64_t t = 0; t < taps; ++t) w[t] = v4_splat(wc[t]);
      const float b = bias ? bias[c] : 0.0f;
      float* out = output + (n * g.C + c) * g.OH * g.OW;
      for (int64_t oy = 0; oy < g.OH; ++oy) {
        const float* row = in + oy * g.SH * g.W;
        float* out_row = out + oy * g.OW;
        int64_t ox = 0;
        for (; ox + 8 <= g.OW; ox += 8) {
          v4 a0 = v4_splat(b), a1 = a0;
          for (int64_t t = 0; t < taps; ++t) {
            const float* p = row + ox + offset[t];
            a0 = v4_madd(v4_load(p), w[t], a0);
            a1 = v4_madd(v4_load(p + 4), w[t], a1);
          }
          v4_store(out_row + ox, a0);
          v4_store(out_row + ox + 4, a1);
        }
        for (; ox + 4 <= g.OW; ox += 4) {
          v4 a0 = v4_splat(b);
          for (int64_t t = 0; t < taps; ++t) a0 = v4_madd(v4_load(row + ox + offset[t]), w[t], a0);
          v4_store(out_row + ox, a0);
        }
        for (; ox < g.OW; ++ox) {
          float acc = b;
          for (int64_t t = 0; t < taps; ++t) acc += row[ox + offset[t]] * wc[t];
          out_row[ox] = acc;
        }
      }
    }
}

}  // namespace convlens::detail
