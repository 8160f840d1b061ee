// Building message and formula text: numbers and strings joined without iostreams (which would
// triple the wasm size). Internal to the core.
#pragma once

#include <cstdint>
#include <string>

namespace convlens::detail {

// Out of line (text.cpp): each message's call site is then a call per part, not the parts' code
// inlined over and over (which grew the wasm by kilobytes as messages were added).
void append(std::string& s, const std::string& v);
void append(std::string& s, const char* v);
void append(std::string& s, int64_t v);
inline void append(std::string& s, int v) { append(s, static_cast<int64_t>(v)); }
/// The parts, numbers in decimal, joined into one string.
template <class... A>
std::string cat(const A&... parts) {
  std::string s;
  (append(s, parts), ...);
  return s;
}

}  // namespace convlens::detail
