// conv_transpose2d_gemm_phases_5x8 (dilation 1): the outputs whose (o + padding) mod stride are
// equal — one "phase" — all read the same sub-kernel (taps ky ≡ phase mod stride), so each phase is
// an ordinary convolution of the input with that flipped sub-kernel, done as a GEMM with no scatter.
// The input is first copied into a zero border wide enough for every phase's taps, so that gathering
// a panel needs no bounds checks, and 8 pixels of a phase row read 8 contiguous inputs per tap. The
// border's zeros change nothing for a finite weight but would turn an infinite one into NaN where
// PyTorch (which only adds the products that exist) has none: such weights go to the col2im kernel.
// A phase's 8-pixel tiles are split over the threads (parallel.hpp), each with a panel of its own. The
// weight arrives packed, each phase's sub-kernel as a GEMM's A (conv_transpose2d_phases_pack).
#include <cstring>

#include "kernels/gemm.hpp"
#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t max(int64_t a, int64_t b) { return a > b ? a : b; }

// One phase r of an axis (kernel k, stride s, padding pad, output size out): outputs o = o0 + i·s for
// i < count, read with taps j < taps the inputs q0 + i − j (the kernel's tap r + j·s).
struct Phase {
  int64_t taps, o0, count, q0;
};
Phase phase(int64_t k, int64_t r, int64_t s, int64_t pad, int64_t out) {
  const int64_t o0 = ((r - pad) % s + s) % s;
  return {r < k ? ceil_div(k - r, s) : 0, o0, o0 < out ? ceil_div(out - o0, s) : 0, (o0 + pad) / s};
}

// The zero border of an axis of `in` inputs: every phase's taps stay within [−before, in + after).
struct Border {
  int64_t before = 0, after = 0;
};
Border border(int64_t k, int64_t s, int64_t pad, int64_t out, int64_t in) {
  Border b;
  for (int64_t r = 0; r < s; ++r) {
    const Phase ph = phase(k, r, s, pad, out);
    if (ph.taps == 0 || ph.count == 0) continue;
    b.before = max(b.before, ph.taps - 1 - ph.q0);
    b.after = max(b.after, ph.q0 + ph.count - in);
  }
  return b;
}

struct Layout {  // of the workspace, and of the bordered input in it
  Border bh, bw;
  int64_t Hp, Wp, kmax, panel_floats, image_floats;
  bool fits;  // its size is representable (else the workspace is reported as too large)
};
Layout layout(const ConvTranspose2dPlan& p) {
  Layout l;
  l.bh = border(p.KH, p.SH, p.PH, p.OH, p.in.H);
  l.bw = border(p.KW, p.SW, p.PW, p.OW, p.in.W);
  l.Hp = p.in.H + l.bh.before + l.bh.after, l.Wp = p.in.W + l.bw.before + l.bw.after;
  l.kmax = (p.in.C / p.groups) * ceil_div(p.KH, p.SH) * ceil_div(p.KW, p.SW);
  l.panel_floats = l.kmax * kGemmNR;
  const int64_t kMax = kMaxWorkspaceBytes;  // each factor below 2^30: no product overflows
  l.fits = l.Hp <= kMax && l.Wp <= kMax && p.in.N <= kMax && p.in.C <= kMax && l.Hp * l.Wp <= kMax &&
           p.in.N * p.in.C <= kMax;
  l.image_floats = l.fits ? p.in.N * p.in.C * l.Hp * l.Wp : 0;
  return l;
}

// The packed weight, phase by phase (rh, rw), then group by group: A[co][(ci, a, b)] = w[ci][co][rh + a·SH][rw +
// b·SW], K = cin_g · taps_y · taps_x deep, as gemm_pack_a lays it out (rows past cout_g are zero). The phases' taps
// add up to KH·KW per input channel. Floats of one group's A in a phase of depth K:
int64_t packed_group_floats(int64_t cout_g, int64_t K) { return round_up(cout_g, kGemmMR) * K; }
}  // namespace

bool conv_transpose2d_phases_supports(const ConvTranspose2dPlan& p) {
  return p.DH == 1 && p.DW == 1 && p.finite_weight;
}

int64_t conv_transpose2d_phases_workspace(const ConvTranspose2dPlan& p) {
  const Layout l = layout(p);
  if (!l.fits || l.image_floats > kMaxWorkspaceBytes) return INT64_MAX;
  return l.kmax * int64_t{sizeof(int64_t)} +
         (l.panel_floats * parallel_threads() + l.image_floats) * int64_t{sizeof(float)};
}

int64_t conv_transpose2d_phases_packed_bytes(const ConvTranspose2dPlan& p) {
  return p.groups * packed_group_floats(p.Cout / p.groups, (p.in.C / p.groups) * p.KH * p.KW) * int64_t{sizeof(float)};
}

void conv_transpose2d_phases_pack(const ConvTranspose2dPlan& p, const float* weight, float* packed) {
  const int64_t cin_g = p.in.C / p.groups, cout_g = p.Cout / p.groups;
  for (int64_t rh = 0; rh < p.SH; ++rh)
    for (int64_t rw = 0; rw < p.SW; ++rw) {
      const int64_t taps_y = phase(p.KH, rh, p.SH, p.PH, p.OH).taps, taps_x = phase(p.KW, rw, p.SW, p.PW, p.OW).taps;
      for (int64_t grp = 0; grp < p.groups; ++grp) {  // packed_group_floats(cout_g, cin_g · taps_y · taps_x) each
        const float* wg = weight + grp * cin_g * cout_g * p.KH * p.KW;
        for (int64_t m0 = 0; m0 < cout_g; m0 += kGemmMR)
          for (int64_t ci = 0; ci < cin_g; ++ci)
            for (int64_t a = 0; a < taps_y; ++a)
              for (int64_t b = 0; b < taps_x; ++b)
                for (int64_t r = 0; r < kGemmMR; ++r)
                  *packed++ = m0 + r < cout_g
                                  ? wg[((ci * cout_g + m0 + r) * p.KH + rh + a * p.SH) * p.KW + rw + b * p.SW]
                                  : 0.0f;
      }
    }
}

void conv_transpose2d_gemm_phases_5x8(const ConvTranspose2dPlan& p, const float* input, const float* packed,
                                      const float* bias, float* output, void* workspace) {
  const int64_t cin_g = p.in.C / p.groups, cout_g = p.Cout / p.groups, H = p.in.H, W = p.in.W;
  const int64_t OP = p.OH * p.OW;
  const Layout l = layout(p);
  const int64_t HWp = l.Hp * l.Wp;
  int64_t* const tap = static_cast<int64_t*>(workspace);  // offset of each panel row's input from a pixel's
  float* const panels = reinterpret_cast<float*>(tap + l.kmax);
  float* const image = panels + l.panel_floats * parallel_threads();  // the input inside its zero border
  std::memset(image, 0, static_cast<size_t>(l.image_floats) * sizeof(float));
  for (int64_t row = 0; row < p.in.N * p.in.C * H; ++row)
    std::memcpy(image + (row / H * l.Hp + row % H + l.bh.before) * l.Wp + l.bw.before, input + row * W,
                static_cast<size_t>(W) * sizeof(float));
  // With a tap for every phase (kernel no smaller than the stride) each output is written once below;
  // otherwise the phases without taps hold the bias.
  if (p.KH < p.SH || p.KW < p.SW || cin_g == 0)
    for (int64_t n = 0; n < p.in.N; ++n)
      for (int64_t co = 0; co < p.Cout; ++co) {
        const float b = bias ? bias[co] : 0.0f;
        for (int64_t i = 0; i < OP; ++i) output[(n * p.Cout + co) * OP + i] = b;
      }
  // (The scalar build has no tile by rows of 5: it gathers every panel.)
  const GemmTile by_rows = kGemmSimd ? gemm_5x8_tile<true>() : nullptr, from_panel = gemm_5x8_tile<false>();
  for (int64_t rh = 0; rh < p.SH; ++rh)
    for (int64_t rw = 0; rw < p.SW; ++rw) {
      const Phase py = phase(p.KH, rh, p.SH, p.PH, p.OH), px = phase(p.KW, rw, p.SW, p.PW, p.OW);
      const int64_t K = cin_g * py.taps * px.taps, pixels = py.count * px.count;
      const float* const packed_phase = packed;  // its groups' A, one after the other
      packed += p.groups * packed_group_floats(cout_g, K);
      if (K == 0 || pixels == 0) continue;
      for (int64_t ci = 0, k = 0; ci < cin_g; ++ci)
        for (int64_t a = 0; a < py.taps; ++a)
          for (int64_t b = 0; b < px.taps; ++b) tap[k++] = ci * HWp - a * l.Wp - b;
      for (int64_t grp = 0; grp < p.groups; ++grp) {
        const float* const packed_a = packed_phase + grp * packed_group_floats(cout_g, K);
        const int64_t tiles = ceil_div(pixels, kGemmNR);
        parallel_for(p.in.N * tiles, K * cout_g * kGemmNR, [&](int64_t first, int64_t last, int thread) {
          float* const panel = panels + l.panel_floats * thread;
          for (int64_t t = first; t < last; ++t) {
            const int64_t n = t / tiles, q0 = t % tiles * kGemmNR;
            const float* in = image + (n * p.in.C + grp * cin_g) * HWp;
            float* out = output + (n * p.Cout + grp * cout_g) * OP;
            const int count = static_cast<int>(pixels - q0 < kGemmNR ? pixels - q0 : kGemmNR);
            // Pixel j (row i, column c of the phase): its tap (0, 0) input, and its output.
            int64_t src[kGemmNR], o[kGemmNR];
            for (int64_t j = 0, i = q0 / px.count, c = q0 % px.count; j < kGemmNR; ++j) {
              src[j] = (py.q0 + i + l.bh.before) * l.Wp + px.q0 + c + l.bw.before;
              o[j] = (py.o0 + i * p.SH) * p.OW + px.o0 + c * p.SW;
              if (j + 1 < count && ++c == px.count) c = 0, ++i;  // past the last pixel: repeat it
            }
            // 8 pixels in one row read 8 contiguous inputs per tap, where they lie: no panel. Otherwise each half
            // may still lie in one row (4 at the end of a row and 4 at the start of the next): two loads per tap.
            // (Of 8 distinct pixels, src increases: a span of 7 means 8 in a row.)
            const bool full = count == kGemmNR, in_place = kGemmSimd && full && src[7] - src[0] == kGemmNR - 1;
            if (!in_place && full && src[3] - src[0] == 3 && src[7] - src[4] == 3) {
              for (int64_t k = 0; k < K; ++k) {
                v4_store(panel + k * kGemmNR, v4_load(in + tap[k] + src[0]));
                v4_store(panel + k * kGemmNR + 4, v4_load(in + tap[k] + src[4]));
              }
            } else if (!in_place) {
              for (int64_t k = 0; k < K; ++k)
                for (int j = 0; j < kGemmNR; ++j) panel[k * kGemmNR + j] = in[tap[k] + src[j]];
            }
            for (int64_t m0 = 0; m0 < cout_g; m0 += kGemmMR) {
              float tile[kGemmMR * kGemmNR];
              const int mrows = static_cast<int>(cout_g - m0 < kGemmMR ? cout_g - m0 : kGemmMR);
              const float* const bias_m = bias ? bias + grp * cout_g + m0 : nullptr;
              if (in_place)
                by_rows(K, packed_a + m0 * K, in + src[0], tap, tile, kGemmNR, mrows, kGemmNR, bias_m);
              else
                from_panel(K, packed_a + m0 * K, panel, nullptr, tile, kGemmNR, mrows, kGemmNR, bias_m);
              for (int r = 0; r < mrows; ++r)
                for (int j = 0; j < count; ++j) out[(m0 + r) * OP + o[j]] = tile[r * kGemmNR + j];
            }
          }
        });
      }
    }
}

}  // namespace convlens::detail
