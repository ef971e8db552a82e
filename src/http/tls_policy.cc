#include "http/tls_policy.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

namespace seteli::http {

std::optional<std::string> PolicyFault(const TlsPolicy& policy) {
  if (policy.min_version != "1.2" && policy.min_version != "1.3") {
    return "min_version: \"1.2\" or \"1.3\", not \"" + policy.min_version + "\"";
  }
  if (policy.ciphers.empty()) return "ciphers: must not be empty";
  return std::nullopt;
}

std::shared_ptr<boost::asio::ssl::context> ServerContext(const std::string& key,
                                                         const std::string& certificate,
                                                         const TlsPolicy& policy) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  if (context->use_certificate_chain_file(certificate, ec)) {
    throw TlsError("certificate " + certificate + ": " + ec.message());
  }
  if (context->use_private_key_file(key, ssl::context::pem, ec)) {
    throw TlsError("key " + key + ": " + ec.message());
  }
  SSL_CTX* ctx = context->native_handle();
  if (SSL_CTX_check_private_key(ctx) != 1) {
    throw TlsError("key " + key + " does not match certificate " + certificate);
  }
  if (SSL_CTX_set_cipher_list(ctx, policy.ciphers.c_str()) != 1) {
    throw TlsError("no cipher of \"" + policy.ciphers + "\" is usable");
  }
  int version = policy.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(ctx, version) != 1) {
    throw TlsError("cannot require TLS " + policy.min_version);
  }
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  return context;
}

}  // namespace seteli::http
