// Organizer credits (credit_records.h): given by finance, applied once by
// the provider's next run in the transaction of its settlement
// (SettlementWrite::applied_credits).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_CREDIT_STORE_H_
#define SETELI_STORE_CREDIT_STORE_H_

#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/credit_records.h"

namespace seteli::store {

struct CreditAdded {
  CreditRecord credit;  // as stored
  bool added = false;   // false: the same credit was given before
};

class CreditStore {
 public:
  virtual ~CreditStore() = default;

  // Stores `credit` with its audit entry, in one transaction, when the
  // credits of its event and month still add up to `credited_before`
  // cents (what the caller checked the amount against). The same credit
  // ID again with the same provider, event, month, amount, reason and text
  // changes nothing. Errors: duplicate_conflict (the ID with other
  // content), credit_conflict (another credit of the event came first:
  // check again).
  virtual Result<CreditAdded> AddCredit(const CreditRecord& credit, int64_t credited_before,
                                        const AuditEntry& audit) = 0;
  // By credited month, provider, event and credit ID.
  virtual Result<std::vector<CreditRecord>> ListCredits(const CreditQuery& query) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_CREDIT_STORE_H_
