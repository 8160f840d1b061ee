// Every listed conv2d kernel against conv2d__reference on seeded random geometries, covering each
// SIMD tail width (OW mod 4 = 0…3), strides, dilations and groups.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "kernels.hpp"
#include "random.hpp"

using namespace convlens::detail;

namespace {

ConvGeometry random_geometry(testing_random::Rng& rng, int64_t ow) {
  ConvGeometry g{};
  g.groups = rng.uniform(1, 3);
  g.C = g.groups * rng.uniform(1, 3);
  g.Cout = g.groups * rng.uniform(1, 3);
  g.N = rng.uniform(1, 2);
  g.KH = rng.uniform(1, 4), g.KW = rng.uniform(1, 4);
  g.DH = rng.uniform(1, 2), g.DW = rng.uniform(1, 2);
  g.SH = rng.uniform(1, 2), g.SW = rng.uniform(1, 3) == 3 ? 2 : 1;
  g.OH = rng.uniform(1, 6), g.OW = ow;
  // The padded input that yields exactly OH × OW, plus a spare row/column the kernel must not read past.
  g.H = (g.OH - 1) * g.SH + g.DH * (g.KH - 1) + 1 + rng.uniform(0, 1);
  g.W = (g.OW - 1) * g.SW + g.DW * (g.KW - 1) + 1 + rng.uniform(0, 1);
  return g;
}

}  // namespace

TEST_CASE("conv2d kernels agree with conv2d__reference") {
  size_t count = 0;
  const Conv2dKernel* kernels = conv2d_kernels(&count);
  REQUIRE(count >= 1);
  CHECK(std::string(kernels[count - 1].name) == "conv2d__reference");
#if defined(__wasm_simd128__)
  CHECK(count >= 2);  // the SIMD build lists its wasm_simd128 kernels
#endif
  int compared = 0;
  for (size_t k = 0; k < count; ++k) {
    const Conv2dKernel& kernel = kernels[k];
    CAPTURE(std::string(kernel.name));
    for (uint32_t seed = 1; seed <= 120; ++seed) {
      CAPTURE(seed);
      testing_random::Rng rng(seed);
      const int64_t ow = 1 + (seed % 13);  // 1…13 columns: every tail width several times
      ConvGeometry g = random_geometry(rng, ow);
      if (!kernel.supports(g)) g.SW = 1, g.W = (g.OW - 1) + g.DW * (g.KW - 1) + 1;
      if (!kernel.supports(g)) continue;
      const auto input = rng.floats(static_cast<size_t>(g.N * g.C * g.H * g.W));
      const auto weight = rng.floats(static_cast<size_t>(g.Cout * (g.C / g.groups) * g.KH * g.KW));
      const auto bias = rng.floats(static_cast<size_t>(g.Cout));
      const bool with_bias = seed % 2 == 0;
      const size_t n = static_cast<size_t>(g.N * g.Cout * g.OH * g.OW);
      // Guard floats after the output catch writes past its end.
      std::vector<float> want(n + 4, 1234.5f), got(n + 4, 1234.5f);
      conv2d__reference(g, input.data(), weight.data(), with_bias ? bias.data() : nullptr, want.data());
      kernel.run(g, input.data(), weight.data(), with_bias ? bias.data() : nullptr, got.data());
      for (size_t i = 0; i < n + 4; ++i) {
        CAPTURE(i);
        REQUIRE(std::fabs(got[i] - want[i]) <= 1e-5f + 1e-5f * std::fabs(want[i]));
      }
      ++compared;
    }
  }
  CHECK(compared >= 120);
}

TEST_CASE("dispatch picks the first kernel that supports the geometry") {
  ConvGeometry g{1, 1, 5, 5, 1, 3, 3, 1, 1, 1, 1, 1, 3, 3};
  size_t count = 0;
  const Conv2dKernel* kernels = conv2d_kernels(&count);
  CHECK(&select_conv2d_kernel(g) == &kernels[0]);
  g.SW = 2, g.OW = 2;
#if defined(__wasm_simd128__)
  CHECK(std::string(select_conv2d_kernel(g).name) == "conv2d__reference");
#else
  CHECK(&select_conv2d_kernel(g) == &kernels[count - 1]);
#endif
}
