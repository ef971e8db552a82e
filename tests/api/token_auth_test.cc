// Access control by key (api/token_auth.h) on a real store and a manual
// clock: configured tokens and stored provider keys, a key's expiry and
// revocation, its use written at most once a minute, tokens replaced by a
// reload, and whether a session's key is still in force.
#include "api/token_auth.h"

#include <gtest/gtest.h>

#include <chrono>

#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::api {
namespace {

using std::chrono::seconds;

constexpr char kKuusiKey[] = "seteli_kuusi-key";

TokenEntry Token(const std::string& name, Role role, const std::string& token) {
  return TokenEntry{name, role, role == Role::kProvider ? "1234567-8" : "", TokenHash(token)};
}

class TokenAuthTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = seteli::testing::FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    auto opened = store::OpenStore(*url, clock_);
    ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
    store_ = std::move(opened).value();
    // Kuusi's key, created now and in force for a day.
    ASSERT_TRUE(store_
                    ->AddProviderKey({"k1", "2345678-0", "kirjanpito-2026", TokenHash(kKuusiKey),
                                      clock_.UtcText(), clock_.UtcText(24 * 3600 * 1000)},
                                     {"test", "key.create", "k1", ""})
                    .ok());
  }

  std::string LastUsed() { return store_->ListProviderKeys("2345678-0").value()[0].last_used_at; }

  ManualClock clock_{Instant::Parse("2026-03-01T10:00:00Z").value()};
  std::unique_ptr<store::Store> store_;
};

TEST_P(TokenAuthTest, IdentifiesConfiguredTokensAndStoredKeysByName) {
  Authenticator auth({Token("ops", Role::kAdmin, "admin-token")}, store_.get(), clock_);
  auto admin = auth.Identify("Bearer admin-token");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->role, Role::kAdmin);
  EXPECT_EQ(admin->name, "ops");
  auto kuusi = auth.Identify(std::string("Bearer ") + kKuusiKey);
  ASSERT_TRUE(kuusi);
  EXPECT_EQ(kuusi->role, Role::kProvider);
  EXPECT_EQ(kuusi->business_id, "2345678-0");
  EXPECT_EQ(kuusi->name, "kirjanpito-2026");
  EXPECT_EQ(kuusi->Label(), "provider:2345678-0:kirjanpito-2026");
  EXPECT_FALSE(auth.Identify("Bearer no-such-key"));
  EXPECT_FALSE(auth.Identify(kKuusiKey));                         // no "Bearer "
  EXPECT_FALSE(auth.Identify("Bearer " + TokenHash(kKuusiKey)));  // the hash opens nothing
}

TEST_P(TokenAuthTest, AStoredKeyExpiresByTheClock) {
  Authenticator auth({}, store_.get(), clock_);
  const std::string header = std::string("Bearer ") + kKuusiKey;
  auto kuusi = auth.Identify(header);
  ASSERT_TRUE(kuusi);
  clock_.Advance(seconds(24 * 3600 - 1));
  EXPECT_TRUE(auth.Identify(header));
  EXPECT_TRUE(auth.InForce(*kuusi));
  clock_.Advance(seconds(1));
  EXPECT_FALSE(auth.Identify(header));
  EXPECT_FALSE(auth.InForce(*kuusi));
}

TEST_P(TokenAuthTest, ARevokedKeyIsRefusedAtOnceHereAndWithinSecondsElsewhere) {
  Authenticator here({}, store_.get(), clock_), elsewhere({}, store_.get(), clock_);
  const std::string header = std::string("Bearer ") + kKuusiKey;
  ASSERT_TRUE(here.Identify(header));
  auto kuusi = elsewhere.Identify(header);
  ASSERT_TRUE(kuusi);
  ASSERT_TRUE(
      store_->RevokeProviderKey("2345678-0", "k1", clock_.UtcText(), {"t", "key.revoke", "k1", ""})
          .value());
  here.KeysChanged();  // the daemon that revoked it
  EXPECT_FALSE(here.Identify(header));
  EXPECT_TRUE(elsewhere.Identify(header));  // another daemon's copy, read a moment ago
  clock_.Advance(seconds(5));
  EXPECT_FALSE(elsewhere.Identify(header));
  EXPECT_FALSE(elsewhere.InForce(*kuusi));
}

TEST_P(TokenAuthTest, AKeysUseIsWrittenAtMostOnceAMinute) {
  Authenticator auth({}, store_.get(), clock_);
  const std::string header = std::string("Bearer ") + kKuusiKey;
  EXPECT_EQ(LastUsed(), "");
  ASSERT_TRUE(auth.Identify(header));
  EXPECT_EQ(LastUsed(), "2026-03-01T10:00:00.000Z");
  clock_.Advance(seconds(59));
  ASSERT_TRUE(auth.Identify(header));
  EXPECT_EQ(LastUsed(), "2026-03-01T10:00:00.000Z");
  clock_.Advance(seconds(1));
  ASSERT_TRUE(auth.Identify(header));
  EXPECT_EQ(LastUsed(), "2026-03-01T10:01:00.000Z");
}

TEST_P(TokenAuthTest, ReplacedTokensTakeOverAndTheOldOnesSessionsEnd) {
  Authenticator auth({Token("old", Role::kProvider, "old-token")}, store_.get(), clock_);
  auto old = auth.Identify("Bearer old-token");
  ASSERT_TRUE(old);
  EXPECT_TRUE(auth.InForce(*old));
  auth.ReplaceTokens({Token("new", Role::kProvider, "new-token")});
  EXPECT_FALSE(auth.Identify("Bearer old-token"));
  EXPECT_FALSE(auth.InForce(*old));
  auto fresh = auth.Identify("Bearer new-token");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->name, "new");
  EXPECT_TRUE(auth.InForce(*fresh));
  EXPECT_FALSE(auth.InForce(Principal{Role::kProvider, "1234567-8", "made-up"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, TokenAuthTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::api
