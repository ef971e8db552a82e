// Where the time comes from. Everything that reads the time (leases,
// backoff, the run schedule, timestamps in the store) takes a Clock, so a
// test can hold time still and move it by hand instead of sleeping:
//
//   ManualClock clock(Instant::Parse("2024-06-06T03:00:00Z").value());
//   auto store = store::OpenStore(url, clock).value();
//   ...                                   // claim a message for 120 s
//   clock.Advance(std::chrono::seconds(121));  // now the lease has expired
//
// The daemon and the CLI use SystemClock::Instance(). Implementations are
// thread-safe.
#ifndef SETELI_CLOCK_H_
#define SETELI_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "seteli/time.h"

namespace seteli {

class Clock {
 public:
  virtual ~Clock() = default;

  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual int64_t UnixMillis() const = 0;

  // Now, to the whole second (taken down).
  Instant Now() const;
  // The instant `ms` milliseconds from now (negative: ago) as the store
  // writes it: UTC, ISO 8601 with milliseconds, "2024-05-03T06:00:00.123Z".
  // Text comparison of these is time order, which due and lease checks in
  // the store rely on.
  std::string UtcText(int64_t after_ms = 0) const;
};

// The wall clock.
class SystemClock final : public Clock {
 public:
  int64_t UnixMillis() const override;
  // The one system clock, for defaults; lives for the whole program.
  static const SystemClock& Instance();
};

// A clock that stands still until a test sets or advances it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : millis_(start.unix_seconds() * 1000) {}

  int64_t UnixMillis() const override { return millis_.load(); }
  void Set(Instant t) { millis_.store(t.unix_seconds() * 1000); }
  void Advance(std::chrono::milliseconds by) { millis_.fetch_add(by.count()); }

 private:
  std::atomic<int64_t> millis_;
};

// `unix_millis` as Clock::UtcText writes it.
std::string UtcText(int64_t unix_millis);

}  // namespace seteli

#endif  // SETELI_CLOCK_H_
