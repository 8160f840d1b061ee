#include "fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace fixtures {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

float number(const json& v) {
  if (v.is_string()) {
    const std::string s = v;
    if (s == "NaN") return std::numeric_limits<float>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<float>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<float>::infinity();
    throw std::runtime_error("bad number " + s);
  }
  return v.get<float>();
}

Tensor tensor(const json& t) {
  Tensor r;
  for (const auto& d : t["shape"]) r.shape.dim[r.shape.rank++] = d.get<int64_t>();
  for (const auto& v : t["data"]) r.data.push_back(number(v));
  return r;
}

Case parse(const json& j) {
  Case c;
  c.name = j["name"];
  c.op = j["op"];
  c.attrs = j["attrs_pytorch"];
  for (const auto& in : j["inputs"]) {
    const std::string role = in["role"];
    if (role == "input") c.input = tensor(in);
    if (role == "weight") c.weight = tensor(in);
    if (role == "bias") c.bias = tensor(in);
    if (role == "grad_output") c.grad_output = tensor(in);
    if (role == "indices") {
      for (const auto& d : in["shape"]) c.weight.shape.dim[c.weight.shape.rank++] = d.get<int64_t>();
      for (const auto& v : in["data"]) c.indices.push_back(v.get<int32_t>());
    }
  }
  if (j.contains("error")) c.error = j["error"];
  if (j.contains("outputs"))
    for (const auto& out : j["outputs"])
      if (out["role"] == "output" || out["role"] == "grad_input")
        c.expected = tensor(out);
      else if (out["role"] == "grad_weight")
        c.expected_grad_weight = tensor(out);
      else if (out["role"] == "grad_bias")
        c.expected_grad_bias = tensor(out);
  if (j.contains("indices_pytorch"))
    for (const auto& v : j["indices_pytorch"]["data"]) c.expected_indices.push_back(v.get<int32_t>());
  return c;
}

json read(const fs::path& p) {
  std::ifstream f(p);
  if (!f) throw std::runtime_error("cannot open " + p.string());
  return json::parse(f);
}

convlens::Pair pair(const json& v) {
  if (v.is_array()) return {v[0].get<int64_t>(), v[1].get<int64_t>()};
  return {v.get<int64_t>(), v.get<int64_t>()};
}

template <class T>
T get(const json& attrs, const char* key, T fallback) {
  return attrs.contains(key) && !attrs[key].is_null() ? attrs[key].get<T>() : fallback;
}

convlens::Pair get_pair(const json& attrs, const char* key, convlens::Pair fallback) {
  return attrs.contains(key) && !attrs[key].is_null() ? pair(attrs[key]) : fallback;
}

// A 1-D op's int argument: an int or a list of one (the fixtures' lists all have one element).
int64_t get_one(const json& attrs, const char* key, int64_t fallback) {
  if (!attrs.contains(key) || attrs[key].is_null()) return fallback;
  const json& v = attrs[key];
  return v.is_array() ? v.at(0).get<int64_t>() : v.get<int64_t>();
}

convlens::PaddingMode padding_mode(const json& attrs) {
  const std::string mode = get<std::string>(attrs, "padding_mode", "zeros");
  return mode == "reflect"     ? convlens::PaddingMode::reflect
         : mode == "replicate" ? convlens::PaddingMode::replicate
         : mode == "circular"  ? convlens::PaddingMode::circular
                               : convlens::PaddingMode::zeros;
}

convlens::Conv2dParams conv2d_params(const json& a) {
  convlens::Conv2dParams p;
  p.stride = get_pair(a, "stride", {1, 1});
  p.dilation = get_pair(a, "dilation", {1, 1});
  p.groups = get<int64_t>(a, "groups", 1);
  if (a.contains("padding") && a["padding"].is_string())
    p.padding_kind = a["padding"] == "same" ? convlens::ConvPadding::same : convlens::ConvPadding::valid;
  else
    p.padding = get_pair(a, "padding", {0, 0});
  p.padding_mode = padding_mode(a);
  return p;
}

convlens::MaxPool2dParams max_pool2d_params(const json& a) {
  convlens::MaxPool2dParams p;
  p.kernel_size = pair(a["kernel_size"]);
  if (a.contains("stride") && !a["stride"].is_null()) p.stride = pair(a["stride"]);
  p.padding = get_pair(a, "padding", {0, 0});
  p.dilation = get_pair(a, "dilation", {1, 1});
  p.ceil_mode = get<bool>(a, "ceil_mode", false);
  return p;
}

convlens::AvgPool2dParams avg_pool2d_params(const json& a) {
  convlens::AvgPool2dParams p;
  p.kernel_size = pair(a["kernel_size"]);
  if (a.contains("stride") && !a["stride"].is_null()) p.stride = pair(a["stride"]);
  p.padding = get_pair(a, "padding", {0, 0});
  p.ceil_mode = get<bool>(a, "ceil_mode", false);
  p.count_include_pad = get<bool>(a, "count_include_pad", true);
  if (a.contains("divisor_override") && !a["divisor_override"].is_null())
    p.divisor_override = a["divisor_override"].get<int64_t>();
  return p;
}

std::vector<Case> load_dir(const char* name) {
  const fs::path dir = fs::path(CONVLENS_FIXTURES_DIR) / name;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& f : files)
    for (const auto& j : read(f)) cases.push_back(parse(j));
  return cases;
}

}  // namespace

std::vector<Case> load_all() {
  const fs::path root = CONVLENS_FIXTURES_DIR;
  std::vector<Case> cases;
  for (const auto& j : read(root / "tutorial.json")) cases.push_back(parse(j));
  for (const char* dir : {"random", "padmode"}) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(root / dir))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) cases.push_back(parse(read(f)));
  }
  return cases;
}

std::vector<Case> load_family() { return load_dir("family"); }

std::vector<Case> load_gradients() { return load_dir("gradients"); }

convlens::Status run_backward(const Case& c, Tensor* grad_input, Tensor* grad_weight,
                              std::optional<Tensor>* grad_bias) {
  using namespace convlens;
  const json& a = c.attrs;
  const TensorView grad_output{c.grad_output.data.data(), c.grad_output.shape};
  const TensorView input{c.input.data.data(), c.input.shape};
  // The gradients have their tensors' shapes; the buffers are exactly that large.
  grad_input->shape = c.input.shape;
  grad_input->data.assign(static_cast<size_t>(std::max<int64_t>(c.input.shape.numel(), 0)), -7.0f);
  const OutputBuffer gi{grad_input->data.data(), grad_input->data.size()};
  if (c.op == "max_pool2d_backward") return max_pool2d_backward(grad_output, input, max_pool2d_params(a), gi);
  if (c.op == "avg_pool2d_backward") return avg_pool2d_backward(grad_output, input, avg_pool2d_params(a), gi);
  if (c.op != "conv2d_backward") return Status{Code::invalid_argument, "unknown op " + c.op};
  std::optional<Shape> bias;
  if (a.contains("bias") && a["bias"].is_boolean() && a["bias"].get<bool>())
    bias = Shape{c.weight.shape.rank == 4 ? c.weight.shape.dim[0] : 0};
  else if (a.contains("bias") && a["bias"].is_array())
    bias = Shape{static_cast<int64_t>(a["bias"].size())};
  grad_weight->shape = c.weight.shape;
  grad_weight->data.assign(static_cast<size_t>(std::max<int64_t>(c.weight.shape.numel(), 0)), -7.0f);
  OutputBuffer gb;
  if (bias) {
    *grad_bias = Tensor{*bias, std::vector<float>(static_cast<size_t>(std::max<int64_t>(bias->dim[0], 0)), -7.0f)};
    gb = OutputBuffer{(*grad_bias)->data.data(), (*grad_bias)->data.size()};
  }
  return conv2d_backward(grad_output, input, {c.weight.data.data(), c.weight.shape}, bias, conv2d_params(a), gi,
                         {grad_weight->data.data(), grad_weight->data.size()}, gb);
}

convlens::Status run(const Case& c, Tensor* out, std::vector<int32_t>* indices) {
  using namespace convlens;
  const json& a = c.attrs;
  const TensorView input{c.input.data.data(), c.input.shape};
  // Room to spare: the op must size the result itself (a rejected case has no expected output, and
  // some are rejected only after the output's size is known).
  out->data.assign(std::max<size_t>(c.expected.data.size() + 16, 1 << 16), 0.0f);
  const OutputBuffer buf{out->data.data(), out->data.size()};
  Status s;
  if (c.op == "conv2d" || c.op == "conv_transpose2d") {
    const TensorView weight{c.weight.data.data(), c.weight.shape};
    std::optional<TensorView> bias;
    if (c.bias) bias = TensorView{c.bias->data.data(), c.bias->shape};
    if (c.op == "conv2d") {
      s = conv2d(input, weight, bias, conv2d_params(a), buf, &out->shape);
    } else {
      ConvTranspose2dParams p;
      p.stride = get_pair(a, "stride", {1, 1});
      p.padding = get_pair(a, "padding", {0, 0});
      p.output_padding = get_pair(a, "output_padding", {0, 0});
      p.dilation = get_pair(a, "dilation", {1, 1});
      p.groups = get<int64_t>(a, "groups", 1);
      s = conv_transpose2d(input, weight, bias, p, buf, &out->shape);
    }
  } else if (c.op == "conv1d" || c.op == "conv_transpose1d") {
    const TensorView weight{c.weight.data.data(), c.weight.shape};
    std::optional<TensorView> bias;
    if (c.bias) bias = TensorView{c.bias->data.data(), c.bias->shape};
    if (c.op == "conv1d") {
      Conv1dParams p;
      p.stride = get_one(a, "stride", 1), p.dilation = get_one(a, "dilation", 1);
      p.groups = get<int64_t>(a, "groups", 1);
      if (a.contains("padding") && a["padding"].is_string())
        p.padding_kind = a["padding"] == "same" ? ConvPadding::same : ConvPadding::valid;
      else
        p.padding = get_one(a, "padding", 0);
      p.padding_mode = padding_mode(a);
      s = conv1d(input, weight, bias, p, buf, &out->shape);
    } else {
      ConvTranspose1dParams p;
      p.stride = get_one(a, "stride", 1), p.padding = get_one(a, "padding", 0);
      p.output_padding = get_one(a, "output_padding", 0), p.dilation = get_one(a, "dilation", 1);
      p.groups = get<int64_t>(a, "groups", 1);
      if (a.contains("output_size") && !a["output_size"].is_null())
        p.output_size = a["output_size"].back().get<int64_t>();
      s = conv_transpose1d(input, weight, bias, p, buf, &out->shape);
    }
  } else if (c.op == "max_pool1d") {
    MaxPool1dParams p;
    p.kernel_size = get_one(a, "kernel_size", 0);
    if (a.contains("stride") && !a["stride"].is_null()) p.stride = get_one(a, "stride", 0);
    p.padding = get_one(a, "padding", 0), p.dilation = get_one(a, "dilation", 1);
    p.ceil_mode = get<bool>(a, "ceil_mode", false);
    // PyTorch's checks depend on return_indices: ask for indices exactly when the case does
    indices->assign(out->data.size(), -7);
    s = max_pool1d(input, p, buf, get<bool>(a, "return_indices", false) ? indices->data() : nullptr, &out->shape);
  } else if (c.op == "avg_pool1d") {
    AvgPool1dParams p;
    p.kernel_size = get_one(a, "kernel_size", 0);
    if (a.contains("stride") && !a["stride"].is_null()) p.stride = get_one(a, "stride", 0);
    p.padding = get_one(a, "padding", 0), p.ceil_mode = get<bool>(a, "ceil_mode", false);
    p.count_include_pad = get<bool>(a, "count_include_pad", true);
    s = avg_pool1d(input, p, buf, &out->shape);
  } else if (c.op == "max_pool2d") {
    indices->assign(out->data.size(), -7);
    s = max_pool2d(input, max_pool2d_params(a), buf, indices->data(), &out->shape);
  } else if (c.op == "avg_pool2d") {
    s = avg_pool2d(input, avg_pool2d_params(a), buf, &out->shape);
  } else if (c.op == "adaptive_avg_pool1d" || c.op == "adaptive_max_pool1d") {
    const json& size = a["output_size"];
    if (size.is_array() && size.size() != 1) return Status{Code::invalid_argument, "one int", "output_size"};
    const int64_t length = size.is_array() ? size[0].get<int64_t>() : size.get<int64_t>();
    indices->assign(out->data.size(), -7);
    s = c.op == "adaptive_avg_pool1d" ? adaptive_avg_pool1d(input, length, buf, &out->shape)
                                      : adaptive_max_pool1d(input, length, buf, indices->data(), &out->shape);
  } else if (c.op == "unfold" || c.op == "fold") {
    Im2colParams p;
    if (!a.contains("kernel_size")) return Status{Code::invalid_argument, "kernel_size is required", "kernel_size"};
    p.kernel_size = pair(a["kernel_size"]);
    p.dilation = get_pair(a, "dilation", {1, 1});
    p.padding = get_pair(a, "padding", {0, 0});
    p.stride = get_pair(a, "stride", {1, 1});
    if (c.op == "fold") {
      if (!a.contains("output_size")) return Status{Code::invalid_argument, "output_size is required", "output_size"};
      p.output_size = pair(a["output_size"]);
    }
    s = c.op == "unfold" ? unfold(input, p, buf, &out->shape) : fold(input, p, buf, &out->shape);
  } else if (c.op == "max_unpool2d") {
    MaxUnpool2dParams p;
    p.kernel_size = pair(a["kernel_size"]);
    if (a.contains("stride") && !a["stride"].is_null()) p.stride = pair(a["stride"]);
    p.padding = get_pair(a, "padding", {0, 0});
    if (a.contains("output_size") && !a["output_size"].is_null()) {
      const json& size = a["output_size"];
      if (size.size() != 2 && size.size() != 4)
        return Status{Code::invalid_argument, "output_size length", "output_size"};
      p.output_size = Pair{size[size.size() - 2].get<int64_t>(), size[size.size() - 1].get<int64_t>()};
    }
    s = max_unpool2d(input, {c.indices.data(), c.weight.shape}, p, buf, &out->shape);
  } else if (c.op == "lp_pool2d") {
    LpPool2dParams p;
    if (!a.contains("norm_type")) return Status{Code::invalid_argument, "norm_type is required", "norm_type"};
    p.norm_type = a["norm_type"].is_string() ? number(a["norm_type"]) : a["norm_type"].get<double>();
    p.kernel_size = pair(a["kernel_size"]);
    if (a.contains("stride") && !a["stride"].is_null()) p.stride = pair(a["stride"]);
    p.ceil_mode = get<bool>(a, "ceil_mode", false);
    s = lp_pool2d(input, p, buf, &out->shape);
  } else if (c.op == "adaptive_avg_pool2d" || c.op == "adaptive_max_pool2d") {
    AdaptivePool2dParams p;
    if (!a.contains("output_size")) return Status{Code::invalid_argument, "output_size is required", "output_size"};
    const json& size = a["output_size"];
    const json h = size.is_array() ? size[0] : size, w = size.is_array() ? size[1] : size;
    if (!h.is_null()) p.output_h = h.get<int64_t>();
    if (!w.is_null()) p.output_w = w.get<int64_t>();
    indices->assign(out->data.size(), -7);
    s = c.op == "adaptive_avg_pool2d" ? adaptive_avg_pool2d(input, p, buf, &out->shape)
                                      : adaptive_max_pool2d(input, p, buf, indices->data(), &out->shape);
  } else {
    return Status{Code::invalid_argument, "unknown op " + c.op};
  }
  if (s.ok()) out->data.resize(static_cast<size_t>(out->shape.numel()));
  if (s.ok() && indices->size() > out->data.size()) indices->resize(out->data.size());
  return s;
}

bool close(float got, float expected) {
  if (std::isnan(expected)) return std::isnan(got);
  if (std::isinf(expected)) return got == expected;
  return std::fabs(got - expected) <= 1e-4f + 1e-4f * std::fabs(expected);
}

}  // namespace fixtures
