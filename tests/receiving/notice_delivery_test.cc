// E-mailed notices of operator deliveries, on both back ends, against a
// real SMTP server on loopback (smtp_sink.py): a notice mailed twice (a
// crash after the send, before its outcome was stored) carries the same
// Message-ID both times, so the copy is recognisable; and a daemon that
// lost the message's claim while the SMTP dialogue was under way (another
// daemon took the message over) sends nothing and gets claim_lost, nor,
// when its mail failed, records "failed" over the new holder's "sent".
#include <gtest/gtest.h>

#include <future>

#include "fixture_month.h"
#include "formats/sha256.h"
#include "outbound/transmission_frame.h"
#include "receiving/invoice_receiver.h"
#include "receiving/smtp_mailer.h"
#include "smtp_sink.h"

namespace seteli::testing {
namespace {

using receiving::InvoiceReceiver;
using receiving::Receipt;

constexpr char kOrganizer[] = "003728161658";
constexpr char kKuusi[] = "2345678-0";
constexpr char kFrom[] = "seteli@organizer.example";

// Thrown by CrashAfterSend: the receiver stops right there, as the
// process would if it died.
struct Crash {};

// The real mailer, and then a crash before anything else happens.
class CrashAfterSend : public receiving::NoticeMailer {
 public:
  explicit CrashAfterSend(receiving::NoticeMailer* real) : real_(real) {}
  Result<store::Done> Send(const receiving::MailNotice& mail,
                           const receiving::BeforeCommit& check) override {
    auto sent = real_->Send(mail, check);
    if (sent.ok()) throw Crash{};
    return sent;
  }

 private:
  receiving::NoticeMailer* real_;
};

class NoticeDeliveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    python_ = PythonWithAiosmtpd();
    if (python_.empty()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    store_ = SeededFixtureStore(GetParam());
    if (!store_) GTEST_SKIP() << "no PostgreSQL test server";
    reg_ = LoadFixtureRegistries();
    // Kuusi takes invoice responses by e-mail, not from the operator.
    Provider p = *reg_.providers.Find(kKuusi);
    p.email = "laskutus@kuusi.example";
    p.receives_invoice_responses = false;
    reg_.providers.Add(p);
  }

  // A business rejection (answered with an invoice response) from Kuusi,
  // framed as the operator delivers it.
  void Deliver(const std::string& message_id) {
    frame_.routing.sender = {"003723456780", "BAWCFI22"};
    frame_.routing.receiver = {kOrganizer, "BAWCFI22"};
    frame_.message_id = message_id;
    frame_.timestamp = "2024-06-03T10:00:00+03:00";
    auto file =
        outbound::FrameMessage(frame_, InvoiceFixture("malformed/exemption_basis_mismatch.xml"));
    ASSERT_TRUE(file.ok());
    bytes_ = file.value();
  }

  // The message stored by the inbound side, claimed by `owner` with a
  // lease that has run out already: the claim holds until another daemon
  // claims the message.
  store::InboundFence StoreClaimed(const std::string& owner) {
    store::InboundMessage m;
    m.message_id = frame_.message_id;
    m.channel = "push";
    m.raw = bytes_;
    m.sha256 = formats::Sha256Hex(bytes_);
    auto fresh = store_->StoreInbound({m}, {owner, 0});
    EXPECT_TRUE(fresh.ok() && fresh.value() == std::vector<bool>{true});
    return {m.message_id, owner, store::kFirstClaimGeneration};
  }

  // Another daemon's pass claims the message (a new claim generation).
  store::InboundFence TakeOver(const std::string& owner) {
    auto claimed = store_->ClaimDueInbound({owner, 30}, 10);
    EXPECT_TRUE(claimed.ok());
    if (!claimed.ok() || claimed.value().size() != 1) {
      ADD_FAILURE() << "the message was not claimed";
      return {};
    }
    return store::FenceOf(claimed.value()[0]);
  }

  Result<Receipt> HandOn(receiving::NoticeMailer* mailer, const store::InboundFence& fence) {
    InvoiceReceiver receiver({store_.get(), &reg_.rulebook, &reg_.providers, mailer});
    return receiver.ReceiveFramed(bytes_, frame_, "test:operator", &fence);
  }

  std::string python_;
  std::unique_ptr<store::Store> store_;
  FixtureRegistries reg_;
  outbound::TransmissionHeader frame_;
  std::string bytes_;
};

TEST_P(NoticeDeliveryTest, ANoticeMailedAgainCarriesTheSameMessageId) {
  SmtpSink sink(python_);
  ASSERT_GT(sink.port(), 0);
  receiving::SmtpMailer mailer({"127.0.0.1", sink.port(), kFrom, 10});
  Deliver("PROV-KUUSI-MAIL-1");
  store::InboundFence first = StoreClaimed("daemon-a");
  // Daemon A mails the notice and dies before storing that it did.
  CrashAfterSend crashing(&mailer);
  EXPECT_THROW((void)HandOn(&crashing, first), Crash);
  ASSERT_EQ(sink.MailCount(), 1);
  // Its claim runs out; daemon B resumes the message: the verdict stands,
  // the notice has no outcome yet, so B mails it again.
  store::InboundFence second = TakeOver("daemon-b");
  auto resumed = HandOn(&mailer, second);
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  ASSERT_EQ(resumed.value().invoices.size(), 1u);
  const store::InvoiceRecord& rec = resumed.value().invoices[0].record;
  EXPECT_EQ(rec.notice_channel, "email");
  EXPECT_EQ(rec.notice_outcome, "sent");
  ASSERT_EQ(sink.MailCount(), 2);
  std::string id1 = MailHeader(sink.Mail(1), "Message-ID"),
              id2 = MailHeader(sink.Mail(2), "Message-ID");
  ASSERT_FALSE(id1.empty()) << "no Message-ID: the relay makes up one of its own for each copy";
  EXPECT_EQ(id1, id2) << "the second copy is not recognisable as the first";
  // <the notice's MessageId@the From address's domain>
  EXPECT_EQ(id1.rfind("<SETELI-IR-", 0), 0u) << id1;
  EXPECT_NE(id1.find("@organizer.example>"), std::string::npos) << id1;
  EXPECT_NE(sink.Mail(1).find(id1.substr(1, id1.find('@') - 1) + ".xml"), std::string::npos)
      << "not the ID of the notice attached";
}

TEST_P(NoticeDeliveryTest, ClaimLostDuringTheSmtpDialogueSendsNoMail) {
  SmtpSink sink(python_, /*hold=*/true);
  ASSERT_GT(sink.port(), 0);
  receiving::SmtpMailer mailer({"127.0.0.1", sink.port(), kFrom, 20});
  Deliver("PROV-KUUSI-MAIL-2");
  store::InboundFence a = StoreClaimed("daemon-a");
  // A judges the invoice and starts mailing the notice; the relay holds it
  // at MAIL FROM, past A's lease, and daemon B takes the message over.
  auto handed = std::async(std::launch::async, [&] { return HandOn(&mailer, a); });
  ASSERT_TRUE(sink.WaitHeld(20)) << "A never reached the relay";
  store::InboundFence b = TakeOver("daemon-b");
  sink.Release();
  Result<Receipt> a_result = handed.get();
  ASSERT_FALSE(a_result.ok()) << "A mailed the notice without its claim";
  EXPECT_EQ(a_result.error().code, "claim_lost") << a_result.error().message;
  EXPECT_EQ(sink.MailCount(), 0) << "A's mail went out";
  // B resumes the message and mails the notice: once in all.
  auto b_result = HandOn(&mailer, b);
  ASSERT_TRUE(b_result.ok()) << b_result.error().message;
  ASSERT_EQ(b_result.value().invoices.size(), 1u);
  EXPECT_EQ(b_result.value().invoices[0].record.notice_outcome, "sent");
  EXPECT_EQ(sink.MailCount(), 1);
  auto all = store_->ListInvoices({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value().size(), 1u);
}

TEST_P(NoticeDeliveryTest, ADaemonThatLostTheClaimDoesNotRecordItsFailedMail) {
  SmtpSink sink(python_, /*hold=*/true);
  ASSERT_GT(sink.port(), 0);
  receiving::SmtpMailer mailer({"127.0.0.1", sink.port(), kFrom, 20});
  Deliver("PROV-KUUSI-MAIL-3");
  store::InboundFence a = StoreClaimed("daemon-a");
  auto handed = std::async(std::launch::async, [&] { return HandOn(&mailer, a); });
  ASSERT_TRUE(sink.WaitHeld(20)) << "A never reached the relay";
  // Meanwhile B takes the message over and mails the notice ...
  store::InboundFence b = TakeOver("daemon-b");
  auto b_result = HandOn(&mailer, b);
  ASSERT_TRUE(b_result.ok()) << b_result.error().message;
  ASSERT_EQ(sink.MailCount(), 1);
  // ... and the relay refuses A's mail: A's "failed" must not replace B's
  // "sent".
  sink.Release(/*refuse=*/true);
  Result<Receipt> a_result = handed.get();
  ASSERT_FALSE(a_result.ok()) << "A recorded its outcome without its claim";
  EXPECT_EQ(a_result.error().code, "claim_lost") << a_result.error().message;
  auto all = store_->ListInvoices({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 1u);
  EXPECT_EQ(all.value()[0].notice_outcome, "sent");
  EXPECT_EQ(sink.MailCount(), 1);
}

TEST(MailMessageIdTest, TheNoticeIdAtTheFromAddresssDomain) {
  EXPECT_EQ(receiving::MailMessageId("SETELI-IR-42", "seteli@eksote.fi"), "<SETELI-IR-42@eksote.fi>");
  EXPECT_EQ(receiving::MailMessageId("SETELI-IR-42", "Seteli <seteli@eksote.fi>"),
            "<SETELI-IR-42@eksote.fi>");
  // No domain to take, or none fit for a Message-ID: a name that resolves nowhere.
  EXPECT_EQ(receiving::MailMessageId("SETELI-IR-42", "seteli"), "<SETELI-IR-42@seteli.invalid>");
  EXPECT_EQ(receiving::MailMessageId("SETELI-IR-42", "seteli@[127.0.0.1]"),
            "<SETELI-IR-42@seteli.invalid>");
  EXPECT_EQ(receiving::MailMessageId("SETELI-IR-42", "seteli@"), "<SETELI-IR-42@seteli.invalid>");
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticeDeliveryTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::testing
