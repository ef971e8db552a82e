#include "seteli/holidays.h"

#include <gtest/gtest.h>

namespace seteli {
namespace {

TEST(Holidays, EasterIsComputed) {
  EXPECT_EQ(EasterSunday(2024).ToString(), "2024-03-31");
  EXPECT_EQ(EasterSunday(2025).ToString(), "2025-04-20");
  EXPECT_EQ(EasterSunday(2019).ToString(), "2019-04-21");
  EXPECT_EQ(EasterSunday(2038).ToString(), "2038-04-25");
}

TEST(Holidays, FinnishCalendar2024) {
  for (const char* d : {"2024-01-01", "2024-01-06", "2024-03-29", "2024-03-31", "2024-04-01",
                        "2024-05-01", "2024-05-09", "2024-05-19", "2024-06-21", "2024-06-22",
                        "2024-11-02", "2024-12-06", "2024-12-24", "2024-12-25", "2024-12-26"}) {
    EXPECT_TRUE(IsFinnishPublicHoliday(Date::Parse(d).value())) << d;
  }
  for (const char* d : {"2024-05-08", "2024-06-20", "2024-06-24", "2024-11-01", "2024-12-27"}) {
    EXPECT_FALSE(IsFinnishPublicHoliday(Date::Parse(d).value())) << d;
  }
}

TEST(Holidays, MovingSaturdaysAndMidsummerEve) {
  // 2025: Midsummer Eve Fri 20 June, Midsummer Day Sat 21 June, All Saints' Sat 1 November.
  EXPECT_TRUE(IsFinnishPublicHoliday(Date::FromYmd(2025, 6, 20)));
  EXPECT_TRUE(IsFinnishPublicHoliday(Date::FromYmd(2025, 6, 21)));
  EXPECT_TRUE(IsFinnishPublicHoliday(Date::FromYmd(2025, 11, 1)));
  EXPECT_FALSE(IsFinnishPublicHoliday(Date::FromYmd(2025, 10, 31)));
  EXPECT_EQ(FinnishPublicHolidays(2030).size(), 15u);
}

TEST(Holidays, WeekendIncludesHolidays) {
  EXPECT_TRUE(IsWeekendOrHoliday(Date::FromYmd(2024, 5, 11)));   // Saturday
  EXPECT_TRUE(IsWeekendOrHoliday(Date::FromYmd(2024, 5, 9)));    // Ascension, Thursday
  EXPECT_FALSE(IsWeekendOrHoliday(Date::FromYmd(2024, 5, 10)));  // Friday
}

}  // namespace
}  // namespace seteli
