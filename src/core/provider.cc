#include "seteli/provider.h"

namespace seteli {

std::optional<Money> Approval::PriceOn(Date d) const {
  std::optional<Money> price;
  for (const PriceStep& p : prices) {
    if (p.valid_from <= d) price = p.unit_price;
  }
  return price;
}

const Approval* Provider::ApprovalFor(const std::string& service, const std::string& municipality,
                                      Date d) const {
  for (const Approval& a : approvals) {
    if (a.service == service && a.municipality == municipality && a.Covers(d)) return &a;
  }
  return nullptr;
}

const Provider* ProviderRegistry::Find(const std::string& business_id) const {
  auto it = by_id_.find(business_id);
  return it == by_id_.end() ? nullptr : &it->second;
}

}  // namespace seteli
