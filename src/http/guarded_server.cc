#include "http/guarded_server.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>

#include <optional>

namespace seteli::http {

struct GuardedServer::Shared {
  Shared(ServerLimits l, Handler h, std::function<void(const Refusal&)> r)
      : limits(l),
        handler(std::move(h)),
        on_refused(std::move(r)),
        watch(l.per_address, l.request_deadline),
        turns(l.max_handling),
        params(new Poco::Net::HTTPServerParams) {
    params->setMaxThreads(l.max_connections);
    // Connections waiting for a thread when all are taken: few, since
    // each address holds at most its cap and a thread is cheap.
    params->setMaxQueued(64);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(l.keep_alive.count(), 0));
    // Each read and write: beyond the request's deadline, so that the watch
    // cuts a late request (and it is answered 408) before a read times out.
    params->setTimeout(Poco::Timespan(l.request_deadline.count() + 2, 0));
  }

  ServerLimits limits;
  Handler handler;
  std::function<void(const Refusal&)> on_refused;
  ConnectionWatch watch;
  std::counting_semaphore<> turns;
  Poco::Net::HTTPServerParams::Ptr params;
};

RequestProgress::~RequestProgress() {
  if (has_turn_) turns_->release();
}

void RequestProgress::Received() {
  if (has_turn_) return;
  watch_->Received(id_);
  turns_->acquire();
  has_turn_ = true;
}

namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using Poco::Net::StreamSocket;

std::string PeerHost(const StreamSocket& s) {
  try {
    return s.peerAddress().host().toString();
  } catch (const Poco::Exception&) {
    return "";  // already gone
  }
}

struct Fault {
  int status;
  std::string code;
  std::string message;
};

// RFC 9112 6.1 and 6.3: a transfer coding other than chunked cannot be read
// (501); one beside a Content-Length makes the body's length ambiguous, the
// ground of request smuggling (400). Either way the connection is closed.
std::optional<Fault> FramingFault(const HTTPServerRequest& req) {
  int codings = 0;
  std::string value;
  for (const auto& [name, v] : req) {
    if (Poco::icompare(name, "Transfer-Encoding") == 0) {
      ++codings;
      value = v;
    }
  }
  if (codings == 0) return std::nullopt;
  if (req.has("Content-Length")) {
    return Fault{400, "ambiguous_length", "Transfer-Encoding with Content-Length"};
  }
  if (codings > 1 || Poco::icompare(Poco::trim(value), "chunked") != 0) {
    return Fault{501, "unsupported_transfer_encoding",
                 "only Transfer-Encoding: chunked is understood"};
  }
  return std::nullopt;
}

class GuardedConnection : public Poco::Net::TCPServerConnection {
 public:
  GuardedConnection(const StreamSocket& s, GuardedServer::Shared* shared)
      : TCPServerConnection(s), shared_(shared), client_(PeerHost(s)) {}

  void run() override {
    ConnectionWatch& watch = shared_->watch;
    auto id = watch.Open(client_, socket().impl()->sockfd());
    if (!id) return;  // its address holds its cap already: closed unanswered
    struct Closed {
      ConnectionWatch& watch;
      ConnectionWatch::Id id;
      ~Closed() { watch.Close(id); }
    } closed{watch, *id};
    try {
      Poco::Net::HTTPServerSession session(socket(), shared_->params);
      while (!watch.stopping() && session.hasMoreRequests()) {
        watch.Reading(*id);
        if (!ServeOne(session, *id)) return;
        watch.AwaitNext(*id);
      }
    } catch (const Poco::Exception&) {
      // The client went away, or its connection was cut: nothing to answer.
    }
  }

 private:
  // False when the connection is to close.
  bool ServeOne(Poco::Net::HTTPServerSession& session, ConnectionWatch::Id id) {
    Poco::Net::HTTPServerResponseImpl response(session);
    try {
      Poco::Net::HTTPServerRequestImpl request(response, session, shared_->params.get());
      response.setDate(Poco::Timestamp());
      response.setVersion(request.getVersion());
      response.setKeepAlive(shared_->params->getKeepAlive() && request.getKeepAlive() &&
                            session.canKeepAlive());
      if (auto fault = FramingFault(request)) {
        Refuse(response, *fault);
        return false;
      }
      RequestProgress progress(&shared_->watch, id, &shared_->turns);
      shared_->handler(request, response, progress);
      session.setKeepAlive(shared_->params->getKeepAlive() && response.getKeepAlive() &&
                           session.canKeepAlive());
      return true;
    } catch (const Poco::Net::NoMessageException&) {
      // Closed before a request began; past the deadline, say so.
      if (shared_->watch.Expired(id)) Refuse(response, TimedOut());
      return false;
    } catch (const Poco::Net::MessageException&) {
      Refuse(response, shared_->watch.Expired(id)
                           ? TimedOut()
                           : Fault{400, "bad_request", "malformed request line or headers"});
      return false;
    }
  }

  static Fault TimedOut() {
    return Fault{408, "request_timeout", "the request did not arrive within its deadline"};
  }

  void Refuse(HTTPServerResponse& response, const Fault& fault) {
    if (shared_->on_refused) shared_->on_refused(Refusal{client_, fault.status, fault.code});
    if (response.sent()) return;
    std::string body =
        "{\"error\":{\"code\":\"" + fault.code + "\",\"message\":\"" + fault.message + "\"}}";
    try {
      response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);  // also when the head was unreadable
      response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(fault.status));
      response.setContentType("application/json");
      response.setContentLength64(static_cast<Poco::Int64>(body.size()));
      response.setKeepAlive(false);
      response.send() << body;
    } catch (const Poco::Exception&) {
      // The client is gone.
    }
  }

  GuardedServer::Shared* shared_;
  std::string client_;
};

class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit ConnectionFactory(GuardedServer::Shared* shared) : shared_(shared) {}
  Poco::Net::TCPServerConnection* createConnection(const StreamSocket& s) override {
    return new GuardedConnection(s, shared_);
  }

 private:
  GuardedServer::Shared* shared_;
};

// Refuses an address at its cap before its connection waits for a thread
// (the connection itself checks again, exactly, when it starts).
class AddressFilter : public Poco::Net::TCPServerConnectionFilter {
 public:
  explicit AddressFilter(const ConnectionWatch* watch) : watch_(watch) {}
  bool accept(const StreamSocket& s) override { return !watch_->Full(PeerHost(s)); }

 private:
  const ConnectionWatch* watch_;
};

}  // namespace

GuardedServer::GuardedServer(ServerLimits limits, Handler handler,
                             std::function<void(const Refusal&)> on_refused)
    : shared_(std::make_unique<Shared>(limits, std::move(handler), std::move(on_refused))) {}

GuardedServer::~GuardedServer() { Stop(); }

void GuardedServer::Start(const Poco::Net::ServerSocket& socket) {
  threads_ = std::make_unique<Poco::ThreadPool>(2, shared_->limits.max_connections);
  server_ = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(shared_.get()), *threads_,
                                                   socket, shared_->params);
  server_->setConnectionFilter(new AddressFilter(&shared_->watch));
  server_->start();
}

int GuardedServer::port() const { return server_ ? server_->port() : 0; }

bool GuardedServer::Stop() {
  if (!server_) return true;
  server_->stop();  // no new connections; those still waiting for a thread are closed
  shared_->watch.Stop();
  bool answered = shared_->watch.Drain(std::chrono::steady_clock::now() + shared_->limits.shutdown);
  threads_->joinAll();
  server_.reset();
  return answered;
}

}  // namespace seteli::http
