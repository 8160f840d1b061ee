// lp_pool2d's element-wise steps (lp_math.hpp).
#include "kernels/lp_math.hpp"

#include <algorithm>
#include <cmath>

namespace convlens::detail {

float torch_pow(float x, double e) {
  if (e == 0.0) return 1.0f;
  if (e == 1.0) return x;
  if (e == 0.5) return std::sqrt(x);
  if (e == -0.5) return 1.0f / std::sqrt(x);
  if (e == -1.0) return 1.0f / x;
  if (e == 2.0) return x * x;
  if (e == 3.0) return x * x * x;
  if (e == -2.0) return 1.0f / (x * x);
  return std::pow(x, static_cast<float>(e));
}

float lp_pool2d_finish(float mean, float area, double inverse_norm) {
  // torch.sign (0 for NaN and ±0) times relu(|s|) (NaN stays NaN): s, with −0 made +0
  const float sign = static_cast<float>((0.0f < mean) - (mean < 0.0f));
  const float abs = std::fabs(mean);
  const float relu = std::isnan(abs) ? abs : std::max(abs, 0.0f);
  return torch_pow(sign * relu * area, inverse_norm);
}

}  // namespace convlens::detail
