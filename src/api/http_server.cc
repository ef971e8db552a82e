#include "api/http_server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "api/json_log.h"
#include "api/routes.h"

namespace seteli::api {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

struct BodyError {
  int status;
  std::string code;
  std::string message;
};

// Reads and drops what is left of a refused body (up to a bound), so the
// client, still sending, gets to read the error instead of a reset.
void Drain(std::istream& in) {
  char buf[65536];
  long long dropped = 0;
  while (in && dropped < (256LL << 20)) {
    in.read(buf, sizeof buf);
    dropped += in.gcount();
  }
}

BodyError TooLarge(long long limit) {
  return BodyError{413, "body_too_large", "the body is over " + std::to_string(limit) + " bytes"};
}

// The whole body, or a BodyError: over the limit, stalled past the read
// timeout, or shorter than its Content-Length (the client went away).
std::string ReadBody(HTTPServerRequest& req, long long limit, int timeout_seconds) {
  std::istream& in = req.stream();
  if (req.hasContentLength() && req.getContentLength64() > limit) {
    Drain(in);
    throw TooLarge(limit);
  }
  auto started = std::chrono::steady_clock::now();
  std::string body;
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<long long>(body.size()) > limit) {
      Drain(in);
      throw TooLarge(limit);
    }
  }
  if (req.hasContentLength() && static_cast<long long>(body.size()) != req.getContentLength64()) {
    if (std::chrono::steady_clock::now() - started >= std::chrono::seconds(timeout_seconds)) {
      throw BodyError{408, "request_timeout", "the body did not arrive in time"};
    }
    throw BodyError{400, "incomplete_body", "the body ended before its Content-Length"};
  }
  return body;
}

// Counts a request in flight for as long as it is handled, however its
// handling ends: the graceful stop waits for this count to reach zero.
class InFlight {
 public:
  explicit InFlight(std::atomic<int>& count) : count_(count) { ++count_; }
  ~InFlight() { --count_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<int>& count_;
};

// The path as sent, up to the query, not decoded: a malformed escape
// (GET /%zz) is still logged, where decoding it would throw.
std::string RawPath(const std::string& uri) { return uri.substr(0, uri.find('?')); }

Request ToRequest(HTTPServerRequest& req, const ApiState& state) {
  Request r;
  r.method = req.getMethod();
  Poco::URI uri(req.getURI());
  r.path = uri.getPath();
  for (const auto& [k, v] : uri.getQueryParameters()) r.query[k] = v;
  r.principal = state.auth.Identify(req.get("Authorization", ""));
  return r;
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ApiHandler(ApiState* state) : state_(state) {}

  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
    InFlight counted(state_->in_flight);
    auto started = std::chrono::steady_clock::now();
    Reply reply = Handle(req);
    Send(resp, reply);
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - started;
    state_->metrics.CountRequest(reply.route, reply.status);
    JsonLog::Info("request", {{"method", req.getMethod()},
                              {"path", RawPath(req.getURI())},
                              {"status", std::to_string(reply.status)},
                              {"ms", std::to_string(static_cast<long long>(took.count()))},
                              {"client", req.clientAddress().host().toString()}});
  }

 private:
  Reply Handle(HTTPServerRequest& req) {
    try {
      Request r = ToRequest(req, *state_);
      if (r.method == "POST" || r.method == "PUT") {
        r.body = ReadBody(req, state_->config.max_body_bytes, state_->config.request_timeout_seconds);
      }
      return Route(*state_, r);
    } catch (const BodyError& e) {
      return ErrorReply(e.status, e.code, e.message);
    } catch (const Poco::TimeoutException&) {
      return ErrorReply(408, "request_timeout", "the body did not arrive in time");
    } catch (const Poco::Exception& e) {
      return ErrorReply(400, "bad_request", e.displayText());
    } catch (const std::exception& e) {
      JsonLog::Error("unexpected failure", {{"what", e.what()}});
      return ErrorReply(500, "internal", "unexpected failure");
    }
  }

  static void Send(HTTPServerResponse& resp, const Reply& reply) {
    try {
      resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
      resp.setContentType(reply.content_type);
      resp.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
      for (const auto& [name, value] : reply.headers) resp.set(name, value);
      if (reply.status == 408 || reply.status == 413 || reply.status == 400) resp.setKeepAlive(false);
      resp.send() << reply.body;
    } catch (const Poco::Exception&) {
      // The client is gone; what was stored stays stored (a resend is a duplicate).
    }
  }

  ApiState* state_;
};

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ApiHandlerFactory(ApiState* state) : state_(state) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new ApiHandler(state_);
  }

 private:
  ApiState* state_;
};

Poco::Net::ServerSocket Listen(const ServeConfig& c) {
  Poco::Net::SocketAddress address(c.listen_host, static_cast<Poco::UInt16>(c.listen_port));
  if (!c.tls_certificate) return Poco::Net::ServerSocket(address, 256);
  Poco::Net::initializeSSL();
  Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_SERVER_USE, *c.tls_key, *c.tls_certificate, "",
      Poco::Net::Context::VERIFY_NONE);
  return Poco::Net::SecureServerSocket(address, 256, context);
}

}  // namespace

HttpServer::HttpServer(ApiState* state) : state_(state) {}
HttpServer::~HttpServer() { Stop(); }

Result<store::Done> HttpServer::Start() {
  const ServeConfig& c = state_->config;
  try {
    Poco::Net::ServerSocket socket = Listen(c);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(c.threads);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setTimeout(Poco::Timespan(c.request_timeout_seconds, 0));
    threads_ = std::make_unique<Poco::ThreadPool>(2, c.threads);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new ApiHandlerFactory(state_), *threads_,
                                                      socket, params);
    server_->start();
  } catch (const Poco::Net::SSLException& e) {
    return Error{"tls_error", e.displayText(), ""};
  } catch (const Poco::Exception& e) {
    return Error{"listen_failed", e.displayText(), c.listen_host + ":" + std::to_string(c.listen_port)};
  }
  return store::Done{};
}

int HttpServer::port() const { return server_ ? server_->port() : 0; }

void HttpServer::Stop() {
  if (!server_) return;
  server_->stopAll(false);  // idle connections close; a request in flight is answered first
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(state_->config.shutdown_seconds);
  while (state_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (state_->in_flight.load() > 0) {
    JsonLog::Warn("shutdown deadline passed; cutting the requests still in flight",
                  {{"in_flight", std::to_string(state_->in_flight.load())}});
    server_->stopAll(true);  // shuts their sockets: a read or write in progress fails
  }
  threads_->joinAll();
  server_.reset();
}

}  // namespace seteli::api
