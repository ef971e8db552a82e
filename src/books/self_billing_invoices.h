// The self-billing invoices of a month as the outbox keeps them: for the
// purchase ledger, each one's number, dates and total.
//
//   auto issued = LoadSelfBillingInvoices(store, YearMonth(2024, 5));
//   books.self_billing_invoices = std::move(issued).value();
//
// The run queues each invoice it draws up (outbound/self_billing_invoice.h)
// as an outbox message of kind self_billing_invoice whose subject is the
// invoice number; the message is kept once sent. Its date, due date and
// total are read from the document's InvoiceDate, InvoiceDueDate and
// InvoiceTotalVatIncludedAmount; one it lacks is left unknown.
#ifndef SETELI_BOOKS_SELF_BILLING_INVOICES_H_
#define SETELI_BOOKS_SELF_BILLING_INVOICES_H_

#include <string>
#include <vector>

#include "export/month_books.h"
#include "seteli/date.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::books {

// By provider, in outbox order. Errors: the store's.
Result<std::vector<exports::IssuedInvoice>> LoadSelfBillingInvoices(store::OutboxStore& store,
                                                                    YearMonth month);

// What the books read of one drawn-up document (exposed for tests).
exports::IssuedInvoice IssuedInvoiceOf(const store::OutboxMessage& m);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_SELF_BILLING_INVOICES_H_
