#include "operator/inbound_listener.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <openssl/crypto.h>

#include <cstdio>

#include "http/tls_policy.h"

namespace seteli::exchange {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void Answer(HTTPServerResponse& resp, int status, const std::string& body) {
  try {
    resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    resp.setContentType("application/json");
    resp.setContentLength64(static_cast<Poco::Int64>(body.size()));
    resp.send() << body;
  } catch (const Poco::Exception&) {
    // The operator is gone; what was stored stays stored (its resend is a duplicate).
  }
}

// A JSON string literal of `s`: a MessageId comes from the sender and may
// hold a quote, a backslash or a control character.
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string ErrorJson(const std::string& code, const std::string& message) {
  return "{\"error\":{\"code\":" + JsonString(code) + ",\"message\":" + JsonString(message) + "}}";
}

std::string IdsJson(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + JsonString(ids[i]);
  return out + "]";
}

bool Authorized(const HTTPServerRequest& req, const std::string& token_sha256) {
  const std::string prefix = "Bearer ";
  std::string header = req.get("Authorization", "");
  if (token_sha256.empty() || header.rfind(prefix, 0) != 0) return false;
  std::string hash = Sha256Hex(header.substr(prefix.size()));
  return hash.size() == token_sha256.size() &&
         CRYPTO_memcmp(hash.data(), token_sha256.data(), hash.size()) == 0;
}

// Refuses from the headers alone what it can (path, token, declared size)
// before reading a body; then reads it whole, within the size limit and
// the request's deadline, and stores it.
class Handler {
 public:
  Handler(InboundEndpoint* endpoint, const InboundListenOptions* o) : endpoint_(endpoint), o_(o) {}

  void operator()(HTTPServerRequest& req, HTTPServerResponse& resp,
                  http::RequestProgress& progress) {
    if (req.getURI() != "/v1/operator/inbound" || req.getMethod() != "POST") {
      return Refuse(req, resp, 404, ErrorJson("not_found", "POST /v1/operator/inbound only"));
    }
    if (!Authorized(req, o_->token_sha256)) {
      return Refuse(req, resp, 401,
                    ErrorJson("unauthorized", "the operator's bearer token is required"));
    }
    if (req.hasContentLength() && req.getContentLength64() > o_->max_body_bytes) {
      return Refuse(req, resp, 413, ErrorJson("body_too_large", "the file is too large"));
    }
    std::string body;
    try {
      // Without Content-Length or chunked coding there is no body (RFC
      // 9112 6.3), rather than one read until the connection closes.
      bool declared = req.hasContentLength() || req.getChunkedTransferEncoding();
      std::istream& in = req.stream();
      if (declared && req.getExpectContinue()) resp.sendContinue();
      char buf[65536];
      while (declared && in && static_cast<long long>(body.size()) <= o_->max_body_bytes) {
        in.read(buf, sizeof buf);
        body.append(buf, static_cast<size_t>(in.gcount()));
      }
    } catch (const Poco::Exception& e) {
      if (progress.Expired()) {
        return Answer(resp, 408,
                      ErrorJson("request_timeout", "the file did not arrive within the deadline"));
      }
      return Answer(resp, 400, ErrorJson("incomplete_body", e.displayText()));
    }
    if (static_cast<long long>(body.size()) > o_->max_body_bytes) {
      return Refuse(req, resp, 413, ErrorJson("body_too_large", "the file is too large"));
    }
    if (progress.Expired()) {
      return Answer(resp, 408,
                    ErrorJson("request_timeout", "the file did not arrive within the deadline"));
    }
    if (req.hasContentLength() && static_cast<long long>(body.size()) != req.getContentLength64()) {
      return Answer(resp, 400, ErrorJson("incomplete_body", "the body ended before its Content-Length"));
    }
    progress.Received();
    auto receipt = endpoint_->Receive(body, "push");
    if (!receipt.ok()) {
      // The operator delivers again after a 503, not after a 400
      // (docs/operations.md).
      int status = receipt.error().kind == ErrorKind::kInvalid ? 400 : 503;
      return Answer(resp, status, ErrorJson(receipt.error().code, receipt.error().message));
    }
    Answer(resp, 200, "{\"stored\":" + IdsJson(receipt.value().stored) +
                          ",\"duplicates\":" + IdsJson(receipt.value().duplicates) + "}");
  }

 private:
  // Answers with the body unread: the connection closes after some of what
  // the client is still sending is read and dropped (bounded, and in time
  // by the request's deadline), so that it reads the answer, not a reset.
  static void Refuse(HTTPServerRequest& req, HTTPServerResponse& resp, int status,
                     const std::string& body) {
    resp.setKeepAlive(false);
    Answer(resp, status, body);
    try {
      char buf[65536];
      long long dropped = 0;
      std::istream& in = req.stream();
      while (in && dropped < (1LL << 20)) {
        in.read(buf, sizeof buf);
        dropped += in.gcount();
      }
    } catch (const Poco::Exception&) {
      // Cut at its deadline, or gone.
    }
  }

  InboundEndpoint* endpoint_;
  const InboundListenOptions* o_;
};

}  // namespace

InboundListener::InboundListener(InboundEndpoint* endpoint, InboundListenOptions options)
    : endpoint_(endpoint), options_(std::move(options)) {}

InboundListener::~InboundListener() { Stop(); }

Result<int> InboundListener::Start() {
  try {
    Poco::Net::SocketAddress address(options_.host, static_cast<Poco::UInt16>(options_.port));
    Poco::Net::ServerSocket socket;
    if (options_.certificate.empty()) {
      socket = Poco::Net::ServerSocket(address, 128);
    } else {
      socket = Poco::Net::SecureServerSocket(
          address, 128, http::ServerContext(options_.key, options_.certificate, options_.tls));
    }
    server_ = std::make_unique<http::GuardedServer>(options_.limits, Handler(endpoint_, &options_),
                                                    nullptr);
    server_->Start(socket);
    return static_cast<int>(server_->port());
  } catch (const Poco::Exception& e) {
    return Error{"listen_failed", "operator inbound listener: " + e.displayText()};
  }
}

void InboundListener::Stop() {
  if (!server_) return;
  server_->Stop();
  server_.reset();
}

}  // namespace seteli::exchange
