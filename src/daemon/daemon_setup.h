// Bringing up what `seteli serve` and `seteli ingest` share: the store
// (opened and migrated), the records of the config's provider and decision
// files that it lacks imported into it (registry_import.h), the rulebook,
// and the catalog built from them.
#ifndef SETELI_DAEMON_DAEMON_SETUP_H_
#define SETELI_DAEMON_DAEMON_SETUP_H_

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/daemon_state.h"

namespace seteli::daemon {

// The store, opened and migrated with the config's registry records it
// lacks imported, and the catalog built from its rulebook: what the
// daemon's state (and the HTTP API's around it) is made from.
struct OpenedStore {
  std::unique_ptr<store::Store> store;
  std::shared_ptr<const Catalog> catalog;
};

// The rulebook is the store's current one; the config's file is read and
// stored only when the store has none yet (SIGHUP and PUT /v1/rulebook
// change it later).
// `notes`, when given, receives a line for each file record that differs
// from the store's, which is kept.
Result<OpenedStore> OpenDaemonStore(const ServeConfig& config, const std::string& actor,
                                    std::vector<std::string>* notes = nullptr);

// The same as the state the CLI commands work with.
Result<std::unique_ptr<DaemonState>> OpenDaemonState(const ServeConfig& config,
                                                     const std::string& actor,
                                                     std::vector<std::string>* notes = nullptr);

// One `warn` log line for each unverified field of `rulebook` (its
// `unverified` list, docs/formats.md), naming the field: at start and
// whenever a rulebook becomes current.
void LogUnverifiedFields(const Rulebook& rulebook);

// Makes `rulebook` current: checks the stored decisions against it,
// records it in the store and swaps the catalog. Errors leave all as before.
Result<store::Done> ActivateRulebook(DaemonState& state, Rulebook rulebook, const std::string& text,
                                     const std::string& actor);

// Reads the config's rulebook file and makes it current (SIGHUP).
Result<store::Done> ReloadRulebookFile(DaemonState& state);

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_DAEMON_SETUP_H_
