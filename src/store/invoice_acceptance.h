// Whether an accepted invoice can hold, and what it moves: the decision
// RecordInvoice makes inside its transaction, as pure functions of what the
// transaction read (docs/receiving.md). The SQL reads the facts and writes
// the effect; the rules are here, with their own tests.
//
//   AcceptanceFacts facts = ...;  // read under the invoice's and settlement's locks
//   Result<Acceptance> a = DecideAcceptance(invoice, facts);
//   if (!a.ok()) ...;             // refused: nothing is written
//
// An invoice settles its provider-month (settled -> invoiced). A credit note
// credits the accepted invoice it names, and one that cancels it whole
// sends that settlement back to settled; except that a credit note quoting
// a month of credits (voucher total below zero) is that month's own
// document and settles it as an invoice would.
#ifndef SETELI_STORE_INVOICE_ACCEPTANCE_H_
#define SETELI_STORE_INVOICE_ACCEPTANCE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "seteli/settlement_state.h"
#include "seteli/status.h"
#include "store/invoice_records.h"

namespace seteli::store {

// What the transaction read before deciding.
struct AcceptanceFacts {
  // The seller has an accepted invoice or credit note with this number.
  bool number_taken = false;
  // Credit notes: the seller's accepted document numbered as the original.
  std::optional<InvoiceRecord> original = {};
  // The settlement of the invoice's provider and month: its state (none
  // stored: nothing) and whether its voucher total is below zero.
  std::optional<SettlementState> quoted_state = {};
  bool quoted_is_credit_month = false;
};

// A credit note's arithmetic on the invoice it credits.
struct Credit {
  int64_t original_id = 0;
  int64_t credited_cents = 0;  // the original's credited total after this note
  bool cancels = false;        // nothing is left of the original
  std::string provider = {};   // the original's settlement
  std::string month = {};
};

// What an accepted invoice writes besides its own row.
struct Acceptance {
  // The provider-month the invoice belongs to (a credit note: its
  // original's), stored with it.
  std::string provider = {};
  std::string month = {};
  // Moves that settlement settled -> invoiced.
  bool settles_month = false;
  // Credits the original instead.
  std::optional<Credit> credit = {};
};

// Adds a credit note's total (`credit_cents`, negative) to an invoice of
// `invoice_cents` credited `credited_cents` so far. credit_exceeds_invoice
// when it takes more than is left.
Result<Credit> ApplyCredit(int64_t invoice_cents, int64_t credited_cents, int64_t credit_cents);

// The acceptance of `invoice` (state accepted) given `facts`, or why it
// cannot hold: duplicate_invoice_number, unknown_original_invoice,
// credit_exceeds_invoice, settlement_not_open (its `where` the state found,
// "" when none).
Result<Acceptance> DecideAcceptance(const InvoiceRecord& invoice, const AcceptanceFacts& facts);

// Where a credit leaves the original's settlement, now `current`: back to
// settled when the credit cancelled an invoiced one, else where it is
// (nothing to move).
std::optional<SettlementState> SettlementAfterCredit(const Credit& credit,
                                                     std::optional<SettlementState> current);

}  // namespace seteli::store

#endif  // SETELI_STORE_INVOICE_ACCEPTANCE_H_
