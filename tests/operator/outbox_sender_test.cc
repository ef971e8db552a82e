// The outbox sender's timing on a manual clock (issue 21): a claim is a
// lease that frees the message when it runs out, and a failed send comes
// back after its backoff, not before, until the retry limit fails it.
#include "operator/outbox_sender.h"

#include <gtest/gtest.h>

#include <chrono>

#include "clock_store.h"

namespace seteli::exchange {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class OutboxSenderTest : public ClockStoreTest {
 protected:
  std::vector<std::string> Claim(int lease_seconds) {
    auto claimed = store_->ClaimDueMessages(10, lease_seconds);
    EXPECT_TRUE(claimed.ok()) << ToLine(claimed.error());
    std::vector<std::string> ids;
    if (claimed.ok()) {
      for (const store::OutboxMessage& m : claimed.value()) ids.push_back(m.message_id);
    }
    return ids;
  }

  store::OutboxMessage Only(const std::string& state) {
    auto listed = store_->ListOutbox(state);
    EXPECT_TRUE(listed.ok() && listed.value().size() == 1);
    return listed.ok() && !listed.value().empty() ? listed.value()[0] : store::OutboxMessage{};
  }
};

TEST_P(OutboxSenderTest, AClaimHoldsTheMessageUntilItsLeaseRunsOut) {
  QueueMessage("M-1");
  EXPECT_EQ(Claim(120), std::vector<std::string>{"M-1"});
  // A sender that died with the claim: nobody else takes it meanwhile.
  EXPECT_TRUE(Claim(120).empty());
  clock_.Advance(seconds(119));
  EXPECT_TRUE(Claim(120).empty());
  clock_.Advance(seconds(1));
  EXPECT_EQ(Claim(120), std::vector<std::string>{"M-1"});
  EXPECT_TRUE(Claim(120).empty());  // the new claim is a new lease
}

TEST_P(OutboxSenderTest, AFailedSendComesBackAfterItsBackoffUntilTheRetryLimit) {
  QueueMessage("M-1");
  std::vector<SendFailure> failures;
  int posts = 0;
  ExchangeMetrics metrics;
  OutboxSender sender(
      store_.get(),
      [&](const std::string&) -> Result<HttpResponse> {
        ++posts;
        return HttpResponse{503, "busy"};
      },
      {.max_attempts = 4, .backoff = {.base_ms = 1000, .max_ms = 3000}}, &metrics,
      [&](const SendFailure& f) { failures.push_back(f); });

  // The delays double from the base up to the cap, each with up to half
  // dropped as jitter: [500, 1000], [1000, 2000], [1500, 3000].
  const std::vector<std::pair<int64_t, int64_t>> bounds = {{500, 1000}, {1000, 2000}, {1500, 3000}};
  for (size_t i = 0; i < bounds.size(); ++i) {
    ASSERT_EQ(sender.SendDue().value(), 1) << "attempt " << i + 1;
    ASSERT_EQ(failures.size(), i + 1);
    const SendFailure& f = failures.back();
    EXPECT_EQ(f.result, "retry");
    EXPECT_EQ(f.attempt, static_cast<int>(i) + 1);
    EXPECT_GE(f.retry_in_ms, bounds[i].first);
    EXPECT_LE(f.retry_in_ms, bounds[i].second);
    store::OutboxMessage m = Only("queued");
    EXPECT_EQ(m.next_attempt_at, Iso(f.retry_in_ms));
    EXPECT_EQ(m.attempts, static_cast<int>(i) + 1);
    // Not due a millisecond early; due at its time.
    clock_.Advance(milliseconds(f.retry_in_ms - 1));
    EXPECT_EQ(sender.SendDue().value(), 0);
    clock_.Advance(milliseconds(1));
  }
  ASSERT_EQ(sender.SendDue().value(), 1);
  EXPECT_EQ(failures.back().result, "failed");
  store::OutboxMessage failed = Only("failed");
  EXPECT_EQ(failed.attempts, 4);
  EXPECT_EQ(failed.last_error, "after 4 attempts: HTTP 503: busy");
  clock_.Advance(seconds(3600));
  EXPECT_EQ(sender.SendDue().value(), 0);  // failed waits for a person
  EXPECT_EQ(posts, 4);
  EXPECT_EQ(metrics.Sends("retry"), 3);
  EXPECT_EQ(metrics.Sends("failed"), 1);
}

TEST_P(OutboxSenderTest, ASentMessageIsNotSentAgain) {
  QueueMessage("M-1");
  ExchangeMetrics metrics;
  OutboxSender sender(
      store_.get(),
      [](const std::string&) -> Result<HttpResponse> {
        return HttpResponse{200, ""};
      },
      {}, &metrics);
  EXPECT_EQ(sender.SendDue().value(), 1);
  clock_.Advance(seconds(3600));
  EXPECT_EQ(sender.SendDue().value(), 0);
  EXPECT_EQ(Only("sent").attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxSenderTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::exchange
