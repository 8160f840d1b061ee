// max_pool2d_rows: for each output row, the maximum over the window's input rows is taken column by
// column (vectors), into a row buffer padded with −∞ on both sides; then each output takes the
// maximum over its window's columns of that buffer (vectors for strides 1 and 2). Values only.
// Planes are pooled with the one-instruction pseudo-maximum while every input read is checked for
// NaN; a plane that had one is pooled again with the NaN-propagating maximum PyTorch's result needs.
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
// Row buffer: left padding, the input's columns, then room for ceil_mode's overhang and a vector.
int64_t row_length(const Pool2dPlan& p) {
  const int64_t windows = (p.OW - 1) * p.SW + (p.KW - 1) * p.DW + 1, padded = p.PW + p.in.W;
  return (windows > padded ? windows : padded) + 8;
}
}  // namespace

// The kernel indexes with 32-bit ints (see pool_plane): every window end must fit one with room to spare.
bool max_pool2d_rows_supports(const Pool2dPlan& p) {
  constexpr int64_t kLimit = int64_t(1) << 30;
  return (p.OH - 1) * p.SH + (p.KH - 1) * p.DH + 1 <= kLimit && (p.OW - 1) * p.SW + (p.KW - 1) * p.DW + 1 <= kLimit &&
         p.in.H * p.in.W <= kLimit && row_length(p) <= kLimit;
}

// a padded row per thread
int64_t max_pool2d_rows_workspace(const Pool2dPlan& p) {
  return row_length(p) * parallel_threads() * int64_t{sizeof(float)};
}

namespace {
// The exact, NaN-propagating maximum; `seen` is unused.
struct ExactMax {
  static v4 max(v4 a, v4 b) { return v4_max(a, b); }
  static void watch(v4, v4&) {}
};
// The pseudo-maximum, with every input it reads added into `seen`: a NaN makes the sum NaN (so
// none is missed); +∞ and −∞ in one lane do too, a false alarm that costs only the exact pass.
struct PseudoMax {
  static v4 max(v4 a, v4 b) { return v4_pmax(a, b); }
  static void watch(v4 v, v4& seen) { seen = v4_add(seen, v); }
};

// One (n, c) plane. `row` is the −∞-padded row buffer; cols = row + PW. Returns whether an input
// it read was NaN (PseudoMax only: then the plane must be pooled again with ExactMax).
template <class M>
bool pool_plane(const Pool2dPlan& p, const float* in, float* out, float* row) {
  v4 seen = v4_splat(0.0f);
  const float ninf = -std::numeric_limits<float>::infinity();
  // 32-bit indices (every size fits: the plan caps tensors at 2^28 elements): on wasm32 they index
  // memory directly, where 64-bit ones need a conversion on every access.
  const int H = static_cast<int>(p.in.H), W = static_cast<int>(p.in.W), OH = static_cast<int>(p.OH),
            OW = static_cast<int>(p.OW), SH = static_cast<int>(p.SH), SW = static_cast<int>(p.SW),
            PH = static_cast<int>(p.PH), KH = static_cast<int>(p.KH), KW = static_cast<int>(p.KW),
            DH = static_cast<int>(p.DH), DW = static_cast<int>(p.DW);
  float* cols = row + p.PW;  // cols[x] = max over the window's rows of input column x
  for (int oy = 0; oy < OH; ++oy) {
    int y = oy * SH - PH;
    const int y_end = y + (KH - 1) * DH + 1 < H ? y + (KH - 1) * DH + 1 : H;
    while (y < 0) y += DH;
    if (y >= y_end) {  // no input row in the window: ATen's result is −∞
      for (int x = 0; x < W; ++x) cols[x] = ninf;
    } else {
      const float* first = in + y * W;
      int x = 0;
      for (; x + 4 <= W; x += 4) {
        v4 m = v4_load(first + x);
        M::watch(m, seen);
        for (int yy = y + DH; yy < y_end; yy += DH) {
          const v4 v = v4_load(in + yy * W + x);
          M::watch(v, seen);
          m = M::max(m, v);
        }
        v4_store(cols + x, m);
      }
      for (; x < W; ++x) {
        v4 m = v4_splat(first[x]);
        M::watch(m, seen);
        for (int yy = y + DH; yy < y_end; yy += DH) {
          const v4 v = v4_splat(in[yy * W + x]);
          M::watch(v, seen);
          m = M::max(m, v);
        }
        v4_store_first(cols + x, m, 1);
      }
    }
    // Output ox takes row[ox·SW + kx·DW] for kx < KW.
    float* out_row = out + oy * OW;
    int ox = 0;
    if (SW == 1) {
      for (; ox + 4 <= OW; ox += 4) {
        v4 m = v4_load(row + ox);
        for (int kx = 1; kx < KW; ++kx) m = M::max(m, v4_load(row + ox + kx * DW));
        v4_store(out_row + ox, m);
      }
    } else if (SW == 2 && KW == 3 && DW == 1) {  // the common 3×3 / stride-2 window, unrolled
      for (; ox + 4 <= OW; ox += 4) {
        const float* r = row + 2 * ox;
        const v4 a = v4_load(r), b = v4_load(r + 4);
        const v4 even = v4_even(a, b), odd = v4_odd(a, b), next = v4_even(v4_load(r + 2), v4_load(r + 6));
        v4_store(out_row + ox, M::max(M::max(even, odd), next));
      }
    } else if (SW == 2) {
      for (; ox + 4 <= OW; ox += 4) {
        const float* r = row + 2 * ox;
        v4 m = v4_even(v4_load(r), v4_load(r + 4));
        for (int kx = 1; kx < KW; ++kx) m = M::max(m, v4_even(v4_load(r + kx * DW), v4_load(r + kx * DW + 4)));
        v4_store(out_row + ox, m);
      }
    }
    for (; ox < OW; ++ox) {
      v4 m = v4_splat(row[ox * SW]);
      for (int kx = 1; kx < KW; ++kx) m = M::max(m, v4_splat(row[ox * SW + kx * DW]));
      v4_store_first(out_row + ox, m, 1);
    }
  }
  return v4_any_nan(seen);
}
}  // namespace

void max_pool2d_rows(const Pool2dPlan& p, const float* input, float* output, void* workspace) {
  const int64_t len = row_length(p), plane = p.in.H * p.in.W;
  // the planes are split over the threads (parallel.hpp), each with a row of its own
  parallel_for(p.in.N * p.in.C, plane * p.KH, [&](int64_t first, int64_t last, int thread) {
    float* row = static_cast<float*>(workspace) + len * thread;
    for (int64_t i = 0; i < len; ++i) row[i] = -std::numeric_limits<float>::infinity();
    for (int64_t c = first; c < last; ++c) {
      const float* in = input + c * plane;
      float* out = output + c * p.OH * p.OW;
      if (pool_plane<PseudoMax>(p, in, out, row)) pool_plane<ExactMax>(p, in, out, row);
    }
  });
}

}  // namespace convlens::detail
