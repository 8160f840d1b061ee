// A tiny 4-lane float vector: wasm_simd128 in the SIMD build, plain floats in the scalar build, so
// every fast kernel is written once and built for both. CONVLENS_ISA names the variant in kernel names.
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

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
inline v4 v4_sub(v4 a, v4 b) { return wasm_f32x4_sub(a, b); }
}  // namespace convlens::detail

#else
#include <cmath>

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
inline v4 v4_sub(v4 a, v4 b) { return {{a.x[0] - b.x[0], a.x[1] - b.x[1], a.x[2] - b.x[2], a.x[3] - b.x[3]}}; }
}  // namespace convlens::detail
#endif
