// Review before payment on a real store, SQLite and PostgreSQL alike: an
// event whose line carries a flag the rulebook's review_flags names is left
// out of the run until finance approves it, then paid by the next run once
// (as prior-period lines of its closed month); a refused one is never
// paid; one not yet reviewed is carried from run to run and reported.
#include "invoicing/review_queue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "daemon/daemon_setup.h"
#include "formats/events_input.h"
#include "invoicing/monthly_run.h"
#include "invoicing/review_decision.h"
#include "month_books_check.h"
#include "pg_test_db.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kData = SETELI_TEST_DATA;  // tests/app/data: a small world
constexpr char kKuusi[] = "2345678-0";
// One hour of family home care recorded ten days after it: late_recording.
constexpr char kLate[] =
    R"({"event_id": "E-LATE-1", "provider": "2345678-0", "decision_id": "D-LK-1", )"
    R"("service": "lapsiperheiden-kotipalvelu", "start": "2024-05-20T10:00:00+03:00", )"
    R"("end": "2024-05-20T11:00:00+03:00", "recorded_at": "2024-05-30T09:00:00+03:00"})";

class ReviewQueueTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto fresh = seteli::testing::FreshStoreUrl(GetParam());
    if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    dir_ = fs::temp_directory_path() /
           ("seteli-review-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    {
      std::ifstream in(kData + "/rulebook.yaml");
      std::ofstream out(dir_ / "rulebook.yaml");
      out << in.rdbuf() << "review_flags: [late_recording]\n";
    }
    auto state =
        testing::OpenTestState(dir_, *fresh, (dir_ / "rulebook.yaml").string(), kData);
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
    std::ifstream in(kData + "/events.jsonl");
    std::stringstream text;
    text << in.rdbuf() << kLate << "\n";
    Ingest(text.str());
  }

  void TearDown() override {
    state_.reset();
    fs::remove_all(dir_);
  }

  void Ingest(const std::string& lines) {
    auto taken = seteli::testing::Ingest(*state_, lines);
    ASSERT_TRUE(taken.ok()) << ToLine(taken.error());
  }

  RunReport Run(const char* month) {
    ctx_ = state_->catalogs.Get()->context();
    MonthlyRun run(*state_->store, ctx_, {});
    RunOptions o{YearMonth::Parse(month).value()};
    o.keep_lines = true;
    auto r = run.Execute(o);
    EXPECT_TRUE(r.ok()) << ToLine(r.error());
    return r.ok() ? r.value() : RunReport{};
  }

  int64_t VoucherPaid(const std::string& event_id) {
    return seteli::testing::VoucherPaid(*state_->store, event_id);
  }

  int LinesOf(const RunReport& r, const std::string& event_id) {
    int n = 0;
    for (const ProviderOutcome& p : r.providers) {
      for (const SettlementLine& l : p.settlement.lines) n += l.event_id == event_id;
    }
    return n;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::unique_ptr<daemon::DaemonState> state_;
  SettleContext ctx_;
};

TEST_P(ReviewQueueTest, AFlaggedEventWaitsIsCarriedAndIsPaidOnceAfterApproval) {
  RunReport may = Run("2024-05");
  EXPECT_EQ(LinesOf(may, "E-LATE-1"), 0);
  EXPECT_GT(LinesOf(may, "E-LK-1"), 0);  // on time: paid as before
  EXPECT_EQ(may.awaiting_review, std::vector<std::string>{"E-LATE-1"});
  EXPECT_EQ(may.review_queued, 1);
  EXPECT_NE(may.record.message.find("E-LATE-1"), std::string::npos) << may.record.message;
  auto listed = state_->store->ListReviews({"2024-05", store::kReviewPending});
  const std::vector<store::ReviewRecord>& queue = listed.value();
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue[0].event_id, "E-LATE-1");
  EXPECT_EQ(queue[0].provider, kKuusi);
  EXPECT_EQ(queue[0].month, "2024-05");
  EXPECT_EQ(queue[0].flags, "late_recording");
  EXPECT_EQ(OpenReviewCount(*state_->store, YearMonth(2024, 5)).value(), 1);
  EXPECT_EQ(OpenReviewCount(*state_->store, YearMonth(2024, 4)).value(), 0);

  // Not reviewed by June's run: still unpaid, reported again, not queued twice.
  RunReport june = Run("2024-06");
  EXPECT_EQ(june.awaiting_review, std::vector<std::string>{"E-LATE-1"});
  EXPECT_EQ(june.review_queued, 0);
  EXPECT_EQ(VoucherPaid("E-LATE-1"), 0);

  auto approved = DecideReview(*state_->store, "E-LATE-1", "approve", "", "", "finance:test");
  ASSERT_TRUE(approved.ok()) << ToLine(approved.error());
  EXPECT_EQ(approved.value().state, store::kReviewApproved);
  EXPECT_EQ(OpenReviewCount(*state_->store, YearMonth(2024, 5)).value(), 0);

  // July's run pays it, as a prior-period line of May; August's not again.
  RunReport july = Run("2024-07");
  EXPECT_TRUE(july.awaiting_review.empty());
  int prior = 0;
  for (const ProviderOutcome& p : july.providers) {
    for (const SettlementLine& l : p.settlement.lines) {
      if (l.event_id != "E-LATE-1") continue;
      ++prior;
      EXPECT_TRUE(l.flags & kPriorPeriod);
      EXPECT_EQ(l.original_month, YearMonth(2024, 5));
    }
  }
  EXPECT_EQ(prior, 1);
  EXPECT_EQ(VoucherPaid("E-LATE-1"), 2500);
  Run("2024-08");
  EXPECT_EQ(VoucherPaid("E-LATE-1"), 2500);
}

TEST_P(ReviewQueueTest, ARefusedEventIsNeverPaidAndTheRefusalIsAudited) {
  Run("2024-05");
  EXPECT_EQ(DecideReview(*state_->store, "E-LATE-1", "refuse", "", "", "finance:test").error().code,
            "missing_reason");
  auto refused = DecideReview(*state_->store, "E-LATE-1", "refuse", "not_delivered",
                              "Käyntiä ei tehty / the visit did not take place", "finance:test");
  ASSERT_TRUE(refused.ok()) << ToLine(refused.error());
  EXPECT_EQ(
      DecideReview(*state_->store, "E-LATE-1", "approve", "", "", "finance:test").error().code,
      "failed_precondition");
  EXPECT_EQ(DecideReview(*state_->store, "E-NONE", "approve", "", "", "finance:test").error().code,
            "not_found");
  auto listed = state_->store->ListAudit(5);
  const std::vector<store::AuditRecord>& audit = listed.value();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].entry.actor, "finance:test");
  EXPECT_EQ(audit[0].entry.action, "review.refuse");
  EXPECT_EQ(audit[0].entry.subject, "E-LATE-1");
  EXPECT_EQ(audit[0].entry.detail,
            "not_delivered: Käyntiä ei tehty / the visit did not take place");

  for (const char* month : {"2024-06", "2024-07"}) {
    RunReport r = Run(month);
    EXPECT_TRUE(r.awaiting_review.empty());
  }
  EXPECT_EQ(VoucherPaid("E-LATE-1"), 0);
  auto found = state_->store->ListReviews({"", "", "", {"E-LATE-1"}});
  const std::vector<store::ReviewRecord>& reviews = found.value();
  ASSERT_EQ(reviews.size(), 1u);
  EXPECT_EQ(reviews[0].state, store::kReviewRefused);
  EXPECT_EQ(reviews[0].reason_code, "not_delivered");
  // Counted as listed, by state and provider, without reading the rows.
  EXPECT_EQ(state_->store->CountReviews({"", store::kReviewRefused, kKuusi}).value(), 1);
  EXPECT_EQ(state_->store->CountReviews({"", store::kReviewRefused, "1234567-8"}).value(), 0);
  EXPECT_EQ(state_->store->CountReviews({"2024-04", store::kReviewRefused}).value(), 0);
  EXPECT_EQ(state_->store->CountReviews({"", store::kReviewPending}).value(), 0);
  EXPECT_EQ(state_->store->CountReviews({"", "", "", {"E-LATE-1"}}).error().code, "internal");
}

TEST_P(ReviewQueueTest, AnEventApprovedBeforeItsMonthIsRunIsPaidInItsMonth) {
  // Queued by a run of May for the other provider only, approved, then
  // the whole May run pays it as an ordinary line.
  ctx_ = state_->catalogs.Get()->context();
  MonthlyRun run(*state_->store, ctx_, {});
  RunOptions o{YearMonth(2024, 5), std::string("3456780-6")};
  ASSERT_TRUE(run.Execute(o).ok());
  ASSERT_TRUE(DecideReview(*state_->store, "E-LATE-1", "approve", "", "", "finance:test").ok());
  RunReport may = Run("2024-05");
  EXPECT_EQ(LinesOf(may, "E-LATE-1"), 1);
  EXPECT_EQ(VoucherPaid("E-LATE-1"), 2500);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewQueueTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::invoicing
