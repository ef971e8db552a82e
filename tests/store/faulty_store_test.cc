// FaultyStore, the fault-injecting seam of the store's callers' tests: the
// Nth call of one role fails, before or after reaching the real store, and
// the other roles and calls pass, on both back ends.
#include "faulty_store.h"

#include <gtest/gtest.h>

#include "pg_test_db.h"

namespace seteli::store {
namespace {

using Role = FaultyStore::Role;

OutboxMessage Message(const std::string& id) {
  return {id, "self_billing_invoice", "1234567-8", "2024-05", "IL-000001", "<Finvoice/>"};
}

class FaultyStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    auto opened = OpenStore(*url);
    ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
    real_ = std::move(opened).value();
    faulty_ = std::make_unique<FaultyStore>(*real_);
  }

  Result<bool> Queue(const std::string& id) {
    return faulty_->QueueMessage(Message(id), {"test", "outbox.queue", id, ""});
  }
  size_t Queued() { return real_->ListOutbox("queued").value().size(); }

  std::unique_ptr<Store> real_;
  std::unique_ptr<FaultyStore> faulty_;
};

TEST_P(FaultyStoreTest, FailsTheNthCallOfARoleBeforeItReachesTheStore) {
  faulty_->FailNth(Role::kOutbox, 2);
  ASSERT_TRUE(Queue("M-1").ok());
  auto second = Queue("M-2");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "store_unavailable");
  EXPECT_EQ(second.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(Queued(), 1u);         // M-2 never reached the store
  ASSERT_TRUE(Queue("M-3").ok());  // the fault was one call
  EXPECT_EQ(Queued(), 2u);
  EXPECT_EQ(faulty_->calls(Role::kOutbox), 3);
  EXPECT_EQ(faulty_->faults(), 1);
}

TEST_P(FaultyStoreTest, AFaultAfterTheCallLosesOnlyTheAnswer) {
  faulty_->FailNth(Role::kOutbox, 1, Error{"store_full", "disk full"},
                   FaultyStore::FaultTiming::kAfterCall);
  auto first = Queue("M-1");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, "store_full");
  EXPECT_EQ(Queued(), 1u);  // committed, the caller just never heard
}

TEST_P(FaultyStoreTest, OtherRolesPassAndAStickyFaultLastsUntilHealed) {
  faulty_->FailFrom(Role::kRuns, 1);
  EXPECT_TRUE(Queue("M-1").ok());
  EXPECT_TRUE(faulty_->ListProviders().ok());
  EXPECT_FALSE(faulty_->ListRuns("2024-05").ok());
  EXPECT_FALSE(faulty_->ListRuns("2024-05").ok());
  faulty_->Heal(Role::kRuns);
  EXPECT_TRUE(faulty_->ListRuns("2024-05").ok());
  EXPECT_EQ(faulty_->faults(), 2);
}

TEST_P(FaultyStoreTest, FailsTheNthCallOfOneMethodWhateverTheRolesOtherCalls) {
  faulty_->FailNth("MarkSent", 2);
  ASSERT_TRUE(Queue("M-1").ok());
  ASSERT_TRUE(Queue("M-2").ok());
  EXPECT_TRUE(faulty_->MarkSent("M-1").ok());
  EXPECT_FALSE(faulty_->MarkSent("M-2").ok());
  EXPECT_EQ(Queued(), 1u);
  EXPECT_EQ(faulty_->calls("MarkSent"), 2);
  EXPECT_EQ(faulty_->calls(Role::kOutbox), 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, FaultyStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::store
