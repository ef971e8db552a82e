// Provider keys in the store (key_store.h), on both back ends: stored with
// their hash only, listed per provider, revoked once and only by their own
// provider, names unique per provider, uses recorded.
#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::store {
namespace {

ProviderKey Key(const std::string& id, const std::string& provider, const std::string& name,
                const std::string& created = "2026-01-01T10:00:00.000Z") {
  return ProviderKey{id,      provider,
                     name,    std::string(64, 'a' + (id.back() % 6)),
                     created, "2027-01-01T10:00:00.000Z"};
}

AuditEntry Audit(const std::string& action) { return {"provider:1234567-8:x", action, "key", ""}; }

class KeyStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    auto opened = OpenStore(*url);
    ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
    store_ = std::move(opened).value();
  }

  std::unique_ptr<Store> store_;
};

TEST_P(KeyStoreTest, StoresAndListsEachProvidersKeysNewestFirst) {
  ASSERT_TRUE(store_->AddProviderKey(Key("k1", "1234567-8", "old"), Audit("key.create")).ok());
  ASSERT_TRUE(store_
                  ->AddProviderKey(Key("k2", "1234567-8", "new", "2026-02-01T10:00:00.000Z"),
                                   Audit("key.create"))
                  .ok());
  ASSERT_TRUE(store_->AddProviderKey(Key("k3", "2345678-0", "old"), Audit("key.create")).ok());
  auto own = store_->ListProviderKeys("1234567-8");
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own.value().size(), 2u);
  EXPECT_EQ(own.value()[0].name, "new");
  EXPECT_EQ(own.value()[1].name, "old");
  EXPECT_EQ(own.value()[1].sha256_hex, Key("k1", "", "").sha256_hex);
  EXPECT_EQ(own.value()[1].expires_at, "2027-01-01T10:00:00.000Z");
  EXPECT_EQ(own.value()[1].revoked_at, "");
  EXPECT_EQ(own.value()[1].last_used_at, "");
  EXPECT_EQ(store_->ListProviderKeys("").value().size(), 3u);
  EXPECT_EQ(store_->ListAudit(10).value().size(), 3u);
}

TEST_P(KeyStoreTest, ANameIsTakenOncePerProvider) {
  ASSERT_TRUE(store_->AddProviderKey(Key("k1", "1234567-8", "kirjanpito"), Audit("a")).ok());
  auto again = store_->AddProviderKey(Key("k2", "1234567-8", "kirjanpito"), Audit("a"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "key_name_taken");
  EXPECT_TRUE(store_->AddProviderKey(Key("k3", "2345678-0", "kirjanpito"), Audit("a")).ok());
  EXPECT_EQ(store_->ListProviderKeys("1234567-8").value().size(), 1u);
}

TEST_P(KeyStoreTest, OnlyItsOwnProviderRevokesAKeyAndTheFirstRevocationStays) {
  ASSERT_TRUE(store_->AddProviderKey(Key("k1", "1234567-8", "a"), Audit("a")).ok());
  auto foreign =
      store_->RevokeProviderKey("2345678-0", "k1", "2026-03-01T00:00:00.000Z", Audit("r"));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, "not_found");
  EXPECT_EQ(store_->ListProviderKeys("1234567-8").value()[0].revoked_at, "");

  auto first = store_->RevokeProviderKey("1234567-8", "k1", "2026-03-01T00:00:00.000Z", Audit("r"));
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first.value());
  auto second =
      store_->RevokeProviderKey("1234567-8", "k1", "2026-04-01T00:00:00.000Z", Audit("r"));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second.value());
  EXPECT_EQ(store_->ListProviderKeys("1234567-8").value()[0].revoked_at,
            "2026-03-01T00:00:00.000Z");
}

TEST_P(KeyStoreTest, RecordsTheLatestUse) {
  ASSERT_TRUE(store_->AddProviderKey(Key("k1", "1234567-8", "a"), Audit("a")).ok());
  ASSERT_TRUE(store_->TouchProviderKey("k1", "2026-03-01T00:00:00.000Z").ok());
  EXPECT_EQ(store_->ListProviderKeys("1234567-8").value()[0].last_used_at,
            "2026-03-01T00:00:00.000Z");
  // A late writer with an older time does not move it back.
  ASSERT_TRUE(store_->TouchProviderKey("k1", "2026-02-01T00:00:00.000Z").ok());
  EXPECT_EQ(store_->ListProviderKeys("1234567-8").value()[0].last_used_at,
            "2026-03-01T00:00:00.000Z");
  EXPECT_EQ(store_->ListAudit(10).value().size(), 1u);  // the creation only
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::store
