#include "app/cli_month_books.h"

#include <iostream>
#include <memory>

#include "api/config.h"
#include "books/store_books.h"
#include "store/store.h"

namespace seteli::app {
namespace {

// Whether a run of `month` has finished. A month no run has settled has
// nothing to reconcile or export: an empty month must not pass for one
// that reconciles.
Result<bool> HasRun(store::Store& store, YearMonth month) {
  auto runs = store.ListRuns(month.ToString());
  if (!runs.ok()) return runs.error();
  for (const store::RunRecord& r : runs.value()) {
    if (r.state == "done") return true;
  }
  return false;
}

Error NotRun(YearMonth month) {
  const std::string m = month.ToString();
  return Error{"month_not_run",
               "kuukautta " + m + " ei ole ajettu, joten täsmäytettävää ei ole / the month " + m +
                   " has not been run: nothing to reconcile (seteli run --month " + m + ")"};
}

// The CLI's store; a migration its opening ran is told on stderr.
Result<std::unique_ptr<store::Store>> OpenLoggedStore(const std::string& url) {
  auto store = store::OpenStore(url);
  if (store.ok()) {
    if (auto line = store::MigratedLine(*store.value())) std::cerr << *line << "\n";
  }
  return store;
}

}  // namespace

Result<exports::MonthBooks> LoadConfiguredBooks(const std::string& config_path, YearMonth month) {
  auto config = api::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  auto store = OpenLoggedStore(config.value().store_url);
  if (!store.ok()) return store.error();
  auto run = HasRun(*store.value(), month);
  if (!run.ok()) return run.error();
  if (!run.value()) return NotRun(month);
  return books::LoadMonthBooks(*store.value(), month, config.value().accounts);
}

Result<std::vector<exports::Failure>> ReconcileConfigured(const std::string& config_path,
                                                          YearMonth month, size_t* settlements) {
  auto config = api::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  auto store = OpenLoggedStore(config.value().store_url);
  if (!store.ok()) return store.error();
  auto run = HasRun(*store.value(), month);
  if (!run.ok()) return run.error();
  if (!run.value()) {
    Error not_run = NotRun(month);
    return std::vector<exports::Failure>{{not_run.code, not_run.message}};
  }
  return books::ReconcileStored(*store.value(), month, config.value().accounts, settlements);
}

void PrintFailures(const std::vector<exports::Failure>& failures, std::ostream& out) {
  for (const exports::Failure& f : failures) out << exports::ToLine(f) << "\n";
}

}  // namespace seteli::app
