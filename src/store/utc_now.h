// The wall clock as the store writes it: UTC, ISO 8601 with milliseconds,
// e.g. "2024-05-03T06:00:00.123Z". Sorts as text in time order.
#ifndef SETELI_STORE_UTC_NOW_H_
#define SETELI_STORE_UTC_NOW_H_

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace seteli::store {

inline std::string UtcNow() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace seteli::store

#endif  // SETELI_STORE_UTC_NOW_H_
