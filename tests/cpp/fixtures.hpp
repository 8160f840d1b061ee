// Loads the reference cases in tests/fixtures/ (format: tests/fixtures/README.md) and runs them
// through the C++ API.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "convlens.hpp"

namespace fixtures {

struct Tensor {
  convlens::Shape shape;
  std::vector<float> data;
};

struct Case {
  std::string name, op;
  nlohmann::json attrs;  // attrs_pytorch
  Tensor input, weight;
  std::vector<int32_t> indices;  // max_unpool2d's indices (their shape in `weight.shape`)
  std::optional<Tensor> bias;
  Tensor expected;
  std::vector<int32_t> expected_indices;  // max pools with return_indices
  std::string error;                      // family cases PyTorch rejects: the convlens code name, else ""
  // Gradient cases: the upstream gradient; `expected` is grad_input, these the other gradients.
  Tensor grad_output;
  std::optional<Tensor> expected_grad_weight, expected_grad_bias;
};

/// Every case: tutorial.json, random/*.json, padmode/*.json.
std::vector<Case> load_all();

/// The cases of tests/fixtures/family/*.json (the ops past the first five, from the naive reference).
std::vector<Case> load_family();

/// The cases of tests/fixtures/gradients/*.json (conv2d, max_pool2d and avg_pool2d backward, from the naive reference).
std::vector<Case> load_gradients();

/// Runs a gradient case through the public C++ API: grad_input (and conv2d's grad_weight, grad_bias
/// when the case has a bias) or a failed status.
convlens::Status run_backward(const Case& c, Tensor* grad_input, Tensor* grad_weight, std::optional<Tensor>* grad_bias);

/// Runs a case through the public C++ API: the output (and indices for max pool) or a failed status.
convlens::Status run(const Case& c, Tensor* out, std::vector<int32_t>* indices);

/// The fixtures' tolerance: |got − expected| ≤ 1e-4 + 1e-4·|expected|, NaN = NaN, ±∞ exact.
bool close(float got, float expected);

}  // namespace fixtures
