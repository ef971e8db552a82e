#include "api/key_issuer.h"

#include "api/sessions.h"

namespace seteli::api {
namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

// A name goes into logs, pages and the audit log: printable and short.
bool GoodName(const std::string& name) {
  if (name.empty() || name.size() > kMaxKeyNameBytes) return false;
  if (name.front() == ' ' || name.back() == ' ') return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

Result<IssuedKey> IssueProviderKey(ApiState& state, const Principal& provider,
                                   const std::string& name, int days) {
  if (provider.role != Role::kProvider || provider.business_id.empty()) {
    return Error{"failed_precondition",
                 "vain palveluntuottaja luo avaimia / only a provider creates provider keys", ""};
  }
  if (!GoodName(name)) {
    return Error{"key_name_invalid",
                 "avaimen nimi: 1–64 merkkiä, ei välilyöntiä alussa tai lopussa / a key's name: "
                 "1 to 64 characters, no space at either end",
                 name};
  }
  if (days > kMaxKeyDays) {
    return Error{"key_expiry_too_long",
                 "avain on voimassa enintään vuoden (365 päivää) / a key lasts at most a year "
                 "(365 days)",
                 std::to_string(days)};
  }
  if (days < 1) {
    return Error{"invalid_argument",
                 "avain on voimassa vähintään päivän / a key lasts at least a day",
                 std::to_string(days)};
  }
  const Clock& clock = state.store->clock();
  IssuedKey issued;
  issued.value = "seteli_" + RandomToken();
  issued.key = store::ProviderKey{
      RandomToken().substr(0, 16), provider.business_id, name,
      TokenHash(issued.value),     clock.UtcText(),      clock.UtcText(days * kDayMs)};
  auto added = state.store->AddProviderKey(
      issued.key, {provider.Label(), "key.create", provider.business_id + "/" + issued.key.key_id,
                   name + " until " + issued.key.expires_at});
  if (!added.ok()) return added.error();
  state.auth.KeysChanged();
  return issued;
}

Result<bool> RevokeProviderKey(ApiState& state, const Principal& provider,
                               const std::string& key_id) {
  if (provider.role != Role::kProvider || provider.business_id.empty()) {
    return Error{"failed_precondition",
                 "vain palveluntuottaja peruu avaimiaan / only a provider revokes its keys", ""};
  }
  auto revoked = state.store->RevokeProviderKey(
      provider.business_id, key_id, state.store->clock().UtcText(),
      {provider.Label(), "key.revoke", provider.business_id + "/" + key_id, ""});
  if (revoked.ok()) state.auth.KeysChanged();
  return revoked;
}

}  // namespace seteli::api
