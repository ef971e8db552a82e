#include "seteli/time.h"

#include <cstdio>
#include <vector>

#include "core/digits.h"

namespace seteli {
namespace {

using internal::ReadDigits;

constexpr int64_t kDay = 86400;

Date LastSunday(int year, int month) {
  Date last = YearMonth(year, month).last();
  return last.AddDays(-(last.weekday() % 7));
}

// 01:00 UTC on the last Sunday of March and of October: the EU rule that
// Finland follows.
struct SummerTime {
  int64_t start, end;  // Unix seconds
};
SummerTime SummerTimeOf(int year) {
  return {LastSunday(year, 3).days() * kDay + 3600, LastSunday(year, 10).days() * kDay + 3600};
}

// Worked out once for the years of any event: every time of every event
// comes through here, several times over (pricing, time bands, the line's
// JSON), and finding the last Sundays was a twentieth of the monthly run.
constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;
SummerTime SummerTimeIn(int year) {
  static const std::vector<SummerTime> table = [] {
    std::vector<SummerTime> t;
    for (int y = kFirstYear; y <= kLastYear; ++y) t.push_back(SummerTimeOf(y));
    return t;
  }();
  if (year < kFirstYear || year > kLastYear) return SummerTimeOf(year);
  return table[year - kFirstYear];
}
int64_t SummerStart(int year) { return SummerTimeIn(year).start; }
int64_t SummerEnd(int year) { return SummerTimeIn(year).end; }

int FloorDiv(int64_t a, int64_t b, int64_t* rem) {
  int64_t q = a / b, r = a % b;
  if (r < 0) {
    r += b;
    --q;
  }
  *rem = r;
  return static_cast<int>(q);
}

}  // namespace

Result<Instant> Instant::Parse(std::string_view text) {
  auto bad = [&] {
    return Error{"invalid_time",
                 "not a time YYYY-MM-DDTHH:MM:SS with an offset: '" + std::string(text) + "'"};
  };
  if (text.size() < 16) return bad();
  auto date = Date::Parse(text.substr(0, 10));
  int hh, mm, ss = 0;
  if (!date.ok() || (text[10] != 'T' && text[10] != ' ') || !ReadDigits(text, 11, 2, &hh) ||
      text[13] != ':' || !ReadDigits(text, 14, 2, &mm) || hh > 23 || mm > 59) {
    return bad();
  }
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, &ss) || ss > 59) return bad();
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return bad();
    }
  }
  int offset = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!ReadDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &om) || oh > 14 || om > 59) {
      return bad();
    }
    offset = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  int64_t local = date.value().days() * kDay + hh * 3600 + mm * 60 + ss;
  return Instant(local - offset * 60);
}

Instant Instant::FloorMinute() const {
  int64_t rem;
  FloorDiv(seconds_, 60, &rem);
  return Instant(seconds_ - rem);
}

int HelsinkiOffsetMinutes(Instant t) {
  int64_t rem;
  int year = Date::FromDays(FloorDiv(t.unix_seconds(), kDay, &rem)).year();
  int64_t s = t.unix_seconds();
  return s >= SummerStart(year) && s < SummerEnd(year) ? 180 : 120;
}

Instant NextHelsinkiOffsetChange(Instant t) {
  int64_t rem;
  int year = Date::FromDays(FloorDiv(t.unix_seconds(), kDay, &rem)).year();
  int64_t s = t.unix_seconds();
  for (int y = year; y <= year + 1; ++y) {
    if (SummerStart(y) > s) return Instant::FromUnixSeconds(SummerStart(y));
    if (SummerEnd(y) > s) return Instant::FromUnixSeconds(SummerEnd(y));
  }
  return Instant::FromUnixSeconds(SummerStart(year + 2));
}

LocalTime ToHelsinki(Instant t) {
  LocalTime l;
  l.offset_minutes = HelsinkiOffsetMinutes(t);
  int64_t rem;
  l.date = Date::FromDays(FloorDiv(t.unix_seconds() + l.offset_minutes * 60, kDay, &rem));
  l.minute_of_day = static_cast<int>(rem / 60);
  l.second = static_cast<int>(rem % 60);
  return l;
}

Instant HelsinkiMidnight(Date d) {
  // Offset changes happen at 03:00/04:00 local, never at midnight: the
  // offset in force at the candidate instant is the right one.
  int64_t local = d.days() * kDay;
  for (int offset : {120, 180}) {
    Instant t = Instant::FromUnixSeconds(local - offset * 60);
    if (HelsinkiOffsetMinutes(t) == offset) return t;
  }
  return Instant::FromUnixSeconds(local - 120 * 60);
}

Result<Instant> FromHelsinki(Date d, int minute_of_day, int second) {
  const int64_t local = d.days() * kDay + int64_t(minute_of_day) * 60 + second;
  int found = 0;
  Instant at;
  for (int offset : {120, 180}) {
    Instant t = Instant::FromUnixSeconds(local - offset * 60);
    if (HelsinkiOffsetMinutes(t) == offset) at = t, ++found;
  }
  char hhmm[16];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  const std::string when = d.ToString() + " " + hhmm;
  if (found == 0) {
    return Error{"invalid_time", when + " does not exist in Helsinki (clocks were put forward)"};
  }
  if (found == 2) {
    return Error{"invalid_time",
                 when + " occurs twice in Helsinki (clocks were put back): give its offset"};
  }
  return at;
}

std::string Instant::ToHelsinkiString() const {
  LocalTime l = ToHelsinki(*this);
  // By hand: snprintf was a tenth of the daemon's time taking events in.
  char buf[] = "THH:MM:SS+HH:00";
  auto put2 = [&buf](int at, int v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  put2(1, l.minute_of_day / 60);
  put2(4, l.minute_of_day % 60);
  put2(7, l.second);
  put2(10, l.offset_minutes / 60);
  return l.date.ToString() + buf;
}

}  // namespace seteli
