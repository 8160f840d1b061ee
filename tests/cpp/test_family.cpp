// The conv/pool family beyond the five first ops: adaptive pools (and the ops that follow), their
// errors in PyTorch's words, values worked out by hand, and the receptive-field invariant.
#include <doctest/doctest.h>

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
  REQUIRE(cases.size() == 96);  // 48 per op: adaptive_avg_pool2d, adaptive_max_pool2d
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
  CHECK(rejected == 8);  // and 2 missing output sizes, rejected by the JS API only
}
