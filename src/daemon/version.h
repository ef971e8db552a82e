// Which seteli this is: the project version of CMakeLists.txt and the store
// schema this binary migrates to. Shown by `seteli --version`, in
// /healthz, as the metric seteli_build_info and in the start log, so the
// engineer on call can tell which build answers.
//
//   std::cout << "seteli " << SeteliVersion() << "\n";
#ifndef SETELI_DAEMON_VERSION_H_
#define SETELI_DAEMON_VERSION_H_

#include <string>

namespace seteli::daemon {

// "0.1.0"
std::string SeteliVersion();

// "seteli 0.1.0 (store schema 12)"
std::string VersionLine();

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_VERSION_H_
