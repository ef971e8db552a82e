// The monthly run's plan on a SQLite file store in a temporary directory:
// which months are closed and for whom, whether the month is run again,
// and which month each group starts after once a month has been run.
#include "invoicing/run_plan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/daemon_setup.h"
#include "formats/events_input.h"
#include "invoicing/monthly_run.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kData = SETELI_TEST_DATA;  // tests/app/data: a small world
constexpr char kKuusi[] = "2345678-0";
constexpr char kMantty[] = "3456780-6";
const YearMonth kApril(2024, 4), kMay(2024, 5), kJune(2024, 6);

TEST(ClosedMonthsTest, AMonthIsClosedForAProviderWithItsSettlementOrForEveryoneOnceRunThrough) {
  ClosedMonths closed;
  closed.settled[kKuusi] = {kApril};
  closed.fully_run = {kMay};
  EXPECT_TRUE(closed.Closed(kKuusi, kApril));
  EXPECT_FALSE(closed.Closed(kMantty, kApril));
  EXPECT_TRUE(closed.Closed(kMantty, kMay));
  EXPECT_TRUE(closed.Any(kApril));
  EXPECT_FALSE(closed.Any(kJune));
  EXPECT_TRUE(CorrectsEarlierMonths({kApril, kJune}, closed, kJune));
  EXPECT_FALSE(CorrectsEarlierMonths({kApril, kJune}, closed, kApril));  // only later ones
}

class RunPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seteli-plan-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    auto state = testing::OpenTestState(dir_, "sqlite:" + (dir_ / "store.db").string(),
                                        kData + "/rulebook.yaml", kData);
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
    catalog_ = state_->catalogs.Get();
    ctx_ = catalog_->context();
    std::ifstream in(kData + "/events.jsonl");
    std::stringstream text;
    text << in.rdbuf();
    std::vector<daemon::IntakeItem> items;
    for (Event& e : formats::ParseEventLines(text.str(), "test").events) {
      daemon::IntakeItem item;
      item.body = daemon::EventToJson(e);
      item.event = std::move(e);
      items.push_back(std::move(item));
    }
    ASSERT_TRUE(state_->intake.Take(items, "test", std::nullopt).ok());
  }

  void TearDown() override {
    catalog_.reset();
    state_.reset();
    fs::remove_all(dir_);
  }

  RunPlan Plan(RunOptions o) {
    auto plan = PlanRun(*state_->store, ctx_, o);
    EXPECT_TRUE(plan.ok()) << ToLine(plan.error());
    return plan.ok() ? std::move(plan.value()) : RunPlan{};
  }

  void Run(YearMonth month) {
    MonthlyRun run(*state_->store, ctx_, {});
    auto r = run.Execute({.month = month});
    ASSERT_TRUE(r.ok()) << ToLine(r.error());
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::unique_ptr<daemon::DaemonState> state_;
  decltype(state_->catalogs.Get()) catalog_;
  SettleContext ctx_;
};

TEST_F(RunPlanTest, AMonthNeverRunIsOpenAndEveryGroupReadsItsHistory) {
  RunPlan plan = Plan({.month = kMay});
  EXPECT_EQ(plan.month, kMay);
  EXPECT_EQ(plan.previous, kApril);
  ASSERT_FALSE(plan.events.groups.empty());
  EXPECT_EQ(plan.carries.after.size(), plan.events.groups.size());
  for (const auto& after : plan.carries.after) EXPECT_FALSE(after);
  EXPECT_FALSE(plan.rerun);
  EXPECT_FALSE(plan.corrections);
  EXPECT_TRUE(plan.closed.settled.empty());
  EXPECT_TRUE(plan.Commits(kKuusi));
  EXPECT_TRUE(plan.Commits(kMantty));
}

TEST_F(RunPlanTest, AProviderRunCommitsOnlyThatProvider) {
  RunPlan plan = Plan({.month = kMay, .provider = kKuusi});
  EXPECT_TRUE(plan.Commits(kKuusi));
  EXPECT_FALSE(plan.Commits(kMantty));
}

TEST_F(RunPlanTest, AMonthRunBeforeIsClosedAndRunAgain) {
  Run(kMay);
  RunPlan plan = Plan({.month = kMay});
  EXPECT_TRUE(plan.rerun);
  EXPECT_TRUE(plan.closed.Closed(kKuusi, kMay));
  EXPECT_EQ(plan.closed.fully_run.count(kMay), 1u);
  EXPECT_FALSE(plan.Commits(kKuusi));
}

TEST_F(RunPlanTest, TheNextMonthStartsAfterTheMonthRunUnlessAskedForTheWholeHistory) {
  Run(kMay);
  RunPlan plan = Plan({.month = kJune});
  EXPECT_FALSE(plan.rerun);
  ASSERT_FALSE(plan.carries.after.empty());
  int carried = 0;
  for (const auto& after : plan.carries.after) carried += after == kMay;
  EXPECT_GT(carried, 0);
  EXPECT_FALSE(plan.carries.closing.empty() && plan.carries.providers.empty());
  RunPlan whole = Plan({.month = kJune, .full_history = true});
  for (const auto& after : whole.carries.after) EXPECT_FALSE(after);
}

}  // namespace
}  // namespace seteli::invoicing
