// Provider keys: bearer keys a provider creates on its pages besides the
// tokens of the config (docs/providers.md, "Keys"). Only a key's SHA-256 is
// stored; the value is shown once, when it is created.
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_KEY_STORE_H_
#define SETELI_STORE_KEY_STORE_H_

#include <string>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"

namespace seteli::store {

// Times are as Clock::UtcText writes them, so text order is time order.
struct ProviderKey {
  std::string key_id;  // random, not secret: names the key in forms and audit
  std::string business_id;
  std::string name;        // the provider's name for it, unique per provider
  std::string sha256_hex;  // lowercase hex of SHA-256(key)
  std::string created_at;
  std::string expires_at;
  std::string revoked_at = {};    // empty while in force
  std::string last_used_at = {};  // empty: never used
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;

  // Stores a new key with its audit entry. key_name_taken when the
  // provider has a key of that name already (revoked ones count: logs
  // name keys, and a name must keep meaning one key).
  virtual Result<Done> AddProviderKey(const ProviderKey& key, const AuditEntry& audit) = 0;
  // The keys of `business_id`, or of every provider when it is empty,
  // revoked and expired ones included, newest first.
  virtual Result<std::vector<ProviderKey>> ListProviderKeys(const std::string& business_id) = 0;
  // Revokes `key_id` of `business_id` at `at`. not_found when that
  // provider has no such key (another provider's key is not found either);
  // false when it was revoked already (the first revocation stays).
  virtual Result<bool> RevokeProviderKey(const std::string& business_id, const std::string& key_id,
                                         const std::string& at, const AuditEntry& audit) = 0;
  // Records a use of `key_id` at `at`; no audit entry (it is no change).
  virtual Result<Done> TouchProviderKey(const std::string& key_id, const std::string& at) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_KEY_STORE_H_
