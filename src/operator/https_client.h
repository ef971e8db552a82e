// A small HTTPS client on Boost.Asio and OpenSSL for talking to the
// e-invoice operator: one request per connection, the server's certificate
// verified against a configured CA and its host name, an optional client
// certificate, and a time limit on connecting (TCP and TLS handshake) and
// on each read and write, so a stalled operator never holds a sender.
//
//   HttpsClient client({.ca_file = "ca.pem", .connect_timeout_ms = 5000});
//   Result<HttpResponse> r = client.Post(ParseUrl("https://op:8443/in").value(),
//                                        body, {{"Content-Type", "text/xml"}});
//
// Every transport failure (refused, reset, timed out, TLS) is an error with
// code "unavailable": retry later. A reply of any status is a value.
// Thread-safe: each call has its own connection and I/O context.
#ifndef SETELI_OPERATOR_HTTPS_CLIENT_H_
#define SETELI_OPERATOR_HTTPS_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

#include "seteli/status.h"

namespace seteli::exchange {

struct Url {
  std::string host;
  std::string port = "443";
  std::string target = "/";  // path and query
};

// "https://host[:port][/path]". Code "bad_url" otherwise (plain http is
// refused: the exchange carries invoices).
Result<Url> ParseUrl(const std::string& url);

struct HttpsOptions {
  std::string ca_file;           // PEM; empty: the system's trust store
  std::string client_cert_file;  // PEM chain; empty: no client certificate
  std::string client_key_file;   // PEM, unencrypted
  int connect_timeout_ms = 5000;
  int read_timeout_ms = 30000;   // per read or write
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpsClient {
 public:
  explicit HttpsClient(HttpsOptions options) : options_(std::move(options)) {}

  Result<HttpResponse> Request(const std::string& method, const Url& url, const std::string& body,
                               const Headers& headers) const;
  Result<HttpResponse> Post(const Url& url, const std::string& body, const Headers& headers) const {
    return Request("POST", url, body, headers);
  }

 private:
  HttpsOptions options_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_HTTPS_CLIENT_H_
