#include "export/export_month.h"

#include <filesystem>
#include <map>
#include <optional>

#include "export/balances_export.h"
#include "export/copayments_export.h"
#include "export/journal_export.h"
#include "export/output_file.h"
#include "export/purchase_ledger.h"
#include "export/reconciliation_export.h"
#include "export/treasury_costs.h"

namespace seteli::exports {

namespace {

namespace fs = std::filesystem;

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out.push_back(kHex[(c >> 4) & 15]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

// The refusal of a month with failures; they go to `failures` if given.
Error NotReconciled(const MonthBooks& books, std::vector<Failure> found,
                    std::vector<Failure>* failures, const char* code = "month_does_not_reconcile") {
  std::map<std::string, int> by_code;
  for (const Failure& f : found) ++by_code[f.code];
  std::string codes;
  for (const auto& [code, n] : by_code) {
    codes += (codes.empty() ? "" : ", ") + code + " " + std::to_string(n);
  }
  if (failures) *failures = std::move(found);
  return Error{code, books.month.ToString() + " does not reconcile (" + codes +
                         "); run seteli reconcile for the details; nothing exported"};
}

// The ledger or the Treasury table as built for its check against the
// journal, so that it is written as checked, not built again.
struct Checked {
  std::optional<PurchaseLedger> ledger;
  std::optional<TreasuryTable> table;
};

// Reconcile, and for the ledger and the Treasury table their own checks
// against the journal: the refusal, if any, or the error of `lines`.
std::optional<Error> Refusal(ExportKind kind, const MonthBooks& books, LineSource& lines,
                             std::vector<Failure>* failures, Checked& checked) {
  auto reconciled = Reconcile(books, lines);
  if (!reconciled.ok()) return reconciled.error();
  if (!reconciled.value().empty())
    return NotReconciled(books, std::move(reconciled).value(), failures);
  if (kind != ExportKind::kPurchaseLedger && kind != ExportKind::kTreasuryCosts)
    return std::nullopt;
  auto journal = BuildJournal(books, lines);
  if (!journal.ok()) return journal.error();
  std::vector<Failure> found;
  if (kind == ExportKind::kPurchaseLedger) {
    auto ledger = BuildPurchaseLedger(books, lines);
    if (!ledger.ok()) return ledger.error();
    checked.ledger = std::move(ledger).value();
    found = CheckPurchaseLedger(*checked.ledger, journal.value());
  } else {
    auto table = BuildTreasuryTable(books, lines);
    if (!table.ok()) return table.error();
    checked.table = std::move(table).value();
    found = CheckTreasuryTable(*checked.table, journal.value());
  }
  if (!found.empty()) {
    return NotReconciled(books, std::move(found), failures, "ledger_does_not_reconcile");
  }
  return std::nullopt;
}

// The export once Refusal let it through.
Result<CsvSummary> WriteChecked(ExportKind kind, const MonthBooks& books, LineSource& lines,
                                const Checked& checked, std::ostream& out, Dialect dialect) {
  if (checked.ledger) return WritePurchaseLedger(*checked.ledger, out, dialect);
  if (checked.table) return WriteTreasuryCosts(*checked.table, out, dialect);
  return WriteExport(kind, books, lines, out, dialect);
}

}  // namespace

Result<ExportKind> ParseExportKind(std::string_view name) {
  if (name == "reconciliation") return ExportKind::kReconciliation;
  if (name == "journal") return ExportKind::kJournal;
  if (name == "copayments") return ExportKind::kCopayments;
  if (name == "balances") return ExportKind::kBalances;
  if (name == "purchase_ledger") return ExportKind::kPurchaseLedger;
  if (name == "treasury_costs") return ExportKind::kTreasuryCosts;
  return Error{"usage", "unknown export kind '" + std::string(name) +
                            "': use reconciliation, journal, copayments, balances, "
                            "purchase_ledger or treasury_costs"};
}

const char* ExportKindName(ExportKind k) {
  switch (k) {
    case ExportKind::kReconciliation: return "reconciliation";
    case ExportKind::kJournal: return "journal";
    case ExportKind::kCopayments: return "copayments";
    case ExportKind::kBalances: return "balances";
    case ExportKind::kPurchaseLedger:
      return "purchase_ledger";
    case ExportKind::kTreasuryCosts:
      return "treasury_costs";
  }
  return "reconciliation";
}

CsvSummary WriteExport(ExportKind kind, const MonthBooks& books, std::ostream& out,
                       Dialect dialect) {
  BooksLines lines(books);
  return WriteExport(kind, books, lines, out, dialect).value();  // cannot fail to read
}

Result<CsvSummary> WriteExport(ExportKind kind, const MonthBooks& books, LineSource& lines,
                               std::ostream& out, Dialect dialect) {
  switch (kind) {
    case ExportKind::kReconciliation:
      return WriteReconciliation(books, lines, out, dialect);
    case ExportKind::kJournal: {
      auto journal = BuildJournal(books, lines);
      if (!journal.ok()) return journal.error();
      return WriteJournal(journal.value(), out, dialect);
    }
    case ExportKind::kCopayments:
      return WriteCopayments(books, lines, out, dialect);
    case ExportKind::kBalances: return WriteBalances(books, out, dialect);
    case ExportKind::kPurchaseLedger: {
      auto ledger = BuildPurchaseLedger(books, lines);
      if (!ledger.ok()) return ledger.error();
      return WritePurchaseLedger(ledger.value(), out, dialect);
    }
    case ExportKind::kTreasuryCosts: {
      auto table = BuildTreasuryTable(books, lines);
      if (!table.ok()) return table.error();
      return WriteTreasuryCosts(table.value(), out, dialect);
    }
  }
  return WriteReconciliation(books, lines, out, dialect);
}

Result<CsvSummary> ExportMonth(ExportKind kind, const MonthBooks& books, LineSource& lines,
                               Dialect dialect, std::ostream& out, std::vector<Failure>* failures) {
  Checked checked;
  if (auto refused = Refusal(kind, books, lines, failures, checked)) return *refused;
  auto s = WriteChecked(kind, books, lines, checked, out, dialect);
  if (!s.ok()) return s.error();
  if (!out) return Error{"write_failed", "the export could not be written"};
  return s;
}

Result<CsvSummary> ExportMonthToFile(ExportKind kind, const MonthBooks& books, LineSource& lines,
                                     Dialect dialect, const std::string& path,
                                     std::vector<Failure>* failures) {
  Checked checked;
  if (auto refused = Refusal(kind, books, lines, failures, checked)) return *refused;
  OutputFile f(path);
  auto s = WriteChecked(kind, books, lines, checked, f.stream(), dialect);
  if (!s.ok()) return s.error();  // the temporary file goes with `f`
  if (auto done = f.Commit(); !done.ok()) return done.error();
  // A FIFO or a device cannot be read back to check against side files,
  // and /dev/null.sha256 would be a new file in /dev.
  if (f.in_place()) return s;
  std::string name = fs::path(path).filename().string();
  auto sum = WriteOutputFile(path + ".sha256", Sha256SumLine(s.value(), name));
  if (!sum.ok()) return sum.error();
  auto manifest = WriteOutputFile(path + ".manifest.json",
                                  ManifestJson(kind, books.month, dialect, name, s.value()));
  if (!manifest.ok()) return manifest.error();
  return s;
}

Result<CsvSummary> ExportMonth(ExportKind kind, const MonthBooks& books, Dialect dialect,
                               std::ostream& out, std::vector<Failure>* failures) {
  BooksLines lines(books);
  return ExportMonth(kind, books, lines, dialect, out, failures);
}

Result<CsvSummary> ExportMonthToFile(ExportKind kind, const MonthBooks& books, Dialect dialect,
                                     const std::string& path, std::vector<Failure>* failures) {
  BooksLines lines(books);
  return ExportMonthToFile(kind, books, lines, dialect, path, failures);
}

std::string Sha256SumLine(const CsvSummary& s, std::string_view file_name) {
  return s.sha256 + "  " + std::string(file_name) + "\n";
}

std::string ManifestJson(ExportKind kind, YearMonth month, Dialect dialect,
                         std::string_view file_name, const CsvSummary& s) {
  std::string out = "{\n";
  out += "  \"file\": " + JsonString(file_name) + ",\n";
  out += "  \"kind\": " + JsonString(ExportKindName(kind)) + ",\n";
  out += "  \"month\": " + JsonString(month.ToString()) + ",\n";
  out += "  \"dialect\": " + JsonString(DialectName(dialect)) + ",\n";
  out += "  \"rows\": " + std::to_string(s.rows) + ",\n";
  out += "  \"bytes\": " + std::to_string(s.bytes) + ",\n";
  out += "  \"totals\": {";
  for (size_t i = 0; i < s.totals.size(); ++i) {
    out += (i ? ",\n    " : "\n    ") + JsonString(s.totals[i].column) + ": " +
           JsonString(s.totals[i].total.ToString());
  }
  out += s.totals.empty() ? "},\n" : "\n  },\n";
  out += "  \"sha256\": " + JsonString(s.sha256) + "\n}\n";
  return out;
}

}  // namespace seteli::exports
