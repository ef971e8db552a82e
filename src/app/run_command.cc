// seteli run: the monthly invoicing run on the store.
#include <unistd.h>

#include <iomanip>
#include <iostream>

#include "app/cli_args.h"
#include "app/cli_exit_codes.h"
#include "app/cli_files.h"
#include "app/cli_month_books.h"
#include "app/cli_state.h"
#include "app/command.h"
#include "app/self_billing_drafter.h"
#include "books/run_books_check.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"
#include "invoicing/monthly_run.h"
#include "invoicing/release.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli run --config C --month YYYY-MM [--provider ID] [--dry-run] [--outbox DIR]\n"
    "                  [--no-reconcile]\n"
    "Settles the month on the store for every provider (or one), closes it and\n"
    "queues self-billing invoices; writes queued invoices to DIR when given.\n"
    "Running a settled month again creates nothing new. Then reconciles the month\n"
    "(as `seteli reconcile`) and prints each failed check on stderr; --no-reconcile\n"
    "leaves that to a later `seteli reconcile` (it reads the month's lines once\n"
    "more, a chunk at a time). Exit 0: settled and reconciled; 1: some\n"
    "provider-month was held (see the reasons) or a check failed; 2: usage,\n"
    "configuration or store error.\n";

void ShowProgress(int done, int total, const std::string& provider) {
  if (!isatty(2) || total == 0) return;
  int width = 30, filled = width * done / total;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
            << done << "/" << total << " " << provider << "\033[K" << std::flush;
  if (done == total) std::cerr << "\r\033[K" << std::flush;
}

void PrintReport(const invoicing::RunReport& r) {
  std::cout << "run " << r.record.run_id << " for " << r.record.month
            << (r.record.provider.empty() ? "" : " provider " + r.record.provider) << "\n";
  for (const invoicing::ProviderOutcome& p : r.providers) {
    std::cout << "  " << std::left << std::setw(11) << p.provider << std::setw(18)
              << invoicing::OutcomeName(p.outcome);
    if (p.outcome == invoicing::Outcome::kSettled || p.outcome == invoicing::Outcome::kHeld) {
      std::cout << std::setw(18) << p.settlement.reference << " voucher "
                << p.settlement.voucher_total.ToString() << " (" << p.line_count
                << " lines";
      if (p.adjustment_lines) std::cout << ", " << p.adjustment_lines << " prior-period";
      std::cout << ")";
      if (p.invoice_number) std::cout << " self-billing invoice " << *p.invoice_number;
      if (!p.held_reason.empty()) std::cout << " held: " << p.held_reason;
    }
    std::cout << "\n";
  }
  std::cout << "read " << r.events_read << " stored events: " << r.groups_carried
            << " groups of clients from the previous month's balances, " << r.groups_from_earlier
            << " from an earlier month's, " << r.groups_from_history
            << " from their first month\n";
  std::cout << r.record.message << "\n";
}

// Runs killed before (their lease ran out) are stored interrupted now, and
// said so; this run then goes on from what they committed.
void ReportInterruptedRuns(store::RunStore& store) {
  auto interrupted = store.InterruptExpiredRuns();
  if (!interrupted.ok()) return;  // the run itself meets the store's error
  for (const std::string& id : interrupted.value()) {
    std::cerr << "ajo " << id << " keskeytyi / run " << id << " interrupted (its lease ran out)\n";
  }
}

int RunRun(int argc, char** argv) {
  CommandStart start =
      StartCommand(argc, argv, {"--config", "--month", "--provider", "--outbox"},
                   {"--dry-run", "--no-reconcile"}, {"--config", "--month"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto month = YearMonth::Parse(*a.Get("--month"));
  if (!month.ok()) return UsageError(month.error(), kUsage);
  auto state = OpenCliState(*a.Get("--config"), "cli:run");
  if (!state.ok()) return UsageError(state.error(), "");
  auto catalog = state.value()->catalogs.Get();
  SettleContext ctx = catalog->context();
  ReportInterruptedRuns(*state.value()->store);

  invoicing::MonthlyRun run(*state.value()->store, ctx,
                            MakeSelfBillingDrafter());
  invoicing::RunOptions options{month.value(), a.Get("--provider"), a.Flag("--dry-run")};
  options.lease_seconds = state.value()->config.run_lease_seconds;
  auto report = run.Execute(options, ShowProgress);
  if (!report.ok()) return Failed(report.error());
  PrintReport(report.value());
  if (auto dir = a.Get("--outbox"); dir && !options.dry_run) {
    auto written = WriteQueuedInvoices(*state.value()->store, month.value().ToString(), *dir);
    if (!written.ok()) return Failed(written.error());
    std::cout << written.value() << " self-billing invoices in " << *dir << "\n";
  }
  if (options.dry_run || a.Flag("--no-reconcile")) {
    return report.value().record.held > 0 ? kExitRejected : kExitOk;
  }
  auto checked = books::CheckRunBooks(*state.value()->store, report.value().record,
                                      state.value()->config.accounts);
  if (!checked.ok()) return Failed(checked.error());
  const std::vector<exports::Failure>& failures = checked.value();
  if (!failures.empty()) {
    std::cerr << "month_does_not_reconcile: " << month.value().ToString() << " fails "
              << failures.size() << " check(s); it will not be exported\n";
    PrintFailures(failures, std::cerr);
  }
  return report.value().record.held > 0 || !failures.empty() ? kExitRejected : kExitOk;
}

constexpr char kReleaseUsage[] =
    "usage: seteli release --config C --month YYYY-MM --provider ID --reason TEXT\n"
    "Releases a held settlement (finance action): held -> settled, with the reason\n"
    "in the audit log; a self-billing provider's invoice is drawn up and queued.\n"
    "Exit 0: released; 1: no such settlement; 2: not held, or a usage or store error.\n";

int RunRelease(int argc, char** argv) {
  CommandStart start =
      StartCommand(argc, argv, {"--config", "--month", "--provider", "--reason"}, {},
                   {"--config", "--month", "--provider", "--reason"}, kReleaseUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto state = OpenCliState(*a.Get("--config"), "cli:release");
  if (!state.ok()) return UsageError(state.error(), "");
  auto catalog = state.value()->catalogs.Get();
  SettleContext ctx = catalog->context();
  auto month = YearMonth::Parse(*a.Get("--month"));
  if (!month.ok()) return UsageError(month.error(), kReleaseUsage);
  auto done = invoicing::ReleaseHeld(*state.value()->store, ctx,
                                     MakeSelfBillingDrafter(),
                                     *a.Get("--provider"), month.value(), *a.Get("--reason"),
                                     "cli:release");
  if (!done.ok()) return Failed(done.error());
  if (done.value()) std::cout << "self-billing invoice " << *done.value() << " queued\n";
  std::cout << "released " << *a.Get("--provider") << " " << *a.Get("--month") << "\n";
  return kExitOk;
}

const CommandRegistration kRun{{"run", "the monthly invoicing run on the store", &RunRun}};
const CommandRegistration kRelease{{"release", "release a held settlement (finance)", &RunRelease}};

}  // namespace
}  // namespace seteli::app
