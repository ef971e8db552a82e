// Releasing a held settlement: a finance action with a reason. The
// settlement becomes settled; a self-billing provider's invoice is drawn up
// and queued in the same transaction, with the next number of its series.
#ifndef SETELI_INVOICING_RELEASE_H_
#define SETELI_INVOICING_RELEASE_H_

#include <optional>
#include <string>

#include "invoicing/monthly_run.h"

namespace seteli::invoicing {

// Returns the self-billing invoice number when one was drawn up. Errors:
// failed_precondition (not held), not_found, the drafter's reason when the
// invoice still cannot be drawn up (the settlement then stays held), and
// the store's.
Result<std::optional<int64_t>> ReleaseHeld(store::Store& store, const SettleContext& ctx,
                                           const SelfBillingDrafter& drafter,
                                           const std::string& provider, YearMonth month,
                                           const std::string& reason, const std::string& actor);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_RELEASE_H_
