// seteli export: one finance export of a month from the store.
#include <iostream>

#include "app/cli_args.h"
#include "app/cli_exit_codes.h"
#include "app/cli_month_books.h"
#include "app/command.h"
#include "export/export_month.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli export --config C --month YYYY-MM\n"
    "                     --kind reconciliation|journal|copayments|balances|\n"
    "                            purchase_ledger|treasury_costs\n"
    "                     [--dialect fi] [--out F]\n"
    "Writes a finance export of the month (docs/exports.md) to F, with F.sha256\n"
    "and F.manifest.json beside it, or to stdout without --out. --dialect fi:\n"
    "semicolons, decimal comma and a UTF-8 BOM, for Finnish Excel. A month that\n"
    "does not reconcile is not exported: the failed checks go to stderr; nor\n"
    "is a purchase ledger or Treasury table that does not tie to the journal.\n"
    "Exit 0: written; 1: the month does not reconcile or has not been run;\n"
    "2: usage, configuration or store error.\n";

int RunExport(int argc, char** argv) {
  CommandStart start =
      StartCommand(argc, argv, {"--config", "--month", "--kind", "--dialect", "--out"}, {},
                   {"--config", "--month", "--kind"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto month = YearMonth::Parse(*a.Get("--month"));
  if (!month.ok()) return UsageError(month.error(), kUsage);
  auto kind = exports::ParseExportKind(*a.Get("--kind"));
  if (!kind.ok()) return UsageError(kind.error(), kUsage);
  auto dialect = exports::ParseDialect(a.Get("--dialect").value_or(""));
  if (!dialect.ok()) return UsageError(dialect.error(), kUsage);
  auto loaded = LoadConfiguredMonth(*a.Get("--config"), month.value());
  if (!loaded.ok()) return Failed(loaded.error());
  const exports::MonthBooks& heads = loaded.value().books.heads;
  exports::LineSource& lines = *loaded.value().books.lines;

  std::vector<exports::Failure> failures;
  auto out = a.Get("--out");
  auto written =
      out ? exports::ExportMonthToFile(kind.value(), heads, lines, dialect.value(), *out, &failures)
          : exports::ExportMonth(kind.value(), heads, lines, dialect.value(), std::cout, &failures);
  if (!written.ok()) {
    std::cerr << ToLine(written.error()) << "\n";
    PrintFailures(failures, std::cerr);
    return failures.empty() ? kExitUsage : kExitRejected;
  }
  if (out) {
    std::cerr << *out << ": " << written.value().rows << " rows, sha256 " << written.value().sha256
              << "\n";
  }
  return kExitOk;
}

const CommandRegistration kExport{{"export", "a finance export of a month (CSV)", &RunExport}};

}  // namespace
}  // namespace seteli::app
