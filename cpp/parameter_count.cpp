// The learnable parameters of nn.Conv2d and nn.ConvTranspose2d, and the formula that counts them.
// The modules' arguments are checked in plans.cpp (detail::module_weight).
#include <string>

#include "plans.hpp"
#include "text.hpp"

namespace convlens {

namespace {

using detail::cat;

Status parameter_count(const char* op, int64_t in_ch, int64_t out_ch, Pair k, int64_t groups, bool bias,
                       bool transposed, ParameterCount* count) {
  Shape w;
  if (Status s = detail::module_weight(op, in_ch, out_ch, k, groups, transposed, &w); !s.ok()) return s;
  const int64_t a = w.dim[0], b = w.dim[1];
  ParameterCount c;
  c.weights = w.numel();
  c.bias = bias ? out_ch : 0;
  c.total = c.weights + c.bias;
  std::string group_note = groups == 1 ? cat(b) : cat("(", transposed ? out_ch : in_ch, "/", groups, ")");
  std::string factors =
      transposed ? cat(k.h, "·", k.w, "·", a, "·", group_note) : cat(k.h, "·", k.w, "·", group_note, "·", a);
  c.formula = cat("weights ", factors);
  if (bias) c.formula += cat(" + bias ", c.bias);
  c.formula += cat(" = ", c.total);
  *count = c;
  return Status::success();
}

}  // namespace

Status conv2d_parameter_count(int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups, bool bias,
                              ParameterCount* count) {
  return parameter_count("Conv2d", in_channels, out_channels, kernel_size, groups, bias, false, count);
}

Status conv_transpose2d_parameter_count(int64_t in_channels, int64_t out_channels, Pair kernel_size, int64_t groups,
                                        bool bias, ParameterCount* count) {
  return parameter_count("ConvTranspose2d", in_channels, out_channels, kernel_size, groups, bias, true, count);
}

}  // namespace convlens
