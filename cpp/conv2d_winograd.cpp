// conv2d__winograd_2x2_3x3: Winograd's F(2×2, 3×3) for 3×3, stride-1, undilated convolutions.
// Each 4×4 input tile d and 3×3 kernel g become V = Bᵀ·d·B and U = G·g·Gᵀ; the 16 elementwise
// products summed over input channels are 16 GEMMs (one per tile element, 8 tiles a panel); the
// output tile is Aᵀ·M·A. 16 multiplies per 2×2 outputs instead of 36. Transforms are exact
// additions and halvings, so results stay within float rounding of the direct sum.
#include "gemm.hpp"
#include "kernels.hpp"
#include "vec.hpp"

namespace convlens::detail {

namespace {
constexpr int kTileElems = 16;
int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

struct Workspace {
  float* u;       // 16 × ⌈cout/4⌉·4 × cin: transformed weights, packed per element
  float* panels;  // 16 × cin × 8: transformed input tiles, per element
  float* m;       // 16 × ⌈cout/4⌉·4 × 8: GEMM results
};
Workspace carve(int64_t cin, int64_t cout, void* ws) {
  float* f = static_cast<float*>(ws);
  const int64_t cout4 = round_up(cout, kGemmMR);
  return {f, f + kTileElems * cout4 * cin, f + kTileElems * cout4 * cin + kTileElems * cin * kGemmNR};
}

// V = Bᵀ·d·B of one tile row set: d[r][c] holds (for 4 tiles at once) input row r, column c.
void input_transform(const v4 d[4][4], v4 v[kTileElems]) {
  v4 s[4][4];
  for (int c = 0; c < 4; ++c) {
    s[0][c] = v4_sub(d[0][c], d[2][c]);
    s[1][c] = v4_add(d[1][c], d[2][c]);
    s[2][c] = v4_sub(d[2][c], d[1][c]);
    s[3][c] = v4_sub(d[1][c], d[3][c]);
  }
  for (int r = 0; r < 4; ++r) {
    v[r * 4 + 0] = v4_sub(s[r][0], s[r][2]);
    v[r * 4 + 1] = v4_add(s[r][1], s[r][2]);
    v[r * 4 + 2] = v4_sub(s[r][2], s[r][1]);
    v[r * 4 + 3] = v4_sub(s[r][1], s[r][3]);
  }
}
}  // namespace

bool conv2d__winograd_supports(const ConvGeometry& g) {
  return g.KH == 3 && g.KW == 3 && g.SH == 1 && g.SW == 1 && g.DH == 1 && g.DW == 1 && g.groups == 1 &&
         g.C >= 8 && g.Cout >= 8;
}

size_t conv2d__winograd_workspace(const ConvGeometry& g) {
  const int64_t cout4 = round_up(g.Cout, kGemmMR);
  return static_cast<size_t>(kTileElems * (cout4 * g.C + g.C * kGemmNR + cout4 * kGemmNR)) * sizeof(float);
}

void conv2d__winograd_2x2_3x3(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                              float* output, void* workspace) {
  const int64_t cin = g.C, cout = g.Cout, cout4 = round_up(cout, kGemmMR), H = g.H, W = g.W, OH = g.OH, OW = g.OW;
  const Workspace ws = carve(cin, cout, workspace);
  // U = G·g·Gᵀ with G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]], packed as GEMM A panels per element.
  for (int64_t co = 0; co < cout4; ++co)
    for (int64_t ci = 0; ci < cin; ++ci) {
      float u[kTileElems] = {};
      if (co < cout) {
        const float* k = weight + (co * cin + ci) * 9;
        float t[4][3];
        for (int c = 0; c < 3; ++c) {
          t[0][c] = k[c];
          t[1][c] = 0.5f * (k[c] + k[3 + c] + k[6 + c]);
          t[2][c] = 0.5f * (k[c] - k[3 + c] + k[6 + c]);
          t[3][c] = k[6 + c];
        }
        for (int r = 0; r < 4; ++r) {
          u[r * 4 + 0] = t[r][0];
          u[r * 4 + 1] = 0.5f * (t[r][0] + t[r][1] + t[r][2]);
          u[r * 4 + 2] = 0.5f * (t[r][0] - t[r][1] + t[r][2]);
          u[r * 4 + 3] = t[r][2];
        }
      }
      // Panel layout of gemm_pack_a: element e, block co/4, then [ci][co % 4].
      for (int e = 0; e < kTileElems; ++e)
        ws.u[e * cout4 * cin + (co / kGemmMR) * kGemmMR * cin + ci * kGemmMR + co % kGemmMR] = u[e];
    }
  const int64_t TH = (OH + 1) / 2, TW = (OW + 1) / 2, tiles = TH * TW;
  for (int64_t n = 0; n < g.N; ++n) {
    const float* in = input + n * cin * H * W;
    float* out = output + n * cout * OH * OW;
    for (int64_t t0 = 0; t0 < tiles; t0 += kGemmNR) {
      const int count = static_cast<int>(tiles - t0 < kGemmNR ? tiles - t0 : kGemmNR);
      const int64_t ty0 = t0 / TW, tx0 = t0 % TW;
      // 8 tiles of one tile row whose 4×4 inputs all lie inside the padded input: vector gathers.
      const bool fast = count == kGemmNR && tx0 + kGemmNR <= TW && 2 * ty0 + 4 <= H && 2 * (tx0 + kGemmNR) + 2 <= W;
      for (int64_t ci = 0; ci < cin; ++ci) {
        const float* plane = in + ci * H * W;
        for (int half = 0; half < 2; ++half) {
          v4 d[4][4], v[kTileElems];
          if (fast) {
            const float* p = plane + 2 * ty0 * W + 2 * (tx0 + 4 * half);
            for (int r = 0; r < 4; ++r, p += W) {
              const v4 a = v4_load(p), b = v4_load(p + 4), c = v4_load(p + 2), e = v4_load(p + 6);
              d[r][0] = v4_even(a, b), d[r][1] = v4_odd(a, b), d[r][2] = v4_even(c, e), d[r][3] = v4_odd(c, e);
            }
          } else {  // bounds-checked: tiles past the end, or reaching past the padded input, read zeros
            float lanes[4][4][4];
            for (int l = 0; l < 4; ++l) {
              const int64_t t = t0 + 4 * half + l, ty = t / TW, tx = t % TW;
              for (int r = 0; r < 4; ++r)
                for (int c = 0; c < 4; ++c) {
                  const int64_t y = 2 * ty + r, x = 2 * tx + c;
                  lanes[r][c][l] = t < tiles && y < H && x < W ? plane[y * W + x] : 0.0f;
                }
            }
            for (int r = 0; r < 4; ++r)
              for (int c = 0; c < 4; ++c) d[r][c] = v4_load(lanes[r][c]);
          }
          input_transform(d, v);
          for (int e = 0; e < kTileElems; ++e) v4_store(ws.panels + (e * cin + ci) * kGemmNR + 4 * half, v[e]);
        }
      }
      for (int e = 0; e < kTileElems; ++e)
        for (int64_t m0 = 0; m0 < cout; m0 += kGemmMR)
          gemm_4x8(cin, ws.u + e * cout4 * cin + m0 * cin, ws.panels + e * cin * kGemmNR,
                   ws.m + (e * cout4 + m0) * kGemmNR, kGemmNR, kGemmMR, kGemmNR, nullptr);
      // Y = Aᵀ·M·A with Aᵀ = [[1,1,1,0],[0,1,−1,−1]], 4 tiles at a time, plus bias.
      for (int64_t co = 0; co < cout; ++co) {
        const v4 b = v4_splat(bias ? bias[co] : 0.0f);
        for (int half = 0; half < 2; ++half) {
          v4 m[kTileElems];
          for (int e = 0; e < kTileElems; ++e) m[e] = v4_load(ws.m + (e * cout4 + co) * kGemmNR + 4 * half);
          v4 t[2][4];
          for (int c = 0; c < 4; ++c) {
            t[0][c] = v4_add(v4_add(m[c], m[4 + c]), m[8 + c]);
            t[1][c] = v4_sub(v4_sub(m[4 + c], m[8 + c]), m[12 + c]);
          }
          float y[2][2][4];
          for (int r = 0; r < 2; ++r) {
            v4_store(y[r][0], v4_add(v4_add(v4_add(t[r][0], t[r][1]), t[r][2]), b));
            v4_store(y[r][1], v4_add(v4_sub(v4_sub(t[r][1], t[r][2]), t[r][3]), b));
          }
          for (int l = 0; l < 4; ++l) {
            const int64_t t_index = t0 + 4 * half + l;
            if (t_index >= tiles) break;
            const int64_t oy = 2 * (t_index / TW), ox = 2 * (t_index % TW);
            float* o = out + (co * OH + oy) * OW + ox;
            const bool right = ox + 1 < OW, below = oy + 1 < OH;
            o[0] = y[0][0][l];
            if (right) o[1] = y[0][1][l];
            if (below) o[OW] = y[1][0][l];
            if (right && below) o[OW + 1] = y[1][1][l];
          }
        }
      }
    }
  }
}

}  // namespace convlens::detail
