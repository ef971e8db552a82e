// The monthly run's routes (docs/api.md):
//
//   POST /v1/runs                                   queue a run (finance)
//   GET  /v1/runs/{id}, GET /v1/runs?month=         progress and outcome (finance)
//   GET  /v1/settlements?month=&provider=           settlements without lines
//   GET  /v1/settlements/{provider}/{month}         one settlement with its lines
//   GET  /v1/settlements/{provider}/{month}/statement   the statement as HTML
//   POST /v1/settlements/{provider}/{month}/release     release a held one (finance)
//   GET  /v1/balances?month=                        balance statements (finance)
//
// A provider's token reads its own settlements only.
#ifndef SETELI_API_SETTLEMENT_ROUTES_H_
#define SETELI_API_SETTLEMENT_ROUTES_H_

#include <optional>

#include "api/api_state.h"
#include "api/http_reply.h"

namespace seteli::api {

// The reply for a path under /v1/runs, /v1/settlements or /v1/balances, or
// nothing when the path is not one of these routes.
std::optional<Reply> RouteSettlements(ApiState& state, const Request& request);

}  // namespace seteli::api

#endif  // SETELI_API_SETTLEMENT_ROUTES_H_
