// Organizer credits in the store, on both back ends: given once by their
// ID, checked against what was credited before, and applied once by the
// settlement that carries their line.
#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::store {
namespace {

constexpr char kProvider[] = "1234567-8";

AuditEntry Audit(const std::string& action) { return {"finance:test", action, "E-1", ""}; }

CreditRecord Credit(const std::string& id, int64_t amount, const std::string& text = "x") {
  return {id, kProvider, "E-1", "2024-05", amount, "wrong_price", text, "{\"line\":1}"};
}

// A settlement of `month` with one credit line applying `credits`.
SettlementWrite Carrying(const std::string& month, std::vector<std::string> credits) {
  SettlementWrite w;
  w.settlement = {kProvider, month, "settled",      "R-" + month, "2024-x",         -500, -500, 0,
                  1,         "",    "run-" + month, std::nullopt, R"({"lines":[]})"};
  w.lines = {{kProvider, month, 1, "credit:" + credits[0], "D-1", "2024-05", "kotihoito", -500,
              -500, 0, "{}"}};
  w.applied_credits = std::move(credits);
  return w;
}

class CreditStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    auto s = OpenStore(*url);
    ASSERT_TRUE(s.ok()) << ToLine(s.error());
    store_ = std::move(s).value();
  }

  std::unique_ptr<Store> store_;
};

TEST_P(CreditStoreTest, StoresACreditWithItsAuditEntryAndListsIt) {
  auto added = store_->AddCredit(Credit("C-1", 500), 0, Audit("credit.add"));
  ASSERT_TRUE(added.ok()) << ToLine(added.error());
  EXPECT_TRUE(added.value().added);
  EXPECT_EQ(added.value().credit.created_by, "finance:test");
  EXPECT_FALSE(added.value().credit.created_at.empty());

  auto listed = store_->ListCredits({.month = "2024-05"}).value();
  ASSERT_EQ(listed.size(), 1u);
  const CreditRecord& c = listed[0];
  EXPECT_EQ(c.credit_id, "C-1");
  EXPECT_EQ(c.provider, kProvider);
  EXPECT_EQ(c.event_id, "E-1");
  EXPECT_EQ(c.amount, 500);
  EXPECT_EQ(c.reason_code, "wrong_price");
  EXPECT_EQ(c.line, "{\"line\":1}");
  EXPECT_EQ(c.applied_month, "");
  EXPECT_TRUE(store_->ListCredits({.month = "2024-06"}).value().empty());
  EXPECT_EQ(store_->ListCredits({.unapplied_only = true}).value().size(), 1u);
  EXPECT_EQ(store_->ListAuditOf("credit.add", "E-1").value().size(), 1u);
}

TEST_P(CreditStoreTest, TheSameCreditAgainChangesNothingAnotherUnderItsIdIsAConflict) {
  ASSERT_TRUE(store_->AddCredit(Credit("C-1", 500), 0, Audit("credit.add")).ok());
  auto again = store_->AddCredit(Credit("C-1", 500), 0, Audit("credit.add"));
  ASSERT_TRUE(again.ok()) << ToLine(again.error());
  EXPECT_FALSE(again.value().added);
  auto other = store_->AddCredit(Credit("C-1", 700), 0, Audit("credit.add"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "duplicate_conflict");
  EXPECT_EQ(store_->ListCredits({}).value().size(), 1u);
  EXPECT_EQ(store_->ListAuditOf("credit.add", "E-1").value().size(), 1u);
}

// The amount was checked against the credits of the event seen before;
// one given meanwhile makes the check stale, and nothing is written.
TEST_P(CreditStoreTest, ACreditGivenMeanwhileRefusesTheStaleOne) {
  ASSERT_TRUE(store_->AddCredit(Credit("C-1", 500), 0, Audit("credit.add")).ok());
  auto stale = store_->AddCredit(Credit("C-2", 300), 0, Audit("credit.add"));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "credit_conflict");
  EXPECT_EQ(stale.error().kind, ErrorKind::kAborted);
  EXPECT_TRUE(store_->AddCredit(Credit("C-2", 300), 500, Audit("credit.add")).ok());
  EXPECT_EQ(store_->ListCredits({.event_id = "E-1"}).value().size(), 2u);
}

TEST_P(CreditStoreTest, TheSettlementThatCarriesACreditAppliesItOnce) {
  ASSERT_TRUE(store_->AddCredit(Credit("C-1", 500), 0, Audit("credit.add")).ok());
  ASSERT_TRUE(store_->CommitSettlement(Carrying("2024-06", {"C-1"}), Audit("run.settle")).value());
  auto c = store_->ListCredits({.credit_id = "C-1"}).value();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].applied_month, "2024-06");
  EXPECT_EQ(c[0].applied_run, "run-2024-06");
  EXPECT_TRUE(store_->ListCredits({.unapplied_only = true}).value().empty());
  EXPECT_EQ(store_->ListCredits({.applied_month = "2024-06"}).value().size(), 1u);

  // Another month's settlement with the same credit is rolled back whole.
  auto twice = store_->CommitSettlement(Carrying("2024-07", {"C-1"}), Audit("run.settle"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "credit_conflict");
  EXPECT_TRUE(store_->ListSettlements("2024-07", "").value().empty());
  EXPECT_TRUE(store_->LinesForMonth(kProvider, "2024-07").value().empty());
  EXPECT_EQ(store_->ListCredits({.credit_id = "C-1"}).value()[0].applied_month, "2024-06");
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::store
