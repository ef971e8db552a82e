#include "daemon/version.h"

#include "store/migrations.h"

namespace seteli::daemon {

// SETELI_VERSION comes from the project() line, for this file only.
std::string SeteliVersion() { return SETELI_VERSION; }

std::string VersionLine() {
  return "seteli " + SeteliVersion() + " (store schema " +
         std::to_string(store::LatestSchemaVersion()) + ")";
}

}  // namespace seteli::daemon
