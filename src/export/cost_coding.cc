#include "export/cost_coding.h"

namespace seteli::exports {
namespace {

const std::string kNone;

// 3: class and municipality, 2: municipality, 1: class; -1 when the rule
// does not apply.
int Specificity(const CodingRule& r, ServiceClass c, const std::string& municipality) {
  if (r.service_class && *r.service_class != c) return -1;
  if (!r.municipality.empty() && r.municipality != municipality) return -1;
  return (r.municipality.empty() ? 0 : 2) + (r.service_class ? 1 : 0);
}

}  // namespace

std::string TreasuryCodes::Account(const std::string& account) const {
  auto it = accounts.find(account);
  return it == accounts.end() ? account : it->second;
}

const std::string& TreasuryCodes::ServiceClassCode(const std::string& service,
                                                   ServiceClass c) const {
  auto s = by_service.find(service);
  if (s != by_service.end()) return s->second;
  auto k = by_class.find(c);
  return k == by_class.end() ? kNone : k->second;
}

Coding CostCoding::CodingOf(ServiceClass c, const std::string& municipality) const {
  Coding out;
  int account_level = -1, centre_level = -1;
  for (const CodingRule& r : rules) {
    int level = Specificity(r, c, municipality);
    if (level < 0) continue;
    if (!r.coding.account.empty() && level > account_level) {
      out.account = r.coding.account;
      account_level = level;
    }
    if (!r.coding.cost_centre.empty() && level > centre_level) {
      out.cost_centre = r.coding.cost_centre;
      centre_level = level;
    }
  }
  if (out.account.empty()) out.account = default_coding.account;
  if (out.cost_centre.empty()) out.cost_centre = default_coding.cost_centre;
  return out;
}

}  // namespace seteli::exports
