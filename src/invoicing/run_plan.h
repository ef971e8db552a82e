// The monthly run's plan, made before any event body is read: the groups
// of clients and their batches (event_groups.h), which months are closed
// and for whom, the month each group may start after (carry_plan.h), and
// the store's housing absences every group settles with.
//
//   auto plan = PlanRun(store, ctx, options);
//   if (plan.value().Commits("2345678-0")) ...
#ifndef SETELI_INVOICING_RUN_PLAN_H_
#define SETELI_INVOICING_RUN_PLAN_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "invoicing/carry_plan.h"
#include "invoicing/event_groups.h"
#include "invoicing/run_options.h"
#include "seteli/decision.h"
#include "seteli/settle.h"
#include "store/store.h"

namespace seteli::invoicing {

using AbsencesByDecision = std::map<std::string, std::vector<Absence>>;

// Which months are closed: for each provider the months it has a
// settlement for, and the months a run for every provider completed.
struct ClosedMonths {
  std::map<std::string, std::set<YearMonth>> settled;
  std::set<YearMonth> fully_run;

  bool Closed(const std::string& provider, YearMonth m) const;
  // Closed for some provider.
  bool Any(YearMonth m) const;
};

// The closed months among `months` (and every provider's settled ones).
Result<ClosedMonths> FindClosedMonths(store::Store& store, const std::set<YearMonth>& months);

struct RunPlan {
  YearMonth month;
  YearMonth previous;                   // month.prev()
  std::optional<std::string> provider;  // RunOptions::provider
  EventPlan events;
  ClosedMonths closed;
  // Some month before this one that events touch is closed for some
  // provider: only then can events recorded since need prior_period lines.
  bool corrections = false;
  // Some provider settled this month before: its lines are compared with
  // the month as it settles now.
  bool rerun = false;
  // Per group the month it starts after; the run moves a group back to
  // its history when its events are read (BatchRead::to_history).
  CarryPlan carries;
  AbsencesByDecision absences;

  // Whether this run commits `provider`'s lines of the month: asked for,
  // and the month is not closed for it.
  bool Commits(const std::string& provider) const;
};

// Whether an earlier month than `month` among `months` is closed for some
// provider.
bool CorrectsEarlierMonths(const std::set<YearMonth>& months, const ClosedMonths& closed,
                           YearMonth month);

// Plans the run of `options` (month, provider, full_history, batch_events)
// from the store's counts, runs, settlements and checkpoints.
Result<RunPlan> PlanRun(store::Store& store, const SettleContext& ctx, const RunOptions& options);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_RUN_PLAN_H_
