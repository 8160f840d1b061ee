#include "text.hpp"

namespace convlens::detail {

void append(std::string& s, const std::string& v) { s += v; }
void append(std::string& s, const char* v) { s += v; }
void append(std::string& s, int64_t v) { s += std::to_string(v); }

}  // namespace convlens::detail
