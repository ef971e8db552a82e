#include "receiving/stored_settlements.h"

namespace seteli::receiving {

const StoredSettlements::Entry* StoredSettlements::Load(const std::string& reference) const {
  const std::string key = finvoice::CompactReferenceText(reference);
  if (key.empty()) return nullptr;
  auto [it, fresh] = by_reference_.try_emplace(key);
  if (fresh) {
    auto found = store_->FindSettlementByReference(key);
    if (!found.ok()) {
      if (!store_error_) store_error_ = found.error();
      by_reference_.erase(it);
      return nullptr;
    }
    if (found.value()) {
      store::SettlementMatch& m = *found.value();
      it->second = Entry{{m.provider, m.reference, Money::FromCents(m.voucher_total), m.services},
                         {m.provider, m.month, m.state}};
    }
  }
  return it->second ? &*it->second : nullptr;
}

const finvoice::SettlementSummary* StoredSettlements::FindByReference(const std::string& reference) const {
  const Entry* e = Load(reference);
  return e ? &e->summary : nullptr;
}

const StoredSettlement* StoredSettlements::Find(const std::string& reference) const {
  const Entry* e = Load(reference);
  return e ? &e->stored : nullptr;
}

}  // namespace seteli::receiving
