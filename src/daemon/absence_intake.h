// Taking housing absences in with the events: `POST /v1/events` accepts
// `{"absence_id", "decision_id", "from", "to?"}` lines among its events, as
// the contract's event stream and `seteli ingest` do. An absence is stored
// by its ID: the same absence_id again (typically with the end date that
// was open before) replaces the earlier record. Absences touch no event
// row: every monthly run reads them whole, with their days, so one
// recorded after a month's run gives prior-period lines in the next.
//
//   std::vector<EventVerdict> v = TakeAbsences(store, catalog, items, actor, only).value();
#ifndef SETELI_DAEMON_ABSENCE_INTAKE_H_
#define SETELI_DAEMON_ABSENCE_INTAKE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/catalog.h"
#include "daemon/event_intake.h"
#include "seteli/decision.h"
#include "store/registry_store.h"

namespace seteli::daemon {

// One absence to take in: parsed, or why it could not be (the rejection,
// code malformed_event), with where it came from ("body:3").
struct AbsenceItem {
  std::optional<Absence> absence;
  std::optional<Rejection> malformed;
  std::string where;
};

// Whether a piece of a request body is an absence record rather than an
// event (it names "absence_id"): cheap, without parsing it.
bool LooksLikeAbsence(std::string_view json);

// Parses one absence record (a JSON object); `line` for the messages.
// Nothing when it is an event after all (one that only mentions
// "absence_id" in a value).
std::optional<AbsenceItem> ParseAbsenceItem(std::string_view json, int line);

// One verdict per item, in order (EventVerdict::absence set): accepted
// (stored now, replacing any earlier record of its ID) or rejected with
// malformed_event, unknown_decision, or forbidden_provider (with
// `only_provider`, a decision that does not name that provider). The
// accepted ones are stored in one transaction; fails only when the store
// does (nothing is then stored).
Result<std::vector<EventVerdict>> TakeAbsences(store::RegistryStore& store, const Catalog& catalog,
                                               const std::vector<AbsenceItem>& items,
                                               const std::string& actor,
                                               const std::optional<std::string>& only_provider);

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_ABSENCE_INTAKE_H_
