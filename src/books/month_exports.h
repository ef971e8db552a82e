// The month's four finance exports written into one folder, after the
// month is checked: what `seteli demo` (and anyone wanting all of a month's
// files at once) calls.
//
//   auto written = WriteMonthExports(*store, YearMonth(2024, 5), config.accounts, "out/");
//   if (!written.ok()) ...                       // store or file error: nothing usable
//   for (auto& f : written.value().failures) std::cerr << exports::ToLine(f) << "\n";
//   for (auto& f : written.value().files) std::cout << f.path << "\n";
//
// A month that does not reconcile gets no file at all: `failures` lists
// every failed check and `files` is empty.
#ifndef SETELI_BOOKS_MONTH_EXPORTS_H_
#define SETELI_BOOKS_MONTH_EXPORTS_H_

#include <string>
#include <vector>

#include "export/export_month.h"
#include "store/store.h"

namespace seteli::books {

struct MonthExportFile {
  exports::ExportKind kind = exports::ExportKind::kReconciliation;
  std::string path;  // the CSV; PATH.sha256 and PATH.manifest.json beside it
  exports::CsvSummary summary;
};

struct MonthExports {
  std::vector<exports::Failure> failures;  // empty when the month reconciles
  std::vector<MonthExportFile> files;      // reconciliation, journal, copayments, balances
};

// "journal-2024-05.csv"; the fi dialect "journal-2024-05-fi.csv".
std::string ExportFileName(exports::ExportKind kind, YearMonth month, exports::Dialect dialect);

// Loads the books, reconciles them and, when they reconcile, writes the four
// exports of `month` into `dir` (created if missing) with their side files.
// Errors: the store's, store_corrupt, write_failed.
Result<MonthExports> WriteMonthExports(store::Store& store, YearMonth month,
                                       const exports::ChartOfAccounts& accounts,
                                       const std::string& dir,
                                       exports::Dialect dialect = exports::Dialect::kRfc4180);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_MONTH_EXPORTS_H_
