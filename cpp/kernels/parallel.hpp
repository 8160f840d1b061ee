// The one parallel-for of the core: a persistent pool of threads that splits a loop over independent
// outputs into contiguous chunks, which the threads take in turn until none is left. Each output is computed
// by exactly the code and in exactly the order one thread would use, so results are bit-identical for every
// thread count. Built
// with CONVLENS_THREADS (the threaded wasm build, and native builds so that the tests exercise it);
// elsewhere the pool is absent and every loop runs on the calling thread.
#pragma once

#include <cstdint>

namespace convlens::detail {

/// The most threads a pool may have (the caller's included).
constexpr int kMaxThreads = 16;

/// How many threads parallel_for uses, the caller's included: 1 until set_parallel_threads.
int parallel_threads();

/// Sets how many threads parallel_for uses, clamped to [1, kMaxThreads] (to 1 without CONVLENS_THREADS);
/// the pool threads are started once, on the first call that needs them, and then stay. Returns the
/// count in effect. Call it between kernels, never from inside a loop body.
int set_parallel_threads(int n);

/// Runs body(ctx, begin, end, thread) over [0, count) in contiguous ranges, any number per thread index
/// (0 is the caller; a thread that comes late may find no range left), and returns when
/// all have finished. A body must give the same result for any split of [0, count) into ranges. Runs on the calling
/// thread alone when the loop is small: count · cost_per_item (about one multiply-add each) below a few hundred
/// thousand. Bodies write disjoint outputs and never allocate (a pool thread growing the heap would leave the JS views
/// of the memory stale).
void parallel_for_ranges(int64_t count, int64_t cost_per_item, void (*body)(void*, int64_t, int64_t, int), void* ctx);

/// parallel_for_ranges with a callable f(begin, end, thread).
template <class F>
void parallel_for(int64_t count, int64_t cost_per_item, F&& f) {
  parallel_for_ranges(
      count, cost_per_item,
      [](void* ctx, int64_t begin, int64_t end, int thread) { (*static_cast<F*>(ctx))(begin, end, thread); }, &f);
}

}  // namespace convlens::detail
