#include "daemon/event_intake.h"

#include "daemon/correction_filing.h"
#include "seteli/event_months.h"
#include "seteli/settle.h"

namespace seteli::daemon {
namespace {

EventVerdict Rejected(std::string id, std::string code, std::string message, std::string where) {
  return EventVerdict{std::move(id), "rejected", std::move(code), std::move(message),
                      std::move(where)};
}

std::string WhereOf(const Event& e) {
  return e.source.empty() ? "" : e.source + ":" + std::to_string(e.line);
}

store::EventRow RowOf(const Event& e, const Rulebook& rulebook, std::string body) {
  MonthSpan months = MonthsTouched(e, rulebook);
  return store::EventRow{
      e.id,
      e.provider,
      e.decision_id,
      e.service,
      months.first.ToString(),
      months.last.ToString(),
      e.start ? e.start->ToHelsinkiString() : (e.date ? e.date->ToString() : std::string()),
      e.recorded_at.ToHelsinkiString(),
      e.fingerprint,
      std::move(body)};
}

// Applies the checks that need no store; fills `verdicts` for the items
// that fail and returns the indexes of those still standing.
std::vector<size_t> CheckAll(std::vector<IntakeItem>& items, const Catalog& catalog,
                             const std::optional<std::string>& only_provider,
                             std::vector<EventVerdict>& verdicts) {
  std::vector<size_t> standing;
  SettleContext ctx = catalog.context();
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].event.ok()) {
      const Error& err = items[i].event.error();
      verdicts[i] = Rejected("", "malformed_event", err.message, err.where);
      continue;
    }
    const Event& e = items[i].event.value();
    if (only_provider && e.provider != *only_provider) {
      verdicts[i] =
          Rejected(e.id, "forbidden_provider",
                   "this token may only post events of provider " + *only_provider, WhereOf(e));
      continue;
    }
    if (auto rejection = CheckEvent(ctx, e)) {
      verdicts[i] = Rejected(e.id, rejection->code, rejection->message, WhereOf(e));
      continue;
    }
    standing.push_back(i);
  }
  return standing;
}

}  // namespace

Result<std::vector<EventVerdict>> EventIntake::Take(
    std::vector<IntakeItem>& items, const std::string& actor,
    const std::optional<std::string>& only_provider) const {
  std::shared_ptr<const Catalog> catalog = catalogs_->Get();
  std::vector<EventVerdict> verdicts(items.size());
  std::vector<size_t> checked = CheckAll(items, *catalog, only_provider, verdicts);
  std::vector<const Event*> events;
  std::vector<store::EventRow> filed;
  events.reserve(checked.size());
  filed.reserve(checked.size());
  for (size_t i : checked) {
    events.push_back(&items[i].event.value());
    filed.push_back(RowOf(items[i].event.value(), catalog->rulebook, std::move(items[i].body)));
  }
  auto corrections = FileCorrections(*store_, events, filed);
  if (!corrections.ok()) return corrections.error();
  std::vector<size_t> standing;
  std::vector<store::EventRow> rows;
  for (size_t k = 0; k < checked.size(); ++k) {
    if (const std::optional<Error>& why = corrections.value()[k]) {
      verdicts[checked[k]] = Rejected(events[k]->id, why->code, why->message, WhereOf(*events[k]));
      continue;
    }
    standing.push_back(checked[k]);
    rows.push_back(std::move(filed[k]));
  }
  if (rows.empty()) return verdicts;
  store::AuditEntry audit{actor, "events.append", std::to_string(rows.size()) + " events",
                          "first " + rows.front().event_id};
  auto stored = store_->AppendEvents(rows, audit);
  if (!stored.ok()) return stored.error();
  for (size_t k = 0; k < standing.size(); ++k) {
    const Event& e = items[standing[k]].event.value();
    switch (stored.value()[k]) {
      case store::Verdict::kAccepted:
        verdicts[standing[k]] = {e.id, "accepted", "", "", WhereOf(e)};
        break;
      case store::Verdict::kDuplicate:
        verdicts[standing[k]] = {e.id, "duplicate", "", "already stored with the same content",
                                 WhereOf(e)};
        break;
      case store::Verdict::kConflict:
        verdicts[standing[k]] =
            Rejected(e.id, "duplicate_conflict",
                     "event " + e.id + " was stored before with other content", WhereOf(e));
        break;
    }
  }
  return verdicts;
}

}  // namespace seteli::daemon
