// A run's lease on a manual clock (issue 19, item 9): a run whose owner
// stops renewing reads interrupted once its lease has run out, and is
// stored so, on both back ends; a live one renews and stays running.
#include <gtest/gtest.h>

#include <chrono>

#include "pg_test_db.h"
#include "seteli/clock.h"
#include "store/store.h"

namespace seteli::store {
namespace {

using std::chrono::seconds;

class RunLeaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    url_ = *url;
    auto opened = OpenStore(url_, clock_);
    ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
    store_ = std::move(opened).value();
  }

  void Put(const std::string& id, const std::string& state, int lease_seconds = 60) {
    RunRecord r;
    r.run_id = id;
    r.month = "2024-05";
    r.state = state;
    r.lease_seconds = lease_seconds;
    ASSERT_TRUE(store_->PutRun(r).ok());
  }

  std::string StateOf(const std::string& id) {
    auto run = store_->GetRun(id);
    EXPECT_TRUE(run.ok() && run.value());
    return run.ok() && run.value() ? run.value()->state : "";
  }

  ManualClock clock_{Instant::Parse("2024-06-06T03:00:00Z").value()};
  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(RunLeaseTest, ARunNotRenewedReadsInterruptedOnceItsLeaseRunsOut) {
  Put("R-1", "running");
  clock_.Advance(seconds(59));
  EXPECT_EQ(StateOf("R-1"), "running");
  clock_.Advance(seconds(2));
  EXPECT_EQ(StateOf("R-1"), kRunInterrupted);
  auto runs = store_->ListRuns("2024-05");
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs.value().size(), 1u);
  EXPECT_EQ(runs.value()[0].state, kRunInterrupted);
  EXPECT_EQ(runs.value()[0].finished_at, "2024-06-06T03:01:01.000Z");
  EXPECT_NE(runs.value()[0].message.find("lease ran out at 2024-06-06T03:01:00.000Z"),
            std::string::npos)
      << runs.value()[0].message;
  // Stored, not only shown: it has nothing left to interrupt.
  EXPECT_TRUE(store_->InterruptExpiredRuns().value().empty());
  EXPECT_FALSE(store_->RenewRunLease("R-1", 60).value());
}

TEST_P(RunLeaseTest, RenewingAndWritingTheRunKeepItRunning) {
  Put("R-1", "running");
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(seconds(40));
    ASSERT_TRUE(store_->RenewRunLease("R-1", 60).value());
  }
  clock_.Advance(seconds(40));
  Put("R-1", "running");  // progress after a provider renews it too
  clock_.Advance(seconds(59));
  EXPECT_EQ(StateOf("R-1"), "running");
  EXPECT_TRUE(store_->InterruptExpiredRuns().value().empty());
}

TEST_P(RunLeaseTest, OnlyRunningRunsExpire) {
  Put("R-done", "done");
  Put("R-failed", "failed");
  Put("R-queued", "queued");
  Put("R-dead", "running", 10);
  clock_.Advance(seconds(3600));
  auto interrupted = store_->InterruptExpiredRuns();
  ASSERT_TRUE(interrupted.ok());
  EXPECT_EQ(interrupted.value(), std::vector<std::string>{"R-dead"});
  EXPECT_EQ(StateOf("R-done"), "done");
  EXPECT_EQ(StateOf("R-failed"), "failed");
  EXPECT_EQ(StateOf("R-queued"), "queued");
}

TEST_P(RunLeaseTest, AnotherProcessSeesTheRunInterruptedToo) {
  Put("R-1", "running");
  clock_.Advance(seconds(61));
  EXPECT_EQ(store_->InterruptExpiredRuns().value(), std::vector<std::string>{"R-1"});
  auto other = OpenStore(url_);  // on the system clock, years later
  ASSERT_TRUE(other.ok());
  auto run = other.value()->GetRun("R-1");
  ASSERT_TRUE(run.ok() && run.value());
  EXPECT_EQ(run.value()->state, kRunInterrupted);
}

INSTANTIATE_TEST_SUITE_P(Backends, RunLeaseTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::store
