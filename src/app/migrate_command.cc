// seteli migrate: the store's schema against this binary's, for an upgrade.
// With --check it only reads the recorded version (a check that migrated
// would change what it reports on); without, it runs what is missing.
#include <iostream>
#include <string>

#include "app/cli_args.h"
#include "app/command.h"
#include "config/config.h"
#include "store/migrations.h"
#include "store/store.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli migrate --config C [--check]\n"
    "Brings the store's schema up to this seteli's and prints\n"
    "'migrated store schema N to M' (or that it was up to date).\n"
    "With --check nothing changes: prints 'store schema N, this seteli M: up to\n"
    "date' or '...: K migrations to run'.\n"
    "Exit 0 up to date (or migrated); 1 with --check, migrations pending;\n"
    "2 usage, configuration or store error (also a store newer than this seteli).\n";

// "store schema 10, this seteli 12: 2 migrations to run"
std::string CheckLine(int found, int latest) {
  std::string line =
      "store schema " + std::to_string(found) + ", this seteli " + std::to_string(latest) + ": ";
  if (found == latest) return line + "up to date";
  if (found > latest) return line + "newer than this seteli; run a newer seteli";
  int pending = latest - found;
  return line + std::to_string(pending) + (pending == 1 ? " migration" : " migrations") + " to run";
}

int Check(const std::string& store_url) {
  auto found = store::PeekSchemaVersion(store_url);
  if (!found.ok()) return UsageError(found.error(), "");
  int latest = store::LatestSchemaVersion();
  std::cout << CheckLine(found.value(), latest) << "\n";
  if (found.value() > latest) return kExitUsage;
  return found.value() == latest ? kExitOk : kExitRejected;
}

int Migrate(const std::string& store_url) {
  auto opened = store::OpenStore(store_url);  // opening migrates
  if (!opened.ok()) return UsageError(opened.error(), "");
  auto migrated = store::MigratedLine(*opened.value());
  std::cout << migrated.value_or("store schema " + std::to_string(store::LatestSchemaVersion()) +
                                 ": up to date")
            << "\n";
  return kExitOk;
}

int RunMigrate(int argc, char** argv) {
  CommandStart start = StartCommand(argc, argv, {"--config"}, {"--check"}, {"--config"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto config = config::LoadServeConfig(*a.Get("--config"));
  if (!config.ok()) return UsageError(config.error(), "");
  return a.Flag("--check") ? Check(config.value().store_url) : Migrate(config.value().store_url);
}

const CommandRegistration kMigrate{
    {"migrate", "check or run the store's schema migrations (operations)", &RunMigrate}};

}  // namespace
}  // namespace seteli::app
