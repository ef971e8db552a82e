// The TLS policy of the daemon's listeners: TLS 1.2 or later, and in TLS
// 1.2 only suites with forward secrecy (ECDHE) and authenticated
// encryption (AES-GCM, ChaCha20-Poly1305); TLS 1.3's suites all are. No
// client-initiated renegotiation (a cheap way to make the server work).
//
//   std::shared_ptr<boost::asio::ssl::context> c =
//       ServerContext(key_pem, certificate_pem, TlsPolicy{});
#ifndef SETELI_HTTP_TLS_POLICY_H_
#define SETELI_HTTP_TLS_POLICY_H_

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace seteli::http {

struct TlsPolicy {
  std::string min_version = "1.2";  // "1.2" or "1.3"
  // OpenSSL's cipher list notation, for TLS 1.2.
  std::string ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";
};

// Why `policy` cannot be used ("min_version: ..."), or nothing.
std::optional<std::string> PolicyFault(const TlsPolicy& policy);

struct TlsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A server context for the PEM files under `policy`. Throws TlsError when
// a file or the cipher list is refused.
std::shared_ptr<boost::asio::ssl::context> ServerContext(const std::string& key,
                                                         const std::string& certificate,
                                                         const TlsPolicy& policy);

}  // namespace seteli::http

#endif  // SETELI_HTTP_TLS_POLICY_H_
