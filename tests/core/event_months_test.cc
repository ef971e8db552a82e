// The rule of which days and months an event touches: the store files
// events by it and settlements list rejections by it.
#include "seteli/event_months.h"

#include <gtest/gtest.h>

#include "test_world.h"

namespace seteli {
namespace {

using testing::D;
using testing::T;

class MonthsAnEventTouches : public ::testing::Test {
 protected:
  MonthsAnEventTouches() {
    world.AddService("koti", Unit::kHour, "30.00");
    world.AddService("asumis", Unit::kDay, "100.00");
    world.AddService("ateria", Unit::kMeal, "5.00");
    world.AddDecision("P1", "client-1", "koti");
  }

  static std::string Text(MonthSpan m) { return m.first.ToString() + ".." + m.last.ToString(); }

  testing::TestWorld world;
};

TEST_F(MonthsAnEventTouches, HourlyEndsTheSecondBeforeItsEnd) {
  // Ends at Helsinki midnight into June: the last second is still May's.
  Event e =
      world.Hourly("e1", "P1", "koti", "2024-05-31T22:00:00+03:00", "2024-06-01T00:00:00+03:00");
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-05");
  e.end = T("2024-06-01T00:00:01+03:00");
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-06");
}

TEST_F(MonthsAnEventTouches, HourlyInHelsinkiTimeNotUtc) {
  // 23:30 UTC on 30 April is already May in Helsinki.
  Event e = world.Hourly("e1", "P1", "koti", "2024-04-30T23:30:00Z", "2024-05-01T00:30:00Z");
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-05");
}

TEST_F(MonthsAnEventTouches, HourlyEndingBeforeItsStartTouchesItsStart) {
  Event e =
      world.Hourly("e1", "P1", "koti", "2024-05-31T10:00:00+03:00", "2024-05-30T10:00:00+03:00");
  auto days = DaysTouched(e, world.rulebook);
  ASSERT_TRUE(days);
  EXPECT_EQ(days->first, D("2024-05-31"));
  EXPECT_EQ(days->last, D("2024-05-31"));
}

TEST_F(MonthsAnEventTouches, DayEventRunsItsQuantityOfDays) {
  Event e = world.Counted("e1", "P1", "asumis", "2024-05-30", "3");
  auto days = DaysTouched(e, world.rulebook);
  ASSERT_TRUE(days);
  EXPECT_EQ(days->last, D("2024-06-01"));
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-06");
  // A part day still touches its day.
  e.quantity = Quantity::Parse("2.5").value();
  EXPECT_EQ(DaysTouched(e, world.rulebook)->last, D("2024-06-01"));
}

TEST_F(MonthsAnEventTouches, DayEventStopsAfterAYear) {
  Event e = world.Counted("e1", "P1", "asumis", "2024-01-01", "100000");
  EXPECT_EQ(DaysTouched(e, world.rulebook)->last, D("2024-12-31"));
}

TEST_F(MonthsAnEventTouches, OtherUnitsTouchOnlyTheirDate) {
  Event e = world.Counted("e1", "P1", "ateria", "2024-05-31", "3");
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-05");
  e.service = "not-in-the-rulebook";
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-05");
}

TEST_F(MonthsAnEventTouches, StartWithoutEndTouchesItsStart) {
  Event e =
      world.Hourly("e1", "P1", "koti", "2024-05-31T10:00:00+03:00", "2024-05-31T11:00:00+03:00");
  e.end.reset();
  e.recorded_at = T("2024-07-01T10:00:00+03:00");
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-05..2024-05");
}

TEST_F(MonthsAnEventTouches, EventWithoutDaysIsFiledUnderItsRecordingMonth) {
  Event e;
  e.id = "v1";
  e.voids = "e1";
  e.recorded_at = T("2024-06-30T22:30:00Z");  // 1 July in Helsinki
  EXPECT_FALSE(DaysTouched(e, world.rulebook));
  EXPECT_EQ(Text(MonthsTouched(e, world.rulebook)), "2024-07..2024-07");
}

TEST_F(MonthsAnEventTouches, RejectionIsListedInTheMonthsItTouches) {
  // Three meals on 31 May are May's; the decision does not cover meals.
  Event meals = world.Counted("e1", "P1", "ateria", "2024-05-31", "3");
  Event stay = world.Counted("e2", "P1", "asumis", "2024-05-31", "2");
  auto months = world.SettleRange({meals, stay}, "2024-05", "2024-06");
  ASSERT_EQ(months.size(), 2u);
  ASSERT_EQ(months[0].rejected.size(), 2u);
  ASSERT_EQ(months[1].rejected.size(), 1u);
  EXPECT_EQ(months[1].rejected[0].event_id, "e2");
}

}  // namespace
}  // namespace seteli
