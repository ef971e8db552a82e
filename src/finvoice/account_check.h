// The payee account check of the organizer layer: an invoice is paid only
// into the account the provider registry has for its seller (`bank.iban`),
// so an invoice naming any other account (EpiAccountID, or any
// SellerAccountID) is refused with account_mismatch, and so is every
// invoice of a provider with no account registered. Without it, anyone who
// got an invoice accepted in a provider's name would be paid instead.
//
//   if (auto e = CheckPayeeAccount(fields, *provider)) out.errors.push_back(*e);
#ifndef SETELI_FINVOICE_ACCOUNT_CHECK_H_
#define SETELI_FINVOICE_ACCOUNT_CHECK_H_

#include <optional>
#include <string>
#include <string_view>

#include "finvoice/invoice_fields.h"
#include "finvoice/validation_report.h"
#include "seteli/provider.h"

namespace seteli::finvoice {

// An IBAN as compared: spaces dropped, letters in upper case, as a payment
// reference is compared (CompactReference).
std::string CompactIban(std::string_view text);

// account_mismatch for the first account of the invoice that is not the
// provider's registered IBAN (a missing EpiAccountID counts as another),
// or when the provider has none registered; nothing when all agree.
std::optional<InvoiceError> CheckPayeeAccount(const InvoiceFields& fields,
                                              const Provider& provider);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_ACCOUNT_CHECK_H_
