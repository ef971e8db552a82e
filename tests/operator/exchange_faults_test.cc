// The exchange when the store fails at one exact call (FaultyStore, issue
// 21): a failed outbox or inbox write leaves nothing half-done, and what
// it left undone is finished once by the next pass, not lost and not
// doubled beyond the one resend the lease already allows. Both back ends,
// on a manual clock.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "clock_store.h"
#include "faulty_store.h"
#include "operator/inbound_endpoint.h"
#include "operator/outbox_sender.h"
#include "outbound/transmission_frame.h"

namespace seteli::exchange {
namespace {

using std::chrono::seconds;
using store::FaultyStore;
using Role = FaultyStore::Role;

class ExchangeFaultsTest : public ClockStoreTest {
 protected:
  void SetUp() override {
    ClockStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    faulty_ = std::make_unique<FaultyStore>(*store_);
  }

  // A sender that counts what the operator took, by MessageId (the
  // frame's MessageId is the outbox message's).
  OutboxSender Sender(std::map<std::string, int>& posted) {
    return OutboxSender(
        faulty_.get(),
        [&](const std::string& framed) -> Result<HttpResponse> {
          for (const char* id : {"M-1", "M-2", "M-3"}) {
            if (framed.find(id) != std::string::npos) ++posted[id];
          }
          return HttpResponse{200, "ok"};
        },
        {.lease_seconds = 120, .backoff = {}}, &metrics_, nullptr);
  }

  size_t InState(const std::string& state) { return store_->ListOutbox(state).value().size(); }

  std::unique_ptr<FaultyStore> faulty_;
  ExchangeMetrics metrics_;
};

// Queued messages carry their ID in the body, so the transport can tell
// them apart.
void QueueNamed(store::Store& s, const std::string& id) {
  store::OutboxMessage m{
      id,
      "self_billing_invoice",
      "1234567-8",
      "2024-05",
      id,
      "<S:Envelope xmlns:S=\"urn:s\"/><Finvoice Version=\"3.0\"><Id>" + id + "</Id></Finvoice>"};
  ASSERT_TRUE(s.QueueMessage(m, {"test", "outbox.queue", id, ""}).ok());
}

TEST_P(ExchangeFaultsTest, AFailedClaimSendsNothingAndTheNextPassSendsEachOnce) {
  for (const char* id : {"M-1", "M-2", "M-3"}) QueueNamed(*store_, id);
  std::map<std::string, int> posted;
  OutboxSender sender = Sender(posted);
  faulty_->FailNth("ClaimDueMessages", 1);
  auto failed = sender.SendDue();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "store_unavailable");
  EXPECT_TRUE(posted.empty());
  EXPECT_EQ(InState("queued"), 3u);
  ASSERT_EQ(sender.SendDue().value(), 3);
  EXPECT_EQ(posted, (std::map<std::string, int>{{"M-1", 1}, {"M-2", 1}, {"M-3", 1}}));
  EXPECT_EQ(InState("sent"), 3u);
}

TEST_P(ExchangeFaultsTest, ALostMarkSentLeavesOnlyThatMessageToResendAfterItsLease) {
  for (const char* id : {"M-1", "M-2", "M-3"}) QueueNamed(*store_, id);
  std::map<std::string, int> posted;
  OutboxSender sender = Sender(posted);
  faulty_->FailNth("MarkSent", 2);  // the operator took M-2; the store never heard
  ASSERT_EQ(sender.SendDue().value(), 3);
  EXPECT_EQ(InState("sent"), 2u);
  auto queued = store_->ListOutbox("queued").value();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].message_id, "M-2");
  EXPECT_EQ(queued[0].attempts, 0);  // not counted as a failed attempt
  // Still claimed: nobody resends it while the lease holds.
  clock_.Advance(seconds(119));
  EXPECT_EQ(sender.SendDue().value(), 0);
  clock_.Advance(seconds(1));
  ASSERT_EQ(sender.SendDue().value(), 1);
  // Resent once with its MessageId (the operator drops the repeat), then done.
  EXPECT_EQ(posted, (std::map<std::string, int>{{"M-1", 1}, {"M-2", 2}, {"M-3", 1}}));
  EXPECT_EQ(InState("sent"), 3u);
  clock_.Advance(seconds(3600));
  EXPECT_EQ(sender.SendDue().value(), 0);
}

// One framed message as the operator sends it.
std::string Framed(const std::string& message_id) {
  outbound::TransmissionHeader h;
  h.routing = {{"003712345678", "BAWCFI22"}, {"003701234567", "HELSFIHH"}};
  h.message_id = message_id;
  h.timestamp = "2024-06-03T10:00:00+03:00";
  return outbound::FrameMessage(h, "<Finvoice Version=\"3.0\"/>").value();
}

class InboxFaultsTest : public ExchangeFaultsTest {
 protected:
  InboundEndpoint Endpoint(std::map<std::string, int>& handed) {
    return InboundEndpoint(
        faulty_.get(),
        [&](const store::InboundMessage& m) -> Result<store::Done> {
          ++handed[m.message_id];
          return store::Done{};
        },
        {.claim = {"live:1", 30}, .backoff = {}}, &metrics_);
  }
};

TEST_P(InboxFaultsTest, AFailedStoreOfABatchKeepsNoneOfItAndTheResendIsHandedOnOnce) {
  std::map<std::string, int> handed;
  InboundEndpoint endpoint = Endpoint(handed);
  std::string batch = Framed("OP-1") + Framed("OP-2");
  faulty_->FailNth("StoreInbound", 1);
  auto refused = endpoint.Receive(batch, "push");
  ASSERT_FALSE(refused.ok());  // the operator is answered 503 and resends
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(endpoint.HandOnDue().value(), 0);  // nothing of the batch was kept
  ASSERT_TRUE(endpoint.Receive(batch, "push").ok());
  EXPECT_EQ(endpoint.HandOnDue().value(), 2);
  EXPECT_EQ(handed, (std::map<std::string, int>{{"OP-1", 1}, {"OP-2", 1}}));
}

TEST_P(InboxFaultsTest, AClaimLostMidBatchLeavesThatFrameToTheRetrierAfterItsLease) {
  std::map<std::string, int> handed;
  InboundEndpoint endpoint = Endpoint(handed);
  ASSERT_TRUE(endpoint.Receive(Framed("OP-1") + Framed("OP-2") + Framed("OP-3"), "push").ok());
  faulty_->FailNth("MarkInboundProcessed", 2);  // OP-2's release never reaches the store
  ASSERT_EQ(endpoint.HandOnDue().value(), 3);
  EXPECT_EQ(handed, (std::map<std::string, int>{{"OP-1", 1}, {"OP-2", 1}, {"OP-3", 1}}));
  // OP-2 is still claimed by this daemon: no pass takes it while the claim holds.
  clock_.Advance(seconds(29));
  EXPECT_EQ(endpoint.HandOnDue().value(), 0);
  clock_.Advance(seconds(1));
  ASSERT_EQ(endpoint.HandOnDue().value(), 1);
  EXPECT_EQ(handed, (std::map<std::string, int>{{"OP-1", 1}, {"OP-2", 2}, {"OP-3", 1}}));
  clock_.Advance(seconds(3600));
  EXPECT_EQ(endpoint.HandOnDue().value(), 0);  // processed now: never again
}

TEST_P(InboxFaultsTest, AFailedClaimHandsOnNothingAndTheNextPassTakesTheBatch) {
  std::map<std::string, int> handed;
  InboundEndpoint endpoint = Endpoint(handed);
  ASSERT_TRUE(endpoint.Receive(Framed("OP-1") + Framed("OP-2"), "push").ok());
  faulty_->FailNth("ClaimDueInbound", 1);
  EXPECT_FALSE(endpoint.HandOnDue().ok());
  EXPECT_TRUE(handed.empty());
  EXPECT_EQ(endpoint.HandOnDue().value(), 2);
  EXPECT_EQ(handed, (std::map<std::string, int>{{"OP-1", 1}, {"OP-2", 1}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ExchangeFaultsTest, ::testing::Values("sqlite", "postgresql"));
INSTANTIATE_TEST_SUITE_P(Backends, InboxFaultsTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::exchange
