// Building message and formula text: numbers and strings joined without iostreams (which would
// triple the wasm size). Internal to the core.
#pragma once

#include <cstdint>
#include <string>

namespace convlens::detail {

inline void append(std::string& s, const std::string& v) { s += v; }
inline void append(std::string& s, const char* v) { s += v; }
inline void append(std::string& s, int64_t v) { s += std::to_string(v); }
inline void append(std::string& s, int v) { s += std::to_string(v); }
/// The parts, numbers in decimal, joined into one string.
template <class... A>
std::string cat(const A&... parts) {
  std::string s;
  (append(s, parts), ...);
  return s;
}

}  // namespace convlens::detail
