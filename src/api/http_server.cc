#include "api/http_server.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <boost/system/system_error.hpp>
#include <chrono>
#include <optional>

#include "api/routes.h"
#include "daemon/json_log.h"
#include "http/server.h"
#include "http/tls_policy.h"

namespace seteli::api {
namespace {

// The path decoded and the query parameters; throws Poco::SyntaxException
// on a malformed escape (GET /%zz), answered 400. The body is moved, not
// copied: a 31 MB invoice is alive once (docs/performance-history.md, "Memory").
Request ToRequest(http::Request& req, ApiState& state) {
  Request r;
  r.method = req.method;
  r.principal = state.auth.Identify(req.Get("Authorization"));
  r.content_type = req.Get("Content-Type");
  r.cookie = req.Get("Cookie");
  r.tls = state.config.tls_certificate.has_value();
  Poco::URI uri(req.target);
  r.path = uri.getPath();
  for (const auto& [k, v] : uri.getQueryParameters()) r.query[k] = v;
  r.body = std::move(req.body);
  return r;
}

http::Response ToResponse(const Reply& reply) {
  http::Response r;
  r.status = reply.status;
  r.headers.push_back({"Content-Type", reply.content_type});
  for (const auto& [name, value] : reply.headers) r.headers.push_back({name, value});
  r.body = reply.body;
  r.route = reply.route;
  r.close = reply.status == 408 || reply.status == 413 || reply.status == 400;
  return r;
}

// What the headers alone settle, before a byte of the body is read: a
// request declaring a body without a valid token is answered at once (the
// server has refused a declared size over the limit already); a slow or
// endless body costs nothing.
std::optional<http::Response> RefusedByHeaders(const http::Request& req, ApiState& state) {
  if (!req.DeclaresBody() || req.Path().rfind("/v1/", 0) != 0) return std::nullopt;
  if (state.auth.Identify(req.Get("Authorization"))) return std::nullopt;
  return ToResponse(ErrorReply(401, "unauthorized", "a valid bearer token is required"));
}

http::Response Handle(ApiState& state, http::Request& req) {
  try {
    Request request = ToRequest(req, state);
    Reply reply = Route(state, request);
    if (reply.key.empty() && request.principal) reply.key = request.principal->name;
    http::Response response = ToResponse(reply);
    response.key = reply.key;
    return response;
  } catch (const Poco::Exception& e) {
    return ToResponse(ErrorReply(400, "bad_request", e.displayText()));
  } catch (const std::exception& e) {
    daemon::JsonLog::Error("unexpected failure", {{"what", e.what()}});
    return ToResponse(ErrorReply(500, "internal", "unexpected failure"));
  }
}

// Every request, the ones the server refused itself too (malformed head,
// forbidden framing, a deadline passed): logged and counted. The path as
// sent, not decoded: a malformed escape is still logged. The key by its
// name, never its value or hash.
void LogRequest(ApiState& state, const http::Request& req, const http::Response& resp,
                std::chrono::milliseconds took) {
  state.metrics.CountRequest(resp.route, resp.status);
  daemon::JsonLog::Fields fields{{"method", req.method},
                                 {"path", req.Path()},
                                 {"status", resp.status},
                                 {"ms", static_cast<long long>(took.count())},
                                 {"client", req.client}};
  if (!resp.key.empty()) fields.push_back({"key", resp.key});
  daemon::JsonLog::Info("request", fields);
}

http::Handlers ApiHandlers(ApiState* state) {
  http::Handlers h;
  h.check = [state](const http::Request& req) { return RefusedByHeaders(req, *state); };
  h.handle = [state](http::Request& req) { return Handle(*state, req); };
  h.answered = [state](const http::Request& req, const http::Response& resp,
                       std::chrono::milliseconds took) { LogRequest(*state, req, resp, took); };
  // Every reply is taken for what its Content-Type says, and a page loads
  // nothing: its CSS is inline, it has no scripts, images or forms, and no
  // other site may frame it.
  h.common_headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'; frame-ancestors 'none'"}};
  return h;
}

http::ServerLimits Limits(const ServeConfig& c) {
  http::ServerLimits l;
  l.request_deadline = std::chrono::seconds(c.request_timeout_seconds);
  l.keep_alive = std::chrono::seconds(c.keep_alive_seconds);
  l.max_connections = c.max_connections;
  l.per_address = c.max_connections_per_address;
  l.max_handling = c.threads;
  l.shutdown = std::chrono::seconds(c.shutdown_seconds);
  l.max_body_bytes = c.max_body_bytes;
  return l;
}

}  // namespace

HttpServer::HttpServer(ApiState* state) : state_(state) {}
HttpServer::~HttpServer() { Stop(); }

Result<store::Done> HttpServer::Start() {
  const ServeConfig& c = state_->config;
  try {
    auto tls = c.tls_certificate ? http::ServerContext(*c.tls_key, *c.tls_certificate, c.tls_policy)
                                 : nullptr;
    server_ = std::make_unique<http::Server>(Limits(c), ApiHandlers(state_));
    server_->Start(c.listen_host, c.listen_port, std::move(tls));
  } catch (const http::TlsError& e) {
    return Error{"tls_error", e.what(), ""};
  } catch (const boost::system::system_error& e) {
    server_.reset();
    return Error{"listen_failed", e.what(), c.listen_host + ":" + std::to_string(c.listen_port)};
  }
  return store::Done{};
}

int HttpServer::port() const { return server_ ? server_->port() : 0; }

void HttpServer::Stop() {
  if (!server_) return;
  if (!server_->Stop()) {
    daemon::JsonLog::Warn("shutdown deadline passed; the requests still in flight were cut",
                          {{"shutdown_seconds", state_->config.shutdown_seconds}});
  }
  server_.reset();
}

}  // namespace seteli::api
