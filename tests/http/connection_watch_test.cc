// ConnectionWatch on socket pairs: the cap per address, the deadline of a
// request being read (its reading side shut when it passes), the stop.
#include "http/connection_watch.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace seteli::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A connected pair; the watch is given .server, the test writes on .client.
struct Pair {
  Pair() {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    server = fds[0];
    client = fds[1];
  }
  ~Pair() {
    close(server);
    close(client);
  }
  // Whether the server side reads end-of-stream within `limit`: its
  // reading side was shut (nothing is ever written to it here).
  bool ServerReadShut(milliseconds limit) const {
    pollfd p{server, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
    char c;
    return read(server, &c, 1) == 0;
  }
  int server, client;
};

TEST(ConnectionWatch, CapsConnectionsPerAddress) {
  ConnectionWatch watch(2, seconds(10));
  Pair a, b, c, d;
  auto first = watch.Open("192.0.2.1", a.server);
  ASSERT_TRUE(first);
  EXPECT_FALSE(watch.Full("192.0.2.1"));
  ASSERT_TRUE(watch.Open("192.0.2.1", b.server));
  EXPECT_TRUE(watch.Full("192.0.2.1"));
  EXPECT_FALSE(watch.Open("192.0.2.1", c.server));
  EXPECT_TRUE(watch.Open("192.0.2.2", d.server));  // another address
  watch.Close(*first);
  EXPECT_FALSE(watch.Full("192.0.2.1"));
  EXPECT_TRUE(watch.Open("192.0.2.1", c.server));
}

TEST(ConnectionWatch, ShutsARequestPastItsDeadlineAndOnlyThat) {
  ConnectionWatch watch(8, seconds(1));
  Pair late, received, idle;
  auto l = watch.Open("a", late.server);
  auto r = watch.Open("b", received.server);
  auto i = watch.Open("c", idle.server);
  watch.Received(*r);  // wholly received: handling takes as long as it takes
  watch.Received(*i);
  watch.AwaitNext(*i);  // idle between requests: the keep-alive timeout's affair
  EXPECT_FALSE(late.ServerReadShut(milliseconds(700)));
  EXPECT_TRUE(late.ServerReadShut(milliseconds(800)));
  EXPECT_TRUE(watch.Expired(*l));
  EXPECT_FALSE(watch.Expired(*r));
  EXPECT_FALSE(received.ServerReadShut(milliseconds(0)));
  EXPECT_FALSE(idle.ServerReadShut(milliseconds(0)));
  // The next request on the idle connection gets a deadline of its own.
  watch.Reading(*i);
  EXPECT_TRUE(idle.ServerReadShut(milliseconds(1500)));
}

TEST(ConnectionWatch, StopShutsIdleConnectionsAndDrainCutsTheRest) {
  ConnectionWatch watch(8, seconds(30));
  Pair idle, busy;
  auto i = watch.Open("a", idle.server);
  auto b = watch.Open("a", busy.server);
  watch.Received(*i);
  watch.AwaitNext(*i);
  watch.Received(*b);
  watch.Stop();
  EXPECT_TRUE(watch.stopping());
  EXPECT_TRUE(idle.ServerReadShut(milliseconds(100)));
  EXPECT_FALSE(busy.ServerReadShut(milliseconds(0)));
  EXPECT_FALSE(watch.Open("b", busy.client));  // no new ones
  watch.Close(*i);
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(watch.Drain(std::chrono::steady_clock::now() + milliseconds(300)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(300));
  EXPECT_TRUE(busy.ServerReadShut(milliseconds(100)));
  watch.Close(*b);
  EXPECT_TRUE(watch.Drain(std::chrono::steady_clock::now()));
}

}  // namespace
}  // namespace seteli::http
