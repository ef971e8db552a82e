#include "books/stored_overview.h"

#include "books/store_books.h"

namespace seteli::books {

Result<MonthOverview> LoadMonthOverview(store::Store& store, YearMonth month,
                                        const exports::ChartOfAccounts& accounts,
                                        const Rulebook& rulebook,
                                        std::vector<Rejection> rejected_events) {
  auto books = LoadMonthHeads(store, month, accounts);
  if (!books.ok()) return books.error();
  auto activity = LoadMonthActivity(store, month);
  if (!activity.ok()) return activity.error();
  auto o = BuildOverview(books.value().heads, *books.value().lines, std::move(rejected_events),
                         std::move(activity).value());
  if (!o.ok()) return o.error();
  for (const Service& s : rulebook.services) o.value().service_names[s.code] = s.name;
  return o;
}

}  // namespace seteli::books
