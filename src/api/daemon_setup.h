// Bringing up what `seteli serve` and `seteli ingest` share: the store
// (opened and migrated), the records of the config's provider and decision
// files that it lacks imported into it (registry_import.h), the rulebook,
// and the catalog built from them.
#ifndef SETELI_API_DAEMON_SETUP_H_
#define SETELI_API_DAEMON_SETUP_H_

#include <memory>
#include <string>
#include <vector>

#include "api/api_state.h"
#include "config/config.h"

namespace seteli::api {

// The rulebook is the store's current one; the config's file is read and
// stored only when the store has none yet (SIGHUP and PUT /v1/rulebook
// change it later).
// `notes`, when given, receives a line for each file record that differs
// from the store's, which is kept.
Result<std::unique_ptr<ApiState>> OpenApiState(const ServeConfig& config, const std::string& actor,
                                               std::vector<std::string>* notes = nullptr);

// One `warn` log line for each unverified field of `rulebook` (its
// `unverified` list, docs/formats.md), naming the field: at start and
// whenever a rulebook becomes current.
void LogUnverifiedFields(const Rulebook& rulebook);

// Reads the config's rulebook file and makes it current (SIGHUP).
Result<store::Done> ReloadRulebookFile(ApiState& state);

}  // namespace seteli::api

#endif  // SETELI_API_DAEMON_SETUP_H_
