// The organizer credits a monthly run applies (credit_grant.h): every
// credit not yet applied of a provider whose month the run commits, of a
// month before the run's. Their lines go with the provider's prior_period
// lines (MonthLines::AddCredits) and the commit marks them applied in the
// same transaction (SettlementWrite::applied_credits), so a run again, or
// after a crash, applies each once.
//
//   auto credits = PendingCredits(store, plan);
//   for (auto& [provider, list] : credits.value()) lines.AddCredits(provider, std::move(list));
#ifndef SETELI_INVOICING_CREDIT_LINES_H_
#define SETELI_INVOICING_CREDIT_LINES_H_

#include <map>
#include <string>
#include <vector>

#include "invoicing/run_plan.h"
#include "seteli/settlement.h"
#include "store/store.h"

namespace seteli::invoicing {

struct PendingCredit {
  std::string credit_id;
  SettlementLine line;  // prior_period, negative (seteli/organizer_credit.h)
};

// By provider, each provider's in the order the store lists them (by
// month, then when given). Errors: the store's; store_corrupt for a
// credit whose line does not parse.
Result<std::map<std::string, std::vector<PendingCredit>>> PendingCredits(store::CreditStore& store,
                                                                         const RunPlan& plan);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_CREDIT_LINES_H_
