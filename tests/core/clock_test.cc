// The clock seam: the manual clock stands still until moved, and both
// clocks write the store's timestamp text.
#include "seteli/clock.h"

#include <gtest/gtest.h>

namespace seteli {
namespace {

Instant At(const char* iso) { return Instant::Parse(iso).value(); }

TEST(ManualClock, StandsStillUntilMoved) {
  ManualClock clock(At("2024-06-06T03:00:00Z"));
  EXPECT_EQ(clock.UtcText(), "2024-06-06T03:00:00.000Z");
  EXPECT_EQ(clock.UtcText(), "2024-06-06T03:00:00.000Z");
  clock.Advance(std::chrono::milliseconds(1500));
  EXPECT_EQ(clock.UtcText(), "2024-06-06T03:00:01.500Z");
  EXPECT_EQ(clock.Now(), At("2024-06-06T03:00:01Z"));
  clock.Set(At("2025-01-01T00:00:00+02:00"));
  EXPECT_EQ(clock.UtcText(), "2024-12-31T22:00:00.000Z");
}

TEST(ManualClock, TextAfterAndBefore) {
  ManualClock clock(At("2024-06-06T03:00:00Z"));
  EXPECT_EQ(clock.UtcText(120000), "2024-06-06T03:02:00.000Z");
  EXPECT_EQ(clock.UtcText(-1), "2024-06-06T02:59:59.999Z");
}

TEST(SystemClock, ReadsTheWallClock) {
  const Clock& clock = SystemClock::Instance();
  // After the code was written, and text that sorts as time.
  EXPECT_GT(clock.Now(), At("2026-01-01T00:00:00Z"));
  std::string before = clock.UtcText();
  EXPECT_EQ(before.size(), 24u);
  EXPECT_LE(before, clock.UtcText(1));
}

}  // namespace
}  // namespace seteli
