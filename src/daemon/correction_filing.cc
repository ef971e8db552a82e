#include "daemon/correction_filing.h"

#include <algorithm>
#include <unordered_map>

namespace seteli::daemon {
namespace {

const std::optional<std::string>& TargetOf(const Event& e) {
  return e.voids ? e.voids : e.replaces;
}

// Where a correction's target is filed.
struct TargetFiling {
  std::string provider;
  std::string decision_id;
  std::string month_from;
  std::string month_to;
};

// The targets of the batch's corrections that are stored, by event ID.
Result<std::unordered_map<std::string, TargetFiling>> StoredTargets(
    store::EventStore& store, std::span<const Event* const> events) {
  std::vector<std::string> ids;
  for (const Event* e : events) {
    if (TargetOf(*e)) ids.push_back(*TargetOf(*e));
  }
  std::unordered_map<std::string, TargetFiling> out;
  if (ids.empty()) return out;
  auto stored = store.EventsById(ids);
  if (!stored.ok()) return stored.error();
  for (const store::StoredEvent& s : stored.value()) {
    out[s.row.event_id] = {s.row.provider, s.row.decision_id, s.row.month_from, s.row.month_to};
  }
  return out;
}

}  // namespace

Result<std::vector<std::optional<Error>>> FileCorrections(store::EventStore& store,
                                                          std::span<const Event* const> events,
                                                          std::span<store::EventRow> rows) {
  auto stored = StoredTargets(store, events);
  if (!stored.ok()) return stored.error();
  // The batch's events filed so far: a target may come earlier in the
  // batch. A stored event of the same ID is the one that counts (the
  // batch's is then a resend or a conflict).
  std::unordered_map<std::string, TargetFiling> earlier;
  std::vector<std::optional<Error>> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Event& e = *events[i];
    store::EventRow& row = rows[i];
    if (const std::optional<std::string>& target = TargetOf(e)) {
      auto it = stored.value().find(*target);
      if (it == stored.value().end()) it = earlier.find(*target);
      if (it == earlier.end()) {
        out[i] = Error{"unknown_correction_target",
                       "korjattavaa tapahtumaa " + *target + " ei ole tallennettu; " + e.id +
                           " ei muuta mitään / event " + *target + ", which " + e.id +
                           " corrects, is not stored: nothing changes"};
        continue;
      }
      const TargetFiling& t = it->second;
      if (t.provider != e.provider) {
        out[i] =
            Error{"foreign_correction_target",
                  "korjattavan tapahtuman " + *target + " on kirjannut toinen palveluntuottaja; " +
                      e.id + " ei muuta mitään / event " + *target + ", which " + e.id +
                      " corrects, was recorded by another provider: nothing changes"};
        continue;
      }
      if (e.voids) {
        row.decision_id = t.decision_id;  // settles with what it voids
        row.month_from = t.month_from;
        row.month_to = t.month_to;
      } else {
        row.month_from = std::min(row.month_from, t.month_from);
        row.month_to = std::max(row.month_to, t.month_to);
      }
    }
    earlier.try_emplace(row.event_id,
                        TargetFiling{row.provider, row.decision_id, row.month_from, row.month_to});
  }
  return out;
}

}  // namespace seteli::daemon
