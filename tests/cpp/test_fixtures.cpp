// Every shared reference case through the C++ API, and the tutorial's numbers written out.
#include <doctest/doctest.h>

#include "fixtures.hpp"

using namespace convlens;

TEST_CASE("every fixture case matches the reference output") {
  const auto cases = fixtures::load_all();
  REQUIRE(cases.size() == 432);  // 8 tutorial + 400 random + 24 padding-mode cases
  int checked = 0;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    fixtures::Tensor out;
    std::vector<int32_t> indices;
    const Status s = fixtures::run(c, &out, &indices);
    REQUIRE_MESSAGE(s.ok(), s.message);
    REQUIRE(out.shape == c.expected.shape);
    for (size_t i = 0; i < out.data.size(); ++i) {
      CAPTURE(i);
      REQUIRE_MESSAGE(fixtures::close(out.data[i], c.expected.data[i]), out.data[i] << " vs " << c.expected.data[i]);
    }
    if (!c.expected_indices.empty()) CHECK(indices == c.expected_indices);
    ++checked;
  }
  CHECK(checked == 432);
}

namespace {
const float kTutorialInput[25] = {1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1};
const float kTutorialKernel[9] = {1, 2, 1, 0, 1, 0, 2, 1, 0};

std::vector<float> tutorial_conv(Pair stride, Pair padding, Shape* shape) {
  std::vector<float> out(25);
  Conv2dParams p;
  p.stride = stride, p.padding = padding;
  const Status s = conv2d({kTutorialInput, {1, 1, 5, 5}}, {kTutorialKernel, {1, 1, 3, 3}}, std::nullopt, p,
                          {out.data(), out.size()}, shape);
  REQUIRE_MESSAGE(s.ok(), s.message);
  out.resize(static_cast<size_t>(shape->numel()));
  return out;
}
}  // namespace

TEST_CASE("the tutorial's F.conv2d examples") {
  Shape shape;
  CHECK(tutorial_conv({1, 1}, {0, 0}, &shape) == std::vector<float>{10, 12, 12, 18, 16, 16, 13, 9, 3});
  CHECK(shape == Shape{1, 1, 3, 3});
  CHECK(tutorial_conv({2, 2}, {0, 0}, &shape) == std::vector<float>{10, 12, 13, 3});
  CHECK(tutorial_conv({2, 2}, {1, 1}, &shape) == std::vector<float>{1, 4, 8, 7, 16, 8, 14, 9, 4});
  CHECK(shape == Shape{1, 1, 3, 3});
}

TEST_CASE("the tutorial's MaxPool2d(3) with and without ceil_mode") {
  std::vector<float> out(4);
  Shape shape;
  MaxPool2dParams p;
  p.kernel_size = {3, 3};
  p.ceil_mode = true;
  REQUIRE(max_pool2d({kTutorialInput, {1, 1, 5, 5}}, p, {out.data(), 4}, nullptr, &shape).ok());
  CHECK(shape == Shape{1, 1, 2, 2});
  CHECK(out == std::vector<float>{2, 3, 5, 1});
  p.ceil_mode = false;
  REQUIRE(max_pool2d({kTutorialInput, {1, 1, 5, 5}}, p, {out.data(), 4}, nullptr, &shape).ok());
  CHECK(shape == Shape{1, 1, 1, 1});
  CHECK(out[0] == 2);
}
