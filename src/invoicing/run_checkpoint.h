// What settled a decision's months, as one digest the monthly run keeps
// with its checkpoint (store::CheckpointRow) so that the next month's run
// can tell whether it may start from the stored balance statements instead
// of settling the decision's history again (docs/monthly-run.md).
//
// The digest covers everything settling reads for the decision: the
// rulebook's version (a digest of its text), every provider's approvals and
// prices, the reference kind, the decision itself with its suspensions and
// absences (the registry's and the store's), and how many of its events
// start by the checkpoint's month. Stored events are never changed or
// deleted (a correction is a new event with its own ID), so an equal count
// means the very same events.
//
//   CheckpointDigest digest(ctx, absences_by_decision);
//   std::string d = digest.Of("D-KS-1", 42);  // "" when it cannot be trusted
#ifndef SETELI_INVOICING_RUN_CHECKPOINT_H_
#define SETELI_INVOICING_RUN_CHECKPOINT_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/decision.h"
#include "seteli/settle.h"

namespace seteli::invoicing {

class CheckpointDigest {
 public:
  CheckpointDigest(const SettleContext& ctx,
                   const std::map<std::string, std::vector<Absence>>& stored_absences);

  // The digest of decision `decision_id` with `events` events that start by
  // the checkpoint's month; "" when the rulebook has no version (then
  // nothing can be trusted). A decision missing from the registry has a
  // digest too: its events are rejected, and stay so while it is missing.
  std::string Of(const std::string& decision_id, int64_t events) const;

 private:
  const SettleContext& ctx_;
  const std::map<std::string, std::vector<Absence>>& stored_absences_;
  std::string registries_;  // digest of the rulebook version, providers, reference kind
};

// A checkpoint's providers (store::CheckpointRow::providers): joined with
// commas, and added back to a set.
std::string JoinProviders(const std::set<std::string>& providers);
void AddProviders(std::string_view joined, std::set<std::string>* to);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_RUN_CHECKPOINT_H_
