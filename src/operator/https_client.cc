#include "operator/https_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <optional>

namespace seteli::exchange {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using boost::system::error_code;
using Stream = ssl::stream<asio::ip::tcp::socket>;

Error Unavailable(const std::string& phase, const std::string& what) {
  return Error{"unavailable", phase + ": " + what};
}

// Runs one asynchronous step with a time limit. Asio's blocking calls have
// no timeouts, so each step is started asynchronously and the context run
// for at most `timeout_ms`; a step still pending then is cut off by closing
// the socket, which completes it with an error.
template <class Start>
error_code RunStep(asio::io_context& io, Stream& stream, int timeout_ms, Start start) {
  std::optional<error_code> result;
  start([&result](error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run_for(std::chrono::milliseconds(timeout_ms));
  if (result) return *result;
  error_code ignored;
  stream.lowest_layer().close(ignored);
  io.restart();
  io.run();
  return asio::error::timed_out;
}

// The status and body of a complete reply in `raw`, or nothing yet.
std::optional<HttpResponse> ParseReply(const std::string& raw, bool at_eof) {
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  HttpResponse r;
  if (raw.compare(0, 5, "HTTP/") != 0) return HttpResponse{-1, ""};
  size_t sp = raw.find(' ');
  r.status = std::atoi(raw.c_str() + sp + 1);
  std::string head = raw.substr(0, head_end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t cl = head.find("\r\ncontent-length:");
  std::string body = raw.substr(head_end + 4);
  if (cl == std::string::npos) {
    if (!at_eof) return std::nullopt;
    r.body = body;
    return r;
  }
  size_t length = std::strtoull(head.c_str() + cl + 17, nullptr, 10);
  if (body.size() < length) return std::nullopt;
  r.body = body.substr(0, length);
  return r;
}

std::string RequestText(const std::string& method, const Url& url, const std::string& body,
                        const Headers& headers) {
  std::string text = method + " " + url.target + " HTTP/1.1\r\nHost: " + url.host + ":" + url.port +
                     "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\n";
  for (const auto& [k, v] : headers) text += k + ": " + v + "\r\n";
  return text + "\r\n" + body;
}

}  // namespace

Result<Url> ParseUrl(const std::string& url) {
  const std::string scheme = "https://";
  if (url.rfind(scheme, 0) != 0) return Error{"bad_url", "not an https:// URL: " + url};
  std::string rest = url.substr(scheme.size());
  Url u;
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.target = rest.substr(slash);
  size_t colon = authority.rfind(':');
  u.host = authority.substr(0, colon);
  if (colon != std::string::npos) u.port = authority.substr(colon + 1);
  if (u.host.empty() || u.port.empty()) return Error{"bad_url", "no host or port in " + url};
  return u;
}

Result<HttpResponse> HttpsClient::Request(const std::string& method, const Url& url,
                                          const std::string& body, const Headers& headers) const {
  asio::io_context io;
  ssl::context ctx(ssl::context::tls_client);
  error_code ec;
  ctx.set_verify_mode(ssl::verify_peer);
  if (options_.ca_file.empty()) {
    ctx.set_default_verify_paths(ec);
  } else {
    ctx.load_verify_file(options_.ca_file, ec);
  }
  if (ec) return Error{"tls_config", "CA file " + options_.ca_file + ": " + ec.message()};
  if (!options_.client_cert_file.empty()) {
    ctx.use_certificate_chain_file(options_.client_cert_file, ec);
    if (!ec) ctx.use_private_key_file(options_.client_key_file, ssl::context::pem, ec);
    if (ec) return Error{"tls_config", "client certificate: " + ec.message()};
  }
  Stream stream(io, ctx);
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());

  asio::ip::tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) return Unavailable("resolve " + url.host, ec.message());
  ec = RunStep(io, stream, options_.connect_timeout_ms, [&](auto done) {
    asio::async_connect(stream.lowest_layer(), endpoints, done);
  });
  if (ec) return Unavailable("connect", ec.message());
  ec = RunStep(io, stream, options_.connect_timeout_ms,
               [&](auto done) { stream.async_handshake(ssl::stream_base::client, done); });
  if (ec) return Unavailable("TLS handshake", ec.message());
  std::string request = RequestText(method, url, body, headers);
  ec = RunStep(io, stream, options_.read_timeout_ms,
               [&](auto done) { asio::async_write(stream, asio::buffer(request), done); });
  if (ec) return Unavailable("send", ec.message());

  std::string raw;
  char buf[16384];
  for (;;) {
    size_t got = 0;
    ec = RunStep(io, stream, options_.read_timeout_ms, [&](auto done) {
      stream.async_read_some(asio::buffer(buf), [&got, done](error_code e, size_t n) mutable {
        got = n;
        done(e);
      });
    });
    raw.append(buf, got);
    // A server that closes without TLS close_notify ends the stream
    // "truncated"; the reply is judged by its Content-Length either way.
    bool eof = ec == asio::error::eof || ec == ssl::error::stream_truncated;
    if (ec && !eof) return Unavailable("read reply", ec.message());
    if (auto reply = ParseReply(raw, eof)) {
      if (reply->status < 0) return Unavailable("read reply", "not an HTTP reply");
      return *reply;
    }
    if (eof) return Unavailable("read reply", "the connection closed before the reply was complete");
  }
}

}  // namespace seteli::exchange
