// The thread pool (kernels/parallel.hpp): every index of a loop runs exactly once, on as many threads
// as asked for where the build has a pool, and the kernels that split their outputs over threads give
// the very same bits on 1, 2 and 3 threads (tests/js/threads.test.mjs adds the benchmark's full shapes,
// conv_transpose2d and max_pool2d, through the API).
#include <doctest/doctest.h>

#include <atomic>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "kernels/kernels.hpp"
#include "kernels/parallel.hpp"
#include "random.hpp"

#ifndef CONVLENS_THREADS
#define CONVLENS_THREADS 0
#endif

using namespace convlens;
using namespace convlens::detail;

namespace {

/// Restores the thread count a test found.
struct ThreadCount {
  int saved = parallel_threads();
  ~ThreadCount() { set_parallel_threads(saved); }
};

/// `run()` on 1 thread, then on 2 and on 3: the outputs must be equal bit for bit.
template <class Run>
void check_same_bits(Run run) {
  ThreadCount restore;
  set_parallel_threads(1);
  const std::vector<float> one = run();
  for (int threads : {2, 3}) {
    CAPTURE(threads);
    set_parallel_threads(threads);
    const std::vector<float> many = run();
    REQUIRE(many.size() == one.size());
    CHECK(std::memcmp(many.data(), one.data(), one.size() * sizeof(float)) == 0);
  }
}

std::vector<float> run_conv2d(const Conv2dKernel& k, const ConvGeometry& g, const std::vector<float>& input,
                              const std::vector<float>& weight, const std::vector<float>& bias) {
  std::vector<float> out(static_cast<size_t>(g.N * g.Cout * g.OH * g.OW));
  std::vector<unsigned char> ws(static_cast<size_t>(k.workspace_bytes(g)) + 16);
  const auto as_read = kernel_weight(k, g, weight.data(), static_cast<int64_t>(weight.size()));
  k.run(g, input.data(), as_read.data(), bias.data(), out.data(), ws.data());
  return out;
}

}  // namespace

TEST_CASE("parallel_for: each index once, split over the threads asked for where the build has a pool") {
  ThreadCount restore;
  for (int asked : {1, 2, 3}) {
    CAPTURE(asked);
    const int threads = set_parallel_threads(asked);
    CHECK(threads == (CONVLENS_THREADS ? asked : 1));
    CHECK(parallel_threads() == threads);
    std::vector<int> visits(1000, 0), thread_of(1000, -1);
    parallel_for(1000, int64_t{1} << 20, [&](int64_t begin, int64_t end, int thread) {
      for (int64_t i = begin; i < end; ++i) ++visits[i], thread_of[i] = thread;
    });
    std::set<int> used(thread_of.begin(), thread_of.end());
    for (int v : visits) REQUIRE(v == 1);
    // threads take chunks in turn: a thread that comes late may find none left
    CHECK(*used.begin() >= 0);
    CHECK(*used.rbegin() <= threads - 1);
    // a body that waits for a second thread: the pool's threads do take chunks
    if (threads > 1) {
      std::atomic<int> joined{0};
      std::vector<int> by(1000, -1);
      parallel_for(1000, int64_t{1} << 20, [&](int64_t begin, int64_t end, int thread) {
        if (thread != 0) joined = 1;
        for (int spins = 0; thread == 0 && joined == 0 && spins < (1 << 26); ++spins) {
        }
        for (int64_t i = begin; i < end; ++i) by[i] = thread;
      });
      CHECK(joined == 1);
      for (int t : by) REQUIRE(t >= 0);
    }
    // loops one after another, each claimed only by its own threads: a pool thread waking late runs nothing
    // of a loop that ended
    std::vector<std::atomic<int64_t>> sums(200);
    for (size_t loop = 0; loop < sums.size(); ++loop)
      parallel_for(64, int64_t{1} << 20, [&](int64_t begin, int64_t end, int) {
        int64_t s = 0;
        for (int64_t i = begin; i < end; ++i) s += i + 1;
        sums[loop] += s;
      });
    for (const auto& s : sums) REQUIRE(s == 64 * 65 / 2);
    // a loop too small to be worth waking the pool for runs on the caller alone
    std::set<int> small;
    parallel_for(8, 1, [&](int64_t, int64_t, int thread) { small.insert(thread); });
    CHECK(small == std::set<int>{0});
  }
}

TEST_CASE("conv2d kernels: the same bits on 1, 2 and 3 threads (shapes of W2, W8 and W3, scaled down)") {
  // Each large enough to be split (parallel.cpp's threshold) and small enough for the -O0 sanitizer build;
  // tests/js/threads.test.mjs runs the benchmark's full shapes through the API. 3×3 GEMM as W2; 3→16 5×5
  // as W8's image filter; depthwise 3×3 as W3 and 5×5; two images in two groups at stride 2.
  const ConvGeometry shapes[] = {{1, 32, 30, 30, 32, 3, 3, 1, 1, 1, 1, 1, 28, 28},
                                 {1, 3, 132, 132, 16, 5, 5, 1, 1, 1, 1, 1, 128, 128},
                                 {1, 64, 30, 30, 64, 3, 3, 1, 1, 1, 1, 64, 28, 28},
                                 {1, 16, 36, 36, 16, 5, 5, 1, 1, 1, 1, 16, 32, 32},
                                 {2, 8, 65, 63, 12, 3, 3, 2, 2, 1, 1, 2, 32, 31}};
  testing_random::Rng rng(16);
  for (const ConvGeometry& g : shapes) {
    const auto input = rng.floats(static_cast<size_t>(g.N * g.C * g.H * g.W));
    const auto weight = rng.floats(static_cast<size_t>(g.Cout * (g.C / g.groups) * g.KH * g.KW));
    const auto bias = rng.floats(static_cast<size_t>(g.Cout));
    const KernelList<Conv2dKernel> list = conv2d_kernels();
    for (size_t i = 0; i < list.count; ++i) {
      const Conv2dKernel& k = list.items[i];
      if (!k.supports(g) || std::strcmp(k.name, "conv2d_reference") == 0) continue;
      CAPTURE(std::string(k.name));
      CAPTURE(g.C);
      check_same_bits([&] { return run_conv2d(k, g, input, weight, bias); });
    }
  }
}

TEST_CASE("avg_pool2d and lp_pool2d: the same bits on 1, 2 and 3 threads (planes split over the threads)") {
  // 24 planes of 128×128, 3×3 windows: large enough to be split (24·65·65·9 window taps); padding, ceil_mode and
  // count_include_pad false make windows of every size, and lp_pool2d's p = 3 takes powers and roots.
  const Shape shape{2, 12, 128, 128};
  testing_random::Rng rng(17);
  const auto input = rng.floats(static_cast<size_t>(shape.numel()));
  AvgPool2dParams avg;
  avg.kernel_size = {3, 3};
  avg.stride = Pair{2, 2};
  avg.padding = {1, 1};
  avg.ceil_mode = true;
  avg.count_include_pad = false;
  Pool2dPlan avg_plan;
  REQUIRE(plan_avg_pool2d(shape, avg, &avg_plan).ok());
  LpPool2dParams lp;
  lp.norm_type = 3.0;
  lp.kernel_size = {3, 3};
  lp.stride = Pair{2, 2};
  Pool2dPlan lp_plan;
  REQUIRE(plan_lp_pool2d(shape, lp, &lp_plan).ok());
  for (const Pool2dPlan* plan : {&avg_plan, &lp_plan}) {
    CAPTURE(plan->norm_type);
    check_same_bits([&] {
      std::vector<float> out(static_cast<size_t>(plan->in.N * plan->in.C * plan->OH * plan->OW));
      if (plan == &avg_plan)
        avg_pool2d_reference(*plan, input.data(), out.data());
      else
        lp_pool2d_reference(*plan, input.data(), out.data());
      return out;
    });
  }
}

TEST_CASE("conv_transpose2d kernels: the same bits on 1, 2 and 3 threads (output channels split over the threads)") {
  // 2 images, 2 groups of 8 → 6 channels (32×30: large enough to be split), 3×3 at stride 2, dilation 2 and
  // output_padding 1 (col2im's overlapping windows), and W7's 64→32 4×4 stride 2 scaled down: 7 output channels per
  // thread share 4-row weight tiles at the thread borders.
  struct Case {
    Shape input, weight;
    ConvTranspose2dParams params;
  };
  ConvTranspose2dParams dilated;
  dilated.stride = {2, 2};
  dilated.padding = {1, 1};
  dilated.output_padding = {1, 1};
  dilated.dilation = {2, 2};
  dilated.groups = 2;
  ConvTranspose2dParams w7;
  w7.stride = {2, 2};
  w7.padding = {1, 1};
  const Case cases[] = {{Shape{2, 16, 32, 30}, Shape{16, 3, 3, 3}, dilated},
                        {Shape{1, 16, 20, 20}, Shape{16, 21, 4, 4}, w7}};
  testing_random::Rng rng(18);
  for (const Case& c : cases) {
    ConvTranspose2dPlan plan;
    REQUIRE(plan_conv_transpose2d(c.input, c.weight, Shape{c.weight.dim[1] * c.params.groups}, c.params, &plan).ok());
    const auto input = rng.floats(static_cast<size_t>(c.input.numel()));
    const auto weight = rng.floats(static_cast<size_t>(c.weight.numel()));
    const auto bias = rng.floats(static_cast<size_t>(plan.Cout));
    const KernelList<ConvTranspose2dKernel> list = conv_transpose2d_kernels();
    for (size_t i = 0; i < list.count; ++i) {
      const ConvTranspose2dKernel& k = list.items[i];
      if (!k.supports(plan) || std::strcmp(k.name, "conv_transpose2d_reference") == 0) continue;
      CAPTURE(std::string(k.name));
      CAPTURE(plan.Cout);
      check_same_bits([&] {
        std::vector<float> out(static_cast<size_t>(plan.in.N * plan.Cout * plan.OH * plan.OW));
        std::vector<unsigned char> ws(static_cast<size_t>(k.workspace_bytes(plan)) + 16);
        const auto as_read = kernel_weight(k, plan, weight.data(), static_cast<int64_t>(weight.size()));
        k.run(plan, input.data(), as_read.data(), bias.data(), out.data(), ws.data());
        return out;
      });
    }
  }
}
