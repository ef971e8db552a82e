// One export of one month, end to end: check the month reconciles, write
// the CSV, and beside it the integrity side files. This is what
// `seteli export` and `GET /v1/exports/{kind}` call once the store has filled
// a MonthBooks.
//
//   auto kind = ParseExportKind("journal");
//   std::vector<Failure> failures;
//   Result<CsvSummary> r = ExportMonthToFile(kind.value(), books, Dialect::kFinnish,
//                                            "journal-2024-05.csv", &failures);
//   if (!r.ok()) { std::cerr << ToLine(r.error()) << "\n"; for (auto& f : failures) ...; }
//
// Side files (docs/exports.md): FILE.sha256, one line in `sha256sum` format
// so that `sha256sum -c FILE.sha256` verifies the file, and
// FILE.manifest.json with the kind, month, dialect, row count, the total of
// every amount column and the same SHA-256.
#ifndef SETELI_EXPORT_EXPORT_MONTH_H_
#define SETELI_EXPORT_EXPORT_MONTH_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "export/csv_writer.h"
#include "export/line_source.h"
#include "export/month_books.h"
#include "export/reconcile.h"
#include "seteli/status.h"

namespace seteli::exports {

enum class ExportKind {
  kReconciliation,
  kJournal,
  kCopayments,
  kBalances,
  kPurchaseLedger,  // purchase_ledger.h
  kTreasuryCosts,   // treasury_costs.h
};
// "reconciliation", "journal", "copayments", "balances", "purchase_ledger",
// "treasury_costs"; else usage.
Result<ExportKind> ParseExportKind(std::string_view name);
const char* ExportKindName(ExportKind k);

// Writes the export without any check. For tests and benchmarks; callers
// serving finance use the ExportMonth functions below.
CsvSummary WriteExport(ExportKind kind, const MonthBooks& books, std::ostream& out,
                       Dialect dialect);
// The same with the lines read from `lines` (books.settlements' own lines
// left empty): the export holds its sums, not the month's lines.
// Errors: those of `lines`.
Result<CsvSummary> WriteExport(ExportKind kind, const MonthBooks& books, LineSource& lines,
                               std::ostream& out, Dialect dialect);

// Reconcile(books) first: on any failure nothing is written and the error is
// month_does_not_reconcile, its message counting the failures by code;
// `failures` (if given) receives them all. The purchase ledger and the
// Treasury table are then checked against the journal (CheckPurchaseLedger,
// CheckTreasuryTable): a failure there is ledger_does_not_reconcile, with
// its failures likewise. Then the export goes to `out`. The lines are read
// from `lines` once for the checks and once for the export; an error of
// `lines` is returned as it is, with no failures.
Result<CsvSummary> ExportMonth(ExportKind kind, const MonthBooks& books, LineSource& lines,
                               Dialect dialect, std::ostream& out,
                               std::vector<Failure>* failures = nullptr);

// As above, to `path` (an OutputFile: a regular file through `path`.tmp,
// renamed only when complete), then `path`.sha256 and `path`.manifest.json;
// no side files beside a FIFO or a device, which are written in place.
// Error write_failed names the file that could not be written.
Result<CsvSummary> ExportMonthToFile(ExportKind kind, const MonthBooks& books, LineSource& lines,
                                     Dialect dialect, const std::string& path,
                                     std::vector<Failure>* failures = nullptr);

// Both of the above with the books' own lines (BooksLines).
Result<CsvSummary> ExportMonth(ExportKind kind, const MonthBooks& books, Dialect dialect,
                               std::ostream& out, std::vector<Failure>* failures = nullptr);
Result<CsvSummary> ExportMonthToFile(ExportKind kind, const MonthBooks& books, Dialect dialect,
                                     const std::string& path,
                                     std::vector<Failure>* failures = nullptr);

// "<hex>  <file_name>\n", the line `sha256sum -c` reads.
std::string Sha256SumLine(const CsvSummary& s, std::string_view file_name);
// The manifest, pretty-printed JSON ending in a newline. Amounts are strings
// with a dot and two decimals, whatever the dialect.
std::string ManifestJson(ExportKind kind, YearMonth month, Dialect dialect,
                         std::string_view file_name, const CsvSummary& s);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_EXPORT_MONTH_H_
