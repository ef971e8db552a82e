#include "books/run_books_check.h"

#include "books/store_books.h"

namespace seteli::books {

Result<std::vector<exports::Failure>> CheckRunBooks(store::Store& store, store::RunRecord run,
                                                    const exports::ChartOfAccounts& accounts) {
  auto month = YearMonth::Parse(run.month);
  if (!month.ok()) return month.error();
  auto failures = ReconcileStored(store, month.value(), accounts);
  if (!failures.ok() || failures.value().empty()) return failures;
  const std::vector<exports::Failure>& f = failures.value();
  run.state = "failed";
  run.message = std::string(store::kMonthDoesNotReconcile) + ": kuukauden " + run.month + " " +
                std::to_string(f.size()) + " tarkistusta ei täsmää / " + run.month + " fails " +
                std::to_string(f.size()) + " check(s) after the run (" + run.message +
                "); first: " + exports::ToLine(f.front());
  if (auto r = store.PutRun(run); !r.ok()) return r.error();
  return failures;
}

}  // namespace seteli::books
