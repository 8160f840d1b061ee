// Every listed kernel against its family's reference on seeded random problems, covering each SIMD
// tail width (output widths 1…13, channel counts that are not multiples of the 5-row GEMM tile),
// strides, dilations, groups and padding. Guard values after each output catch stray writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>

#include "kernels/kernels.hpp"
#include "random.hpp"

using namespace convlens;
using namespace convlens::detail;

namespace {

ConvGeometry random_geometry(testing_random::Rng& rng, int64_t ow, bool depthwise, bool wide3x3) {
  ConvGeometry g{};
  g.groups = rng.uniform(1, 3);
  g.C = g.groups * rng.uniform(1, 3);
  g.Cout = g.groups * rng.uniform(1, 6);
  if (depthwise) g.groups = g.C = g.Cout = rng.uniform(1, 5);
  g.N = rng.uniform(1, 2);
  g.KH = rng.uniform(1, 4), g.KW = rng.uniform(1, 4);
  g.DH = rng.uniform(1, 2), g.DW = rng.uniform(1, 2);
  if (depthwise && rng.uniform(0, 1)) g.KH = g.KW = 3, g.DH = g.DW = 1;  // the specialised 3×3 kernel
  if (wide3x3) {  // 3×3, stride 1, many channels: the shape of most network layers
    g.groups = 1, g.C = rng.uniform(8, 12), g.Cout = rng.uniform(8, 22);  // 5-row tiles and 0…4 4-row ones
    g.KH = g.KW = 3, g.DH = g.DW = 1;
  }
  g.SH = rng.uniform(1, 2), g.SW = rng.uniform(1, 3) == 3 ? 2 : 1;
  if (wide3x3) g.SH = g.SW = 1;
  g.OH = rng.uniform(1, 6), g.OW = ow;
  // The padded input that yields exactly OH × OW, plus a spare row/column the kernel must not read past.
  g.H = (g.OH - 1) * g.SH + g.DH * (g.KH - 1) + 1 + rng.uniform(0, 1);
  g.W = (g.OW - 1) * g.SW + g.DW * (g.KW - 1) + 1 + rng.uniform(0, 1);
  return g;
}

void check_close(const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    if (std::isnan(want[i])) {
      REQUIRE(std::isnan(got[i]));
    } else if (std::isinf(want[i])) {
      REQUIRE(got[i] == want[i]);
    } else {
      REQUIRE(std::fabs(got[i] - want[i]) <= 1e-5f + 1e-5f * std::fabs(want[i]));
    }
  }
}

template <class Kernel, class Problem>
std::vector<unsigned char> workspace(const Kernel& k, const Problem& p) {
  return std::vector<unsigned char>(k.workspace_bytes(p) + 16);
}

}  // namespace

TEST_CASE("conv2d kernels agree with conv2d_reference") {
  const auto kernels = conv2d_kernels();
  REQUIRE(kernels.count >= 5);
  CHECK(std::string(kernels.items[kernels.count - 1].name) == "conv2d_reference");
  int compared = 0;
  for (size_t k = 0; k + 1 < kernels.count; ++k) {
    const Conv2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    int ran = 0;
    for (uint32_t seed = 1; seed <= 200; ++seed) {
      CAPTURE(seed);
      testing_random::Rng rng(seed);
      ConvGeometry g = random_geometry(rng, 1 + seed % 13, seed % 3 == 0,
                                       seed % 3 == 1 && seed % 2 == 1);  // 1…13 columns: every tail width
      if (!kernel.supports(g)) continue;
      const auto input = rng.floats(static_cast<size_t>(g.N * g.C * g.H * g.W));
      const auto weight = rng.floats(static_cast<size_t>(g.Cout * (g.C / g.groups) * g.KH * g.KW));
      const auto bias = rng.floats(static_cast<size_t>(g.Cout));
      const float* b = seed % 2 == 0 ? bias.data() : nullptr;
      const size_t n = static_cast<size_t>(g.N * g.Cout * g.OH * g.OW);
      std::vector<float> want(n + 4, 1234.5f), got(n + 4, 1234.5f);
      conv2d_reference(g, input.data(), weight.data(), b, want.data(), nullptr);
      auto ws = workspace(kernel, g);
      const auto as_read = kernel_weight(kernel, g, weight.data(), static_cast<int64_t>(weight.size()));
      kernel.run(g, input.data(), as_read.data(), b, got.data(), ws.data());
      check_close(got, want);
      ++ran;
    }
    CHECK(ran >= 20);
    compared += ran;
  }
  CHECK(compared >= 100);
}

TEST_CASE("conv_transpose2d kernels agree with conv_transpose2d_reference") {
  const auto kernels = conv_transpose2d_kernels();
  REQUIRE(kernels.count >= 3);
  for (size_t k = 0; k + 1 < kernels.count; ++k) {
    const ConvTranspose2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    int ran = 0;
    for (uint32_t seed = 1; seed <= 150; ++seed) {
      CAPTURE(seed);
      testing_random::Rng rng(seed);
      const int64_t groups = rng.uniform(1, 2), C = groups * rng.uniform(1, 3), Cout = groups * rng.uniform(1, 3);
      const int64_t H = rng.uniform(1, 6), W = rng.uniform(1, 11), KH = rng.uniform(1, 4), KW = rng.uniform(1, 4);
      ConvTranspose2dParams tp;
      tp.stride = {rng.uniform(1, 3), rng.uniform(1, 3)};
      tp.dilation = {rng.uniform(1, 2), rng.uniform(1, 2)};
      if (seed % 2) tp.dilation = {1, 1};  // the phase kernel's domain
      tp.padding = {rng.uniform(0, 2), rng.uniform(0, 2)};
      tp.output_padding = {rng.uniform(0, tp.stride.h - 1), rng.uniform(0, tp.stride.w - 1)};
      tp.groups = groups;
      ConvTranspose2dPlan plan;
      const Shape in_shape{rng.uniform(1, 2), C, H, W}, w_shape{C, Cout / groups, KH, KW};
      if (!plan_conv_transpose2d(in_shape, w_shape, Shape{Cout}, tp, &plan).ok() || !kernel.supports(plan)) continue;
      const auto input = rng.floats(static_cast<size_t>(in_shape.numel()));
      const auto weight = rng.floats(static_cast<size_t>(w_shape.numel()));
      const auto bias = rng.floats(static_cast<size_t>(Cout));
      const float* b = seed % 2 == 0 ? bias.data() : nullptr;
      const size_t n = static_cast<size_t>(plan.in.N * Cout * plan.OH * plan.OW);
      std::vector<float> want(n + 4, 1234.5f), got(n + 4, 1234.5f);
      conv_transpose2d_reference(plan, input.data(), weight.data(), b, want.data(), nullptr);
      auto ws = workspace(kernel, plan);
      const auto as_read = kernel_weight(kernel, plan, weight.data(), static_cast<int64_t>(weight.size()));
      kernel.run(plan, input.data(), as_read.data(), b, got.data(), ws.data());
      check_close(got, want);
      ++ran;
    }
    CHECK(ran >= 40);
  }
}

namespace {

// Values that make pooling's edge cases: NaN, ±∞, −0, subnormals, ties and float sums that overflow.
void sprinkle_special_values(testing_random::Rng& rng, std::vector<float>& v, uint32_t seed) {
  if (v.empty()) return;
  const float specials[] = {NAN, INFINITY, -INFINITY, -0.0f, 0.0f, 1e-40f, -1e-40f, 1.17549435e-38f, 3e38f, -3e38f};
  const int64_t count = seed % 4 == 0 ? 0 : rng.uniform(1, 1 + static_cast<int64_t>(v.size()) / 3);
  for (int64_t i = 0; i < count; ++i)
    v[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(v.size()) - 1))] =
        specials[rng.uniform(0, static_cast<int64_t>(std::size(specials)) - 1)];
  if (seed % 5 == 0)  // ties: few distinct values
    for (float& x : v) x = std::round(x * 2.0f) / 2.0f;
}

// The same float, bit for bit (any NaN equals any NaN): the fast kernels keep the reference's order.
void check_same_bits(const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CAPTURE(got[i]);
    CAPTURE(want[i]);
    if (std::isnan(want[i])) {
      REQUIRE(std::isnan(got[i]));
    } else {
      REQUIRE(got[i] == want[i]);
      REQUIRE(std::signbit(got[i]) == std::signbit(want[i]));
    }
  }
}

}  // namespace

namespace {
// Runs every listed max_pool2d kernel but the reference on `input` and requires the reference's bits.
// Returns how many kernels supported the problem.
int check_max_pool2d_kernels(const Shape& in_shape, const MaxPool2dParams& mp, const std::vector<float>& input) {
  Pool2dPlan plan;
  if (!plan_max_pool2d(in_shape, mp, &plan).ok()) return 0;
  const size_t n = static_cast<size_t>(in_shape.numel() / (plan.in.H * plan.in.W) * plan.OH * plan.OW);
  std::vector<float> want(n + 4, 1234.5f);
  max_pool2d_reference(plan, input.data(), want.data(), nullptr);
  const auto kernels = max_pool2d_kernels();
  int ran = 0;
  for (size_t k = 0; k + 1 < kernels.count; ++k) {
    const MaxPool2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    if (!kernel.supports(plan)) continue;
    std::vector<float> got(n + 4, 1234.5f);
    auto ws = workspace(kernel, plan);
    kernel.run(plan, input.data(), got.data(), ws.data());
    check_same_bits(got, want);
    ++ran;
  }
  return ran;
}
}  // namespace

TEST_CASE("max_pool2d kernels give max_pool2d_reference's bits: NaN, ±∞, −0 against +0 ties") {
  const auto kernels = max_pool2d_kernels();
  REQUIRE(kernels.count >= 2);
  CHECK(std::string(kernels.items[kernels.count - 1].name) == "max_pool2d_reference");
  int ran = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    testing_random::Rng rng(seed);
    MaxPool2dParams mp;
    mp.kernel_size = {rng.uniform(1, 4), rng.uniform(1, 4)};
    mp.stride = Pair{rng.uniform(1, 3), rng.uniform(1, 3)};
    mp.dilation = {rng.uniform(1, 2), rng.uniform(1, 2)};
    mp.padding = {rng.uniform(0, mp.kernel_size.h / 2), rng.uniform(0, mp.kernel_size.w / 2)};
    mp.ceil_mode = rng.uniform(0, 1);
    const Shape in_shape{rng.uniform(1, 3), rng.uniform(1, 12), rng.uniform(1, 19)};
    auto input = rng.floats(static_cast<size_t>(in_shape.numel()));
    sprinkle_special_values(rng, input, seed);
    // values whose sums overflow: the fast kernels' NaN watch (a running sum) may then raise a false
    // alarm, and the exact second pass must give the same result
    if (seed % 11 == 0)
      for (float& v : input) v *= 3e38f;
    ran += check_max_pool2d_kernels(in_shape, mp, input) > 0;
  }
  CHECK(ran >= 100);
}

TEST_CASE("max_pool2d kernels: 2×2 and 3×3 windows of stride 2 at every width 1…17 and wider, both paddings") {
  // the common pooling layers, with each vector tail and edge: odd and even widths, ceil_mode, the
  // specials of sprinkle_special_values (−0 against +0 ties in one window included)
  int ran = 0;
  uint32_t seed = 0;
  for (int64_t k = 2; k <= 3; ++k)
    for (int64_t pad = 0; pad <= 1; ++pad)
      for (int ceil_mode = 0; ceil_mode <= 1; ++ceil_mode)
        for (int64_t w = 1; w <= 40; w += w < 17 ? 1 : 7) {
          CAPTURE(k);
          CAPTURE(pad);
          CAPTURE(ceil_mode);
          CAPTURE(w);
          CAPTURE(++seed);
          testing_random::Rng rng(seed);
          MaxPool2dParams mp;
          mp.kernel_size = {k, k};
          mp.stride = Pair{2, 2};
          mp.padding = {pad, pad};
          mp.ceil_mode = ceil_mode;
          const Shape in_shape{rng.uniform(1, 3), rng.uniform(1, 9), w};
          auto input = rng.floats(static_cast<size_t>(in_shape.numel()));
          sprinkle_special_values(rng, input, seed);
          ran += check_max_pool2d_kernels(in_shape, mp, input) > 0;
        }
  CHECK(ran >= 150);
}

TEST_CASE("max_pool2d kernels: +∞ and −∞ in one vector lane (a false NaN alarm) still pool exactly") {
  // input columns 0 and 4 share a vector lane: a running sum of the loads becomes ∞ + (−∞) = NaN
  const float inf = INFINITY;
  const std::vector<float> input = {inf, 1, 2, 3, -inf, 5, 6, 7, 0, -1, -2, -3, -4, -5, -6, -7};
  MaxPool2dParams mp;
  mp.kernel_size = {2, 2};
  mp.stride = Pair{2, 2};
  Pool2dPlan plan;
  REQUIRE(plan_max_pool2d(Shape{1, 2, 8}, mp, &plan).ok());
  const auto kernels = max_pool2d_kernels();
  for (size_t k = 0; k < kernels.count; ++k) {
    const MaxPool2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    if (!kernel.supports(plan)) continue;
    std::vector<float> got(4 + 4, 1234.5f);
    auto ws = workspace(kernel, plan);
    kernel.run(plan, input.data(), got.data(), ws.data());
    check_close(got, {inf, 3, 5, 7, 1234.5f, 1234.5f, 1234.5f, 1234.5f});
  }
}

TEST_CASE("dispatch picks the first kernel that supports the problem") {
  const auto kernels = conv2d_kernels();
  ConvGeometry g{1, 1, 5, 5, 1, 3, 3, 1, 1, 1, 1, 1, 3, 3};  // depthwise 3×3: 1 channel, groups 1
  CHECK(&kernels.select(g) == &kernels.items[0]);
  g.KW = 2, g.W = 4;
  CHECK(std::string(kernels.select(g).name).find("depthwise_u8") != std::string::npos);
  g.KW = 3, g.W = 5;
  g = ConvGeometry{1, 64, 58, 58, 64, 3, 3, 1, 1, 1, 1, 1, 56, 56};
  CHECK(std::string(kernels.select(g).name).find("gemm") != std::string::npos);
  g = ConvGeometry{1, 128, 28, 28, 256, 1, 1, 1, 1, 1, 1, 1, 28, 28};
  CHECK(std::string(kernels.select(g).name).find("gemm") != std::string::npos);
}

namespace {

// The naive definition in double: the mean of the window, to check the reference itself.
double naive_mean(const float* plane, int64_t W, int64_t y0, int64_t y1, int64_t x0, int64_t x1) {
  double sum = 0.0;
  for (int64_t y = y0; y < y1; ++y)
    for (int64_t x = x0; x < x1; ++x) sum += plane[y * W + x];
  return sum / static_cast<double>((y1 - y0) * (x1 - x0));
}

// A random adaptive pool over 1…9 planes of 1…9 × 1…9 pixels (odd sizes, unit H as the 1-D pools
// have), to 1…H+1 × 1…W+1 outputs (so windows overlap, and some have one pixel); 1×1 often.
AdaptivePool2dPlan random_adaptive_plan(testing_random::Rng& rng, uint32_t seed) {
  const Shape in_shape{rng.uniform(1, 3), rng.uniform(1, 9), seed % 6 == 0 ? 1 : rng.uniform(1, 9), rng.uniform(1, 9)};
  AdaptivePool2dParams ap;
  if (seed % 3 == 0) {
    ap.output_h = ap.output_w = 1;
  } else {
    ap.output_h = rng.uniform(1, in_shape.dim[2] + 1), ap.output_w = rng.uniform(1, in_shape.dim[3] + 1);
  }
  AdaptivePool2dPlan plan;
  REQUIRE(plan_adaptive_avg_pool2d(in_shape, ap, &plan).ok());
  return plan;
}

}  // namespace

TEST_CASE("adaptive_avg_pool2d kernels give the reference's bits; the reference is the mean") {
  const auto kernels = adaptive_avg_pool2d_kernels();
  REQUIRE(kernels.count >= 3);
  CHECK(std::string(kernels.items[kernels.count - 1].name) == "adaptive_avg_pool2d_reference");
  for (size_t k = 0; k < kernels.count; ++k) {
    const AdaptiveAvgPool2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    int ran = 0, global = 0;
    for (uint32_t seed = 1; seed <= 300; ++seed) {
      CAPTURE(seed);
      testing_random::Rng rng(seed);
      const AdaptivePool2dPlan plan = random_adaptive_plan(rng, seed);
      if (!kernel.supports(plan)) continue;
      const int64_t planes = plan.in.N * plan.in.C, H = plan.in.H, W = plan.in.W;
      auto input = rng.floats(static_cast<size_t>(planes * H * W));
      const bool plain = seed % 2 == 0;  // finite data, to compare with the double-precision mean
      if (!plain) sprinkle_special_values(rng, input, seed);
      const size_t n = static_cast<size_t>(planes * plan.OH * plan.OW);
      std::vector<float> want(n + 4, 1234.5f), got(n + 4, 1234.5f);
      adaptive_avg_pool2d_reference(plan, input.data(), want.data());
      auto ws = workspace(kernel, plan);
      kernel.run(plan, input.data(), got.data(), ws.data());
      check_same_bits(got, want);
      if (plain)
        for (int64_t c = 0; c < planes; ++c)
          for (int64_t oy = 0; oy < plan.OH; ++oy)
            for (int64_t ox = 0; ox < plan.OW; ++ox) {
              const double mean =
                  naive_mean(input.data() + c * H * W, W, adaptive_start(oy, H, plan.OH), adaptive_end(oy, H, plan.OH),
                             adaptive_start(ox, W, plan.OW), adaptive_end(ox, W, plan.OW));
              REQUIRE(std::fabs(got[static_cast<size_t>((c * plan.OH + oy) * plan.OW + ox)] - mean) <= 1e-5);
            }
      ++ran;
      global += plan.OH == 1 && plan.OW == 1;
    }
    CHECK(ran >= 100);
    CHECK(global >= 100);
  }
}

TEST_CASE("adaptive_max_pool2d kernels give the reference's values and indices, NaN and ties included") {
  const auto kernels = adaptive_max_pool2d_kernels();
  REQUIRE(kernels.count >= 2);
  for (size_t k = 0; k + 1 < kernels.count; ++k) {
    const AdaptiveMaxPool2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    int ran = 0;
    for (uint32_t seed = 1; seed <= 300; ++seed) {
      CAPTURE(seed);
      testing_random::Rng rng(seed);
      const AdaptivePool2dPlan plan = random_adaptive_plan(rng, seed);
      if (!kernel.supports(plan)) continue;
      const int64_t planes = plan.in.N * plan.in.C;
      auto input = rng.floats(static_cast<size_t>(planes * plan.in.H * plan.in.W));
      sprinkle_special_values(rng, input, seed);
      if (seed % 7 == 0) std::fill(input.begin(), input.end(), -INFINITY);  // no value beats −∞
      const size_t n = static_cast<size_t>(planes * plan.OH * plan.OW);
      std::vector<float> want(n + 4, 1234.5f), got(n + 4, 1234.5f), values_only(n + 4, 1234.5f);
      std::vector<int32_t> want_index(n + 4, -7), got_index(n + 4, -7);
      adaptive_max_pool2d_reference(plan, input.data(), want.data(), want_index.data());
      auto ws = workspace(kernel, plan);
      kernel.run(plan, input.data(), got.data(), got_index.data(), ws.data());
      kernel.run(plan, input.data(), values_only.data(), nullptr, ws.data());
      check_same_bits(got, want);
      check_same_bits(values_only, want);
      CHECK(got_index == want_index);
      ++ran;
    }
    CHECK(ran >= 250);
  }
}

TEST_CASE("lp_pool2d kernels give the reference's bits for every norm_type path") {
  const auto kernels = lp_pool2d_kernels();  // only the reference while the .wasm size budget is full
  REQUIRE(kernels.count >= 1);
  const double norms[] = {1.0, 2.0, 3.0, 1.5, 0.5, -1.0, 4.0};
  for (size_t k = 0; k + 1 < kernels.count; ++k) {
    const LpPool2dKernel& kernel = kernels.items[k];
    CAPTURE(std::string(kernel.name));
    int ran = 0;
    for (uint32_t seed = 1; seed <= 300; ++seed) {
      CAPTURE(seed);
      testing_random::Rng rng(seed);
      LpPool2dParams lp;
      lp.norm_type = norms[seed % std::size(norms)];
      lp.kernel_size = {rng.uniform(1, 4), rng.uniform(1, 4)};
      if (seed % 3) lp.stride = Pair{rng.uniform(1, 3), rng.uniform(1, 3)};
      lp.ceil_mode = rng.uniform(0, 1);
      const Shape in_shape{rng.uniform(1, 9), rng.uniform(1, 9), rng.uniform(1, 9)};
      Pool2dPlan plan;
      if (!plan_lp_pool2d(in_shape, lp, &plan).ok() || !kernel.supports(plan)) continue;
      CAPTURE(lp.norm_type);
      auto input = rng.floats(static_cast<size_t>(in_shape.numel()));
      sprinkle_special_values(rng, input, seed);
      const size_t n = static_cast<size_t>(plan.in.N * plan.in.C * plan.OH * plan.OW);
      std::vector<float> want(n + 4, 1234.5f), got(n + 4, 1234.5f);
      lp_pool2d_reference(plan, input.data(), want.data());
      auto ws = workspace(kernel, plan);
      kernel.run(plan, input.data(), got.data(), ws.data());
      check_same_bits(got, want);
      ++ran;
    }
    CHECK(ran >= 150);
  }
}

TEST_CASE("conv2d on a weight packed once (as a layer keeps it) gives the bits of conv2d packing per call") {
  struct Case {
    Shape input, weight;
    Conv2dParams params;
  };
  auto params = [](Pair stride, Pair padding, Pair dilation, int64_t groups, PaddingMode mode) {
    Conv2dParams p;
    p.stride = stride, p.padding = padding, p.dilation = dilation, p.groups = groups, p.padding_mode = mode;
    return p;
  };
  const Case cases[] = {
      {{2, 8, 11, 13}, {12, 8, 3, 3}, params({1, 1}, {1, 1}, {1, 1}, 1, PaddingMode::zeros)},    // W2's kind
      {{1, 3, 17, 15}, {32, 3, 3, 3}, params({2, 2}, {1, 1}, {1, 1}, 1, PaddingMode::zeros)},    // W1's
      {{3, 6, 9, 10}, {9, 2, 5, 3}, params({1, 2}, {2, 1}, {2, 1}, 3, PaddingMode::reflect)},    // groups
      {{1, 16, 7, 7}, {5, 16, 1, 1}, params({1, 1}, {0, 0}, {1, 1}, 1, PaddingMode::circular)},  // 1×1
      {{2, 4, 6, 5}, {6, 2, 2, 2}, params({1, 1}, {1, 0}, {1, 2}, 2, PaddingMode::replicate)},   // tails
  };
  int packed_cases = 0;
  for (const Case& c : cases) {
    CAPTURE(c.weight.str());
    Conv2dPlan plan;
    const Shape bias_shape{c.weight.dim[0]};
    REQUIRE(plan_conv2d(c.input, c.weight, bias_shape, c.params, &plan).ok());
    testing_random::Rng rng(static_cast<uint32_t>(c.weight.numel()));
    auto input = rng.floats(static_cast<size_t>(c.input.numel()));
    const auto weight = rng.floats(static_cast<size_t>(c.weight.numel()));
    const auto bias = rng.floats(static_cast<size_t>(c.weight.dim[0]));
    input[3] = std::numeric_limits<float>::quiet_NaN(), input[5] = -0.0f;  // specials travel the same way
    const size_t n = static_cast<size_t>(output_shape(plan).numel());
    std::vector<float> per_call(n), once(n);
    const TensorView in{input.data(), c.input}, w{weight.data(), c.weight}, b{bias.data(), bias_shape};
    REQUIRE(conv2d(plan, in, w, b, {per_call.data(), n}).ok());
    const int64_t bytes = conv2d_packed_weight_bytes(plan);
    std::vector<float> packed(static_cast<size_t>(bytes) / sizeof(float) + 1, 1234.5f);
    conv2d_pack_weight(plan, weight.data(), packed.data());
    CHECK(packed.back() == 1234.5f);  // no write past the bytes it asked for
    REQUIRE(conv2d(plan, in, w, b, {once.data(), n}, {bytes ? packed.data() : nullptr, bytes}).ok());
    CHECK(std::memcmp(per_call.data(), once.data(), n * sizeof(float)) == 0);
    if (bytes) {  // a weight packed for another plan (another size) is refused, not read
      const Status s = conv2d(plan, in, w, b, {once.data(), n}, {packed.data(), bytes - 16});
      CHECK(s.code == Code::invalid_argument);
      CHECK(s.message.find("packed weight") != std::string::npos);
    }
    packed_cases += bytes > 0;
  }
  CHECK(packed_cases >= 3);  // the GEMM kernel packs (the others read the weight as it is)
}

TEST_CASE("conv_transpose2d on a weight packed once gives the bits of packing per call, and reads only the pack") {
  struct Case {
    Shape input, weight;
    ConvTranspose2dParams params;
  };
  auto params = [](Pair stride, Pair padding, Pair output_padding, Pair dilation, int64_t groups) {
    ConvTranspose2dParams p;
    p.stride = stride, p.padding = padding, p.output_padding = output_padding, p.dilation = dilation;
    p.groups = groups;
    return p;
  };
  const Case cases[] = {
      {{1, 16, 7, 7}, {16, 7, 4, 4}, params({2, 2}, {1, 1}, {0, 0}, {1, 1}, 1)},  // W7's kind: the phase kernel
      {{2, 6, 5, 9}, {6, 4, 3, 2}, params({2, 3}, {1, 0}, {1, 2}, {1, 1}, 2)},    // groups, output_padding
      {{1, 4, 6, 5}, {4, 3, 1, 2}, params({3, 3}, {0, 0}, {2, 0}, {1, 1}, 1)},    // phases with no tap
      {{2, 5, 4, 6}, {5, 6, 3, 3}, params({2, 1}, {1, 1}, {0, 0}, {2, 2}, 1)},    // dilated: the col2im kernel
  };
  int packed_cases = 0;
  for (const Case& c : cases) {
    CAPTURE(c.weight.str());
    ConvTranspose2dPlan plan;
    const Shape bias_shape{c.weight.dim[1] * c.params.groups};
    REQUIRE(plan_conv_transpose2d(c.input, c.weight, bias_shape, c.params, &plan).ok());
    testing_random::Rng rng(static_cast<uint32_t>(c.weight.numel()));
    auto input = rng.floats(static_cast<size_t>(c.input.numel()));
    const auto weight = rng.floats(static_cast<size_t>(c.weight.numel()));
    const auto bias = rng.floats(static_cast<size_t>(bias_shape.dim[0]));
    input[3] = std::numeric_limits<float>::quiet_NaN(), input[5] = -0.0f;  // specials travel the same way
    const size_t n = static_cast<size_t>(output_shape(plan).numel());
    std::vector<float> per_call(n), once(n);
    const TensorView in{input.data(), c.input}, w{weight.data(), c.weight}, b{bias.data(), bias_shape};
    REQUIRE(conv_transpose2d(plan, in, w, b, {per_call.data(), n}).ok());
    const int64_t bytes = conv_transpose2d_packed_weight_bytes(plan, w);
    REQUIRE(bytes > 0);  // both fast kernels pack
    std::vector<float> packed(static_cast<size_t>(bytes) / sizeof(float) + 1, 1234.5f);
    conv_transpose2d_pack_weight(plan, weight.data(), packed.data());
    CHECK(packed.back() == 1234.5f);  // no write past the bytes it asked for
    // Given the pack, the op reads it and not the weight (here all zeros).
    const std::vector<float> zeros(weight.size(), 0.0f);
    const TensorView w0{zeros.data(), c.weight};
    REQUIRE(conv_transpose2d(plan, in, w0, b, {once.data(), n}, {packed.data(), bytes}).ok());
    CHECK(std::memcmp(per_call.data(), once.data(), n * sizeof(float)) == 0);
    const Status s = conv_transpose2d(plan, in, w, b, {once.data(), n}, {packed.data(), bytes - 16});
    CHECK(s.code == Code::invalid_argument);  // a pack made for another plan (another size) is refused
    CHECK(s.message.find("packed weight") != std::string::npos);
    // An infinite weight is not packed (its kernel differs): the op then runs it per call.
    auto infinite = weight;
    infinite[1] = std::numeric_limits<float>::infinity();
    CHECK(conv_transpose2d_packed_weight_bytes(plan, TensorView{infinite.data(), c.weight}) == 0);
    packed_cases += bytes > 0;
  }
  CHECK(packed_cases == 4);
}
