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

}  // namespace

Status conv2d_receptive_field(const Shape& input, const Shape& weight, const Conv2dParams& params,
                              const int64_t out_index[4], ReceptiveField* field) {
  detail::Conv2dPlan c;
  if (Status s = detail::plan_conv2d(input, weight, std::nullopt, params, &c); !s.ok()) return s;
  if (Status s = detail::check_output_index(out_index, c.in.N, c.Cout, c.OH, c.OW); !s.ok()) return s;
  const int64_t n = out_index[0], co = out_index[1], oy = out_index[2], ox = out_index[3];
  const int64_t cin_g = c.in.C / c.groups, group = co / (c.Cout / c.groups);
  if (Status s = check_tap_count("conv2d", cin_g * c.KH * c.KW); !s.ok()) return s;
  ReceptiveField f;
  f.bias_index = co;
  f.taps.reserve(static_cast<size_t>(cin_g * c.KH * c.KW));
  for (int64_t ci = 0; ci < cin_g; ++ci)
    for (int64_t ky = 0; ky < c.KH; ++ky)
      for (int64_t kx = 0; kx < c.KW; ++kx) {
        Tap t = window_tap(c.in, n, group * cin_g + ci, oy * c.SH + ky * c.DH - c.pad_top,
                           ox * c.SW + kx * c.DW - c.pad_left, c.mode);
        t.weight[0] = co, t.weight[1] = ci, t.weight[2] = ky, t.weight[3] = kx;
        t.weight_index = ((co * cin_g + ci) * c.KH + ky) * c.KW + kx;
        f.taps.push_back(t);
      }
  *field = std::move(f);
  return Status::success();
}

Status conv_transpose2d_receptive_field(const Shape& input, const Shape& weight, const ConvTranspose2dParams& params,
                                        const int64_t out_index[4], ReceptiveField* field) {
  detail::ConvTranspose2dPlan c;
  if (Status s = detail::plan_conv_transpose2d(input, weight, std::nullopt, params, &c); !s.ok()) return s;
  if (Status s = detail::check_output_index(out_index, c.in.N, c.Cout, c.OH, c.OW); !s.ok()) return s;
  const int64_t n = out_index[0], co = out_index[1], oy = out_index[2], ox = out_index[3];
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
  ReceptiveField f;
  f.bias_index = co;
  f.taps.reserve(static_cast<size_t>(cin_g * ny * nx));
  for (int64_t ci = group * cin_g; ci < (group + 1) * cin_g; ++ci)
    for (size_t a = 0; a < ys.size(); a += 2)
      for (size_t b = 0; b < xs.size(); b += 2) {
        const int64_t ky = ys[a], kx = xs[b];
        Tap t = window_tap(c.in, n, ci, ys[a + 1], xs[b + 1], PaddingMode::zeros);
        t.weight[0] = ci, t.weight[1] = co_g, t.weight[2] = ky, t.weight[3] = kx;
        t.weight_index = ((ci * cout_g + co_g) * c.KH + ky) * c.KW + kx;
        f.taps.push_back(t);
      }
  *field = std::move(f);
  return Status::success();
}

namespace {
// Every position of a pooling window, padding and ceil_mode's overhang included (source −1 there).
Status pool_taps(const char* op, const detail::Pool2dPlan& p, const int64_t idx[4], ReceptiveField* f) {
  if (Status s = check_tap_count(op, p.KH * p.KW); !s.ok()) return s;
  f->taps.reserve(static_cast<size_t>(p.KH * p.KW));
  for (int64_t ky = 0; ky < p.KH; ++ky)
    for (int64_t kx = 0; kx < p.KW; ++kx)
      f->taps.push_back(window_tap(p.in, idx[0], idx[1], idx[2] * p.SH - p.PH + ky * p.DH,
                                   idx[3] * p.SW - p.PW + kx * p.DW, PaddingMode::zeros));
  return Status::success();
}
}  // namespace

Status max_pool2d_receptive_field(const Shape& input, const MaxPool2dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_max_pool2d(input, params, &p); !s.ok()) return s;
  if (Status s = detail::check_output_index(out_index, p.in.N, p.in.C, p.OH, p.OW); !s.ok()) return s;
  ReceptiveField f;
  if (Status s = pool_taps("max_pool2d", p, out_index, &f); !s.ok()) return s;
  *field = std::move(f);
  return Status::success();
}

Status avg_pool2d_receptive_field(const Shape& input, const AvgPool2dParams& params, const int64_t out_index[4],
                                  ReceptiveField* field) {
  detail::Pool2dPlan p;
  if (Status s = detail::plan_avg_pool2d(input, params, &p); !s.ok()) return s;
  if (Status s = detail::check_output_index(out_index, p.in.N, p.in.C, p.OH, p.OW); !s.ok()) return s;
  ReceptiveField f;
  if (Status s = pool_taps("avg_pool2d", p, out_index, &f); !s.ok()) return s;
  f.divisor = detail::avg_pool2d_window(p, out_index[2], out_index[3]).divisor;
  *field = std::move(f);
  return Status::success();
}

}  // namespace convlens
