// Organizer credits through the monthly run, on SQLite and PostgreSQL
// alike: May is settled, finance credits one visit whole and another in
// part, and June's run carries each credit once as a prior_period line of
// its own, however often June is run and whether or not a run of it died
// half way. The month's books still reconcile to the cent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "books/store_books.h"
#include "export/export_month.h"
#include "export/journal_export.h"
#include "faulty_store.h"
#include "formats/events_input.h"
#include "formats/settlement_json.h"
#include "invoicing/credit_grant.h"
#include "invoicing/monthly_run.h"
#include "pg_test_db.h"
#include "month_books_check.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(SETELI_SOURCE_DIR) + "/fixtures";
constexpr char kKuusi[] = "2345678-0";   // invoices itself
constexpr char kMantty[] = "3456780-6";  // self-billing

// A visit of 08:00 to 10:00 on `day`, recorded that evening.
std::string Visit(const std::string& id, const std::string& provider, const std::string& decision,
                  const std::string& service, const std::string& day) {
  return R"({"event_id": ")" + id + R"(", "provider": ")" + provider + R"(", "decision_id": ")" +
         decision + R"(", "service": ")" + service + R"(", "start": ")" + day +
         R"(T08:00:00+03:00", "end": ")" + day + R"(T10:00:00+03:00", "recorded_at": ")" + day +
         "T20:00:00+03:00\"}";
}

class OrganizerCreditTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    dir_ = fs::temp_directory_path() /
           ("seteli-hyvitys-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    auto state =
        seteli::testing::OpenTestState(dir_, *url, kFixtures + "/rulebook.yaml", kFixtures);
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
    ctx_ = state_->catalogs.Get()->context();
  }

  void TearDown() override {
    state_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void Ingest(const std::vector<std::string>& lines) {
    auto taken = seteli::testing::Ingest(*state_, lines);
    ASSERT_TRUE(taken.ok()) << ToLine(taken.error());
  }

  Result<RunReport> Run(const char* month, store::Store* on = nullptr) {
    MonthlyRun run(on ? *on : *state_->store, ctx_, {});
    return run.Execute(RunOptions{YearMonth::Parse(month).value()});
  }

  Result<store::CreditAdded> Credit(const std::string& provider, const std::string& event,
                                    std::optional<int64_t> cents, const std::string& reason) {
    return GrantCredit(*state_->store,
                       {.provider = provider,
                        .event_id = event,
                        .amount = cents,
                        .reason_code = reason,
                        .text = "Käyntiä ei tehty / no visit"},
                       "finance:test");
  }

  // May settled: Kuusi's visit (voucher 2 x 18.40) and Mänty's (2 x
  // 24.50, all voucher); a June visit of Kuusi's recorded, not yet run.
  void MaySettled() {
    Ingest({Visit("E-K", kKuusi, "D-0001", "kotihoito-saannollinen", "2024-05-13"),
            Visit("E-M", kMantty, "D-0012", "henkilokohtainen-apu", "2024-05-14")});
    auto may = Run("2024-05");
    ASSERT_TRUE(may.ok()) << ToLine(may.error());
    ASSERT_EQ(may.value().record.settled, 2);
    Ingest({Visit("E-J", kKuusi, "D-0001", "kotihoito-saannollinen", "2024-06-10")});
  }

  // Every stored line of `provider` whose identity is `line_id`.
  std::vector<store::SettlementLineRow> LinesOf(const std::string& provider,
                                                const std::string& line_id) {
    std::vector<store::SettlementLineRow> out;
    for (const char* m : {"2024-05", "2024-06", "2024-07"}) {
      auto rows = state_->store->LinesForMonth(provider, m);
      EXPECT_TRUE(rows.ok());
      for (store::SettlementLineRow& r : rows.value()) {
        if (r.event_id == line_id) out.push_back(std::move(r));
      }
    }
    return out;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::unique_ptr<daemon::DaemonState> state_;
  SettleContext ctx_;
};

TEST_P(OrganizerCreditTest, ACreditIsOfASettledEventAndNeverMoreThanItsVoucherPart) {
  MaySettled();
  auto whole = Credit(kKuusi, "E-K", std::nullopt, "service_not_delivered");
  ASSERT_TRUE(whole.ok()) << ToLine(whole.error());
  EXPECT_TRUE(whole.value().added);
  EXPECT_EQ(whole.value().credit.amount, 3680);
  EXPECT_EQ(whole.value().credit.month, "2024-05");  // the event's own
  // The same request again (a retry) gives the same credit, once.
  auto again = Credit(kKuusi, "E-K", std::nullopt, "service_not_delivered");
  ASSERT_TRUE(again.ok()) << ToLine(again.error());
  EXPECT_FALSE(again.value().added);
  EXPECT_EQ(again.value().credit.credit_id, whole.value().credit.credit_id);
  // Nothing is left of E-K; of E-M 49.00, so 49.01 is too much.
  EXPECT_EQ(Credit(kKuusi, "E-K", 1, "other").error().code, "credit_exceeds_settled");
  EXPECT_EQ(Credit(kMantty, "E-M", 4901, "wrong_price").error().code, "credit_exceeds_settled");
  ASSERT_TRUE(Credit(kMantty, "E-M", 1000, "wrong_price").ok());
  EXPECT_EQ(Credit(kMantty, "E-M", 3901, "wrong_price").error().code, "credit_exceeds_settled");
  EXPECT_EQ(Credit(kMantty, "E-M", 0, "wrong_price").error().code, "invalid_amount");
  // June is not settled; E-M is not Kuusi's; the reasons are a fixed list.
  EXPECT_EQ(Credit(kKuusi, "E-J", std::nullopt, "other").error().code, "event_not_settled");
  EXPECT_EQ(Credit(kKuusi, "E-M", std::nullopt, "other").error().code, "not_found");
  EXPECT_EQ(Credit(kKuusi, "E-K", 1, "because").error().code, "credit_reason_unknown");
  auto listed = state_->store->ListCredits({.month = "2024-05"}).value();
  EXPECT_EQ(listed.size(), 2u);
  EXPECT_EQ(state_->store->ListAuditOf("credit.add", "").value().size(), 2u);
}

TEST_P(OrganizerCreditTest, TheNextRunAppliesEachCreditOnceAsAPriorPeriodLine) {
  MaySettled();
  const std::string whole =
      Credit(kKuusi, "E-K", std::nullopt, "service_not_delivered").value().credit.credit_id;
  const std::string part = Credit(kMantty, "E-M", 1000, "wrong_price").value().credit.credit_id;

  auto june = Run("2024-06");
  ASSERT_TRUE(june.ok()) << ToLine(june.error());
  EXPECT_EQ(june.value().credits_applied, 2);
  // Kuusi: the June visit and the credit of May's; Mänty: the credit only.
  auto stored = state_->store->ListSettlements("2024-06", "").value();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].provider, kKuusi);
  EXPECT_EQ(stored[0].voucher_total, 3680 - 3680);
  EXPECT_EQ(stored[1].provider, kMantty);
  EXPECT_EQ(stored[1].voucher_total, -1000);
  EXPECT_EQ(stored[1].price_total, -1000);
  EXPECT_EQ(stored[1].copay_total, 0);

  auto lines = LinesOf(kMantty, "credit:" + part);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].month, "2024-06");
  EXPECT_EQ(lines[0].original_month, "2024-05");
  EXPECT_EQ(lines[0].voucher, -1000);
  auto line = formats::ParseLineJson(lines[0].body);
  ASSERT_TRUE(line.ok());
  EXPECT_TRUE(line.value().flags & kPriorPeriod);
  EXPECT_EQ(line.value().service, "henkilokohtainen-apu");
  EXPECT_EQ(line.value().note, "Väärä hinta / Wrong price: Käyntiä ei tehty / no visit");
  // The event keeps its own line; the credit does not take its identity.
  EXPECT_EQ(LinesOf(kMantty, "E-M").size(), 1u);
  auto credits = state_->store->ListCredits({});
  ASSERT_TRUE(credits.ok());
  for (const store::CreditRecord& c : credits.value()) {
    EXPECT_EQ(c.applied_month, "2024-06") << c.credit_id;
  }

  // June again, and July: nothing more.
  auto rerun = Run("2024-06");
  ASSERT_TRUE(rerun.ok()) << ToLine(rerun.error());
  EXPECT_TRUE(rerun.value().nothing_new);
  EXPECT_EQ(rerun.value().credits_applied, 0);
  auto july = Run("2024-07");
  ASSERT_TRUE(july.ok()) << ToLine(july.error());
  EXPECT_EQ(july.value().credits_applied, 0);
  EXPECT_EQ(LinesOf(kKuusi, "credit:" + whole).size(), 1u);
  EXPECT_EQ(LinesOf(kMantty, "credit:" + part).size(), 1u);
  // The credited event is not settled again (its quantity-less credit line
  // is no version of it).
  EXPECT_EQ(LinesOf(kKuusi, "E-K").size(), 1u);
}

// A run that dies after its first provider's commit, and the run again:
// each credit once.
TEST_P(OrganizerCreditTest, ARunThatDiedHalfWayAndRanAgainAppliesEachCreditOnce) {
  MaySettled();
  const std::string whole =
      Credit(kKuusi, "E-K", std::nullopt, "duplicate").value().credit.credit_id;
  const std::string part = Credit(kMantty, "E-M", 1000, "wrong_price").value().credit.credit_id;
  store::FaultyStore faulty(*state_->store);
  faulty.FailNth("CommitSettlement", 2);
  ASSERT_FALSE(Run("2024-06", &faulty).ok());
  EXPECT_EQ(state_->store->ListSettlements("2024-06", "").value().size(), 1u);
  auto june = Run("2024-06");
  ASSERT_TRUE(june.ok()) << ToLine(june.error());
  EXPECT_EQ(june.value().credits_applied, 1);
  EXPECT_EQ(LinesOf(kKuusi, "credit:" + whole).size(), 1u);
  EXPECT_EQ(LinesOf(kMantty, "credit:" + part).size(), 1u);
  EXPECT_TRUE(state_->store->ListCredits({.unapplied_only = true}).value().empty());
}

TEST_P(OrganizerCreditTest, TheMonthWithCreditsReconcilesAndExports) {
  MaySettled();
  ASSERT_TRUE(Credit(kKuusi, "E-K", 1234, "wrong_price").ok());
  ASSERT_TRUE(Credit(kMantty, "E-M", std::nullopt, "duplicate").ok());
  ASSERT_TRUE(Run("2024-06").ok());
  const YearMonth june(2024, 6);
  auto config = config::LoadServeConfig((dir_ / "seteli.conf").string());
  ASSERT_TRUE(config.ok()) << ToLine(config.error());
  const exports::ChartOfAccounts& accounts = config.value().accounts;
  auto books = seteli::testing::ExpectMonthReconciles(*state_->store, june, accounts);
  ASSERT_TRUE(books);
  // June's settlements: Kuusi 36.80 - 12.34, Mänty -49.00.
  Money voucher;
  for (const auto& s : books->settlements) voucher += s.voucher_total;
  EXPECT_EQ(voucher.cents(), 3680 - 1234 - 4900);
}

INSTANTIATE_TEST_SUITE_P(Backends, OrganizerCreditTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::invoicing
