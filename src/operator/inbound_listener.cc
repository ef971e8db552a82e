#include "operator/inbound_listener.h"

#include <openssl/crypto.h>

#include <boost/system/system_error.hpp>

#include "formats/sha256.h"
#include "http/tls_policy.h"

namespace seteli::exchange {
namespace {

using http::JsonString;
using http::Response;

std::string IdsJson(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + JsonString(ids[i]);
  return out + "]";
}

bool Authorized(const http::Request& req, const std::string& token_sha256) {
  const std::string prefix = "Bearer ";
  std::string header = req.Get("Authorization");
  if (token_sha256.empty() || header.rfind(prefix, 0) != 0) return false;
  std::string hash = formats::Sha256Hex(header.substr(prefix.size()));
  return hash.size() == token_sha256.size() &&
         CRYPTO_memcmp(hash.data(), token_sha256.data(), hash.size()) == 0;
}

// From the headers alone (path, token), before a body is read; the server
// has refused a declared size over the limit already.
std::optional<Response> Refused(const http::Request& req, const InboundListenOptions& o) {
  if (req.target != "/v1/operator/inbound" || req.method != "POST") {
    return Response::Error(404, "not_found", "POST /v1/operator/inbound only");
  }
  if (!Authorized(req, o.token_sha256)) {
    return Response::Error(401, "unauthorized", "the operator's bearer token is required");
  }
  return std::nullopt;
}

// The whole file, received: stored, then acknowledged.
Response Store(InboundEndpoint* endpoint, const http::Request& req) {
  auto receipt = endpoint->Receive(req.body, "push");
  if (!receipt.ok()) {
    // The operator delivers again after a 503, not after a 400
    // (docs/operations.md).
    int status = receipt.error().kind == ErrorKind::kInvalid ? 400 : 503;
    Response r = Response::Error(status, receipt.error().code, receipt.error().message);
    r.close = false;
    return r;
  }
  return Response::Json(200, "{\"stored\":" + IdsJson(receipt.value().stored) +
                                 ",\"duplicates\":" + IdsJson(receipt.value().duplicates) + "}");
}

}  // namespace

InboundListener::InboundListener(InboundEndpoint* endpoint, InboundListenOptions options)
    : endpoint_(endpoint), options_(std::move(options)) {}

InboundListener::~InboundListener() { Stop(); }

Result<int> InboundListener::Start() {
  http::Handlers handlers;
  handlers.check = [o = &options_](const http::Request& req) { return Refused(req, *o); };
  handlers.handle = [endpoint = endpoint_](const http::Request& req) {
    return Store(endpoint, req);
  };
  http::ServerLimits limits = options_.limits;
  limits.max_body_bytes = options_.max_body_bytes;
  try {
    auto tls = options_.certificate.empty()
                   ? nullptr
                   : http::ServerContext(options_.key, options_.certificate, options_.tls);
    server_ = std::make_unique<http::Server>(limits, std::move(handlers));
    server_->Start(options_.host, options_.port, std::move(tls));
    return server_->port();
  } catch (const http::TlsError& e) {
    server_.reset();
    return Error{"listen_failed", std::string("operator inbound listener: ") + e.what()};
  } catch (const boost::system::system_error& e) {
    server_.reset();
    return Error{"listen_failed", std::string("operator inbound listener: ") + e.what()};
  }
}

void InboundListener::Stop() {
  if (!server_) return;
  server_->Stop();
  server_.reset();
}

}  // namespace seteli::exchange
