// Bearer-key access control. Two kinds of key are accepted: the tokens of
// the config, configured by their SHA-256 only (replaced on SIGHUP and when
// the file changes), and the keys providers create on their pages, stored
// by their SHA-256 (store/key_store.h) while in force: not revoked, not
// expired by the clock. A presented key is hashed and compared with every
// hash in constant time, so neither timing nor logs reveal a key.
//
//   Authenticator auth(config.tokens, store, clock);
//   std::optional<Principal> p = auth.Identify(request_authorization_header);
//
// Stored keys are read from the store at most every few seconds, and at
// once after this daemon changed them (KeysChanged); a key's use is written
// back at most once a minute. Thread-safe.
#ifndef SETELI_API_TOKEN_AUTH_H_
#define SETELI_API_TOKEN_AUTH_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "seteli/clock.h"
#include "store/key_store.h"

namespace seteli::api {

// Roles and tokens are configured (config/config.h); the API speaks of
// them, and of the configuration, by their short names.
using config::Role;
using config::RoleName;
using config::ServeConfig;
using config::TokenEntry;

struct Principal {
  Role role = Role::kProvider;
  std::string business_id;  // provider role
  std::string name;         // the token's or key's name: what logs call the key
  // The SHA-256 of the key it came with: a session started with a key ends
  // when that key is no longer in force. Never logged.
  std::string key_sha256 = {};

  // "provider:1234567-8:name": who, for logs and the audit log.
  std::string Label() const;
  bool may_read_all() const { return role == Role::kFinance || role == Role::kAdmin; }
};

class Authenticator {
 public:
  // `keys` (null: configured tokens only) and `clock` outlive this.
  explicit Authenticator(std::vector<TokenEntry> tokens, store::KeyStore* keys = nullptr,
                         const Clock& clock = SystemClock::Instance());

  // From an Authorization header value ("Bearer TOKEN"); nothing when absent,
  // unknown, revoked or expired.
  std::optional<Principal> Identify(const std::string& authorization);
  // Whether the key `who` was identified by is still in force.
  bool InForce(const Principal& who);
  // The config's tokens from now on (a reload).
  void ReplaceTokens(std::vector<TokenEntry> tokens);
  // Re-reads the stored keys now: this daemon created or revoked one.
  void KeysChanged();

 private:
  using Tokens = std::shared_ptr<const std::vector<TokenEntry>>;
  using Keys = std::shared_ptr<const std::vector<store::ProviderKey>>;

  // The stored keys in force, read again when older than the refresh
  // interval; the previous ones while one thread reads them.
  Keys CurrentKeys();
  void ReadKeys();
  // Writes the key's use unless it was written within the last minute.
  void NoteUse(const store::ProviderKey& key);

  store::KeyStore* store_;
  const Clock& clock_;
  std::mutex mu_;  // guards the members below
  Tokens tokens_;
  Keys keys_;
  int64_t keys_read_at_ms_ = 0;
  std::map<std::string, int64_t> use_written_at_ms_;  // by key ID
  std::mutex read_mu_;                                // one reader of the stored keys at a time
};

// Lowercase hex SHA-256 (OpenSSL).
std::string TokenHash(const std::string& token);

}  // namespace seteli::api

#endif  // SETELI_API_TOKEN_AUTH_H_
