#include <gtest/gtest.h>

#include "seteli/date.h"
#include "seteli/time.h"

namespace seteli {
namespace {

TEST(Date, ParsesRealDaysOnly) {
  EXPECT_EQ(Date::Parse("2024-02-29").value().ToString(), "2024-02-29");
  EXPECT_FALSE(Date::Parse("2023-02-29").ok());
  EXPECT_FALSE(Date::Parse("2024-13-01").ok());
  EXPECT_FALSE(Date::Parse("2024-5-1").ok());
  EXPECT_EQ(Date::Parse("x").error().code, "invalid_date");
}

TEST(Date, WeekdaysAndArithmetic) {
  EXPECT_EQ(Date::FromYmd(2024, 5, 6).weekday(), 1);  // Monday
  EXPECT_EQ(Date::FromYmd(2024, 5, 12).weekday(), 7);
  EXPECT_EQ(Date::FromYmd(1970, 1, 1).weekday(), 4);
  EXPECT_EQ(Date::FromYmd(2024, 5, 20).AddDays(11).ToString(), "2024-05-31");
  EXPECT_EQ(DaysBetween(Date::FromYmd(2024, 1, 1), Date::FromYmd(2025, 1, 1)), 366);
  EXPECT_EQ(Date::FromYmd(1960, 3, 1).ToString(), "1960-03-01");
}

TEST(YearMonth, DaysNextPrev) {
  EXPECT_EQ(YearMonth(2024, 2).days(), 29);
  EXPECT_EQ(YearMonth(2023, 2).days(), 28);
  EXPECT_EQ(YearMonth(2024, 12).next().ToString(), "2025-01");
  EXPECT_EQ(YearMonth(2024, 1).prev().ToString(), "2023-12");
  EXPECT_EQ(YearMonth(2024, 5).last().ToString(), "2024-05-31");
  EXPECT_FALSE(YearMonth::Parse("2024-00").ok());
}

TEST(Instant, ParsesOffsetsAndRequiresOne) {
  auto a = Instant::Parse("2024-05-03T09:00:00+03:00").value();
  auto b = Instant::Parse("2024-05-03T06:00:00Z").value();
  EXPECT_EQ(a, b);
  EXPECT_EQ(Instant::Parse("2024-05-03T09:00+03:00").value(), a);
  EXPECT_EQ(Instant::Parse("2024-05-03T09:00:00.250+03:00").value(), a);
  EXPECT_FALSE(Instant::Parse("2024-05-03T09:00:00").ok());
  EXPECT_FALSE(Instant::Parse("2024-05-03T25:00:00+03:00").ok());
}

TEST(HelsinkiTime, SummerAndWinterOffsets) {
  EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse("2024-01-15T12:00:00Z").value()), 120);
  EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse("2024-07-15T12:00:00Z").value()), 180);
  // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC.
  EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse("2024-03-31T00:59:00Z").value()), 120);
  EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse("2024-03-31T01:00:00Z").value()), 180);
  EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse("2024-10-27T00:59:00Z").value()), 180);
  EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse("2024-10-27T01:00:00Z").value()), 120);
  EXPECT_EQ(NextHelsinkiOffsetChange(Instant::Parse("2024-05-01T00:00:00Z").value()),
            Instant::Parse("2024-10-27T01:00:00Z").value());
}

// The changes are worked out once for 1970-2199 and by the rule beyond:
// the same rule on both sides of each edge.
TEST(HelsinkiTime, SummerTimeByTheSameRuleInsideAndOutsideTheWorkedOutYears) {
  struct Change {
    const char* before;
    const char* at;
    int offset_from;
  };
  for (const Change& c : {Change{"1969-03-30T00:59:59Z", "1969-03-30T01:00:00Z", 120},
                          Change{"1970-03-29T00:59:59Z", "1970-03-29T01:00:00Z", 120},
                          Change{"1970-10-25T00:59:59Z", "1970-10-25T01:00:00Z", 180},
                          Change{"2199-03-31T00:59:59Z", "2199-03-31T01:00:00Z", 120},
                          Change{"2199-10-27T00:59:59Z", "2199-10-27T01:00:00Z", 180},
                          Change{"2200-03-30T00:59:59Z", "2200-03-30T01:00:00Z", 120},
                          Change{"2200-10-26T00:59:59Z", "2200-10-26T01:00:00Z", 180}}) {
    SCOPED_TRACE(c.at);
    EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse(c.before).value()), c.offset_from);
    EXPECT_EQ(HelsinkiOffsetMinutes(Instant::Parse(c.at).value()), 300 - c.offset_from);
  }
}

TEST(HelsinkiTime, LocalDateAndMidnight) {
  LocalTime l = ToHelsinki(Instant::Parse("2024-05-31T22:30:00Z").value());
  EXPECT_EQ(l.date.ToString(), "2024-06-01");
  EXPECT_EQ(l.minute_of_day, 90);
  EXPECT_EQ(HelsinkiMidnight(Date::FromYmd(2024, 6, 1)),
            Instant::Parse("2024-06-01T00:00:00+03:00").value());
  EXPECT_EQ(HelsinkiMidnight(Date::FromYmd(2024, 12, 1)),
            Instant::Parse("2024-12-01T00:00:00+02:00").value());
  EXPECT_EQ(Instant::Parse("2024-05-03T06:00:00Z").value().ToHelsinkiString(),
            "2024-05-03T09:00:00+03:00");
  EXPECT_EQ(Instant::Parse("2024-12-31T22:59:59Z").value().ToHelsinkiString(),
            "2025-01-01T00:59:59+02:00");
  EXPECT_EQ(Date::FromYmd(7, 1, 9).ToString(), "0007-01-09");
  EXPECT_EQ(YearMonth(987, 3).ToString(), "0987-03");
}

}  // namespace
}  // namespace seteli
