// conv2d_gemm_5x8: per group, output[Cout/g × pixels] = weight[Cout/g × K] · columns[K × pixels]
// (K = C/g·KH·KW). The weight comes packed in 5-row panels and up to four 4-row ones, or only in 4-row ones where
// those take as many tiles (conv2d_gemm_pack: once per weight); the columns are gathered 8 pixels at a time into a
// K × 8 panel that stays in L1 while every tile of the weights passes over it. The 8-pixel tiles of all images are
// split over the threads (parallel.hpp), each with a panel of its own, apart from the others' cache lines.
#include "kernels/gemm.hpp"
#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
// Floats between two threads' panels, and after the offset table: at least two cache lines, so that no
// line (nor a prefetched pair) is written by one thread while another reads or writes it.
constexpr int64_t kThreadGap = 32;

struct Workspace {        // carved out of the caller's buffer, in this order (all but the panels read by every thread)
  int64_t* offset;        // K: input offset of each (ci, ky, kx) from a window's top-left
  int64_t* panel_rows;    // K: 8·k, the offset of a panel's row k
  int64_t* split_offset;  // K: offset of each (ci, ky, kx) in the split input
  float* split;           // the split input (see splits()), then kThreadGap; or nothing
  float* panels;          // per thread: a K·8 panel, then kThreadGap
};
int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
int64_t depth(const ConvGeometry& g) { return (g.C / g.groups) * g.KH * g.KW; }
int64_t thread_stride(const ConvGeometry& g) { return round_up(depth(g) * kGemmNR, 16) + kThreadGap; }
// Bytes of the three tables, then the gap that keeps them off what follows.
int64_t offset_bytes(const ConvGeometry& g) {
  return round_up(3 * depth(g) * int64_t{sizeof(int64_t)}, 16) + kThreadGap * int64_t{sizeof(float)};
}
// Rows of the weight per tile, and floats of one group's packed weight.
int rows_per_tile(const ConvGeometry& g) { return gemm_rows_per_tile(g.Cout / g.groups, depth(g)); }
int64_t packed_group(const ConvGeometry& g) { return round_up(g.Cout / g.groups, rows_per_tile(g)) * depth(g); }
// Of 5-row tiles' weights, the first rows run in 5-row tiles and the rest in as many 4-row tiles (0 to 4) as make
// every tile whole: M = 5·q + 4·f. A 5-row tile with empty rows takes as long as a full one, a 4-row tile about 4/5
// of that (W2: 64 = 12·5 + 4, 2 % faster than 13 tiles of 5; W4: 256 = 48·5 + 4·4). Wherever 5-row tiles are
// chosen, M ≥ 4·f (gemm_rows_per_tile takes 4-row tiles for M = 6, 11 and 16).
int64_t rows_in_5_row_tiles(const ConvGeometry& g) {
  const int64_t M = g.Cout / g.groups;
  return rows_per_tile(g) == kGemmMR ? M - 4 * (4 * (M % 5) % 5) : 0;
}
// Stride 2 along rows, on 4-row tiles (W1): the input is first copied with each row's even columns, then its odd
// ones, so that 8 pixels of an output row read 8 contiguous floats per (ci, ky, kx), where they lie, as at
// stride 1 (W1 1.07× faster than gathering a panel of even lanes for every 8 pixels). One image of one
// group, as ops.cpp runs the kernel.
bool splits(const ConvGeometry& g) {
  return kGemmSimd && g.SW == 2 && g.N == 1 && g.groups == 1 && g.OW >= kGemmNR && rows_per_tile(g) == 4;
}
int64_t split_floats(const ConvGeometry& g) { return splits(g) ? round_up(g.C * g.H * g.W, 16) + kThreadGap : 0; }
// Row k of the panel: the 8 floats at base + offset[k], or at stride 2 the even lanes of the 16 there. The
// arguments are locals: a vector store may write any memory, so a loop that read ws.offset or K through the
// caller's lambda captures loaded them again at every step (W2's gather ran at half this rate).
template <int stride>
void gather_panel(const float* base, const int64_t* offset, int64_t K, float* panel) {
#pragma clang loop unroll(disable)  // unrolled: as fast, and a hundred bytes more
  for (const int64_t* const end = offset + K; offset != end; ++offset, panel += kGemmNR) {
    const float* const src = base + *offset;
    const v4 lo = stride == 1 ? v4_load(src) : v4_even(v4_load(src), v4_load(src + 4));
    const v4 hi = stride == 1 ? v4_load(src + 4) : v4_even(v4_load(src + 8), v4_load(src + 12));
    v4_store(panel, lo);  // both loaded before either store, which may alias them
    v4_store(panel + 4, hi);
  }
}
Workspace carve(const ConvGeometry& g, void* ws) {
  char* const bytes = static_cast<char*>(ws);
  int64_t* const offset = reinterpret_cast<int64_t*>(bytes);
  float* const split = reinterpret_cast<float*>(bytes + offset_bytes(g));
  return {offset, offset + depth(g), offset + 2 * depth(g), split, split + split_floats(g)};
}
}  // namespace

bool conv2d_gemm_supports(const ConvGeometry&) { return true; }

int64_t conv2d_gemm_workspace(const ConvGeometry& g) {
  return offset_bytes(g) + (split_floats(g) + thread_stride(g) * parallel_threads()) * int64_t{sizeof(float)};
}

int64_t conv2d_gemm_packed_bytes(const ConvGeometry& g) { return g.groups * packed_group(g) * int64_t{sizeof(float)}; }

void conv2d_gemm_pack(const ConvGeometry& g, const float* weight, float* packed) {
  const int64_t cout_g = g.Cout / g.groups, K = depth(g);
  const int64_t five = rows_in_5_row_tiles(g);
  for (int64_t grp = 0; grp < g.groups; ++grp) {
    const float* const a = weight + grp * cout_g * K;
    float* const p = packed + grp * packed_group(g);
    gemm_pack_a(a, five, K, K, 1, kGemmMR, p);
    gemm_pack_a(a + five * K, cout_g - five, K, K, 1, 4, p + five * K);
  }
}

void conv2d_gemm_5x8(const ConvGeometry& g, const float* input, const float* packed, const float* bias, float* output,
                     void* workspace) {
  const int64_t cin_g = g.C / g.groups, cout_g = g.Cout / g.groups, K = cin_g * g.KH * g.KW, P = g.OH * g.OW;
  const Workspace ws = carve(g, workspace);
  const int mr = rows_per_tile(g);
  const int64_t five = rows_in_5_row_tiles(g);
  // With few tiles of weights per panel (W8: 16 channels, four 4-row tiles) gathering the panel costs more
  // than reading the windows of stride-1 rows in place (measured 1.18× on W8; the scalar build, slower
  // that way, keeps the panel).
  const bool in_place = kGemmSimd && mr == 4 && cout_g <= 4 * mr;
  const GemmTile tile_5x8 = gemm_5x8_tile<false>();
  const bool split = splits(g);
  const int64_t E = (g.W + 1) / 2;  // the split input's rows: even columns x at x / 2, odd ones at E + x / 2
  for (int64_t ci = 0, k = 0; ci < cin_g; ++ci)
    for (int64_t ky = 0; ky < g.KH; ++ky)
      for (int64_t kx = 0, row = (ci * g.H + ky * g.DH) * g.W; kx < g.KW; ++kx, ++k) {
        const int64_t dx = kx * g.DW;
        ws.offset[k] = row + dx;
        ws.panel_rows[k] = k * kGemmNR;
        if (split) ws.split_offset[k] = row + (dx & 1) * E + (dx >> 1);
      }
  if (split) {
    for (int64_t row = 0; row < g.C * g.H; ++row) {
      const float* src = input + row * g.W;
      float *even = ws.split + row * g.W, *odd = even + E;
      int64_t x = 0;
      for (; x + kGemmNR <= g.W; x += kGemmNR) {
        const v4 lo = v4_load(src + x), hi = v4_load(src + x + 4);
        v4_store(even + x / 2, v4_even(lo, hi));
        v4_store(odd + x / 2, v4_odd(lo, hi));
      }
      for (; x < g.W; ++x) (x % 2 ? odd : even)[x / 2] = src[x];
    }
  }
  for (int64_t grp = 0; grp < g.groups; ++grp) {
    const float* const packed_a = packed + grp * packed_group(g);
    const int64_t tiles = (P + kGemmNR - 1) / kGemmNR;
    parallel_for(g.N * tiles, K * cout_g * kGemmNR, [&](int64_t first, int64_t last, int thread) {
      float* const panel = ws.panels + thread_stride(g) * thread;
      for (int64_t t = first; t < last; ++t) {
        const int64_t n = t / tiles, p0 = t % tiles * kGemmNR;
        const float* in = input + (n * g.C + grp * cin_g) * g.H * g.W;
        float* out = output + (n * g.Cout + grp * cout_g) * P;
        const int cols = static_cast<int>(P - p0 < kGemmNR ? P - p0 : kGemmNR);
        const int64_t oy0 = p0 / g.OW, ox0 = p0 % g.OW;
        // 8 pixels of one output row read 8 contiguous inputs per (ci, ky, kx); so do any 8 pixels when
        // the output is as wide as the input at unit strides (1×k kernels: every 1×1 convolution).
        const bool flat = g.SH == 1 && g.SW == 1 && g.W == g.OW;
        const float* b = panel;  // row k of B (4-row tiles): b + b_rows[k]
        const int64_t* b_rows = ws.panel_rows;
        if (cols == kGemmNR && g.SW == 1 && (flat || ox0 + kGemmNR <= g.OW)) {
          const float* base = in + oy0 * g.SH * g.W + ox0;
          if (in_place) {  // the windows read where they lie, with no panel
            b = base, b_rows = ws.offset;
          } else {
            gather_panel<1>(base, ws.offset, K, panel);
          }
        } else if (split && cols == kGemmNR && ox0 + kGemmNR <= g.OW) {  // 8 pixels of a row, in place
          b = ws.split + oy0 * g.SH * g.W + ox0, b_rows = ws.split_offset;
        } else if (cols == kGemmNR && g.SW == 2 && ox0 + kGemmNR <= g.OW &&
                   2 * (ox0 + kGemmNR) + (g.KW - 1) * g.DW <= g.W) {
          // Stride 2: the even lanes of 16 contiguous inputs (the 16th still inside the row).
          const float* base = in + oy0 * g.SH * g.W + 2 * ox0;
          gather_panel<2>(base, ws.offset, K, panel);
        } else {
          int64_t base[kGemmNR];
          for (int j = 0; j < kGemmNR; ++j) {
            const int64_t p = p0 + (j < cols ? j : 0);
            base[j] = (p / g.OW) * g.SH * g.W + (p % g.OW) * g.SW;
          }
          for (int64_t k = 0; k < K; ++k)
            for (int j = 0; j < kGemmNR; ++j) panel[k * kGemmNR + j] = in[base[j] + ws.offset[k]];
        }
        for (int64_t m0 = 0; m0 < cout_g; m0 += m0 < five ? kGemmMR : 4) {
          const float* const bias_m = bias ? bias + grp * cout_g + m0 : nullptr;
          if (m0 < five) {
            tile_5x8(K, packed_a + m0 * K, panel, nullptr, out + m0 * P + p0, P, kGemmMR, cols, bias_m);
          } else {
            const int rows = static_cast<int>(cout_g - m0 < 4 ? cout_g - m0 : 4);
            gemm_tile<4, true>(K, packed_a + m0 * K, b, b_rows, out + m0 * P + p0, P, rows, cols, bias_m);
          }
        }
      }
    });
  }
}

}  // namespace convlens::detail
