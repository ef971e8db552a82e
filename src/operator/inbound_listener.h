// The HTTPS listener the operator posts to: POST /v1/operator/inbound with
// the operator's bearer token, a file of framed messages in the body. 200
// only after the messages are stored (a duplicate MessageId too); 400 for
// a file without a readable frame; 401 without the token; 503 when the
// store does not answer (the operator delivers again later). Its own
// listener (operator.inbound_listen), so the operator's network path and
// certificate stay apart from the JSON API's.
#ifndef SETELI_OPERATOR_INBOUND_LISTENER_H_
#define SETELI_OPERATOR_INBOUND_LISTENER_H_

#include <memory>
#include <string>

#include "http/server.h"
#include "http/tls_policy.h"
#include "operator/inbound_endpoint.h"
#include "seteli/status.h"

namespace seteli::exchange {

struct InboundListenOptions {
  std::string host = "127.0.0.1";
  int port = 0;                   // 0: any free port
  std::string certificate, key;  // PEM; both empty: plain HTTP (behind a TLS proxy only)
  http::TlsPolicy tls;
  std::string token_sha256;       // the operator's bearer token, hashed
  long long max_body_bytes = 64LL << 20;
  http::ServerLimits limits = {.max_handling = 8};  // OperatorConfig::inbound_limits
};

class InboundListener {
 public:
  InboundListener(InboundEndpoint* endpoint, InboundListenOptions options);
  ~InboundListener();
  Result<int> Start();  // the bound port
  void Stop();

 private:
  InboundEndpoint* endpoint_;
  InboundListenOptions options_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_INBOUND_LISTENER_H_
