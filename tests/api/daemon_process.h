// `seteli serve` as a child process for tests, with a config written into a
// temporary directory, and a small HTTP client to drive it.
#ifndef SETELI_TESTS_API_DAEMON_PROCESS_H_
#define SETELI_TESTS_API_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>

namespace seteli::testing {

// Tokens the test config knows: admin, finance, and provider 2345678-0
// (and provider 1960387-2 under "other-provider-token").
inline constexpr char kAdminToken[] = "admin-token";
inline constexpr char kFinanceToken[] = "finance-token";
inline constexpr char kProviderToken[] = "provider-token";
inline constexpr char kOtherProviderToken[] = "other-provider-token";
inline constexpr char kProvider[] = "2345678-0";

struct DaemonOptions {
  std::string store_url;
  std::string extra_config;  // appended YAML lines (limits:, tls:)
};

class DaemonProcess {
 public:
  DaemonProcess(std::string dir, DaemonOptions options);
  ~DaemonProcess();

  // Starts and waits until it listens; false on failure (see log()).
  bool Start();
  void Signal(int sig);
  // Waits for exit; returns the exit status (or 128+signal).
  int Wait();
  // As Wait, but gives up after `limit` and returns -1 (the process is
  // killed when this object goes).
  int WaitFor(std::chrono::milliseconds limit);
  int port() const { return port_; }
  std::string log() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  DaemonOptions options_;
  pid_t pid_ = -1;
  int port_ = 0;
};

struct HttpReply {
  int status = 0;  // 0: no reply (connection failed or closed)
  std::string body;
};

// One request on a fresh connection; status 0 when no reply came within
// `timeout`.
HttpReply Http(int port, const std::string& method, const std::string& path,
               const std::string& token, const std::string& body = "",
               std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A TCP connection to 127.0.0.1:`port` from the loopback address `from`
// (127.0.0.2 and so on: each its own client address to the daemon); -1 on
// failure. The caller closes it.
int ConnectFrom(int port, const std::string& from = "127.0.0.1");
// Writes `text` on `fd` and reads what comes back until the peer closes or
// `limit` passes.
std::string Exchange(int fd, const std::string& text, std::chrono::milliseconds limit);

// A valid event of provider 2345678-0 for the fixtures, with `id`.
std::string ValidEvent(const std::string& id);
std::string FixturesDir();
// A fresh, not yet existing directory under the system's temporary folder,
// unique to this process and call.
std::string TempDir(const std::string& name);

}  // namespace seteli::testing

#endif  // SETELI_TESTS_API_DAEMON_PROCESS_H_
