// seteli reconcile: checks a month's invariants on the store.
#include <iostream>

#include "app/cli_args.h"
#include "app/command.h"
#include "app/cli_month_books.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli reconcile --config C --month YYYY-MM\n"
    "Checks the month's invariants on the store (docs/exports.md): lines and\n"
    "settlement totals, events settled once, invoices, the journal, balances and\n"
    "pseudonymous clients. Prints each failure as `code: sentence` on stdout.\n"
    "Exit 0: the month reconciles; 1: some check failed, or no run of the month has\n"
    "finished (month_not_run); 2: usage, configuration\n"
    "or store error.\n";

int RunReconcile(int argc, char** argv) {
  CommandStart start =
      StartCommand(argc, argv, {"--config", "--month"}, {}, {"--config", "--month"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto month = YearMonth::Parse(*a.Get("--month"));
  if (!month.ok()) return UsageError(month.error(), kUsage);
  size_t settlements = 0;
  auto checked = ReconcileConfigured(*a.Get("--config"), month.value(), &settlements);
  if (!checked.ok()) return UsageError(checked.error(), "");
  const std::vector<exports::Failure>& failures = checked.value();
  PrintFailures(failures, std::cout);
  if (!failures.empty()) {
    std::cerr << month.value().ToString() << ": " << failures.size()
              << " check(s) failed; the month is not exported\n";
    return kExitRejected;
  }
  std::cerr << month.value().ToString() << ": reconciles (" << settlements
            << " settlements)\n";
  return kExitOk;
}

const CommandRegistration kReconcile{
    {"reconcile", "check a month's invariants on the store (finance)", &RunReconcile}};

}  // namespace
}  // namespace seteli::app
