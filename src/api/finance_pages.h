// Finance's signed-in pages beside the month page (docs/finance.md), under
// /portal, for the finance and admin roles:
//
//   GET  /portal/finance/review?month=   the events waiting for review, each
//                                        with an approve and a refuse form;
//                                        the decided ones below
//   POST /portal/finance/review          approve or refuse one; 303 back
//   POST /portal/finance/release         release a held settlement with a
//                                        reason (the month page's form)
//
// A decision goes through invoicing::DecideReview, as POST /v1/review does,
// and a release through invoicing::ReleaseHeld, as the API's release does,
// so the pages check and audit alike.
#ifndef SETELI_API_FINANCE_PAGES_H_
#define SETELI_API_FINANCE_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"
#include "api/sessions.h"

namespace seteli::api {

// The page for `request` (GET, or a POST whose CSRF token was checked) of
// a finance or admin session; nothing when the path is not one of these.
std::optional<Reply> RouteFinancePages(ApiState& state, const Request& request,
                                       const Session& session,
                                       const std::map<std::string, std::string>& form);

}  // namespace seteli::api

#endif  // SETELI_API_FINANCE_PAGES_H_
