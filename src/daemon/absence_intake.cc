#include "daemon/absence_intake.h"

#include <algorithm>

#include "formats/events_input.h"

namespace seteli::daemon {
namespace {

EventVerdict AbsenceVerdict(const std::string& id, std::string status, std::string code,
                            std::string message, std::string where) {
  EventVerdict v{id, std::move(status), std::move(code), std::move(message), std::move(where)};
  v.absence = true;
  return v;
}

// Why `a` may not be stored, if it may not.
std::optional<EventVerdict> Refusal(const Absence& a, const Catalog& catalog,
                                    const std::optional<std::string>& only_provider,
                                    const std::string& where) {
  const Decision* d = catalog.decisions.Find(a.decision_id);
  if (!d) {
    return AbsenceVerdict(
        a.id, "rejected", "unknown_decision",
        "päätöstä " + a.decision_id + " ei ole / no such decision: " + a.decision_id, where);
  }
  if (only_provider &&
      std::find(d->providers.begin(), d->providers.end(), *only_provider) == d->providers.end()) {
    return AbsenceVerdict(a.id, "rejected", "forbidden_provider",
                          "päätös " + a.decision_id + " ei nimeä palveluntuottajaa " +
                              *only_provider + " / decision " + a.decision_id +
                              " does not name provider " + *only_provider,
                          where);
  }
  return std::nullopt;
}

}  // namespace

bool LooksLikeAbsence(std::string_view json) {
  return json.find("\"absence_id\"") != std::string_view::npos;
}

std::optional<AbsenceItem> ParseAbsenceItem(std::string_view json, int line) {
  // The stream reader takes one record a line: a pretty-printed array
  // element is put on one (a line break in JSON is only ever whitespace
  // outside strings, and invalid inside them).
  std::string one(json);
  std::replace_if(
      one.begin(), one.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  formats::EventStream stream = formats::ParseEventLines(one, "body", line);
  if (!stream.events.empty()) return std::nullopt;
  AbsenceItem item;
  item.where = "body:" + std::to_string(line);
  if (stream.absences.size() == 1) {
    item.absence = std::move(stream.absences.front());
  } else if (!stream.malformed.empty()) {
    item.malformed = std::move(stream.malformed.front());
  } else {
    item.malformed =
        Rejection{"", "malformed_event", item.where + ": not an absence record", "body", line};
  }
  return item;
}

Result<std::vector<EventVerdict>> TakeAbsences(store::RegistryStore& store, const Catalog& catalog,
                                               const std::vector<AbsenceItem>& items,
                                               const std::string& actor,
                                               const std::optional<std::string>& only_provider) {
  std::vector<EventVerdict> verdicts;
  std::vector<store::AbsenceRow> rows;
  for (const AbsenceItem& item : items) {
    if (!item.absence) {
      verdicts.push_back(AbsenceVerdict(item.malformed->event_id, "rejected", item.malformed->code,
                                        item.malformed->message, item.where));
      continue;
    }
    const Absence& a = *item.absence;
    if (auto refused = Refusal(a, catalog, only_provider, item.where)) {
      verdicts.push_back(std::move(*refused));
      continue;
    }
    rows.push_back(
        {a.id, a.decision_id, a.days.from.ToString(), a.days.to ? a.days.to->ToString() : ""});
    verdicts.push_back(AbsenceVerdict(a.id, "accepted", "", "", item.where));
  }
  if (rows.empty()) return verdicts;
  auto stored =
      store.PutAbsences(rows, {actor, "absences.put", std::to_string(rows.size()) + " absences",
                               "first " + rows.front().absence_id});
  if (!stored.ok()) return stored.error();
  return verdicts;
}

}  // namespace seteli::daemon
