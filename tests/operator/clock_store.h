// A fresh store of each back end on a manual clock, for the exchange's
// timing tests: leases and backoff run on the clock, not on sleeps.
#ifndef SETELI_TESTS_OPERATOR_CLOCK_STORE_H_
#define SETELI_TESTS_OPERATOR_CLOCK_STORE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "pg_test_db.h"
#include "seteli/clock.h"
#include "store/store.h"

namespace seteli::exchange {

class ClockStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    auto opened = store::OpenStore(*url, clock_);
    ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
    store_ = std::move(opened).value();
  }

  // Queues a message the sender can post as it is (it starts with a frame).
  void QueueMessage(const std::string& id, const std::string& provider = "1234567-8") {
    store::OutboxMessage m{
        id,          "self_billing_invoice",
        provider,    "2024-05",
        "IL-000001", "<S:Envelope xmlns:S=\"urn:s\"/><Finvoice Version=\"3.0\"/>"};
    auto queued = store_->QueueMessage(m, {"test", "outbox.queue", id, ""});
    ASSERT_TRUE(queued.ok()) << ToLine(queued.error());
  }

  std::string Iso(int64_t after_ms) const { return clock_.UtcText(after_ms); }

  ManualClock clock_{Instant::Parse("2024-06-06T03:00:00Z").value()};
  std::unique_ptr<store::Store> store_;
};

}  // namespace seteli::exchange

#endif  // SETELI_TESTS_OPERATOR_CLOCK_STORE_H_
