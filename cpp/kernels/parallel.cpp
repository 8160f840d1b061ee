#include "kernels/parallel.hpp"

#if CONVLENS_THREADS
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace convlens::detail {

namespace {
int threads_in_use = 1;
}  // namespace

int parallel_threads() { return threads_in_use; }

#if CONVLENS_THREADS
namespace {
// Below this many multiply-adds a loop runs on one thread: waking the pool costs more than it saves.
constexpr int64_t kMinParallelWork = int64_t{1} << 18;

struct Loop {
  void (*body)(void*, int64_t, int64_t, int);
  void* ctx;
  int64_t count;
  int64_t chunk;  // indices a thread takes at a time
  int threads;
};

// The caller runs its chunks below a gap in its stack. The pool threads read the loop body's captures (locals
// of the kernel's frame, on the caller's stack) all through the loop; without the gap the frames of the
// caller's own callees (a microkernel that keeps its accumulators on the stack) shared cache lines with
// them, and every write evicted the other threads' copies (a 3→16 5×5 convolution ran no faster on 2 threads).
constexpr int kCallerStackGap = 256;

// Before sleeping on the condition variable, a pool thread waiting for the next loop and the caller waiting for
// the pool to finish spin this many times (about a quarter of a millisecond): waking a sleeping thread
// (Atomics.wait in wasm) took longer than the gap between two calls, and the woken thread started late.
constexpr int kSpins = 1 << 18;

// Chunks per thread: the threads take chunks in turn until none is left, so that a thread that starts late (asleep
// when the loop began) or runs slower (its core shared for a while) leaves its share to the others, where equal
// halves made the whole loop wait for it (W2 on 2 threads took as long as on one in about half of the calls).
constexpr int64_t kChunksPerThread = 8;
// A chunk is at least this many multiply-adds, so that a body's own start (a kernel's per-range setup) stays small.
constexpr int64_t kMinChunkWork = int64_t{1} << 16;

struct Pool {
  std::mutex mutex;
  std::condition_variable started, finished;
  std::atomic<uint64_t> generation{0};  // one per loop handed out
  std::atomic<int64_t> next{0};         // the current loop's first index no thread has taken
  std::atomic<int64_t> done{0};         // the current loop's indices finished
  int active = 0;                       // pool threads that took the current loop (and may still take a chunk)
  int size = 0;                         // pool threads started (the caller is not one of them)
  Loop loop{};
};
// Never destroyed: its threads wait on it for the life of the process.
Pool& pool() {
  static Pool* const p = new Pool;
  return *p;
}

// Takes chunks of the current loop and runs them until none is left.
void run_chunks(Pool& p, const Loop& loop, int thread) {
  for (int64_t begin; (begin = p.next.fetch_add(loop.chunk, std::memory_order_relaxed)) < loop.count;) {
    const int64_t end = begin + loop.chunk < loop.count ? begin + loop.chunk : loop.count;
    loop.body(loop.ctx, begin, end, thread);
    if (p.done.fetch_add(end - begin, std::memory_order_acq_rel) + (end - begin) == loop.count) {
      std::lock_guard<std::mutex> lock(p.mutex);
      p.finished.notify_one();
    }
  }
}

void pool_thread(int thread) {
  Pool& p = pool();
  uint64_t seen = 0;
  for (;;) {
    for (int spin = 0; spin < kSpins && p.generation.load(std::memory_order_acquire) == seen; ++spin) {
    }
    Loop loop;
    {
      std::unique_lock<std::mutex> lock(p.mutex);
      p.started.wait(lock, [&] { return p.generation != seen; });
      seen = p.generation;
      loop = p.loop;
      ++p.active;
    }
    if (thread < loop.threads) run_chunks(p, loop, thread);
    std::lock_guard<std::mutex> lock(p.mutex);
    if (--p.active == 0) p.finished.notify_one();
  }
}

void run_caller_chunks(Pool& p, const Loop& loop) {
  volatile char gap[kCallerStackGap];
  gap[0] = 0;
  run_chunks(p, loop, 0);
}
}  // namespace

int set_parallel_threads(int n) {
  n = n < 1 ? 1 : n > kMaxThreads ? kMaxThreads : n;
  Pool& p = pool();
  for (; p.size < n - 1; ++p.size) std::thread(pool_thread, p.size + 1).detach();
  threads_in_use = n;
  return n;
}

void parallel_for_ranges(int64_t count, int64_t cost_per_item, void (*body)(void*, int64_t, int64_t, int), void* ctx) {
  const int threads = count < threads_in_use ? static_cast<int>(count) : threads_in_use;
  if (threads <= 1 || count * cost_per_item < kMinParallelWork) {
    if (count > 0) body(ctx, 0, count, 0);
    return;
  }
  const int64_t by_threads = (count + threads * kChunksPerThread - 1) / (threads * kChunksPerThread);
  const int64_t by_work = (kMinChunkWork + cost_per_item - 1) / cost_per_item;
  const Loop loop{body, ctx, count, by_threads > by_work ? by_threads : by_work, threads};
  Pool& p = pool();
  {
    // A pool thread that took the last loop late may still be about to find it has no chunk left: the counters
    // are reset only once it has.
    std::unique_lock<std::mutex> lock(p.mutex);
    p.finished.wait(lock, [&] { return p.active == 0; });
    p.loop = loop;
    p.next = 0;
    p.done = 0;
    ++p.generation;
  }
  p.started.notify_all();
  run_caller_chunks(p, loop);
  for (int spin = 0; spin < kSpins && p.done.load(std::memory_order_acquire) != count; ++spin) {
  }
  std::unique_lock<std::mutex> lock(p.mutex);
  p.finished.wait(lock, [&] { return p.done == count; });
}
#else
int set_parallel_threads(int) { return threads_in_use; }

void parallel_for_ranges(int64_t count, int64_t, void (*body)(void*, int64_t, int64_t, int), void* ctx) {
  if (count > 0) body(ctx, 0, count, 0);
}
#endif

}  // namespace convlens::detail
