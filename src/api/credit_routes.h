// Organizer credits' routes (docs/api.md, "Credits"):
//
//   POST /v1/credits  {"provider", "event_id", "reason_code", "text",
//                      "amount_cents"?, "month"?, "credit_id"?}
//        finance credits a settled event, all of its voucher part or
//        amount_cents of it: 201 with the credit, 200 when the same credit
//        was given before
//   GET  /v1/credits?month=YYYY-MM[&provider=ID]
//        the credits of a settled month, applied or not; a provider sees
//        its own only
#ifndef SETELI_API_CREDIT_ROUTES_H_
#define SETELI_API_CREDIT_ROUTES_H_

#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"

namespace seteli::api {

// The reply for /v1/credits, or nothing for other paths.
std::optional<Reply> RouteCredits(ApiState& state, const Request& request);

// A credit as JSON: {"credit_id", "provider", "event_id", "month",
// "amount": "12.34", "amount_cents", "reason_code", "text", ...}.
std::string CreditJson(const store::CreditRecord& credit);

// The HTTP status of invoicing::GrantCredit's error `code`.
int CreditErrorStatus(const std::string& code);

}  // namespace seteli::api

#endif  // SETELI_API_CREDIT_ROUTES_H_
