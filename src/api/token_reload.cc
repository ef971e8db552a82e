#include "api/token_reload.h"

#include "daemon/json_log.h"

namespace seteli::api {

void ReloadTokens(ApiState& state, const std::string& config_path, const std::string& why) {
  auto config = config::LoadServeConfig(config_path);
  if (!config.ok()) {
    daemon::JsonLog::Error("tokens not reloaded; the ones before stay",
                           {{"reason", why}, {"error", ToLine(config.error())}});
    return;
  }
  const int count = static_cast<int>(config.value().tokens.size());
  state.auth.ReplaceTokens(std::move(config.value().tokens));
  daemon::JsonLog::Info("tokens reloaded", {{"reason", why}, {"tokens", count}});
}

}  // namespace seteli::api
