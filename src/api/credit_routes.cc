#include "api/credit_routes.h"

#include <Poco/JSON/Object.h>

#include "api/routes.h"
#include "formats/strict_json.h"
#include "invoicing/credit_grant.h"
#include "seteli/money.h"

namespace seteli::api {
namespace {

Reply GetCredits(ApiState& state, const Request& r) {
  const std::string month = QueryParam(r, "month");
  if (auto bad = InvalidMonth(month)) return *bad;
  auto credits = state.store->ListCredits({.month = month, .provider = ListedProvider(r)});
  if (!credits.ok()) return StoreFailure(state, credits.error(), 503);
  std::string items;
  for (const store::CreditRecord& c : credits.value()) {
    items += (items.empty() ? "" : ",") + CreditJson(c);
  }
  Reply reply;
  reply.body = "{\"month\":" + JsonQuote(month) +
               ",\"count\":" + std::to_string(credits.value().size()) + ",\"credits\":[" + items +
               "]}";
  return reply;
}

Reply PostCredit(ApiState& state, const Request& r) {
  if (!r.principal->may_read_all()) {
    return ErrorReply(403, "forbidden", "credits are finance's (finance or admin role)");
  }
  invoicing::CreditRequest asked;
  try {
    auto body = formats::ParseStrictJson(r.body).extract<Poco::JSON::Object::Ptr>();
    asked.provider = body->optValue<std::string>("provider", "");
    asked.event_id = body->optValue<std::string>("event_id", "");
    asked.month = body->optValue<std::string>("month", "");
    asked.reason_code = body->optValue<std::string>("reason_code", "");
    asked.text = body->optValue<std::string>("text", "");
    asked.credit_id = body->optValue<std::string>("credit_id", "");
    if (body->has("amount_cents")) asked.amount = body->getValue<Poco::Int64>("amount_cents");
  } catch (const std::exception&) {
    return ErrorReply(400, "invalid_json",
                      "expected {\"provider\", \"event_id\", \"reason_code\", \"text\", "
                      "\"amount_cents\"?, \"month\"?, \"credit_id\"?}");
  }
  auto granted = invoicing::GrantCredit(*state.store, asked, r.principal->Label());
  if (!granted.ok()) {
    return Refused(state, CreditErrorStatus(granted.error().code), granted.error());
  }
  Reply reply;
  reply.status = granted.value().added ? 201 : 200;
  reply.body = CreditJson(granted.value().credit);
  return reply;
}

}  // namespace

int CreditErrorStatus(const std::string& code) {
  if (code == "not_found") return 404;
  if (code == "event_not_settled" || code == "duplicate_conflict" || code == "credit_conflict") {
    return 409;
  }
  return code.rfind("store_", 0) == 0 ? 503 : 400;
}

std::string CreditJson(const store::CreditRecord& c) {
  return "{\"credit_id\":" + JsonQuote(c.credit_id) + ",\"provider\":" + JsonQuote(c.provider) +
         ",\"event_id\":" + JsonQuote(c.event_id) + ",\"month\":" + JsonQuote(c.month) +
         ",\"amount\":" + JsonQuote(Money::FromCents(c.amount).ToString()) +
         ",\"amount_cents\":" + std::to_string(c.amount) +
         ",\"reason_code\":" + JsonQuote(c.reason_code) + ",\"text\":" + JsonQuote(c.text) +
         ",\"created_by\":" + JsonQuote(c.created_by) +
         ",\"created_at\":" + JsonQuote(c.created_at) +
         ",\"applied_month\":" + JsonQuote(c.applied_month) + "}";
}

std::optional<Reply> RouteCredits(ApiState& state, const Request& r) {
  if (r.path != "/v1/credits") return std::nullopt;
  if (r.method == "GET") return Tagged(GetCredits(state, r), "credits");
  if (r.method == "POST") return Tagged(PostCredit(state, r), "credits");
  return ErrorReply(405, "method_not_allowed", r.method + " is not allowed on " + r.path);
}

}  // namespace seteli::api
