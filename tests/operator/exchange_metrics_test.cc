// The outbox age gauge on a manual clock (issue 21): counted from the
// oldest message not sent, queued or failed, by the store's clock.
#include "operator/exchange_metrics.h"

#include <gtest/gtest.h>

#include <chrono>

#include "clock_store.h"

namespace seteli::exchange {
namespace {

class ExchangeMetricsTest : public ClockStoreTest {};

TEST_P(ExchangeMetricsTest, TheOldestAgeGrowsWithTheClock) {
  ExchangeMetrics metrics;
  EXPECT_NE(metrics.Render(store_.get()).find("seteli_outbox_oldest_age_seconds 0\n"),
            std::string::npos);
  QueueMessage("M-1");
  clock_.Advance(std::chrono::seconds(90));
  QueueMessage("M-2");
  std::string text = metrics.Render(store_.get());
  EXPECT_NE(text.find("seteli_outbox_queued 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("seteli_outbox_oldest_age_seconds 90\n"), std::string::npos) << text;
}

TEST(AgeSeconds, CountsToTheClocksNowAndNeverBelowZero) {
  ManualClock clock(Instant::Parse("2024-06-06T03:00:00Z").value());
  EXPECT_EQ(AgeSeconds("2024-06-06T02:58:59.500Z", clock), 60.5);
  EXPECT_EQ(AgeSeconds("2024-06-06T03:00:10.000Z", clock), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExchangeMetricsTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::exchange
