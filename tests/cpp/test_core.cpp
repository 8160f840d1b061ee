// The C++ API's contracts: errors (code and PyTorch's wording), formulas, parameter counts, pad,
// and the receptive-field invariant (summing its taps reproduces the op).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "convlens.hpp"
#include "random.hpp"

using namespace convlens;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Status conv_shape(const Shape& in, const Shape& w, Conv2dParams p = {}, std::optional<Shape> bias = std::nullopt) {
  OutputInfo info;
  return conv2d_output(in, w, bias, p, &info);
}

}  // namespace

TEST_CASE("conv2d errors name the argument and follow PyTorch") {
  Status s = conv_shape({1, 2, 5, 5}, {1, 1, 3, 3});
  CHECK(s.code == Code::shape_mismatch);
  CHECK(s.message ==
        "Given groups=1, weight of size [1, 1, 3, 3], expected input[1, 2, 5, 5] to have 1 channels, but got 2 "
        "channels instead");

  s = conv_shape({5, 5}, {1, 1, 3, 3});
  CHECK(s.code == Code::invalid_shape);
  CHECK(s.message == "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]");

  s = conv_shape({2, 5, 5}, {1, 1, 3, 3});  // unbatched input is reported with its batch dimension
  CHECK(contains(s.message, "expected input[1, 2, 5, 5] to have 1 channels"));

  Conv2dParams p;
  p.groups = 2;
  s = conv_shape({1, 2, 5, 5}, {3, 1, 3, 3}, p);
  CHECK(s.code == Code::shape_mismatch);
  CHECK(s.message ==
        "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [3, 1, 3, 3] "
        "instead");

  p = {};
  p.stride = {0, 1};
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).code == Code::invalid_argument);
  p = {};
  p.padding = {-1, 0};
  s = conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p);
  CHECK(s.code == Code::invalid_argument);
  CHECK(contains(s.message, "negative padding is not supported"));
  p = {};
  p.dilation = {1, 0};
  CHECK(contains(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).message, "dilation should be greater than zero"));
  p = {};
  p.groups = 0;
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).message == "non-positive groups is not supported, but got groups=0");

  s = conv_shape({1, 1, 2, 2}, {1, 1, 3, 3});
  CHECK(s.code == Code::output_too_small);
  CHECK(s.message ==
        "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than "
        "actual input size");

  p = {};
  p.padding_kind = ConvPadding::same;
  p.stride = {2, 2};
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).message ==
        "padding='same' is not supported for strided convolutions, but got stride=(2, 2)");

  s = conv_shape({1, 1, 5, 5}, {2, 1, 3, 3}, {}, Shape{3});
  CHECK(s.code == Code::shape_mismatch);
  CHECK(s.message ==
        "Given weight of size [2, 1, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size "
        "[3] instead");

  p = {};
  p.padding = {5, 5};
  p.padding_mode = PaddingMode::reflect;
  s = conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p);
  CHECK(s.code == Code::invalid_argument);
  CHECK(contains(s.message, "Padding size should be less than the corresponding input dimension"));
  p.padding_mode = PaddingMode::circular;
  p.padding = {6, 6};
  CHECK(contains(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).message, "wrapping around more than once"));

  s = conv_shape({1, 1, 100000, 100000}, {1, 1, 3, 3});
  CHECK(s.code == Code::too_large);
  CHECK(conv_shape({1, 1, 0, 5}, {1, 1, 3, 3}).code == Code::invalid_shape);
  CHECK(conv_shape({1, 1, 5, 5}, {1, 3, 3}).code == Code::invalid_shape);
}

TEST_CASE("a failed status names the argument at fault, as PyTorch spells it") {
  OutputInfo info;
  Conv2dParams p;
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}).argument == std::string());
  CHECK(conv_shape({5, 5}, {1, 1, 3, 3}).argument == std::string("input"));
  // channels that do not match the weight
  CHECK(conv_shape({1, 2, 5, 5}, {1, 1, 3, 3}).argument == std::string("input"));
  CHECK(conv_shape({1, 1, 5, 5}, {1, 3, 3}).argument == std::string("weight"));
  CHECK(conv_shape({1, 1, 5, 5}, {2, 1, 3, 3}, p, Shape{3}).argument == std::string("bias"));
  CHECK(conv_shape({1, 1, 2, 2}, {1, 1, 3, 3}).argument == std::string());  // input, kernel and padding together
  CHECK(conv_shape({1, 1, 100000, 100000}, {1, 1, 3, 3}).argument == std::string("input"));
  p.stride = {0, 1};
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).argument == std::string("stride"));
  p = {};
  p.dilation = {1, 0};
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).argument == std::string("dilation"));
  p = {};
  p.groups = 0;
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).argument == std::string("groups"));
  p = {};
  p.padding_kind = ConvPadding::same;
  p.stride = {2, 2};
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).argument == std::string("padding"));
  p = {};
  p.padding = {5, 5};
  p.padding_mode = PaddingMode::reflect;  // F.pad's rule, about nn.Conv2d's padding
  CHECK(conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, p).argument == std::string("padding"));

  ConvTranspose2dParams t;
  t.output_padding = {1, 1};
  CHECK(conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, t, &info).argument ==
        std::string("output_padding"));
  t = {};
  t.output_size = Pair{20, 20};
  CHECK(conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, t, &info).argument ==
        std::string("output_size"));

  MaxPool2dParams m;
  m.kernel_size = {3, 3};
  m.padding = {2, 2};
  CHECK(max_pool2d_output({1, 1, 5, 5}, m, &info).argument == std::string("padding"));
  m.padding = {0, 0};
  CHECK(max_pool2d_output({1, 1, 2, 2}, m, &info).argument == std::string());
  m.kernel_size = {0, 3};
  CHECK(max_pool2d_output({1, 1, 5, 5}, m, &info).argument == std::string("kernel_size"));
  AvgPool2dParams a;
  a.kernel_size = {2, 2};
  a.divisor_override = 0;
  CHECK(avg_pool2d_output({1, 1, 5, 5}, a, &info).argument == std::string("divisor_override"));

  PadParams pp;
  pp.left = pp.right = 5;
  pp.mode = PaddingMode::reflect;
  CHECK(pad_output({1, 1, 5, 5}, pp, &info).argument == std::string("pad"));

  ParameterCount c;
  CHECK(conv2d_parameter_count(0, 1, {3, 3}, 1, true, &c).argument == std::string("in_channels"));
  CHECK(conv2d_parameter_count(1, 0, {3, 3}, 1, true, &c).argument == std::string("out_channels"));
  CHECK(conv2d_parameter_count(3, 2, {3, 3}, 2, true, &c).argument == std::string("groups"));
  CHECK(conv2d_parameter_count(1, 1, {0, 3}, 1, true, &c).argument == std::string("kernel_size"));

  float out[4];
  Shape shape;
  const float in[25] = {};
  CHECK(pad({in, {1, 1, 5, 5}}, PadParams{}, {out, 4}, &shape).argument == std::string("out"));  // buffer too small
}

TEST_CASE("conv2d 'same' puts the odd extra padding at the bottom/right") {
  Conv2dParams p;
  p.padding_kind = ConvPadding::same;
  p.dilation = {1, 3};
  OutputInfo info;
  REQUIRE(conv2d_output({1, 1, 6, 7}, {1, 1, 4, 2}, std::nullopt, p, &info).ok());
  CHECK(info.shape == Shape{1, 1, 6, 7});
  CHECK(info.axis[0].pad_before == 1);  // total d·(k−1) = 3 → 1 top, 2 bottom
  CHECK(info.axis[0].pad_after == 2);
  CHECK(info.axis[1].pad_before == 1);  // total 3·1 = 3 → 1 left, 2 right
  CHECK(info.axis[1].pad_after == 2);
}

TEST_CASE("output-size formulas carry the substituted numbers") {
  Conv2dParams p;
  p.stride = {2, 2}, p.padding = {1, 1};
  OutputInfo info;
  REQUIRE(conv2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, p, &info).ok());
  CHECK(axis_formula(info.axis[0]) == "⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3");

  MaxPool2dParams mp;
  mp.kernel_size = {3, 3};
  mp.ceil_mode = true;
  REQUIRE(max_pool2d_output({1, 1, 5, 5}, mp, &info).ok());
  CHECK(axis_formula(info.axis[1]) == "⌈(5 + 2·0 − 1·(3 − 1) − 1) / 3⌉ + 1 = 2");
  CHECK_FALSE(info.axis[1].dropped_last_window);

  // ceil_mode's extra window starting in the right padding is dropped: in 5, k 2, s 2, p 1.
  mp.kernel_size = {2, 2}, mp.stride = Pair{2, 2}, mp.padding = {1, 1};
  REQUIRE(max_pool2d_output({1, 1, 5, 5}, mp, &info).ok());
  CHECK(info.axis[0].output == 3);
  CHECK(info.axis[0].dropped_last_window);
  CHECK(axis_formula(info.axis[0]) == "⌈(5 + 2·1 − 1·(2 − 1) − 1) / 2⌉ + 1 − 1 = 3");

  ConvTranspose2dParams tp;
  tp.stride = {2, 2}, tp.padding = {1, 1}, tp.output_padding = {1, 1};
  REQUIRE(conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, tp, &info).ok());
  CHECK(info.shape == Shape{1, 1, 10, 10});
  CHECK(axis_formula(info.axis[0]) == "(5 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 10");

  PadParams pp;
  pp.left = 1, pp.right = 2, pp.top = -1;
  REQUIRE(pad_output({1, 5, 5}, pp, &info).ok());
  CHECK(info.shape == Shape{1, 4, 8});
  CHECK(axis_formula(info.axis[0]) == "5 + (−1) + 0 = 4");
}

TEST_CASE("conv_transpose2d output_size and output_padding rules") {
  ConvTranspose2dParams p;
  p.stride = {2, 2}, p.padding = {1, 1};
  p.output_size = Pair{10, 9};
  OutputInfo info;
  REQUIRE(conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, p, &info).ok());
  CHECK(info.shape == Shape{1, 1, 10, 9});
  CHECK(info.axis[0].output_padding == 1);
  p.output_size = Pair{11, 9};
  Status s = conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, p, &info);
  CHECK(s.code == Code::invalid_argument);
  CHECK(s.message ==
        "requested an output size of [11, 9], but valid sizes range from [9, 9] to [10, 10] (for an input of [5, 5])");
  p.output_size.reset();
  p.output_padding = {2, 0};
  s = conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, p, &info);
  CHECK(contains(s.message, "output padding must be smaller than either stride or dilation"));
  p.dilation = {3, 1};  // output_padding 2 < dilation 3 is allowed
  CHECK(conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, p, &info).ok());
  s = conv_transpose2d_output({1, 3, 5, 5}, {2, 1, 3, 3}, std::nullopt, {}, &info);
  CHECK(s.message ==
        "Given transposed=1, weight of size [2, 1, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 "
        "channels instead");
}

TEST_CASE("pool errors follow ATen") {
  OutputInfo info;
  MaxPool2dParams p;
  p.kernel_size = {3, 3};
  p.padding = {2, 2};
  Status s = max_pool2d_output({1, 1, 5, 5}, p, &info);
  CHECK(s.code == Code::invalid_argument);
  CHECK(contains(s.message, "pad should be at most half of effective kernel size"));
  p.padding = {0, 0};
  s = max_pool2d_output({1, 1, 2, 2}, p, &info);
  CHECK(s.code == Code::output_too_small);
  CHECK(contains(s.message, "Output size is too small"));
  p.kernel_size = {0, 3};
  CHECK(contains(max_pool2d_output({1, 1, 5, 5}, p, &info).message, "kernel size should be greater than zero"));
  AvgPool2dParams a;
  a.kernel_size = {2, 2};
  a.divisor_override = 0;
  CHECK(avg_pool2d_output({1, 1, 5, 5}, a, &info).message == "divisor must be not zero, but got divisor_override=0");
}

TEST_CASE("max_pool2d propagates NaN and reports its index; ties keep the first maximum") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float in[8] = {1, 3, 3, 0, nan, 2, 5, 5};
  MaxPool2dParams p;
  p.kernel_size = {1, 4};
  float out[2];
  int32_t idx[2];
  Shape shape;
  REQUIRE(max_pool2d({in, {1, 2, 4}}, p, {out, 2}, idx, &shape).ok());
  CHECK(out[0] == 3);
  CHECK(idx[0] == 1);
  CHECK(std::isnan(out[1]));
  CHECK(idx[1] == 4);  // row 1, column 0 of the 2 × 4 plane
}

TEST_CASE("pad modes") {
  const float in[6] = {1, 2, 3, 4, 5, 6};  // 2 × 3
  float out[2 * 7];
  Shape shape;
  PadParams p;
  p.left = 2, p.right = 2;
  const std::pair<PaddingMode, std::vector<float>> expected[] = {
      {PaddingMode::zeros, {9, 9, 1, 2, 3, 9, 9, 9, 9, 4, 5, 6, 9, 9}},
      {PaddingMode::reflect, {3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4}},
      {PaddingMode::replicate, {1, 1, 1, 2, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6}},
      {PaddingMode::circular, {2, 3, 1, 2, 3, 1, 2, 5, 6, 4, 5, 6, 4, 5}},
  };
  for (const auto& e : expected) {
    const int mode = static_cast<int>(e.first);
    CAPTURE(mode);
    const std::vector<float>& want = e.second;
    p.mode = e.first;
    p.value = 9;
    REQUIRE(pad({in, {1, 2, 3}}, p, {out, 14}, &shape).ok());
    CHECK(shape == Shape{1, 2, 7});
    CHECK(std::vector<float>(out, out + 14) == want);
  }
  p = {};
  p.left = -1, p.top = 1;  // negative padding crops
  REQUIRE(pad({in, {1, 2, 3}}, p, {out, 14}, &shape).ok());
  CHECK(shape == Shape{1, 3, 2});
  CHECK(std::vector<float>(out, out + 6) == std::vector<float>{0, 0, 2, 3, 5, 6});
  CHECK(pad({in, {1, 2, 3}}, p, {out, 5}, &shape).code == Code::shape_mismatch);  // buffer too small
}

TEST_CASE("parameter counts") {
  ParameterCount c;
  REQUIRE(conv2d_parameter_count(1, 1, {3, 3}, 1, true, &c).ok());
  CHECK(c.total == 10);
  CHECK(c.formula == "weights 3·3·1·1 + bias 1 = 10");
  REQUIRE(conv2d_parameter_count(3, 64, {3, 3}, 1, true, &c).ok());
  CHECK(c.total == 1792);
  REQUIRE(conv2d_parameter_count(8, 16, {3, 3}, 4, true, &c).ok());
  CHECK(c.weights == 16 * 2 * 9);
  CHECK(c.formula == "weights 3·3·(8/4)·16 + bias 16 = 304");
  REQUIRE(conv_transpose2d_parameter_count(16, 8, {4, 4}, 2, true, &c).ok());
  CHECK(c.total == 16 * 4 * 16 + 8);
  CHECK(conv2d_parameter_count(3, 8, {3, 3}, 2, true, &c).message ==
        "in_channels must be divisible by groups, but got in_channels=3 and groups=2");
}

namespace {
// Recomputes output element (n, c, y, x) from its receptive field.
float from_field(const ReceptiveField& f, const std::vector<float>& in, const std::vector<float>* w,
                 const std::vector<float>* bias, bool max_pool) {
  if (max_pool) {
    float best = -std::numeric_limits<float>::infinity();
    for (const Tap& t : f.taps)
      if (t.input_index >= 0) best = std::max(best, in[t.input_index]);
    return best;
  }
  float sum = bias ? (*bias)[f.bias_index] : 0.0f;
  for (const Tap& t : f.taps)
    if (t.input_index >= 0) sum += in[t.input_index] * (w ? (*w)[t.weight_index] : 1.0f);
  return w ? sum : sum / static_cast<float>(f.divisor);
}
}  // namespace

TEST_CASE("summing the receptive field reproduces every op") {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    testing_random::Rng rng(seed);
    const int64_t groups = rng.uniform(1, 2), C = groups * rng.uniform(1, 2), Cout = groups * rng.uniform(1, 2);
    const int64_t H = rng.uniform(3, 7), W = rng.uniform(3, 7), K = rng.uniform(1, 3);
    const Shape in_shape{1, C, H, W};
    const auto in = rng.floats(static_cast<size_t>(in_shape.numel()));
    std::vector<float> out(4096);
    Shape out_shape;

    Conv2dParams cp;
    cp.stride = {rng.uniform(1, 2), rng.uniform(1, 2)};
    cp.padding = {rng.uniform(0, 2), rng.uniform(0, 2)};
    cp.dilation = {rng.uniform(1, 2), 1};
    cp.groups = groups;
    cp.padding_mode = static_cast<PaddingMode>(seed % 4);
    const Shape w_shape{Cout, C / groups, K, K};
    const auto w = rng.floats(static_cast<size_t>(w_shape.numel()));
    const auto bias = rng.floats(static_cast<size_t>(Cout));
    if (conv2d({in.data(), in_shape}, {w.data(), w_shape}, TensorView{bias.data(), Shape{Cout}}, cp,
               {out.data(), out.size()}, &out_shape)
            .ok()) {
      for (int64_t i = 0; i < out_shape.numel(); ++i) {
        const int64_t idx[4] = {0, i / (out_shape.dim[2] * out_shape.dim[3]) % Cout,
                                i / out_shape.dim[3] % out_shape.dim[2], i % out_shape.dim[3]};
        ReceptiveField f;
        REQUIRE(conv2d_receptive_field(in_shape, w_shape, cp, idx, &f).ok());
        CHECK(f.taps.size() == static_cast<size_t>(C / groups * K * K));
        CHECK(std::fabs(from_field(f, in, &w, &bias, false) - out[i]) < 1e-4f);
      }
    }

    ConvTranspose2dParams tp;
    tp.stride = {rng.uniform(1, 3), rng.uniform(1, 3)};
    tp.padding = {rng.uniform(0, 1), rng.uniform(0, 1)};
    tp.dilation = {rng.uniform(1, 2), 1};
    tp.output_padding = {rng.uniform(0, std::max(tp.stride.h, tp.dilation.h) - 1), 0};
    tp.groups = groups;
    const Shape tw_shape{C, Cout / groups, K, K};
    const auto tw = rng.floats(static_cast<size_t>(tw_shape.numel()));
    Status ts = conv_transpose2d({in.data(), in_shape}, {tw.data(), tw_shape}, TensorView{bias.data(), Shape{Cout}}, tp,
                                 {out.data(), out.size()}, &out_shape);
    REQUIRE_MESSAGE(ts.ok(), ts.message);
    for (int64_t i = 0; i < out_shape.numel(); ++i) {
      const int64_t idx[4] = {0, i / (out_shape.dim[2] * out_shape.dim[3]) % Cout,
                              i / out_shape.dim[3] % out_shape.dim[2], i % out_shape.dim[3]};
      ReceptiveField f;
      REQUIRE(conv_transpose2d_receptive_field(in_shape, tw_shape, tp, idx, &f).ok());
      CHECK(std::fabs(from_field(f, in, &tw, &bias, false) - out[i]) < 1e-4f);
    }

    for (bool max_pool : {true, false}) {
      CAPTURE(max_pool);
      const int64_t k = rng.uniform(1, 3), pad = rng.uniform(0, k / 2);
      MaxPool2dParams mp;
      AvgPool2dParams ap;
      mp.kernel_size = ap.kernel_size = {k, k};
      mp.stride = ap.stride = Pair{rng.uniform(1, 2), rng.uniform(1, 2)};
      mp.padding = ap.padding = {pad, pad};
      mp.ceil_mode = ap.ceil_mode = rng.uniform(0, 1);
      ap.count_include_pad = rng.uniform(0, 1);
      if (rng.uniform(0, 3) == 0) ap.divisor_override = rng.uniform(1, 5);
      Status s = max_pool ? max_pool2d({in.data(), in_shape}, mp, {out.data(), out.size()}, nullptr, &out_shape)
                          : avg_pool2d({in.data(), in_shape}, ap, {out.data(), out.size()}, &out_shape);
      if (!s.ok()) continue;
      for (int64_t i = 0; i < out_shape.numel(); ++i) {
        const int64_t idx[4] = {0, i / (out_shape.dim[2] * out_shape.dim[3]), i / out_shape.dim[3] % out_shape.dim[2],
                                i % out_shape.dim[3]};
        ReceptiveField f;
        REQUIRE((max_pool ? max_pool2d_receptive_field(in_shape, mp, idx, &f)
                          : avg_pool2d_receptive_field(in_shape, ap, idx, &f))
                    .ok());
        CHECK(std::fabs(from_field(f, in, nullptr, nullptr, max_pool) - out[i]) < 1e-4f);
      }
    }
  }
}

TEST_CASE("receptive field of the tutorial's stride-2, padding-1 corner reads the zero ring") {
  Conv2dParams p;
  p.stride = {2, 2}, p.padding = {1, 1};
  const int64_t idx[4] = {0, 0, 0, 0};
  ReceptiveField f;
  REQUIRE(conv2d_receptive_field({1, 1, 5, 5}, {1, 1, 3, 3}, p, idx, &f).ok());
  REQUIRE(f.taps.size() == 9);
  CHECK(f.taps[0].y == -1);
  CHECK(f.taps[0].x == -1);
  CHECK(f.taps[0].input_index == -1);
  CHECK(f.taps[4].input_index == 0);  // kernel centre on input (0, 0)
  CHECK(f.taps[4].weight_index == 4);
  p.padding_mode = PaddingMode::reflect;
  REQUIRE(conv2d_receptive_field({1, 1, 5, 5}, {1, 1, 3, 3}, p, idx, &f).ok());
  CHECK(f.taps[0].source_y == 1);  // reflect: −1 reads row 1
  CHECK(f.taps[0].source_x == 1);
  const int64_t outside[4] = {0, 0, 3, 0};
  CHECK(conv2d_receptive_field({1, 1, 5, 5}, {1, 1, 3, 3}, p, outside, &f).code == Code::invalid_argument);
}

namespace {
// Keeps what receptive_fields() hands over, field by field.
struct KeepFields final : FieldSink {
  Shape shape;
  int64_t start = -1, count = -1, taps = -1;
  std::vector<ReceptiveField> fields;
  bool reserve(const Shape& output, int64_t s, int64_t n, int64_t t) override {
    shape = output, start = s, count = n, taps = t;
    return true;
  }
  void add(const ReceptiveField& f) override { fields.push_back(f); }
};
bool same_field(const ReceptiveField& a, const ReceptiveField& b) {
  if (a.taps.size() != b.taps.size() || a.bias_index != b.bias_index || a.divisor != b.divisor) return false;
  for (size_t i = 0; i < a.taps.size(); ++i) {
    const Tap &s = a.taps[i], &t = b.taps[i];
    if (s.n != t.n || s.c != t.c || s.y != t.y || s.x != t.x || s.source_y != t.source_y || s.source_x != t.source_x ||
        s.input_index != t.input_index || s.weight_index != t.weight_index ||
        !std::equal(s.weight, s.weight + 4, t.weight))
      return false;
  }
  return true;
}
}  // namespace

TEST_CASE("receptive_fields of a range equal the one-element fields, planned once") {
  ConvTranspose2dParams tp;
  tp.stride = {2, 3}, tp.padding = {1, 0}, tp.output_padding = {1, 0}, tp.groups = 2;
  const Shape in{2, 4, 3, 4}, w{4, 3, 2, 3};  // output [2, 6, 5, 12]
  KeepFields all;
  REQUIRE(conv_transpose2d_receptive_fields(in, w, tp, 0, std::nullopt, &all).ok());
  CHECK(all.shape == Shape{2, 6, 5, 12});
  REQUIRE(all.count == 720);
  REQUIRE(all.fields.size() == 720);
  int64_t taps = 0;
  for (int64_t i = 0; i < all.count; ++i) {
    const int64_t idx[4] = {i / 360, i / 60 % 6, i / 12 % 5, i % 12};
    ReceptiveField one;
    REQUIRE(conv_transpose2d_receptive_field(in, w, tp, idx, &one).ok());
    CHECK(same_field(all.fields[static_cast<size_t>(i)], one));
    taps += static_cast<int64_t>(one.taps.size());
  }
  CHECK(all.taps == taps);

  AvgPool2dParams ap;
  ap.kernel_size = {3, 3}, ap.stride = Pair{2, 2}, ap.padding = {1, 1}, ap.ceil_mode = true,
  ap.count_include_pad = false;
  KeepFields part;
  REQUIRE(avg_pool2d_receptive_fields({2, 5, 5}, ap, 5, 3, &part).ok());  // output [2, 3, 3]
  CHECK(part.shape == Shape{2, 3, 3});
  REQUIRE(part.fields.size() == 3);
  const int64_t idx[4] = {0, 0, 2, 0};  // flat 6
  ReceptiveField one;
  REQUIRE(avg_pool2d_receptive_field({2, 5, 5}, ap, idx, &one).ok());
  CHECK(same_field(part.fields[1], one));
  CHECK(one.divisor == 4);

  // Ranges are checked (start may be the end for an empty range), and so are the caps.
  KeepFields none;
  CHECK(avg_pool2d_receptive_fields({2, 5, 5}, ap, 18, 0, &none).ok());
  CHECK(none.count == 0);
  Status s = avg_pool2d_receptive_fields({2, 5, 5}, ap, 19, std::nullopt, &none);
  CHECK((s.code == Code::invalid_argument && std::string(s.argument) == "start"));
  s = avg_pool2d_receptive_fields({2, 5, 5}, ap, 10, 9, &none);
  CHECK((s.code == Code::invalid_argument && std::string(s.argument) == "count"));
  s = avg_pool2d_receptive_fields({2, 5, 5}, ap, 0, -1, &none);
  CHECK(std::string(s.argument) == "count");
  KeepFields untouched;
  s = conv2d_receptive_fields({1, 3, 64, 64}, {16, 3, 3, 3}, {}, 0, std::nullopt, &untouched);  // 61 504 × 27 taps
  CHECK(s.code == Code::too_large);
  CHECK(contains(s.message, "more than 262144 taps in all"));
  CHECK(untouched.count == -1);
  s = max_pool2d_receptive_fields({1, 1, 1024, 1024}, MaxPool2dParams{{1, 1}}, 0, std::nullopt, &untouched);
  CHECK(s.code == Code::too_large);
  CHECK(contains(s.message, "1048576 output elements"));
}

TEST_CASE("pad: PyTorch's crop rules (circular crops then wraps; constant may empty a dimension)") {
  const float in[3] = {1, 2, 3};
  float out[8];
  Shape shape;
  PadParams p;
  p.dims = 1, p.mode = PaddingMode::circular;
  p.left = 1, p.right = -1;  // crop [1, 2], then wrap: 2 | 1 2
  REQUIRE(pad({in, {1, 1, 3}}, p, {out, 8}, &shape).ok());
  CHECK(shape == Shape{1, 1, 3});
  CHECK(std::vector<float>(out, out + 3) == std::vector<float>{2, 1, 2});
  p.left = -1, p.right = 1;  // crop [2, 3], then wrap: 2 3 | 2
  REQUIRE(pad({in, {1, 1, 3}}, p, {out, 8}, &shape).ok());
  CHECK(std::vector<float>(out, out + 3) == std::vector<float>{2, 3, 2});
  p.left = 3, p.right = -2;  // a wrap of 3 over the 1 element left: PyTorch would copy uninitialised memory
  CHECK(pad({in, {1, 1, 3}}, p, {out, 8}, &shape).code == Code::invalid_argument);
  p.left = -2, p.right = -1;  // circular may empty a dimension
  REQUIRE(pad({in, {1, 1, 3}}, p, {nullptr, 0}, &shape).ok());
  CHECK(shape == Shape{1, 1, 0});

  p = {};
  p.dims = 1, p.left = -1, p.right = -1;  // constant: narrow to nothing is an empty tensor
  const float two[2] = {1, 2};
  REQUIRE(pad({two, {1, 1, 2}}, p, {nullptr, 0}, &shape).ok());
  CHECK(shape == Shape{1, 1, 0});
  p.left = -2, p.right = 2;  // a crop longer than the input fails in narrow, before anything is padded
  Status s = pad({in, {1, 1, 1}}, p, {out, 8}, &shape);
  CHECK(s.code == Code::output_too_small);
  CHECK(contains(s.message, "narrow(): length must be non-negative"));
  p.left = -1, p.right = 1, p.top = -1, p.bottom = 0, p.dims = 2;  // one pad positive: no empty dimension
  s = pad({two, {1, 1, 2}}, p, {out, 8}, &shape);
  CHECK(s.code == Code::output_too_small);
  CHECK(contains(s.message, "resulted in a negative output size"));

  p = {};
  p.dims = 1, p.left = 1, p.right = 1, p.mode = PaddingMode::reflect;  // 2 pads, non-constant, 4-D input
  s = pad({in, {1, 1, 1, 3}}, p, {out, 8}, &shape);
  CHECK(s.code == Code::invalid_argument);
  CHECK(contains(s.message, "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now"));
  REQUIRE(pad({in, {1, 1, 3}}, p, {out, 8}, &shape).ok());  // on a 3-D input it pads the last dimension
  CHECK(std::vector<float>(out, out + 5) == std::vector<float>{2, 1, 2, 3, 2});
}

TEST_CASE("huge kernels, paddings and strides give PyTorch's result or a status, never a huge buffer") {
  // The tutorial's input: MaxPool2d(kernel 2^31 − 1, padding 2^30 − 1) has one window covering it all.
  const float tut[25] = {1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1};
  MaxPool2dParams mp;
  mp.kernel_size = {2147483647, 2147483647}, mp.padding = {1073741823, 1073741823};
  float out[8] = {};
  Shape shape;
  REQUIRE(max_pool2d({tut, {1, 1, 5, 5}}, mp, {out, 8}, nullptr, &shape).ok());
  CHECK(shape == Shape{1, 1, 1, 1});
  CHECK(out[0] == 5);
  AvgPool2dParams ap;
  ap.kernel_size = {1, 1 << 30}, ap.padding = {0, 1 << 29}, ap.count_include_pad = false;
  REQUIRE(avg_pool2d({tut, {1, 1, 5, 5}}, ap, {out, 8}, &shape).ok());
  CHECK(shape == Shape{1, 1, 5, 1});
  CHECK(out[0] == doctest::Approx(7.0 / 5));

  // Receptive fields are listed tap by tap, so a huge window is refused up front.
  ReceptiveField field;
  const int64_t origin[4] = {0, 0, 0, 0};
  Status s = max_pool2d_receptive_field({1, 1, 5, 5}, mp, origin, &field);
  CHECK(s.code == Code::too_large);
  CHECK(contains(s.message, "taps, more than the 262144"));
  s = conv2d_receptive_field({1, 1, 4096, 4096}, {1, 1, 4096, 4096}, {}, origin, &field);
  CHECK(s.code == Code::too_large);

  // Paddings that would make the padded input larger than the element limit.
  Conv2dParams cp;
  cp.padding = {1 << 20, 1 << 20};
  s = conv_shape({1, 1, 5, 5}, {1, 1, 3, 3}, cp);
  CHECK(s.code == Code::too_large);
  ConvTranspose2dParams tp;
  tp.stride = {1 << 30, 1 << 30};
  OutputInfo info;
  CHECK(conv_transpose2d_output({1, 1, 5, 5}, {1, 1, 3, 3}, std::nullopt, tp, &info).code == Code::too_large);
}

TEST_CASE("conv_transpose2d adds only the products that exist: an infinite weight meets no inserted zero") {
  const float one = 1;
  float out[2];
  Shape shape;
  for (float w0 : {INFINITY, NAN}) {
    const float w[2] = {w0, 1};
    ConvTranspose2dParams p;
    for (int64_t stride : {1, 2}) {  // the phase kernel (dilation 1) and any stride
      CAPTURE(stride);
      p.stride = {stride, stride};
      REQUIRE(conv_transpose2d({&one, {1, 1, 1, 1}}, {w, {1, 1, 2, 1}}, std::nullopt, p, {out, 2}, &shape).ok());
      CHECK(shape == Shape{1, 1, 2, 1});
      CHECK((std::isnan(w0) ? std::isnan(out[0]) : out[0] == INFINITY));
      CHECK(out[1] == 1);
    }
  }
}

TEST_CASE("conv2d with many channels: +∞ gives +∞, never ∞ − ∞, and zero windows stay exactly zero") {
  // 8 input and output channels, 3×3, stride 1: the layout of most network layers.
  const int64_t C = 8, H = 6;
  std::vector<float> x(static_cast<size_t>(C * H * H), 0.0f), w(static_cast<size_t>(C * C * 9), 1.0f);
  x[2 * H + 2] = INFINITY;  // channel 0, (2, 2)
  std::vector<float> out(static_cast<size_t>(C * H * H));
  Conv2dParams p;
  p.padding = {1, 1};
  Shape shape;
  REQUIRE(conv2d({x.data(), {1, C, H, H}}, {w.data(), {C, C, 3, 3}}, std::nullopt, p, {out.data(), out.size()}, &shape)
              .ok());
  for (int64_t co = 0; co < C; ++co)
    for (int64_t y = 0; y < H; ++y)
      for (int64_t xx = 0; xx < H; ++xx) {
        const float v = out[static_cast<size_t>((co * H + y) * H + xx)];
        CAPTURE(co);
        CAPTURE(y);
        CAPTURE(xx);
        const bool near = std::abs(y - 2) <= 1 && std::abs(xx - 2) <= 1;
        CHECK(v == (near ? INFINITY : 0.0f));  // exactly 0 where the window holds only zeros
      }
}
