#include "receiving/stored_settlements.h"

namespace seteli::receiving {

const StoredSettlement* StoredSettlements::Find(const std::string& reference) const {
  auto it = by_reference.find(finvoice::CompactReferenceText(reference));
  return it == by_reference.end() ? nullptr : &it->second;
}

Result<StoredSettlements> LoadStoredSettlements(store::Store& store) {
  auto records = store.ListSettlements("", "");
  if (!records.ok()) return records.error();
  // Each record's body is the settlement's JSON, lines included, in the
  // shape of settlement.json's "settlements" entries: read them the same way.
  std::string text = "{\"month\":\"\",\"settlements\":[";
  StoredSettlements out;
  bool first = true;
  for (const store::SettlementRecord& r : records.value()) {
    text += (first ? "" : ",") + r.body;
    first = false;
    out.by_reference[finvoice::CompactReferenceText(r.reference)] = {r.provider, r.month, r.state};
  }
  text += "]}";
  auto index = finvoice::ParseSettlementIndex(text, "store:settlements");
  if (!index.ok()) return index.error();
  out.index = std::move(index.value());
  return out;
}

}  // namespace seteli::receiving
