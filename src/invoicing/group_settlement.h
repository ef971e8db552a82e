// Settling one group of clients (event_groups.h) as SettleMonth would
// settle it among all the month's events: the same lines, rejections and
// balance statements. The result is a value, GroupOutcome, that the run
// then spills (month_lines.h) and tallies (settled_groups.h); settling
// writes nothing and touches nothing of the run's but the review gate.
//
// A group read from its first month, or from after an earlier month,
// settles every month up to the run's in one pass; the earlier ones are
// compared with their stored lines, and what differs for a closed month
// becomes prior_period lines.
//
//   GroupSettler settler(plan, ctx, review);
//   auto outcome = settler.Settle(gi, events, plan.carries.after[gi], stored);
#ifndef SETELI_INVOICING_GROUP_SETTLEMENT_H_
#define SETELI_INVOICING_GROUP_SETTLEMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "invoicing/review_queue.h"
#include "invoicing/run_plan.h"
#include "seteli/event.h"
#include "seteli/settle.h"
#include "seteli/settlement.h"
#include "store/store.h"

namespace seteli::invoicing {

// A provider's part of a group's settlement, for the lines this run
// commits: of the run's month, and the corrections of closed months.
struct ProviderShare {
  struct Lines {
    std::vector<SettlementLine> lines;
    // The first reason among `lines` to hold the settlement (HoldReason).
    std::optional<std::string> hold_reason;
  };
  Lines month;
  std::map<YearMonth, Lines> corrections;  // prior_period lines, by the month corrected
  std::vector<UnpaidRemainder> unpaid;     // client-free remainders (in no total)
  // Of the balance decisions the lines draw on that close the month below
  // zero, the one with the lowest ID.
  std::optional<BalanceStatement> below_zero;
};

struct GroupOutcome {
  // The providers whose lines this run commits (RunPlan::Commits), by ID.
  std::map<std::string, ProviderShare> shares;
  std::vector<Rejection> rejected;  // of the run's month
  // Every closed month up to the run's agrees with the stored lines, or
  // what differs is in `shares`, and no event waits for review: the next
  // month's run may start after this one.
  bool clean = true;
  // The providers with lines in a month up to the run's.
  std::set<std::string> providers;
  // Set when the group settled the previous month again: the providers
  // with lines up to it, and its decisions' closing balances of it.
  std::optional<std::set<std::string>> providers_before;
  std::map<std::string, int64_t> closing_previous;
  // The run month's balance statements, and per decision the providers
  // with lines of the month on it.
  std::vector<store::BalanceRow> balances;
  std::map<std::string, std::set<std::string>> drawn_by;
  // The group's decisions found in the registry.
  std::vector<std::string> decisions;
};

// `to` gets `d` with its absences: the registry's and the store's.
void AddDecision(const DecisionBook& registry, const AbsencesByDecision& stored_absences,
                 const Decision& d, DecisionBook& to);

// A balance statement as the store keeps it.
store::BalanceRow BalanceRowOf(const BalanceStatement& b);

class GroupSettler {
 public:
  // `ctx` holds the registries (its decisions without the store's
  // absences); `review` is asked which events stay out and told of the
  // flagged ones.
  GroupSettler(const RunPlan& plan, const SettleContext& ctx, ReviewGate& review);

  // Settles group `gi` from `events` (all of them since the month after
  // `after`, or its whole history without), comparing closed months with
  // `stored`, the group's stored lines. Errors: a stored line that does
  // not parse (store_corrupt).
  Result<GroupOutcome> Settle(size_t gi, const std::vector<Event>& events,
                              std::optional<YearMonth> after,
                              const std::vector<const store::SettlementLineRow*>& stored);

 private:
  struct Months;
  // The run's month and, unless the group starts after the previous
  // one, the months before it, without the events review keeps out.
  Months SettleThrough(const EventGroup& g, const DecisionBook& book, const CarriedBalances& from,
                       const std::vector<Event>& events, std::optional<YearMonth> after,
                       const std::vector<const store::SettlementLineRow*>& stored);

  const RunPlan& plan_;
  const SettleContext& ctx_;
  ReviewGate& review_;
};

// The statements of the month for the balance decisions no group drew on
// (`settled` are those some group settled).
std::vector<store::BalanceRow> IdleStatements(const RunPlan& plan, const SettleContext& ctx,
                                              const std::set<std::string>& settled);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_GROUP_SETTLEMENT_H_
