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

#include <optional>
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
  // Some event starts before the planned month and runs into it.
  bool runs_into_last = false;
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
  // Per decision, how many of its events start by the planned month and
  // how many of them before it.
  std::unordered_map<std::string, int64_t> events_through, events_before;
  // The same for one decision: 0 for one with no events.
  int64_t EventsThrough(const std::string& decision_id) const;
  int64_t EventsBefore(const std::string& decision_id) const;
  // Correction event ID -> the stored event it replaces or voids, and back.
  std::unordered_map<std::string, std::string> corrects;
  std::unordered_multimap<std::string, std::string> corrected_by;
};

// A batch's events at most (unless one group has more): few enough to keep
// the run's memory small, as the run holds two batches at a time.
constexpr int64_t kBatchEvents = 20000;

// Plans the groups of the events that start by the end of `last` from the
// store's per-decision counts and its correction events, without reading
// the other events' bodies, in batches of up to `batch_events` events. A
// correction that no longer parses is an error (store_corrupt).
Result<EventPlan> PlanEventGroups(store::EventStore& store, const DecisionBook& decisions, YearMonth last,
                                  int64_t batch_events = kBatchEvents);

// Stored events parsed and sorted to their groups (indexes into
// plan.groups), each group's in the order given. A body that does not
// parse is store_corrupt.
Result<std::unordered_map<size_t, std::vector<Event>>> GroupEvents(
    const EventPlan& plan, const std::vector<store::StoredEvent>& rows);

// The events of `groups` (indexes into plan.groups), each group's in the
// order they were received: those that start by the end of `last` and, with
// `first`, end in `first` or later.
Result<std::vector<std::vector<Event>>> LoadGroups(store::EventStore& store, const EventPlan& plan,
                                                   const std::vector<size_t>& groups, YearMonth last,
                                                   std::optional<YearMonth> first);

// Whether `events`, the events of a group that end in the planned month or
// later, settle that month as the group's whole history would: no event
// among them corrects a stored event that is not among them, and none is
// corrected by one that is not.
bool CorrectionsWithin(const EventPlan& plan, const std::vector<Event>& events);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_EVENT_GROUPS_H_
