// The `operator:` block of the daemon's configuration (docs/operations.md):
// where and how to reach the e-invoice operator, and how the operator
// reaches the daemon. Relative paths are taken from the config's folder.
//
//   operator:
//     endpoint: https://operator.example:443/finvoice/in
//     ca: certs/operator-ca.pem
//     inbound_token_sha256: 64 hex digits
#ifndef SETELI_OPERATOR_OPERATOR_CONFIG_H_
#define SETELI_OPERATOR_OPERATOR_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "http/server.h"
#include "http/tls_policy.h"
#include "operator/https_client.h"
#include "operator/outbox_sender.h"
#include "seteli/status.h"

namespace seteli::exchange {

struct OperatorConfig {
  std::string endpoint;       // https URL the outbox posts to; empty: no sending
  HttpsOptions https;         // CA, client certificate, timeouts
  SenderOptions sender;       // workers, retry limit, backoff
  std::string intermediator;  // the organizer's operator ID, e.g. BAWCFI22
  std::string einvoice_address;  // the organizer's e-invoice address (OVT)
  // SHA-256 (hex) of the bearer token the operator presents on
  // POST /v1/operator/inbound; empty: that route is closed.
  std::string inbound_token_sha256;
  // Where the operator posts to (its own listener): "HOST:PORT", TLS
  // certificate and key (PEM). Empty listen: no inbound listener.
  std::string inbound_listen;
  std::string inbound_certificate, inbound_key;
  http::TlsPolicy inbound_tls;  // inbound_tls_min_version, inbound_tls_ciphers
  // The listener's edge limits (http::Server): the deadline of each post
  // (inbound_request_timeout_seconds, 15) and connections per address
  // (inbound_max_connections_per_address, 512); a file's store takes a while,
  // so fewer are stored at once than the API executes.
  http::ServerLimits inbound_limits = {.max_handling = 8};
  // How long this daemon's claim on an inbound message it hands on lasts
  // unless renewed (renewed every third of it while the daemon lives): how
  // soon another daemon takes over a dead one's messages.
  int inbound_lease_seconds = 30;
  // How often messages whose hand-on failed (after their backoff, which is
  // the sender's backoff_base_ms/backoff_max_ms) are handed on again.
  int inbound_retry_ms = 1000;
  std::string mailbox_url;    // optional: polled for messages
  int mailbox_poll_seconds = 60;
};

// Reads the block; code config_error naming the key.
Result<OperatorConfig> ReadOperatorConfig(const YAML::Node& node, const std::string& base_dir);

// The `operator:` block of the daemon's config file at `path`; nothing when
// the file has none (the daemon then runs without the exchange).
Result<std::optional<OperatorConfig>> LoadOperatorConfig(const std::string& path);

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_OPERATOR_CONFIG_H_
