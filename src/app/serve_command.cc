// seteli serve: the daemon. HTTP API on the store; SIGTERM (or SIGINT)
// stops it gracefully, finishing and answering the requests in flight;
// SIGHUP re-reads the rulebook file and the config's tokens, which are
// also re-read when the config file changes.
#include <signal.h>
#include <sysexits.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "api/api_state.h"
#include "api/http_server.h"
#include "api/token_reload.h"
#include "app/cli_args.h"
#include "app/command.h"
#include "app/inbound_hook.h"
#include "app/self_billing_drafter.h"
#include "config/config.h"
#include "daemon/allocator.h"
#include "daemon/daemon_setup.h"
#include "daemon/file_watch.h"
#include "daemon/json_log.h"
#include "daemon/run_service.h"
#include "daemon/version.h"
#include "export/output_file.h"
#include "operator/exchange_service.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli serve --config C [--port-file F] [--operator-port-file F]\n"
    "Runs the daemon: the JSON API (docs/api.md) on the store named in C\n"
    "(docs/operations.md). --port-file: write the bound port there once listening\n"
    "(useful with listen: 127.0.0.1:0). With an operator: block, also sends the\n"
    "outbox and takes the operator's posts; --operator-port-file: that listener's\n"
    "port. SIGTERM stops gracefully; SIGHUP reloads\n"
    "the rulebook file and the config's tokens (also reloaded when C changes).\n"
    "Exit 0 after a graceful stop; 2 on a configuration error.\n";

// How soon an edited config's tokens are taken: a stat this often is free.
constexpr std::chrono::seconds kConfigWatchEvery(2);

sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

// Waits for signals until one asks to stop.
void WaitForStop(api::ApiState& state, const std::string& config_path, const sigset_t& set) {
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig != SIGHUP) {
      daemon::JsonLog::Info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      return;
    }
    auto reloaded = daemon::ReloadRulebookFile(state);
    if (!reloaded.ok()) {
      daemon::JsonLog::Error("rulebook reload failed; the previous one stays active",
                             {{"error", ToLine(reloaded.error())}});
    }
    api::ReloadTokens(state, config_path, "SIGHUP");
  }
}

// Exits the process if the HTTP stop outlives its deadline: the stop cuts
// connections after limits.shutdown_seconds, but a handler stuck in a store
// that does not answer would still hold it. Exiting then is as safe as a
// SIGKILL, which loses nothing acknowledged.
class StopDeadline {
 public:
  explicit StopDeadline(int seconds)
      : thread_([this, seconds] {
          std::unique_lock<std::mutex> lock(mu_);
          if (cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return done_; })) return;
          daemon::JsonLog::Error("shutdown deadline passed; exiting with requests unfinished", {});
          std::_Exit(EX_SOFTWARE);
        }) {}
  ~StopDeadline() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// Whole or not at all: a test waiting for the file reads the port once.
void WritePortFile(const std::string& file, int port) {
  (void)exports::WriteOutputFile(file, std::to_string(port) + "\n");
}

// A failing hook leaves the message received for a later retry; say why.
exchange::InboundHook LoggedHook(exchange::InboundHook hook) {
  return [hook](const store::InboundMessage& m) {
    auto r = hook(m);
    if (!r.ok() && r.error().kind == ErrorKind::kAborted) {
      daemon::JsonLog::Warn(
          "inbound message taken over by another daemon; this one's verdict dropped",
          {{"message_id", m.message_id}, {"error", ToLine(r.error())}});
    } else if (!r.ok()) {
      daemon::JsonLog::Error("inbound message not handed on",
                             {{"message_id", m.message_id}, {"error", ToLine(r.error())}});
    }
    return r;
  };
}

// Every send to the operator that did not deliver, by message: a warning
// while it is retried, an error when it is given up (it waits in state
// failed for `seteli outbox --requeue`; docs/operations.md, alerts).
void LogSendFailure(const exchange::SendFailure& f) {
  daemon::JsonLog::Fields fields{{"message_id", f.message_id},
                                 {"result", f.result},
                                 {"attempt", f.attempt},
                                 {"error", f.error}};
  if (f.result == "retry") {
    fields.push_back({"retry_in_ms", f.retry_in_ms});
    daemon::JsonLog::Warn("operator send failed; retrying", fields);
  } else {
    daemon::JsonLog::Error("operator send given up; the message waits in the outbox as failed",
                           fields);
  }
}

// The operator exchange of the config's `operator:` block, if any: outbox
// sender, inbound listener, mailbox polling; its metrics join /metrics.
Result<std::unique_ptr<exchange::ExchangeService>> StartExchange(
    const std::string& config_path, api::ApiState& state, std::optional<std::string> port_file) {
  auto config = exchange::LoadOperatorConfig(config_path);
  if (!config.ok()) return config.error();
  if (!config.value()) return std::unique_ptr<exchange::ExchangeService>();
  auto started = exchange::ExchangeService::Start(
      *config.value(), state.store.get(), LoggedHook(MakeReceivingHook(state)), LogSendFailure);
  if (!started.ok()) return started.error();
  exchange::ExchangeService* ex = started.value().get();
  state.metrics.SetExtra([ex] { return ex->RenderMetrics(); });
  daemon::JsonLog::Info("operator exchange", {{"endpoint", config.value()->endpoint},
                                              {"inbound_port", ex->inbound_port()}});
  if (port_file) WritePortFile(*port_file, ex->inbound_port());
  return started;
}

int RunServe(int argc, char** argv) {
  CommandStart start = StartCommand(argc, argv, {"--config", "--port-file", "--operator-port-file"},
                                    {}, {"--config"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  // Before any thread starts, so that every thread is bound by it.
  daemon::LimitMallocArenas();
  // Signals go to the waiting loop only, never to the request threads.
  sigset_t set = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto config = config::LoadServeConfig(*a.Get("--config"));
  if (!config.ok()) return UsageError(config.error(), kUsage);
  daemon::JsonLog::SetOutput(config.value().log_path);
  std::vector<std::string> notes;
  auto state = api::OpenApiState(config.value(), "system:serve", &notes);
  for (const std::string& note : notes) daemon::JsonLog::Warn(note);
  if (!state.ok()) {
    daemon::JsonLog::Error("cannot start", {{"error", ToLine(state.error())}});
    std::cerr << ToLine(state.error()) << "\n";
    return kExitUsage;
  }
  daemon::LogUnverifiedFields(state.value()->catalogs.Get()->rulebook);
  // Monthly runs: queued by POST /v1/runs and, with a schedule, started on
  // the configured day; releases draw up self-billing invoices with the same
  // drafter.
  state.value()->self_billing_drafter = MakeSelfBillingDrafter();
  std::optional<daemon::RunSchedule> schedule;
  const int settlement_day = state.value()->catalogs.Get()->rulebook.settlement_day;
  if (config.value().schedule_runs) {
    schedule =
        daemon::RunSchedule{config.value().schedule_day, config.value().schedule_minute_of_day};
    const daemon::RunSchedule used =
        daemon::ScheduleFor(*schedule, state.value()->catalogs.Get()->rulebook);
    daemon::JsonLog::Info("run_schedule", {{"day", used.day},
                                           {"from", settlement_day ? "rulebook" : "config"},
                                           {"minute_of_day", used.minute_of_day}});
  } else if (settlement_day > 0) {
    // The rulebook says when; only the config makes this daemon run it.
    daemon::JsonLog::Warn("settlement_day_without_schedule", {{"settlement_day", settlement_day}});
  }
  // Runs a killed daemon left running read interrupted from the start.
  if (auto interrupted = state.value()->store->InterruptExpiredRuns(); interrupted.ok()) {
    for (const std::string& id : interrupted.value()) {
      daemon::JsonLog::Warn("run_interrupted", {{"run_id", id}});
    }
  }
  daemon::RunService runs(*state.value(), state.value()->self_billing_drafter, schedule);
  state.value()->runs = &runs;
  api::HttpServer server(state.value().get());
  auto started = server.Start();
  if (!started.ok()) {
    std::cerr << ToLine(started.error()) << "\n";
    return kExitUsage;
  }
  daemon::JsonLog::Info("listening", {{"version", daemon::SeteliVersion()},
                                      {"port", server.port()},
                                      {"store", state.value()->store->backend()},
                                      {"tls", config.value().tls_certificate ? "on" : "off"}});
  if (auto port_file = a.Get("--port-file")) {
    WritePortFile(*port_file, server.port());
  }
  auto exchange = StartExchange(*a.Get("--config"), *state.value(), a.Get("--operator-port-file"));
  if (!exchange.ok()) {
    std::cerr << ToLine(exchange.error()) << "\n";
    return kExitUsage;
  }
  const std::string config_path = *a.Get("--config");
  // Tokens changed in the config are taken without a restart or a signal.
  daemon::FileWatch config_watch(config_path, kConfigWatchEvery, [&] {
    api::ReloadTokens(*state.value(), config_path, "config changed");
  });
  WaitForStop(*state.value(), config_path, set);
  {
    StopDeadline deadline(config.value().shutdown_seconds + 10);
    server.Stop();
  }
  runs.Stop();  // the run in progress finishes first
  if (exchange.value()) exchange.value()->Stop();
  daemon::JsonLog::Info("stopped", {});
  return kExitOk;
}

const CommandRegistration kServe{{"serve", "the daemon: HTTP API on the store", &RunServe}};

}  // namespace
}  // namespace seteli::app
