// The receiver taking what the operator delivers (ReceiveFramed), on both
// back ends: only the seller's registered address may invoice in its name,
// and a notice goes to that address, never to a stranger's From; a sender
// the registry does not know at all gets a Finvoiceack of the technical
// faults; and handing the same message on again after a crash resumes it:
// one transmission, one verdict, one notice.
#include <gtest/gtest.h>

#include <set>

#include "fixture_month.h"
#include "formats/sha256.h"
#include "outbound/transmission_frame.h"
#include "receiving/invoice_receiver.h"

namespace seteli::testing {
namespace {

using receiving::InvoiceReceiver;
using receiving::Receipt;

constexpr char kOrganizer[] = "003728161658";
// Kuusi (2345678-0) as the provider registry has it.
constexpr char kKuusiFrameAddress[] = "003723456780";
constexpr char kKuusiFrameIntermediator[] = "BAWCFI22";
// Someone else on the operator network.
constexpr char kStranger[] = "003799988877";
constexpr char kStrangerIban[] = "FI4950009420028730";

class FramedReceivingTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = SeededFixtureStore(GetParam());
    if (!store_) GTEST_SKIP() << "no PostgreSQL test server";
    reg_ = LoadFixtureRegistries();
  }

  static outbound::TransmissionHeader Frame(const std::string& message_id, const std::string& from,
                                            const std::string& from_intermediator) {
    outbound::TransmissionHeader h;
    h.routing.sender = {from, from_intermediator};
    h.routing.receiver = {kOrganizer, "BAWCFI22"};
    h.message_id = message_id;
    h.timestamp = "2024-06-03T10:00:00+03:00";
    return h;
  }

  static std::string Framed(const outbound::TransmissionHeader& h, const std::string& message) {
    auto file = outbound::FrameMessage(h, message);
    EXPECT_TRUE(file.ok());
    return file.ok() ? file.value() : "";
  }

  Receipt ReceiveFramed(const std::string& bytes, const outbound::TransmissionHeader& h) {
    InvoiceReceiver receiver({store_.get(), &reg_.rulebook, &reg_.providers, nullptr});
    auto r = receiver.ReceiveFramed(bytes, h, "test:operator");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : Receipt{};
  }

  std::vector<store::OutboxMessage> Acks() {
    std::vector<store::OutboxMessage> out;
    auto queued = store_->ListOutbox("queued");
    EXPECT_TRUE(queued.ok());
    for (const auto& m : queued.value()) {
      if (m.kind == "finvoice_ack") out.push_back(m);
    }
    return out;
  }

  size_t InvoiceCount() {
    auto all = store_->ListInvoices({});
    return all.ok() ? all.value().size() : 0;
  }

  std::unique_ptr<store::Store> store_;
  FixtureRegistries reg_;
};

// The first PartyId after `<eb:To>` in a frame: the receiver's address.
std::string ToParty(const std::string& framed) {
  size_t to = framed.find("<eb:To>");
  size_t id = framed.find("<eb:PartyId>", to);
  if (to == std::string::npos || id == std::string::npos) return "";
  id += std::string_view("<eb:PartyId>").size();
  return framed.substr(id, framed.find('<', id) - id);
}

TEST_P(FramedReceivingTest, FinvoiceackGoesToTheRegisteredAddress) {
  auto h = Frame("PROV-KUUSI-0001", kKuusiFrameAddress, kKuusiFrameIntermediator);
  Receipt r = ReceiveFramed(Framed(h, InvoiceFixture("malformed/schema_invalid.xml")), h);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_EQ(r.invoices[0].record.notice_outcome, "queued");
  for (const auto& e : r.invoices[0].reasons) EXPECT_NE(e.code, "sender_mismatch");
  auto acks = Acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(ToParty(acks[0].body), kKuusiFrameAddress) << acks[0].body;
  EXPECT_NE(acks[0].body.find(std::string("<eb:PartyId>") + kKuusiFrameIntermediator),
            std::string::npos);
  EXPECT_NE(acks[0].body.find("<eb:RefToMessageId>PROV-KUUSI-0001</eb:RefToMessageId>"), std::string::npos);
  EXPECT_EQ(acks[0].provider, "2345678-0");
  EXPECT_EQ(acks[0].message_id.rfind("SETELI-ACK-", 0), 0u);
  EXPECT_LE(acks[0].message_id.size(), outbound::kMaxMessageIdLength);
}

// The purchase ledger pays by the due date the provider stated (its
// payment part's date), so the store keeps it with the invoice.
TEST_P(FramedReceivingTest, KeepsTheDueDateTheInvoiceStates) {
  auto h = Frame("PROV-KUUSI-0009", kKuusiFrameAddress, kKuusiFrameIntermediator);
  Receipt r = ReceiveFramed(Framed(h, InvoiceFixture("good/2345678-0-2024-05.xml")), h);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.due_date, "20240617");
  auto all = store_->ListInvoices({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 1u);
  EXPECT_EQ(all.value()[0].due_date, "20240617");
}

// What was tried on the operator network: a stranger's address sent a wrong
// invoice in Kuusi's name to learn the expected total from the reply, then
// a matching one with its own account; then Kuusi's own invoice came.
TEST_P(FramedReceivingTest, StrangerCannotInvoiceAsAProvider) {
  // Kuusi takes invoice responses through the operator: the business
  // rejections below are queued there, where their address can be read.
  Provider kuusi = *reg_.providers.Find("2345678-0");
  kuusi.receives_invoice_responses = true;
  reg_.providers.Add(kuusi);

  auto probe = Frame("STRANGER-0001", kStranger, "BAWCFI22");
  Receipt r = ReceiveFramed(Framed(probe, InvoiceFixture("malformed/total_mismatch.xml")), probe);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceRejected);
  std::string good = InvoiceFixture("good/2345678-0-2024-05.xml");
  std::string forged = good;
  forged.replace(forged.find(">FI4610253000123456<"), 20, std::string(">") + kStrangerIban + "<");
  auto take = Frame("STRANGER-0002", kStranger, "BAWCFI22");
  r = ReceiveFramed(Framed(take, forged), take);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceRejected);
  std::set<std::string> codes;
  for (const auto& e : r.invoices[0].reasons) codes.insert(e.code);
  EXPECT_TRUE(codes.count("sender_mismatch")) << r.invoices[0].record.reasons;
  EXPECT_TRUE(codes.count("account_mismatch")) << r.invoices[0].record.reasons;

  // Nothing went back to the stranger: every notice is Kuusi's to read.
  auto queued = store_->ListOutbox("queued");
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued.value().size(), 2u);
  for (const auto& m : queued.value()) {
    EXPECT_EQ(ToParty(m.body), kKuusiFrameAddress) << m.body;
    EXPECT_EQ(
        m.body.find(std::string("<eb:PartyId>") + kStranger + "</eb:PartyId><eb:Role>Receiver"),
        std::string::npos);
  }

  // Kuusi's own invoice is still taken.
  auto own = Frame("PROV-KUUSI-0009", kKuusiFrameAddress, kKuusiFrameIntermediator);
  r = ReceiveFramed(Framed(own, good), own);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceAccepted) << r.invoices[0].record.reasons;
}

TEST_P(FramedReceivingTest, StrangersAnyAnswerNamesOnlyTechnicalFaults) {
  // A message the registry cannot place (no known seller) that is both
  // schema-invalid and wrong in business terms: the Finvoiceack back to its
  // From names the schema fault only.
  std::string s = InvoiceFixture("malformed/unknown_seller.xml");
  s.replace(s.find("<SellerTownName>"), 16, "<SellerTown>");
  s.replace(s.find("</SellerTownName>"), 17, "</SellerTown>");
  auto h = Frame("STRANGER-0003", kStranger, "BAWCFI22");
  Receipt r = ReceiveFramed(Framed(h, s), h);
  ASSERT_EQ(r.invoices.size(), 1u);
  std::set<std::string> codes;
  for (const auto& e : r.invoices[0].reasons) codes.insert(e.code);
  ASSERT_TRUE(codes.count("schema_invalid") && codes.count("unknown_seller"))
      << r.invoices[0].record.reasons;
  auto acks = Acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(ToParty(acks[0].body), kStranger);
  EXPECT_EQ(acks[0].body.find("1234567-1"), std::string::npos) << acks[0].body;
  EXPECT_EQ(acks[0].body.find("palveluntuottaja"), std::string::npos) << acks[0].body;
}

TEST_P(FramedReceivingTest, SenderUnknownToTheRegistryIsStillAnswered) {
  auto h = Frame("PROV-NOBODY-0001", "003799999999", "BAWCFI22");
  std::string broken = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Finvoice Version=\"3.0\"><Broken/></Finvoice>\n";
  Receipt r = ReceiveFramed(Framed(h, broken), h);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.seller, "");
  EXPECT_EQ(r.invoices[0].record.notice_channel, "operator");
  auto acks = Acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(ToParty(acks[0].body), "003799999999");
  EXPECT_EQ(acks[0].provider, "");
}

TEST_P(FramedReceivingTest, HandingOnTwiceJudgesAndAnswersOnce) {
  auto bad = Frame("PROV-KUUSI-0002", kKuusiFrameAddress, kKuusiFrameIntermediator);
  std::string bad_bytes = Framed(bad, InvoiceFixture("malformed/schema_invalid.xml"));
  auto good = Frame("PROV-KUUSI-0003", kKuusiFrameAddress, kKuusiFrameIntermediator);
  std::string good_bytes = Framed(good, InvoiceFixture("good/2345678-0-2024-05.xml"));
  Receipt first_bad = ReceiveFramed(bad_bytes, bad);
  Receipt first_good = ReceiveFramed(good_bytes, good);
  Receipt again_bad = ReceiveFramed(bad_bytes, bad);
  Receipt again_good = ReceiveFramed(good_bytes, good);
  EXPECT_EQ(again_bad.transmission_id, first_bad.transmission_id);
  EXPECT_EQ(again_good.transmission_id, first_good.transmission_id);
  ASSERT_EQ(again_good.invoices.size(), 1u);
  // Not a duplicate_message, nor a duplicate_invoice_number against itself.
  EXPECT_EQ(again_good.invoices[0].record.id, first_good.invoices[0].record.id);
  EXPECT_EQ(again_good.invoices[0].record.state, store::kInvoiceAccepted);
  EXPECT_TRUE(again_good.invoices[0].reasons.empty());
  ASSERT_EQ(again_bad.invoices.size(), 1u);
  EXPECT_EQ(again_bad.invoices[0].record.id, first_bad.invoices[0].record.id);
  EXPECT_EQ(again_bad.invoices[0].reasons.size(), first_bad.invoices[0].reasons.size());
  EXPECT_EQ(InvoiceCount(), 2u);
  EXPECT_EQ(Acks().size(), 1u);
}

TEST_P(FramedReceivingTest, ResumesATransmissionACrashCutShort) {
  // The crash came after the bytes were stored: same channel, same digest.
  auto h = Frame("PROV-KUUSI-0004", kKuusiFrameAddress, kKuusiFrameIntermediator);
  std::string bytes = Framed(h, InvoiceFixture("malformed/schema_invalid.xml"));
  auto saved = store_->SaveTransmission({0, "", "operator", formats::Sha256Hex(bytes), bytes},
                                        {"test", "invoices.receive", "", ""}, nullptr);
  ASSERT_TRUE(saved.ok());
  Receipt r = ReceiveFramed(bytes, h);
  EXPECT_EQ(r.transmission_id, saved.value());
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.state, store::kInvoiceRejected);
  EXPECT_FALSE(r.invoices[0].reasons.empty());
  for (const auto& e : r.invoices[0].reasons) EXPECT_NE(e.code, "duplicate_message");
  EXPECT_EQ(Acks().size(), 1u);
}

TEST_P(FramedReceivingTest, ResumeSendsTheNoticeAStoredVerdictStillLacks) {
  // The crash came after the verdict, before its notice: the notice is
  // built from the stored reasons.
  auto h = Frame("PROV-KUUSI-0005", kKuusiFrameAddress, kKuusiFrameIntermediator);
  std::string bytes = Framed(h, InvoiceFixture("malformed/schema_invalid.xml"));
  std::string digest = formats::Sha256Hex(bytes);
  auto saved = store_->SaveTransmission({0, "", "operator", digest, bytes}, {"test", "invoices.receive", "", ""}, nullptr);
  ASSERT_TRUE(saved.ok());
  store::InvoiceRecord rec;
  rec.transmission_id = saved.value();
  rec.ordinal = 1;
  rec.sha256 = digest;
  rec.seller = "2345678-0";
  rec.invoice_number = "KU-2024-0599";
  rec.state = store::kInvoiceRejected;
  rec.reasons = R"([{"code":"schema_invalid","layer":"schema","path":"/Finvoice","message_fi":"Skeemavirhe",)"
                R"("message_en":"Schema error"}])";
  auto stored = store_->RecordInvoice(rec, {"test", "invoices.verdict", "", ""}, nullptr);
  ASSERT_TRUE(stored.ok());
  Receipt r = ReceiveFramed(bytes, h);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].record.id, stored.value().id);
  ASSERT_EQ(r.invoices[0].reasons.size(), 1u);
  EXPECT_EQ(r.invoices[0].reasons[0].code, "schema_invalid");
  EXPECT_EQ(r.invoices[0].reasons[0].layer, finvoice::Layer::kSchema);
  auto acks = Acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_NE(acks[0].body.find("Schema error"), std::string::npos);
  auto got = store_->GetInvoice(stored.value().id);
  ASSERT_TRUE(got.ok() && got.value());
  EXPECT_EQ(got.value()->notice_outcome, "queued");
  EXPECT_EQ(InvoiceCount(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, FramedReceivingTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::testing
