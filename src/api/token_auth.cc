#include "api/token_auth.h"

#include <openssl/crypto.h>

#include "daemon/json_log.h"
#include "formats/sha256.h"

namespace seteli::api {
namespace {

// How stale this daemon's copy of the stored keys may be: a key revoked
// through another daemon on the same store is refused here this much later.
constexpr int64_t kKeysRefreshMs = 5'000;
// How often a key's last use is written: often enough to read "in use",
// seldom enough that a busy key costs no write per request.
constexpr int64_t kUseWriteEveryMs = 60'000;

bool SameHash(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string TokenHash(const std::string& token) { return formats::Sha256Hex(token); }

std::string Principal::Label() const {
  std::string label = RoleName(role);
  if (!business_id.empty()) label += ":" + business_id;
  if (!name.empty()) label += ":" + name;
  return label;
}

Authenticator::Authenticator(std::vector<TokenEntry> tokens, store::KeyStore* keys,
                             const Clock& clock)
    : store_(keys),
      clock_(clock),
      tokens_(std::make_shared<const std::vector<TokenEntry>>(std::move(tokens))),
      keys_(std::make_shared<const std::vector<store::ProviderKey>>()) {
  if (store_) ReadKeys();
}

std::optional<Principal> Authenticator::Identify(const std::string& authorization) {
  const std::string prefix = "Bearer ";
  if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  const std::string hash = TokenHash(authorization.substr(prefix.size()));
  Tokens tokens;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tokens = tokens_;
  }
  Keys keys = CurrentKeys();
  const std::string now = clock_.UtcText();
  // Every entry is compared, matching or not, in constant time.
  const TokenEntry* token = nullptr;
  for (const TokenEntry& t : *tokens) {
    if (SameHash(t.sha256_hex, hash)) token = &t;
  }
  const store::ProviderKey* key = nullptr;
  for (const store::ProviderKey& k : *keys) {
    if (SameHash(k.sha256_hex, hash) && k.expires_at > now) key = &k;
  }
  if (token) return Principal{token->role, token->business_id, token->name, hash};
  if (!key) return std::nullopt;
  NoteUse(*key);
  return Principal{Role::kProvider, key->business_id, key->name, hash};
}

bool Authenticator::InForce(const Principal& who) {
  if (who.key_sha256.empty()) return false;
  Tokens tokens;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tokens = tokens_;
  }
  for (const TokenEntry& t : *tokens) {
    if (t.sha256_hex == who.key_sha256) return true;
  }
  const std::string now = clock_.UtcText();
  for (const store::ProviderKey& k : *CurrentKeys()) {
    if (k.sha256_hex == who.key_sha256 && k.expires_at > now) return true;
  }
  return false;
}

void Authenticator::ReplaceTokens(std::vector<TokenEntry> tokens) {
  auto replaced = std::make_shared<const std::vector<TokenEntry>>(std::move(tokens));
  std::lock_guard<std::mutex> lock(mu_);
  tokens_ = std::move(replaced);
}

void Authenticator::KeysChanged() {
  if (!store_) return;
  std::lock_guard<std::mutex> reading(read_mu_);
  ReadKeys();
}

Authenticator::Keys Authenticator::CurrentKeys() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!store_ || clock_.UnixMillis() - keys_read_at_ms_ < kKeysRefreshMs) return keys_;
  }
  // One thread reads; the others go on with the keys as they were.
  std::unique_lock<std::mutex> reading(read_mu_, std::try_to_lock);
  if (reading.owns_lock()) ReadKeys();
  std::lock_guard<std::mutex> lock(mu_);
  return keys_;
}

// read_mu_ held, or the constructor's. A store that does not answer keeps
// the keys last read: a provider is not locked out by a store hiccup.
void Authenticator::ReadKeys() {
  const int64_t at = clock_.UnixMillis();
  auto all = store_->ListProviderKeys("");
  if (!all.ok()) {
    daemon::JsonLog::Warn("provider keys not read; the ones read before stay",
                          {{"error", ToLine(all.error())}});
    std::lock_guard<std::mutex> lock(mu_);
    keys_read_at_ms_ = at;
    return;
  }
  std::vector<store::ProviderKey> live;
  for (store::ProviderKey& k : all.value()) {
    if (k.revoked_at.empty()) live.push_back(std::move(k));
  }
  auto keys = std::make_shared<const std::vector<store::ProviderKey>>(std::move(live));
  std::lock_guard<std::mutex> lock(mu_);
  keys_ = std::move(keys);
  keys_read_at_ms_ = at;
}

void Authenticator::NoteUse(const store::ProviderKey& key) {
  const int64_t now = clock_.UnixMillis();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = use_written_at_ms_.find(key.key_id);
    if (it != use_written_at_ms_.end() && now - it->second < kUseWriteEveryMs) return;
    use_written_at_ms_[key.key_id] = now;
  }
  auto written = store_->TouchProviderKey(key.key_id, clock_.UtcText());
  if (!written.ok()) {
    daemon::JsonLog::Warn("a key's last use not recorded",
                          {{"key", key.name}, {"error", ToLine(written.error())}});
  }
}

}  // namespace seteli::api
