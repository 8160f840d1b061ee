// The one list of kernels per op family, preferred first. A kernel listed here is dispatched,
// tested against the reference (tests/cpp/test_kernels.cpp) and benchmarked.
#include "kernels/kernels.hpp"
#include "kernels/vec.hpp"

namespace convlens::detail {

namespace {
template <class P>
bool always(const P&) {
  return true;
}
template <class P>
int64_t no_workspace(const P&) {
  return 0;
}
// Small problems are faster without GEMM packing (and the playground's are all small).
bool conv2d_direct_preferred(const ConvGeometry& g) {
  return conv2d_direct_supports(g) && (g.C / g.groups) * g.KH * g.KW * (g.Cout / g.groups) <= 64;
}

const Conv2dKernel kConv2d[] = {
    {"conv2d_depthwise_3x3_" CONVLENS_ISA, conv2d_depthwise_3x3_supports, no_workspace<ConvGeometry>, nullptr, nullptr,
     conv2d_depthwise_3x3},
    {"conv2d_depthwise_u8_" CONVLENS_ISA, conv2d_depthwise_supports, no_workspace<ConvGeometry>, nullptr, nullptr,
     conv2d_depthwise_u8},
    {"conv2d_direct_u4_" CONVLENS_ISA, conv2d_direct_preferred, no_workspace<ConvGeometry>, nullptr, nullptr,
     conv2d_direct_u4},
    {"conv2d_gemm_5x8_" CONVLENS_ISA, conv2d_gemm_supports, conv2d_gemm_workspace, conv2d_gemm_packed_bytes,
     conv2d_gemm_pack, conv2d_gemm_5x8},
    {"conv2d_reference", always<ConvGeometry>, no_workspace<ConvGeometry>, nullptr, nullptr, conv2d_reference},
};
const ConvTranspose2dKernel kConvTranspose2d[] = {
    {"conv_transpose2d_gemm_phases_5x8_" CONVLENS_ISA, conv_transpose2d_phases_supports,
     conv_transpose2d_phases_workspace, conv_transpose2d_phases_packed_bytes, conv_transpose2d_phases_pack,
     conv_transpose2d_gemm_phases_5x8},
    {"conv_transpose2d_gemm_5x8_" CONVLENS_ISA, always<ConvTranspose2dPlan>, conv_transpose2d_gemm_workspace,
     conv_transpose2d_gemm_packed_bytes, conv_transpose2d_gemm_pack, conv_transpose2d_gemm_5x8},
    {"conv_transpose2d_reference", always<ConvTranspose2dPlan>, no_workspace<ConvTranspose2dPlan>, nullptr, nullptr,
     conv_transpose2d_reference},
};
void max_pool2d_reference_values(const Pool2dPlan& p, const float* input, float* output, void*) {
  max_pool2d_reference(p, input, output, nullptr);
}
const MaxPool2dKernel kMaxPool2d[] = {
    {"max_pool2d_separable_" CONVLENS_ISA, max_pool2d_separable_supports, max_pool2d_separable_workspace,
     max_pool2d_separable},
    {"max_pool2d_reference", always<Pool2dPlan>, no_workspace<Pool2dPlan>, max_pool2d_reference_values},
};
void adaptive_avg_pool2d_reference_run(const AdaptivePool2dPlan& p, const float* input, float* output, void*) {
  adaptive_avg_pool2d_reference(p, input, output);
}
const AdaptiveAvgPool2dKernel kAdaptiveAvgPool2d[] = {
    {"adaptive_avg_pool2d_global_c4_" CONVLENS_ISA, adaptive_avg_pool2d_global_supports,
     no_workspace<AdaptivePool2dPlan>, adaptive_avg_pool2d_global_c4},
    {"adaptive_avg_pool2d_c4_" CONVLENS_ISA, always<AdaptivePool2dPlan>, adaptive_pool2d_c4_workspace,
     adaptive_avg_pool2d_c4},
    {"adaptive_avg_pool2d_reference", always<AdaptivePool2dPlan>, no_workspace<AdaptivePool2dPlan>,
     adaptive_avg_pool2d_reference_run},
};
void adaptive_max_pool2d_reference_run(const AdaptivePool2dPlan& p, const float* input, float* output, int32_t* indices,
                                       void*) {
  adaptive_max_pool2d_reference(p, input, output, indices);
}
const AdaptiveMaxPool2dKernel kAdaptiveMaxPool2d[] = {
    {"adaptive_max_pool2d_c4_" CONVLENS_ISA, always<AdaptivePool2dPlan>, adaptive_pool2d_c4_workspace,
     adaptive_max_pool2d_c4},
    {"adaptive_max_pool2d_reference", always<AdaptivePool2dPlan>, no_workspace<AdaptivePool2dPlan>,
     adaptive_max_pool2d_reference_run},
};
void lp_pool2d_reference_run(const Pool2dPlan& p, const float* input, float* output, void*) {
  lp_pool2d_reference(p, input, output);
}
const LpPool2dKernel kLpPool2d[] = {
    {"lp_pool2d_reference", always<Pool2dPlan>, no_workspace<Pool2dPlan>, lp_pool2d_reference_run},
};
template <class K, size_t N>
KernelList<K> list(const K (&items)[N]) {
  return {items, N};
}
}  // namespace

KernelList<Conv2dKernel> conv2d_kernels() { return list(kConv2d); }
KernelList<ConvTranspose2dKernel> conv_transpose2d_kernels() { return list(kConvTranspose2d); }
KernelList<MaxPool2dKernel> max_pool2d_kernels() { return list(kMaxPool2d); }
KernelList<AdaptiveAvgPool2dKernel> adaptive_avg_pool2d_kernels() { return list(kAdaptiveAvgPool2d); }
KernelList<AdaptiveMaxPool2dKernel> adaptive_max_pool2d_kernels() { return list(kAdaptiveMaxPool2d); }
KernelList<LpPool2dKernel> lp_pool2d_kernels() { return list(kLpPool2d); }

}  // namespace convlens::detail
