#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "export/cost_coding_yaml.h"

namespace seteli::config {
namespace {

struct ConfigError {
  std::string message;
  int line = 0;  // 1-based, where known
  std::string code = "config_error";
};

// Refuses a key of `map` that is not in `known`, naming its line: a
// misspelt key would otherwise be ignored and its default used silently.
void AllowOnly(const YAML::Node& map, std::initializer_list<const char*> known,
               const std::string& where) {
  if (!map || !map.IsMap()) return;
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
      throw ConfigError{where + "unknown key '" + key + "'", kv.first.Mark().line + 1,
                        "unknown_key"};
    }
  }
}

std::string Resolve(const std::filesystem::path& base, const std::string& p) {
  if (p.empty() || std::filesystem::path(p).is_absolute()) return p;
  return (base / p).lexically_normal().string();
}

// Each role's name, as the config writes it and the logs and pages show it.
struct RoleNaming {
  Role role;
  const char* name;
};
constexpr RoleNaming kRoleNames[] = {
    {Role::kProvider, "provider"},
    {Role::kFinance, "finance"},
    {Role::kAdmin, "admin"},
    {Role::kOperator, "operator"},
};

Role ParseRole(const std::string& s) {
  for (const RoleNaming& r : kRoleNames) {
    if (s == r.name) return r.role;
  }
  throw ConfigError{"tokens: unknown role '" + s + "' (provider, finance, admin, operator)"};
}

TokenEntry ReadToken(const YAML::Node& n) {
  AllowOnly(n, {"name", "role", "business_id", "sha256"}, "tokens: ");
  TokenEntry t;
  t.name = n["name"].as<std::string>("");
  t.role = ParseRole(n["role"].as<std::string>(""));
  t.business_id = n["business_id"].as<std::string>("");
  t.sha256_hex = n["sha256"].as<std::string>("");
  if (t.sha256_hex.size() != 64 ||
      t.sha256_hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
    throw ConfigError{"tokens: '" + t.name + "': sha256 must be 64 lowercase hex digits"};
  }
  // The example config's placeholders (64 zeros, ones, ...) are no token's
  // hash: a config copied without replacing them must not start.
  if (t.sha256_hex.find_first_not_of(t.sha256_hex[0]) == std::string::npos) {
    throw ConfigError{"tokens: '" + t.name +
                      "': sha256 is a placeholder; put the hash of a real token "
                      "(printf %s \"$TOKEN\" | sha256sum)"};
  }
  if (t.role == Role::kProvider && t.business_id.empty()) {
    throw ConfigError{"tokens: '" + t.name + "': a provider token needs business_id"};
  }
  return t;
}

void ReadListen(const std::string& listen, ServeConfig& c) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) throw ConfigError{"listen: expected HOST:PORT"};
  c.listen_host = listen.substr(0, colon);
  c.listen_port = std::stoi(listen.substr(colon + 1));
  if (c.listen_port < 0 || c.listen_port > 65535) throw ConfigError{"listen: bad port"};
}

std::string AccountNumber(const YAML::Node& n, const std::string& key) {
  std::string a = n.as<std::string>("");
  if (a.empty() || a.find_first_of(" \t\r\n") != std::string::npos) {
    throw ConfigError{"accounts: " + key + ": expected an account number"};
  }
  return a;
}

// accounts: {expense: {health, social}, expense_by_service: {code: account},
// accounts_payable, prior_period}; each key given replaces its default.
void ReadAccounts(const YAML::Node& n, exports::ChartOfAccounts& chart) {
  if (!n.IsMap()) throw ConfigError{"accounts: expected a mapping"};
  AllowOnly(n, {"expense", "expense_by_service", "accounts_payable", "prior_period"}, "accounts: ");
  for (const auto& e : n["expense"]) {
    std::string cls = e.first.as<std::string>();
    if (cls != "health" && cls != "social") {
      throw ConfigError{"accounts: expense: unknown class '" + cls + "' (health, social)"};
    }
    chart.expense_by_class[cls == "health" ? ServiceClass::kHealth : ServiceClass::kSocial] =
        AccountNumber(e.second, "expense." + cls);
  }
  if (auto by_service = n["expense_by_service"]) {
    chart.expense_by_service.clear();
    for (const auto& e : by_service) {
      std::string code = e.first.as<std::string>();
      chart.expense_by_service[code] = AccountNumber(e.second, "expense_by_service." + code);
    }
  }
  if (n["accounts_payable"])
    chart.accounts_payable = AccountNumber(n["accounts_payable"], "accounts_payable");
  if (n["prior_period"]) chart.prior_period = AccountNumber(n["prior_period"], "prior_period");
}

ServeConfig Read(const YAML::Node& root, const std::filesystem::path& base) {
  ServeConfig c;
  if (!root.IsMap()) throw ConfigError{"expected a mapping"};
  AllowOnly(root,
            {"listen", "tls", "store", "rulebook", "providers", "decisions", "tokens", "limits",
             "threads", "log", "accounts", "cost_coding", "health", "smtp", "schedule", "runs",
             "operator", "sessions"},
            "");
  AllowOnly(root["tls"], {"certificate", "key", "min_version", "ciphers"}, "tls: ");
  AllowOnly(root["limits"],
            {"max_events", "max_body_bytes", "request_timeout_seconds", "shutdown_seconds",
             "keep_alive_seconds", "max_connections", "max_connections_per_address"},
            "limits: ");
  AllowOnly(root["health"], {"outbox_max_age_seconds"}, "health: ");
  AllowOnly(root["sessions"], {"idle_seconds"}, "sessions: ");
  AllowOnly(root["smtp"], {"host", "port", "from"}, "smtp: ");
  AllowOnly(root["schedule"], {"day", "time"}, "schedule: ");
  AllowOnly(root["runs"], {"lease_seconds"}, "runs: ");
  AllowOnly(root["operator"],
            {"endpoint",
             "ca",
             "client_certificate",
             "client_key",
             "intermediator",
             "einvoice_address",
             "connect_timeout_ms",
             "read_timeout_ms",
             "senders",
             "max_attempts",
             "backoff_base_ms",
             "backoff_max_ms",
             "idle_poll_ms",
             "mailbox_url",
             "mailbox_poll_seconds",
             "inbound_listen",
             "inbound_certificate",
             "inbound_key",
             "inbound_token_sha256",
             "inbound_lease_seconds",
             "inbound_retry_ms",
             "inbound_tls_min_version",
             "inbound_tls_ciphers",
             "inbound_request_timeout_seconds",
             "inbound_max_connections_per_address"},
            "operator: ");
  ReadListen(root["listen"].as<std::string>("127.0.0.1:8080"), c);
  if (auto tls = root["tls"]) {
    c.tls_certificate = Resolve(base, tls["certificate"].as<std::string>(""));
    c.tls_key = Resolve(base, tls["key"].as<std::string>(""));
    if (c.tls_certificate->empty() || c.tls_key->empty()) {
      throw ConfigError{"tls: needs both certificate and key"};
    }
    c.tls_policy.min_version = tls["min_version"].as<std::string>(c.tls_policy.min_version);
    c.tls_policy.ciphers = tls["ciphers"].as<std::string>(c.tls_policy.ciphers);
    if (auto fault = http::PolicyFault(c.tls_policy)) throw ConfigError{"tls: " + *fault};
  }
  c.store_url = root["store"].as<std::string>("");
  if (c.store_url.rfind("sqlite:", 0) == 0)
    c.store_url = "sqlite:" + Resolve(base, c.store_url.substr(7));
  if (c.store_url.empty()) throw ConfigError{"store: missing (sqlite:PATH or postgresql://...)"};
  c.rulebook_path = Resolve(base, root["rulebook"].as<std::string>(""));
  if (c.rulebook_path.empty()) throw ConfigError{"rulebook: missing"};
  if (root["providers"]) c.providers_path = Resolve(base, root["providers"].as<std::string>());
  if (root["decisions"]) c.decisions_path = Resolve(base, root["decisions"].as<std::string>());
  for (const auto& t : root["tokens"]) c.tokens.push_back(ReadToken(t));
  if (auto limits = root["limits"]) {
    c.max_events_per_request = limits["max_events"].as<int>(c.max_events_per_request);
    c.max_body_bytes = limits["max_body_bytes"].as<long long>(c.max_body_bytes);
    c.request_timeout_seconds =
        limits["request_timeout_seconds"].as<int>(c.request_timeout_seconds);
    c.shutdown_seconds = limits["shutdown_seconds"].as<int>(c.shutdown_seconds);
    c.keep_alive_seconds = limits["keep_alive_seconds"].as<int>(c.keep_alive_seconds);
    c.max_connections = limits["max_connections"].as<int>(c.max_connections);
    c.max_connections_per_address =
        limits["max_connections_per_address"].as<int>(c.max_connections_per_address);
    if (c.request_timeout_seconds < 1 || c.keep_alive_seconds < 1 || c.max_connections < 1 ||
        c.max_connections_per_address < 1 || c.shutdown_seconds < 0) {
      throw ConfigError{"limits: timeouts and connection caps must be positive"};
    }
  }
  c.threads = root["threads"].as<int>(c.threads);
  if (c.threads < 1) throw ConfigError{"threads: must be positive"};
  c.log_path = Resolve(base, root["log"].as<std::string>(""));
  if (auto accounts = root["accounts"]) ReadAccounts(accounts, c.accounts);
  if (auto coding = root["cost_coding"]) {
    int line = 0;
    auto read = exports::ReadCostCoding(coding, &line);
    if (!read.ok()) throw ConfigError{read.error().message, line};
    c.cost_coding = std::move(read).value();
  }
  if (auto health = root["health"]) {
    c.health_outbox_max_age_seconds =
        health["outbox_max_age_seconds"].as<int>(c.health_outbox_max_age_seconds);
    if (c.health_outbox_max_age_seconds < 1)
      throw ConfigError{"health: outbox_max_age_seconds: at least 1"};
  }
  if (auto sessions = root["sessions"]) {
    c.session_idle_seconds = sessions["idle_seconds"].as<int>(c.session_idle_seconds);
    if (c.session_idle_seconds < 1) throw ConfigError{"sessions: idle_seconds: at least 1"};
  }
  if (auto smtp = root["smtp"]) {
    c.smtp_host = smtp["host"].as<std::string>("");
    c.smtp_port = smtp["port"].as<int>(c.smtp_port);
    c.smtp_from = smtp["from"].as<std::string>(c.smtp_from);
  }
  if (auto schedule = root["schedule"]) {
    c.schedule_runs = true;
    c.schedule_day = schedule["day"].as<int>(c.schedule_day);
    if (c.schedule_day < 1 || c.schedule_day > 28) throw ConfigError{"schedule: day: 1 to 28"};
    std::string time = schedule["time"].as<std::string>("06:00");
    if (time.size() != 5 || time[2] != ':' || !std::isdigit(time[0]) || !std::isdigit(time[1]) ||
        !std::isdigit(time[3]) || !std::isdigit(time[4])) {
      throw ConfigError{"schedule: time: expected HH:MM, not '" + time + "'"};
    }
    c.schedule_minute_of_day = std::stoi(time.substr(0, 2)) * 60 + std::stoi(time.substr(3, 2));
  }
  if (auto runs = root["runs"]) {
    c.run_lease_seconds = runs["lease_seconds"].as<int>(c.run_lease_seconds);
    if (c.run_lease_seconds < 1) throw ConfigError{"runs: lease_seconds: at least 1"};
  }
  return c;
}

}  // namespace

exports::ChartOfAccounts DefaultChartOfAccounts() {
  exports::ChartOfAccounts chart;
  chart.expense_by_class[ServiceClass::kHealth] = "4341";
  chart.expense_by_class[ServiceClass::kSocial] = "4342";
  chart.expense_by_service["palveluasuminen"] = "4345";
  chart.expense_by_service["tehostettu-palveluasuminen"] = "4345";
  chart.accounts_payable = "2871";
  chart.prior_period = "4349";
  return chart;
}

const char* RoleName(Role r) {
  for (const RoleNaming& n : kRoleNames) {
    if (n.role == r) return n.name;
  }
  return "?";
}

Result<ServeConfig> LoadServeConfig(const std::string& path) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    return Read(root, std::filesystem::absolute(path).parent_path());
  } catch (const ConfigError& e) {
    return Error{e.code, e.message, e.line ? path + ":" + std::to_string(e.line) : path};
  } catch (const YAML::Exception& e) {
    return Error{"config_error", e.what(), path};
  } catch (const std::exception& e) {
    return Error{"config_error", e.what(), path};
  }
}

}  // namespace seteli::config
