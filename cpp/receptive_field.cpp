// Receptive fields: which input and weight positions make one output element. The page's arithmetic
// view and animations draw exactly these taps, and tests check that summing them reproduces the op.
#include <string>
#include <vector>

#include "padding.hpp"

namespace convlens {

namespace {

// A receptive field is listed tap by tap; a huge window is refused before anything is allocated.
Status check_tap_count(const char* op, int64_t taps) {
  if (taps <= detail::kMaxFieldTaps) return Status::success();
  return Status{Code::too_large,
                std::string(op) + ": the receptive field of this output has " + std::to_string(taps) +
                    " taps, more than the " + std::to_string(detail::kMaxFieldTaps) + " a receptive-field query lists",
                ""};
}

// A window tap at (y, x) of the padded input; `mode` says what padding reads.
Tap window_tap(const detail::Input4& in, int64_t n, int64_t c, int64_t y, int64_t x, PaddingMode mode) {
  Tap t;
  t.n = n, t.c = c, t.y = y, t.x = x;
  const int64_t sy = detail::pad_source_index(y, in.H, mode), sx = detail::pad_source_index(x, in.W, mode);
  if (sy >= 0 && sx >= 0) {
    t.source_y = sy, t.source_x = sx;
    t.input_index = ((n * in.C + c) * in.H + sy) * in.W + sx;
  }
  return t;
}

// The field of output (n, c, y, x) of a planned op, listed into `f` (cleared first, so that one
// ReceptiveField serves a whole batch). The index is already checked against the output.
Status conv2d_field(const void* plan, const int64_t idx[4], ReceptiveField* f) {
  const auto& c = *static_cast<const detail::Conv2dPlan*>(plan);
  const int64_t n = idx[0], co = idx[1], oy = idx[2], ox = idx[3];
  const int64_t cin_g = c.in.C / c.groups, group = co / (c.Cout / c.groups);
  if (Status s = check_tap_count("conv2d", cin_g * c.KH * c.KW); !s.ok()) return s;
  f->taps.clear();
  f->bias_index = co, f->divisor = 0;
  f->taps.reserve(static_cast<size_t>(cin_g * c.KH * c.KW));
  for (int64_t ci = 0; ci < cin_g; ++ci)
    for (int64_t ky = 0; ky < c.KH; ++ky)
      for (int64_t kx = 0; kx < c.KW; ++kx) {
        Tap t = window_tap(c.in, n, group * cin_g + ci, oy * c.SH + ky * c.DH - c.pad_top,
                           ox * c.SW + kx * c.DW - c.pad_left, c.mode);
        t.weight[0] = co, t.weight[1] = ci, t.weight[2] = ky, t.weight[3] = kx;
        t.weight_index = ((co * cin_g + ci) * c.KH + ky) * c.KW + kx;
        f->taps.push_back(t);
      }
  return Status::success();
}

Status conv_transpose2d_field(const void* plan, const int64_t idx[4], ReceptiveField* f) {
  const auto& c = *static_cast<const detail::ConvTranspose2dPlan*>(plan);
  const int64_t n = idx[0], co = idx[1], oy = idx[2], ox = idx[3];
  const int64_t cin_g = c.in.C / c.groups, cout_g = c.Cout / c.groups, group = co / cout_g, co_g = co % cout_g;
  // Input (iy, ix) with kernel tap (ky, kx) lands on oy = iy·s − p + ky·d: the taps that land on
  // this output, per axis (each list stops past kMaxFieldTaps, which check_tap_count then refuses).
  const auto landing = [](int64_t o, int64_t pad, int64_t k, int64_t s, int64_t d, int64_t size) {
    std::vector<int64_t> taps;  // (kernel tap, input position) pairs
    for (int64_t kt = 0; kt < k && static_cast<int64_t>(taps.size()) <= 2 * detail::kMaxFieldTaps; ++kt) {
      const int64_t t = o + pad - kt * d;
      if (t < 0) break;  // t only decreases with kt
      if (t % s == 0 && t / s < size) taps.insert(taps.end(), {kt, t / s});
    }
    return taps;
  };
  const std::vector<int64_t> ys = landing(oy, c.PH, c.KH, c.SH, c.DH, c.in.H);
  const std::vector<int64_t> xs = landing(ox, c.PW, c.KW, c.SW, c.DW, c.in.W);
  const int64_t ny = static_cast<int64_t>(ys.size() / 2), nx = static_cast<int64_t>(xs.size() / 2);
  if (Status s = check_tap_count("conv_transpose2d", cin_g * ny * nx); !s.ok()) return s;
  f->taps.clear();
  f->bias_index = co, f->divisor = 0;
  f->taps.reserve(static_cast<size_t>(cin_g * ny * nx));
  for (int64_t ci = group * cin_g; ci < (group + 1) * cin_g; ++ci)
    for (size_t a = 0; a < ys.size(); a += 2)
      for (size_t b = 0; b < xs.size(); b += 2) {
        const int64_t ky = ys[a], kx = xs[b];
        Tap t = window_tap(c.in, n, ci, ys[a + 1], xs[b + 1], PaddingMode::zeros);
        t.weight[0] = ci, t.weight[1] = co_g, t.weight[2] = ky, t.weight[3] = kx;
        t.weight_index = ((ci * cout_g + co_g) * c.KH + ky) * c.KW + kx;
        f->taps.push_back(t);
      }
  return Status::success();
}

// Every position of a pooling window, padding and ceil_mode's overhang included (source −1 there);
// avg pool adds its divisor.
Status pool_field(const char* op, bool avg, const detail::Pool2dPlan& p, const int64_t idx[4], ReceptiveField* f) {
  if (Status s = check_tap_count(op, p.KH * p.KW); !s.ok()) return s;
  f->taps.clear();
  f->bias_index = -1, f->divisor = avg ? detail::avg_pool2d_window(p, idx[2], idx[3]).divisor : 0;
  f->taps.reserve(static_cast<size_t>(p.KH * p.KW));
  for (int64_t ky = 0; ky < p.KH; ++ky)
    for (int64_t kx = 0; kx < p.KW; ++kx)
      f->taps.push_back(window_tap(p.in, idx[0], idx[1], idx[2] * p.SH - p.PH + ky * p.DH,
                                   idx[3] * p.SW - p.PW + kx * p.DW, PaddingMode::zeros));
  return Status::success();
}

// An adaptive window: its taps (all inside the input); avg pool adds the window's size as its divisor.
Status adaptive_field(const char* op, bool avg, const detail::AdaptivePool2dPlan& p, const int64_t idx[4],
                      ReceptiveField* f) {
  const int64_t y0 = detail::adaptive_start(idx[2], p.in.H, p.OH), y1 = detail::adaptive_end(idx[2], p.in.H, p.OH);
  const int64_t x0 = detail::adaptive_start(idx[3], p.in.W, p.OW), x1 = detail::adaptive_end(idx[3], p.in.W, p.OW);
  const int64_t taps = (y1 - y0) * (x1 - x0);  // ≤ H·W ≤ kMaxElements
  if (Status s = check_tap_count(op, taps); !s.ok()) return s;
  f->taps.clear();
  f->bias_index = -1, f->divisor = avg ? taps : 0;
  f->taps.reserve(static_cast<size_t>(taps));
  for (int64_t y = y0; y < y1; ++y)
    for (int64_t x = x0; x < x1; ++x) f->taps.push_back(window_tap(p.in, idx[0], idx[1], y, x, PaddingMode::zeros));
  return Status::success();
}

// unfold: output (n, row, 0, l) is one tap of the image: block l's position (ky, kx) of channel c, row
// c·kh·kw + ky·kw + kx (zero padding: no source).
Status unfold_field(const void* plan, const int64_t idx[4], ReceptiveField* f) {
  const auto& p = *static_cast<const detail::Im2colPlan*>(plan);
  const int64_t area = p.KH * p.KW, c = idx[1] / area, ky = idx[1] % area / p.KW, kx = idx[1] % p.KW;
  const int64_t by = idx[3] / p.BW, bx = idx[3] % p.BW;
  f->taps.clear();
  f->bias_index = -1, f->divisor = 0;
  f->taps.push_back(
      window_tap(p.image, idx[0], c, by * p.SH - p.PH + ky * p.DH, bx * p.SW - p.PW + kx * p.DW, PaddingMode::zeros));
  return Status::success();
}

// fold: output (n, c, y, x) sums the column entries (n, c·kh·kw + ky·kw + kx, l) of every block l whose tap
// (ky, kx) lands on (y, x), in ATen's order (row by row); a tap's position is (0, l) in the [rows, L] matrix.
Status fold_field(const void* plan, const int64_t idx[4], ReceptiveField* f) {
  const auto& p = *static_cast<const detail::Im2colPlan*>(plan);
  if (Status s = check_tap_count("fold", p.KH * p.KW); !s.ok()) return s;
  const detail::Input4 columns{true, p.image.N, p.image.C * p.KH * p.KW, 1, p.BH * p.BW};
  f->taps.clear();
  f->bias_index = -1, f->divisor = 0;
  for (int64_t ky = 0; ky < p.KH; ++ky)
    for (int64_t kx = 0; kx < p.KW; ++kx) {
      const int64_t ty = idx[2] + p.PH - ky * p.DH, tx = idx[3] + p.PW - kx * p.DW;
      if (ty < 0 || tx < 0 || ty % p.SH || tx % p.SW || ty / p.SH >= p.BH || tx / p.SW >= p.BW) continue;
      const int64_t row = (idx[1] * p.KH + ky) * p.KW + kx, l = ty / p.SH * p.BW + tx / p.SW;
      f->taps.push_back(window_tap(columns, idx[0], row, 0, l, PaddingMode::zeros));
    }
  return Status::success();
}

// An output seen as (n, c, y, x), and its shape as the op returns it (a 1-D op's without the unit H axis,
// unfold's [N, rows, L] as (n, row, 0, l)).
struct OutputGrid {
  int64_t N, C, OH, OW;
  Shape shape;
};
template <class Plan>
OutputGrid grid_of(const Plan& p, int64_t C, bool one_d = false) {
  const Shape shape = detail::output_shape(p.in, C, p.OH, p.OW);
  return {p.in.N, C, p.OH, p.OW, one_d ? detail::squeeze_h(shape) : shape};
}

// The field of output `idx` of a planned op: `field_of` lists it from the plan, whatever the plan's type (so
// that one_field() and range_of_fields() are compiled once, not once per plan type: a smaller wasm).
using FieldOf = Status (*)(const void* plan, const int64_t idx[4], ReceptiveField* f);

// One output element's field: plan, check the index, list.
Status one_field(Status planned, const void* plan, const OutputGrid& g, const int64_t idx[4], FieldOf field_of,
                 ReceptiveField* field) {
  if (!planned.ok()) return planned;
  if (Status s = detail::check_output_index(idx, g.N, g.C, g.OH, g.OW); !s.ok()) return s;
  ReceptiveField f;
  if (Status s = field_of(plan, idx, &f); !s.ok()) return s;
  *field = std::move(f);
  return Status::success();
}

// The fields of output elements start … start + count − 1 of a planned op, into `sink`. The taps
// are counted first (the fields listed and dropped), so that nothing past the caps is handed out.
Status range_of_fields(const char* op, Status planned, const void* plan, const OutputGrid& g, int64_t start,
                       std::optional<int64_t> count, FieldOf field_of, FieldSink* sink) {
  if (!planned.ok()) return planned;
  const Shape& shape = g.shape;
  const int64_t total = shape.numel();  // ≤ kMaxElements: the plan checked it
  const std::string of = "the output of size " + shape.str() + " (" + std::to_string(total) + " elements)";
  if (start < 0 || start > total)
    return Status{Code::invalid_argument, std::string(op) + ": start " + std::to_string(start) + " is outside " + of,
                  "start"};
  const int64_t n = count ? *count : total - start;
  if (n < 0 || n > total - start)
    return Status{Code::invalid_argument,
                  std::string(op) + ": count " + std::to_string(n) + " from start " + std::to_string(start) +
                      " is negative or passes the end of " + of,
                  "count"};
  if (n > detail::kMaxFieldTaps)
    return Status{Code::too_large,
                  std::string(op) + ": " + std::to_string(n) + " output elements asked for, more than the " +
                      std::to_string(detail::kMaxFieldTaps) + " a receptive-field query lists",
                  ""};
  const auto at = [&](int64_t i, int64_t idx[4]) {
    const int64_t flat = start + i;
    idx[3] = flat % g.OW, idx[2] = flat / g.OW % g.OH, idx[1] = flat / (g.OW * g.OH) % g.C;
    idx[0] = flat / (g.OW * g.OH * g.C);
  };
  ReceptiveField f;
  int64_t idx[4], taps = 0;
  for (int64_t i = 0; i < n; ++i) {
    at(i, idx);
    if (Status s = field_of(plan, idx, &f); !s.ok()) return s;
    if ((taps += static_cast<int64_t>(f.taps.size())) > detail::kMaxFieldTaps)
      return Status{Code::too_large,
                    std::string(op) + ": the receptive fields of output elements " + std::to_string(start) + " to " +
                        std::to_string(start + n - 1) + " have more than " + std::to_string(detail::kMaxFieldTaps) +
                        " taps in all, the most a receptive-field query lists",
                    ""};
  }
  if (!sink->reserve(shape, start, n, taps))
    return Status{Code::too_large, "out of memory for " + std::to_string(taps) + " receptive-field taps", ""};
  for (int64_t i = 0; i < n; ++i) {
    at(i, idx);
    field_of(plan, idx, &f);  // succeeded above
    sink->add(f);
  }
  return Status::success();
}

const detail::Pool2dPlan& pool_plan(const void* plan) { return *static_cast<const detail::Pool2dPlan*>(plan); }
const detail::AdaptivePool2dPlan& adaptive_plan(const void* plan) {
  return *static_cast<const detail::AdaptivePool2dPlan*>(plan);
}
Status max_pool_field(const void* p, const int64_t idx[4], ReceptiveField* f) {
  return pool_field("max_pool2d", false, pool_plan(p), idx, f);
}
Status avg_pool_field(const void* p, const int64_t idx[4], ReceptiveField* f) {
  return pool_field("avg_pool2d", true, pool_plan(p), idx, f);
}
Status lp_pool_field(const void* p, const int64_t idx[4], ReceptiveField* f) {
  return pool_field("lp_pool2d", false, pool_plan(p), idx, f);
}
Status adaptive_avg_pool_field(const void* p, const int64_t idx[4], ReceptiveField* f) {
  return adaptive_field("adaptive_avg_pool2d", true, adaptive_plan(p), idx, f);
}
Status adaptive_max_pool_field(const void* p, const int64_t idx[4], ReceptiveField* f) {
  return adaptive_field("adaptive_max_pool2d", false, adaptive_plan(p), idx, f);
}

}  // namespace

Status conv2d_receptive_field(const Shape& input, const Shape& weight, const Conv2dParams& params,
                              const int64_t out_index[4], ReceptiveField* field) {
  detail::Conv2dPlan c;
  const Status planned = detail::plan_conv2d(input, weight, std::nullopt, params, &c);
  return one_field(planned, &c, grid_of(c, c.Cout), out_index, conv2d_field, field);
}

Status conv_transpose2d_receptive_field(const Shape& input, const Shape& weight, const ConvTranspose2dParams& params,
                                        const int64_t out_index[4], ReceptiveField* field) {
  detail::ConvTranspose2dPlan c;
  const Status planned = detail::plan_conv_transpose2d(input, weight, std::nullopt, params, &c);
  return one_field(planned, &c, grid_of(c, c.Cout), out_index, conv_transpose2d_field, field);
}

Status max_pool2d_receptive_field(const Shape& input, const MaxPool2dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_max_pool2d(input, params, &p);
  return one_field(planned, &p, grid_of(p, p.in.C), out_index, max_pool_field, field);
}

Status avg_pool2d_receptive_field(const Shape& input, const AvgPool2dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_avg_pool2d(input, params, &p);
  return one_field(planned, &p, grid_of(p, p.in.C), out_index, avg_pool_field, field);
}

Status conv2d_receptive_fields(const Shape& input, const Shape& weight, const Conv2dParams& params, int64_t start,
                               std::optional<int64_t> count, FieldSink* sink) {
  detail::Conv2dPlan c;
  const Status planned = detail::plan_conv2d(input, weight, std::nullopt, params, &c);
  return range_of_fields("conv2d", planned, &c, grid_of(c, c.Cout), start, count, conv2d_field, sink);
}

Status conv_transpose2d_receptive_fields(const Shape& input, const Shape& weight, const ConvTranspose2dParams& params,
                                         int64_t start, std::optional<int64_t> count, FieldSink* sink) {
  detail::ConvTranspose2dPlan c;
  const Status planned = detail::plan_conv_transpose2d(input, weight, std::nullopt, params, &c);
  return range_of_fields("conv_transpose2d", planned, &c, grid_of(c, c.Cout), start, count, conv_transpose2d_field,
                         sink);
}

Status max_pool2d_receptive_fields(const Shape& input, const MaxPool2dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_max_pool2d(input, params, &p);
  return range_of_fields("max_pool2d", planned, &p, grid_of(p, p.in.C), start, count, max_pool_field, sink);
}

Status avg_pool2d_receptive_fields(const Shape& input, const AvgPool2dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_avg_pool2d(input, params, &p);
  return range_of_fields("avg_pool2d", planned, &p, grid_of(p, p.in.C), start, count, avg_pool_field, sink);
}

Status lp_pool2d_receptive_field(const Shape& input, const LpPool2dParams& params, const int64_t out_index[4],
                                 ReceptiveField* field) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_lp_pool2d(input, params, &p);
  return one_field(planned, &p, grid_of(p, p.in.C), out_index, lp_pool_field, field);
}

Status lp_pool2d_receptive_fields(const Shape& input, const LpPool2dParams& params, int64_t start,
                                  std::optional<int64_t> count, FieldSink* sink) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_lp_pool2d(input, params, &p);
  return range_of_fields("lp_pool2d", planned, &p, grid_of(p, p.in.C), start, count, lp_pool_field, sink);
}

Status adaptive_avg_pool2d_receptive_field(const Shape& input, const AdaptivePool2dParams& params,
                                           const int64_t out_index[4], ReceptiveField* field) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_avg_pool2d(input, params, &p);
  return one_field(planned, &p, grid_of(p, p.in.C), out_index, adaptive_avg_pool_field, field);
}

Status adaptive_max_pool2d_receptive_field(const Shape& input, const AdaptivePool2dParams& params,
                                           const int64_t out_index[4], ReceptiveField* field) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_max_pool2d(input, params, &p);
  return one_field(planned, &p, grid_of(p, p.in.C), out_index, adaptive_max_pool_field, field);
}

Status adaptive_avg_pool2d_receptive_fields(const Shape& input, const AdaptivePool2dParams& params, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_avg_pool2d(input, params, &p);
  return range_of_fields("adaptive_avg_pool2d", planned, &p, grid_of(p, p.in.C), start, count, adaptive_avg_pool_field,
                         sink);
}

Status adaptive_max_pool2d_receptive_fields(const Shape& input, const AdaptivePool2dParams& params, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_max_pool2d(input, params, &p);
  return range_of_fields("adaptive_max_pool2d", planned, &p, grid_of(p, p.in.C), start, count, adaptive_max_pool_field,
                         sink);
}

// The 1-D ops: their 2-D plans' fields at (n, c, 0, x), the taps on the unit H axis (y = 0).
Status conv1d_receptive_field(const Shape& input, const Shape& weight, const Conv1dParams& params,
                              const int64_t out_index[4], ReceptiveField* field) {
  detail::Conv2dPlan c;
  const Status planned = detail::plan_conv1d(input, weight, std::nullopt, params, &c);
  return one_field(planned, &c, grid_of(c, c.Cout, true), out_index, conv2d_field, field);
}

Status conv1d_receptive_fields(const Shape& input, const Shape& weight, const Conv1dParams& params, int64_t start,
                               std::optional<int64_t> count, FieldSink* sink) {
  detail::Conv2dPlan c;
  const Status planned = detail::plan_conv1d(input, weight, std::nullopt, params, &c);
  return range_of_fields("conv1d", planned, &c, grid_of(c, c.Cout, true), start, count, conv2d_field, sink);
}

Status conv_transpose1d_receptive_field(const Shape& input, const Shape& weight, const ConvTranspose1dParams& params,
                                        const int64_t out_index[4], ReceptiveField* field) {
  detail::ConvTranspose2dPlan c;
  const Status planned = detail::plan_conv_transpose1d(input, weight, std::nullopt, params, &c);
  return one_field(planned, &c, grid_of(c, c.Cout, true), out_index, conv_transpose2d_field, field);
}

Status conv_transpose1d_receptive_fields(const Shape& input, const Shape& weight, const ConvTranspose1dParams& params,
                                         int64_t start, std::optional<int64_t> count, FieldSink* sink) {
  detail::ConvTranspose2dPlan c;
  const Status planned = detail::plan_conv_transpose1d(input, weight, std::nullopt, params, &c);
  return range_of_fields("conv_transpose1d", planned, &c, grid_of(c, c.Cout, true), start, count,
                         conv_transpose2d_field, sink);
}

Status max_pool1d_receptive_field(const Shape& input, const MaxPool1dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_max_pool1d(input, params, params.return_indices, &p);
  return one_field(planned, &p, grid_of(p, p.in.C, true), out_index, max_pool_field, field);
}

Status max_pool1d_receptive_fields(const Shape& input, const MaxPool1dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_max_pool1d(input, params, params.return_indices, &p);
  return range_of_fields("max_pool1d", planned, &p, grid_of(p, p.in.C, true), start, count, max_pool_field, sink);
}

Status avg_pool1d_receptive_field(const Shape& input, const AvgPool1dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_avg_pool1d(input, params, &p);
  return one_field(planned, &p, grid_of(p, p.in.C, true), out_index, avg_pool_field, field);
}

Status avg_pool1d_receptive_fields(const Shape& input, const AvgPool1dParams& params, int64_t start,
                                   std::optional<int64_t> count, FieldSink* sink) {
  detail::Pool2dPlan p;
  const Status planned = detail::plan_avg_pool1d(input, params, &p);
  return range_of_fields("avg_pool1d", planned, &p, grid_of(p, p.in.C, true), start, count, avg_pool_field, sink);
}

Status adaptive_avg_pool1d_receptive_field(const Shape& input, int64_t output_size, const int64_t out_index[4],
                                           ReceptiveField* field) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_avg_pool1d(input, output_size, &p);
  return one_field(planned, &p, grid_of(p, p.in.C, true), out_index, adaptive_avg_pool_field, field);
}

Status adaptive_avg_pool1d_receptive_fields(const Shape& input, int64_t output_size, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_avg_pool1d(input, output_size, &p);
  return range_of_fields("adaptive_avg_pool1d", planned, &p, grid_of(p, p.in.C, true), start, count,
                         adaptive_avg_pool_field, sink);
}

Status adaptive_max_pool1d_receptive_field(const Shape& input, int64_t output_size, const int64_t out_index[4],
                                           ReceptiveField* field) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_max_pool1d(input, output_size, &p);
  return one_field(planned, &p, grid_of(p, p.in.C, true), out_index, adaptive_max_pool_field, field);
}

Status adaptive_max_pool1d_receptive_fields(const Shape& input, int64_t output_size, int64_t start,
                                            std::optional<int64_t> count, FieldSink* sink) {
  detail::AdaptivePool2dPlan p;
  const Status planned = detail::plan_adaptive_max_pool1d(input, output_size, &p);
  return range_of_fields("adaptive_max_pool1d", planned, &p, grid_of(p, p.in.C, true), start, count,
                         adaptive_max_pool_field, sink);
}

namespace {
// unfold's [N, rows, L] as (n, row, 0, l); fold's image as (n, c, y, x).
OutputGrid unfold_grid(const detail::Im2colPlan& p) {
  return {p.image.N, p.image.C * p.KH * p.KW, 1, p.BH * p.BW, detail::columns_shape(p)};
}
OutputGrid fold_grid(const detail::Im2colPlan& p) {
  return {p.image.N, p.image.C, p.image.H, p.image.W, detail::output_shape(p.image, p.image.C, p.image.H, p.image.W)};
}
}  // namespace

Status unfold_receptive_field(const Shape& input, const Im2colParams& params, const int64_t out_index[4],
                              ReceptiveField* field) {
  detail::Im2colPlan p;
  const Status planned = detail::plan_unfold(input, params, &p);
  return one_field(planned, &p, unfold_grid(p), out_index, unfold_field, field);
}

Status unfold_receptive_fields(const Shape& input, const Im2colParams& params, int64_t start,
                               std::optional<int64_t> count, FieldSink* sink) {
  detail::Im2colPlan p;
  const Status planned = detail::plan_unfold(input, params, &p);
  return range_of_fields("unfold", planned, &p, unfold_grid(p), start, count, unfold_field, sink);
}

Status fold_receptive_field(const Shape& input, const Im2colParams& params, const int64_t out_index[4],
                            ReceptiveField* field) {
  detail::Im2colPlan p;
  const Status planned = detail::plan_fold(input, params, &p);
  return one_field(planned, &p, fold_grid(p), out_index, fold_field, field);
}

Status fold_receptive_fields(const Shape& input, const Im2colParams& params, int64_t start,
                             std::optional<int64_t> count, FieldSink* sink) {
  detail::Im2colPlan p;
  const Status planned = detail::plan_fold(input, params, &p);
  return range_of_fields("fold", planned, &p, fold_grid(p), start, count, fold_field, sink);
}

}  // namespace convlens
