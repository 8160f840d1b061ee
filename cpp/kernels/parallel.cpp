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
  int threads;
};

void run_share(const Loop& loop, int thread) {
  const int64_t begin = loop.count * thread / loop.threads, end = loop.count * (thread + 1) / loop.threads;
  if (begin < end) loop.body(loop.ctx, begin, end, thread);
}

// The caller runs its share below a gap in its stack. The pool threads read the loop body's captures (locals
// of the kernel's frame, on the caller's stack) all through the loop; without the gap the frames of the
// caller's own callees (a microkernel that keeps its accumulators on the stack) shared cache lines with
// them, and every write evicted the other threads' copies (a 3→16 5×5 convolution ran no faster on 2 threads).
constexpr int kCallerStackGap = 256;
void run_caller_share(const Loop& loop) {
  volatile char gap[kCallerStackGap];
  gap[0] = 0;
  run_share(loop, 0);
}

// Before sleeping on the condition variable, a pool thread waiting for the next loop and the caller waiting for
// the pool to finish spin this many times (about a quarter of a millisecond): waking a sleeping thread
// (Atomics.wait in wasm) took longer than the gap between two calls, and the woken thread's half started late.
constexpr int kSpins = 1 << 18;

struct Pool {
  std::mutex mutex;
  std::condition_variable started, finished;
  std::atomic<uint64_t> generation{0};  // one per loop handed out
  std::atomic<int> pending{0};          // pool threads still working on the current loop
  int size = 0;                         // pool threads started (the caller is not one of them)
  Loop loop{};
};
// Never destroyed: its threads wait on it for the life of the process.
Pool& pool() {
  static Pool* const p = new Pool;
  return *p;
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
    }
    if (thread < loop.threads) run_share(loop, thread);
    std::lock_guard<std::mutex> lock(p.mutex);
    if (--p.pending == 0) p.finished.notify_one();
  }
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
  const Loop loop{body, ctx, count, threads};
  Pool& p = pool();
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    p.loop = loop;
    p.pending = p.size;
    ++p.generation;
  }
  p.started.notify_all();
  run_caller_share(loop);
  for (int spin = 0; spin < kSpins && p.pending.load(std::memory_order_acquire) != 0; ++spin) {
  }
  std::unique_lock<std::mutex> lock(p.mutex);
  p.finished.wait(lock, [&] { return p.pending == 0; });
}
#else
int set_parallel_threads(int) { return threads_in_use; }

void parallel_for_ranges(int64_t count, int64_t, void (*body)(void*, int64_t, int64_t, int), void* ctx) {
  if (count > 0) body(ctx, 0, count, 0);
}
#endif

}  // namespace convlens::detail
