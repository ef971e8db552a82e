#include "api/settlement_routes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "api/routes.h"
#include "books/store_books.h"
#include "daemon/run_service.h"
#include "formats/settlement_json.h"
#include "formats/strict_json.h"
#include "invoicing/release.h"
#include "outbound/settlement_statement.h"

namespace seteli::api {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string Stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream s;
  Poco::JSON::Stringifier::stringify(v, s);
  return s.str();
}

Reply Json(const Poco::Dynamic::Var& v, int status = 200) {
  Reply r;
  r.status = status;
  r.body = Stringify(v);
  return r;
}

bool IsFinance(const Request& r) { return r.principal && r.principal->may_read_all(); }

// A provider's own: the caller is that provider (a role without a business
// ID, such as the operator, owns nothing, not even provider "").
bool IsOwnProvider(const Request& r, const std::string& provider) {
  return r.principal && r.principal->role == Role::kProvider && !provider.empty() &&
         r.principal->business_id == provider;
}

std::optional<Reply> ForbiddenUnlessOwn(const Request& r, const std::string& provider) {
  if (IsFinance(r) || IsOwnProvider(r, provider)) return std::nullopt;
  return ErrorReply(403, "forbidden_provider", "a provider reads its own settlements only");
}

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : path.substr(1)) {
    if (c == '/') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

std::string Cents(int64_t c) { return Money::FromCents(c).ToString(); }

Object::Ptr RunJson(const store::RunRecord& r) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("run_id", r.run_id);
  o->set("month", r.month);
  if (!r.provider.empty()) o->set("provider", r.provider);
  o->set("state", r.state);
  o->set("started_at", r.started_at);
  if (!r.finished_at.empty()) o->set("finished_at", r.finished_at);
  o->set("providers_total", r.providers_total);
  o->set("providers_done", r.providers_done);
  o->set("settled", r.settled);
  o->set("held", r.held);
  o->set("skipped", r.skipped);
  o->set("message", r.message);
  return o;
}

Object::Ptr SettlementSummary(const store::SettlementRecord& s) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("provider", s.provider);
  o->set("month", s.month);
  o->set("state", s.state);
  o->set("reference", s.reference);
  o->set("price_total", Cents(s.price_total));
  o->set("voucher_total", Cents(s.voucher_total));
  o->set("copay_total", Cents(s.copay_total));
  o->set("line_count", s.line_count);
  if (!s.held_reason.empty()) o->set("held_reason", s.held_reason);
  if (s.invoice_number) o->set("self_billing_invoice", static_cast<Poco::Int64>(*s.invoice_number));
  o->set("rulebook_version", s.rulebook_version);
  o->set("settled_at", s.created_at);
  return o;
}

Reply PostRun(ApiState& state, const Request& r) {
  if (!IsFinance(r)) return ErrorReply(403, "forbidden", "runs are started by finance");
  if (!state.runs) return ErrorReply(503, "unavailable", "this process runs no months");
  Object::Ptr body;
  try {
    body = formats::ParseStrictJson(r.body).extract<Object::Ptr>();
  } catch (const std::exception&) {
    return ErrorReply(400, "invalid_json", "expected {\"month\": \"YYYY-MM\"}");
  }
  auto month = YearMonth::Parse(body->optValue<std::string>("month", ""));
  if (!month.ok()) return ErrorReply(400, month.error());
  invoicing::RunOptions o{month.value()};
  std::string provider = body->optValue<std::string>("provider", "");
  if (!provider.empty()) o.provider = provider;
  o.dry_run = body->optValue<bool>("dry_run", false);
  auto id = state.runs->Queue(o, r.principal->Label());
  if (!id.ok()) return ErrorReply(id.error());
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("run_id", id.value());
  out->set("state", "queued");
  return Json(out, 202);
}

Reply GetRuns(ApiState& state, const Request& r, const std::optional<std::string>& id) {
  if (!IsFinance(r)) return ErrorReply(403, "forbidden", "runs are finance's");
  if (id) {
    auto run = state.store->GetRun(*id);
    if (!run.ok()) return ErrorReply(run.error());
    if (!run.value()) return ErrorReply(404, "not_found", "no run " + *id);
    return Json(RunJson(*run.value()));
  }
  const std::string month = QueryParam(r, "month");
  if (auto bad = InvalidMonth(month)) return *bad;
  auto runs = state.store->ListRuns(month);
  if (!runs.ok()) return ErrorReply(runs.error());
  Array::Ptr list = new Array;
  for (const auto& run : runs.value()) list->add(RunJson(run));
  return Json(list);
}

Reply ListSettlements(ApiState& state, const Request& r) {
  std::string provider = r.query.count("provider") ? r.query.at("provider") : "";
  if (!IsFinance(r)) {
    if (r.principal->role != Role::kProvider) {
      return ErrorReply(403, "forbidden", "settlements are read by their provider or finance");
    }
    if (!provider.empty() && provider != r.principal->business_id) {
      return *ForbiddenUnlessOwn(r, provider);
    }
    provider = r.principal->business_id;
  }
  std::string month = r.query.count("month") ? r.query.at("month") : "";
  auto records = state.store->ListSettlements(month, provider);
  if (!records.ok()) return ErrorReply(records.error());
  Array::Ptr list = new Array;
  for (const auto& s : records.value()) list->add(SettlementSummary(s));
  return Json(list);
}

std::optional<store::SettlementRecord> FindSettlement(ApiState& state, const std::string& provider,
                                                     const std::string& month, Reply* error) {
  auto records = state.store->ListSettlements(month, provider);
  if (!records.ok()) {
    *error = ErrorReply(records.error());
    return std::nullopt;
  }
  if (records.value().empty()) {
    *error = ErrorReply(404, "not_found", "no settlement for " + provider + " " + month);
    return std::nullopt;
  }
  return records.value()[0];
}

Reply GetSettlement(ApiState& state, const Request& r, const std::string& provider,
                    const std::string& month, bool statement) {
  if (auto forbidden = ForbiddenUnlessOwn(r, provider)) return *forbidden;
  // An empty filter would match every provider's settlements.
  if (provider.empty()) return ErrorReply(404, "not_found", "no such path: " + r.path);
  Reply error;
  auto record = FindSettlement(state, provider, month, &error);
  if (!record) return error;
  if (!statement) {
    Reply reply;
    reply.body = "{\"summary\":" + Stringify(SettlementSummary(*record)) +
                 ",\"settlement\":" + record->body + "}";
    return reply;
  }
  auto settlement = formats::ParseSettlementJson(record->body);
  if (!settlement.ok()) return ErrorReply(500, settlement.error());
  auto catalog = state.catalogs.Get();
  const Provider* p = catalog->providers.Find(provider);
  if (!p) return ErrorReply(404, "not_found", "no provider " + provider);
  // A statement without its balances is still worth showing: a store
  // error here leaves that section out.
  auto balances = books::LoadBalanceStatements(*state.store, settlement.value().month);
  std::vector<BalanceStatement> none;
  auto html = outbound::BuildSettlementStatement(settlement.value(), *p, catalog->rulebook,
                                                 outbound::BalancesFor(settlement.value(), balances.ok() ? balances.value() : none));
  if (!html.ok()) return ErrorReply(500, html.error());
  Reply reply;
  reply.body = html.value();
  reply.content_type = "text/html; charset=utf-8";
  return reply;
}

Reply PostRelease(ApiState& state, const Request& r, const std::string& provider,
                  const std::string& month) {
  if (!IsFinance(r)) return ErrorReply(403, "forbidden", "releases are finance's");
  auto m = YearMonth::Parse(month);
  if (!m.ok()) return ErrorReply(400, m.error());
  std::string reason;
  try {
    reason = formats::ParseStrictJson(r.body).extract<Object::Ptr>()->optValue<std::string>(
        "reason", "");
  } catch (const std::exception&) {
    return ErrorReply(400, "invalid_json", "expected {\"reason\": \"...\"}");
  }
  if (reason.empty()) return ErrorReply(400, "missing_field", "a release needs a reason");
  auto catalog = state.catalogs.Get();
  auto released = invoicing::ReleaseHeld(*state.store, catalog->context(), state.self_billing_drafter,
                                         provider, m.value(), reason, r.principal->Label());
  if (!released.ok()) {
    return ErrorReply(released.error(), 422);
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("provider", provider);
  out->set("month", month);
  out->set("state", "settled");
  if (released.value()) out->set("self_billing_invoice", static_cast<Poco::Int64>(*released.value()));
  return Json(out);
}

Reply GetBalances(ApiState& state, const Request& r) {
  if (!IsFinance(r)) return ErrorReply(403, "forbidden", "balance statements are finance's");
  const std::string month = QueryParam(r, "month");
  if (auto bad = InvalidMonth(month)) return *bad;
  auto rows = state.store->ListBalanceStatements(month);
  if (!rows.ok()) return ErrorReply(rows.error());
  Array::Ptr list = new Array;
  for (const auto& b : rows.value()) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("decision_id", b.decision_id);
    o->set("client", b.client);
    o->set("month", b.month);
    o->set("opening", Cents(b.opening));
    o->set("accrual", Cents(b.accrual));
    o->set("suspension_days", b.suspension_days);
    o->set("used", Cents(b.used));
    o->set("closing", Cents(b.closing));
    list->add(o);
  }
  return Json(list);
}

}  // namespace

std::optional<Reply> RouteSettlements(ApiState& state, const Request& r) {
  std::vector<std::string> p = Split(r.path);  // {"v1", "runs", ...}
  if (p.size() < 2 || p[0] != "v1") return std::nullopt;
  const std::string& m = r.method;
  auto not_allowed = [&] { return ErrorReply(405, "method_not_allowed", m + " is not allowed on " + r.path); };
  if (p[1] == "runs" && p.size() <= 3) {
    if (p.size() == 2 && m == "POST") return Tagged(PostRun(state, r), "runs");
    if (m != "GET") return not_allowed();
    return Tagged(GetRuns(state, r, p.size() == 3 ? std::optional<std::string>(p[2]) : std::nullopt), "runs");
  }
  if (p[1] == "balances" && p.size() == 2) {
    return m == "GET" ? Tagged(GetBalances(state, r), "balances") : not_allowed();
  }
  if (p[1] != "settlements") return std::nullopt;
  if (p.size() == 2) return m == "GET" ? Tagged(ListSettlements(state, r), "settlements") : not_allowed();
  if (p.size() == 4) {
    return m == "GET" ? Tagged(GetSettlement(state, r, p[2], p[3], false), "settlement") : not_allowed();
  }
  if (p.size() == 5 && p[4] == "statement") {
    return m == "GET" ? Tagged(GetSettlement(state, r, p[2], p[3], true), "statement") : not_allowed();
  }
  if (p.size() == 5 && p[4] == "release") {
    return m == "POST" ? Tagged(PostRelease(state, r, p[2], p[3]), "release") : not_allowed();
  }
  return ErrorReply(404, "not_found", "no such path: " + r.path);
}

}  // namespace seteli::api
