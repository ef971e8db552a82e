#include "books/month_exports.h"

#include <filesystem>

#include "books/store_books.h"

namespace seteli::books {

std::string ExportFileName(exports::ExportKind kind, YearMonth month, exports::Dialect dialect) {
  return std::string(exports::ExportKindName(kind)) + "-" + month.ToString() +
         (dialect == exports::Dialect::kFinnish ? "-fi" : "") + ".csv";
}

Result<MonthExports> WriteMonthExports(store::Store& store, YearMonth month,
                                       const exports::ChartOfAccounts& accounts,
                                       const std::string& dir, exports::Dialect dialect) {
  auto books = LoadMonthHeads(store, month, accounts);
  if (!books.ok()) return books.error();
  const exports::MonthBooks& heads = books.value().heads;
  exports::LineSource& lines = *books.value().lines;
  MonthExports out;
  auto failures = exports::Reconcile(heads, lines);
  if (!failures.ok()) return failures.error();
  out.failures = std::move(failures).value();
  if (!out.failures.empty()) return out;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"write_failed", "cannot create " + dir + ": " + ec.message()};
  for (exports::ExportKind kind :
       {exports::ExportKind::kReconciliation, exports::ExportKind::kJournal,
        exports::ExportKind::kCopayments, exports::ExportKind::kBalances}) {
    std::string path = (std::filesystem::path(dir) / ExportFileName(kind, month, dialect)).string();
    auto written = exports::ExportMonthToFile(kind, heads, lines, dialect, path, &out.failures);
    if (!written.ok()) return written.error();
    out.files.push_back({kind, path, written.value()});
  }
  return out;
}

}  // namespace seteli::books
