// max_pool2d_separable: a window's maximum is the maximum over its rows of each row's maximum over the
// window's columns, taken in PyTorch's window order (row by row, the first of equal values winning, so
// −0 before +0 gives −0). Each input row's horizontal maxima (an "h row" of OW values) are computed once
// into a ring of h rows, which output rows share (3×3 windows of stride 2 share one input row), and
// each output row is the maximum over its window's h rows. Values only.
// Planes are pooled with the one-instruction pseudo-maximum, a < b ? b : a (the first of equal values
// wins, as in ATen, but a NaN in b is lost), while every input read is summed: a NaN makes the sum NaN,
// so none is missed. A plane whose sum is NaN is pooled again by max_pool2d_reference, which propagates
// it; +∞ and −∞ in one lane, or finite values whose sums overflow to both, raise the same alarm, which
// costs only that slower pass.
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
// Ring of h rows: as many as one window's rows span (at most H, at least the 3 of pool_plane_stride2),
// each OW floats rounded up to a vector.
int64_t ring_rows(const Pool2dPlan& p) {
  const int64_t span = (p.KH - 1) * p.DH + 1;
  const int64_t rows = span < p.in.H ? span : p.in.H;
  return rows > 3 ? rows : 3;
}
int64_t h_row_length(const Pool2dPlan& p) { return (p.OW + 3) / 4 * 4; }
// Per thread: the ring, one row of −∞ (the rows a window lacks), then the ring's row tags.
int64_t thread_floats(const Pool2dPlan& p) { return (ring_rows(p) + 1) * h_row_length(p) + ring_rows(p); }
// Floats from one thread's ring to the next: whole cache lines and a gap of two, so that no line (nor a
// prefetched pair) is written by two threads.
int64_t thread_stride(const Pool2dPlan& p) { return (thread_floats(p) + 15) / 16 * 16 + 32; }
}  // namespace

// The kernel indexes with 32-bit ints (see Geometry): every window end must fit one with room to spare.
bool max_pool2d_separable_supports(const Pool2dPlan& p) {
  constexpr int64_t kLimit = int64_t(1) << 30;
  return (p.OH - 1) * p.SH + (p.KH - 1) * p.DH + 1 <= kLimit && (p.OW - 1) * p.SW + (p.KW - 1) * p.DW + 1 <= kLimit &&
         p.in.H * p.in.W <= kLimit && thread_floats(p) <= kLimit / kMaxThreads;
}

int64_t max_pool2d_separable_workspace(const Pool2dPlan& p) {
  return thread_stride(p) * parallel_threads() * int64_t{sizeof(float)};
}

namespace {
// 32-bit sizes (the plan caps tensors at 2^28 elements): on wasm32 they index memory directly, where
// 64-bit ones need a conversion on every access. Derived once per call: divisions cost as much as
// a row's worth of maxima.
struct Geometry {
  int H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW;
  int lo, hi;               // outputs [lo, hi) have their windows' columns inside the row (see row_maxima)
  int rows, len, dh_slots;  // the ring: rows of len floats; DH mod rows
  explicit Geometry(const Pool2dPlan& p)
      : H(static_cast<int>(p.in.H)),
        W(static_cast<int>(p.in.W)),
        OH(static_cast<int>(p.OH)),
        OW(static_cast<int>(p.OW)),
        KH(static_cast<int>(p.KH)),
        KW(static_cast<int>(p.KW)),
        SH(static_cast<int>(p.SH)),
        SW(static_cast<int>(p.SW)),
        PH(static_cast<int>(p.PH)),
        PW(static_cast<int>(p.PW)),
        DH(static_cast<int>(p.DH)),
        DW(static_cast<int>(p.DW)),
        rows(static_cast<int>(ring_rows(p))),
        len(static_cast<int>(h_row_length(p))) {
    const int span = (KW - 1) * DW + 1;
    lo = (PW + SW - 1) / SW < OW ? (PW + SW - 1) / SW : OW;
    hi = W - span + PW >= 0 ? (W - span + PW) / SW + 1 : 0;
    hi = hi < lo ? lo : hi > OW ? OW : hi;
    if (SW == 2 && DW == 1 && KW == 3) lo = 0;  // a padding of 1 is the −∞ row_maxima shifts in
    dh_slots = DH % rows;
  }
};

// h[ox] for one output column ox of input row x: the maximum over its window's columns inside the row;
// its reads are added into `seen`.
void window_maximum(const Geometry& g, const float* x, float* h, int ox, v4& seen) {
  int c = ox * g.SW - g.PW;
  const int end = c + (g.KW - 1) * g.DW + 1 < g.W ? c + (g.KW - 1) * g.DW + 1 : g.W;
  while (c < 0) c += g.DW;
  v4 m = v4_splat(-std::numeric_limits<float>::infinity());  // also ATen's result for an empty window
  for (; c < end; c += g.DW) {
    const v4 v = v4_load_splat(x + c);
    seen = v4_add(seen, v);
    m = v4_pmax(m, v);
  }
  v4_store_first(h + ox, m, 1);
}

// The h row of input row x; returns `seen` with the row's reads added. Outputs whose windows lie inside
// the row go four at a time (the common strides and windows on vectors straight from the row), the
// others one by one.
v4 row_maxima(const Geometry& g, const float* x, float* h, v4 seen) {
  const int lo = g.lo, hi = g.hi;
  for (int ox = 0; ox < lo; ++ox) window_maximum(g, x, h, ox, seen);
  int ox = lo;
  const float* first = x + lo * g.SW - g.PW;  // the first column of output lo's window
  if (g.SW == 2 && g.DW == 1 && g.KW == 3) {
    // windows (p, e, o) with p the previous window's o: the vector of o shifted by one lane
    v4 o_prev = v4_splat(-std::numeric_limits<float>::infinity());
    if (g.PW == 0) {
      o_prev = v4_load_splat(x);
      seen = v4_add(seen, o_prev);
    }
    // four outputs from the 8 floats at r; returns those floats' sum, for `seen`
    const auto four = [&](const float* r, float* to) {
      const v4 a = v4_load(r), b = v4_load(r + 4);
      const v4 e = v4_even(a, b), o = v4_odd(a, b);
      v4_store(to, v4_pmax(v4_pmax(v4_shift_in(o_prev, o), e), o));
      o_prev = o;
      return v4_add(a, b);
    };
    const float* r = x + 1 - g.PW;
    for (; ox + 8 <= hi; ox += 8, r += 16) {
      const v4 sum = four(r, h + ox);
      seen = v4_add(seen, v4_add(sum, four(r + 8, h + ox + 4)));
    }
    if (ox + 4 <= hi) seen = v4_add(seen, four(r, h + ox)), ox += 4;
  } else if (g.SW == 2 && g.DW == 1 && g.KW == 2) {
    for (const float* r = first; ox + 4 <= hi; ox += 4, r += 8) {
      const v4 a = v4_load(r), b = v4_load(r + 4);
      seen = v4_add(seen, v4_add(a, b));
      v4_store(h + ox, v4_pmax(v4_even(a, b), v4_odd(a, b)));
    }
  } else if (g.SW == 1) {
    for (const float* r = first; ox + 4 <= hi; ox += 4, r += 4) {
      v4 m = v4_load(r);
      seen = v4_add(seen, m);
      for (int kx = 1; kx < g.KW; ++kx) {
        const v4 v = v4_load(r + kx * g.DW);
        seen = v4_add(seen, v);
        m = v4_pmax(m, v);
      }
      v4_store(h + ox, m);
    }
  }
  for (; ox < g.OW; ++ox) window_maximum(g, x, h, ox, seen);
  return seen;
}

// out_row = the maximum over rows a, b, c (in that order) of h rows.
void fold_rows(const Geometry& g, const float* a, const float* b, const float* c, float* out_row) {
  const auto four = [&](int ox) {
    v4_store(out_row + ox, v4_pmax(v4_pmax(v4_load(a + ox), v4_load(b + ox)), v4_load(c + ox)));
  };
  int ox = 0;
  for (; ox + 8 <= g.OW; ox += 8) four(ox), four(ox + 4);
  if (ox + 4 <= g.OW) four(ox), ox += 4;
  for (; ox < g.OW; ++ox)
    v4_store_first(out_row + ox, v4_pmax(v4_pmax(v4_load_splat(a + ox), v4_load_splat(b + ox)), v4_load_splat(c + ox)),
                   1);
}

// One (n, c) plane, for the common windows: 2 or 3 rows, stride 2, rows 2·oy − PH + (0, 1, 2), the
// third shared with the next window. `ring` holds g.rows ≥ 3 h rows of g.len floats, then a row of −∞
// (for rows outside the input). Returns whether the sum of its reads was NaN. Rows are computed at one
// call site, into three buffers that rotate, so that row_maxima is inlined here: as a call per row it
// made the plane a quarter slower, and per-row bookkeeping through arrays another tenth.
bool pool_plane_stride2(const Geometry& g, const float* in, float* out, float* ring) {
  v4 seen = v4_splat(0.0f);
  const float* none = ring + g.rows * g.len;
  float *b0 = ring, *b1 = ring + g.len, *b2 = ring + 2 * g.len;  // b0: the next row's buffer
  const float *r0 = none, *r1 = none, *r2 = none;                // the last three h rows, in order
  for (int oy = 0; oy < g.OH; ++oy) {
    const int y_first = 2 * oy - g.PH, y_last = y_first + g.KH - 1;
    for (int y = oy > 0 && g.KH == 3 ? y_last - 1 : y_first; y <= y_last; ++y) {
      const float* r = none;
      if (y >= 0 && y < g.H) seen = row_maxima(g, in + y * g.W, b0, seen), r = b0;
      float* t = b0;
      b0 = b1, b1 = b2, b2 = t;
      r0 = r1, r1 = r2, r2 = r;
    }
    if (g.KH == 3) {
      fold_rows(g, r0, r1, r2, out + oy * g.OW);
    } else {
      fold_rows(g, r1, r2, none, out + oy * g.OW);
    }
  }
  return v4_any_nan(seen);
}

// One (n, c) plane, any window: as pool_plane_stride2, with the ring's rows tagged with the input row
// they hold (after the row of −∞), so that each input row's h row is computed once per plane.
bool pool_plane_ring(const Geometry& g, const float* in, float* out, float* ring) {
  v4 seen = v4_splat(0.0f);
  const float* none = ring + g.rows * g.len;
  int* tag = reinterpret_cast<int*>(ring + (g.rows + 1) * g.len);
  for (int i = 0; i < g.rows; ++i) tag[i] = -1;
  for (int oy = 0; oy < g.OH; ++oy) {
    int y = oy * g.SH - g.PH;
    const int y_end = y + (g.KH - 1) * g.DH + 1 < g.H ? y + (g.KH - 1) * g.DH + 1 : g.H;
    while (y < 0) y += g.DH;
    // the window's rows y, y + DH, … < y_end sit in ring rows slot, slot + DH, … (mod rows)
    const int first_slot = y < y_end ? y % g.rows : 0;
    for (int yy = y, slot = first_slot; yy < y_end; yy += g.DH) {
      if (tag[slot] != yy) {
        seen = row_maxima(g, in + yy * g.W, ring + slot * g.len, seen);
        tag[slot] = yy;
      }
      slot += g.dh_slots;
      if (slot >= g.rows) slot -= g.rows;
    }
    // the output row: the maximum over the window's h rows, three at a time (−∞ rows fill a short chunk)
    float* out_row = out + oy * g.OW;
    int slot = first_slot;
    const auto next_row = [&] {
      const float* r = y < y_end ? ring + slot * g.len : none;
      y += g.DH;
      slot += g.dh_slots;
      if (slot >= g.rows) slot -= g.rows;
      return r;
    };
    const float* a = next_row();
    for (;;) {
      const float* b = next_row();
      fold_rows(g, a, b, next_row(), out_row);
      if (y >= y_end) break;
      a = out_row;
    }
  }
  return v4_any_nan(seen);
}
}  // namespace

void max_pool2d_separable(const Pool2dPlan& p, const float* input, float* output, void* workspace) {
  const Geometry g(p);
  Pool2dPlan one_plane = p;
  one_plane.in.N = one_plane.in.C = 1;
  const int64_t plane = p.in.H * p.in.W, per_thread = thread_stride(p);
  // The planes are split over the threads (parallel.hpp), each with a ring of its own. An input element
  // costs about an eighth of a multiply-add here: W6's 64 planes of 112² (0.2 ms) measured 0.45× on two
  // threads, so that size stays on one.
  parallel_for(p.in.N * p.in.C, plane / 8, [&](int64_t first, int64_t last, int thread) {
    float* ring = static_cast<float*>(workspace) + per_thread * thread;
    for (int64_t i = 0; i < (g.rows + 1) * int64_t{g.len}; ++i) ring[i] = -std::numeric_limits<float>::infinity();
    for (int64_t c = first; c < last; ++c) {
      const float* in = input + c * plane;
      float* out = output + c * p.OH * p.OW;
      const bool stride2 = g.SH == 2 && g.DH == 1 && (g.KH == 2 || g.KH == 3);
      const bool nan = stride2 ? pool_plane_stride2(g, in, out, ring) : pool_plane_ring(g, in, out, ring);
      if (nan) max_pool2d_reference(one_plane, in, out, nullptr);
    }
  });
}

}  // namespace convlens::detail
