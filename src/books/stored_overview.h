// The month overview of a month in the store: its books, what the store
// knows of its runs, releases and deliveries, and the rulebook's service
// names. What GET /v1/months/{month} and its page serve.
//
//   auto o = LoadMonthOverview(*store, month, config.accounts, rulebook, rejected_events);
//   std::string html = OverviewHtml(o.value());
#ifndef SETELI_BOOKS_STORED_OVERVIEW_H_
#define SETELI_BOOKS_STORED_OVERVIEW_H_

#include <vector>

#include "books/month_overview.h"
#include "seteli/rulebook.h"
#include "store/store.h"

namespace seteli::books {

// The month's lines are read from the store twice, a chunk at a time
// (LoadMonthHeads), never held. Errors: those of LoadMonthHeads, of reading
// the lines, and of LoadMonthActivity.
Result<MonthOverview> LoadMonthOverview(store::Store& store, YearMonth month,
                                        const exports::ChartOfAccounts& accounts,
                                        const Rulebook& rulebook,
                                        std::vector<Rejection> rejected_events);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_STORED_OVERVIEW_H_
