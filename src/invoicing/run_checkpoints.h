// The checkpoints a monthly run leaves for the next month's run
// (carry_plan.h, run_checkpoint.h): opened before it commits anything, so
// that no later run trusts what an earlier one left of the decisions this
// one may change, and written once its providers and statements are in.
//
//   store.OpenCheckpoints(OpenedCheckpoints(plan));
//   ...commit every provider, write the statements...
//   store.PutCheckpoints(ClosingCheckpoints(plan, groups, balances, digest));
#ifndef SETELI_INVOICING_RUN_CHECKPOINTS_H_
#define SETELI_INVOICING_RUN_CHECKPOINTS_H_

#include <string>
#include <utility>
#include <vector>

#include "invoicing/run_checkpoint.h"
#include "invoicing/run_plan.h"
#include "invoicing/settled_groups.h"
#include "store/store.h"

namespace seteli::invoicing {

// Per decision of every group, the first month this run may commit lines
// of: the month after the one its group starts after, "" for its first
// month (Store::OpenCheckpoints).
std::vector<std::pair<std::string, std::string>> OpenedCheckpoints(const RunPlan& plan);

// What the next month's run may trust: per decision of every group its
// digest of this month ("" unless its group is clean), the providers with
// lines up to it and its closing balance in `balances`; and of the
// previous month too for the clean groups that settled it again.
std::vector<store::CheckpointRow> ClosingCheckpoints(const RunPlan& plan,
                                                     const SettledGroups& groups,
                                                     const std::vector<store::BalanceRow>& balances,
                                                     const CheckpointDigest& digest);

// The oldest month whose checkpoints are kept after a run of `month`.
YearMonth OldestCheckpointKept(YearMonth month);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_RUN_CHECKPOINTS_H_
