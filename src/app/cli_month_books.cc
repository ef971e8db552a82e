#include "app/cli_month_books.h"

#include <iostream>
#include <memory>

#include "books/month_activity.h"
#include "books/store_books.h"
#include "config/config.h"
#include "store/store.h"

namespace seteli::app {
namespace {

// The CLI's store; a migration its opening ran is told on stderr.
Result<std::unique_ptr<store::Store>> OpenLoggedStore(const std::string& url) {
  auto store = store::OpenStore(url);
  if (store.ok()) {
    if (auto line = store::MigratedLine(*store.value())) std::cerr << *line << "\n";
  }
  return store;
}

}  // namespace

Result<ConfiguredMonth> LoadConfiguredMonth(const std::string& config_path, YearMonth month) {
  auto config = config::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  auto store = OpenLoggedStore(config.value().store_url);
  if (!store.ok()) return store.error();
  if (auto not_run = books::MonthNotRun(*store.value(), month)) return *not_run;
  ConfiguredMonth out{std::move(store).value(), {}};
  auto books = books::LoadMonthHeads(*out.store, month, config.value().accounts);
  if (!books.ok()) return books.error();
  out.books = std::move(books).value();
  out.books.heads.cost_coding = config.value().cost_coding;
  return out;
}

Result<std::vector<exports::Failure>> ReconcileConfigured(const std::string& config_path,
                                                          YearMonth month, size_t* settlements) {
  auto config = config::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  auto store = OpenLoggedStore(config.value().store_url);
  if (!store.ok()) return store.error();
  if (auto not_run = books::MonthNotRun(*store.value(), month)) {
    if (not_run->code != "month_not_run") return *not_run;
    return std::vector<exports::Failure>{{not_run->code, not_run->message}};
  }
  return books::ReconcileStored(*store.value(), month, config.value().accounts, settlements);
}

void PrintFailures(const std::vector<exports::Failure>& failures, std::ostream& out) {
  for (const exports::Failure& f : failures) out << exports::ToLine(f) << "\n";
}

}  // namespace seteli::app
