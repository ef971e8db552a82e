// The JSON API's routes (docs/api.md, docs/openapi.yaml). Each takes the
// shared state and a request whose caller is already identified, and gives
// a reply; access rules are checked here, per route.
#ifndef SETELI_API_ROUTES_H_
#define SETELI_API_ROUTES_H_

#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"

namespace seteli::api {

// `request` is the route's to take from: POST /v1/invoices moves its body on.
Reply Route(ApiState& state, Request& request);

Reply PostEvents(ApiState& state, const Request& request);
Reply GetEvents(ApiState& state, const Request& request);
Reply PostProviders(ApiState& state, const Request& request);
Reply GetProviders(ApiState& state, const Request& request);
Reply PostDecisions(ApiState& state, const Request& request);
Reply GetDecisions(ApiState& state, const Request& request);
Reply PutRulebook(ApiState& state, const Request& request);
Reply GetRulebook(ApiState& state, const Request& request);
Reply GetBalance(ApiState& state, const Request& request, const std::string& decision_id);
Reply GetHealth(ApiState& state);
Reply PostInvoices(ApiState& state, Request& request);
Reply GetInvoices(ApiState& state, const Request& request);
Reply GetInvoice(ApiState& state, const Request& request, const std::string& id);

// What the routes share:
// The reply to a store failure, counted in the metrics: `e` with the status
// of its kind, or with `status` where a route promises one (503).
Reply StoreFailure(ApiState& state, const Error& e, std::optional<int> status = std::nullopt);
// The reply to an action the invoicing refused or could not do: `e` with
// `status`; a 503 (the store's) is counted in the metrics.
Reply Refused(ApiState& state, int status, const Error& e);
// The 400 reply (invalid_month) when the query's `month` is not YYYY-MM;
// nothing when it is.
std::optional<Reply> InvalidMonth(const std::string& month);
// Whose records a list shows: for finance and admin the query's `provider`
// (everyone's when absent), for a provider its own, whatever it asks.
std::string ListedProvider(const Request& request);

}  // namespace seteli::api

#endif  // SETELI_API_ROUTES_H_
