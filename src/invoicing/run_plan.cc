#include "invoicing/run_plan.h"

#include "invoicing/run_checkpoint.h"
#include "invoicing/stored_events.h"

namespace seteli::invoicing {

bool ClosedMonths::Closed(const std::string& provider, YearMonth m) const {
  if (fully_run.count(m)) return true;
  auto it = settled.find(provider);
  return it != settled.end() && it->second.count(m) > 0;
}

bool ClosedMonths::Any(YearMonth m) const {
  if (fully_run.count(m)) return true;
  for (const auto& [p, months] : settled) {
    if (months.count(m)) return true;
  }
  return false;
}

Result<ClosedMonths> FindClosedMonths(store::Store& store, const std::set<YearMonth>& months) {
  ClosedMonths out;
  auto settled = store.SettledMonths();
  if (!settled.ok()) return settled.error();
  for (const auto& [provider, month] : settled.value()) {
    if (auto m = YearMonth::Parse(month); m.ok()) out.settled[provider].insert(m.value());
  }
  for (YearMonth m : months) {
    auto runs = store.ListRuns(m.ToString());
    if (!runs.ok()) return runs.error();
    for (const auto& r : runs.value()) {
      if (r.provider.empty() && store::RanThrough(r)) out.fully_run.insert(m);
    }
  }
  return out;
}

bool RunPlan::Commits(const std::string& p) const {
  return (!provider || *provider == p) && !closed.Closed(p, month);
}

bool CorrectsEarlierMonths(const std::set<YearMonth>& months, const ClosedMonths& closed,
                           YearMonth month) {
  for (YearMonth m : months) {
    if (m < month && closed.Any(m)) return true;
  }
  return false;
}

Result<RunPlan> PlanRun(store::Store& store, const SettleContext& ctx, const RunOptions& o) {
  RunPlan plan;
  plan.month = o.month;
  plan.previous = o.month.prev();
  plan.provider = o.provider;
  auto absences = LoadAbsencesByDecision(store);
  if (!absences.ok()) return absences.error();
  plan.absences = std::move(absences.value());
  auto events = PlanEventGroups(store, *ctx.decisions, o.month, o.batch_events);
  if (!events.ok()) return events.error();
  plan.events = std::move(events.value());
  auto closed = FindClosedMonths(store, plan.events.months);
  if (!closed.ok()) return closed.error();
  plan.closed = std::move(closed.value());
  plan.corrections = CorrectsEarlierMonths(plan.events.months, plan.closed, o.month);
  plan.rerun = plan.closed.Any(o.month);
  plan.carries.after.resize(plan.events.groups.size());
  if (!o.full_history) {
    const CheckpointDigest digest(ctx, plan.absences);
    auto carries = PlanCarries(store, plan.events, *ctx.decisions, digest, o.month);
    if (!carries.ok()) return carries.error();
    plan.carries = std::move(carries.value());
  }
  return plan;
}

}  // namespace seteli::invoicing
