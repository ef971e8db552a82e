#include "api/api_state.h"

#include "daemon/daemon_setup.h"

namespace seteli::api {

Result<std::unique_ptr<ApiState>> OpenApiState(const ServeConfig& config, const std::string& actor,
                                               std::vector<std::string>* notes) {
  auto opened = daemon::OpenDaemonStore(config, actor, notes);
  if (!opened.ok()) return opened.error();
  return std::make_unique<ApiState>(config, std::move(opened.value().store),
                                    std::move(opened.value().catalog));
}

}  // namespace seteli::api
