// Provider-months as the monthly run settles them: the settlement, its
// lines, and the release of a held one (month_records.h).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_SETTLEMENT_STORE_H_
#define SETELI_STORE_SETTLEMENT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/month_records.h"

namespace seteli::store {

class SettlementStore {
 public:
  virtual ~SettlementStore() = default;

  // Writes one provider-month. Returns false, writing nothing, when that
  // provider-month was settled before: a run never rewrites a settlement.
  // A settlement is born settled or held: any other state is
  // illegal_settlement_transition.
  virtual Result<bool> CommitSettlement(const SettlementWrite& write, const AuditEntry& audit) = 0;
  // Settlements by month and provider, each body with its lines; empty
  // filters match all.
  virtual Result<std::vector<SettlementRecord>> ListSettlements(const std::string& month,
                                                                const std::string& provider) = 0;
  // The settlements as ListSettlements gives them, but each body as
  // written: one written with "lines":[] last keeps it, and its lines are
  // read with SettlementLineBodies (the books check of a month reads them
  // a chunk at a time instead of all at once).
  virtual Result<std::vector<SettlementRecord>> ListSettlementHeads(
      const std::string& month, const std::string& provider) = 0;
  // At most `limit` line bodies of the settlement of `provider` and `month`
  // whose line numbers are above `after_line_no`, by line number, each with
  // its line number and event_id column.
  virtual Result<std::vector<StoredLineBody>> SettlementLineBodies(const std::string& provider,
                                                                   const std::string& month,
                                                                   int after_line_no,
                                                                   int limit) = 0;
  // Which provider-months have a settlement, in any state.
  virtual Result<std::vector<std::pair<std::string, std::string>>> SettledMonths() = 0;
  // The settlement whose reference, without spaces and upper-cased, is
  // `compact_reference`, in any state; nothing when there is none.
  virtual Result<std::optional<SettlementMatch>> FindSettlementByReference(
      const std::string& compact_reference) = 0;
  // Every stored line of the events of `decision_ids`, by provider, month
  // and line number.
  virtual Result<std::vector<SettlementLineRow>> LinesOfDecisions(
      const std::vector<std::string>& decision_ids) = 0;
  // A provider's lines that belong to `month`: the lines of its settlement
  // of that month and the prior_period lines correcting it, in the order of
  // the settlements' months.
  virtual Result<std::vector<SettlementLineRow>> LinesForMonth(const std::string& provider,
                                                               const std::string& month) = 0;
  // Releases a held settlement (held -> settled; the reason goes in the
  // audit entry); with
  // `self_billing_message`, takes the provider's next invoice number and
  // queues the invoice in the same transaction. failed_precondition when
  // the settlement is not held.
  virtual Result<std::optional<int64_t>> ReleaseHeld(
      const std::string& provider, const std::string& month,
      const std::function<OutboxMessage(int64_t invoice_number)>& self_billing_message,
      const AuditEntry& audit) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_SETTLEMENT_STORE_H_
