// doctest's runner, compiled once. --threads=N runs every kernel split over N threads (native and
// threaded wasm builds; elsewhere the kernels stay on one thread).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "kernels/parallel.hpp"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--threads=", 10) == 0) convlens::detail::set_parallel_threads(std::atoi(argv[i] + 10));
  doctest::Context context(argc, argv);
  return context.run();
}
