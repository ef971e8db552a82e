#include "app/cli_month_books.h"

#include "api/config.h"
#include "books/store_books.h"
#include "store/store.h"

namespace seteli::app {

Result<exports::MonthBooks> LoadConfiguredBooks(const std::string& config_path, YearMonth month) {
  auto config = api::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  auto store = store::OpenStore(config.value().store_url);
  if (!store.ok()) return store.error();
  return books::LoadMonthBooks(*store.value(), month, config.value().accounts);
}

Result<std::vector<exports::Failure>> ReconcileConfigured(const std::string& config_path,
                                                          YearMonth month, size_t* settlements) {
  auto config = api::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  auto store = store::OpenStore(config.value().store_url);
  if (!store.ok()) return store.error();
  return books::ReconcileStored(*store.value(), month, config.value().accounts, settlements);
}

void PrintFailures(const std::vector<exports::Failure>& failures, std::ostream& out) {
  for (const exports::Failure& f : failures) out << exports::ToLine(f) << "\n";
}

}  // namespace seteli::app
