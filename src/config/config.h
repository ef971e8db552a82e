// The daemon's configuration file (YAML; documented in docs/operations.md,
// example in config/seteli.example.conf). Relative paths in it are taken
// from the directory of the file.
//
//   Result<ServeConfig> c = LoadServeConfig("/etc/seteli/seteli.conf");
#ifndef SETELI_CONFIG_CONFIG_H_
#define SETELI_CONFIG_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "export/cost_coding.h"
#include "export/month_books.h"
#include "http/tls_policy.h"
#include "invoicing/run_lease.h"
#include "seteli/status.h"

namespace seteli::config {

// kOperator: the e-invoice operator connection (or whoever hands in
// provider invoices for it): may post invoices, reads nothing.
enum class Role { kProvider, kFinance, kAdmin, kOperator };
const char* RoleName(Role r);

// A bearer token as configured: only its SHA-256, never the token itself.
struct TokenEntry {
  std::string name;  // a label for logs and the audit log
  Role role = Role::kProvider;
  std::string business_id;  // for the provider role
  std::string sha256_hex;   // lowercase hex of SHA-256(token)
};

// Finnish municipal chart style numbers (Kuntaliitto's tililuettelo):
// 4341 health and 4342 social voucher services bought from others
// (asiakaspalvelujen ostot), 4345 housing services, 4349 prior-period
// adjustments, 2871 accounts payable (ostovelat). docs/operations.md.
exports::ChartOfAccounts DefaultChartOfAccounts();

struct ServeConfig {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::optional<std::string> tls_certificate;  // both or neither
  std::optional<std::string> tls_key;
  http::TlsPolicy tls_policy;  // tls: {min_version, ciphers}
  std::string store_url;
  std::string rulebook_path;
  std::optional<std::string> providers_path;  // imported at start
  std::optional<std::string> decisions_path;  // imported at start
  std::vector<TokenEntry> tokens;
  int max_events_per_request = 10000;
  long long max_body_bytes = 32LL << 20;
  // Each request, headers and body, within this of its first byte (408).
  int request_timeout_seconds = 15;
  int keep_alive_seconds = 10;  // an idle connection is closed after this
  // Connections open at once (at most the file descriptors allow, less a
  // margin), and from one client address. An idle or slow connection holds
  // no thread, only a socket, so both are generous.
  int max_connections = 100000;
  int max_connections_per_address = 512;
  int threads = 16;  // requests executed at once; the others wait their turn
  // SIGTERM: requests in flight get this long to finish and be answered;
  // then their connections are cut and the daemon exits.
  int shutdown_seconds = 30;
  std::string log_path;  // empty: stderr
  // health: {outbox_max_age_seconds}: a message to the operator not sent
  // after this long makes /healthz degraded (outbox_stale).
  int health_outbox_max_age_seconds = 3600;
  // sessions: {idle_seconds}: a page session unused this long is ended
  // (docs/providers.md).
  int session_idle_seconds = 30 * 60;
  // The chart of accounts for the journal export (accounts:); defaults
  // from DefaultChartOfAccounts() for what the file leaves out.
  exports::ChartOfAccounts accounts = DefaultChartOfAccounts();
  // cost_coding: the purchase ledger's and the State Treasury table's
  // coding (export/cost_coding_yaml.h).
  exports::CostCoding cost_coding;
  // SMTP relay for invoice notices to providers without an operator
  // channel (smtp: {host, port, from}); no e-mail when the host is empty.
  std::string smtp_host;
  int smtp_port = 25;
  std::string smtp_from = "seteli@localhost";
  // The monthly run on a schedule (schedule: {day: 6, time: "06:00"}): the
  // previous month is run on that day of each month, Helsinki time, once.
  bool schedule_runs = false;
  int schedule_day = 6;
  int schedule_minute_of_day = 6 * 60;
  // runs: {lease_seconds}: how long after the last sign of life of the
  // process running it a run reads interrupted (invoicing/run_lease.h).
  int run_lease_seconds = invoicing::kRunLeaseSeconds;
};

// Errors (code config_error) name the file and the key.
Result<ServeConfig> LoadServeConfig(const std::string& path);

}  // namespace seteli::config

#endif  // SETELI_CONFIG_CONFIG_H_
