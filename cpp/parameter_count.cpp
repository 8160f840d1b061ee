// The learnable parameters of nn.Conv2d, nn.ConvTranspose2d and their 1-D forms, and the formula that counts them.
// The modules' arguments are checked in plans.cpp (detail::module_weight).
#include <string>

#include "plans.hpp"
#include "text.hpp"

namespace convlens {

namespace {

using detail::cat;

// one_d: nn.Conv1d / nn.ConvTranspose1d, kernel k.w alone.
Status parameter_count(const char* op, int64_t in_ch, int64_t out_ch, Pair k, int64_t groups, bool bias,
                       bool transposed, bool one_d, ParameterCount* count) {
  Shape w;
  if (Status s = detail::module_weight(op, in_ch, out_ch, k, groups, transposed, one_d, &w); !s.ok()) return s;
  const int64_t a = w.dim[0], b = w.dim[1];
  ParameterCount c;
  c.weights = w.numel();
  c.bias = bias ? out_ch : 0;
  c.total = c.weights + c.bias;
  std::string group_note = groups == 1 ? cat(b) : cat("(", transposed ? out_ch : in_ch, "/", groups, ")");
  const std::string kernel = one_d ? cat(k.w) : cat(k.h, "·", k.w);
  std::string factors = transposed ? cat(kernel, "·", a, "·", group_note) : cat(kernel, "·", group_note, "·", a);
  c.formula = cat("weights ", factors);
  if (bias) c.formula += cat(" + bias ", c.bias);
  c.formula += cat(" = ", c.total);
  *count = c;
  return Status::success();
}

}  // namespace

Status conv2d_parameter_count(int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups, bool bias,
                              ParameterCount* count) {
  return parameter_count("Conv2d", in_channels, out_channels, kernel_size, groups, bias, false, false, count);
}

Status conv_transpose2d_parameter_count(int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups,
                                        bool bias, ParameterCount* count) {
  return parameter_count("ConvTranspose2d", in_channels, out_channels, kernel_size, groups, bias, true, false, count);
}

Status conv1d_parameter_count(int64_t in_channels, int64_t out_channels, int64_t kernel_size, int64_t groups, bool bias,
                              ParameterCount* count) {
  return parameter_count("Conv1d", in_channels, out_channels, Pair{1, kernel_size}, groups, bias, false, true, count);
}

Status conv_transpose1d_parameter_count(int64_t in_channels, int64_t out_channels, int64_t kernel_size, int64_t groups,
                                        bool bias, ParameterCount* count) {
  return parameter_count("ConvTranspose1d", in_channels, out_channels, Pair{1, kernel_size}, groups, bias, true, true,
                         count);
}

}  // namespace convlens
