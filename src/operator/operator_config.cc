#include "operator/operator_config.h"

namespace seteli::exchange {
namespace {

std::string Path(const YAML::Node& n, const char* key, const std::string& base) {
  std::string p = n[key].as<std::string>("");
  if (p.empty() || p[0] == '/' || base.empty()) return p;
  return base + "/" + p;
}

Error Bad(const std::string& what) { return Error{"config_error", "operator: " + what}; }

}  // namespace

Result<OperatorConfig> ReadOperatorConfig(const YAML::Node& n, const std::string& base) {
  OperatorConfig c;
  try {
    c.endpoint = n["endpoint"].as<std::string>("");
    if (!c.endpoint.empty() && !ParseUrl(c.endpoint).ok()) return Bad("endpoint must be an https:// URL");
    c.https.ca_file = Path(n, "ca", base);
    c.https.client_cert_file = Path(n, "client_certificate", base);
    c.https.client_key_file = Path(n, "client_key", base);
    if (c.https.client_cert_file.empty() != c.https.client_key_file.empty()) {
      return Bad("client_certificate and client_key go together");
    }
    c.https.connect_timeout_ms = n["connect_timeout_ms"].as<int>(5000);
    c.https.read_timeout_ms = n["read_timeout_ms"].as<int>(30000);
    c.sender.workers = n["senders"].as<int>(1);
    c.sender.max_attempts = n["max_attempts"].as<int>(10);
    c.sender.backoff.base_ms = n["backoff_base_ms"].as<int64_t>(1000);
    c.sender.backoff.max_ms = n["backoff_max_ms"].as<int64_t>(300000);
    c.sender.idle_poll_ms = n["idle_poll_ms"].as<int>(1000);
    // A claim must outlive the slowest attempt, or another sender could
    // take the message while this one is still posting it.
    c.sender.lease_seconds =
        (c.https.connect_timeout_ms * 2 + c.https.read_timeout_ms * 2) / 1000 + 30;
    c.intermediator = n["intermediator"].as<std::string>("");
    c.einvoice_address = n["einvoice_address"].as<std::string>("");
    c.inbound_token_sha256 = n["inbound_token_sha256"].as<std::string>("");
    c.inbound_listen = n["inbound_listen"].as<std::string>("");
    c.inbound_certificate = Path(n, "inbound_certificate", base);
    c.inbound_key = Path(n, "inbound_key", base);
    c.inbound_tls.min_version =
        n["inbound_tls_min_version"].as<std::string>(c.inbound_tls.min_version);
    c.inbound_tls.ciphers = n["inbound_tls_ciphers"].as<std::string>(c.inbound_tls.ciphers);
    c.inbound_limits.request_deadline =
        std::chrono::seconds(n["inbound_request_timeout_seconds"].as<int>(
            static_cast<int>(c.inbound_limits.request_deadline.count())));
    c.inbound_limits.per_address =
        n["inbound_max_connections_per_address"].as<int>(c.inbound_limits.per_address);
    c.inbound_lease_seconds = n["inbound_lease_seconds"].as<int>(30);
    c.inbound_retry_ms = n["inbound_retry_ms"].as<int>(1000);
    c.mailbox_url = n["mailbox_url"].as<std::string>("");
    c.mailbox_poll_seconds = n["mailbox_poll_seconds"].as<int>(60);
  } catch (const YAML::Exception& e) {
    return Bad(e.what());
  }
  if (c.sender.workers < 1 || c.sender.max_attempts < 1 || c.https.connect_timeout_ms < 1 ||
      c.https.read_timeout_ms < 1 || c.sender.backoff.base_ms < 1) {
    return Bad("senders, max_attempts, timeouts and backoff must be positive");
  }
  if (auto fault = http::PolicyFault(c.inbound_tls)) return Bad("inbound_tls_" + *fault);
  if (c.inbound_limits.request_deadline.count() < 1 || c.inbound_limits.per_address < 1) {
    return Bad(
        "inbound_request_timeout_seconds and inbound_max_connections_per_address must be positive");
  }
  if (c.inbound_lease_seconds < 3 || c.inbound_retry_ms < 1) {
    return Bad("inbound_lease_seconds must be at least 3 and inbound_retry_ms positive");
  }
  if (!c.inbound_token_sha256.empty() && c.inbound_token_sha256.size() != 64) {
    return Bad("inbound_token_sha256 must be 64 hex digits");
  }
  return c;
}

Result<std::optional<OperatorConfig>> LoadOperatorConfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return Error{"config_error", path + ": " + e.what()};
  }
  if (!root.IsMap() || !root["operator"]) return std::optional<OperatorConfig>();
  std::string base = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  auto c = ReadOperatorConfig(root["operator"], base);
  if (!c.ok()) return Error{"config_error", path + ": " + c.error().message};
  return std::optional<OperatorConfig>(c.value());
}

}  // namespace seteli::exchange
