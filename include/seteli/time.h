// Instants and Europe/Helsinki local time.
//
// Service times arrive as ISO 8601 with an offset; the engine keeps them as
// UTC instants and reads them in Helsinki local time (EET, UTC+2, with EU
// summer time, UTC+3, from 01:00 UTC on the last Sunday of March to 01:00
// UTC on the last Sunday of October). The rule is computed, not looked up,
// so the core needs no tz database.
//
//   Instant t = Instant::Parse("2024-05-03T09:00:00+03:00").value();
//   LocalTime l = ToHelsinki(t);       // 2024-05-03, 540 minutes, +180
#ifndef SETELI_TIME_H_
#define SETELI_TIME_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "seteli/date.h"
#include "seteli/status.h"

namespace seteli {

class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant FromUnixSeconds(int64_t s) { return Instant(s); }
  // "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)"; the offset is required.
  static Result<Instant> Parse(std::string_view text);

  constexpr int64_t unix_seconds() const { return seconds_; }
  // The instant taken down to its whole minute.
  Instant FloorMinute() const;
  Instant AddSeconds(int64_t s) const { return Instant(seconds_ + s); }
  // ISO 8601 in Helsinki local time with its offset, e.g. "2024-05-03T09:00:00+03:00".
  std::string ToHelsinkiString() const;

  auto operator<=>(const Instant&) const = default;

 private:
  constexpr explicit Instant(int64_t s) : seconds_(s) {}
  int64_t seconds_ = 0;
};

struct LocalTime {
  Date date;
  int minute_of_day = 0;   // 0..1439
  int second = 0;
  int offset_minutes = 0;  // 120 or 180
};

LocalTime ToHelsinki(Instant t);
// Helsinki's UTC offset in minutes at t.
int HelsinkiOffsetMinutes(Instant t);
// The first offset change strictly after t.
Instant NextHelsinkiOffsetChange(Instant t);
// The instant of local midnight starting `d` (midnight is never skipped in Helsinki).
Instant HelsinkiMidnight(Date d);
// The instant of a Helsinki wall-clock time; an error for a time that does
// not exist (skipped in spring) or occurs twice (repeated in autumn).
Result<Instant> FromHelsinki(Date d, int minute_of_day, int second);

}  // namespace seteli

#endif  // SETELI_TIME_H_
