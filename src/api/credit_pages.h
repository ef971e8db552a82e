// Finance's credits page (docs/finance.md, "Credits"), under /portal for
// the finance and admin roles:
//
//   GET  /portal/finance/credits?month=   the credits given for a settled
//                                         month, each with its reason and
//                                         whether a run has applied it,
//                                         and a form to give one
//   POST /portal/finance/credits          give one; 303 back to the list
//
// A credit goes through invoicing::GrantCredit, as POST /v1/credits and
// `seteli credit` do, so the page checks and audits alike.
#ifndef SETELI_API_CREDIT_PAGES_H_
#define SETELI_API_CREDIT_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"
#include "api/sessions.h"

namespace seteli::api {

// The page for `request` (GET, or a POST whose CSRF token was checked) of
// a finance or admin session; nothing when the path is not the credits'.
std::optional<Reply> RouteCreditPages(ApiState& state, const Request& request,
                                      const Session& session,
                                      const std::map<std::string, std::string>& form);

}  // namespace seteli::api

#endif  // SETELI_API_CREDIT_PAGES_H_
