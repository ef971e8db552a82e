// The daemon's run schedule on a manual clock (issue 21): the previous
// month's run fires from the configured day and minute, Helsinki time.
#include <gtest/gtest.h>

#include <chrono>

#include "api/run_service.h"
#include "seteli/clock.h"

namespace seteli::api {
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
}  // namespace seteli::api
