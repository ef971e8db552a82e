// Months settled on the rulebook's settlement day (issue 22), on SQLite and
// PostgreSQL alike. The daemon's run service runs on a manual clock with
// the fixture world, a rulebook whose `settlement_day: 10` replaces the
// config's schedule day 6, and `review_flags: [over_grant]`:
//
// - the schedule runs the previous month on the 10th, not the 6th, once;
// - an event of a month that arrives after the month's run is a
//   prior_period line of the next month's run, and the run month is never
//   rewritten;
// - over three months, with a flagged event approved in one month and
//   another refused with a reason, a late event, a correction of a past
//   month and two organizer credits (one whole, which leaves a provider's
//   month negative, one in part, on a self-billing provider), every
//   month's books reconcile (the books check, the journal, every export)
//   and each event is paid what it is owed, once.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "app/self_billing_drafter.h"
#include "books/month_activity.h"
#include "books/store_books.h"
#include "books/stored_overview.h"
#include "daemon/run_service.h"
#include "export/export_month.h"
#include "export/journal_export.h"
#include "formats/events_input.h"
#include "formats/settlement_json.h"
#include "invoicing/credit_grant.h"
#include "invoicing/review_decision.h"
#include "invoicing/review_queue.h"
#include "month_books_check.h"
#include "pg_test_db.h"
#include "seteli/organizer_credit.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(SETELI_SOURCE_DIR) + "/fixtures";
constexpr char kKuusi[] = "2345678-0";   // invoices itself; D-0001 grants 12 h a month
constexpr char kMantty[] = "3456780-6";  // self-billing; D-0012 is client-free

// A visit of `hours` from 08:00 on `day`, recorded at `recorded` (a date
// and time in Helsinki summer time).
std::string Visit(const std::string& id, const std::string& provider, const std::string& decision,
                  const std::string& service, const std::string& day, int hours,
                  const std::string& recorded) {
  const std::string end = (hours + 8 < 10 ? "0" : "") + std::to_string(hours + 8);
  return R"({"event_id": ")" + id + R"(", "provider": ")" + provider + R"(", "decision_id": ")" +
         decision + R"(", "service": ")" + service + R"(", "start": ")" + day +
         R"(T08:00:00+03:00", "end": ")" + day + "T" + end + R"(:00:00+03:00", "recorded_at": ")" +
         recorded + "T20:00:00+03:00\"}";
}
std::string Home(const std::string& id, const std::string& day, int hours) {
  return Visit(id, kKuusi, "D-0001", "kotihoito-saannollinen", day, hours, day);
}
std::string Assist(const std::string& id, const std::string& day, int hours,
                   const std::string& recorded = "") {
  return Visit(id, kMantty, "D-0012", "henkilokohtainen-apu", day, hours,
               recorded.empty() ? day : recorded);
}

Instant At(const char* utc) { return Instant::Parse(utc).value(); }

class SettlementDayTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto fresh = seteli::testing::FreshStoreUrl(GetParam());
    if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    dir_ = fs::temp_directory_path() /
           ("seteli-day-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    {
      std::ifstream in(kFixtures + "/rulebook.yaml");
      std::ofstream out(dir_ / "rulebook.yaml");
      out << in.rdbuf() << "\nsettlement_day: 10\nreview_flags: [over_grant]\n";
    }
    auto state = testing::OpenTestState(dir_, *fresh, (dir_ / "rulebook.yaml").string(), kFixtures);
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
    // The config's day would be the 6th; the rulebook's 10th replaces it.
    runs_ = std::make_unique<daemon::RunService>(
        *state_, app::MakeSelfBillingDrafter(clock_),
        daemon::RunSchedule{.day = 6, .minute_of_day = 6 * 60}, clock_);
  }

  void TearDown() override {
    runs_.reset();
    state_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void Ingest(const std::vector<std::string>& lines) {
    auto taken = seteli::testing::Ingest(*state_, lines);
    ASSERT_TRUE(taken.ok()) << ToLine(taken.error());
  }

  // Moves the clock to `now` and lets the schedule look.
  void ClockAt(const char* utc) {
    clock_.Set(At(utc));
    runs_->CheckSchedule();
  }

  std::vector<store::RunRecord> Runs(const char* month) {
    auto runs = state_->store->ListRuns(month);
    EXPECT_TRUE(runs.ok());
    return runs.ok() ? runs.value() : std::vector<store::RunRecord>{};
  }

  // Moves the clock to `utc`, which must start the scheduled run of
  // `month`, and waits until the run is done.
  void SettlementDayAt(const char* utc, const char* month) {
    ClockAt(utc);
    ASSERT_EQ(Runs(month).size(), 1u) << "no run of " << month << " at " << utc;
    for (int i = 0; i < 6000; ++i) {
      const store::RunRecord r = Runs(month).at(0);
      if (r.state == "done") return;
      ASSERT_NE(r.state, "failed") << r.message;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "the run of " << month << " did not finish";
  }

  std::map<std::string, store::SettlementRecord> Settlements(const char* month) {
    std::map<std::string, store::SettlementRecord> by_provider;
    auto listed = state_->store->ListSettlements(month, "");
    EXPECT_TRUE(listed.ok());
    if (!listed.ok()) return by_provider;
    for (store::SettlementRecord& s : listed.value()) by_provider[s.provider] = std::move(s);
    return by_provider;
  }

  // The lines of `provider`'s settlement of `month`, from its stored body.
  std::vector<SettlementLine> Lines(const char* month, const char* provider) {
    auto s = formats::ParseSettlementJson(Settlements(month).at(provider).body);
    EXPECT_TRUE(s.ok()) << ToLine(s.error());
    return s.ok() ? s.value().lines : std::vector<SettlementLine>{};
  }

  int64_t VoucherPaid(const std::string& event_id) {
    return seteli::testing::VoucherPaid(*state_->store, event_id);
  }

  // The month's books as finance gets them (month_books_check.h), a net
  // payable that is the settlements' total, and an overview with no
  // failure.
  void ExpectReconciles(YearMonth month) {
    SCOPED_TRACE(month.ToString());
    const exports::ChartOfAccounts& accounts = state_->config.accounts;
    auto books = seteli::testing::ExpectMonthReconciles(*state_->store, month, accounts);
    ASSERT_TRUE(books);
    exports::Journal journal = exports::BuildJournal(*books);
    Money vouchers;
    for (const auto& [provider, s] : Settlements(month.ToString().c_str())) {
      vouchers += Money::FromCents(s.voucher_total);
    }
    // What the month owes the providers, net (a negative month is owed
    // back: a debit on its payable), is what the settlements say.
    Money payable;
    for (const exports::Posting& p : journal.postings) {
      if (p.kind == exports::PostingKind::kPayable) payable += p.credit - p.debit;
    }
    EXPECT_EQ(payable, vouchers);
    auto overview = books::LoadMonthOverview(*state_->store, month, accounts,
                                             state_->catalogs.Get()->rulebook, {});
    ASSERT_TRUE(overview.ok()) << ToLine(overview.error());
    EXPECT_TRUE(overview.value().failures.empty());
    EXPECT_NE(overview.value().headline, books::Headline::kNotRun);
    EXPECT_NE(overview.value().headline, books::Headline::kDoesNotReconcile);
  }

  static inline int counter_ = 0;
  fs::path dir_;
  ManualClock clock_{At("2024-06-01T09:00:00Z")};
  std::unique_ptr<daemon::DaemonState> state_;
  std::unique_ptr<daemon::RunService> runs_;
};

TEST_P(SettlementDayTest, TheScheduleRunsOnTheRulebooksSettlementDayAndLateEventsGoToTheNextRun) {
  Ingest({Assist("M-1", "2024-05-14", 2), Assist("M-2", "2024-05-20", 2)});
  // The config's 6th is not the settlement day; the 9th is not yet.
  ClockAt("2024-06-06T03:00:00Z");
  ClockAt("2024-06-10T02:59:59Z");  // the 10th, 05:59:59 in Helsinki
  EXPECT_TRUE(Runs("2024-05").empty());
  SettlementDayAt("2024-06-10T03:00:00Z", "2024-05");
  const std::string may = Settlements("2024-05").at(kMantty).body;
  EXPECT_EQ(Settlements("2024-05").at(kMantty).voucher_total, 9800);  // 2 x 2 h at 24.50
  // Later in the month the schedule looks again: the month is run once.
  ClockAt("2024-06-20T12:00:00Z");
  EXPECT_EQ(Runs("2024-05").size(), 1u);

  // A visit of 31 May arrives after May's run; June has one of its own.
  Ingest({Assist("M-LATE", "2024-05-31", 2, "2024-06-11"), Assist("M-3", "2024-06-11", 1)});
  ClockAt("2024-07-10T02:59:00Z");
  EXPECT_TRUE(Runs("2024-06").empty());
  SettlementDayAt("2024-07-10T03:00:00Z", "2024-06");
  EXPECT_EQ(Settlements("2024-05").at(kMantty).body, may);  // never rewritten
  int late_lines = 0;
  for (const SettlementLine& l : Lines("2024-06", kMantty)) {
    if (l.event_id != "M-LATE") continue;
    ++late_lines;
    EXPECT_TRUE(l.flags & kPriorPeriod);
    EXPECT_TRUE(l.flags & kLateRecording);  // recorded 11 days after
    EXPECT_EQ(l.original_month, YearMonth(2024, 5));
  }
  EXPECT_EQ(late_lines, 1);
  EXPECT_EQ(Settlements("2024-06").at(kMantty).voucher_total, 2450 + 4900);
  EXPECT_EQ(VoucherPaid("M-LATE"), 4900);
  ExpectReconciles(YearMonth(2024, 6));
}

TEST_P(SettlementDayTest,
       ThreeMonthsWithReviewRefusalLateEventsACorrectionAndCreditsReconcileEachMonth) {
  // May. Kuusi's second visit goes past the 12 h grant (6 + 8 h):
  // over_grant, so it waits for review.
  Ingest({Home("K-MAY-1", "2024-05-06", 6), Home("K-MAY-2", "2024-05-13", 8),
          Assist("M-MAY-1", "2024-05-14", 2), Assist("M-MAY-2", "2024-05-20", 2)});
  SettlementDayAt("2024-06-10T03:00:00Z", "2024-05");
  auto may = Settlements("2024-05");
  EXPECT_EQ(may.at(kKuusi).voucher_total, 6 * 1840);
  EXPECT_EQ(may.at(kMantty).voucher_total, 2 * 4900);
  EXPECT_EQ(OpenReviewCount(*state_->store, YearMonth(2024, 5)).value(), 1);
  EXPECT_EQ(VoucherPaid("K-MAY-2"), 0);
  ExpectReconciles(YearMonth(2024, 5));

  // June. A May visit arrives late, another May visit is corrected from
  // 2 h to 1 h, K-MAY-2 is approved; Kuusi's June again goes past the grant.
  Ingest({Home("K-JUN-1", "2024-06-03", 4), Home("K-JUN-2", "2024-06-17", 10),
          Assist("M-JUN-1", "2024-06-11", 2), Assist("M-MAY-LATE", "2024-05-31", 2, "2024-06-11")});
  std::string fix = Assist("M-MAY-2-FIX", "2024-05-20", 1, "2024-06-12");
  fix.insert(fix.size() - 1, R"(, "replaces": "M-MAY-2")");
  Ingest({fix});
  ASSERT_TRUE(DecideReview(*state_->store, "K-MAY-2", "approve", "", "", "finance:anna").ok());
  SettlementDayAt("2024-07-10T03:00:00Z", "2024-06");
  EXPECT_EQ(Settlements("2024-05").at(kKuusi).body, may.at(kKuusi).body);
  EXPECT_EQ(Settlements("2024-05").at(kMantty).body, may.at(kMantty).body);
  auto june = Settlements("2024-06");
  // Kuusi: 4 h of June, and K-MAY-2's 6 h within May's grant as prior_period.
  EXPECT_EQ(june.at(kKuusi).voucher_total, 4 * 1840 + 6 * 1840);
  // Mänty: 2 h of June, the late 2 h, and the correction's -1 h.
  EXPECT_EQ(june.at(kMantty).voucher_total, 4900 + 4900 - 2450);
  for (const char* provider : {kKuusi, kMantty}) {
    for (const SettlementLine& l : Lines("2024-06", provider)) {
      const bool of_may = l.event_id.find("MAY") != std::string::npos;
      EXPECT_EQ(bool(l.flags & kPriorPeriod), of_may) << l.event_id;
      if (of_may) {
        EXPECT_EQ(l.original_month, YearMonth(2024, 5)) << l.event_id;
      }
    }
  }
  auto waiting = state_->store->ListReviews({"2024-06", store::kReviewPending});
  ASSERT_EQ(waiting.value().size(), 1u);
  EXPECT_EQ(waiting.value()[0].event_id, "K-JUN-2");
  ExpectReconciles(YearMonth(2024, 6));

  // July. K-JUN-2 is refused with a reason; it is never paid.
  ASSERT_TRUE(DecideReview(*state_->store, "K-JUN-2", "refuse", "grant_exceeded",
                           "Myönnetyt tunnit ylittyivät / over the granted hours", "finance:anna")
                  .ok());
  // Finance credits K-MAY-1 whole (May) and 10,00 of M-JUN-1 (June).
  auto whole = GrantCredit(*state_->store,
                           {.provider = kKuusi,
                            .event_id = "K-MAY-1",
                            .reason_code = "service_not_delivered",
                            .text = "Käyntiä ei tehty / the visit was not made"},
                           "finance:anna");
  ASSERT_TRUE(whole.ok()) << ToLine(whole.error());
  auto part = GrantCredit(*state_->store,
                          {.provider = kMantty,
                           .event_id = "M-JUN-1",
                           .amount = 1000,
                           .reason_code = "wrong_price",
                           .text = "Hinta väärin / wrong price"},
                          "finance:anna");
  ASSERT_TRUE(part.ok()) << ToLine(part.error());
  Ingest({Home("K-JUL-1", "2024-07-02", 2), Assist("M-JUL-1", "2024-07-03", 2)});
  SettlementDayAt("2024-08-10T03:00:00Z", "2024-07");
  EXPECT_EQ(Settlements("2024-05").at(kKuusi).body, may.at(kKuusi).body);
  EXPECT_EQ(Settlements("2024-06").at(kMantty).body, june.at(kMantty).body);
  auto july = Settlements("2024-07");
  // Kuusi's July is negative: 2 h less May's whole 6 h.
  EXPECT_EQ(july.at(kKuusi).voucher_total, 2 * 1840 - 6 * 1840);
  EXPECT_EQ(july.at(kMantty).voucher_total, 4900 - 1000);
  const std::map<std::string, YearMonth> credited = {
      {CreditLineId(whole.value().credit.credit_id), YearMonth(2024, 5)},
      {CreditLineId(part.value().credit.credit_id), YearMonth(2024, 6)}};
  int credit_lines = 0;
  for (const char* provider : {kKuusi, kMantty}) {
    for (const SettlementLine& l : Lines("2024-07", provider)) {
      if (!IsCreditLine(l)) continue;
      ++credit_lines;
      EXPECT_TRUE(l.flags & kPriorPeriod) << l.event_id;
      EXPECT_EQ(l.original_month, credited.at(l.event_id)) << l.event_id;
    }
  }
  EXPECT_EQ(credit_lines, 2);
  EXPECT_EQ(OpenReviewCount(*state_->store, YearMonth(2024, 7)).value(), 0);
  ExpectReconciles(YearMonth(2024, 7));

  // Each event paid what it is owed, once, over all the months.
  const std::map<std::string, int64_t> owed = {
      {"K-MAY-1", 6 * 1840}, {"K-MAY-2", 6 * 1840}, {"K-JUN-1", 4 * 1840}, {"K-JUN-2", 0},
      {"K-JUL-1", 2 * 1840}, {"M-MAY-1", 4900},     {"M-MAY-2", 0},        {"M-MAY-2-FIX", 2450},
      {"M-MAY-LATE", 4900},  {"M-JUN-1", 4900},     {"M-JUL-1", 4900}};
  for (const auto& [event, cents] : owed) EXPECT_EQ(VoucherPaid(event), cents) << event;
  // And each credit taken back once.
  EXPECT_EQ(VoucherPaid(CreditLineId(whole.value().credit.credit_id)), -6 * 1840);
  EXPECT_EQ(VoucherPaid(CreditLineId(part.value().credit.credit_id)), -1000);
  // August has not been run, and says so, to the CLI and on the page alike.
  EXPECT_EQ(books::MonthNotRun(*state_->store, YearMonth(2024, 8)).value().code, "month_not_run");
  auto august = books::LoadMonthOverview(*state_->store, YearMonth(2024, 8),
                                         state_->config.accounts, Rulebook{}, {});
  ASSERT_TRUE(august.ok()) << ToLine(august.error());
  EXPECT_EQ(august.value().headline, books::Headline::kNotRun);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettlementDayTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::invoicing
