// Requeueing failed messages by a filter (issue 19, item 9): every failed
// message, or those to one provider given up since a time, in one
// transaction with an audit entry each; never a sent or queued one.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "clock_store.h"

namespace seteli::exchange {
namespace {

using Ids = std::vector<std::string>;

class OutboxRequeueTest : public ClockStoreTest {
 protected:
  // Claims everything due and gives it up (a refused send).
  void FailDue() {
    auto claimed = store_->ClaimDueMessages(100, 120);
    ASSERT_TRUE(claimed.ok());
    for (const store::OutboxMessage& m : claimed.value()) {
      ASSERT_TRUE(store_->MarkFailed(m.message_id, "HTTP 400: refused").ok());
    }
  }

  Ids Requeue(const std::string& provider, const std::string& since) {
    auto ids = store_->RequeueFailed(provider, since, {"cli:outbox", "outbox.requeue", "", ""});
    EXPECT_TRUE(ids.ok()) << ToLine(ids.error());
    return ids.ok() ? ids.value() : Ids{};
  }

  Ids InState(const std::string& state) {
    Ids out;
    auto listed = store_->ListOutbox(state);
    EXPECT_TRUE(listed.ok());
    if (listed.ok()) {
      for (const store::OutboxMessage& m : listed.value()) out.push_back(m.message_id);
    }
    return out;
  }
};

TEST_P(OutboxRequeueTest, RequeuesTheFailedMessagesThatMatch) {
  QueueMessage("M-1", "1234567-8");
  QueueMessage("M-2", "2345678-9");
  FailDue();  // at 03:00
  clock_.Advance(std::chrono::hours(1));
  QueueMessage("M-3", "1234567-8");
  QueueMessage("M-4", "2345678-9");
  FailDue();                         // at 04:00
  QueueMessage("M-5", "1234567-8");  // queued, not failed

  EXPECT_EQ(Requeue("1234567-8", "2024-06-06T03:30:00.000Z"), Ids{"M-3"});
  EXPECT_EQ(InState("failed"), (Ids{"M-1", "M-2", "M-4"}));
  EXPECT_EQ(Requeue("", "2024-06-06T04:00:00.000Z"), Ids{"M-4"});  // at the time: included
  EXPECT_EQ(Requeue("1234567-8", ""), Ids{"M-1"});
  EXPECT_EQ(Requeue("", ""), Ids{"M-2"});
  EXPECT_TRUE(Requeue("", "").empty());
  EXPECT_TRUE(InState("failed").empty());

  // Sendable now, attempts reset, as a single requeue leaves them.
  auto listed = store_->ListOutbox("queued");
  ASSERT_TRUE(listed.ok());
  const std::vector<store::OutboxMessage>& queued = listed.value();
  ASSERT_EQ(queued.size(), 5u);
  for (const store::OutboxMessage& m : queued) {
    EXPECT_EQ(m.attempts, 0) << m.message_id;
    EXPECT_LE(m.next_attempt_at, Iso(0)) << m.message_id;
  }
  // One audit entry per message requeued.
  Ids audited;
  auto audit = store_->ListAudit(100);
  ASSERT_TRUE(audit.ok());
  for (const store::AuditRecord& r : audit.value()) {
    if (r.entry.action == "outbox.requeue") audited.push_back(r.entry.subject);
  }
  std::sort(audited.begin(), audited.end());
  EXPECT_EQ(audited, (Ids{"M-1", "M-2", "M-3", "M-4"}));
}

TEST_P(OutboxRequeueTest, NeverRequeuesASentMessage) {
  QueueMessage("M-1");
  ASSERT_TRUE(store_->ClaimDueMessages(10, 120).ok());
  ASSERT_TRUE(store_->MarkSent("M-1").ok());
  EXPECT_TRUE(Requeue("", "").empty());
  EXPECT_EQ(InState("sent"), Ids{"M-1"});
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxRequeueTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::exchange
