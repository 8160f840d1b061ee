// The core's value types: Shape, and the names of the status codes.
#include <string>

#include "convlens.hpp"
#include "text.hpp"

namespace convlens {

using detail::cat;

const char* code_name(Code code) {
  switch (code) {
    case Code::ok: return "OK";
    case Code::invalid_argument: return "INVALID_ARGUMENT";
    case Code::invalid_shape: return "INVALID_SHAPE";
    case Code::shape_mismatch: return "SHAPE_MISMATCH";
    case Code::output_too_small: return "OUTPUT_TOO_SMALL";
    case Code::too_large: return "TOO_LARGE";
  }
  return "UNKNOWN";
}

Shape::Shape(std::initializer_list<int64_t> dims) {
  for (int64_t d : dims)
    if (rank < kMaxRank) dim[rank++] = d;
}

int64_t Shape::numel() const {
  int64_t n = 1;
  for (int i = 0; i < rank; ++i) {
    if (dim[i] < 0) return -1;
    // Two factors below 2^31 cannot overflow: the checked multiply (a 128-bit helper call on wasm32, which every
    // op's validation makes many times) only when one is larger.
    if ((static_cast<uint64_t>(n) | static_cast<uint64_t>(dim[i])) < (uint64_t{1} << 31))
      n *= dim[i];
    else if (__builtin_mul_overflow(n, dim[i], &n))
      return -1;
  }
  return n;
}

std::string Shape::str() const {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += cat(i ? ", " : "", dim[i]);
  return s + "]";
}

bool Shape::operator==(const Shape& o) const {
  if (rank != o.rank) return false;
  for (int i = 0; i < rank; ++i)
    if (dim[i] != o.dim[i]) return false;
  return true;
}

}  // namespace convlens
