// Taking events in: the one path shared by `POST /v1/events` and
// `seteli ingest`. Each event gets a verdict at once: checked against the
// catalog with the settlement core's static checks (so an event accepted
// now is never rejected later for those reasons), then appended to the
// store with the rest of its batch in one transaction.
//
//   EventIntake intake(&store, &catalogs);
//   std::vector<Verdict> v = intake.Take(items, actor, only_provider).value();
#ifndef SETELI_DAEMON_EVENT_INTAKE_H_
#define SETELI_DAEMON_EVENT_INTAKE_H_

#include <optional>
#include <string>
#include <vector>

#include "daemon/catalog.h"
#include "seteli/event.h"
#include "seteli/status.h"
#include "store/event_store.h"

namespace seteli::daemon {

// One event to take in: parsed, or the reason it could not be; `body` is
// its JSON as it arrived (for CSV, as written by EventToJson).
struct IntakeItem {
  Result<Event> event = Error{"malformed_event", "empty", ""};
  std::string body;
};

struct EventVerdict {
  std::string event_id;  // empty when the event could not be read
  std::string status;    // "accepted", "duplicate" or "rejected"
  std::string code;      // for "rejected": the domain code
  std::string message;
  std::string where;     // "file:line" or "body:N" where known
  bool absence = false;  // of an absence record: event_id is its absence_id
};

class EventIntake {
 public:
  EventIntake(store::EventStore* store, const CatalogHolder* catalogs)
      : store_(store), catalogs_(catalogs) {}

  // One verdict per item, in order. `only_provider`, when set, is the
  // caller's business ID: events for any other provider are rejected
  // (forbidden_provider). Fails only when the store does (nothing of the
  // batch is then stored).
  Result<std::vector<EventVerdict>> Take(std::vector<IntakeItem>& items, const std::string& actor,
                                         const std::optional<std::string>& only_provider) const;

 private:
  store::EventStore* store_;
  const CatalogHolder* catalogs_;
};

// The event as a JSON object in the input format.
std::string EventToJson(const Event& e);

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_EVENT_INTAKE_H_
