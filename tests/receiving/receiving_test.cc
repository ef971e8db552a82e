// The receiver on both back ends: stored before validated, accepted ->
// settlement invoiced, the notice kind of each rejection path, the Peppol
// response valid against UBL, credit notes, duplicate numbers and
// transmissions, the operator channel, and e-mail to a local SMTP sink.
#include <gtest/gtest.h>

#include <functional>

#include "books/store_books.h"
#include "export/reconcile.h"
#include "fixture_month.h"
#include "formats/settlement_json.h"
#include "formats/sha256.h"
#include "receiving/invoice_receiver.h"
#include "receiving/smtp_mailer.h"
#include "receiving/ubl_schema.h"
#include "seteli/settle.h"
#include "smtp_sink.h"

namespace seteli::testing {
namespace {

using receiving::InvoiceReceiver;
using receiving::Receipt;

class ReceivingTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = SeededFixtureStore(GetParam());
    if (!store_) GTEST_SKIP() << "no PostgreSQL test server";
    reg_ = LoadFixtureRegistries();
  }

  Receipt Receive(const std::string& bytes, receiving::NoticeMailer* mailer = nullptr) {
    InvoiceReceiver receiver({store_.get(), &reg_.rulebook, &reg_.providers, mailer});
    auto r = receiver.Receive(bytes, "test", "test:receiver");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : Receipt{};
  }

  std::string SettlementState(const std::string& provider) {
    auto s = store_->ListSettlements("2024-05", provider);
    return s.ok() && !s.value().empty() ? s.value()[0].state : "";
  }

  // A provider of the registry, changed by `edit`.
  void EditProvider(const std::string& id, const std::function<void(Provider&)>& edit) {
    Provider p = *reg_.providers.Find(id);
    edit(p);
    reg_.providers.Add(p);
  }

  std::string MonthOfCreditsAndItsNote();

  std::unique_ptr<store::Store> store_;
  FixtureRegistries reg_;
  int64_t may_invoice_ = 0;  // MonthOfCreditsAndItsNote's invoice of May
};

bool HasReason(const receiving::InvoiceVerdict& v, const std::string& code) {
  for (const auto& e : v.reasons) {
    if (e.code == code) return true;
  }
  return false;
}

TEST_P(ReceivingTest, StoresTheBytesAndDigestEvenWhenRejected) {
  std::string bytes = InvoiceFixture("malformed/not_well_formed.xml");
  Receipt r = Receive(bytes);
  auto t = store_->GetTransmission(r.transmission_id);
  ASSERT_TRUE(t.ok() && t.value());
  EXPECT_EQ(t.value()->raw, bytes);
  EXPECT_EQ(t.value()->sha256, formats::Sha256Hex(bytes));
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_EQ(r.invoices[0].record.sha256, formats::Sha256Hex(bytes));
}

TEST_P(ReceivingTest, KeepsNonUtf8BytesExactly) {
  std::string bytes = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<Finvoice>\xe4\xf6\xa4\xff</Fin";
  Receipt r = Receive(bytes);
  auto t = store_->GetTransmission(r.transmission_id);
  ASSERT_TRUE(t.ok() && t.value());
  EXPECT_EQ(t.value()->raw, bytes);
}

TEST_P(ReceivingTest, AcceptedInvoiceMakesTheSettlementInvoiced) {
  Receipt r = Receive(InvoiceFixture("good/2345678-0-2024-05.xml"));
  ASSERT_EQ(r.invoices.size(), 1u);
  const store::InvoiceRecord& rec = r.invoices[0].record;
  EXPECT_EQ(rec.state, store::kInvoiceAccepted) << rec.reasons;
  EXPECT_EQ(rec.provider, "2345678-0");
  EXPECT_EQ(rec.month, "2024-05");
  EXPECT_EQ(rec.total_cents, 431569);
  EXPECT_EQ(rec.notice_kind, "");
  EXPECT_EQ(SettlementState("2345678-0"), store::kInvoiced);
}

TEST_P(ReceivingTest, TechnicalFaultsGetAFinvoiceackThroughTheOperator) {
  for (const char* file : {"malformed/not_well_formed.xml", "malformed/schema_invalid.xml"}) {
    Receipt r = Receive(InvoiceFixture(file));
    ASSERT_EQ(r.invoices.size(), 1u) << file;
    const store::InvoiceRecord& rec = r.invoices[0].record;
    EXPECT_EQ(rec.state, store::kInvoiceRejected) << file;
    EXPECT_EQ(rec.notice_kind, "finvoice_ack") << file;
    EXPECT_EQ(rec.notice_channel, "operator") << file;
    EXPECT_EQ(rec.notice_outcome, "queued") << file;
    EXPECT_NE(rec.notice.find("Finvoiceack"), std::string::npos) << file;
  }
  auto queued = store_->ListOutbox("queued");
  ASSERT_TRUE(queued.ok());
  int acks = 0;
  for (const auto& m : queued.value()) acks += m.kind == "finvoice_ack";
  EXPECT_EQ(acks, 2);
  EXPECT_EQ(SettlementState("2345678-0"), store::kSettled);
}

TEST_P(ReceivingTest, BusinessRejectionGetsAValidPeppolResponse) {
  Receipt r = Receive(InvoiceFixture("malformed/total_mismatch.xml"));
  ASSERT_EQ(r.invoices.size(), 1u);
  const store::InvoiceRecord& rec = r.invoices[0].record;
  EXPECT_EQ(rec.state, store::kInvoiceRejected);
  EXPECT_TRUE(HasReason(r.invoices[0], "total_mismatch"));
  EXPECT_NE(rec.reasons.find("\"code\":\"total_mismatch\""), std::string::npos);
  EXPECT_EQ(rec.notice_kind, "invoice_response");
  EXPECT_EQ(receiving::InvoiceResponseSchemaProblem(rec.notice), std::nullopt);
  EXPECT_NE(rec.notice.find(">RE<"), std::string::npos);
  EXPECT_NE(rec.notice.find("OPStatusReason"), std::string::npos);
  EXPECT_NE(rec.notice.find(">PRI<"), std::string::npos);
  // No operator registration, no e-mail address: only the API view has it.
  EXPECT_EQ(rec.notice_channel, "api");
  EXPECT_EQ(rec.notice_outcome, "no_email");
  auto stored = store_->GetInvoice(rec.id);
  ASSERT_TRUE(stored.ok() && stored.value());
  EXPECT_EQ(stored.value()->notice, rec.notice);
  EXPECT_EQ(SettlementState("2345678-0"), store::kSettled);
}

TEST_P(ReceivingTest, ProviderRegisteredForResponsesGetsThemThroughTheOperator) {
  EditProvider("2345678-0", [](Provider& p) { p.receives_invoice_responses = true; });
  Receipt r = Receive(InvoiceFixture("malformed/non_payable_row.xml"));
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.notice_kind, "invoice_response");
  EXPECT_EQ(r.invoices[0].record.notice_channel, "operator");
  EXPECT_EQ(r.invoices[0].record.notice_outcome, "queued");
  auto queued = store_->ListOutbox("queued");
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued.value().size(), 1u);
  EXPECT_EQ(queued.value()[0].kind, "invoice_response");
  EXPECT_EQ(queued.value()[0].provider, "2345678-0");
}

TEST_P(ReceivingTest, CreditNoteAdjustsTheAcceptedInvoice) {
  Receipt first = Receive(InvoiceFixture("good/2345678-0-2024-05.xml"));
  Receipt credit = Receive(InvoiceFixture("good/2345678-0-2024-05-credit.xml"));
  ASSERT_EQ(credit.invoices.size(), 1u);
  EXPECT_EQ(credit.invoices[0].record.state, store::kInvoiceAccepted) << credit.invoices[0].record.reasons;
  EXPECT_EQ(credit.invoices[0].record.type, store::kTypeCreditNote);
  EXPECT_EQ(credit.invoices[0].record.total_cents, -10000);
  auto original = store_->GetInvoice(first.invoices[0].record.id);
  ASSERT_TRUE(original.ok() && original.value());
  EXPECT_EQ(original.value()->credited_cents, -10000);
  EXPECT_EQ(SettlementState("2345678-0"), store::kInvoiced);  // partly credited
}

// June of a provider that invoices itself is credits only (its May visits
// voided after May was settled): its settlement's voucher total is
// negative, and the provider answers it with a credit note quoting June's
// reference and the May invoice it corrects. That credit note is June's
// document: June is invoiced and reconciles, and May keeps its invoice.
// Kuusi's May invoiced; its June a month of credits (voucher -100.00);
// the bytes of Kuusi's credit note of KU-2024-0517 quoting June's reference.
std::string ReceivingTest::MonthOfCreditsAndItsNote() {
  Receipt may = Receive(InvoiceFixture("good/2345678-0-2024-05.xml"));
  EXPECT_EQ(may.invoices[0].record.state, store::kInvoiceAccepted);
  may_invoice_ = may.invoices[0].record.id;
  const std::string kuusi = "2345678-0";
  const YearMonth june(2024, 6);
  Settlement credit;
  credit.provider = kuusi;
  credit.month = june;
  credit.reference = SettlementReference(kuusi, june, ReferenceKind::kFinnish);
  credit.price_total = Money::FromCents(-12000);
  credit.voucher_total = Money::FromCents(-10000);
  credit.copay_total = Money::FromCents(-2000);
  store::SettlementWrite w;
  w.settlement = {kuusi,
                  "2024-06",
                  store::kSettled,
                  credit.reference,
                  "test",
                  -12000,
                  -10000,
                  -2000,
                  0,
                  "",
                  "test-run",
                  std::nullopt,
                  formats::SettlementHeadJsonText(credit, 0)};
  EXPECT_TRUE(store_->CommitSettlement(w, {"test", "settlements.commit", kuusi, ""}).ok());

  std::string note = InvoiceFixture("good/2345678-0-2024-05-credit.xml");
  std::string compact;
  for (char c : credit.reference) {
    if (c != ' ') compact += c;
  }
  for (size_t at = note.find("23456782024058"); at != std::string::npos;
       at = note.find("23456782024058", at)) {
    note.replace(at, 14, compact);
  }
  return note;
}

TEST_P(ReceivingTest, ACreditNoteOfAMonthOfCreditsSettlesThatMonth) {
  const std::string kuusi = "2345678-0";
  const YearMonth june(2024, 6);
  std::string note = MonthOfCreditsAndItsNote();
  Receipt r = Receive(note);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceAccepted) << r.invoices[0].record.reasons;
  EXPECT_EQ(r.invoices[0].record.month, "2024-06");
  auto settled = store_->ListSettlements("2024-06", kuusi);
  ASSERT_TRUE(settled.ok() && settled.value().size() == 1u);
  EXPECT_EQ(settled.value()[0].state, store::kInvoiced);
  EXPECT_EQ(SettlementState(kuusi), store::kInvoiced);  // May keeps its invoice whole
  auto original = store_->GetInvoice(may_invoice_);
  ASSERT_TRUE(original.ok() && original.value());
  EXPECT_EQ(original.value()->credited_cents, 0);
  // Both months reconcile: June's credit note is June's, May's invoice May's.
  for (YearMonth m : {YearMonth(2024, 5), june}) {
    auto books = books::LoadMonthBooks(*store_, m, {});
    ASSERT_TRUE(books.ok()) << ToLine(books.error());
    for (const exports::Failure& f : exports::CheckInvoices(books.value())) {
      ADD_FAILURE() << m.ToString() << ": " << exports::ToLine(f);
    }
  }
}

TEST_P(ReceivingTest, ACreditNoteOfAnotherAmountThanTheMonthsCreditIsRejected) {
  std::string note = MonthOfCreditsAndItsNote();
  for (size_t at = note.find("-100,00"); at != std::string::npos; at = note.find("-100,00", at)) {
    note.replace(at, 7, "-90,00");
  }
  Receipt r = Receive(note);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_TRUE(HasReason(r.invoices[0], "total_mismatch"));
}

TEST_P(ReceivingTest, CreditNoteWithoutAnAcceptedOriginalIsRejected) {
  Receipt credit = Receive(InvoiceFixture("good/2345678-0-2024-05-credit.xml"));
  ASSERT_EQ(credit.invoices.size(), 1u);
  EXPECT_EQ(credit.invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_TRUE(HasReason(credit.invoices[0], "unknown_original_invoice"));
}

TEST_P(ReceivingTest, DuplicateInvoiceNumberIsRejectedFromTheStore) {
  std::string bytes = InvoiceFixture("good/2345678-0-2024-05.xml");
  Receive(bytes);
  Receipt again = Receive(bytes + "\n");  // other bytes, same invoice
  ASSERT_EQ(again.invoices.size(), 1u);
  EXPECT_EQ(again.invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_TRUE(HasReason(again.invoices[0], "duplicate_invoice_number"));
  EXPECT_EQ(again.invoices[0].record.notice_kind, "invoice_response");
}

TEST_P(ReceivingTest, SameTransmissionTwiceIsADuplicateMessage) {
  std::string bytes = InvoiceFixture("good/3012345-8-2024-05.xml");
  Receive(bytes);
  Receipt again = Receive(bytes);
  ASSERT_EQ(again.invoices.size(), 1u);
  EXPECT_TRUE(HasReason(again.invoices[0], "duplicate_message"));
  EXPECT_EQ(again.invoices[0].record.notice_kind, "finvoice_ack");
  EXPECT_NE(again.invoices[0].record.notice.find("<Code>5</Code>"), std::string::npos)
      << again.invoices[0].record.notice;
}

TEST_P(ReceivingTest, EveryInvoiceOfABatchGetsAVerdict) {
  Receipt r = Receive(InvoiceFixture("malformed/duplicate_invoice_number.xml"));
  ASSERT_EQ(r.invoices.size(), 2u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceAccepted) << r.invoices[0].record.reasons;
  EXPECT_EQ(r.invoices[1].record.state, store::kInvoiceRejected);
  EXPECT_TRUE(HasReason(r.invoices[1], "duplicate_invoice_number"));
}

TEST_P(ReceivingTest, BusinessRejectionIsMailedWithTheResponseAttached) {
  std::string python = PythonWithAiosmtpd();
  if (python.empty()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
  SmtpSink sink(python);
  ASSERT_GT(sink.port(), 0);
  EditProvider("2345678-0", [](Provider& p) { p.email = "laskutus@kuusi.example"; });
  receiving::SmtpMailer mailer({"127.0.0.1", sink.port(), "seteli@organizer.example", 10});
  Receipt r = Receive(InvoiceFixture("malformed/exemption_basis_mismatch.xml"), &mailer);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.notice_channel, "email");
  EXPECT_EQ(r.invoices[0].record.notice_outcome, "sent");
  std::string mail = sink.Mail(1);
  EXPECT_NE(mail.find("laskutus@kuusi.example"), std::string::npos);
  EXPECT_NE(mail.find("application/xml"), std::string::npos);
  EXPECT_NE(mail.find("exemption_basis_mismatch"), std::string::npos);  // in the letter
  EXPECT_NE(mail.find(".xml"), std::string::npos);
}

TEST_P(ReceivingTest, MailFailureIsRecordedNotLost) {
  EditProvider("2345678-0", [](Provider& p) { p.email = "laskutus@kuusi.example"; });
  receiving::SmtpMailer mailer({"127.0.0.1", 1, "seteli@organizer.example", 2});  // nothing listens
  Receipt r = Receive(InvoiceFixture("malformed/total_mismatch.xml"), &mailer);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.notice_channel, "email");
  EXPECT_EQ(r.invoices[0].record.notice_outcome.rfind("failed: ", 0), 0u);
  EXPECT_FALSE(r.invoices[0].record.notice.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ReceivingTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::testing
