#include "api/review_routes.h"

#include <Poco/JSON/Object.h>

#include "api/routes.h"
#include "formats/strict_json.h"
#include "invoicing/review_decision.h"

namespace seteli::api {
namespace {

Reply GetReview(ApiState& state, const Request& r) {
  const std::string month = QueryParam(r, "month");
  if (auto bad = InvalidMonth(month)) return *bad;
  std::string want = QueryParam(r, "state");
  if (want.empty()) want = store::kReviewPending;
  if (want != store::kReviewPending && want != store::kReviewApproved &&
      want != store::kReviewRefused && want != "all") {
    return ErrorReply(400, "bad_query", "state is pending, approved, refused or all");
  }
  auto reviews = state.store->ListReviews({month, want == "all" ? "" : want, ListedProvider(r)});
  if (!reviews.ok()) return StoreFailure(state, reviews.error(), 503);
  std::string items;
  for (const store::ReviewRecord& rv : reviews.value()) {
    items += (items.empty() ? "" : ",") + ReviewJson(rv);
  }
  Reply reply;
  reply.body = "{\"month\":" + JsonQuote(month) + ",\"state\":" + JsonQuote(want) +
               ",\"count\":" + std::to_string(reviews.value().size()) + ",\"reviews\":[" + items +
               "]}";
  return reply;
}

Reply PostReview(ApiState& state, const Request& r, const std::string& event_id) {
  std::string decision, reason_code, text;
  try {
    auto body = formats::ParseStrictJson(r.body).extract<Poco::JSON::Object::Ptr>();
    decision = body->optValue<std::string>("decision", "");
    reason_code = body->optValue<std::string>("reason_code", "");
    text = body->optValue<std::string>("text", "");
  } catch (const std::exception&) {
    return ErrorReply(400, "invalid_json",
                      "expected {\"decision\": \"approve\"|\"refuse\", \"reason_code\", \"text\"}");
  }
  auto decided = invoicing::DecideReview(*state.store, event_id, decision, reason_code, text,
                                         r.principal->Label());
  if (!decided.ok()) {
    return Refused(state, ReviewErrorStatus(decided.error().code), decided.error());
  }
  Reply reply;
  reply.body = ReviewJson(decided.value());
  return reply;
}

}  // namespace

int ReviewErrorStatus(const std::string& code) {
  if (code == "not_found") return 404;
  if (code == "failed_precondition") return 409;
  return code.rfind("store_", 0) == 0 ? 503 : 400;
}

std::string ReviewJson(const store::ReviewRecord& rv) {
  std::string flags;
  for (size_t from = 0; from < rv.flags.size();) {
    size_t comma = rv.flags.find(',', from);
    if (comma == std::string::npos) comma = rv.flags.size();
    flags += (flags.empty() ? "" : ",") + JsonQuote(rv.flags.substr(from, comma - from));
    from = comma + 1;
  }
  std::string s =
      "{\"event_id\":" + JsonQuote(rv.event_id) + ",\"provider\":" + JsonQuote(rv.provider) +
      ",\"decision_id\":" + JsonQuote(rv.decision_id) + ",\"month\":" + JsonQuote(rv.month) +
      ",\"flags\":[" + flags + "],\"state\":" + JsonQuote(rv.state) +
      ",\"queued_at\":" + JsonQuote(rv.queued_at) + ",\"run_id\":" + JsonQuote(rv.run_id);
  if (rv.state != store::kReviewPending) {
    s += ",\"reason_code\":" + JsonQuote(rv.reason_code) + ",\"text\":" + JsonQuote(rv.text) +
         ",\"decided_by\":" + JsonQuote(rv.decided_by) +
         ",\"decided_at\":" + JsonQuote(rv.decided_at);
  }
  return s + "}";
}

std::optional<Reply> RouteReview(ApiState& state, const Request& r) {
  const std::string prefix = "/v1/review";
  if (r.path.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = r.path.substr(prefix.size());
  if (!rest.empty() &&
      (rest[0] != '/' || rest.size() == 1 || rest.find('/', 1) != std::string::npos)) {
    return std::nullopt;
  }
  // A provider reads the reviews of its own events (it is told what was
  // refused and why); deciding is finance's.
  const bool own_reads = rest.empty() && r.method == "GET" && r.principal->role == Role::kProvider;
  if (!r.principal->may_read_all() && !own_reads) {
    return ErrorReply(403, "forbidden", "the review queue is finance's (finance or admin role)");
  }
  if (rest.empty()) {
    if (r.method == "GET") return Tagged(GetReview(state, r), "review");
  } else if (r.method == "POST") {
    return Tagged(PostReview(state, r, rest.substr(1)), "review_decision");
  }
  return ErrorReply(405, "method_not_allowed", r.method + " is not allowed on " + r.path);
}

}  // namespace seteli::api
