#include "app/cli_state.h"

#include <vector>

#include "app/cli_args.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"

namespace seteli::app {

Result<std::unique_ptr<daemon::DaemonState>> OpenCliState(const std::string& config_path,
                                                          const std::string& actor) {
  auto config = config::LoadServeConfig(config_path);
  if (!config.ok()) return config.error();
  std::vector<std::string> notes;
  auto state = daemon::OpenDaemonState(config.value(), actor, &notes);
  Warn(notes);
  return state;
}

}  // namespace seteli::app
