#include "export/balances_export.h"

#include <algorithm>
#include <vector>

#include "export/export_columns.h"

namespace seteli::exports {

CsvSummary WriteBalances(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  std::vector<const BalanceStatement*> rows;
  rows.reserve(books.balances.size());
  for (const BalanceStatement& b : books.balances) rows.push_back(&b);
  std::stable_sort(rows.begin(), rows.end(), [](const BalanceStatement* a, const BalanceStatement* b) {
    return a->decision_id < b->decision_id;
  });
  CsvWriter w(out, dialect, kBalancesColumns);
  for (const BalanceStatement* b : rows) {
    w.MonthCell(b->month);
    w.Text(b->decision_id);
    w.Text(b->client);
    w.Amount(b->opening);
    w.Amount(b->accrual);
    w.Integer(b->suspension_days);
    w.Amount(b->used);
    w.Amount(b->closing);
    w.EndRow();
  }
  return w.Finish();
}

}  // namespace seteli::exports
