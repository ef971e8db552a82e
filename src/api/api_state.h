// What the daemon's request handlers share: the daemon's state
// (daemon/daemon_state.h: configuration, the store, the catalog, the
// intake, the runs) and what only HTTP needs: access control, the pages'
// sessions and the metrics. Built once by `seteli serve`; everything in it
// is thread-safe.
#ifndef SETELI_API_API_STATE_H_
#define SETELI_API_API_STATE_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "api/metrics.h"
#include "api/sessions.h"
#include "api/token_auth.h"
#include "daemon/daemon_state.h"

namespace seteli::api {

struct ApiState : daemon::DaemonState {
  ApiState(ServeConfig c, std::unique_ptr<store::Store> s,
           std::shared_ptr<const daemon::Catalog> catalog)
      : daemon::DaemonState(std::move(c), std::move(s), std::move(catalog)),
        auth(config.tokens, store.get(), store->clock()),
        sessions(std::chrono::seconds(config.session_idle_seconds)) {}

  Authenticator auth;     // the config's tokens (reloaded) and the stored keys
  SessionStore sessions;  // the pages' sign-ins (api/portal_routes.h)
  Metrics metrics;
};

// The daemon's state opened as daemon::OpenDaemonState opens it, with the
// HTTP API's parts around it.
Result<std::unique_ptr<ApiState>> OpenApiState(const ServeConfig& config, const std::string& actor,
                                               std::vector<std::string>* notes = nullptr);

}  // namespace seteli::api

#endif  // SETELI_API_API_STATE_H_
