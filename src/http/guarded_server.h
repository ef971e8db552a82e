// The HTTP/1.1 server under both listeners. Poco parses, one pool thread a
// connection; around it, limits that keep slow or idle clients from taking
// the service down:
// - at most `max_connections` open (threads), `per_address` of them from
//   one client address: a further connection is closed unanswered;
// - each request, headers and body, within `request_deadline` of its first
//   byte (of the accept, for the first): then its reading side is shut and
//   it is answered 408;
// - at most `max_handling` requests executed at once, and only requests
//   wholly received wait for a turn: idle and slow connections never fill
//   the queue of work;
// - framing RFC 9112 forbids (a Transfer-Encoding other than chunked, or
//   with a Content-Length) answered 501/400, never guessed at.
// The handler checks what the headers already tell (token, declared size)
// before it reads a body, then calls progress.Received().
//
//   GuardedServer server(limits, handler, on_refused);
//   server.Start(socket);   // listening when this returns
//   server.Stop();          // requests in flight answered, within limits.shutdown
#ifndef SETELI_HTTP_GUARDED_SERVER_H_
#define SETELI_HTTP_GUARDED_SERVER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <semaphore>
#include <string>

#include "http/connection_watch.h"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
class ServerSocket;
class TCPServer;
}  // namespace Poco::Net

namespace seteli::http {

struct ServerLimits {
  std::chrono::seconds request_deadline{15};
  std::chrono::seconds keep_alive{10};  // idle between requests
  int max_connections = 256;
  int per_address = 8;
  int max_handling = 16;
  std::chrono::seconds shutdown{30};
};

// A request's way through the limits, for its handler.
class RequestProgress {
 public:
  RequestProgress(ConnectionWatch* watch, ConnectionWatch::Id id, std::counting_semaphore<>* turns)
      : watch_(watch), id_(id), turns_(turns) {}
  ~RequestProgress();
  RequestProgress(const RequestProgress&) = delete;
  RequestProgress& operator=(const RequestProgress&) = delete;

  // The request is wholly received: its deadline stops; waits for a turn
  // among the requests executed at once.
  void Received();
  // The deadline passed while the body was read (answer 408).
  bool Expired() const { return watch_->Expired(id_); }

 private:
  ConnectionWatch* watch_;
  ConnectionWatch::Id id_;
  std::counting_semaphore<>* turns_;
  bool has_turn_ = false;
};

// A request the server answered itself, for the log.
struct Refusal {
  std::string client;
  int status;
  std::string code;
};

class GuardedServer {
 public:
  using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&,
                                     RequestProgress&)>;
  GuardedServer(ServerLimits limits, Handler handler,
                std::function<void(const Refusal&)> on_refused);
  ~GuardedServer();

  // Throws Poco::Exception when it cannot listen.
  void Start(const Poco::Net::ServerSocket& socket);
  int port() const;
  // Stops accepting, closes idle connections, lets requests in flight be
  // answered; after limits.shutdown, cuts what is still open. False then.
  bool Stop();

  struct Shared;

 private:
  std::unique_ptr<Shared> shared_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace seteli::http

#endif  // SETELI_HTTP_GUARDED_SERVER_H_
