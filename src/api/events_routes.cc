// POST /v1/events and GET /v1/events.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>

#include "api/review_routes.h"
#include "api/routes.h"
#include "daemon/absence_intake.h"
#include "daemon/event_body.h"
#include "daemon/json_log.h"
#include "formats/events_input.h"

namespace seteli::api {
namespace {

std::string VerdictJson(const daemon::EventVerdict& v, int line) {
  std::string s = (v.absence ? "{\"absence_id\":" : "{\"event_id\":") + JsonQuote(v.event_id) +
                  ",\"status\":" + JsonQuote(v.status);
  if (!v.code.empty()) s += ",\"code\":" + JsonQuote(v.code);
  if (!v.message.empty()) s += ",\"message\":" + JsonQuote(v.message);
  return s + ",\"line\":" + std::to_string(line) + "}";
}

std::string VerdictsJson(const std::vector<daemon::EventVerdict>& verdicts,
                         const std::vector<daemon::BodyPiece>& pieces, Metrics& metrics) {
  int counts[3] = {0, 0, 0};
  std::string results;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const daemon::EventVerdict& v = verdicts[i];
    counts[v.status == "accepted" ? 0 : v.status == "duplicate" ? 1 : 2]++;
    metrics.CountVerdict(v.status, v.code);
    if (i) results += ',';
    results += VerdictJson(v, pieces[i].line);
  }
  return "{\"accepted\":" + std::to_string(counts[0]) + ",\"duplicate\":" +
         std::to_string(counts[1]) + ",\"rejected\":" + std::to_string(counts[2]) +
         ",\"results\":[" + results + "]}";
}

// The body's format from its Content-Type (parameters such as charset
// aside): "csv", "json" (also when none is given, as before CSV was
// taken), or nothing for a type the route does not take. A form type is
// what curl -d and Python's urllib send when the caller named none: a body
// that opens as JSON does is taken as JSON, never as a form.
std::optional<std::string> BodyFormat(const std::string& content_type, const std::string& body) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == "text/csv") return "csv";
  if (type.empty() || type == "application/json" || type == "application/x-ndjson" ||
      type == "application/jsonl") {
    return "json";
  }
  if (type == "application/x-www-form-urlencoded") {
    size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (body[first] == '[' || body[first] == '{')) return "json";
  }
  return std::nullopt;
}

bool MayPostEvents(const Principal& p) { return p.role == Role::kProvider || p.role == Role::kAdmin; }

Reply StoreFailed(ApiState& state, const Principal& who, const Error& e) {
  state.metrics.CountStoreError();
  daemon::JsonLog::Error("event batch not stored", {{"actor", who.Label()}, {"code", e.code}});
  return ErrorReply(e);
}

}  // namespace

Reply PostEvents(ApiState& state, const Request& r) {
  const Principal& who = *r.principal;
  if (!MayPostEvents(who)) return ErrorReply(403, "forbidden", "this role may not post events");
  auto format = BodyFormat(r.content_type, r.body);
  if (!format) {
    return ErrorReply(415, "unsupported_media_type",
                      "Content-Type " + r.content_type +
                          " is not taken here; send application/json, application/x-ndjson, "
                          "application/jsonl or text/csv");
  }
  std::vector<std::string> csv_rows;  // the CSV rows as JSON, which the pieces point into
  auto pieces =
      *format == "csv"
          ? Result<std::vector<daemon::BodyPiece>>(daemon::SplitCsvEventBody(r.body, csv_rows))
          : daemon::SplitEventBody(r.body);
  if (!pieces.ok()) return ErrorReply(400, pieces.error());
  if (pieces.value().empty()) return ErrorReply(400, "empty_batch", "the body holds no events");
  if (static_cast<int>(pieces.value().size()) > state.config.max_events_per_request) {
    return ErrorReply(413, "too_many_events",
                      "at most " + std::to_string(state.config.max_events_per_request) +
                          " events a request; got " + std::to_string(pieces.value().size()));
  }
  auto started = std::chrono::steady_clock::now();
  // Absence records travel among the events; each piece's verdict goes
  // back to its place.
  std::vector<daemon::IntakeItem> items;
  std::vector<daemon::AbsenceItem> absences;
  std::vector<size_t> event_at, absence_at;  // piece index of each
  for (size_t i = 0; i < pieces.value().size(); ++i) {
    const daemon::BodyPiece& p = pieces.value()[i];
    if (!p.error.empty()) {
      daemon::IntakeItem& item = items.emplace_back();
      item.event = Error{"malformed_event", p.error, "body:" + std::to_string(p.line)};
      event_at.push_back(i);
      continue;
    }
    if (daemon::LooksLikeAbsence(p.text)) {
      if (auto a = daemon::ParseAbsenceItem(p.text, p.line)) {
        absences.push_back(std::move(*a));
        absence_at.push_back(i);
        continue;
      }
    }
    daemon::IntakeItem& item = items.emplace_back();
    item.event = formats::ParseEventJson(p.text, "body", p.line);
    item.body = std::string(p.text);
    event_at.push_back(i);
  }
  std::optional<std::string> only;
  if (who.role == Role::kProvider) only = who.business_id;
  // Absences first, as `seteli ingest` stores them: resending the request
  // after a store failure is safe (an absence is stored by its ID).
  auto absence_verdicts =
      TakeAbsences(*state.store, *state.catalogs.Get(), absences, who.Label(), only);
  if (!absence_verdicts.ok()) return StoreFailed(state, who, absence_verdicts.error());
  auto event_verdicts = state.intake.Take(items, who.Label(), only);
  if (!event_verdicts.ok()) return StoreFailed(state, who, event_verdicts.error());
  std::vector<daemon::EventVerdict> verdicts(pieces.value().size());
  for (size_t k = 0; k < event_at.size(); ++k) {
    verdicts[event_at[k]] = std::move(event_verdicts.value()[k]);
    // A CSV row that could not be read as an event still names it.
    if (verdicts[event_at[k]].event_id.empty()) {
      verdicts[event_at[k]].event_id = pieces.value()[event_at[k]].event_id;
    }
  }
  for (size_t k = 0; k < absence_at.size(); ++k) {
    verdicts[absence_at[k]] = std::move(absence_verdicts.value()[k]);
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  state.metrics.ObserveBatch(took.count());
  Reply reply;
  reply.body = VerdictsJson(verdicts, pieces.value(), state.metrics);
  return reply;
}

Reply GetEvents(ApiState& state, const Request& r) {
  const Principal& who = *r.principal;
  store::EventQuery q;
  auto get = [&r](const char* k) -> std::optional<std::string> {
    auto it = r.query.find(k);
    return it == r.query.end() || it->second.empty() ? std::nullopt : std::optional(it->second);
  };
  q.provider = get("provider");
  q.month = get("month");
  q.decision_id = get("decision_id");
  if (!who.may_read_all()) {
    if (q.provider && *q.provider != who.business_id) {
      return ErrorReply(403, "forbidden", "a provider may read only its own events");
    }
    q.provider = who.business_id;
  }
  if (q.month && !YearMonth::Parse(*q.month).ok()) {
    return ErrorReply(400, "bad_query", "month must be YYYY-MM");
  }
  try {
    if (auto after = get("after")) q.after_seq = std::stoll(*after);
    if (auto limit = get("limit")) q.limit = std::clamp(std::stoi(*limit), 1, 10000);
  } catch (const std::exception&) {
    return ErrorReply(400, "bad_query", "after and limit must be integers");
  }
  auto events = state.store->ListEvents(q);
  if (!events.ok()) {
    state.metrics.CountStoreError();
    return ErrorReply(events.error());
  }
  // An event in the review queue carries its review: the provider's view
  // of a wait, an approval or a refusal with its reason.
  store::ReviewQuery of_page;
  for (const store::StoredEvent& e : events.value()) of_page.event_ids.push_back(e.row.event_id);
  std::map<std::string, std::string> reviews;
  if (!of_page.event_ids.empty()) {
    auto found = state.store->ListReviews(of_page);
    if (!found.ok()) {
      state.metrics.CountStoreError();
      return ErrorReply(503, found.error());
    }
    for (const store::ReviewRecord& rv : found.value()) reviews[rv.event_id] = ReviewJson(rv);
  }
  std::string items;
  int64_t last = q.after_seq;
  for (const store::StoredEvent& e : events.value()) {
    if (!items.empty()) items += ',';
    items += "{\"seq\":" + std::to_string(e.seq) + ",\"received_at\":" + JsonQuote(e.received_at) +
             ",\"event\":" + e.row.body;
    if (auto rv = reviews.find(e.row.event_id); rv != reviews.end())
      items += ",\"review\":" + rv->second;
    items += "}";
    last = e.seq;
  }
  Reply reply;
  reply.body = "{\"events\":[" + items + "],\"next_after\":" + std::to_string(last) + "}";
  return reply;
}

}  // namespace seteli::api
