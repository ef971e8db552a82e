// The self-billing invoice drafter the monthly run uses: draws up the
// Finvoice invoice of a settled provider-month for the outbox.
#ifndef SETELI_APP_SELF_BILLING_DRAFTER_H_
#define SETELI_APP_SELF_BILLING_DRAFTER_H_

#include "invoicing/monthly_run.h"

namespace seteli::app {

invoicing::SelfBillingDrafter MakeSelfBillingDrafter();

}  // namespace seteli::app

#endif  // SETELI_APP_SELF_BILLING_DRAFTER_H_
