// The month's books as the store holds them: what `seteli export`,
// `seteli reconcile`, the monthly run and the finance routes hand to the
// pure exports and checks of src/export.
//
//   auto books = LoadMonthBooks(*store, YearMonth(2024, 5), config.accounts);
//   if (!books.ok()) return books.error();              // store_unavailable, store_corrupt
//   std::vector<exports::Failure> f = exports::Reconcile(books.value());
//
// Settlements come with all their lines (prior-period lines included, each
// keeping its original month) from the stored settlement body; the totals
// are the stored columns, so a body and its totals that disagree show up
// in `Reconcile`. Statuses come from the settlement states, balances from
// the stored statements, names from the stored providers, invoices from the
// provider invoices received for the month (docs/exports.md, "From the
// store").
#ifndef SETELI_BOOKS_STORE_BOOKS_H_
#define SETELI_BOOKS_STORE_BOOKS_H_

#include "export/month_books.h"
#include "seteli/date.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::books {

// Errors: the store's, or store_corrupt when a stored settlement no longer
// parses (its provider and month named).
Result<exports::MonthBooks> LoadMonthBooks(store::Store& store, YearMonth month,
                                           const exports::ChartOfAccounts& accounts);

// The settlement state as the exports name it ("held" -> kHeld, ...); an
// unknown state is kOpen.
exports::SettlementState StateOf(const std::string& stored_state);

// The month's balance statements (saldotiliote) as the run stored them.
Result<std::vector<BalanceStatement>> LoadBalanceStatements(store::Store& store, YearMonth month);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_STORE_BOOKS_H_
