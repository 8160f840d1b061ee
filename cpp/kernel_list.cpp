// The one list of kernels per op family, preferred first. A kernel listed here is dispatched,
// tested against the reference (tests/cpp/test_kernels.cpp) and benchmarked.
#include "kernels.hpp"

namespace convlens::detail {

namespace {
bool supports_everything(const ConvGeometry&) { return true; }

const Conv2dKernel kConv2dKernels[] = {
#if defined(__wasm_simd128__)
    {"conv2d__wasmsimd_u4", conv2d__wasmsimd_u4_supports, conv2d__wasmsimd_u4},
#endif
    {"conv2d__reference", supports_everything, conv2d__reference},
};
}  // namespace

const Conv2dKernel* conv2d_kernels(size_t* count) {
  *count = sizeof(kConv2dKernels) / sizeof(kConv2dKernels[0]);
  return kConv2dKernels;
}

const Conv2dKernel& select_conv2d_kernel(const ConvGeometry& g) {
  size_t count = 0;
  const Conv2dKernel* list = conv2d_kernels(&count);
  for (size_t i = 0; i + 1 < count; ++i)
    if (list[i].supports(g)) return list[i];
  return list[count - 1];
}

}  // namespace convlens::detail
