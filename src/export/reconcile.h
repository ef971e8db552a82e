// The month's invariants, as pure checks: `seteli reconcile` prints the
// failures, and the monthly run and the exports refuse a month that has any.
//
//   std::vector<Failure> f = Reconcile(books);
//   for (const Failure& x : f) std::cerr << ToLine(x) << "\n";
//   return f.empty() ? 0 : 1;
//
// Each check returns its failures in a stable order, each with a stable code
// (docs/exports.md lists them and what finance does about each) and one
// sentence naming the provider, event or decision at fault. A check that
// finds many of one kind reports the first 20 and then one "and N more".
#ifndef SETELI_EXPORT_RECONCILE_H_
#define SETELI_EXPORT_RECONCILE_H_

#include <string>
#include <vector>

#include "export/journal_export.h"
#include "export/line_source.h"
#include "export/month_books.h"
#include "seteli/status.h"

namespace seteli::exports {

struct Failure {
  std::string code;
  std::string message;
};
std::string ToLine(const Failure& f);  // "code: message"
// An amount as a failure's Finnish half writes it, with a decimal comma:
// "1234,50".
std::string FiAmount(Money m);

// Lines and settlement totals: every line has price = voucher + copay and
// belongs to its settlement's provider; each settlement's price, voucher and
// copay totals equal the sums of its lines; one settlement per provider, of
// this month; a prior-period line names the month it corrects.
// Codes: line_split_mismatch, line_provider_mismatch, price_total_mismatch,
// voucher_total_mismatch, copay_total_mismatch, settlement_month_mismatch,
// duplicate_settlement, prior_period_without_month.
std::vector<Failure> CheckSettlementTotals(const MonthBooks& books);

// No event has lines in two settlements. Code: event_in_two_settlements.
std::vector<Failure> CheckEventsSettledOnce(const MonthBooks& books);

// Invoices: no settlement has two accepted invoices; an accepted invoice
// carries the settlement's reference and its voucher total; no accepted
// invoice lacks a settlement; and the month's settled voucher total equals
// the accepted invoices plus the open differences (the voucher totals of
// settlements without an accepted invoice).
// Codes: two_accepted_invoices, accepted_total_mismatch,
// accepted_reference_mismatch, invoice_without_settlement, month_not_tied.
std::vector<Failure> CheckInvoices(const MonthBooks& books);

// The journal: debits equal credits; every posting has an account, is not
// negative and not on both sides; the expense and prior-period postings net
// to the settlements' voucher total.
// Codes: journal_unbalanced, account_missing, posting_invalid,
// journal_total_mismatch.
std::vector<Failure> CheckJournal(const Journal& journal, const MonthBooks& books);

// Balance statements (client-free balance services): opening and closing
// never below zero; closing = opening + accrual - used; `used` equals the
// voucher parts of the month's own lines on that decision.
// Codes: negative_balance, balance_arithmetic, balance_use_mismatch.
std::vector<Failure> CheckBalances(const MonthBooks& books);

// No client ID has the shape of a personal identity code (henkilötunnus).
// Code: personal_identity_code. The message never repeats the ID.
std::vector<Failure> CheckPseudonymousClients(const MonthBooks& books);

// All of the above, in that order, with the journal built by BuildJournal.
std::vector<Failure> Reconcile(const MonthBooks& books);

// The same, in one pass, with each settlement's lines read from `lines`
// instead of books.settlements[i].lines (left empty): only one chunk of
// lines is held at a time. Errors: those of `lines`.
Result<std::vector<Failure>> Reconcile(const MonthBooks& books, LineSource& lines);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_RECONCILE_H_
