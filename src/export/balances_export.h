// The balances export: the month's balance statements (saldotiliote) of
// balance decisions (personal budgets, veterans' vouchers).
//
//   CsvSummary s = WriteBalances(books, out, Dialect::kFinnish);
//
// Columns: kBalancesColumns (export_columns.h); ordered by decision ID.
// closing = opening + accrual - used.
#ifndef SETELI_EXPORT_BALANCES_EXPORT_H_
#define SETELI_EXPORT_BALANCES_EXPORT_H_

#include <ostream>

#include "export/csv_writer.h"
#include "export/month_books.h"

namespace seteli::exports {

CsvSummary WriteBalances(const MonthBooks& books, std::ostream& out, Dialect dialect);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_BALANCES_EXPORT_H_
