// A correction (`replaces`, `voids`) belongs to the month of the service it
// corrects, not to the month it is recorded in (docs/monthly-run.md,
// "Corrections and the month they belong to"). The store files an event by
// the months in its row, so on the way in a void is filed under its
// target's months and decision, and a replacement under its own months and
// its target's: the run of the target's month then reads it while that
// month is open, and a later run turns it into prior-period lines once the
// month is closed. A correction of an event that is not stored (nor earlier
// in the same batch), or that another provider recorded, changes nothing:
// it is rejected, saying so.
//
//   std::vector<std::optional<Error>> why = FileCorrections(store, events, rows).value();
#ifndef SETELI_DAEMON_CORRECTION_FILING_H_
#define SETELI_DAEMON_CORRECTION_FILING_H_

#include <optional>
#include <span>
#include <vector>

#include "seteli/event.h"
#include "seteli/status.h"
#include "store/event_store.h"

namespace seteli::daemon {

// `rows[i]` is `events[i]` as it is to be stored, in the batch's order.
// Sets each correction's months (and a void's decision) from its target's
// row; returns per row the rejection of a correction whose target is
// unknown or another provider's (codes unknown_correction_target,
// foreign_correction_target), nothing for the others. Fails only when the
// store does.
Result<std::vector<std::optional<Error>>> FileCorrections(store::EventStore& store,
                                                          std::span<const Event* const> events,
                                                          std::span<store::EventRow> rows);

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_CORRECTION_FILING_H_
