// The wall clock as the store writes it: UTC, ISO 8601 with milliseconds,
// e.g. "2024-05-03T06:00:00.123Z". Sorts as text in time order.
#ifndef SETELI_STORE_UTC_NOW_H_
#define SETELI_STORE_UTC_NOW_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

namespace seteli::store {

// The store's clock `ms` milliseconds from now (negative: ago). Text
// comparison of these is time order, which due and lease checks rely on.
inline std::string UtcAfter(int64_t ms) {
  auto t = std::chrono::system_clock::now() + std::chrono::milliseconds(ms);
  auto total = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(total / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(total % 1000));
  return buf;
}

inline std::string UtcNow() { return UtcAfter(0); }

}  // namespace seteli::store

#endif  // SETELI_STORE_UTC_NOW_H_
