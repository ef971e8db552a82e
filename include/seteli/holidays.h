// The Finnish public holiday calendar, computed for any year.
//
//   IsFinnishPublicHoliday(Date::FromYmd(2024, 6, 21));   // Midsummer Eve: true
//
// Holidays: New Year's Day, Epiphany, Good Friday, Easter Sunday, Easter
// Monday, May Day, Ascension Day, Whitsunday, Midsummer Eve and Day, All
// Saints' Day, Independence Day, Christmas Eve, Christmas Day and Boxing Day.
// Easter is the Gregorian computus; the moving Saturdays (Midsummer Day, All
// Saints' Day) and Midsummer Eve (the Friday before) are computed.
#ifndef SETELI_HOLIDAYS_H_
#define SETELI_HOLIDAYS_H_

#include <string>
#include <vector>

#include "seteli/date.h"

namespace seteli {

struct Holiday {
  Date date;
  std::string name_fi;
  std::string name_en;
};

Date EasterSunday(int year);
std::vector<Holiday> FinnishPublicHolidays(int year);
bool IsFinnishPublicHoliday(Date d);
// Saturday, Sunday or a public holiday: the weekend of the time bands.
bool IsWeekendOrHoliday(Date d);

}  // namespace seteli

#endif  // SETELI_HOLIDAYS_H_
