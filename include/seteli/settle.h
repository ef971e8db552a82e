// Settling a month: the pure heart of the engine. Given the rulebook, the
// provider registry, the decisions and the recorded events, produce the
// settlement lines of one month. No clock, no files, no database: the same
// inputs give the same output, whatever order the events came in.
//
//   SettleContext ctx{&rulebook, &providers, &decisions};
//   MonthSettlement m = SettleMonth(ctx, events, YearMonth(2024, 5));
//
// Events of earlier months are settled too (balances carry over), but only
// the asked month's lines and rejections are returned. Or, from balances
// carried in from a month settled before:
//
//   CarriedBalances c{YearMonth(2024, 4), {{"D-1", Money::FromCents(1200)}}};
//   MonthSettlement m = SettleMonth(ctx, may_events, YearMonth(2024, 5), c);
#ifndef SETELI_SETTLE_H_
#define SETELI_SETTLE_H_

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "seteli/decision.h"
#include "seteli/event.h"
#include "seteli/provider.h"
#include "seteli/reference.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"

namespace seteli {

struct SettleContext {
  const Rulebook* rulebook = nullptr;
  const ProviderRegistry* providers = nullptr;
  const DecisionBook* decisions = nullptr;
  ReferenceKind reference_kind = ReferenceKind::kFinnish;
};

// The checks that need only the event and the registries: everything but
// caps and balances. An event that passes is never rejected later for these
// reasons. Returns the rejection, or nothing when the event is acceptable.
std::optional<Rejection> CheckEvent(const SettleContext& ctx, const Event& e);

// Settles `month`. `events` in input (recording) order; duplicates,
// corrections and voids are resolved here.
MonthSettlement SettleMonth(const SettleContext& ctx, std::span<const Event> events,
                            YearMonth month);

// Each balance decision's closing balance of `month`, as settled before
// (its balance statement), by decision ID.
struct CarriedBalances {
  YearMonth month;
  std::map<std::string, Money> closing;
};

// Settles `month` from `carried`: the months up to carried.month are not
// settled again. The caller passes every balance decision that is valid by
// carried.month in carried.closing, and only events that touch no month up
// to carried.month (their pieces there would be left out): then the result
// is what settling from the first month gives.
MonthSettlement SettleMonth(const SettleContext& ctx, std::span<const Event> events,
                            YearMonth month, const CarriedBalances& carried);

// Settles each month from `from` to `to`, in one pass over the events:
// out[i] is SettleMonth(ctx, events, from + i). For a client's history,
// where settling every month on its own settles the months before it over
// and over.
std::vector<MonthSettlement> SettleMonths(const SettleContext& ctx, std::span<const Event> events,
                                          YearMonth from, YearMonth to);

// The same from `carried`, as SettleMonth from it: `from` is after
// carried.month, and the events touch no month up to it.
std::vector<MonthSettlement> SettleMonths(const SettleContext& ctx, std::span<const Event> events,
                                          YearMonth from, YearMonth to,
                                          const CarriedBalances& carried);

// The invoice reference of a provider's month: stable, unique per provider
// and month, with a valid check digit.
std::string SettlementReference(const std::string& provider_business_id, YearMonth month,
                                ReferenceKind kind);

}  // namespace seteli

#endif  // SETELI_SETTLE_H_
