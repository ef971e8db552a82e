// The HTTP/1.1 server under both listeners (the JSON API, the operator's
// inbound posts), on Boost.Asio and Beast's parser. One I/O thread reads
// every connection asynchronously, so an idle or slow connection costs a
// socket and some memory, never a thread; only requests wholly received
// go to the pool of `max_handling` workers. Its limits:
// - at most `max_connections` open (and no more than the process's file
//   descriptors allow, less a margin), `per_address` of them from one
//   client address: a further connection is closed unanswered;
// - each request, headers and body, within `request_deadline` of its first
//   byte (of the accept, TLS handshake included, for the first): else 408;
//   a connection idle for `keep_alive` between requests is closed;
// - headers within `max_header_bytes` (431), a body within `max_body_bytes`
//   (413, from Content-Length before a byte of it is read);
// - framing RFC 9112 forbids (a Transfer-Encoding other than chunked, or
//   beside a Content-Length) answered 501/400, never guessed at.
// Handlers.check sees each head before its body is read (a token, say) and
// may refuse it there; Handlers.handle runs on a worker with the whole
// request; Handlers.answered hears of every reply, the server's own too.
//
//   Server server(limits, handlers);
//   server.Start("127.0.0.1", 0, nullptr);  // listening when this returns
//   server.Stop();  // requests in flight answered, within limits.shutdown
#ifndef SETELI_HTTP_SERVER_H_
#define SETELI_HTTP_SERVER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace boost::asio::ssl {
class context;
}

namespace seteli::http {

struct ServerLimits {
  std::chrono::seconds request_deadline{15};
  std::chrono::seconds keep_alive{10};  // idle between requests
  int max_connections = 100000;
  int per_address = 512;
  int max_handling = 16;
  std::chrono::seconds shutdown{30};
  long long max_body_bytes = 32LL << 20;
  int max_header_bytes = 16 << 10;
};

struct Handlers {
  // From the head alone, on the I/O thread (keep it cheap): a response
  // refuses the request before its body is read.
  std::function<std::optional<Response>(const Request&)> check;
  // The whole request, on a worker; it may take the body (a large one is
  // moved on, not copied: docs/performance-history.md, "Memory").
  std::function<Response(Request&)> handle;
  // After every reply, the server's own (400, 408, 413, 431, 501) too.
  std::function<void(const Request&, const Response&, std::chrono::milliseconds took)> answered;
  // Sent with every reply.
  std::vector<Header> common_headers;
};

class Server {
 public:
  Server(ServerLimits limits, Handlers handlers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // TLS when `tls` is given. Throws boost::system::system_error when it
  // cannot listen.
  void Start(const std::string& host, int port, std::shared_ptr<boost::asio::ssl::context> tls);
  int port() const;
  // Stops accepting, closes idle connections, lets requests in flight be
  // answered; after limits.shutdown, cuts what is still open. False then.
  bool Stop();

  struct Core;

 private:
  std::unique_ptr<Core> core_;
};

}  // namespace seteli::http

#endif  // SETELI_HTTP_SERVER_H_
