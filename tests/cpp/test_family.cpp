// The conv/pool family beyond the five first ops: adaptive pools (and the ops that follow), their
// errors in PyTorch's words, values worked out by hand, and the receptive-field invariant.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "convlens.hpp"
#include "fixtures.hpp"
#include "random.hpp"

using namespace convlens;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

AdaptivePool2dParams adaptive(std::optional<int64_t> h, std::optional<int64_t> w) {
  AdaptivePool2dParams p;
  p.output_h = h, p.output_w = w;
  return p;
}

struct Result {
  Status status;
  Shape shape;
  std::vector<float> data;
  std::vector<int32_t> indices;
};

Result run_adaptive(bool max, const Shape& shape, const std::vector<float>& in, AdaptivePool2dParams p) {
  Result r;
  r.data.assign(1024, -7.0f);
  r.indices.assign(1024, -7);
  const TensorView x{in.data(), shape};
  r.status = max ? adaptive_max_pool2d(x, p, {r.data.data(), r.data.size()}, r.indices.data(), &r.shape)
                 : adaptive_avg_pool2d(x, p, {r.data.data(), r.data.size()}, &r.shape);
  if (r.status.ok()) {
    r.data.resize(static_cast<size_t>(r.shape.numel()));
    r.indices.resize(r.data.size());
  }
  return r;
}

std::vector<float> iota(int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
  return v;
}

}  // namespace

TEST_CASE("adaptive pools: windows [⌊i·H/out⌋, ⌈(i + 1)·H/out⌉) and ATen's arithmetic") {
  // 1×5 → 1×3: windows [0, 2), [1, 4), [3, 5).
  Result r = run_adaptive(false, {1, 1, 5}, {1, 2, 3, 4, 5}, adaptive(1, 3));
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 1, 3});
  CHECK(r.data == std::vector<float>{1.5f, 3.0f, 4.5f});
  r = run_adaptive(true, {1, 1, 5}, {1, 9, 3, 4, 5}, adaptive(1, 3));
  CHECK(r.data == std::vector<float>{9, 9, 5});
  CHECK(r.indices == std::vector<int32_t>{1, 1, 4});

  // None keeps the input's size on that axis; output 0 is an empty result, as in PyTorch.
  r = run_adaptive(false, {2, 1, 3, 4}, iota(24), adaptive(std::nullopt, 2));
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{2, 1, 3, 2});
  CHECK(r.data == std::vector<float>{0.5f, 2.5f, 4.5f, 6.5f, 8.5f, 10.5f, 12.5f, 14.5f, 16.5f, 18.5f, 20.5f, 22.5f});
  r = run_adaptive(true, {1, 3, 4}, iota(12), adaptive(0, 2));
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 0, 2});
  CHECK(r.data.empty());

  // Output larger than the input: windows overlap and repeat elements.
  r = run_adaptive(true, {1, 1, 2}, {4, 7}, adaptive(1, 3));
  CHECK(r.data == std::vector<float>{4, 7, 7});
  CHECK(r.indices == std::vector<int32_t>{0, 1, 1});

  // ATen divides the float sum by the window height, then by its width: 1/3/3 is not 1/9 in float32.
  r = run_adaptive(false, {1, 3, 6}, std::vector<float>(18, 1.0f / 3.0f), adaptive(1, 2));
  const float sum = [] {
    float s = 0.0f;
    for (int i = 0; i < 9; ++i) s += 1.0f / 3.0f;
    return s;
  }();
  CHECK(r.data[0] == sum / 3.0f / 3.0f);
  // A 1×1 output is input.mean((-1, -2)): one division by H·W.
  r = run_adaptive(false, {1, 3, 3}, std::vector<float>(9, 1.0f / 3.0f), adaptive(1, 1));
  CHECK(r.data[0] == sum / 9.0f);
}

TEST_CASE("adaptive max pool: NaN wins (the last one), ties keep the first, −∞ windows report their first tap") {
  Result r = run_adaptive(true, {1, 2, 4}, {1, kNaN, 3, 4, 2, kNaN, -kInf, -kInf}, adaptive(1, 2));
  REQUIRE(r.status.ok());
  CHECK(std::isnan(r.data[0]));
  CHECK(r.indices[0] == 5);  // the NaN at (1, 1), the last in scan order
  CHECK(r.data[1] == 4);
  CHECK(r.indices[1] == 3);
  r = run_adaptive(true, {1, 1, 4}, {-kInf, -kInf, 5, 5}, adaptive(1, 2));
  CHECK(r.data == std::vector<float>{-kInf, 5});
  CHECK(r.indices == std::vector<int32_t>{0, 2});
}

TEST_CASE("adaptive pool errors follow ATen, with the argument at fault") {
  Result r = run_adaptive(false, {1, 1, 5, 5}, iota(25), adaptive(-1, 2));
  CHECK(r.status.code == Code::invalid_argument);
  CHECK(std::string(r.status.argument) == "output_size");
  CHECK(r.status.message ==
        "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, 2}");
  r = run_adaptive(true, {1, 1, 5, 5}, iota(25), adaptive(2, -3));
  CHECK(r.status.code == Code::invalid_argument);
  CHECK(r.status.message == "Trying to create tensor with negative dimension -3: [1, 1, 2, -3]");
  r = run_adaptive(false, {5, 5}, iota(25), adaptive(2, 2));
  CHECK(r.status.code == Code::invalid_shape);
  CHECK(std::string(r.status.argument) == "input");
  CHECK(r.status.message == "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [5, 5]");
  r = run_adaptive(true, {1, 1, 1, 5, 5}, iota(25), adaptive(2, 2));
  CHECK(r.status.message == "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [1, 1, 1, 5, 5]");
  r = run_adaptive(true, {1, 1, 0, 5}, {}, adaptive(2, 2));
  CHECK(r.status.code == Code::invalid_shape);
  CHECK(r.status.message ==
        "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes "
        "[1, 1, 0, 5] with dimension 2 being empty");
  r = run_adaptive(false, {5}, iota(5), adaptive(std::nullopt, 2));
  CHECK(r.status.code == Code::invalid_shape);
  // A huge output is refused before anything is allocated.
  r = run_adaptive(true, {1, 1, 1}, {1}, adaptive(1 << 20, 1 << 20));
  CHECK(r.status.code == Code::too_large);
  // The output buffer must hold the output.
  std::vector<float> small(2);
  const std::vector<float> in = iota(25);
  CHECK(adaptive_avg_pool2d({in.data(), {1, 5, 5}}, adaptive(2, 2), {small.data(), small.size()}, nullptr).code ==
        Code::shape_mismatch);
}

TEST_CASE("adaptive pools: outputShape's formula and largest window, and summing the receptive field") {
  OutputInfo info;
  REQUIRE(adaptive_avg_pool2d_output({1, 1, 5, 7}, adaptive(3, 4), &info).ok());
  CHECK(info.shape == Shape{1, 1, 3, 4});
  CHECK(info.axis[0].kernel == 3);  // windows [0, 2), [1, 4), [3, 5)
  CHECK(info.axis[1].kernel == 3);  // windows [0, 2), [1, 4), [3, 6), [5, 7)
  CHECK(axis_formula(info.axis[0]) == "windows [⌊i·5 / 3⌋, ⌈(i + 1)·5 / 3⌉) for i = 0 … 2: output_size = 3");
  REQUIRE(adaptive_max_pool2d_output({2, 10, 1}, adaptive(4, std::nullopt), &info).ok());
  CHECK(info.shape == Shape{2, 4, 1});
  CHECK(info.axis[0].kernel == 3);
  CHECK(info.axis[1].kernel == 1);

  for (uint32_t seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    testing_random::Rng rng(seed);
    const Shape shape{1, rng.uniform(1, 3), rng.uniform(1, 9), rng.uniform(1, 9)};
    const auto in = rng.floats(static_cast<size_t>(shape.numel()));
    const AdaptivePool2dParams p = adaptive(rng.uniform(1, 10), rng.uniform(1, 10));
    for (bool max : {false, true}) {
      CAPTURE(max);
      const Result r = run_adaptive(max, shape, in, p);
      REQUIRE(r.status.ok());
      int64_t largest[2] = {0, 0};
      for (int64_t i = 0; i < r.shape.numel(); ++i) {
        const int64_t idx[4] = {0, i / (r.shape.dim[2] * r.shape.dim[3]), i / r.shape.dim[3] % r.shape.dim[2],
                                i % r.shape.dim[3]};
        ReceptiveField f;
        REQUIRE((max ? adaptive_max_pool2d_receptive_field(shape, p, idx, &f)
                     : adaptive_avg_pool2d_receptive_field(shape, p, idx, &f))
                    .ok());
        double acc = max ? -INFINITY : 0.0;
        int64_t y0 = INT64_MAX, y1 = -1, x0 = INT64_MAX, x1 = -1;
        for (const Tap& t : f.taps) {
          REQUIRE(t.input_index >= 0);
          const double v = in[static_cast<size_t>(t.input_index)];
          acc = max ? std::max(acc, v) : acc + v;
          y0 = std::min(y0, t.y), y1 = std::max(y1, t.y + 1), x0 = std::min(x0, t.x), x1 = std::max(x1, t.x + 1);
        }
        largest[0] = std::max(largest[0], y1 - y0), largest[1] = std::max(largest[1], x1 - x0);
        if (!max) {
          CHECK(f.divisor == static_cast<int64_t>(f.taps.size()));
          acc /= static_cast<double>(f.divisor);
        }
        CHECK(std::fabs(acc - r.data[static_cast<size_t>(i)]) < 1e-5);
        if (max)
          CHECK(in[static_cast<size_t>(r.indices[static_cast<size_t>(i)] + idx[1] * shape.dim[2] * shape.dim[3])] ==
                r.data[static_cast<size_t>(i)]);
      }
      REQUIRE(adaptive_avg_pool2d_output(shape, p, &info).ok());
      CHECK(info.axis[0].kernel == largest[0]);
      CHECK(info.axis[1].kernel == largest[1]);
    }
  }
}

TEST_CASE("every family fixture (tests/fixtures/family) matches the naive reference, rejections included") {
  const auto cases = fixtures::load_family();
  // 48 per adaptive pool 2d, 45 + 44 adaptive pool 1d, 50 lp_pool2d, 49 max_unpool2d, 45 unfold, 46 fold,
  // 52 conv1d, 47 conv_transpose1d, 48 max_pool1d, 47 avg_pool1d
  REQUIRE(cases.size() == 569);
  int rejected = 0;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    if (c.error == "INVALID_TYPE") continue;  // a JS type error (a missing option): the C++ API cannot express it
    fixtures::Tensor out;
    std::vector<int32_t> indices;
    const Status s = fixtures::run(c, &out, &indices);
    if (!c.error.empty()) {
      CHECK_MESSAGE(!s.ok(), "accepted a call PyTorch rejects");
      CHECK(std::string(code_name(s.code)) == c.error);
      ++rejected;
      continue;
    }
    REQUIRE_MESSAGE(s.ok(), s.message);
    REQUIRE(out.shape == c.expected.shape);
    for (size_t i = 0; i < out.data.size(); ++i) {
      CAPTURE(i);
      REQUIRE_MESSAGE(fixtures::close(out.data[i], c.expected.data[i]), out.data[i] << " vs " << c.expected.data[i]);
    }
    if (!c.expected_indices.empty()) CHECK(indices == c.expected_indices);
  }
  CHECK(rejected == 105);  // and 2 missing output sizes, rejected by the JS API only
}

namespace {
Result run_lp(const Shape& shape, const std::vector<float>& in, double p, Pair kernel, std::optional<Pair> stride = {},
              bool ceil_mode = false) {
  LpPool2dParams params;
  params.norm_type = p, params.kernel_size = kernel, params.stride = stride, params.ceil_mode = ceil_mode;
  Result r;
  r.data.assign(256, -7.0f);
  r.status = lp_pool2d({in.data(), shape}, params, {r.data.data(), r.data.size()}, &r.shape);
  if (r.status.ok()) r.data.resize(static_cast<size_t>(r.shape.numel()));
  return r;
}
}  // namespace

TEST_CASE("lp_pool2d: PyTorch's formula, step by step in float32") {
  // p = 2: √((3² + 4² + 0 + 0) / 4 · 4) = 5; p = 1 keeps the sign: (−1 − 2 − 3 − 4) / 4 · 4 = −10.
  Result r = run_lp({1, 2, 4}, {3, 4, -1, -2, 0, 0, -3, -4}, 2.0, {2, 2});
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 1, 2});
  CHECK(r.data == std::vector<float>{5, std::sqrt(30.0f)});
  r = run_lp({1, 2, 4}, {3, 4, -1, -2, 0, 0, -3, -4}, 1.0, {2, 2});
  CHECK(r.data == std::vector<float>{7, -10});
  // p = 3 with a negative window sum: a negative base to the power 1/3 is NaN, as in PyTorch.
  r = run_lp({1, 1, 4}, {-2, 1, 1, 1}, 3.0, {1, 4});
  CHECK(std::isnan(r.data[0]));
  r = run_lp({1, 1, 4}, {2, 1, 1, 1}, 3.0, {1, 4});  // ∛(8 + 1 + 1 + 1)
  CHECK(r.data[0] == static_cast<float>(std::pow(11.0, 1.0 / 3.0)));
  // ceil_mode's partial window is averaged over its own size, then scaled by the full kw·kh.
  r = run_lp({1, 1, 3}, {1, 1, 3}, 2.0, {1, 2}, Pair{1, 2}, true);
  REQUIRE(r.shape == Shape{1, 1, 2});
  CHECK(r.data[0] == std::sqrt(2.0f));
  CHECK(r.data[1] == std::sqrt(18.0f));  // 3² / 1 · 2
  // NaN stays NaN (sign(NaN) = 0, but relu(|NaN|) is NaN); ∞ stays ∞.
  r = run_lp({1, 1, 4}, {kNaN, 1, kInf, 1}, 2.0, {1, 2});
  CHECK(std::isnan(r.data[0]));
  CHECK(r.data[1] == kInf);
  // p = ∞: x.pow(∞), then .pow(1 / ∞) = .pow(0), which torch.pow makes all ones (NaN included).
  r = run_lp({1, 1, 4}, {kNaN, 0.5f, 2, -3}, std::numeric_limits<double>::infinity(), {1, 2});
  CHECK(r.data == std::vector<float>{1, 1});
  // p = 0.5: x.pow(0.5) is sqrt, the tail .pow(2) is x·x: (√4 + √9)/2·2 squared = 25.
  r = run_lp({1, 1, 2}, {4, 9}, 0.5, {1, 2});
  CHECK(r.data[0] == 25);
}

TEST_CASE("lp_pool2d errors: avg_pool2d's checks first, then Python's 1.0 / norm_type") {
  Result r = run_lp({1, 4, 4}, iota(16), 0.0, {2, 2});
  CHECK(r.status.code == Code::invalid_argument);
  CHECK(std::string(r.status.argument) == "norm_type");
  CHECK(r.status.message == "float division by zero (norm_type=0)");
  r = run_lp({1, 4, 4}, iota(16), 0.0, {0, 2});  // the pooling check comes first
  CHECK(std::string(r.status.argument) == "kernel_size");
  r = run_lp({1, 2, 2}, iota(4), 2.0, {3, 3});
  CHECK(r.status.code == Code::output_too_small);
  CHECK(r.status.message ==
        "avg_pool2d: Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small");
  r = run_lp({4, 4}, iota(16), 2.0, {2, 2});
  CHECK(r.status.code == Code::invalid_shape);

  OutputInfo info;
  LpPool2dParams p;
  p.kernel_size = {3, 2}, p.ceil_mode = true;
  REQUIRE(lp_pool2d_output({1, 1, 7, 5}, p, &info).ok());
  CHECK(info.shape == Shape{1, 1, 3, 3});
  CHECK(axis_formula(info.axis[0]) == "⌈(7 + 2·0 − 1·(3 − 1) − 1) / 3⌉ + 1 = 3");
  const int64_t idx[4] = {0, 0, 2, 2};
  ReceptiveField f;
  REQUIRE(lp_pool2d_receptive_field({1, 1, 7, 5}, p, idx, &f).ok());
  CHECK(f.taps.size() == 6);  // the window, its overhang past the input marked as padding
  int real = 0;
  for (const Tap& t : f.taps) real += t.input_index >= 0;
  CHECK(real == 1);  // row 6, column 4
}

namespace {
Result run_unpool(const Shape& shape, const std::vector<float>& in, const std::vector<int32_t>& idx,
                  MaxUnpool2dParams p, std::optional<Shape> idx_shape = {}) {
  Result r;
  r.data.assign(256, -7.0f);
  r.status = max_unpool2d({in.data(), shape}, {idx.data(), idx_shape ? *idx_shape : shape}, p,
                          {r.data.data(), r.data.size()}, &r.shape);
  if (r.status.ok()) r.data.resize(static_cast<size_t>(r.shape.numel()));
  return r;
}
MaxUnpool2dParams unpool(Pair k, std::optional<Pair> stride = {}, Pair padding = {0, 0},
                         std::optional<Pair> output_size = {}) {
  MaxUnpool2dParams p;
  p.kernel_size = k, p.stride = stride, p.padding = padding, p.output_size = output_size;
  return p;
}
}  // namespace

TEST_CASE("max_unpool2d puts each value back where max_pool2d found it") {
  const std::vector<float> x = {1, 2, 0, 3, 0, 5, 2, 3, 1, 2, 8, 0, 5, 2, 3, 1};
  std::vector<float> pooled(4);
  std::vector<int32_t> idx(4);
  MaxPool2dParams mp;
  mp.kernel_size = {2, 2};
  REQUIRE(max_pool2d({x.data(), {1, 1, 4, 4}}, mp, {pooled.data(), 4}, idx.data(), nullptr).ok());
  Result r = run_unpool({1, 1, 2, 2}, pooled, idx, unpool({2, 2}));
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 1, 4, 4});
  CHECK(r.data == std::vector<float>{0, 0, 0, 3, 0, 5, 0, 0, 0, 0, 8, 0, 5, 0, 0, 0});
  // A repeated index keeps the last value in scan order; output_size within a stride of the default.
  r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {0, 0, 5, 5}, unpool({2, 2}, {}, {0, 0}, Pair{5, 5}));
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 5, 5});
  CHECK(r.data[0] == 2);
  CHECK(r.data[5] == 4);
  OutputInfo info;
  REQUIRE(max_unpool2d_output({1, 3, 3}, {1, 3, 3}, unpool({3, 3}, Pair{2, 2}, {1, 1}), &info).ok());
  CHECK(info.shape == Shape{1, 5, 5});
  CHECK(axis_formula(info.axis[0]) == "(3 − 1)·2 − 2·1 + 3 = 5");
  REQUIRE(max_unpool2d_output({1, 3, 3}, {1, 3, 3}, unpool({3, 3}, Pair{2, 2}, {1, 1}, Pair{6, 4}), &info).ok());
  CHECK(axis_formula(info.axis[0]) == "output_size (default (3 − 1)·2 − 2·1 + 3 = 5) = 6");
}

TEST_CASE("max_unpool2d errors: Python's output_size rule, then ATen's checks, then the indices' values") {
  Result r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {0, 1, 2, 16}, unpool({2, 2}));
  CHECK(r.status.code == Code::invalid_argument);
  CHECK(std::string(r.status.argument) == "indices");
  CHECK(r.status.message == "Found an invalid max index: 16 (output volumes are of size 4x4)");
  r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {-1, 1, 99, 3}, unpool({2, 2}));
  CHECK(r.status.message == "Found an invalid max index: 99 (output volumes are of size 4x4)");  // the last one
  r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {0, 1, 2, 3}, unpool({2, 2}, {}, {0, 0}, Pair{6, 4}));
  CHECK(r.status.code == Code::invalid_argument);
  CHECK(std::string(r.status.argument) == "output_size");
  CHECK(r.status.message == "invalid output_size \"[6, 4]\" (dim 0 must be between 2 and 6)");
  r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {0, 1, 2, 3}, unpool({2, 2}), Shape{1, 4, 1});
  CHECK(r.status.code == Code::shape_mismatch);
  CHECK(r.status.message ==
        "Expected shape of indices to be same as that of the input tensor ([1, 2, 2]) but got indices tensor with "
        "shape: [1, 4, 1]");
  r = run_unpool({2, 2}, {1, 2, 3, 4}, {0, 1, 2, 3}, unpool({2, 2}));
  CHECK(r.status.code == Code::invalid_shape);
  CHECK(r.status.message ==
        "Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 2 dimensions.");
  r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {0, 1, 2, 3}, unpool({1, 1}, {}, {2, 2}));
  CHECK(r.status.code == Code::output_too_small);
  CHECK(r.status.message == "Trying to create tensor with negative dimension -2: [1, -2, -2]");
  // An empty output ((2 − 1)·1 − 2·1 + 1 = 0) checks no index, as ATen skips the kernel.
  r = run_unpool({1, 2, 2}, {1, 2, 3, 4}, {7, 7, 7, 7}, unpool({1, 1}, {}, {1, 1}));
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 0, 0});
  CHECK(r.data.empty());
}

namespace {
Im2colParams im2col(Pair k, Pair stride = {1, 1}, Pair padding = {0, 0}, Pair dilation = {1, 1}, Pair size = {0, 0}) {
  Im2colParams p;
  p.kernel_size = k, p.stride = stride, p.padding = padding, p.dilation = dilation, p.output_size = size;
  return p;
}
}  // namespace

TEST_CASE("unfold is im2col: a weight row times the columns is conv2d; fold sums the overlaps back") {
  for (uint32_t seed = 1; seed <= 25; ++seed) {
    CAPTURE(seed);
    testing_random::Rng rng(seed);
    const int64_t C = rng.uniform(1, 3), H = rng.uniform(3, 8), W = rng.uniform(3, 8), Cout = rng.uniform(1, 2);
    const Im2colParams p = im2col({rng.uniform(1, 3), rng.uniform(1, 3)}, {rng.uniform(1, 2), rng.uniform(1, 2)},
                                  {rng.uniform(0, 2), rng.uniform(0, 1)}, {rng.uniform(1, 2), 1});
    const Shape in_shape{1, C, H, W}, w_shape{Cout, C, p.kernel_size.h, p.kernel_size.w};
    const auto x = rng.floats(static_cast<size_t>(in_shape.numel()));
    const auto w = rng.floats(static_cast<size_t>(w_shape.numel()));
    std::vector<float> cols(8192), conv(4096);
    Shape cols_shape, conv_shape;
    const Status s = unfold({x.data(), in_shape}, p, {cols.data(), cols.size()}, &cols_shape);
    Conv2dParams cp;
    cp.stride = p.stride, cp.padding = p.padding, cp.dilation = p.dilation;
    const Status cs =
        conv2d({x.data(), in_shape}, {w.data(), w_shape}, std::nullopt, cp, {conv.data(), conv.size()}, &conv_shape);
    CHECK(s.ok() == cs.ok());
    if (!s.ok()) continue;
    const int64_t rows = cols_shape.dim[1], L = cols_shape.dim[2];
    REQUIRE(rows == C * p.kernel_size.h * p.kernel_size.w);
    REQUIRE(L == conv_shape.dim[2] * conv_shape.dim[3]);
    for (int64_t co = 0; co < Cout; ++co)
      for (int64_t l = 0; l < L; ++l) {
        double dot = 0;
        for (int64_t r = 0; r < rows; ++r) dot += double(w[static_cast<size_t>(co * rows + r)]) * cols[r * L + l];
        CHECK(std::fabs(dot - conv[static_cast<size_t>(co * L + l)]) < 1e-4);
      }
    // fold(unfold(ones)) counts how many blocks cover each pixel; fold(unfold(x)) is x times that count.
    Im2colParams fp = p;
    fp.output_size = {H, W};
    std::vector<float> back(4096), ones(static_cast<size_t>(in_shape.numel()), 1.0f), count(4096);
    Shape back_shape;
    REQUIRE(fold({cols.data(), cols_shape}, fp, {back.data(), back.size()}, &back_shape).ok());
    CHECK(back_shape == in_shape);
    REQUIRE(unfold({ones.data(), in_shape}, p, {cols.data(), cols.size()}, nullptr).ok());
    REQUIRE(fold({cols.data(), cols_shape}, fp, {count.data(), count.size()}, nullptr).ok());
    for (size_t i = 0; i < x.size(); ++i) CHECK(std::fabs(back[i] - x[i] * count[i]) < 1e-5);
  }
  // 3×3 image, 2×2 blocks at stride 1: the overlap counts.
  const std::vector<float> ones(9, 1.0f);
  std::vector<float> cols(16), counts(9);
  Shape shape;
  REQUIRE(unfold({ones.data(), {1, 3, 3}}, im2col({2, 2}), {cols.data(), cols.size()}, &shape).ok());
  CHECK(shape == Shape{4, 4});
  REQUIRE(fold({cols.data(), shape}, im2col({2, 2}, {1, 1}, {0, 0}, {1, 1}, {3, 3}), {counts.data(), 9}, &shape).ok());
  CHECK(shape == Shape{1, 3, 3});
  CHECK(counts == std::vector<float>{1, 2, 1, 2, 4, 2, 1, 2, 1});
}

TEST_CASE("unfold and fold errors follow ATen's im2col / col2im checks") {
  const std::vector<float> x(64, 1.0f);
  std::vector<float> out(4096);
  Status s = unfold({x.data(), {1, 1, 2, 2}}, im2col({3, 3}), {out.data(), out.size()}, nullptr);
  CHECK(s.code == Code::output_too_small);
  CHECK(s.message ==
        "Given input with spatial size (2, 2), kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), calculated shape "
        "of the array of sliding blocks as (0, 0), but its components must be at least one.");
  s = unfold({x.data(), {1, 1, 4, 4}}, im2col({2, 0}), {out.data(), out.size()}, nullptr);
  CHECK(s.message == "kernel size should be greater than zero, but got kernel_height: 2 kernel_width: 0");
  CHECK(std::string(s.argument) == "kernel_size");
  s = unfold({x.data(), {4, 4}}, im2col({2, 2}), {out.data(), out.size()}, nullptr);
  CHECK(s.code == Code::invalid_shape);
  s = fold({x.data(), {1, 8, 4}}, im2col({2, 2}, {1, 1}, {0, 0}, {1, 1}, {3, 4}), {out.data(), out.size()}, nullptr);
  CHECK(s.code == Code::shape_mismatch);
  CHECK(s.message ==
        "Given output_size=(3, 4), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size "
        "of input's dimension 2 to match the calculated number of sliding blocks 2 * 3 = 6, but got input.size(2)=4.");
  s = fold({x.data(), {1, 6, 4}}, im2col({2, 2}, {1, 1}, {0, 0}, {1, 1}, {3, 3}), {out.data(), out.size()}, nullptr);
  CHECK(s.message ==
        "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=6 "
        "and kernel_size=(2, 2).");
  s = fold({x.data(), {4, 4}}, im2col({2, 2}, {1, 1}, {0, 0}, {1, 1}, {0, 3}), {out.data(), out.size()}, nullptr);
  CHECK(s.message == "output size should be greater than zero, but got output_height: 0 output_width: 3");
  CHECK(std::string(s.argument) == "output_size");
  OutputInfo info;
  REQUIRE(unfold_output({2, 3, 5, 5}, im2col({3, 3}, {2, 2}, {1, 1}), &info).ok());
  CHECK(info.shape == Shape{2, 27, 9});
  CHECK(axis_formula(info.axis[0]) == "⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3");
  REQUIRE(fold_output({27, 9}, im2col({3, 3}, {2, 2}, {1, 1}, {1, 1}, {5, 5}), &info).ok());
  CHECK(info.shape == Shape{3, 5, 5});
}

TEST_CASE("adaptive 1-D pools are the 2-D ops on a unit H axis, with ATen's 1-D checks first") {
  const std::vector<float> x = {1, 9, 3, 4, 5, 2, 2, 8, 1, 0};
  std::vector<float> out(16);
  std::vector<int32_t> idx(16);
  Shape shape;
  REQUIRE(adaptive_max_pool1d({x.data(), {2, 5}}, 3, {out.data(), out.size()}, idx.data(), &shape).ok());
  CHECK(shape == Shape{2, 3});
  out.resize(6), idx.resize(6);
  CHECK(out == std::vector<float>{9, 9, 5, 2, 8, 1});    // windows [0, 2), [1, 4), [3, 5)
  CHECK(idx == std::vector<int32_t>{1, 1, 4, 0, 2, 3});  // the tie 2, 2 keeps the first
  out.assign(16, 0);
  REQUIRE(adaptive_avg_pool1d({x.data(), {1, 2, 5}}, 2, {out.data(), out.size()}, &shape).ok());
  CHECK(shape == Shape{1, 2, 2});
  out.resize(4);
  CHECK(out == std::vector<float>{13.0f / 3.0f, 4.0f, 4.0f, 3.0f});  // windows [0, 3), [2, 5)
  Status s = adaptive_avg_pool1d({x.data(), {1, 1, 2, 5}}, 2, {out.data(), 16}, &shape);
  CHECK(s.code == Code::invalid_shape);
  CHECK(s.message ==
        "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for "
        "adaptive_avg_pool1d)");
  s = adaptive_avg_pool1d({x.data(), {2, 5}}, -1, {out.data(), 16}, &shape);
  CHECK(s.message ==
        "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {1, -1}");
  s = adaptive_max_pool1d({x.data(), {2, 0}}, 2, {out.data(), 16}, nullptr, &shape);
  CHECK(s.message ==
        "adaptive_max_pool1d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes "
        "[2, 0] with dimension 1 being empty");
  OutputInfo info;
  REQUIRE(adaptive_max_pool1d_output({3, 7}, 4, &info).ok());
  CHECK(info.shape == Shape{3, 4});
  CHECK(info.axis[1].kernel == 3);
}

namespace {
// Runs one 1-D op into a 64-float buffer; the result trimmed to its size.
template <class Op>
Result run_1d(Op op, bool with_indices = false) {
  Result r;
  r.data.assign(64, -7.0f);
  r.indices.assign(64, -7);
  r.status = op(OutputBuffer{r.data.data(), r.data.size()}, with_indices ? r.indices.data() : nullptr, &r.shape);
  const size_t n = r.status.ok() ? static_cast<size_t>(r.shape.numel()) : 0;
  r.data.resize(n), r.indices.resize(with_indices ? n : 0);
  return r;
}
}  // namespace

TEST_CASE("conv1d: the 2-D kernels on a unit H axis, 'same' and the padding modes on one axis, 1-D messages") {
  const std::vector<float> x = {1, 2, 3, 4, 5}, w = {1, 0, -1}, pair_w = {1, 1};
  const auto conv = [&](Shape in, const std::vector<float>& weight, Shape ws, Conv1dParams p) {
    return run_1d([&](OutputBuffer o, int32_t*, Shape* s) {
      return conv1d({x.data(), in}, {weight.data(), ws}, {}, p, o, s);
    });
  };
  Result r = conv({1, 1, 5}, w, {1, 1, 3}, {});
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 1, 3});
  CHECK(r.data == std::vector<float>{-2, -2, -2});
  Conv1dParams same;
  same.padding_kind = ConvPadding::same;
  r = conv({1, 5}, pair_w, {1, 1, 2}, same);  // total padding 1: none on the left, one on the right
  CHECK(r.shape == Shape{1, 5});
  CHECK(r.data == std::vector<float>{3, 5, 7, 9, 5});
  Conv1dParams reflect;
  reflect.padding = 1, reflect.padding_mode = PaddingMode::reflect;  // [2, 1, 2, 3, 4, 5, 4]
  r = conv({1, 1, 5}, w, {1, 1, 3}, reflect);
  CHECK(r.data == std::vector<float>{0, -2, -2, -2, 0});
  reflect.padding_mode = PaddingMode::circular;  // [5, 1, 2, 3, 4, 5, 1]
  r = conv({1, 1, 5}, w, {1, 1, 3}, reflect);
  CHECK(r.data == std::vector<float>{3, -2, -2, -2, 3});
  // nn.Conv1d pads its input as given, so F.pad names an unbatched [C, L] (dimension 1), a batch dimension 2
  reflect.padding = 5, reflect.padding_mode = PaddingMode::reflect;
  r = conv({1, 5}, w, {1, 1, 3}, reflect);
  CHECK(r.status.message ==
        "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (5, 5) at "
        "dimension 1 of input [1, 5]");
  CHECK(std::string(r.status.argument) == "padding");
  CHECK(conv({1, 1, 5}, w, {1, 1, 3}, reflect).status.message ==
        "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (5, 5) at "
        "dimension 2 of input [1, 1, 5]");
  reflect.padding = 6, reflect.padding_mode = PaddingMode::circular;
  CHECK(conv({1, 5}, w, {1, 1, 3}, reflect).status.message ==
        "Padding value causes wrapping around more than once: padding (6, 6) at dimension 1 of input [1, 5]");

  r = conv({1, 1, 1, 5}, w, {1, 1, 3}, {});
  CHECK(r.status.code == Code::invalid_shape);
  CHECK(r.status.message ==
        "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 1, 1, 5]");
  r = conv({1, 1, 5}, w, {1, 1, 1, 3}, {});
  CHECK(r.status.message ==
        "Expected 4-dimensional input for 4-dimensional weight [1, 1, 1, 3], but got 3-dimensional input of size "
        "[1, 1, 5] instead");
  const std::vector<float> six(6, 1.0f), seven(7, 1.0f);
  r = conv({1, 1, 5}, six, {1, 2, 3}, {});
  CHECK(r.status.message ==
        "Given groups=1, weight of size [1, 2, 3], expected input[1, 1, 5] to have 2 channels, but got 1 channels "
        "instead");
  r = conv({1, 5}, seven, {1, 1, 7}, {});
  CHECK(r.status.code == Code::output_too_small);
  CHECK(r.status.message ==
        "Calculated padded input size per channel: (5). Kernel size: (7). Kernel size can't be greater than actual "
        "input size");
  Conv1dParams bad;
  bad.padding = -1;
  r = conv({1, 1, 5}, w, {1, 1, 3}, bad);
  CHECK(r.status.message == "negative padding is not supported, but got padding=(-1,)");
  CHECK(std::string(r.status.argument) == "padding");
  same.stride = 2;
  r = conv({1, 1, 5}, w, {1, 1, 3}, same);
  CHECK(r.status.message == "padding='same' is not supported for strided convolutions, but got stride=(2,)");
  reflect.padding = 5, reflect.padding_mode = PaddingMode::reflect;
  r = conv({1, 1, 5}, w, {1, 1, 3}, reflect);
  CHECK(r.status.code == Code::invalid_argument);
  CHECK(std::string(r.status.argument) == "padding");

  OutputInfo info;
  Conv1dParams strided;
  strided.stride = 2, strided.padding = 1;
  REQUIRE(conv1d_output({2, 1, 5}, {4, 1, 3}, Shape{4}, strided, &info).ok());
  CHECK(info.shape == Shape{2, 4, 3});
  CHECK(axis_formula(info.axis[1]) == "⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3");
  ParameterCount count;
  REQUIRE(conv1d_parameter_count(4, 6, 3, 2, true, &count).ok());
  CHECK(count.total == 42);  // weight [6, 2, 3] and 6 biases
  CHECK(count.formula == "weights 3·(4/2)·6 + bias 6 = 42");
  REQUIRE(conv_transpose1d_parameter_count(4, 6, 3, 1, false, &count).ok());
  CHECK(count.total == 72);  // weight [4, 6, 3]
  CHECK(count.formula == "weights 3·4·6 = 72");
}

TEST_CASE("conv_transpose1d: output_size on one axis, ATen's 2-D output_padding check") {
  const std::vector<float> x = {1, 2}, w = {1, 10, 100};
  const auto convt = [&](ConvTranspose1dParams p) {
    return run_1d([&](OutputBuffer o, int32_t*, Shape* s) {
      return conv_transpose1d({x.data(), {1, 1, 2}}, {w.data(), {1, 1, 3}}, {}, p, o, s);
    });
  };
  ConvTranspose1dParams p;
  p.stride = 2;
  Result r = convt(p);  // x0·w at 0…2, x1·w at 2…4
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 1, 5});
  CHECK(r.data == std::vector<float>{1, 10, 102, 20, 200});
  p.output_size = 6;
  r = convt(p);
  CHECK(r.data == std::vector<float>{1, 10, 102, 20, 200, 0});
  p.output_size = 7;
  r = convt(p);
  CHECK(r.status.message ==
        "requested an output size of [7], but valid sizes range from [5] to [6] (for an input of [2])");
  CHECK(std::string(r.status.argument) == "output_size");
  p.output_size.reset(), p.output_padding = 2;
  r = convt(p);
  CHECK(r.status.message ==
        "output padding must be smaller than either stride or dilation, but got output_padding_height: 0 "
        "output_padding_width: 2 stride_height: 1 stride_width: 2 dilation_height: 1 dilation_width: 1");
}

TEST_CASE("max_pool1d and avg_pool1d: ceil_mode on one axis, indices along L, PyTorch's two max_pool1d paths") {
  const std::vector<float> x = {3, 1, 4, 1, 5};
  const auto max = [&](MaxPool1dParams p, bool with_indices) {
    return run_1d(
        [&](OutputBuffer o, int32_t* i, Shape* s) {
          return max_pool1d({x.data(), {1, 5}}, p, o, i, s);
        },
        with_indices);
  };
  MaxPool1dParams p;
  p.kernel_size = 2, p.ceil_mode = true;
  Result r = max(p, true);
  REQUIRE(r.status.ok());
  CHECK(r.shape == Shape{1, 3});
  CHECK(r.data == std::vector<float>{3, 4, 5});
  CHECK(r.indices == std::vector<int32_t>{0, 2, 4});
  p.ceil_mode = false;
  CHECK(max(p, false).data == std::vector<float>{3, 4});
  p.kernel_size = 3, p.padding = 2;
  CHECK(max(p, false).status.message ==
        "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3");
  CHECK(max(p, true).status.message ==
        "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1");
  p.kernel_size = 6, p.padding = 0;
  r = max(p, false);
  CHECK(r.status.code == Code::output_too_small);
  CHECK(r.status.message == "max_pool1d() Invalid computed output size: 0");
  CHECK(max(p, true).status.message ==
        "max_pool2d: Given input size: (1x1x5). Calculated output size: (1x1x0). Output size is too small");
  p.kernel_size = 2, p.stride = 0;
  CHECK(max(p, false).status.message == "max_pool1d() stride must be greater than zero, but got 0");
  CHECK(std::string(max(p, false).status.argument) == "stride");

  const std::vector<float> y = {1, 2, 3};
  const auto avg = [&](AvgPool1dParams q) {
    return run_1d([&](OutputBuffer o, int32_t*, Shape* s) { return avg_pool1d({y.data(), {1, 1, 3}}, q, o, s); });
  };
  AvgPool1dParams q;
  q.kernel_size = 3, q.stride = 1, q.padding = 1;
  CHECK(avg(q).data == std::vector<float>{1, 2, 5.0f / 3.0f});  // the padding counts
  q.count_include_pad = false;
  CHECK(avg(q).data == std::vector<float>{1.5f, 2, 2.5f});
  q.kernel_size = 2, q.stride = 2, q.padding = 0, q.ceil_mode = true;
  r = avg(q);
  CHECK(r.shape == Shape{1, 1, 2});
  CHECK(r.data == std::vector<float>{1.5f, 3});  // the partial window [2, 3) divides by 1
  q.ceil_mode = false, q.padding = 2;
  CHECK(avg(q).status.message ==
        "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1");
  r = run_1d([&](OutputBuffer o, int32_t*, Shape* s) { return avg_pool1d({y.data(), {3}}, q, o, s); });
  CHECK(r.status.message ==
        "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for "
        "avg_pool1d)");
  OutputInfo info;
  MaxPool1dParams ceil;
  ceil.kernel_size = 2, ceil.stride = 2, ceil.padding = 1, ceil.ceil_mode = true;
  REQUIRE(max_pool1d_output({2, 5}, ceil, &info).ok());
  CHECK(info.shape == Shape{2, 3});
  CHECK(info.axis[1].dropped_last_window);
  // return_indices chooses the path outputShape and the receptive fields check by, as the op's indices do
  MaxPool1dParams wide;
  wide.kernel_size = 3, wide.padding = 2;
  CHECK(max_pool1d_output({1, 5}, wide, &info).message ==
        "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3");
  ReceptiveField field;
  const int64_t at[4] = {0, 0, 0, 0};
  CHECK(max_pool1d_receptive_field({1, 5}, wide, at, &field).message == max(wide, false).status.message);
  wide.return_indices = true;
  const char* with_indices =
      "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1";
  CHECK(max_pool1d_output({1, 5}, wide, &info).message == with_indices);
  CHECK(max_pool1d_receptive_field({1, 5}, wide, at, &field).message == with_indices);
  CHECK(max(wide, false).status.message == with_indices);  // the op follows the params without indices too
  wide.kernel_size = 6, wide.padding = 0;
  CHECK(max_pool1d_output({1, 5}, wide, &info).message ==
        "max_pool2d: Given input size: (1x1x5). Calculated output size: (1x1x0). Output size is too small");
  wide.kernel_size = 2, wide.stride = 2, wide.padding = 1;
  REQUIRE(max_pool1d_output({1, 5}, wide, &info).ok());
  CHECK(info.shape == Shape{1, 3});
  REQUIRE(max_pool1d_receptive_field({1, 5}, wide, at, &field).ok());
  REQUIRE(field.taps.size() == 2);  // window [−1, 1): the padding, then element 0
  CHECK(field.taps[0].input_index == -1);
  CHECK(field.taps[1].input_index == 0);
}

namespace {
// Keeps the output shape and the fields a receptive_fields() call hands over.
struct FieldList final : FieldSink {
  Shape shape;
  std::vector<ReceptiveField> fields;
  bool reserve(const Shape& output, int64_t, int64_t, int64_t) override {
    shape = output;
    fields.clear();  // one list per call
    return true;
  }
  void add(const ReceptiveField& f) override { fields.push_back(f); }
};
// (x, source_x, input_index) of each tap: the 1-D view of a field.
std::vector<std::array<int64_t, 3>> taps_1d(const ReceptiveField& f) {
  std::vector<std::array<int64_t, 3>> r;
  for (const Tap& t : f.taps) r.push_back({t.x, t.source_x, t.input_index});
  return r;
}
using Taps1d = std::vector<std::array<int64_t, 3>>;
}  // namespace

TEST_CASE("receptive fields of the 1-D ops: the 2-D op's taps on the unit H axis") {
  ReceptiveField f;
  Conv1dParams c;
  c.stride = 2, c.padding = 1;
  // conv1d [1, 2, 5] * [3, 2, 3], stride 2, padding 1: output x = 2 reads x = 3, 4, 5 (5 is padding) of each channel
  const int64_t at[4] = {0, 1, 0, 2};
  REQUIRE(conv1d_receptive_field({1, 2, 5}, {3, 2, 3}, c, at, &f).ok());
  CHECK(f.bias_index == 1);
  CHECK(taps_1d(f) == Taps1d{{3, 3, 3}, {4, 4, 4}, {5, -1, -1}, {3, 3, 8}, {4, 4, 9}, {5, -1, -1}});
  CHECK(f.taps[4].weight_index == 10);  // weight[1, 1, 1] of [3, 2, 3]
  CHECK(f.taps[4].y == 0);
  c.padding_mode = PaddingMode::reflect;  // x = 5 reads x = 3
  REQUIRE(conv1d_receptive_field({1, 2, 5}, {3, 2, 3}, c, at, &f).ok());
  CHECK(f.taps[2].source_x == 3);
  FieldList all;
  REQUIRE(conv1d_receptive_fields({1, 2, 5}, {3, 2, 3}, c, 0, std::nullopt, &all).ok());
  CHECK(all.shape == Shape{1, 3, 3});
  CHECK(all.fields.size() == 9);

  // conv_transpose1d [1, 1, 2] with [1, 1, 3], stride 2: output x = 2 = 1·2 + 0 = 0·2 + 2
  ConvTranspose1dParams t;
  t.stride = 2;
  const int64_t middle[4] = {0, 0, 0, 2};
  REQUIRE(conv_transpose1d_receptive_field({1, 1, 2}, {1, 1, 3}, t, middle, &f).ok());
  CHECK(taps_1d(f) == Taps1d{{1, 1, 1}, {0, 0, 0}});
  CHECK(f.taps[0].weight_index == 0);
  CHECK(f.taps[1].weight_index == 2);

  // max_pool1d of [1, 5], kernel 2, stride 2, padding 1, ceil_mode: 3 windows [−1, 1), [1, 3), [3, 5)
  MaxPool1dParams m;
  m.kernel_size = 2, m.stride = 2, m.padding = 1, m.ceil_mode = true;
  const int64_t first[4] = {0, 0, 0, 0}, last[4] = {0, 0, 0, 2};
  REQUIRE(max_pool1d_receptive_field({1, 5}, m, first, &f).ok());
  CHECK(taps_1d(f) == Taps1d{{-1, -1, -1}, {0, 0, 0}});
  REQUIRE(max_pool1d_receptive_field({1, 5}, m, last, &f).ok());
  CHECK(taps_1d(f) == Taps1d{{3, 3, 3}, {4, 4, 4}});
  const int64_t past[4] = {0, 0, 0, 3};
  CHECK(max_pool1d_receptive_field({1, 5}, m, past, &f).code == Code::invalid_argument);

  // avg_pool1d of [1, 1, 3], kernel 3, stride 1, padding 1: output 2 is [1, 4), divided by 3 (or 2 without the pad)
  AvgPool1dParams a;
  a.kernel_size = 3, a.stride = 1, a.padding = 1;
  REQUIRE(avg_pool1d_receptive_field({1, 1, 3}, a, last, &f).ok());
  CHECK(taps_1d(f) == Taps1d{{1, 1, 1}, {2, 2, 2}, {3, -1, -1}});
  CHECK(f.divisor == 3);
  a.count_include_pad = false;
  REQUIRE(avg_pool1d_receptive_field({1, 1, 3}, a, last, &f).ok());
  CHECK(f.divisor == 2);

  // adaptive 7 → 3: window 1 is [⌊7/3⌋, ⌈14/3⌉) = [2, 5)
  const int64_t second[4] = {0, 1, 0, 1};
  REQUIRE(adaptive_avg_pool1d_receptive_field({2, 7}, 3, second, &f).ok());
  CHECK(taps_1d(f) == Taps1d{{2, 2, 9}, {3, 3, 10}, {4, 4, 11}});
  CHECK(f.divisor == 3);
  REQUIRE(adaptive_max_pool1d_receptive_fields({2, 7}, 3, 0, std::nullopt, &all).ok());
  CHECK(all.shape == Shape{2, 3});
  CHECK(all.fields.size() == 6);
}

TEST_CASE("receptive fields of unfold (one tap per entry) and fold (the entries summed into a pixel)") {
  ReceptiveField f;
  Im2colParams p;
  p.kernel_size = {2, 2}, p.padding = {1, 1}, p.stride = {2, 2};
  // unfold [1, 1, 3, 3]: 2×2 blocks at (−1, −1), (−1, 1), (1, −1), (1, 1); row 3 is kernel tap (1, 1)
  const int64_t corner[4] = {0, 3, 0, 3}, padded[4] = {0, 0, 0, 0};
  REQUIRE(unfold_receptive_field({1, 1, 3, 3}, p, corner, &f).ok());
  REQUIRE(f.taps.size() == 1);
  CHECK(f.taps[0].y == 2);
  CHECK(f.taps[0].x == 2);
  CHECK(f.taps[0].input_index == 8);
  REQUIRE(unfold_receptive_field({1, 1, 3, 3}, p, padded, &f).ok());
  CHECK(f.taps[0].y == -1);
  CHECK(f.taps[0].input_index == -1);
  FieldList all;
  REQUIRE(unfold_receptive_fields({1, 1, 3, 3}, p, 0, std::nullopt, &all).ok());
  CHECK(all.shape == Shape{1, 4, 4});
  CHECK(all.fields.size() == 16);

  // fold [4, 4] into 3×3 with 2×2 blocks, stride 1: the centre gets all four blocks, a corner one
  Im2colParams q;
  q.kernel_size = {2, 2}, q.output_size = {3, 3};
  const int64_t centre[4] = {0, 0, 1, 1}, top_left[4] = {0, 0, 0, 0};
  REQUIRE(fold_receptive_field({4, 4}, q, centre, &f).ok());
  std::vector<int64_t> at;
  for (const Tap& t : f.taps) at.push_back(t.input_index);
  CHECK(at == std::vector<int64_t>{3, 6, 9, 12});  // row r = ky·2 + kx of block l = 3 − r
  CHECK(f.taps[1].c == 1);
  CHECK(f.taps[1].x == 2);
  REQUIRE(fold_receptive_field({4, 4}, q, top_left, &f).ok());
  REQUIRE(f.taps.size() == 1);
  CHECK(f.taps[0].input_index == 0);
  REQUIRE(fold_receptive_fields({4, 4}, q, 0, std::nullopt, &all).ok());
  CHECK(all.shape == Shape{1, 3, 3});
  size_t taps = 0;
  for (const auto& field : all.fields) taps += field.taps.size();
  CHECK(taps == 16);  // every column entry lands on one pixel
}
