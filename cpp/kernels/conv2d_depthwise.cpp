// Depthwise convolution (groups = C = Cout), unit horizontal stride. conv2d_depthwise_u8 takes any
// kernel: its taps are splatted once per channel and 8 output columns accumulate at a time.
// conv2d_depthwise_3x3 keeps a 3×3 kernel's nine taps in registers and reads three input rows.
// Both split the image × channel planes over the threads (parallel.hpp).
#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
constexpr int64_t kMaxTaps = 64;
}

bool conv2d_depthwise_supports(const ConvGeometry& g) {
  return g.groups == g.C && g.Cout == g.C && g.SW == 1 && g.KH * g.KW <= kMaxTaps;
}

void conv2d_depthwise_u8(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                         float* output, void*) {
  const int64_t taps = g.KH * g.KW;
  int64_t offset[kMaxTaps];  // input offset of each tap from the window's top-left
  for (int64_t ky = 0; ky < g.KH; ++ky)
    for (int64_t kx = 0; kx < g.KW; ++kx) offset[ky * g.KW + kx] = ky * g.DH * g.W + kx * g.DW;
  parallel_for(g.N * g.C, g.OH * g.OW * taps, [&](int64_t first, int64_t last, int) {
    v4 w[kMaxTaps];
    for (int64_t plane = first; plane < last; ++plane) {
      const int64_t c = plane % g.C;
      const float* in = input + plane * g.H * g.W;
      const float* wc = weight + c * taps;
      for (int64_t t = 0; t < taps; ++t) w[t] = v4_splat(wc[t]);
      const float b = bias ? bias[c] : 0.0f;
      float* out = output + plane * g.OH * g.OW;
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
  });
}

bool conv2d_depthwise_3x3_supports(const ConvGeometry& g) {
  return conv2d_depthwise_supports(g) && g.KH == 3 && g.KW == 3 && g.DH == 1 && g.DW == 1;
}

void conv2d_depthwise_3x3(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                          float* output, void*) {
  parallel_for(g.N * g.C, g.OH * g.OW * 9, [&](int64_t first, int64_t last, int) {
    for (int64_t plane = first; plane < last; ++plane) {
      const int64_t c = plane % g.C;
      const float* in = input + plane * g.H * g.W;
      const float* wc = weight + c * 9;
      const v4 w0 = v4_splat(wc[0]), w1 = v4_splat(wc[1]), w2 = v4_splat(wc[2]), w3 = v4_splat(wc[3]),
               w4 = v4_splat(wc[4]), w5 = v4_splat(wc[5]), w6 = v4_splat(wc[6]), w7 = v4_splat(wc[7]),
               w8 = v4_splat(wc[8]);
      const float b = bias ? bias[c] : 0.0f;
      const v4 vb = v4_splat(b);
      float* out = output + plane * g.OH * g.OW;
      for (int64_t oy = 0; oy < g.OH; ++oy) {
        const float* r0 = in + oy * g.SH * g.W;
        const float* r1 = r0 + g.W;
        const float* r2 = r1 + g.W;
        float* out_row = out + oy * g.OW;
        int64_t ox = 0;
        for (; ox + 4 <= g.OW; ox += 4) {
          v4 a = v4_madd(v4_load(r0 + ox), w0, vb);
          v4 a2 = v4_mul(v4_load(r0 + ox + 1), w1);
          a = v4_madd(v4_load(r0 + ox + 2), w2, a);
          a2 = v4_madd(v4_load(r1 + ox), w3, a2);
          a = v4_madd(v4_load(r1 + ox + 1), w4, a);
          a2 = v4_madd(v4_load(r1 + ox + 2), w5, a2);
          a = v4_madd(v4_load(r2 + ox), w6, a);
          a2 = v4_madd(v4_load(r2 + ox + 1), w7, a2);
          a = v4_madd(v4_load(r2 + ox + 2), w8, a);
          v4_store(out_row + ox, v4_add(a, a2));
        }
        for (; ox < g.OW; ++ox)
          out_row[ox] = b + r0[ox] * wc[0] + r0[ox + 1] * wc[1] + r0[ox + 2] * wc[2] + r1[ox] * wc[3] +
                        r1[ox + 1] * wc[4] + r1[ox + 2] * wc[5] + r2[ox] * wc[6] + r2[ox + 1] * wc[7] +
                        r2[ox + 2] * wc[8];
      }
    }
  });
}

}  // namespace convlens::detail
