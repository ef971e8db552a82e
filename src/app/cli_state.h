// The daemon's state opened by a CLI command that works on the store (run,
// release, review, ingest): the config read, the store opened and the
// registry imported, each note printed as a warning.
//
//   auto state = OpenCliState(*a.Get("--config"), "cli:run");
//   if (!state.ok()) return UsageError(state.error(), "");
#ifndef SETELI_APP_CLI_STATE_H_
#define SETELI_APP_CLI_STATE_H_

#include <memory>
#include <string>

#include "daemon/daemon_state.h"
#include "seteli/status.h"

namespace seteli::app {

Result<std::unique_ptr<daemon::DaemonState>> OpenCliState(const std::string& config_path,
                                                          const std::string& actor);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_STATE_H_
