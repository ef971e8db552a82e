#include "api/finance_routes.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

#include "api/routes.h"
#include "books/month_exports.h"
#include "books/month_overview.h"
#include "books/overview_page.h"
#include "books/store_books.h"
#include "books/stored_overview.h"
#include "invoicing/stored_events.h"

namespace seteli::api {
namespace {

// The segment after `prefix` up to the next '/', and what follows it.
std::optional<std::pair<std::string, std::string>> Segment(const std::string& path,
                                                           const std::string& prefix) {
  if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) return std::nullopt;
  size_t slash = path.find('/', prefix.size());
  if (slash == std::string::npos) return std::make_pair(path.substr(prefix.size()), std::string());
  return std::make_pair(path.substr(prefix.size(), slash - prefix.size()), path.substr(slash));
}

std::optional<Reply> Refuse(const Request& r) {
  if (!r.principal->may_read_all()) {
    return ErrorReply(403, "forbidden", "the finance or admin role is required");
  }
  if (r.method != "GET") return ErrorReply(405, "method_not_allowed", r.method + " is not allowed on " + r.path);
  return std::nullopt;
}

// RFC 3230 Digest value: "sha-256=" and the base64 of the digest bytes.
std::string DigestHeader(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder << bytes;
  encoder.close();
  return "sha-256=" + out.str();
}

Reply NotReconciled(const Error& e, const std::vector<exports::Failure>& failures) {
  std::string list;
  for (const exports::Failure& f : failures) {
    list += (list.empty() ? "" : ",") + std::string("{\"code\":") + JsonQuote(f.code) +
            ",\"message\":" + JsonQuote(f.message) + "}";
  }
  Reply reply;
  reply.status = 409;
  reply.body = "{\"error\":{\"code\":" + JsonQuote(e.code) + ",\"message\":" + JsonQuote(e.message) +
               "},\"failures\":[" + list + "]}";
  return reply;
}

Result<YearMonth> MonthOf(const std::string& text) {
  auto m = YearMonth::Parse(text);
  if (!m.ok()) return Error{"bad_query", "month must be YYYY-MM"};
  return m.value();
}

// What settling the month's stored events rejects, for the overview.
Result<std::vector<Rejection>> RejectedEvents(ApiState& state, YearMonth month) {
  std::shared_ptr<const daemon::Catalog> catalog = state.catalogs.Get();
  auto events = invoicing::LoadStoredEvents(*state.store, month);
  if (!events.ok()) return events.error();
  auto decisions = invoicing::LoadStoredAbsences(*state.store, catalog->decisions);
  if (!decisions.ok()) return decisions.error();
  SettleContext ctx = catalog->context();
  ctx.decisions = &decisions.value();
  return SettleMonth(ctx, events.value().events, month).rejected;
}

}  // namespace

std::optional<Reply> RouteFinance(ApiState& state, const Request& r) {
  if (auto kind = Segment(r.path, "/v1/exports/"); kind && kind->second.empty()) {
    if (auto refused = Refuse(r)) return Tagged(*refused, "exports");
    return Tagged(GetExport(state, r, kind->first), "exports");
  }
  if (auto month = Segment(r.path, "/v1/months/")) {
    if (month->second != "" && month->second != "/page") return std::nullopt;
    if (auto refused = Refuse(r)) return Tagged(*refused, "months");
    return Tagged(GetMonthOverview(state, r, month->first, month->second == "/page"), "months");
  }
  return std::nullopt;
}

Reply GetExport(ApiState& state, const Request& r, const std::string& kind_name) {
  auto kind = exports::ParseExportKind(kind_name);
  if (!kind.ok()) return ErrorReply(404, "unknown_export", "no export kind " + kind_name);
  auto it = r.query.find("month");
  if (it == r.query.end()) return ErrorReply(400, "bad_query", "month=YYYY-MM is required");
  auto month = MonthOf(it->second);
  if (!month.ok()) return ErrorReply(400, month.error());
  auto d = r.query.find("dialect");
  auto dialect = exports::ParseDialect(d == r.query.end() ? "" : d->second);
  if (!dialect.ok()) return ErrorReply(400, "bad_query", dialect.error().message);
  auto books = books::LoadMonthHeads(*state.store, month.value(), state.config.accounts);
  if (!books.ok()) return StoreFailure(state, books.error());
  books.value().heads.cost_coding = state.config.cost_coding;
  std::ostringstream csv;
  std::vector<exports::Failure> failures;
  auto summary = exports::ExportMonth(kind.value(), books.value().heads, *books.value().lines,
                                      dialect.value(), csv, &failures);
  if (!summary.ok()) {
    if (failures.empty()) return StoreFailure(state, summary.error());  // reading the lines
    return NotReconciled(summary.error(), failures);
  }
  Reply reply;
  reply.body = csv.str();
  reply.content_type = "text/csv; charset=utf-8";
  const std::string file = books::ExportFileName(kind.value(), month.value(), dialect.value());
  reply.headers["Content-Disposition"] = "attachment; filename=\"" + file + "\"";
  reply.headers["X-Content-SHA256"] = summary.value().sha256;
  reply.headers["Digest"] = DigestHeader(summary.value().sha256);
  reply.headers["X-Export-Rows"] = std::to_string(summary.value().rows);
  return reply;
}

Reply GetMonthOverview(ApiState& state, const Request&, const std::string& month_text, bool page,
                       const std::string& release_csrf) {
  auto month = MonthOf(month_text);
  if (!month.ok()) return ErrorReply(400, month.error());
  auto rejected = RejectedEvents(state, month.value());
  if (!rejected.ok()) return ErrorReply(rejected.error());
  auto loaded =
      books::LoadMonthOverview(*state.store, month.value(), state.config.accounts,
                               state.catalogs.Get()->rulebook, std::move(rejected).value());
  if (!loaded.ok()) return StoreFailure(state, loaded.error());
  const books::MonthOverview& overview = loaded.value();
  Reply reply;
  if (page) {
    reply.body = books::OverviewHtml(overview, release_csrf);
    reply.content_type = "text/html; charset=utf-8";
  } else {
    reply.body = books::OverviewJson(overview);
  }
  return reply;
}

}  // namespace seteli::api
