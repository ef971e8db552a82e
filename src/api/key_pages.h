// A signed-in provider's keys (docs/providers.md, "Keys"), under /portal:
//
//   GET  /portal/keys          my keys: name, created, expires, last used, revoked
//   POST /portal/keys          name=, days=: a new key, its value shown this once
//   POST /portal/keys/revoke   key_id=: revokes one of my keys
//
// Only the session's own business ID's keys are listed or revoked.
#ifndef SETELI_API_KEY_PAGES_H_
#define SETELI_API_KEY_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"
#include "api/sessions.h"

namespace seteli::api {

// The page for `request` (a GET, or a POST whose CSRF token was checked);
// nothing when the path is not one of these.
std::optional<Reply> RouteKeyPages(ApiState& state, const Request& request, const Session& session,
                                   const std::map<std::string, std::string>& form);

}  // namespace seteli::api

#endif  // SETELI_API_KEY_PAGES_H_
