#include "store/invoice_acceptance.h"

namespace seteli::store {

Result<Credit> ApplyCredit(int64_t invoice_cents, int64_t credited_cents, int64_t credit_cents) {
  int64_t remaining = invoice_cents + credited_cents;
  if (-credit_cents > remaining) {
    return Error{"credit_exceeds_invoice", "the credit note exceeds what is left of the invoice",
                 ""};
  }
  Credit c;
  c.credited_cents = credited_cents + credit_cents;
  c.cancels = invoice_cents + c.credited_cents == 0;
  return c;
}

namespace {

Result<Credit> CreditOf(const InvoiceRecord& note, const std::optional<InvoiceRecord>& original) {
  if (!original || original->type != kTypeInvoice) {
    return Error{
        "unknown_original_invoice",
        "no accepted invoice " + note.original_invoice_number + " of seller " + note.seller, ""};
  }
  auto credit = ApplyCredit(original->total_cents.value_or(0), original->credited_cents,
                            note.total_cents.value_or(0));
  if (!credit.ok()) {
    return Error{"credit_exceeds_invoice",
                 "the credit note exceeds what is left of invoice " + original->invoice_number, ""};
  }
  Credit c = credit.value();
  c.original_id = original->id;
  c.provider = original->provider;
  c.month = original->month;
  return c;
}

}  // namespace

Result<Acceptance> DecideAcceptance(const InvoiceRecord& r, const AcceptanceFacts& facts) {
  if (facts.number_taken) {
    return Error{
        "duplicate_invoice_number",
        "seller " + r.seller + " already has an accepted invoice numbered " + r.invoice_number, ""};
  }
  if (r.type == kTypeCreditNote) {
    auto credit = CreditOf(r, facts.original);
    if (!credit.ok()) return credit.error();
    // Quoting the reference of a month of credits, it is that month's own
    // document, as an invoice is of an ordinary month: it settles that
    // month and leaves the invoice it names (of the month corrected, which
    // stays closed as it was) whole.
    bool own_document = !r.provider.empty() && facts.quoted_is_credit_month;
    if (!own_document) {
      Credit c = credit.value();
      return Acceptance{c.provider, c.month, false, std::move(c)};
    }
  }
  if (facts.quoted_state != SettlementState::kSettled) {
    std::string state = facts.quoted_state ? ToString(*facts.quoted_state) : "";
    return Error{"settlement_not_open",
                 "settlement " + r.provider + " " + r.month + " is " +
                     (state.empty() ? "missing" : state) + ", not settled",
                 state};
  }
  return Acceptance{r.provider, r.month, true, std::nullopt};
}

std::optional<SettlementState> SettlementAfterCredit(const Credit& credit,
                                                     std::optional<SettlementState> current) {
  if (!credit.cancels || current != SettlementState::kInvoiced) return std::nullopt;
  return SettlementState::kSettled;
}

}  // namespace seteli::store
