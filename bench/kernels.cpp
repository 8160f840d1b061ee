// Every kernel of every family on the benchmark's workloads (given as JSON on the command line by
// bench/run.mjs, from bench/workloads.mjs): the kernel lists of cpp/kernels/kernel_list.cpp, so a kernel
// that is listed is also benchmarked, whether dispatch picks it or not. Prints one JSON line per
// (workload, kernel): the median of timed runs of the kernel alone (inputs padded beforehand).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernels/kernels.hpp"
#include "padding.hpp"

using namespace convlens;
using namespace convlens::detail;
using nlohmann::json;

namespace {

Pair pair(const json& o, const char* key, int64_t fallback) {
  if (!o.contains(key)) return {fallback, fallback};
  const json& v = o[key];
  return v.is_array() ? Pair{v[0].get<int64_t>(), v[1].get<int64_t>()} : Pair{v.get<int64_t>(), v.get<int64_t>()};
}

Shape shape(const json& a) {
  Shape s;
  for (const auto& d : a) s.dim[s.rank++] = d.get<int64_t>();
  return s;
}

std::vector<float> data(int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 2654435761u) % 1000) / 500.0f - 1.0f;
  return v;
}

// Median milliseconds of `run` over enough repetitions for about `budget_ms` of work.
template <class F>
double median_ms(F run, double budget_ms) {
  using clock = std::chrono::steady_clock;
  // Warm-up long enough for the engine's optimising tier (V8 starts wasm code in its baseline compiler,
  // which made the first workload's small kernels look several times slower than the next one's).
  const auto warm = clock::now();
  do run();
  while (std::chrono::duration<double, std::milli>(clock::now() - warm).count() < budget_ms / 4);
  const auto t0 = clock::now();
  run();
  const double once = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  const int reps = std::max(5, std::min(200, static_cast<int>(budget_ms / std::max(once, 1e-3))));
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const auto a = clock::now();
    run();
    t.push_back(std::chrono::duration<double, std::milli>(clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void report(const std::string& id, const char* kernel, bool selected, double ms) {
  std::printf("%s\n", json{{"workload", id}, {"kernel", kernel}, {"dispatched", selected}, {"ms", ms}}.dump().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: kernel bench '<workloads JSON>' [budget ms]\n");
    return 2;
  }
  const json workloads = json::parse(argv[1]);
  const double budget = argc > 2 ? std::stod(argv[2]) : 300.0;
  for (const json& wl : workloads) {
    const std::string id = wl["id"], op = wl["op"];
    const json& o = wl["options"];
    const Shape in_shape = shape(wl["inputShape"]);
    const auto input = data(in_shape.numel());
    if (op == "conv2d") {
      Conv2dParams p;
      p.stride = pair(o, "stride", 1), p.padding = pair(o, "padding", 0), p.groups = o.value("groups", 1);
      const Shape w_shape = shape(wl["weightShape"]);
      Conv2dPlan c;
      if (!plan_conv2d(in_shape, w_shape, std::nullopt, p, &c).ok()) return 1;
      // As ops.cpp runs it: one (batch item, group) at a time over its padded planes.
      PadPlan pad = conv2d_pad_plan(c);
      const int64_t cin_g = c.in.C / c.groups, cout_g = c.Cout / c.groups;
      pad.in.N = 1, pad.in.C = cin_g;
      std::vector<float> padded(static_cast<size_t>(cin_g * pad.OH * pad.OW));
      pad_planes(pad, input.data(), padded.data());
      const ConvGeometry g{1, cin_g, pad.OH, pad.OW, cout_g, c.KH, c.KW, c.SH, c.SW, c.DH, c.DW, 1, c.OH, c.OW};
      const auto weight = data(w_shape.numel());
      std::vector<float> out(static_cast<size_t>(c.Cout * c.OH * c.OW));
      const auto list = conv2d_kernels();
      for (size_t k = 0; k < list.count; ++k) {
        const Conv2dKernel& kernel = list.items[k];
        if (!kernel.supports(g)) continue;
        std::vector<unsigned char> ws(kernel.workspace_bytes(g) + 16);
        const int64_t chunk = cout_g * cin_g * c.KH * c.KW;
        std::vector<std::vector<float>> weights;  // each group's, as the kernel reads it (packed once)
        for (int64_t grp = 0; grp < c.groups; ++grp)
          weights.push_back(kernel_weight(kernel, g, weight.data() + grp * chunk, chunk));
        const double ms = median_ms(
            [&] {
              for (int64_t grp = 0; grp < c.groups; ++grp)
                kernel.run(g, padded.data(), weights[static_cast<size_t>(grp)].data(), nullptr,
                           out.data() + grp * cout_g * c.OH * c.OW, ws.data());
            },
            budget);
        report(id, kernel.name, &list.select(g) == &kernel, ms);
      }
    } else if (op == "convTranspose2d") {
      ConvTranspose2dParams p;
      p.stride = pair(o, "stride", 1), p.padding = pair(o, "padding", 0), p.groups = o.value("groups", 1);
      const Shape w_shape = shape(wl["weightShape"]);
      ConvTranspose2dPlan c;
      if (!plan_conv_transpose2d(in_shape, w_shape, std::nullopt, p, &c).ok()) return 1;
      const auto weight = data(w_shape.numel());
      std::vector<float> out(static_cast<size_t>(c.in.N * c.Cout * c.OH * c.OW));
      const auto list = conv_transpose2d_kernels();
      for (size_t k = 0; k < list.count; ++k) {
        const ConvTranspose2dKernel& kernel = list.items[k];
        if (!kernel.supports(c)) continue;
        std::vector<unsigned char> ws(kernel.workspace_bytes(c) + 16);
        const auto as_read = kernel_weight(kernel, c, weight.data(), static_cast<int64_t>(weight.size()));
        const double ms =
            median_ms([&] { kernel.run(c, input.data(), as_read.data(), nullptr, out.data(), ws.data()); }, budget);
        report(id, kernel.name, &list.select(c) == &kernel, ms);
      }
    } else if (op == "maxPool2d") {
      MaxPool2dParams p;
      p.kernel_size = pair(o, "kernelSize", 1), p.stride = pair(o, "stride", 1), p.padding = pair(o, "padding", 0);
      Pool2dPlan c;
      if (!plan_max_pool2d(in_shape, p, &c).ok()) return 1;
      std::vector<float> out(static_cast<size_t>(c.in.N * c.in.C * c.OH * c.OW));
      const auto list = max_pool2d_kernels();
      for (size_t k = 0; k < list.count; ++k) {
        const MaxPool2dKernel& kernel = list.items[k];
        if (!kernel.supports(c)) continue;
        std::vector<unsigned char> ws(kernel.workspace_bytes(c) + 16);
        const double ms = median_ms([&] { kernel.run(c, input.data(), out.data(), ws.data()); }, budget);
        report(id, kernel.name, &list.select(c) == &kernel, ms);
      }
    } else if (op == "adaptiveAvgPool2d") {
      const Pair size = pair(o, "outputSize", 1);
      AdaptivePool2dParams p;
      p.output_h = size.h, p.output_w = size.w;
      AdaptivePool2dPlan c;
      if (!plan_adaptive_avg_pool2d(in_shape, p, &c).ok()) return 1;
      std::vector<float> out(static_cast<size_t>(c.in.N * c.in.C * c.OH * c.OW));
      const auto list = adaptive_avg_pool2d_kernels();
      for (size_t k = 0; k < list.count; ++k) {
        const AdaptiveAvgPool2dKernel& kernel = list.items[k];
        if (!kernel.supports(c)) continue;
        std::vector<unsigned char> ws(kernel.workspace_bytes(c) + 16);
        const double ms = median_ms([&] { kernel.run(c, input.data(), out.data(), ws.data()); }, budget);
        report(id, kernel.name, &list.select(c) == &kernel, ms);
      }
    }
  }
  return 0;
}
