// seteli ingest: loads event files (JSON Lines or CSV) into the store with
// the same verdicts as POST /v1/events. Idempotent: loading a file again
// gives duplicates, never second copies.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli_args.h"
#include "app/cli_file_ingest.h"
#include "app/cli_state.h"
#include "app/command.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"
#include "daemon/event_intake.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli ingest --config C FILE...\n"
    "Loads events (JSON Lines, or CSV for *.csv) into the store named in C, in\n"
    "transactions of 1000. Each rejected event is printed to stderr as\n"
    "file:line: code: message; a summary follows on stdout. Exit 0: nothing\n"
    "rejected; 1: something was rejected; 2: usage, configuration or store error.\n";

int RunIngest(int argc, char** argv) {
  CommandStart start = StartCommand(argc, argv, {"--config"}, {}, {"--config"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  if (a.positional().empty()) return UsageError({"usage", "no FILE given", ""}, kUsage);
  auto state = OpenCliState(*a.Get("--config"), "cli:ingest");
  if (!state.ok()) return UsageError(state.error(), kUsage);
  Tally t;
  for (const std::string& path : a.positional()) {
    if (!IngestFile(*state.value(), path, t)) return kExitUsage;
  }
  std::cout << t.accepted << " accepted, " << t.duplicate << " duplicate, " << t.rejected
            << " rejected";
  if (t.absences) std::cout << ", " << t.absences << " absences stored";
  std::cout << "\n";
  return t.rejected ? kExitRejected : kExitOk;
}

const CommandRegistration kIngest{{"ingest", "load event files into the store", &RunIngest}};

}  // namespace
}  // namespace seteli::app
