#include "books/needs_action.h"

#include <algorithm>

namespace seteli::books {
namespace {

using exports::ReconciliationStatus;

constexpr char kSelfBillingInvoice[] = "self_billing_invoice";

InvoiceGap GapOf(const exports::ReconciliationRow& r) {
  InvoiceGap g{r.provider, r.provider_name, r.reference, r.voucher_total, {}};
  for (const exports::ReceivedInvoice* i : r.invoices) {
    if (i->status != exports::InvoiceStatus::kRejected) continue;
    // A code found at several places of one invoice is named once.
    std::vector<std::string> codes;
    for (const std::string& c : i->rejection_codes) {
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    }
    g.invoices.push_back({i->number, i->total, std::move(codes)});
  }
  return g;
}

MessageGap GapOf(const store::OutboxMessage& m) {
  return {m.message_id, m.provider, m.kind, m.subject, m.state, m.attempts, m.last_error};
}

}  // namespace

size_t NeedsAction::count() const {
  return held.size() + rejected_invoices.size() + missing_invoices.size() +
         static_cast<size_t>(review_queue) + self_billing_undelivered.size() +
         notices_undelivered.size() + outbox_failures.size();
}

NeedsAction FindNeedsAction(const std::vector<exports::ReconciliationRow>& rows,
                            const MonthActivity& activity) {
  NeedsAction n;
  for (const exports::ReconciliationRow& r : rows) {
    switch (r.status) {
      case ReconciliationStatus::kHeld:
        n.held.push_back({r.provider, r.provider_name, r.voucher_total, r.held_reason});
        break;
      case ReconciliationStatus::kRejected:
        n.rejected_invoices.push_back(GapOf(r));
        break;
      case ReconciliationStatus::kMissing:
        n.missing_invoices.push_back(GapOf(r));
        break;
      case ReconciliationStatus::kAccepted:
      case ReconciliationStatus::kSelfBilled:
        break;
    }
  }
  n.review_queue = activity.review_queue;
  // A queued notice waits like a queued invoice, but only a failed one
  // needs a person: the sender retries the rest.
  for (const store::OutboxMessage& m : activity.unsent) {
    if (m.kind == kSelfBillingInvoice) {
      n.self_billing_undelivered.push_back(GapOf(m));
    } else if (m.state == store::kOutboxFailed) {
      n.outbox_failures.push_back(GapOf(m));
    }
  }
  n.notices_undelivered = activity.undelivered_notices;
  return n;
}

}  // namespace seteli::books
