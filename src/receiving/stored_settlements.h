// The month's settlements as the organizer layer needs them, read from the
// store instead of a settlement.json: references, voucher totals and the
// services on their lines, plus each one's provider-month and state.
//
//   Result<StoredSettlements> s = LoadStoredSettlements(store);
//   const StoredSettlement* hit = s.value().Find("2345 67820 24058");
#ifndef SETELI_RECEIVING_STORED_SETTLEMENTS_H_
#define SETELI_RECEIVING_STORED_SETTLEMENTS_H_

#include <map>
#include <string>

#include "finvoice/settlement_index.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::receiving {

struct StoredSettlement {
  std::string provider;
  std::string month;
  std::string state;
};

struct StoredSettlements {
  finvoice::SettlementIndex index;
  // By reference without white space.
  std::map<std::string, StoredSettlement> by_reference;

  const StoredSettlement* Find(const std::string& reference) const;
};

// Every settlement in the store (held ones too: an invoice for a held
// settlement is refused when it would be accepted, with its state named).
Result<StoredSettlements> LoadStoredSettlements(store::Store& store);

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_STORED_SETTLEMENTS_H_
