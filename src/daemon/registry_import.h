// Loading the config's provider and decision files into the store. The
// store is the one source of truth once it has a record: a record that the
// file and the store both hold but differ on (an address corrected through
// the API since) is never silently put back. Every command imports the
// records the store lacks and reports the differences, naming the records;
// `seteli import` is the explicit way to load the files over the store.
//
//   RegistryImport report;
//   auto done = ImportRegistryFiles(store, config, rulebook, "cli:run",
//                                   ImportMode::kNewOnly, report);
//   for (const std::string& note : report.notes) std::cerr << note << "\n";
#ifndef SETELI_DAEMON_REGISTRY_IMPORT_H_
#define SETELI_DAEMON_REGISTRY_IMPORT_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "seteli/rulebook.h"
#include "store/registry_store.h"

namespace seteli::daemon {

enum class ImportMode {
  kNewOnly,  // records the store lacks; differences are reported, not loaded
  kReplace,  // every record of the files, over what the store holds
};

struct RegistryImport {
  int providers_imported = 0;
  int decisions_imported = 0;
  // One line per record whose file and store versions differ: kept as the
  // store has it (kNewOnly) or replaced from the file (kReplace).
  std::vector<std::string> notes;
};

// Imports the files the config names (either may be absent). Checks every
// record first: a file that does not load changes nothing.
Result<store::Done> ImportRegistryFiles(store::RegistryStore& store,
                                        const config::ServeConfig& config, const Rulebook& rulebook,
                                        const std::string& actor, ImportMode mode,
                                        RegistryImport& report);

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_REGISTRY_IMPORT_H_
