// lp_pool2d's element-wise steps, shared by its kernels so that every kernel rounds as the reference:
// torch.pow on one element, and the tail that turns a window's average into the output.
#pragma once

#include <algorithm>
#include <cmath>

namespace convlens::detail {

/// torch.pow(float tensor, Python scalar) on one element, with ATen's special exponents; the general
/// case is float pow with the exponent rounded to float, as ATen's vectorized path (which takes all but
/// a tensor's last few elements) computes it.
inline float torch_pow(float x, double e) {
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

/// lp_pool2d's tail on one window's average s: (sign(s)·relu(|s|)·area).pow(1 / norm_type).
inline float lp_pool2d_finish(float mean, float area, double inverse_norm) {
  // torch.sign (0 for NaN and ±0) times relu(|s|) (NaN stays NaN): s, with −0 made +0
  const float sign = static_cast<float>((0.0f < mean) - (mean < 0.0f));
  const float abs = std::fabs(mean);
  const float relu = std::isnan(abs) ? abs : std::max(abs, 0.0f);
  return torch_pow(sign * relu * area, inverse_norm);
}

}  // namespace convlens::detail
