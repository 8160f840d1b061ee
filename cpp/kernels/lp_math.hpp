// lp_pool2d's element-wise steps, shared by its kernels so that every kernel rounds as the reference:
// torch.pow on one element, and the tail that turns a window's average into the output (lp_math.cpp).
#pragma once

namespace convlens::detail {

/// torch.pow(float tensor, Python scalar) on one element, with ATen's special exponents; the general
/// case is float pow with the exponent rounded to float, as ATen's vectorized path (which takes all but
/// a tensor's last few elements) computes it.
float torch_pow(float x, double e);

/// lp_pool2d's tail on one window's average s: (sign(s)·relu(|s|)·area).pow(1 / norm_type).
float lp_pool2d_finish(float mean, float area, double inverse_norm);

}  // namespace convlens::detail
