// seteli serve: the daemon. HTTP API on the store; SIGTERM (or SIGINT)
// stops it gracefully, finishing and answering the requests in flight;
// SIGHUP re-reads the rulebook file.
#include <signal.h>

#include <fstream>
#include <iostream>

#include "api/config.h"
#include "api/daemon_setup.h"
#include "api/http_server.h"
#include "api/json_log.h"
#include "app/cli_args.h"
#include "app/command.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli serve --config C [--port-file F]\n"
    "Runs the daemon: the JSON API (docs/api.md) on the store named in C\n"
    "(docs/operations.md). --port-file: write the bound port there once listening\n"
    "(useful with listen: 127.0.0.1:0). SIGTERM stops gracefully; SIGHUP reloads\n"
    "the rulebook file. Exit 0 after a graceful stop; 2 on a configuration error.\n";

sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

// Waits for signals until one asks to stop.
void WaitForStop(api::ApiState& state, const sigset_t& set) {
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig != SIGHUP) {
      api::JsonLog::Info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      return;
    }
    auto reloaded = api::ReloadRulebookFile(state);
    if (!reloaded.ok()) {
      api::JsonLog::Error("rulebook reload failed; the previous one stays active",
                          {{"error", ToLine(reloaded.error())}});
    }
  }
}

int RunServe(int argc, char** argv) {
  auto args = CliArgs::Parse(argc, argv, {"--config", "--port-file"}, {});
  if (!args.ok()) return UsageError(args.error(), kUsage);
  if (args.value().Flag("--help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (auto missing = args.value().Require({"--config"})) return UsageError(*missing, kUsage);
  // Signals go to the waiting loop only, never to the request threads.
  sigset_t set = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto config = api::LoadServeConfig(*args.value().Get("--config"));
  if (!config.ok()) return UsageError(config.error(), kUsage);
  api::JsonLog::SetOutput(config.value().log_path);
  auto state = api::OpenApiState(config.value(), "system:serve");
  if (!state.ok()) {
    api::JsonLog::Error("cannot start", {{"error", ToLine(state.error())}});
    std::cerr << ToLine(state.error()) << "\n";
    return kExitUsage;
  }
  api::HttpServer server(state.value().get());
  auto started = server.Start();
  if (!started.ok()) {
    std::cerr << ToLine(started.error()) << "\n";
    return kExitUsage;
  }
  api::JsonLog::Info("listening", {{"port", std::to_string(server.port())},
                                   {"store", state.value()->store->backend()},
                                   {"tls", config.value().tls_certificate ? "on" : "off"}});
  if (auto port_file = args.value().Get("--port-file")) {
    std::ofstream(*port_file + ".tmp") << server.port() << "\n";
    std::rename((*port_file + ".tmp").c_str(), port_file->c_str());
  }
  WaitForStop(*state.value(), set);
  server.Stop();
  api::JsonLog::Info("stopped", {});
  return kExitOk;
}

const CommandRegistration kServe{{"serve", "the daemon: HTTP API on the store", &RunServe}};

}  // namespace
}  // namespace seteli::app
