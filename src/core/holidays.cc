#include "seteli/holidays.h"

namespace seteli {

Date EasterSunday(int year) {
  // The anonymous Gregorian computus (Meeus/Jones/Butcher).
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date::FromYmd(year, month, day);
}

namespace {

// The first `weekday` (1 Monday .. 7 Sunday) on or after `d`.
Date OnOrAfter(Date d, int weekday) { return d.AddDays((weekday - d.weekday() + 7) % 7); }

}  // namespace

std::vector<Holiday> FinnishPublicHolidays(int year) {
  Date easter = EasterSunday(year);
  Date midsummer_day = OnOrAfter(Date::FromYmd(year, 6, 20), 6);
  return {
      {Date::FromYmd(year, 1, 1), "uudenvuodenpäivä", "New Year's Day"},
      {Date::FromYmd(year, 1, 6), "loppiainen", "Epiphany"},
      {easter.AddDays(-2), "pitkäperjantai", "Good Friday"},
      {easter, "pääsiäispäivä", "Easter Sunday"},
      {easter.AddDays(1), "2. pääsiäispäivä", "Easter Monday"},
      {Date::FromYmd(year, 5, 1), "vappu", "May Day"},
      {easter.AddDays(39), "helatorstai", "Ascension Day"},
      {easter.AddDays(49), "helluntaipäivä", "Whitsunday"},
      {midsummer_day.AddDays(-1), "juhannusaatto", "Midsummer Eve"},
      {midsummer_day, "juhannuspäivä", "Midsummer Day"},
      {OnOrAfter(Date::FromYmd(year, 10, 31), 6), "pyhäinpäivä", "All Saints' Day"},
      {Date::FromYmd(year, 12, 6), "itsenäisyyspäivä", "Independence Day"},
      {Date::FromYmd(year, 12, 24), "jouluaatto", "Christmas Eve"},
      {Date::FromYmd(year, 12, 25), "joulupäivä", "Christmas Day"},
      {Date::FromYmd(year, 12, 26), "tapaninpäivä", "Boxing Day"},
  };
}

bool IsFinnishPublicHoliday(Date d) {
  int m = d.month(), day = d.day();
  // Fixed dates first: cheap, and most of the answer.
  if ((m == 1 && (day == 1 || day == 6)) || (m == 5 && day == 1) || (m == 12 && day == 6) ||
      (m == 12 && day >= 24 && day <= 26)) {
    return true;
  }
  // The moving holidays of the year asked last, kept per thread: settling
  // asks about the same year many times over.
  thread_local int cached_year = 0;
  thread_local std::vector<Holiday> cached;
  if (cached_year != d.year()) {
    cached = FinnishPublicHolidays(d.year());
    cached_year = d.year();
  }
  for (const Holiday& h : cached) {
    if (h.date == d) return true;
  }
  return false;
}

bool IsWeekendOrHoliday(Date d) { return d.weekday() >= 6 || IsFinnishPublicHoliday(d); }

}  // namespace seteli
