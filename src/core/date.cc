#include "seteli/date.h"

#include <cstdio>

#include "core/digits.h"

namespace seteli {
namespace {

using internal::ReadDigits;

// Days from 1970-01-01 to y-m-d and back: Howard Hinnant's civil algorithms.
int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(int32_t z, int* y, int* m, int* d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe) + era * 400 + (*m <= 2);
}

// Writes 0 <= v < 10^width as `width` digits, zero-padded.
void PutDigits(char* out, int v, int width) {
  for (int i = width - 1; i >= 0; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

Date Date::FromYmd(int year, int month, int day) { return Date(DaysFromCivil(year, month, day)); }

Result<Date> Date::Parse(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadDigits(text, 0, 4, &y) ||
      !ReadDigits(text, 5, 2, &m) || !ReadDigits(text, 8, 2, &d) || m < 1 || m > 12 || d < 1 ||
      d > DaysInMonth(y, m)) {
    return Error{"invalid_date", "not a date YYYY-MM-DD: '" + std::string(text) + "'"};
  }
  return FromYmd(y, m, d);
}

int Date::year() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return y;
}

int Date::month() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return m;
}

int Date::day() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return d;
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (4).
  int w = (days_ % 7 + 7) % 7;  // 0 = Thursday
  return (w + 3) % 7 + 1;
}

std::string Date::ToString() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  if (y < 0 || y > 9999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }
  // By hand: snprintf was a tenth of the daemon's time taking events in.
  char buf[10];
  PutDigits(buf, y, 4);
  buf[4] = '-';
  PutDigits(buf + 5, m, 2);
  buf[7] = '-';
  PutDigits(buf + 8, d, 2);
  return std::string(buf, sizeof buf);
}

Result<YearMonth> YearMonth::Parse(std::string_view text) {
  int y, m;
  if (text.size() != 7 || text[4] != '-' || !ReadDigits(text, 0, 4, &y) ||
      !ReadDigits(text, 5, 2, &m) || m < 1 || m > 12) {
    return Error{"invalid_month", "not a month YYYY-MM: '" + std::string(text) + "'"};
  }
  return YearMonth(y, m);
}

int YearMonth::days() const { return DaysInMonth(year_, month_); }

YearMonth YearMonth::next() const {
  return month_ == 12 ? YearMonth(year_ + 1, 1) : YearMonth(year_, month_ + 1);
}

YearMonth YearMonth::prev() const {
  return month_ == 1 ? YearMonth(year_ - 1, 12) : YearMonth(year_, month_ - 1);
}

std::string YearMonth::ToString() const {
  if (year_ < 0 || year_ > 9999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_);
    return buf;
  }
  char buf[7];
  PutDigits(buf, year_, 4);
  buf[4] = '-';
  PutDigits(buf + 5, month_, 2);
  return std::string(buf, sizeof buf);
}

}  // namespace seteli
