// The daemon's run schedule on a manual clock (issue 21): the previous
// month's run fires from the configured day and minute, Helsinki time; the
// rulebook's settlement day replaces the configured day (issue 22).
#include <gtest/gtest.h>

#include <chrono>

#include "daemon/run_service.h"
#include "seteli/clock.h"

namespace seteli::daemon {
namespace {

TEST(RunSchedule, FiresThePreviousMonthFromTheDayAndMinuteInHelsinki) {
  const RunSchedule schedule{.day = 6, .minute_of_day = 6 * 60};
  // 2024-06-06 05:59 in Helsinki (UTC+3) is 02:59 UTC.
  ManualClock clock(Instant::Parse("2024-06-05T23:00:00Z").value());
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), std::nullopt);  // the 6th, 02:00 local
  clock.Set(Instant::Parse("2024-06-06T02:59:59Z").value());
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), std::nullopt);
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), YearMonth(2024, 5));
  // Any later day of the month still runs it (once: the worker checks the record).
  clock.Set(Instant::Parse("2024-06-30T12:00:00Z").value());
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), YearMonth(2024, 5));
  // A new month waits for its own day.
  clock.Set(Instant::Parse("2024-07-05T21:30:00Z").value());  // July 6th 00:30 local
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), std::nullopt);
}

TEST(RunSchedule, RunsDecemberInJanuaryInWinterTime) {
  // UTC+2 in winter: 2025-01-06 06:00 local is 04:00 UTC.
  const RunSchedule schedule{.day = 6, .minute_of_day = 6 * 60};
  ManualClock clock(Instant::Parse("2025-01-06T03:59:00Z").value());
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), std::nullopt);
  clock.Advance(std::chrono::minutes(1));
  EXPECT_EQ(ScheduledMonth(schedule, clock.Now()), YearMonth(2024, 12));
}

TEST(RunSchedule, TheRulebooksSettlementDayReplacesTheConfigsDayNotItsTime) {
  const RunSchedule configured{.day = 6, .minute_of_day = 7 * 60};
  Rulebook rulebook;
  EXPECT_EQ(ScheduleFor(configured, rulebook).day, 6);  // no settlement_day: the config's
  rulebook.settlement_day = 10;
  const RunSchedule used = ScheduleFor(configured, rulebook);
  EXPECT_EQ(used.day, 10);
  EXPECT_EQ(used.minute_of_day, 7 * 60);
  // 2024-06-10 07:00 in Helsinki is 04:00 UTC.
  EXPECT_EQ(ScheduledMonth(used, Instant::Parse("2024-06-08T04:00:00Z").value()), std::nullopt);
  EXPECT_EQ(ScheduledMonth(used, Instant::Parse("2024-06-10T04:00:00Z").value()),
            YearMonth(2024, 5));
}

TEST(RunSchedule, StartsAMonthAgainWhoseRunsWereAllInterrupted) {
  auto run = [](const std::string& state) {
    store::RunRecord r;
    r.month = "2024-05";
    r.state = state;
    return r;
  };
  EXPECT_FALSE(ScheduleLeavesAlone({}));
  EXPECT_FALSE(ScheduleLeavesAlone({run(store::kRunInterrupted), run(store::kRunInterrupted)}));
  for (const char* state : {"queued", "running", "done", "failed"}) {
    EXPECT_TRUE(ScheduleLeavesAlone({run(store::kRunInterrupted), run(state)})) << state;
  }
}

}  // namespace
}  // namespace seteli::daemon
