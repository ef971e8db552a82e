// The review queue's routes (docs/api.md, "Review before payment"):
//
//   GET  /v1/review?month=YYYY-MM[&state=pending|approved|refused|all][&provider=ID]
//        the events of the month or earlier in the queue (pending by default)
//   POST /v1/review/{event_id}  {"decision": "approve"|"refuse", "reason_code", "text"}
//
// Finance and admin tokens only; a provider sees its events' reviews in
// GET /v1/events.
#ifndef SETELI_API_REVIEW_ROUTES_H_
#define SETELI_API_REVIEW_ROUTES_H_

#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"

namespace seteli::api {

// The reply for /v1/review and the paths under it, or nothing for others.
std::optional<Reply> RouteReview(ApiState& state, const Request& request);

// A review as JSON: {"event_id", "provider", "decision_id", "month",
// "flags": [...], "state", ...}.
std::string ReviewJson(const store::ReviewRecord& review);

// The HTTP status of invoicing::DecideReview's error `code`, for the API and
// the review page alike: 404 not_found, 409 failed_precondition, 503 for
// the store's, else 400.
int ReviewErrorStatus(const std::string& code);

}  // namespace seteli::api

#endif  // SETELI_API_REVIEW_ROUTES_H_
