// What `seteli export`, `seteli reconcile` and `seteli run` share: the
// month's books from the store named in the config, with the config's chart
// of accounts, and the failures of `Reconcile` printed one a line.
#ifndef SETELI_APP_CLI_MONTH_BOOKS_H_
#define SETELI_APP_CLI_MONTH_BOOKS_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "books/store_books.h"
#include "export/month_books.h"
#include "export/reconcile.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::app {

// A month's books from the store named in a config: the heads, and the
// lines read from the store a chunk at a time.
struct ConfiguredMonth {
  std::unique_ptr<store::Store> store;  // declared first: `books` reads from it
  books::StoredMonth books;
};

// Reads the config at `config_path`, opens its store and loads the heads of
// `month` with the config's chart of accounts and cost coding. Errors:
// config_error, the store's, store_corrupt, month_not_run (no run of the
// month has finished).
Result<ConfiguredMonth> LoadConfiguredMonth(const std::string& config_path, YearMonth month);

// The same store's month checked by books::ReconcileStored (its lines read
// a chunk at a time); `settlements` is set to how many were checked. A
// month no run has finished fails `month_not_run`. Errors: as
// LoadConfiguredMonth, but for month_not_run.
Result<std::vector<exports::Failure>> ReconcileConfigured(const std::string& config_path,
                                                          YearMonth month, size_t* settlements);

// "code: sentence" per failure, in order.
void PrintFailures(const std::vector<exports::Failure>& failures, std::ostream& out);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_MONTH_BOOKS_H_
