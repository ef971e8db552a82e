#include "api/routes.h"

#include "api/credit_routes.h"
#include "api/finance_routes.h"
#include "api/health.h"
#include "api/portal_routes.h"
#include "api/review_routes.h"
#include "api/settlement_routes.h"
#include "daemon/version.h"

namespace seteli::api {
namespace {

// "/v1/decisions/D-1/balance" -> "D-1".
std::optional<std::string> BalanceId(const std::string& path) {
  const std::string prefix = "/v1/decisions/", suffix = "/balance";
  if (path.size() <= prefix.size() + suffix.size() || path.rfind(prefix, 0) != 0 ||
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  std::string id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (id.find('/') != std::string::npos) return std::nullopt;
  return id;
}

// "/v1/invoices/42" -> "42".
std::optional<std::string> InvoiceId(const std::string& path) {
  const std::string prefix = "/v1/invoices/";
  if (path.size() <= prefix.size() || path.rfind(prefix, 0) != 0) return std::nullopt;
  std::string id = path.substr(prefix.size());
  if (id.find('/') != std::string::npos) return std::nullopt;
  return id;
}

}  // namespace

Reply Route(ApiState& state, Request& r) {
  const std::string& m = r.method;
  if (r.path == "/healthz" && m == "GET") return Tagged(GetHealth(state), "healthz");
  if (r.path == "/metrics" && m == "GET") {
    Reply reply;
    reply.body = state.metrics.Render();
    reply.content_type = "text/plain; version=0.0.4";
    return Tagged(reply, "metrics");
  }
  if (auto page = RoutePortal(state, r)) return *page;
  if (r.path.rfind("/v1/", 0) != 0) return ErrorReply(404, "not_found", "no such path: " + r.path);
  if (!r.principal) return ErrorReply(401, "unauthorized", "a valid bearer token is required");
  // The operator's connection hands in invoices and nothing else: it is
  // refused everywhere else here rather than served an empty, filtered list.
  if (r.principal->role == Role::kOperator && !(r.path == "/v1/invoices" && m == "POST")) {
    return ErrorReply(403, "forbidden", "the operator role may only post invoices");
  }
  if (auto finance = RouteFinance(state, r)) return *finance;
  if (auto settlements = RouteSettlements(state, r)) return *settlements;
  if (auto review = RouteReview(state, r)) return *review;
  if (auto credits = RouteCredits(state, r)) return *credits;
  if (r.path == "/v1/events") {
    if (m == "POST") return Tagged(PostEvents(state, r), "events");
    if (m == "GET") return Tagged(GetEvents(state, r), "events");
  } else if (r.path == "/v1/providers") {
    if (m == "POST") return Tagged(PostProviders(state, r), "providers");
    if (m == "GET") return Tagged(GetProviders(state, r), "providers");
  } else if (r.path == "/v1/decisions") {
    if (m == "POST") return Tagged(PostDecisions(state, r), "decisions");
    if (m == "GET") return Tagged(GetDecisions(state, r), "decisions");
  } else if (r.path == "/v1/rulebook") {
    if (m == "PUT") return Tagged(PutRulebook(state, r), "rulebook");
    if (m == "GET") return Tagged(GetRulebook(state, r), "rulebook");
  } else if (r.path == "/v1/invoices") {
    if (m == "POST") return Tagged(PostInvoices(state, r), "invoices");
    if (m == "GET") return Tagged(GetInvoices(state, r), "invoices");
  } else if (auto id = InvoiceId(r.path)) {
    if (m == "GET") return Tagged(GetInvoice(state, r, *id), "invoice");
  } else if (auto id = BalanceId(r.path)) {
    if (m == "GET") return Tagged(GetBalance(state, r, *id), "balance");
  } else {
    return ErrorReply(404, "not_found", "no such path: " + r.path);
  }
  return ErrorReply(405, "method_not_allowed", m + " is not allowed on " + r.path);
}

Reply StoreFailure(ApiState& state, const Error& e, std::optional<int> status) {
  state.metrics.CountStoreError();
  return status ? ErrorReply(*status, e) : ErrorReply(e);
}

Reply Refused(ApiState& state, int status, const Error& e) {
  if (status == 503) state.metrics.CountStoreError();
  return ErrorReply(status, e);
}

std::optional<Reply> InvalidMonth(const std::string& month) {
  if (YearMonth::Parse(month).ok()) return std::nullopt;
  return ErrorReply(400, "invalid_month", "month=YYYY-MM is required");
}

std::string ListedProvider(const Request& r) {
  return r.principal->may_read_all() ? QueryParam(r, "provider") : r.principal->business_id;
}

Reply GetHealth(ApiState& state) {
  Health h = CheckHealth(*state.store, {state.config.health_outbox_max_age_seconds});
  if (h.http_status != 200) state.metrics.CountStoreError();
  std::string extra = ",\"version\":" + JsonQuote(daemon::SeteliVersion()) +
                      ",\"store\":" + JsonQuote(state.store->backend());
  if (h.http_status == 200)
    extra += ",\"rulebook\":" + JsonQuote(state.catalogs.Get()->rulebook.version);
  Reply r;
  r.status = h.http_status;
  r.body = HealthJson(h, extra);
  return r;
}

}  // namespace seteli::api
