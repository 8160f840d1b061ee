// The formula text of an axis ("⌊(5 + 2·1 − 1·(3 − 1) − 1) / 1⌋ + 1 = 5"), written from its geometry.
#include <string>

#include "convlens.hpp"
#include "text.hpp"

namespace convlens {

namespace {

using detail::cat;

// A signed number in a formula: "3", or "(−3)" so that "5 + (−3)" reads right.
std::string term(int64_t v) { return v < 0 ? cat("(−", -v, ")") : cat(v); }
// "2·1" for symmetric padding, "1 + 2" for asymmetric.
std::string pad_terms(int64_t before, int64_t after) {
  return before == after ? cat("2·", before) : cat(term(before), " + ", term(after));
}

}  // namespace

std::string axis_formula(const AxisGeometry& g) {
  switch (g.kind) {
    case AxisKind::transposed:
      return cat("(", g.input, " − 1)·", g.stride, " − 2·", g.pad_before, " + ", g.dilation, "·(", g.kernel, " − 1) + ",
                 g.output_padding, " + 1 = ", g.output);
    case AxisKind::pad: return cat(g.input, " + ", term(g.pad_before), " + ", term(g.pad_after), " = ", g.output);
    case AxisKind::adaptive:
      return g.output == 0 ? "output_size = 0"
                           : cat("windows [⌊i·", g.input, " / ", g.output, "⌋, ⌈(i + 1)·", g.input, " / ", g.output,
                                 "⌉) for i = 0 … ", g.output - 1, ": output_size = ", g.output);
    case AxisKind::unpool: {
      const int64_t fallback = g.output - g.output_padding;
      const std::string f = cat("(", g.input, " − 1)·", g.stride, " − 2·", term(g.pad_before), " + ", g.kernel);
      return g.output_padding == 0 ? cat(f, " = ", g.output)
                                   : cat("output_size (default ", f, " = ", fallback, ") = ", g.output);
    }
    case AxisKind::window: break;
  }
  const std::string inner = cat("(", g.input, " + ", pad_terms(g.pad_before, g.pad_after), " − ", g.dilation, "·(",
                                g.kernel, " − 1) − 1) / ", g.stride);
  std::string f = g.ceil_mode ? cat("⌈", inner, "⌉ + 1") : cat("⌊", inner, "⌋ + 1");
  if (g.dropped_last_window) f += " − 1";
  return cat(f, " = ", g.output);
}

}  // namespace convlens
