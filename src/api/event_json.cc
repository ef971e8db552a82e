// Events in their stored form: the months they touch and, for events that
// did not arrive as JSON (CSV rows), a JSON object in the input format.
#include <Poco/JSON/Object.h>

#include <sstream>

#include "api/event_intake.h"

namespace seteli::api {

std::pair<std::string, std::string> MonthsTouched(const Event& e, const Rulebook& rulebook) {
  if (e.start && e.end) {
    Date first = ToHelsinki(*e.start).date;
    // The end instant itself belongs to the part before it.
    Instant last_second = *e.end > *e.start ? e.end->AddSeconds(-1) : *e.end;
    Date last = ToHelsinki(last_second).date;
    return {YearMonth::Of(first).ToString(), YearMonth::Of(std::max(first, last)).ToString()};
  }
  if (!e.date) {  // a void without a date: FileCorrections files it under its target's months
    std::string m = YearMonth::Of(ToHelsinki(e.recorded_at).date).ToString();
    return {m, m};
  }
  Date last = *e.date;
  const Service* s = rulebook.Find(e.service);
  if (s && s->unit == Unit::kDay && e.quantity && e.quantity->milli() > 1000) {
    last = e.date->AddDays(static_cast<int32_t>((e.quantity->milli() + 999) / 1000 - 1));
  }
  return {YearMonth::Of(*e.date).ToString(), YearMonth::Of(last).ToString()};
}

std::string EventToJson(const Event& e) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("event_id", e.id);
  o.set("provider", e.provider);
  if (!e.decision_id.empty()) o.set("decision_id", e.decision_id);
  if (!e.service.empty()) o.set("service", e.service);
  if (e.start) o.set("start", e.start->ToHelsinkiString());
  if (e.end) o.set("end", e.end->ToHelsinkiString());
  if (e.date) o.set("date", e.date->ToString());
  if (e.quantity) o.set("quantity", e.quantity->ToString());
  o.set("recorded_at", e.recorded_at.ToHelsinkiString());
  if (!e.worker.empty()) o.set("worker", e.worker);
  if (e.cancelled) o.set("cancelled", true);
  if (e.replaces) o.set("replaces", *e.replaces);
  if (e.voids) o.set("voids", *e.voids);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

}  // namespace seteli::api
