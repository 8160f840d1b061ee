// Seeded random shapes and data for tests; every test prints its seed (CAPTURE) so failures replay.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace testing_random {

struct Rng {
  std::mt19937 gen;
  explicit Rng(uint32_t seed) : gen(seed) {}
  int64_t uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(gen); }
  std::vector<float> floats(size_t n) {
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (float& f : v) f = d(gen);
    return v;
  }
};

}  // namespace testing_random
