// Bearer-token access control. Tokens are configured by their SHA-256 only;
// a presented token is hashed and compared with every configured hash in
// constant time, so neither timing nor logs reveal a token.
//
//   Authenticator auth(config.tokens);
//   std::optional<Principal> p = auth.Identify(request_authorization_header);
#ifndef SETELI_API_TOKEN_AUTH_H_
#define SETELI_API_TOKEN_AUTH_H_

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

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
  std::string name;

  // "provider:1234567-8:name": who, for logs and the audit log.
  std::string Label() const;
  bool may_read_all() const { return role == Role::kFinance || role == Role::kAdmin; }
};

class Authenticator {
 public:
  explicit Authenticator(std::vector<TokenEntry> tokens) : tokens_(std::move(tokens)) {}
  // From an Authorization header value ("Bearer TOKEN"); nothing when absent
  // or unknown.
  std::optional<Principal> Identify(const std::string& authorization) const;

 private:
  std::vector<TokenEntry> tokens_;
};

// Lowercase hex SHA-256 (OpenSSL).
std::string TokenHash(const std::string& token);

}  // namespace seteli::api

#endif  // SETELI_API_TOKEN_AUTH_H_
