// The gradients of conv2d, max_pool2d and avg_pool2d: every case of tests/fixtures/gradients/ (values
// from the naive reference, PyTorch's rejections by code), grad_input against the public
// conv_transpose2d, and values worked out by hand.
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

void check_close(const fixtures::Tensor& got, const fixtures::Tensor& expected, const char* what) {
  CAPTURE(what);
  REQUIRE(got.shape == expected.shape);
  for (size_t i = 0; i < expected.data.size(); ++i) {
    CAPTURE(i);
    REQUIRE_MESSAGE(fixtures::close(got.data[i], expected.data[i]), got.data[i] << " vs " << expected.data[i]);
  }
}

// Small integers: every product and partial sum is exact in float32, so any summation order gives the
// same bits and two computations of one gradient must agree exactly.
std::vector<float> small_ints(testing_random::Rng& rng, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (float& f : v) f = static_cast<float>(rng.uniform(-3, 3));
  return v;
}

}  // namespace

TEST_CASE("every gradient fixture matches the reference's gradients, or is rejected with its code") {
  const auto cases = fixtures::load_gradients();
  REQUIRE(cases.size() == 174);  // conv2d 63, max_pool2d 55, avg_pool2d 56 (38 of them rejections)
  int values = 0, rejections = 0;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    fixtures::Tensor grad_input, grad_weight;
    std::optional<fixtures::Tensor> grad_bias;
    const Status s = fixtures::run_backward(c, &grad_input, &grad_weight, &grad_bias);
    if (!c.error.empty()) {
      REQUIRE_FALSE(s.ok());
      CHECK(std::string(code_name(s.code)) == c.error);
      CHECK_FALSE(s.message.empty());
      ++rejections;
      continue;
    }
    REQUIRE_MESSAGE(s.ok(), s.message);
    check_close(grad_input, c.expected, "grad_input");
    REQUIRE(c.expected_grad_weight.has_value() == (c.op == "conv2d_backward"));
    if (c.expected_grad_weight) check_close(grad_weight, *c.expected_grad_weight, "grad_weight");
    REQUIRE(grad_bias.has_value() == c.expected_grad_bias.has_value());
    if (grad_bias) check_close(*grad_bias, *c.expected_grad_bias, "grad_bias");
    ++values;
  }
  CHECK(values == 136);
  CHECK(rejections == 38);
}

TEST_CASE(
    "conv2d's grad_input is conv_transpose2d(grad_output, weight) with the output_padding that restores the input") {
  // Random geometries with zero padding ('valid', explicit and 'same'): the public conv_transpose2d with the
  // same stride, padding, dilation and groups, and output_padding = the rows and columns the strides skip.
  testing_random::Rng rng(20261203);
  for (int trial = 0; trial < 200; ++trial) {
    CAPTURE(trial);
    const int64_t groups = rng.uniform(1, 3), cin = groups * rng.uniform(1, 2), cout = groups * rng.uniform(1, 3);
    const int64_t n = rng.uniform(1, 2), kh = rng.uniform(1, 4), kw = rng.uniform(1, 4);
    Conv2dParams p;
    p.groups = groups;
    p.dilation = {rng.uniform(1, 2), rng.uniform(1, 2)};
    const bool same = rng.uniform(0, 3) == 0;
    if (same) {
      p.padding_kind = ConvPadding::same;
    } else {
      p.stride = {rng.uniform(1, 3), rng.uniform(1, 3)};
      p.padding = {rng.uniform(0, 2), rng.uniform(0, 2)};
    }
    const Shape in_shape{n, cin, rng.uniform(1, 9) + p.dilation.h * (kh - 1),
                         rng.uniform(1, 9) + p.dilation.w * (kw - 1)};
    const Shape w_shape{cout, cin / groups, kh, kw};
    const std::vector<float> input = small_ints(rng, in_shape.numel()), weight = small_ints(rng, w_shape.numel());
    OutputInfo info;
    REQUIRE(conv2d_output(in_shape, w_shape, std::nullopt, p, &info).ok());
    const Shape out_shape = info.shape;
    const std::vector<float> grad_output = small_ints(rng, out_shape.numel());
    CAPTURE(in_shape.str());
    CAPTURE(w_shape.str());

    std::vector<float> grad_input(static_cast<size_t>(in_shape.numel())),
        grad_weight(static_cast<size_t>(w_shape.numel()));
    REQUIRE(conv2d_backward({grad_output.data(), out_shape}, {input.data(), in_shape}, {weight.data(), w_shape},
                            std::nullopt, p, {grad_input.data(), grad_input.size()},
                            {grad_weight.data(), grad_weight.size()}, {})
                .ok());

    // 'same' pads ⌊total / 2⌋ at the top and left: the transposed conv with that padding has the odd
    // extra row and column at the bottom and right, which the forward op's padding made and which are cut.
    ConvTranspose2dParams t;
    t.groups = groups, t.dilation = p.dilation, t.stride = p.stride;
    t.padding = same ? Pair{p.dilation.h * (kh - 1) / 2, p.dilation.w * (kw - 1) / 2} : p.padding;
    const int64_t oh = out_shape.dim[2], ow = out_shape.dim[3];
    const int64_t rows = (oh - 1) * t.stride.h - 2 * t.padding.h + t.dilation.h * (kh - 1) + 1;
    const int64_t cols = (ow - 1) * t.stride.w - 2 * t.padding.w + t.dilation.w * (kw - 1) + 1;
    t.output_padding = {same ? 0 : in_shape.dim[2] - rows, same ? 0 : in_shape.dim[3] - cols};
    std::vector<float> transposed(static_cast<size_t>(n * cin * (in_shape.dim[2] + 1) * (in_shape.dim[3] + 1)));
    Shape t_shape;
    const Status st = conv_transpose2d({grad_output.data(), out_shape}, {weight.data(), w_shape}, std::nullopt, t,
                                       {transposed.data(), transposed.size()}, &t_shape);
    REQUIRE_MESSAGE(st.ok(), st.message);
    REQUIRE(t_shape.dim[2] >= in_shape.dim[2]);
    REQUIRE(t_shape.dim[3] >= in_shape.dim[3]);
    for (int64_t plane = 0; plane < n * cin; ++plane)
      for (int64_t y = 0; y < in_shape.dim[2]; ++y)
        for (int64_t x = 0; x < in_shape.dim[3]; ++x) {
          const float want = transposed[static_cast<size_t>((plane * t_shape.dim[2] + y) * t_shape.dim[3] + x)];
          const float got = grad_input[static_cast<size_t>((plane * in_shape.dim[2] + y) * in_shape.dim[3] + x)];
          REQUIRE_MESSAGE(got == want, "plane " << plane << " (" << y << ", " << x << "): " << got << " vs " << want);
        }
  }
}

TEST_CASE("conv2d backward by hand: the tutorial's kernel, reflect padding, bias and the upstream gradient's shape") {
  // 1×3 input, 1×2 kernel [a, b], valid: y0 = a·x0 + b·x1, y1 = a·x1 + b·x2.
  const std::vector<float> x{1, 2, 3}, w{10, 100}, g{1, -1};
  std::vector<float> gi(3, -7), gw(2, -7), gb(1, -7);
  REQUIRE(conv2d_backward({g.data(), {1, 1, 1, 2}}, {x.data(), {1, 1, 1, 3}}, {w.data(), {1, 1, 1, 2}}, Shape{1}, {},
                          {gi.data(), 3}, {gw.data(), 2}, {gb.data(), 1})
              .ok());
  CHECK(gi == std::vector<float>{10, 90, -100});  // x0: a·g0; x1: b·g0 + a·g1; x2: b·g1
  CHECK(gw == std::vector<float>{1 - 2, 2 - 3});  // a: x0·g0 + x1·g1; b: x1·g0 + x2·g1
  CHECK(gb == std::vector<float>{0});

  // Reflect padding 1 on [x0, x1, x2] reads [x1, x0, x1, x2, x1]; a 1×1 kernel [1] passes the padded
  // gradient through, and each padded copy of x1 adds onto x1.
  Conv2dParams reflect;
  reflect.padding = {0, 1}, reflect.padding_mode = PaddingMode::reflect;
  const std::vector<float> one{1}, g5{1, 2, 3, 4, 5};
  REQUIRE(conv2d_backward({g5.data(), {1, 1, 1, 5}}, {x.data(), {1, 1, 1, 3}}, {one.data(), {1, 1, 1, 1}}, std::nullopt,
                          reflect, {gi.data(), 3}, {gw.data(), 1}, {})
              .ok());
  CHECK(gi == std::vector<float>{2, 1 + 3 + 5, 4});
  CHECK(gw[0] == 2 * 1 + 1 * 2 + 2 * 3 + 3 * 4 + 2 * 5);

  const Status wrong = conv2d_backward({g5.data(), {1, 1, 1, 4}}, {x.data(), {1, 1, 1, 3}}, {one.data(), {1, 1, 1, 1}},
                                       std::nullopt, reflect, {gi.data(), 3}, {gw.data(), 1}, {});
  CHECK(wrong.code == Code::shape_mismatch);
  CHECK(std::string(wrong.argument) == "grad_output");
  CHECK(wrong.message ==
        "Mismatch in shape: grad_output has a shape of [1, 1, 1, 4] and output has a shape of [1, 1, 1, 5]");
  // The forward op's checks come first, in its words.
  Conv2dParams strided_same;
  strided_same.padding_kind = ConvPadding::same, strided_same.stride = {2, 2};
  const Status same = conv2d_backward({g5.data(), {1, 1, 1, 4}}, {x.data(), {1, 1, 1, 3}}, {one.data(), {1, 1, 1, 1}},
                                      std::nullopt, strided_same, {gi.data(), 3}, {gw.data(), 1}, {});
  CHECK(same.code == Code::invalid_argument);
  CHECK(std::string(same.argument) == "padding");
  // A buffer too small for a gradient is refused before anything is written.
  const Status small = conv2d_backward({g.data(), {1, 1, 1, 2}}, {x.data(), {1, 1, 1, 3}}, {w.data(), {1, 1, 1, 2}},
                                       Shape{1}, {}, {gi.data(), 2}, {gw.data(), 2}, {gb.data(), 1});
  CHECK(small.code == Code::shape_mismatch);
  CHECK(std::string(small.argument) == "out");
}

TEST_CASE("pool gradients by hand: shared winners accumulate, ties and NaN as the indices, ATen's divisors") {
  const float kNaN = std::numeric_limits<float>::quiet_NaN();
  // MaxPool2d(kernel [1, 2], stride 1) on [1, 5, 5, 2]: windows (1, 5), (5, 5), (5, 2) all pick x1 (ties: first).
  const std::vector<float> x{1, 5, 5, 2}, g{1, 2, 4};
  std::vector<float> gi(4, -7);
  MaxPool2dParams mp;
  mp.kernel_size = {1, 2}, mp.stride = Pair{1, 1};
  REQUIRE(max_pool2d_backward({g.data(), {1, 1, 1, 3}}, {x.data(), {1, 1, 1, 4}}, mp, {gi.data(), 4}).ok());
  CHECK(gi == std::vector<float>{0, 1 + 2, 4, 0});
  // A NaN wins its windows (the last NaN in scan order).
  const std::vector<float> nan_x{1, kNaN, 3, kNaN};
  REQUIRE(max_pool2d_backward({g.data(), {1, 1, 1, 3}}, {nan_x.data(), {1, 1, 1, 4}}, mp, {gi.data(), 4}).ok());
  CHECK(gi == std::vector<float>{0, 1 + 2, 0, 4});

  // AvgPool2d(2, ceil_mode) on 3×3: windows clipped to 2×2, 2×1, 1×2, 1×1; count_include_pad counts only
  // the padded input, which ceil_mode does not extend, so the divisors are the clipped sizes.
  const std::vector<float> g4{4, 8, 12, 16};
  std::vector<float> gi9(9, -7);
  AvgPool2dParams ap;
  ap.kernel_size = {2, 2}, ap.ceil_mode = true;
  const std::vector<float> x9(9, 0.0f);
  REQUIRE(avg_pool2d_backward({g4.data(), {1, 1, 2, 2}}, {x9.data(), {1, 1, 3, 3}}, ap, {gi9.data(), 9}).ok());
  CHECK(gi9 == std::vector<float>{1, 1, 4, 1, 1, 4, 6, 6, 16});
  ap.divisor_override = 8;
  REQUIRE(avg_pool2d_backward({g4.data(), {1, 1, 2, 2}}, {x9.data(), {1, 1, 3, 3}}, ap, {gi9.data(), 9}).ok());
  CHECK(gi9 == std::vector<float>{0.5f, 0.5f, 1, 0.5f, 0.5f, 1, 1.5f, 1.5f, 2});

  const Status wrong = avg_pool2d_backward({g4.data(), {1, 2, 2}}, {x9.data(), {1, 1, 3, 3}}, ap, {gi9.data(), 9});
  CHECK(wrong.code == Code::shape_mismatch);
  CHECK(wrong.message ==
        "Mismatch in shape: grad_output has a shape of [1, 2, 2] and output has a shape of [1, 1, 2, 2]");
}
