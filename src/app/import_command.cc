// seteli import: loads the config's provider and decision files over what
// the store holds. Every other command imports only the records the store
// lacks, so a change made through the API is never silently undone; this
// is the explicit way to make the files win (docs/operations.md).
#include <iostream>

#include "app/cli_args.h"
#include "app/command.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"
#include "daemon/registry_import.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli import --config C\n"
    "Loads the providers and decisions files named in C into the store, replacing\n"
    "the store's records of the same IDs; prints each record it replaced. Exit 0:\n"
    "imported; 2: usage, configuration or store error (nothing imported).\n";

int RunImport(int argc, char** argv) {
  CommandStart start = StartCommand(argc, argv, {"--config"}, {}, {"--config"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto config = config::LoadServeConfig(*a.Get("--config"));
  if (!config.ok()) return UsageError(config.error(), kUsage);
  auto state = daemon::OpenDaemonState(config.value(), "cli:import");
  if (!state.ok()) return UsageError(state.error(), kUsage);
  daemon::RegistryImport report;
  auto done = daemon::ImportRegistryFiles(*state.value()->store, config.value(),
                                          state.value()->catalogs.Get()->rulebook, "cli:import",
                                          daemon::ImportMode::kReplace, report);
  if (!done.ok()) return UsageError(done.error(), "");
  for (const std::string& note : report.notes) std::cout << note << "\n";
  std::cout << report.providers_imported << " providers and " << report.decisions_imported
            << " decisions replaced from the files\n";
  return kExitOk;
}

const CommandRegistration kImport{
    {"import", "load the config's provider and decision files over the store", &RunImport}};

}  // namespace
}  // namespace seteli::app
