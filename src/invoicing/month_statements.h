// Which of the month's balance statements a run writes. A settled month's
// statements never change (they are what the client was sent, and what the
// month's lines are reconciled with), so a statement stored before is
// replaced only along with a settlement this run wrote whose lines draw on
// it (the month run for one provider, then for the others); a missing one
// is always written.
//
//   auto rows = StatementsToWrite(store, month, balances, groups.drawn_by, committed);
#ifndef SETELI_INVOICING_MONTH_STATEMENTS_H_
#define SETELI_INVOICING_MONTH_STATEMENTS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "seteli/date.h"
#include "store/store.h"

namespace seteli::invoicing {

// Of `rows`, the month's statements as this run settles them, those to
// write: `drawn_by` names per decision the providers with lines on it,
// `committed` the providers whose settlement this run wrote.
Result<std::vector<store::BalanceRow>> StatementsToWrite(
    store::RunStore& store, YearMonth month, const std::vector<store::BalanceRow>& rows,
    const std::map<std::string, std::set<std::string>>& drawn_by,
    const std::set<std::string>& committed);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_MONTH_STATEMENTS_H_
