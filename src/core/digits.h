// ASCII digits as the core's parsers read them (dates, times, business IDs,
// references): '0' to '9' only, whatever the locale says.
#ifndef SETELI_CORE_DIGITS_H_
#define SETELI_CORE_DIGITS_H_

#include <cstddef>
#include <string_view>

namespace seteli::internal {

// True when `s` is not empty and every character is a digit.
inline bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// Reads the `n` digits of `s` from `pos` into `out`; false (and `out`
// untouched) when one is missing or is not a digit.
inline bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace seteli::internal

#endif  // SETELI_CORE_DIGITS_H_
