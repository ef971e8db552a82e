// The daemon's HTTP edge against hostile and broken clients: malformed
// requests, slow clients, framing the RFC forbids. A real daemon on
// SQLite, raw sockets from loopback addresses.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "daemon_process.h"
#include "pg_test_db.h"

namespace seteli::testing {
namespace {

using std::chrono::milliseconds;

std::unique_ptr<DaemonProcess> StartSqliteDaemon(const std::string& name, const std::string& extra = "") {
  auto d = std::make_unique<DaemonProcess>(TempDir(name), DaemonOptions{FreshSqliteUrl(), extra});
  EXPECT_TRUE(d->Start()) << d->log();
  return d;
}

// GET /%zz could not be logged, so it was never counted out of the
// requests in flight, and the graceful stop waited for it for ever.
TEST(HttpEdge, MalformedEscapeIsAnsweredLoggedAndDoesNotBlockTheStop) {
  auto d = StartSqliteDaemon("escape");
  int fd = ConnectFrom(d->port());
  ASSERT_GE(fd, 0);
  std::string reply = Exchange(fd, "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", milliseconds(2000));
  close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  d->Signal(SIGTERM);
  EXPECT_EQ(d->WaitFor(milliseconds(5000)), 0) << d->log();
  EXPECT_NE(d->log().find("\"status\":\"400\""), std::string::npos) << d->log();
}

}  // namespace
}  // namespace seteli::testing
