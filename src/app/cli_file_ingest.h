// Loading one event file (JSON Lines, or CSV for *.csv) into the store
// through the daemon's intake, read and stored 1000 records at a time (a
// file of any size in bounded memory), with a progress bar on a terminal;
// housing absences in the file are stored too. Shared by `seteli ingest`
// and `seteli demo`.
#ifndef SETELI_APP_CLI_FILE_INGEST_H_
#define SETELI_APP_CLI_FILE_INGEST_H_

#include <string>

#include "daemon/daemon_state.h"

namespace seteli::app {

struct Tally {
  long long accepted = 0, duplicate = 0, rejected = 0, absences = 0;
};

// Each rejected event is printed to stderr as file:line: code: message.
// Returns false on a store failure (already reported): the batches before
// it are stored, and loading the file again is safe.
bool IngestFile(daemon::DaemonState& state, const std::string& path, Tally& t);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_FILE_INGEST_H_
