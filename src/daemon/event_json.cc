// Events in their stored form: for events that did not arrive as JSON (CSV
// rows), a JSON object in the input format.
#include <Poco/JSON/Object.h>

#include <sstream>

#include "daemon/event_intake.h"

namespace seteli::daemon {

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

}  // namespace seteli::daemon
