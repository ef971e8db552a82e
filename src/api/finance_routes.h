// Finance's routes (docs/api.md): the month's exports and its overview.
//
//   GET /v1/exports/{kind}?month=YYYY-MM[&dialect=fi]   CSV, refused (409) when
//                                                       the month does not reconcile
//   GET /v1/months/{month}                              the overview as JSON
//   GET /v1/months/{month}/page                         the overview as an HTML page
//
// Finance and admin tokens only.
#ifndef SETELI_API_FINANCE_ROUTES_H_
#define SETELI_API_FINANCE_ROUTES_H_

#include <optional>

#include "api/api_state.h"
#include "api/http_reply.h"

namespace seteli::api {

// The reply for a path under /v1/exports/ or /v1/months/, or nothing when
// the path is not one of these routes.
std::optional<Reply> RouteFinance(ApiState& state, const Request& request);

Reply GetExport(ApiState& state, const Request& request, const std::string& kind);
// `release_csrf`: see books::OverviewHtml (the signed-in month page).
Reply GetMonthOverview(ApiState& state, const Request& request, const std::string& month, bool page,
                       const std::string& release_csrf = "");

}  // namespace seteli::api

#endif  // SETELI_API_FINANCE_ROUTES_H_
