// The self-billing invoice drafter the monthly run uses: draws up the
// Finvoice invoice of a settled provider-month for the outbox.
#ifndef SETELI_APP_SELF_BILLING_DRAFTER_H_
#define SETELI_APP_SELF_BILLING_DRAFTER_H_

#include "invoicing/monthly_run.h"
#include "seteli/clock.h"

namespace seteli::app {

// The invoice's date and timestamp are read from `clock`, which outlives
// the drafter.
invoicing::SelfBillingDrafter MakeSelfBillingDrafter(const Clock& clock = SystemClock::Instance());

}  // namespace seteli::app

#endif  // SETELI_APP_SELF_BILLING_DRAFTER_H_
