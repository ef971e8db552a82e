// Creating and revoking a provider's own keys (docs/providers.md, "Keys"):
// the value is made here, given back once and stored only as its SHA-256;
// a key lasts at most a year. A provider acts on its own keys only.
//
//   auto issued = IssueProviderKey(state, principal, "kirjanpito-2026", 365);
//   show(issued.value().value);  // the one time the key is seen
#ifndef SETELI_API_KEY_ISSUER_H_
#define SETELI_API_KEY_ISSUER_H_

#include <string>

#include "api/api_state.h"
#include "store/key_store.h"

namespace seteli::api {

inline constexpr int kMaxKeyDays = 365;
inline constexpr size_t kMaxKeyNameBytes = 64;

struct IssuedKey {
  std::string value;  // the bearer key: shown once, kept nowhere
  store::ProviderKey key;
};

// A new key of `provider`'s business ID named `name`, in force for `days`
// from now by the store's clock. Errors: key_name_invalid (empty, too
// long, control characters), key_expiry_too_long (over kMaxKeyDays),
// invalid_argument (under one day), key_name_taken, store errors.
Result<IssuedKey> IssueProviderKey(ApiState& state, const Principal& provider,
                                   const std::string& name, int days);

// Revokes `provider`'s key `key_id` now: refused at once by this daemon,
// within seconds by others on the same store. not_found for a key that is
// not the provider's; false when it was revoked before.
Result<bool> RevokeProviderKey(ApiState& state, const Principal& provider,
                               const std::string& key_id);

}  // namespace seteli::api

#endif  // SETELI_API_KEY_ISSUER_H_
