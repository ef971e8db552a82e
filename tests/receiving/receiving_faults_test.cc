// The receiver when the store fails at the invoice's verdict (FaultyStore,
// issue 21): the caller gets unavailable (the API answers 503, the
// exchange hands the message on again), no verdict, settlement move or
// notice is left half-done, an operator delivery handed on again is
// judged once, and an API send answered 503 is judged when sent again.
// Both back ends.
#include <gtest/gtest.h>

#include "faulty_store.h"
#include "fixture_month.h"
#include "outbound/transmission_frame.h"
#include "receiving/invoice_receiver.h"

namespace seteli::testing {
namespace {

using receiving::InvoiceReceiver;
using store::FaultyStore;

constexpr char kKuusi[] = "2345678-0";

class ReceivingFaultsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = SeededFixtureStore(GetParam());
    if (!store_) GTEST_SKIP() << "no PostgreSQL test server";
    reg_ = LoadFixtureRegistries();
    faulty_ = std::make_unique<FaultyStore>(*store_);
  }

  InvoiceReceiver Receiver() {
    return InvoiceReceiver({faulty_.get(), &reg_.rulebook, &reg_.providers, nullptr});
  }

  std::string KuusiState() {
    auto s = store_->ListSettlements("2024-05", kKuusi);
    return s.ok() && !s.value().empty() ? s.value()[0].state : "";
  }

  std::vector<store::InvoiceRecord> KuusiInvoices() {
    return store_->ListInvoices({.provider = kKuusi}).value();
  }

  static outbound::TransmissionHeader Frame() {
    outbound::TransmissionHeader h;
    h.routing.sender = {"003723456780", "BAWCFI22"};
    h.routing.receiver = {"003728161658", "BAWCFI22"};
    h.message_id = "PROV-KUUSI-0001";
    h.timestamp = "2024-06-03T10:00:00+03:00";
    return h;
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<FaultyStore> faulty_;
  FixtureRegistries reg_;
};

TEST_P(ReceivingFaultsTest, AFailedVerdictAnswersUnavailableAndChangesNothing) {
  size_t outbox = store_->ListOutbox("queued").value().size();
  faulty_->FailNth("RecordInvoice", 1);
  auto r = Receiver().Receive(InvoiceFixture("good/2345678-0-2024-05.xml"), "api", "test:api");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "store_unavailable");
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);  // 503 (api/http_reply)
  EXPECT_EQ(KuusiState(), store::kSettled);
  EXPECT_TRUE(KuusiInvoices().empty());
  EXPECT_EQ(store_->ListOutbox("queued").value().size(), outbox);  // no notice
}

// The API answered 503; the provider sends the same file again. Its
// transmission was stored, its verdict never was: the resend is judged
// (accepted here), not refused as a duplicate of the failed attempt.
TEST_P(ReceivingFaultsTest, AnApiSendAnswered503IsJudgedWhenSentAgain) {
  faulty_->FailNth("RecordInvoice", 1);
  const std::string invoice = InvoiceFixture("good/2345678-0-2024-05.xml");
  ASSERT_FALSE(Receiver().Receive(invoice, "api", "test:api").ok());
  auto again = Receiver().Receive(invoice, "api", "test:api");
  ASSERT_TRUE(again.ok()) << ToLine(again.error());
  ASSERT_EQ(again.value().invoices.size(), 1u);
  EXPECT_EQ(again.value().invoices[0].record.state, store::kInvoiceAccepted)
      << again.value().invoices[0].record.reasons;
  EXPECT_EQ(KuusiState(), store::kInvoiced);
  ASSERT_EQ(KuusiInvoices().size(), 1u);
  // Sent a third time, after its verdict: now it is a duplicate.
  auto third = Receiver().Receive(invoice, "api", "test:api");
  ASSERT_TRUE(third.ok()) << ToLine(third.error());
  EXPECT_EQ(third.value().invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_NE(third.value().invoices[0].record.reasons.find("duplicate_message"), std::string::npos);
}

TEST_P(ReceivingFaultsTest, AVerdictCommittedButUnansweredIsNotRepeated) {
  // The store took the acceptance, the answer was lost: the settlement
  // moved with the invoice, once.
  faulty_->FailNth("RecordInvoice", 1, FaultyStore::Unavailable(),
                   FaultyStore::FaultTiming::kAfterCall);
  auto h = Frame();
  std::string framed =
      outbound::FrameMessage(h, InvoiceFixture("good/2345678-0-2024-05.xml")).value();
  ASSERT_FALSE(Receiver().ReceiveFramed(framed, h, "test:operator").ok());
  EXPECT_EQ(KuusiState(), store::kInvoiced);
  // Handed on again, the delivery resumes: the stored verdict stands.
  auto again = Receiver().ReceiveFramed(framed, h, "test:operator");
  ASSERT_TRUE(again.ok()) << ToLine(again.error());
  ASSERT_EQ(again.value().invoices.size(), 1u);
  EXPECT_EQ(again.value().invoices[0].record.state, store::kInvoiceAccepted);
  EXPECT_EQ(KuusiInvoices().size(), 1u);
}

TEST_P(ReceivingFaultsTest, AnOperatorDeliveryWhoseVerdictFailedIsJudgedOnceWhenHandedOnAgain) {
  faulty_->FailNth("RecordInvoice", 1);
  auto h = Frame();
  std::string framed =
      outbound::FrameMessage(h, InvoiceFixture("good/2345678-0-2024-05.xml")).value();
  ASSERT_FALSE(Receiver().ReceiveFramed(framed, h, "test:operator").ok());
  EXPECT_EQ(KuusiState(), store::kSettled);
  auto again = Receiver().ReceiveFramed(framed, h, "test:operator");
  ASSERT_TRUE(again.ok()) << ToLine(again.error());
  ASSERT_EQ(again.value().invoices.size(), 1u);
  EXPECT_EQ(again.value().invoices[0].record.state, store::kInvoiceAccepted)
      << again.value().invoices[0].record.reasons;
  EXPECT_EQ(KuusiState(), store::kInvoiced);
  auto invoices = KuusiInvoices();
  ASSERT_EQ(invoices.size(), 1u);
  EXPECT_EQ(invoices[0].transmission_id, again.value().transmission_id);  // one transmission kept
}

INSTANTIATE_TEST_SUITE_P(Backends, ReceivingFaultsTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::testing
