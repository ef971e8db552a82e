// GET /v1/decisions/{id}/balance?month=YYYY-MM: a balance decision's month
// (opening, accrued, used, remaining), settled from the stored events.
#include "api/routes.h"
#include "formats/events_input.h"

namespace seteli::api {
namespace {

Result<std::vector<Event>> EventsOfDecision(store::EventStore& store, const std::string& id) {
  std::vector<Event> events;
  store::EventQuery q;
  q.decision_id = id;
  q.limit = 10000;
  for (;;) {
    auto page = store.ListEvents(q);
    if (!page.ok()) return page.error();
    for (const store::StoredEvent& s : page.value()) {
      auto e = formats::ParseEventJson(s.row.body, "store", static_cast<int>(s.seq));
      if (e.ok()) events.push_back(std::move(e).value());
    }
    if (static_cast<int>(page.value().size()) < q.limit) return events;
    q.after_seq = page.value().back().seq;
  }
}

}  // namespace

Reply GetBalance(ApiState& state, const Request& r, const std::string& decision_id) {
  std::shared_ptr<const daemon::Catalog> catalog = state.catalogs.Get();
  const Decision* d = catalog->decisions.Find(decision_id);
  if (!d) return ErrorReply(404, "unknown_decision", "no decision " + decision_id);
  if (!r.principal->may_read_all() && !d->Chose(r.principal->business_id)) {
    return ErrorReply(403, "forbidden", "the decision does not name this provider");
  }
  if (!d->balance) return ErrorReply(404, "not_a_balance", decision_id + " holds no balance");
  auto it = r.query.find("month");
  if (it == r.query.end()) return ErrorReply(400, "bad_query", "month=YYYY-MM is required");
  auto month = YearMonth::Parse(it->second);
  if (!month.ok()) return ErrorReply(400, "bad_query", "month must be YYYY-MM");
  auto events = EventsOfDecision(*state.store, decision_id);
  if (!events.ok()) return ErrorReply(events.error());
  MonthSettlement settled = SettleMonth(catalog->context(), events.value(), month.value());
  for (const BalanceStatement& b : settled.balances) {
    if (b.decision_id != decision_id) continue;
    Reply reply;
    reply.body = "{\"decision_id\":" + JsonQuote(decision_id) + ",\"client\":" + JsonQuote(b.client) +
                 ",\"month\":" + JsonQuote(b.month.ToString()) + ",\"opening\":" +
                 JsonQuote(b.opening.ToString()) + ",\"accrued\":" + JsonQuote(b.accrual.ToString()) +
                 ",\"used\":" + JsonQuote(b.used.ToString()) + ",\"remaining\":" +
                 JsonQuote(b.closing.ToString()) + ",\"suspension_days\":" +
                 std::to_string(b.suspension_days) + "}";
    return reply;
  }
  return ErrorReply(404, "no_balance_statement", "no statement for " + it->second);
}

}  // namespace seteli::api
