// How the monthly run divides the stored events so that it never holds a
// month in memory: into groups of clients that nothing connects. Caps are
// per client, service and month, grants per decision and month, balances
// per decision (docs/rules.md), so settling a group on its own gives exactly
// its part of settling everything at once. What else can connect two
// clients' events is a correction (replaces/voids) of an event recorded
// under another client's decision; such clients share a group. Event IDs
// are unique in the store, so duplicates connect nothing.
//
//   auto plan = PlanEventGroups(store, decisions, YearMonth(2024, 5));
//   for (const EventBatch& b : plan.value().batches)
//     auto events = LoadBatch(store, plan.value(), b, YearMonth(2024, 5));
#ifndef SETELI_INVOICING_EVENT_GROUPS_H_
#define SETELI_INVOICING_EVENT_GROUPS_H_

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "seteli/decision.h"
#include "seteli/event.h"
#include "store/store.h"

namespace seteli::invoicing {

struct EventGroup {
  std::vector<std::string> decision_ids;  // sorted; decisions with events
  std::set<YearMonth> months;             // every month its events touch
};

// Consecutive groups read with one query.
struct EventBatch {
  size_t first = 0;  // index into EventPlan::groups
  size_t count = 0;
  std::vector<std::string> decision_ids;
};

struct EventPlan {
  std::vector<EventGroup> groups;  // by their first decision ID
  std::vector<EventBatch> batches;
  std::unordered_map<std::string, size_t> group_of;  // decision ID -> group
  std::set<YearMonth> months;                        // every month any event touches
};

// Plans the groups of the events that start by the end of `last` from the
// store's per-decision counts and its correction events, without reading
// the other events' bodies. A correction that no longer parses is an error
// (store_corrupt).
Result<EventPlan> PlanEventGroups(store::Store& store, const DecisionBook& decisions, YearMonth last);

// The events of a batch, each group's in the order they were received.
Result<std::vector<std::vector<Event>>> LoadBatch(store::Store& store, const EventPlan& plan,
                                                  const EventBatch& batch, YearMonth last);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_EVENT_GROUPS_H_
