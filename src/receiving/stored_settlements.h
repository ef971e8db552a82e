// The settlements an inbound invoice refers to, as the organizer layer
// needs them, read from the store one reference at a time: an invoice names
// one settlement, so reading every settlement of every month (with its
// lines) for each invoice would cost the whole history per invoice.
//
//   StoredSettlements settlements(&store);         // one per received file
//   OrganizerContext ctx{&rulebook, &providers, &settlements};
//   ... validate ...
//   if (settlements.store_error()) ... retry later ...
//   const StoredSettlement* s = settlements.Find("2345 67820 24058");
#ifndef SETELI_RECEIVING_STORED_SETTLEMENTS_H_
#define SETELI_RECEIVING_STORED_SETTLEMENTS_H_

#include <map>
#include <optional>
#include <string>

#include "finvoice/settlement_index.h"
#include "seteli/status.h"
#include "store/settlement_store.h"

namespace seteli::receiving {

struct StoredSettlement {
  std::string provider;
  std::string month;
  std::string state;
};

// Every state counts (held ones too: an invoice for a held settlement is
// refused when it would be accepted, with its state named). Each reference
// is read from the store once. Not thread-safe: one per received file.
class StoredSettlements : public finvoice::SettlementLookup {
 public:
  explicit StoredSettlements(store::SettlementStore* store) : store_(store) {}

  const finvoice::SettlementSummary* FindByReference(const std::string& reference) const override;
  const StoredSettlement* Find(const std::string& reference) const;

  // The first store failure of a look-up (which then found nothing): the
  // file must not be judged on it.
  const std::optional<Error>& store_error() const { return store_error_; }

 private:
  struct Entry {
    finvoice::SettlementSummary summary;
    StoredSettlement stored;
  };
  const Entry* Load(const std::string& reference) const;

  store::SettlementStore* store_;
  mutable std::map<std::string, std::optional<Entry>> by_reference_;  // compact reference
  mutable std::optional<Error> store_error_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_STORED_SETTLEMENTS_H_
