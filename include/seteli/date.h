// Calendar dates and months, proleptic Gregorian, no time zone.
//
//   Date d = Date::Parse("2024-05-20").value();
//   d.AddDays(11).ToString();          // "2024-05-31"
//   YearMonth::Of(d).days();           // 31
#ifndef SETELI_DATE_H_
#define SETELI_DATE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "seteli/status.h"

namespace seteli {

class Date {
 public:
  constexpr Date() = default;
  static Date FromYmd(int year, int month, int day);
  static constexpr Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Strict "YYYY-MM-DD" of a real calendar day.
  static Result<Date> Parse(std::string_view text);

  int year() const;
  int month() const;
  int day() const;
  // ISO weekday: 1 Monday .. 7 Sunday.
  int weekday() const;
  constexpr int32_t days() const { return days_; }  // since 1970-01-01
  Date AddDays(int32_t n) const { return Date(days_ + n); }
  std::string ToString() const;

  auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// Days from a to b (b - a).
inline int32_t DaysBetween(Date a, Date b) { return b.days() - a.days(); }

class YearMonth {
 public:
  constexpr YearMonth() = default;
  constexpr YearMonth(int year, int month) : year_(year), month_(month) {}
  static YearMonth Of(Date d) { return YearMonth(d.year(), d.month()); }
  // Strict "YYYY-MM".
  static Result<YearMonth> Parse(std::string_view text);

  int year() const { return year_; }
  int month() const { return month_; }
  Date first() const { return Date::FromYmd(year_, month_, 1); }
  Date last() const { return first().AddDays(days() - 1); }
  int days() const;
  YearMonth next() const;
  YearMonth prev() const;
  bool Contains(Date d) const { return d.year() == year_ && d.month() == month_; }
  std::string ToString() const;  // "2024-05"

  auto operator<=>(const YearMonth&) const = default;

 private:
  int year_ = 1970;
  int month_ = 1;
};

}  // namespace seteli

#endif  // SETELI_DATE_H_
