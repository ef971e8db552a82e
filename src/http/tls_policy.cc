#include "http/tls_policy.h"

#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <openssl/ssl.h>

namespace seteli::http {

std::optional<std::string> PolicyFault(const TlsPolicy& policy) {
  if (policy.min_version != "1.2" && policy.min_version != "1.3") {
    return "min_version: \"1.2\" or \"1.3\", not \"" + policy.min_version + "\"";
  }
  if (policy.ciphers.empty()) return "ciphers: must not be empty";
  return std::nullopt;
}

Poco::Net::Context::Ptr ServerContext(const std::string& key, const std::string& certificate,
                                      const TlsPolicy& policy) {
  Poco::Net::initializeSSL();
  Poco::Net::Context::Params params;
  params.privateKeyFile = key;
  params.certificateFile = certificate;
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;
  params.cipherList = policy.ciphers;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  SSL_CTX* ctx = context->sslContext();
  int version = policy.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(ctx, version) != 1) {
    throw Poco::Net::SSLContextException("cannot require TLS " + policy.min_version);
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return context;
}

}  // namespace seteli::http
