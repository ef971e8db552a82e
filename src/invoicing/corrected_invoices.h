// The self-billing invoices a provider-month's corrections correct: for
// each earlier month its prior-period rows correct, the invoice number
// that month's settlement was given. A credit note names them
// (Finvoice OriginalInvoiceNumber), as the VAT Act asks of a document
// that corrects an invoice.
//
//   auto invoices = CorrectedInvoices(store, "3456780-6", rows);
//   // {{2024-05, 17}}: IL-000017 invoiced May
#ifndef SETELI_INVOICING_CORRECTED_INVOICES_H_
#define SETELI_INVOICING_CORRECTED_INVOICES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "outbound/self_billing_rows.h"
#include "seteli/date.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::invoicing {

struct CorrectedInvoice {
  YearMonth month;
  int64_t number = 0;  // the provider's self-billing series
};

// Oldest month first; a corrected month without a self-billing invoice
// (held, or before the provider chose self-billing) is left out. Errors:
// the store's.
Result<std::vector<CorrectedInvoice>> CorrectedInvoices(
    store::SettlementStore& store, const std::string& provider,
    const std::vector<outbound::internal::InvoiceRowGroup>& rows);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_CORRECTED_INVOICES_H_
