// A tiny 4-lane float vector: wasm_simd128 in the SIMD build, plain floats in the scalar build, so
// every fast kernel is written once and built for both. CONVLENS_ISA names the variant in kernel names.
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstdint>

#define CONVLENS_ISA "wasmsimd"

namespace convlens::detail {
using v4 = v128_t;
inline v4 v4_load(const float* p) { return wasm_v128_load(p); }
inline void v4_store(float* p, v4 v) { wasm_v128_store(p, v); }
/// Stores lanes 0 … n − 1 of v (0 <= n <= 4) and nothing past them: the tail of a row.
inline void v4_store_first(float* p, v4 v, int n) {
  alignas(16) float lanes[4];
  wasm_v128_store(lanes, v);
  for (int i = 0; i < n; ++i) p[i] = lanes[i];
}
inline v4 v4_splat(float x) { return wasm_f32x4_splat(x); }
inline v4 v4_load_splat(const float* p) { return wasm_v128_load32_splat(p); }
inline v4 v4_add(v4 a, v4 b) { return wasm_f32x4_add(a, b); }
inline v4 v4_mul(v4 a, v4 b) { return wasm_f32x4_mul(a, b); }
/// a·b + c (two instructions: wasm has no fused multiply-add outside relaxed SIMD).
inline v4 v4_madd(v4 a, v4 b, v4 c) { return wasm_f32x4_add(c, wasm_f32x4_mul(a, b)); }
/// Lane-wise maximum; NaN in either operand gives NaN, as PyTorch's max pooling does.
inline v4 v4_max(v4 a, v4 b) { return wasm_f32x4_max(a, b); }
/// a < b ? b : a, lane-wise: one instruction where v4_max takes several; equal to it without NaN.
inline v4 v4_pmax(v4 a, v4 b) { return wasm_f32x4_pmax(a, b); }
/// Whether any lane of a is NaN.
inline bool v4_any_nan(v4 a) { return wasm_v128_any_true(wasm_f32x4_ne(a, a)); }
/// Lanes 0, 2, 4, 6 of the 8 floats a:b (stride-2 gathers).
inline v4 v4_even(v4 a, v4 b) { return wasm_i32x4_shuffle(a, b, 0, 2, 4, 6); }
/// Lanes 1, 3, 5, 7 of the 8 floats a:b.
inline v4 v4_odd(v4 a, v4 b) { return wasm_i32x4_shuffle(a, b, 1, 3, 5, 7); }
/// Lanes 3, 4, 5, 6 of the 8 floats a:b: b moved up one lane, a's last lane shifted in.
inline v4 v4_shift_in(v4 a, v4 b) { return wasm_i32x4_shuffle(a, b, 3, 4, 5, 6); }
inline v4 v4_sub(v4 a, v4 b) { return wasm_f32x4_sub(a, b); }
inline v4 v4_div(v4 a, v4 b) { return wasm_f32x4_div(a, b); }
/// The correctly rounded square root, lane-wise (as std::sqrt).
inline v4 v4_sqrt(v4 a) { return wasm_f32x4_sqrt(a); }
/// The vector (a, b, c, d).
inline v4 v4_make(float a, float b, float c, float d) { return wasm_f32x4_make(a, b, c, d); }
/// Lane i of a (0 <= i < 4).
inline float v4_lane(v4 a, int i) {
  alignas(16) float lanes[4];
  wasm_v128_store(lanes, a);
  return lanes[i];
}
/// Transposes the 4×4 matrix whose rows are a, b, c, d: afterwards a holds the first lanes, b the second, ….
inline void v4_transpose(v4& a, v4& b, v4& c, v4& d) {
  const v4 ab_lo = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), ab_hi = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
  const v4 cd_lo = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), cd_hi = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7);
  a = wasm_i32x4_shuffle(ab_lo, cd_lo, 0, 1, 4, 5), b = wasm_i32x4_shuffle(ab_lo, cd_lo, 2, 3, 6, 7);
  c = wasm_i32x4_shuffle(ab_hi, cd_hi, 0, 1, 4, 5), d = wasm_i32x4_shuffle(ab_hi, cd_hi, 2, 3, 6, 7);
}
/// Per-lane choice (all bits of a lane set or clear): PyTorch's max-pool update rule and its indices.
using v4_mask = v128_t;
/// Lanes where v > best or v is NaN: where a max pool's running maximum (ties keep the first) takes v.
inline v4_mask v4_takes_over(v4 v, v4 best) { return wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v)); }
inline v4 v4_select(v4_mask m, v4 if_set, v4 if_clear) { return wasm_v128_bitselect(if_set, if_clear, m); }
/// Four int32 lanes (a max pool's indices).
using v4i = v128_t;
inline v4i v4i_splat(int32_t x) { return wasm_i32x4_splat(x); }
inline v4i v4i_select(v4_mask m, v4i if_set, v4i if_clear) { return wasm_v128_bitselect(if_set, if_clear, m); }
inline int32_t v4i_lane(v4i a, int i) {
  alignas(16) int32_t lanes[4];
  wasm_v128_store(lanes, a);
  return lanes[i];
}
}  // namespace convlens::detail

#else
#include <cmath>
#include <cstdint>

#define CONVLENS_ISA "scalar"

namespace convlens::detail {
struct v4 {
  float x[4];
};
inline v4 v4_load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void v4_store(float* p, v4 v) {
  for (int i = 0; i < 4; ++i) p[i] = v.x[i];
}
inline void v4_store_first(float* p, v4 v, int n) {
  for (int i = 0; i < n; ++i) p[i] = v.x[i];
}
inline v4 v4_splat(float x) { return {{x, x, x, x}}; }
inline v4 v4_load_splat(const float* p) { return v4_splat(*p); }
inline v4 v4_add(v4 a, v4 b) { return {{a.x[0] + b.x[0], a.x[1] + b.x[1], a.x[2] + b.x[2], a.x[3] + b.x[3]}}; }
inline v4 v4_mul(v4 a, v4 b) { return {{a.x[0] * b.x[0], a.x[1] * b.x[1], a.x[2] * b.x[2], a.x[3] * b.x[3]}}; }
inline v4 v4_madd(v4 a, v4 b, v4 c) { return v4_add(c, v4_mul(a, b)); }
inline float max_nan(float a, float b) { return std::isnan(a) ? a : std::isnan(b) ? b : (a > b ? a : b); }
inline v4 v4_max(v4 a, v4 b) {
  return {{max_nan(a.x[0], b.x[0]), max_nan(a.x[1], b.x[1]), max_nan(a.x[2], b.x[2]), max_nan(a.x[3], b.x[3])}};
}
inline v4 v4_pmax(v4 a, v4 b) {
  return {{a.x[0] < b.x[0] ? b.x[0] : a.x[0], a.x[1] < b.x[1] ? b.x[1] : a.x[1], a.x[2] < b.x[2] ? b.x[2] : a.x[2],
           a.x[3] < b.x[3] ? b.x[3] : a.x[3]}};
}
inline bool v4_any_nan(v4 a) {
  return std::isnan(a.x[0]) || std::isnan(a.x[1]) || std::isnan(a.x[2]) || std::isnan(a.x[3]);
}
inline v4 v4_even(v4 a, v4 b) { return {{a.x[0], a.x[2], b.x[0], b.x[2]}}; }
inline v4 v4_odd(v4 a, v4 b) { return {{a.x[1], a.x[3], b.x[1], b.x[3]}}; }
inline v4 v4_shift_in(v4 a, v4 b) { return {{a.x[3], b.x[0], b.x[1], b.x[2]}}; }
inline v4 v4_sub(v4 a, v4 b) { return {{a.x[0] - b.x[0], a.x[1] - b.x[1], a.x[2] - b.x[2], a.x[3] - b.x[3]}}; }
inline v4 v4_div(v4 a, v4 b) { return {{a.x[0] / b.x[0], a.x[1] / b.x[1], a.x[2] / b.x[2], a.x[3] / b.x[3]}}; }
inline v4 v4_sqrt(v4 a) { return {{std::sqrt(a.x[0]), std::sqrt(a.x[1]), std::sqrt(a.x[2]), std::sqrt(a.x[3])}}; }
inline v4 v4_make(float a, float b, float c, float d) { return {{a, b, c, d}}; }
inline float v4_lane(v4 a, int i) { return a.x[i]; }
inline void v4_transpose(v4& a, v4& b, v4& c, v4& d) {
  const v4 r[4] = {a, b, c, d};
  a = {{r[0].x[0], r[1].x[0], r[2].x[0], r[3].x[0]}}, b = {{r[0].x[1], r[1].x[1], r[2].x[1], r[3].x[1]}};
  c = {{r[0].x[2], r[1].x[2], r[2].x[2], r[3].x[2]}}, d = {{r[0].x[3], r[1].x[3], r[2].x[3], r[3].x[3]}};
}
struct v4_mask {
  bool x[4];
};
inline v4_mask v4_takes_over(v4 v, v4 best) {
  v4_mask m;
  for (int i = 0; i < 4; ++i) m.x[i] = v.x[i] > best.x[i] || std::isnan(v.x[i]);
  return m;
}
inline v4 v4_select(v4_mask m, v4 if_set, v4 if_clear) {
  v4 r;
  for (int i = 0; i < 4; ++i) r.x[i] = m.x[i] ? if_set.x[i] : if_clear.x[i];
  return r;
}
struct v4i {
  int32_t x[4];
};
inline v4i v4i_splat(int32_t x) { return {{x, x, x, x}}; }
inline v4i v4i_select(v4_mask m, v4i if_set, v4i if_clear) {
  v4i r;
  for (int i = 0; i < 4; ++i) r.x[i] = m.x[i] ? if_set.x[i] : if_clear.x[i];
  return r;
}
inline int32_t v4i_lane(v4i a, int i) { return a.x[i]; }
}  // namespace convlens::detail
#endif
