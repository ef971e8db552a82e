// A provider-month of credits only (issue 18, defect 2), on SQLite and
// PostgreSQL alike: each provider has one visit in May, May is run, the
// visits are voided in June (after the May run) and June is run. June's
// settlement of each provider is then prior-period credits only, with
// negative totals: it is stored and read back, the month's books, exports,
// reconciliation and overview load, the journal balances, and a
// self-billing provider's document is a credit note of its May invoice.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "books/month_overview.h"
#include "books/overview_page.h"
#include "books/store_books.h"
#include "books/stored_overview.h"
#include "daemon/daemon_setup.h"
#include "export/export_month.h"
#include "export/journal_export.h"
#include "finvoice/invoice_validator.h"
#include "formats/events_input.h"
#include "formats/settlement_json.h"
#include "invoicing/monthly_run.h"
#include "month_books_check.h"
#include "outbound/self_billing_invoice.h"
#include "pg_test_db.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(SETELI_SOURCE_DIR) + "/fixtures";
constexpr char kKuusi[] = "2345678-0";   // invoices itself
constexpr char kMantty[] = "3456780-6";  // self-billing, with a bank account

// A visit of 08:00 to 10:00 on `day`, recorded that evening.
std::string Visit(const std::string& id, const std::string& provider, const std::string& decision,
                  const std::string& service, const std::string& day) {
  return R"({"event_id": ")" + id + R"(", "provider": ")" + provider + R"(", "decision_id": ")" +
         decision + R"(", "service": ")" + service + R"(", "start": ")" + day +
         R"(T08:00:00+03:00", "end": ")" + day + R"(T10:00:00+03:00", "recorded_at": ")" + day +
         "T20:00:00+03:00\"}";
}

// The void of `visit` (as Visit wrote it), recorded on 10 June.
std::string Void(std::string visit, const std::string& target) {
  const std::string id = "\"event_id\": \"" + target + "\"";
  visit.replace(visit.find(id), id.size(), "\"event_id\": \"V-" + target + "\"");
  const std::string recorded = visit.substr(visit.find("\"recorded_at\""));
  visit.replace(visit.find(recorded), recorded.size(),
                "\"recorded_at\": \"2024-06-10T12:00:00+03:00\", \"voids\": \"" + target + "\"}");
  return visit;
}

class CreditMonthTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto fresh = seteli::testing::FreshStoreUrl(GetParam());
    if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    const std::string url = *fresh;
    dir_ = fs::temp_directory_path() /
           ("seteli-credit-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "seteli.conf")
        << "listen: 127.0.0.1:0\nstore: " << url << "\nrulebook: " << kFixtures << "/rulebook.yaml"
        << "\nproviders: " << kFixtures << "/providers.yaml"
        << "\ndecisions: " << kFixtures << "/decisions.jsonl"
        << "\ntokens: []\n";
    auto config = config::LoadServeConfig((dir_ / "seteli.conf").string());
    ASSERT_TRUE(config.ok()) << ToLine(config.error());
    accounts_ = config.value().accounts;
    auto state = daemon::OpenDaemonState(config.value(), "test");
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
  }

  void TearDown() override {
    state_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void Ingest(const std::vector<std::string>& lines) {
    auto taken = seteli::testing::Ingest(*state_, lines);
    ASSERT_TRUE(taken.ok()) << ToLine(taken.error());
  }

  // Draws up the real Finvoice document, as `seteli run` does, and notes
  // what it was asked for.
  SelfBillingDrafter Drafter() {
    return [this](const SelfBillingDraft& d) -> Result<store::OutboxMessage> {
      const std::string month = d.settlement.month.ToString();
      drafts_.push_back(month + " " + d.settlement.voucher_total.ToString());
      outbound::SelfBillingOptions o;
      o.invoice_number = "IL-" + std::to_string(d.invoice_number);
      for (const CorrectedInvoice& c : d.corrected_invoices) {
        drafts_.back() += " corrects " + c.month.ToString() + ":" + std::to_string(c.number);
        o.original_invoices.push_back({"IL-" + std::to_string(c.number), c.month});
      }
      o.issue_date = d.settlement.month.next().first();
      o.provider_account = {d.provider.iban, d.provider.bic};
      o.encoding = outbound::Encoding::kUtf8;
      o.routing = outbound::SelfBillingRouting(d.provider, d.rulebook);
      o.message_id = "SB-" + d.provider.business_id + "-" + month;
      o.timestamp = d.settlement.month.next().ToString() + "-01T10:00:00+03:00";
      auto xml = outbound::BuildSelfBillingInvoice(d.settlement, d.rows, d.provider, d.rulebook, o);
      if (!xml.ok()) return xml.error();
      return store::OutboxMessage{o.message_id, "self_billing_invoice", d.provider.business_id,
                                  month,        o.invoice_number,       xml.value()};
    };
  }

  RunReport Run(const char* month) {
    auto catalog = state_->catalogs.Get();
    ctx_ = catalog->context();
    MonthlyRun run(*state_->store, ctx_, Drafter());
    auto r = run.Execute(RunOptions{YearMonth::Parse(month).value()});
    EXPECT_TRUE(r.ok()) << ToLine(r.error());
    return r.ok() ? r.value() : RunReport{};
  }

  static const ProviderOutcome* Find(const RunReport& r, const std::string& provider) {
    for (const ProviderOutcome& p : r.providers) {
      if (p.provider == provider) return &p;
    }
    return nullptr;
  }

  // May: a visit for each provider, run; June: both voided, run.
  RunReport MayVoidedInJune() {
    const std::string kuusi =
        Visit("E-K", kKuusi, "D-0001", "kotihoito-saannollinen", "2024-05-13");
    const std::string mantty =
        Visit("E-M", kMantty, "D-0012", "henkilokohtainen-apu", "2024-05-14");
    Ingest({kuusi, mantty});
    RunReport may = Run("2024-05");
    EXPECT_EQ(may.record.settled, 2);
    Ingest({Void(kuusi, "E-K"), Void(mantty, "E-M")});
    return Run("2024-06");
  }

  static inline int counter_ = 0;
  fs::path dir_;
  exports::ChartOfAccounts accounts_;
  std::unique_ptr<daemon::DaemonState> state_;
  SettleContext ctx_;
  std::vector<std::string> drafts_;
};

TEST_P(CreditMonthTest, AMonthOfCreditsOnlyIsSettledWithNegativeTotals) {
  RunReport june = MayVoidedInJune();
  for (const char* p : {kKuusi, kMantty}) {
    const ProviderOutcome* o = Find(june, p);
    ASSERT_NE(o, nullptr) << p;
    EXPECT_EQ(o->outcome, Outcome::kSettled) << p << " " << o->held_reason;
    EXPECT_EQ(o->adjustment_lines, 1) << p;
  }
  // Kuusi: 2 h at 36.00, the voucher 2 x 18.40; Mänty: 2 h at 24.50, all
  // of it the voucher (a client-free service).
  auto stored = state_->store->ListSettlements("2024-06", "").value();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].provider, kKuusi);
  EXPECT_EQ(stored[0].price_total, -7200);
  EXPECT_EQ(stored[0].voucher_total, -3680);
  EXPECT_EQ(stored[0].copay_total, -3520);
  EXPECT_EQ(stored[1].provider, kMantty);
  EXPECT_EQ(stored[1].voucher_total, -4900);
  for (const store::SettlementRecord& r : stored) {
    auto s = formats::ParseSettlementJson(r.body);
    ASSERT_TRUE(s.ok()) << ToLine(s.error());
    EXPECT_EQ(s.value().price_total.cents(), r.price_total);
  }
  // Mänty's June document is drawn up (each month twice: the trial and
  // the one kept) as a credit note of its May invoice.
  ASSERT_EQ(drafts_.size(), 4u);
  EXPECT_EQ(drafts_.back(), "2024-06 -49.00 corrects 2024-05:1");
  EXPECT_EQ(Find(june, kMantty)->invoice_number, 2);
}

TEST_P(CreditMonthTest, ASelfBillingProviderGetsAValidCreditNoteOfItsInvoice) {
  MayVoidedInJune();
  auto queued = state_->store->ListOutbox("queued");
  ASSERT_TRUE(queued.ok());
  const store::OutboxMessage* note = nullptr;
  for (const store::OutboxMessage& m : queued.value()) {
    if (m.provider == kMantty && m.month == "2024-06") note = &m;
  }
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->subject, "IL-2");
  for (const char* marking :
       {"<InvoiceTypeCode CodeListAgencyIdentifier=\"SPY\">INV02<",
        "<InvoiceTypeText>HYVITYSLASKU<", "<OriginalInvoiceNumber>IL-1<",
        "<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier=\"EUR\">-49,00<"}) {
    EXPECT_NE(note->body.find(marking), std::string::npos) << marking;
  }
  // The project's own validation: the Finvoice 3.0 schema and the VAT
  // Act's markings (a credit note names the invoice it corrects).
  finvoice::InvoiceValidator validator(finvoice::ValidateOptions{});
  for (const finvoice::InvoiceReport& r : validator.ValidateBytes(note->body, "credit note")) {
    EXPECT_TRUE(r.valid()) << (r.errors.empty() ? ""
                                                : r.errors[0].code + " " + r.errors[0].path + " " +
                                                      r.errors[0].message_en);
  }
}

TEST_P(CreditMonthTest, TheMonthLoadsExportsAndReconciles) {
  MayVoidedInJune();
  const YearMonth june(2024, 6);
  auto books = seteli::testing::ExpectMonthReconciles(*state_->store, june, accounts_);
  ASSERT_TRUE(books);
  ASSERT_EQ(books->settlements.size(), 2u);
  // The journal balances: the credits reverse May's postings.
  EXPECT_EQ(exports::BuildJournal(*books).Debits().ToString(), "85.80");
  auto overview = books::LoadMonthOverview(*state_->store, june, accounts_, Rulebook{}, {});
  ASSERT_TRUE(overview.ok()) << ToLine(overview.error());
  const books::MonthOverview& o = overview.value();
  EXPECT_EQ(o.totals.voucher.ToString(), "-85.80");
  EXPECT_TRUE(o.failures.empty());
  EXPECT_NE(books::OverviewHtml(o).find("-85,80"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditMonthTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::invoicing
