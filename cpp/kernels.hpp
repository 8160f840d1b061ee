// Compute kernels and the one list of them. Kernels assume validated input (see shape.cpp).
// Names follow <op>__<how>: conv2d__reference is the plain scalar definition every faster kernel is
// tested against; conv2d__wasmsimd_u4 is hand-written wasm_simd128 code, 4 output columns at a time.
#pragma once

#include <cstddef>

#include "plans.hpp"

namespace convlens::detail {

/// A valid (no padding) convolution over an input that is already padded: [N, C, H, W] ∗
/// [Cout, C / groups, KH, KW] → [N, Cout, OH, OW].
struct ConvGeometry {
  int64_t N, C, H, W, Cout, KH, KW, SH, SW, DH, DW, groups, OH, OW;
};

/// `bias` may be null.
using Conv2dFn = void (*)(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                          float* output);

struct Conv2dKernel {
  const char* name;
  bool (*supports)(const ConvGeometry& g);
  Conv2dFn run;
};

/// Every conv2d kernel built into this variant, preferred first; the last is conv2d__reference,
/// which supports every geometry. Dispatch, tests and benchmarks all read this list.
const Conv2dKernel* conv2d_kernels(size_t* count);

/// The first kernel in conv2d_kernels() that supports `g`.
const Conv2dKernel& select_conv2d_kernel(const ConvGeometry& g);

void conv2d__reference(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                       float* output);
#if defined(__wasm_simd128__)
bool conv2d__wasmsimd_u4_supports(const ConvGeometry& g);
void conv2d__wasmsimd_u4(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                         float* output);
#endif

/// Gathers, for each output, the (input, weight) pairs that scatter into it.
void conv_transpose2d__reference(const ConvTranspose2dPlan& p, const float* input, const float* weight,
                                 const float* bias, float* output);
/// `indices` may be null.
void max_pool2d__reference(const Pool2dPlan& p, const float* input, float* output, int32_t* indices);
void avg_pool2d__reference(const Pool2dPlan& p, const float* input, float* output);

}  // namespace convlens::detail
