// Events as the store keeps them, read back as the core's events, in the
// order they were received (which is what "earlier" means for duplicates
// and corrections).
#ifndef SETELI_INVOICING_STORED_EVENTS_H_
#define SETELI_INVOICING_STORED_EVENTS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "seteli/decision.h"
#include "seteli/event.h"
#include "store/store.h"

namespace seteli::invoicing {

struct StoredEventSet {
  std::vector<Event> events;
  std::set<YearMonth> months;  // every month an event touches
};

// The events that start by the end of `last`, read page by page. A stored
// body that no longer parses is an error: the store is corrupt.
Result<StoredEventSet> LoadStoredEvents(store::EventStore& store, YearMonth last);

// The store's housing absences, by decision ID, in the store's order.
Result<std::map<std::string, std::vector<Absence>>> LoadAbsencesByDecision(store::RegistryStore& store);

// `decisions` with the store's housing absences added.
Result<DecisionBook> LoadStoredAbsences(store::RegistryStore& store, const DecisionBook& decisions);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_STORED_EVENTS_H_
