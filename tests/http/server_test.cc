// http::Server on real loopback sockets: what the head settles before the
// body is read, chunked bodies, deadlines, caps and the stop.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace seteli::http {
namespace {

using std::chrono::milliseconds;

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Writes `text`, then reads until the peer closes or `limit` passes.
std::string Exchange(int fd, const std::string& text, milliseconds limit) {
  if (!text.empty() && write(fd, text.data(), text.size()) < 0) return "";
  auto until = std::chrono::steady_clock::now() + limit;
  std::string got;
  for (;;) {
    auto left =
        std::chrono::duration_cast<milliseconds>(until - std::chrono::steady_clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) return got;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return got;
    got.append(buf, static_cast<size_t>(n));
  }
}

// A server whose check refuses a request without "Authorization: yes"
// and whose handler echoes the body, counting what it handled.
struct EchoServer {
  explicit EchoServer(ServerLimits limits = {}) : server(limits, MakeHandlers()) {
    server.Start("127.0.0.1", 0, nullptr);
  }
  Handlers MakeHandlers() {
    Handlers h;
    h.check = [](const Request& r) -> std::optional<Response> {
      if (r.Get("authorization") == "yes") return std::nullopt;
      return Response::Error(401, "unauthorized", "no");
    };
    h.handle = [this](const Request& r) {
      ++handled;
      if (r.target == "/slow") std::this_thread::sleep_for(milliseconds(1500));
      return Response::Json(200, r.body);
    };
    h.answered = [this](const Request&, const Response& r, milliseconds) {
      statuses.push_back(r.status);
    };
    return h;
  }
  int port() const { return server.port(); }

  std::atomic<int> handled{0};
  std::vector<int> statuses;  // written on the I/O thread: read after Stop
  Server server;
};

TEST(HttpServer, RefusesFromTheHeadWithoutWaitingForTheBody) {
  EchoServer s;
  int fd = Connect(s.port());
  auto started = std::chrono::steady_clock::now();
  std::string reply = Exchange(fd, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{",
                               milliseconds(3000));
  close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 401", 0), 0u) << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2500));
  EXPECT_EQ(s.handled, 0);
}

TEST(HttpServer, RefusesADeclaredBodyOverTheLimitUnread) {
  ServerLimits limits;
  limits.max_body_bytes = 10;
  EchoServer s(limits);
  int fd = Connect(s.port());
  std::string reply =
      Exchange(fd, "POST /x HTTP/1.1\r\nAuthorization: yes\r\nContent-Length: 11\r\n\r\n",
               milliseconds(3000));
  close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_EQ(s.handled, 0);
}

TEST(HttpServer, ReadsChunkedBodiesAndKeepsTheConnection) {
  EchoServer s;
  int fd = Connect(s.port());
  std::string reply = Exchange(fd,
                               "POST /x HTTP/1.1\r\nAuthorization: yes\r\nTransfer-Encoding: "
                               "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                               "GET /y HTTP/1.1\r\nAuthorization: yes\r\nConnection: close\r\n\r\n",
                               milliseconds(3000));
  close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(reply.find("\r\n\r\nabcde"), std::string::npos) << reply;
  EXPECT_NE(reply.find("HTTP/1.1 200", 1), std::string::npos) << reply;  // the second
  EXPECT_EQ(s.handled, 2);
}

// A body of several megabytes, read while it arrives in many segments.
TEST(HttpServer, ReadsALargeBody) {
  EchoServer s;
  int fd = Connect(s.port());
  const std::string body(3 << 20, 'b');
  std::string reply = Exchange(fd,
                               "POST /x HTTP/1.1\r\nAuthorization: yes\r\nConnection: "
                               "close\r\nContent-Length: " +
                                   std::to_string(body.size()) + "\r\n\r\n" + body,
                               milliseconds(5000));
  close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply.substr(0, 300);
  EXPECT_EQ(reply.size() - reply.find("\r\n\r\n") - 4, body.size());
}

// An HTTP/1.0 client keeps its connection only when it asks and is told.
TEST(HttpServer, KeepsAnHttp10ConnectionOnlyWhenAsked) {
  EchoServer s;
  int fd = Connect(s.port());
  std::string reply = Exchange(fd,
                               "GET /a HTTP/1.0\r\nAuthorization: yes\r\nConnection: "
                               "keep-alive\r\n\r\nGET /b HTTP/1.0\r\nAuthorization: yes\r\n\r\n",
                               milliseconds(3000));
  close(fd);
  size_t second = reply.find("HTTP/1.1 200", 1);
  ASSERT_NE(second, std::string::npos) << reply;
  EXPECT_NE(reply.substr(0, second).find("Connection: keep-alive\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: close\r\n", second), std::string::npos) << reply;
}

TEST(HttpServer, AnswersARequestStillArrivingAtItsDeadline408) {
  ServerLimits limits;
  limits.request_deadline = std::chrono::seconds(1);
  EchoServer s(limits);
  int fd = Connect(s.port());
  std::string reply;
  for (int i = 0; i < 4 && reply.empty(); ++i) {
    reply = Exchange(fd, i == 0 ? "GET / HTTP/1.1\r\nX-Slow: " : "x", milliseconds(500));
  }
  close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  s.server.Stop();
  EXPECT_EQ(s.statuses, std::vector<int>{408});
}

TEST(HttpServer, IdleConnectionsHoldNoWorker) {
  ServerLimits limits;
  limits.max_handling = 1;
  EchoServer s(limits);
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(Connect(s.port()));
    ASSERT_GE(idle.back(), 0);
    ASSERT_GT(write(idle.back(), "GET", 3), 0);  // a head that never ends
  }
  int fd = Connect(s.port());
  auto started = std::chrono::steady_clock::now();
  std::string reply = Exchange(
      fd, "GET /z HTTP/1.1\r\nAuthorization: yes\r\nConnection: close\r\n\r\n", milliseconds(2000));
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(1000));
  close(fd);
  for (int i : idle) close(i);
}

// SIGTERM's path: a request being handled is answered; idle connections
// close at once; a slow one is cut at the shutdown deadline.
TEST(HttpServer, StopAnswersWhatIsInFlightAndCutsTheRestAtTheDeadline) {
  ServerLimits limits;
  limits.shutdown = std::chrono::seconds(3);
  EchoServer s(limits);
  int busy = Connect(s.port());
  const std::string slow = "GET /slow HTTP/1.1\r\nAuthorization: yes\r\n\r\n";
  ASSERT_GT(write(busy, slow.data(), slow.size()), 0);
  int idle = Connect(s.port());
  EXPECT_EQ(Exchange(idle, "GET / HTTP/1.1\r\nAuthorization: yes\r\n\r\n", milliseconds(300))
                .rfind("HTTP/1.1 200", 0),
            0u);
  int late = Connect(s.port());
  ASSERT_GT(write(late, "GET", 3), 0);
  std::this_thread::sleep_for(milliseconds(200));
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.server.Stop());  // `late` was cut
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, milliseconds(2900));
  EXPECT_LT(took, milliseconds(4500));
  std::string answer = Exchange(busy, "", milliseconds(100));
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_EQ(Exchange(idle, "", milliseconds(100)), "");  // closed
  for (int fd : {busy, idle, late}) close(fd);
}

}  // namespace
}  // namespace seteli::http
