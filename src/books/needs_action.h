// What needs finance's action in a month, first on the month page and in
// GET /v1/months/{month}: held settlements and why, providers whose
// invoices were all rejected or never came (with the amounts), events
// waiting for review, self-billing invoices not yet delivered, notices of
// rejected invoices that reached no one, and other outbox messages that
// failed. The month reconciles only when this is empty (and the books
// check passes); docs/finance.md says what finance does about each.
//
//   NeedsAction n = FindNeedsAction(exports::ReconciliationRows(books), activity);
//   if (n.count() == 0) ...;
#ifndef SETELI_BOOKS_NEEDS_ACTION_H_
#define SETELI_BOOKS_NEEDS_ACTION_H_

#include <cstddef>
#include <string>
#include <vector>

#include "books/month_activity.h"
#include "export/reconciliation_export.h"
#include "seteli/money.h"

namespace seteli::books {

struct HeldItem {
  std::string business_id;
  std::string name;
  Money voucher_total;
  std::string reason;
};

// A provider whose invoice is rejected (`invoices` its rejected ones) or
// missing (none came and the engine does not invoice for it).
struct InvoiceGap {
  std::string business_id;
  std::string name;
  std::string reference;
  Money voucher_total;  // what the invoice should come to
  struct Rejected {
    std::string number;
    Money total;
    std::vector<std::string> codes;
  };
  std::vector<Rejected> invoices;
};

// An outbox message not delivered: its ID (for `seteli outbox --requeue`),
// kind, provider, subject (the invoice number), state (queued or failed),
// attempts and last error.
struct MessageGap {
  std::string message_id;
  std::string business_id;
  std::string kind;
  std::string subject;
  std::string state;
  int attempts = 0;
  std::string last_error;
};

struct NeedsAction {
  std::vector<HeldItem> held;
  std::vector<InvoiceGap> rejected_invoices;
  std::vector<InvoiceGap> missing_invoices;
  int review_queue = 0;
  std::vector<MessageGap> self_billing_undelivered;  // queued or failed
  std::vector<UndeliveredNotice> notices_undelivered;
  std::vector<MessageGap> outbox_failures;  // failed, other than self-billing

  // How many items are open (the review queue counts its events).
  size_t count() const;
};

NeedsAction FindNeedsAction(const std::vector<exports::ReconciliationRow>& rows,
                            const MonthActivity& activity);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_NEEDS_ACTION_H_
