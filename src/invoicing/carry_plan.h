// Which month each group of clients may start after (docs/monthly-run.md,
// "Reading only what is needed"): the latest month j before the month run
// whose run left a checkpoint for each of the group's decisions that still
// holds (the same digest, with the events that start by j today), with no
// event of the group running from j into the month after, and with a
// closing balance of j for each balance decision. The group then reads
// only its events that end after j, settles from those balances, and
// compares the months between with their stored lines. Most groups start
// after the previous month; a late event of month m sends its group back
// to m's month before, not to its first month.
//
//   auto carries = PlanCarries(store, plan, decisions, digest, YearMonth(2024, 7));
//   std::optional<YearMonth> after = carries.value().after[group];
#ifndef SETELI_INVOICING_CARRY_PLAN_H_
#define SETELI_INVOICING_CARRY_PLAN_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "invoicing/event_groups.h"
#include "invoicing/run_checkpoint.h"
#include "seteli/decision.h"
#include "seteli/money.h"
#include "store/store.h"

namespace seteli::invoicing {

struct CarryPlan {
  // Per group (index into EventPlan::groups): the month it starts after;
  // none, from its first month.
  std::vector<std::optional<YearMonth>> after;
  // Per balance decision of a carried group: its closing balance of the
  // month its group starts after.
  std::map<std::string, Money> closing;
  // Per decision of a carried group: the providers its group had lines for
  // up to that month, as that month's run found them.
  std::unordered_map<std::string, std::set<std::string>> providers;
};

// How far back a checkpoint is looked for: older ones are pruned.
constexpr int kCheckpointMonths = 13;

Result<CarryPlan> PlanCarries(store::Store& store, const EventPlan& plan,
                              const DecisionBook& decisions, const CheckpointDigest& digest,
                              YearMonth month);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_CARRY_PLAN_H_
