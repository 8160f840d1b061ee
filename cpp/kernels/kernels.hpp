// Compute kernels and the one list of them per op family. Kernels assume validated input (see
// cpp/plans.cpp). A kernel's function is <op>_<how> and its listed name adds the build's ISA,
// <op>_<how>_<isa>: conv2d_reference is the plain definition every faster kernel is tested against;
// conv2d_gemm_5x8 is built on vec.hpp and listed as conv2d_gemm_5x8_wasmsimd with wasm_simd128, and
// as conv2d_gemm_5x8_scalar in the scalar module.
#pragma once

#include <cstddef>
#include <vector>

#include "plans.hpp"

namespace convlens::detail {

/// A valid (no padding) convolution over an input that is already padded: [N, C, H, W] ∗
/// [Cout, C / groups, KH, KW] → [N, Cout, OH, OW].
struct ConvGeometry {
  int64_t N, C, H, W, Cout, KH, KW, SH, SW, DH, DW, groups, OH, OW;
};

/// `bias` may be null; `workspace` holds workspace_bytes(g) bytes (16-byte aligned). Workspace sizes
/// are int64 so that they cannot wrap on wasm32, where size_t has 32 bits.
/// A kernel with `pack_weight` reads its weight packed: run() takes the packed_weight_bytes(g) bytes
/// pack_weight() made from the [Cout, C / groups, KH, KW] weight (made once per weight by a layer, once per
/// call otherwise). Without it (both null), run() takes the weight as it is.
struct Conv2dKernel {
  const char* name;
  bool (*supports)(const ConvGeometry& g);
  int64_t (*workspace_bytes)(const ConvGeometry& g);
  int64_t (*packed_weight_bytes)(const ConvGeometry& g);
  void (*pack_weight)(const ConvGeometry& g, const float* weight, float* packed);
  void (*run)(const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* output,
              void* workspace);
};

/// A transposed convolution's kernel; `pack_weight` as for conv2d, from the [C, Cout / groups, KH, KW] weight.
struct ConvTranspose2dKernel {
  const char* name;
  bool (*supports)(const ConvTranspose2dPlan& p);
  int64_t (*workspace_bytes)(const ConvTranspose2dPlan& p);
  int64_t (*packed_weight_bytes)(const ConvTranspose2dPlan& p);
  void (*pack_weight)(const ConvTranspose2dPlan& p, const float* weight, float* packed);
  void (*run)(const ConvTranspose2dPlan& p, const float* input, const float* weight, const float* bias, float* output,
              void* workspace);
};

/// The weight as kernel `k` reads it, from the weight's `count` floats: a packed copy when `k` packs. For
/// the tests and benchmarks that call kernels directly (the ops pack into their scratch, layers once).
template <class Kernel, class Problem>
std::vector<float> kernel_weight(const Kernel& k, const Problem& p, const float* weight, int64_t count) {
  if (!k.pack_weight) return std::vector<float>(weight, weight + count);
  std::vector<float> packed(static_cast<size_t>(k.packed_weight_bytes(p)) / sizeof(float));
  k.pack_weight(p, weight, packed.data());
  return packed;
}

/// Max pooling without indices (with indices, max_pool2d_reference runs).
struct MaxPool2dKernel {
  const char* name;
  bool (*supports)(const Pool2dPlan& p);
  int64_t (*workspace_bytes)(const Pool2dPlan& p);
  void (*run)(const Pool2dPlan& p, const float* input, float* output, void* workspace);
};

/// Adaptive average pooling.
struct AdaptiveAvgPool2dKernel {
  const char* name;
  bool (*supports)(const AdaptivePool2dPlan& p);
  int64_t (*workspace_bytes)(const AdaptivePool2dPlan& p);
  void (*run)(const AdaptivePool2dPlan& p, const float* input, float* output, void* workspace);
};

/// Adaptive max pooling; `indices` may be null.
struct AdaptiveMaxPool2dKernel {
  const char* name;
  bool (*supports)(const AdaptivePool2dPlan& p);
  int64_t (*workspace_bytes)(const AdaptivePool2dPlan& p);
  void (*run)(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices, void* workspace);
};

/// Power-average pooling (lp_pool2d).
struct LpPool2dKernel {
  const char* name;
  bool (*supports)(const Pool2dPlan& p);
  int64_t (*workspace_bytes)(const Pool2dPlan& p);
  void (*run)(const Pool2dPlan& p, const float* input, float* output, void* workspace);
};

/// A family's kernels, preferred first; the last one is the reference: it supports everything and
/// needs no workspace. Dispatch, tests and benchmarks all read these lists.
template <class Kernel>
struct KernelList {
  const Kernel* items;
  size_t count;
  /// The first kernel that supports the problem within kMaxWorkspaceBytes of workspace (a huge
  /// kernel or padding makes the fast kernels' buffers too large; the reference then runs).
  template <class Problem>
  const Kernel& select(const Problem& p) const {
    for (size_t i = 0; i + 1 < count; ++i)
      if (items[i].supports(p) && items[i].workspace_bytes(p) <= kMaxWorkspaceBytes) return items[i];
    return items[count - 1];
  }
  /// select()'s kernel, unless the weight it packs would take more than `max_packed_bytes`: then the
  /// reference, which packs nothing (for kernels with pack_weight).
  template <class Problem>
  const Kernel& select_packed(const Problem& p, int64_t max_packed_bytes) const {
    const Kernel& k = select(p);
    return k.pack_weight && k.packed_weight_bytes(p) > max_packed_bytes ? items[count - 1] : k;
  }
};
KernelList<Conv2dKernel> conv2d_kernels();
KernelList<ConvTranspose2dKernel> conv_transpose2d_kernels();
KernelList<MaxPool2dKernel> max_pool2d_kernels();
KernelList<AdaptiveAvgPool2dKernel> adaptive_avg_pool2d_kernels();
KernelList<AdaptiveMaxPool2dKernel> adaptive_max_pool2d_kernels();
KernelList<LpPool2dKernel> lp_pool2d_kernels();

// The kernels (each file of the same name holds one).
void conv2d_reference(const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* output,
                      void* workspace);
bool conv2d_gemm_supports(const ConvGeometry& g);
int64_t conv2d_gemm_workspace(const ConvGeometry& g);
int64_t conv2d_gemm_packed_bytes(const ConvGeometry& g);
void conv2d_gemm_pack(const ConvGeometry& g, const float* weight, float* packed);
void conv2d_gemm_5x8(const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* output,
                     void* workspace);
bool conv2d_depthwise_supports(const ConvGeometry& g);
void conv2d_depthwise_u8(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                         float* output, void* workspace);
bool conv2d_depthwise_3x3_supports(const ConvGeometry& g);
void conv2d_depthwise_3x3(const ConvGeometry& g, const float* input, const float* weight, const float* bias,
                          float* output, void* workspace);
bool conv2d_direct_supports(const ConvGeometry& g);
void conv2d_direct_u4(const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* output,
                      void* workspace);

/// conv2d's grad_weight over an already padded input: [Cout, C / groups, KH, KW] = Σ over n, oy, ox of
/// grad_output[n, co, oy, ox]·input[n, c, oy·SH + ky·DH, ox·SW + kx·DW]; `workspace` holds
/// conv2d_backward_weight_workspace(g) bytes.
int64_t conv2d_backward_weight_workspace(const ConvGeometry& g);
void conv2d_backward_weight_gemm_5x8(const ConvGeometry& g, const float* input, const float* grad_output,
                                     float* grad_weight, void* workspace);

void conv_transpose2d_reference(const ConvTranspose2dPlan& p, const float* input, const float* weight,
                                const float* bias, float* output, void* workspace);
bool conv_transpose2d_phases_supports(const ConvTranspose2dPlan& p);
int64_t conv_transpose2d_phases_workspace(const ConvTranspose2dPlan& p);
int64_t conv_transpose2d_phases_packed_bytes(const ConvTranspose2dPlan& p);
void conv_transpose2d_phases_pack(const ConvTranspose2dPlan& p, const float* weight, float* packed);
void conv_transpose2d_gemm_phases_5x8(const ConvTranspose2dPlan& p, const float* input, const float* weight,
                                      const float* bias, float* output, void* workspace);
int64_t conv_transpose2d_gemm_workspace(const ConvTranspose2dPlan& p);
int64_t conv_transpose2d_gemm_packed_bytes(const ConvTranspose2dPlan& p);
void conv_transpose2d_gemm_pack(const ConvTranspose2dPlan& p, const float* weight, float* packed);
void conv_transpose2d_gemm_5x8(const ConvTranspose2dPlan& p, const float* input, const float* weight, const float* bias,
                               float* output, void* workspace);

/// `indices` may be null.
void max_pool2d_reference(const Pool2dPlan& p, const float* input, float* output, int32_t* indices);
bool max_pool2d_separable_supports(const Pool2dPlan& p);
int64_t max_pool2d_separable_workspace(const Pool2dPlan& p);
void max_pool2d_separable(const Pool2dPlan& p, const float* input, float* output, void* workspace);
/// max_pool2d's gradient: zeros, then grad_output[o] added at the plane index `indices[o]` (max_pool2d's).
void max_pool2d_backward_reference(const Pool2dPlan& p, const float* grad_output, const int32_t* indices,
                                   float* grad_input);
/// avg_pool2d's gradient: zeros, then grad_output[o] / divisor added over o's window clipped to the input.
void avg_pool2d_backward_reference(const Pool2dPlan& p, const float* grad_output, float* grad_input);
void avg_pool2d_reference(const Pool2dPlan& p, const float* input, float* output);
/// False when an index lies outside its output plane; `invalid` then holds the last such index in scan order.
bool max_unpool2d_reference(const MaxUnpool2dPlan& p, const float* input, const int32_t* indices, float* output,
                            int64_t* invalid);
void unfold_reference(const Im2colPlan& p, const float* input, float* output);
void fold_reference(const Im2colPlan& p, const float* input, float* output);
void lp_pool2d_reference(const Pool2dPlan& p, const float* input, float* output);
void adaptive_avg_pool2d_reference(const AdaptivePool2dPlan& p, const float* input, float* output);
/// `indices` may be null.
void adaptive_max_pool2d_reference(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices);
bool adaptive_avg_pool2d_global_supports(const AdaptivePool2dPlan& p);
void adaptive_avg_pool2d_global_c4(const AdaptivePool2dPlan& p, const float* input, float* output, void* workspace);
int64_t adaptive_pool2d_c4_workspace(const AdaptivePool2dPlan& p);
void adaptive_avg_pool2d_c4(const AdaptivePool2dPlan& p, const float* input, float* output, void* workspace);
/// `indices` may be null.
void adaptive_max_pool2d_c4(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices,
                            void* workspace);

}  // namespace convlens::detail
