// The signed-in pages' front door (docs/providers.md): sign in with an API
// key on a form, sign out, the session cookie and the CSRF check, then the
// provider's pages (api/pages.h) or finance's month page.
//
//   GET  /portal                  where the session's role starts, or the sign-in
//   GET  /portal/sign-in          the form
//   POST /portal/sign-in          key=...: a session (cookie seteli_session)
//   POST /portal/sign-out         ends it
//   GET  /portal/finance/month?month=   the month overview (finance, admin)
//
// The session lives in a cookie that is HttpOnly, SameSite=Strict, Secure
// under TLS and scoped to /portal; every POST must carry the session's
// CSRF token (the sign-in form its own, tied to a cookie of the same
// value). The JSON API under /v1 never reads the cookie and the pages never
// read a key from the URL or an Authorization header.
#ifndef SETELI_API_PORTAL_ROUTES_H_
#define SETELI_API_PORTAL_ROUTES_H_

#include <optional>

#include "api/api_state.h"
#include "api/http_reply.h"

namespace seteli::api {

// The reply for a path under /portal, or nothing for any other path.
std::optional<Reply> RoutePortal(ApiState& state, const Request& request);

}  // namespace seteli::api

#endif  // SETELI_API_PORTAL_ROUTES_H_
