// How `seteli settle` divides a file's events so that it settles one group
// of clients at a time: as the monthly run does (invoicing/event_groups.h),
// into groups that nothing connects. Caps are per client, grants per
// decision, balances per decision, so a client's decisions settle together;
// a correction settles with the event it corrects, and events that share
// an ID (a resend or a conflict) settle together. Settling each group on
// its own then gives exactly its part of settling every event at once.
//
//   ClientGroups groups = PlanClientGroups(file.events, decisions);
//   for (const ClientGroup& g : groups.groups) ...
#ifndef SETELI_SETTLING_CLIENT_GROUPS_H_
#define SETELI_SETTLING_CLIENT_GROUPS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "formats/packed_events.h"
#include "seteli/decision.h"

namespace seteli::settling {

struct ClientGroup {
  // Its decision IDs, sorted: those in the book (also without events, for
  // their balance statements) and those its events name.
  std::vector<std::string_view> decision_ids;
  std::vector<uint32_t> events;  // indexes into the packed events, in input order
};

struct ClientGroups {
  std::vector<ClientGroup> groups;  // by their first decision ID
  // Per event: its ID is another event's too, so its fingerprint tells a
  // harmless resend from a conflict.
  std::vector<bool> shared_id;
};

// The views point into `events` and `decisions`, which must outlive the
// result.
ClientGroups PlanClientGroups(const formats::PackedEvents& events, const DecisionBook& decisions);

}  // namespace seteli::settling

#endif  // SETELI_SETTLING_CLIENT_GROUPS_H_
