#include "api/http_server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <chrono>
#include <optional>

#include "api/json_log.h"
#include "api/routes.h"
#include "http/guarded_server.h"
#include "http/tls_policy.h"

namespace seteli::api {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

struct BodyError {
  int status;
  std::string code;
  std::string message;
};

BodyError TooLarge(long long limit) {
  return BodyError{413, "body_too_large", "the body is over " + std::to_string(limit) + " bytes"};
}

BodyError TimedOut() {
  return BodyError{408, "request_timeout",
                   "the request did not arrive within request_timeout_seconds"};
}

// Whether the request declares a body (RFC 9112 6.3). Any declared body is
// read (on a GET too, where its route ignores it) or the connection closes:
// left in the stream it would be read as the next request, and a proxy in
// front and the daemon would disagree on where requests begin.
bool DeclaresBody(const HTTPServerRequest& req) {
  return req.getChunkedTransferEncoding() ||
         (req.hasContentLength() && req.getContentLength64() > 0);
}

// What the headers alone settle, before a byte of the body is read: a
// request without a valid token, or declaring a body over the limit, is
// answered at once; a slow or endless body costs nothing.
std::optional<Reply> RefusedByHeaders(const HTTPServerRequest& req, const Request& r,
                                      long long limit) {
  if (r.path.rfind("/v1/", 0) == 0 && !r.principal) {
    return ErrorReply(401, "unauthorized", "a valid bearer token is required");
  }
  if (req.hasContentLength() && req.getContentLength64() > limit) {
    const BodyError e = TooLarge(limit);
    return ErrorReply(e.status, e.code, e.message);
  }
  return std::nullopt;
}

// The whole declared body, or a BodyError: over the limit, past the
// request's deadline, or shorter than its Content-Length (the client went
// away).
std::string ReadBody(HTTPServerRequest& req, HTTPServerResponse& resp, long long limit,
                     const http::RequestProgress& progress) {
  if (req.getExpectContinue()) resp.sendContinue();
  std::istream& in = req.stream();
  std::string body;
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<long long>(body.size()) > limit) throw TooLarge(limit);
  }
  if (progress.Expired()) throw TimedOut();
  if (req.hasContentLength() && static_cast<long long>(body.size()) != req.getContentLength64()) {
    throw BodyError{400, "incomplete_body", "the body ended before its Content-Length"};
  }
  return body;
}

// Reads and drops some of a body left unread after its reply was sent, so
// that a client still sending reads the reply instead of a reset. Bounded
// in bytes here and in time by the request's deadline, which still runs:
// a body is left unread only before the request counts as received.
void DrainUnread(std::istream& in) {
  char buf[65536];
  long long dropped = 0;
  try {
    while (in && dropped < (1LL << 20)) {
      in.read(buf, sizeof buf);
      dropped += in.gcount();
    }
  } catch (const Poco::Exception&) {
    // Cut at its deadline, or gone.
  }
}

// The path as sent, up to the query, not decoded: a malformed escape
// (GET /%zz) is still logged, where decoding it would throw.
std::string RawPath(const std::string& uri) { return uri.substr(0, uri.find('?')); }

Request ToRequest(HTTPServerRequest& req, const ApiState& state) {
  Request r;
  r.method = req.getMethod();
  r.principal = state.auth.Identify(req.get("Authorization", ""));
  r.content_type = req.get("Content-Type", "");
  r.cookie = req.get("Cookie", "");
  r.tls = state.config.tls_certificate.has_value();
  Poco::URI uri(req.getURI());
  r.path = uri.getPath();
  for (const auto& [k, v] : uri.getQueryParameters()) r.query[k] = v;
  return r;
}

class ApiHandler {
 public:
  explicit ApiHandler(ApiState* state) : state_(state) {}

  void operator()(HTTPServerRequest& req, HTTPServerResponse& resp,
                  http::RequestProgress& progress) {
    auto started = std::chrono::steady_clock::now();
    bool body_unread = DeclaresBody(req);
    Reply reply = Handle(req, resp, progress, body_unread);
    if (body_unread) resp.setKeepAlive(false);
    Send(resp, reply);
    if (body_unread) DrainUnread(req.stream());
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - started;
    state_->metrics.CountRequest(reply.route, reply.status);
    JsonLog::Info("request", {{"method", req.getMethod()},
                              {"path", RawPath(req.getURI())},
                              {"status", reply.status},
                              {"ms", static_cast<long long>(took.count())},
                              {"client", req.clientAddress().host().toString()}});
  }

 private:
  Reply Handle(HTTPServerRequest& req, HTTPServerResponse& resp, http::RequestProgress& progress,
               bool& body_unread) {
    try {
      Request r = ToRequest(req, *state_);
      if (DeclaresBody(req)) {
        if (auto refused = RefusedByHeaders(req, r, state_->config.max_body_bytes)) return *refused;
        r.body = ReadBody(req, resp, state_->config.max_body_bytes, progress);
        body_unread = false;
      }
      progress.Received();
      return Route(*state_, r);
    } catch (const BodyError& e) {
      return ErrorReply(e.status, e.code, e.message);
    } catch (const Poco::TimeoutException&) {
      const BodyError e = TimedOut();
      return ErrorReply(e.status, e.code, e.message);
    } catch (const Poco::Exception& e) {
      if (progress.Expired()) {
        const BodyError t = TimedOut();
        return ErrorReply(t.status, t.code, t.message);
      }
      return ErrorReply(400, "bad_request", e.displayText());
    } catch (const std::exception& e) {
      JsonLog::Error("unexpected failure", {{"what", e.what()}});
      return ErrorReply(500, "internal", "unexpected failure");
    }
  }

  static void Send(HTTPServerResponse& resp, const Reply& reply) {
    try {
      resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
      resp.setContentType(reply.content_type);
      resp.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
      // Every reply is taken for what its Content-Type says, and a page
      // loads nothing: its CSS is inline, it has no scripts, images or
      // forms, and no other site may frame it.
      resp.set("X-Content-Type-Options", "nosniff");
      resp.set("Content-Security-Policy",
               "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
               "form-action 'none'; frame-ancestors 'none'");
      for (const auto& [name, value] : reply.headers) resp.set(name, value);
      if (reply.status == 408 || reply.status == 413 || reply.status == 400) resp.setKeepAlive(false);
      resp.send() << reply.body;
    } catch (const Poco::Exception&) {
      // The client is gone; what was stored stays stored (a resend is a duplicate).
    }
  }

  ApiState* state_;
};

// A request the server answered itself (malformed head, forbidden framing,
// its deadline passed before the head was in): logged and counted as well.
void LogRefusal(ApiState* state, const http::Refusal& r) {
  state->metrics.CountRequest("other", r.status);
  JsonLog::Info("request", {{"status", r.status}, {"code", r.code}, {"client", r.client}});
}

http::ServerLimits Limits(const ServeConfig& c) {
  http::ServerLimits l;
  l.request_deadline = std::chrono::seconds(c.request_timeout_seconds);
  l.keep_alive = std::chrono::seconds(c.keep_alive_seconds);
  l.max_connections = c.max_connections;
  l.per_address = c.max_connections_per_address;
  l.max_handling = c.threads;
  l.shutdown = std::chrono::seconds(c.shutdown_seconds);
  return l;
}

Poco::Net::ServerSocket Listen(const ServeConfig& c) {
  Poco::Net::SocketAddress address(c.listen_host, static_cast<Poco::UInt16>(c.listen_port));
  if (!c.tls_certificate) return Poco::Net::ServerSocket(address, 256);
  return Poco::Net::SecureServerSocket(
      address, 256, http::ServerContext(*c.tls_key, *c.tls_certificate, c.tls_policy));
}

}  // namespace

HttpServer::HttpServer(ApiState* state) : state_(state) {}
HttpServer::~HttpServer() { Stop(); }

Result<store::Done> HttpServer::Start() {
  const ServeConfig& c = state_->config;
  try {
    Poco::Net::ServerSocket socket = Listen(c);
    server_ = std::make_unique<http::GuardedServer>(
        Limits(c), ApiHandler(state_),
        [state = state_](const http::Refusal& r) { LogRefusal(state, r); });
    server_->Start(socket);
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
  if (!server_->Stop()) {
    JsonLog::Warn("shutdown deadline passed; the requests still in flight were cut",
                  {{"shutdown_seconds", state_->config.shutdown_seconds}});
  }
  server_.reset();
}

}  // namespace seteli::api
