// After a monthly run: the month's books checked (ReconcileStored), and a
// run that leaves its month failing them recorded as failed, not done, so
// that `GET /v1/runs/{id}` and `seteli run` say the same thing. The
// settlements the run committed stay: they are never rewritten; finance
// reads the failures (`seteli reconcile`) and corrects what is wrong.
//
//   auto failures = CheckRunBooks(store, report.record, config.accounts);
#ifndef SETELI_BOOKS_RUN_BOOKS_CHECK_H_
#define SETELI_BOOKS_RUN_BOOKS_CHECK_H_

#include <vector>

#include "export/reconcile.h"
#include "store/store.h"

namespace seteli::books {

// Checks the books of `run`'s month; when some check fails, stores `run`
// with state "failed" and a message that opens with
// store::kMonthDoesNotReconcile, names how many checks fail and the first.
// Returns the failures. Errors: those of ReconcileStored and the store.
Result<std::vector<exports::Failure>> CheckRunBooks(store::Store& store, store::RunRecord run,
                                                    const exports::ChartOfAccounts& accounts);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_RUN_BOOKS_CHECK_H_
