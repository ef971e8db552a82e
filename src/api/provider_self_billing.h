// The self-billing invoices the organizer drew up in a provider's name,
// for its "Invoices" page (docs/providers.md): a provider on self-billing
// sends no invoices of its own, so this is where it sees what it was
// invoiced as and for how much.
#ifndef SETELI_API_PROVIDER_SELF_BILLING_H_
#define SETELI_API_PROVIDER_SELF_BILLING_H_

#include <string>

#include "api/api_state.h"

namespace seteli::api {

// A section listing `provider`'s self-billing invoices, newest month
// first (month, invoice number, reference, amount, a link to the month's
// statement); "" when it has none.
std::string SelfBillingInvoicesHtml(ApiState& state, const std::string& provider);

}  // namespace seteli::api

#endif  // SETELI_API_PROVIDER_SELF_BILLING_H_
