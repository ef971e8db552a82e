#include "api/token_auth.h"

#include <openssl/crypto.h>

#include "formats/sha256.h"

namespace seteli::api {

std::string TokenHash(const std::string& token) { return formats::Sha256Hex(token); }

std::string Principal::Label() const {
  std::string label = RoleName(role);
  if (!business_id.empty()) label += ":" + business_id;
  if (!name.empty()) label += ":" + name;
  return label;
}

std::optional<Principal> Authenticator::Identify(const std::string& authorization) const {
  const std::string prefix = "Bearer ";
  if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  std::string hash = TokenHash(authorization.substr(prefix.size()));
  const TokenEntry* found = nullptr;
  // Every entry is compared, matching or not, in constant time.
  for (const TokenEntry& t : tokens_) {
    if (CRYPTO_memcmp(t.sha256_hex.data(), hash.data(), hash.size()) == 0) found = &t;
  }
  if (!found) return std::nullopt;
  return Principal{found->role, found->business_id, found->name};
}

}  // namespace seteli::api
