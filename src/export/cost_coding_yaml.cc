#include "export/cost_coding_yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>
#include <set>
#include <utility>

namespace seteli::exports {
namespace {

struct BadKey {
  std::string message;
  int line = 0;
};

constexpr char kSection[] = "cost_coding: ";

[[noreturn]] void Fail(const YAML::Node& at, const std::string& message) {
  throw BadKey{kSection + message, at.Mark().line >= 0 ? at.Mark().line + 1 : 0};
}

void ExpectMap(const YAML::Node& n, const std::string& key) {
  if (!n.IsMap()) Fail(n, key + ": expected a mapping");
}

// A misspelt key would otherwise be ignored and its default used silently.
void AllowOnly(const YAML::Node& map, std::initializer_list<const char*> known,
               const std::string& where) {
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
      Fail(kv.first, where + "unknown key '" + key + "'");
    }
  }
}

// An account, cost centre or Treasury code: one word, quoted or not.
std::string Code(const YAML::Node& n, const std::string& key) {
  std::string s = n.IsScalar() ? n.Scalar() : "";
  if (s.empty() || s.find_first_of(" \t\r\n;,\"") != std::string::npos) {
    Fail(n, key + ": expected a code without spaces, separators or quotes");
  }
  return s;
}

ServiceClass ClassOf(const YAML::Node& n, const std::string& key) {
  std::string s = n.IsScalar() ? n.Scalar() : "";
  if (s == "health") return ServiceClass::kHealth;
  if (s == "social") return ServiceClass::kSocial;
  Fail(n, key + ": unknown class '" + s + "' (health, social)");
}

Coding CodingIn(const YAML::Node& n, const std::string& key) {
  Coding c;
  if (n["account"]) c.account = Code(n["account"], key + ": account");
  if (n["cost_centre"]) c.cost_centre = Code(n["cost_centre"], key + ": cost_centre");
  return c;
}

CodingRule RuleOf(const YAML::Node& n, const std::string& key) {
  ExpectMap(n, key);
  AllowOnly(n, {"class", "municipality", "account", "cost_centre"}, key + ": ");
  CodingRule r;
  if (n["class"]) r.service_class = ClassOf(n["class"], key + ": class");
  if (n["municipality"]) r.municipality = Code(n["municipality"], key + ": municipality");
  if (!r.service_class && r.municipality.empty()) {
    Fail(n, key + ": names neither class nor municipality; use default for all lines");
  }
  r.coding = CodingIn(n, key);
  if (r.coding.account.empty() && r.coding.cost_centre.empty()) {
    Fail(n, key + ": sets neither account nor cost_centre");
  }
  return r;
}

std::vector<CodingRule> Rules(const YAML::Node& n) {
  if (!n.IsSequence()) Fail(n, "overrides: expected a list");
  std::vector<CodingRule> rules;
  std::set<std::pair<int, std::string>> seen;
  for (size_t i = 0; i < n.size(); ++i) {
    std::string key = "overrides[" + std::to_string(i + 1) + "]";
    CodingRule r = RuleOf(n[i], key);
    int cls = r.service_class ? static_cast<int>(*r.service_class) : -1;
    if (!seen.emplace(cls, r.municipality).second) {
      Fail(n[i], key + ": the same class and municipality as an earlier override");
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

std::map<std::string, std::string> CodeMap(const YAML::Node& n, const std::string& key) {
  ExpectMap(n, key);
  std::map<std::string, std::string> out;
  for (const auto& kv : n) {
    std::string from = Code(kv.first, key);
    out[from] = Code(kv.second, key + ": " + from);
  }
  return out;
}

TreasuryCodes Treasury(const YAML::Node& n) {
  ExpectMap(n, "treasury");
  AllowOnly(n, {"accounts", "classes", "services"}, "treasury: ");
  TreasuryCodes t;
  if (n["accounts"]) t.accounts = CodeMap(n["accounts"], "treasury: accounts");
  if (n["services"]) t.by_service = CodeMap(n["services"], "treasury: services");
  if (auto classes = n["classes"]) {
    ExpectMap(classes, "treasury: classes");
    for (const auto& kv : classes) {
      ServiceClass c = ClassOf(kv.first, "treasury: classes");
      t.by_class[c] = Code(kv.second, "treasury: classes: " + kv.first.Scalar());
    }
  }
  return t;
}

CostCoding Read(const YAML::Node& n) {
  if (!n.IsMap()) Fail(n, "expected a mapping");
  AllowOnly(n, {"payment_days", "default", "overrides", "treasury"}, "");
  CostCoding c;
  if (auto days = n["payment_days"]) {
    int d = -1;
    if (days.IsScalar() && !YAML::convert<int>::decode(days, d)) d = -1;
    if (d < 0 || d > 365) Fail(days, "payment_days: expected a number of days, 0 to 365");
    c.payment_days = d;
  }
  if (auto d = n["default"]) {
    ExpectMap(d, "default");
    AllowOnly(d, {"account", "cost_centre"}, "default: ");
    c.default_coding = CodingIn(d, "default");
  }
  if (n["overrides"]) c.rules = Rules(n["overrides"]);
  if (n["treasury"]) c.treasury = Treasury(n["treasury"]);
  return c;
}

}  // namespace

Result<CostCoding> ReadCostCoding(const YAML::Node& section, int* error_line) {
  try {
    return Read(section);
  } catch (const BadKey& e) {
    if (error_line) *error_line = e.line;
    return Error{"config_error", e.message};
  }
}

}  // namespace seteli::exports
