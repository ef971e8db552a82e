// Corrections to closed months. A settled month is never rewritten: when an
// event of a closed month is recorded, corrected or voided later, the next
// open run carries `prior_period` lines for it: a credit of what was last
// settled and the lines as they settle now.
//
//   std::vector<SettlementLine> adj =
//       PriorPeriodAdjustments(last_settled, settled_now, YearMonth(2024, 5));
//   // every line flagged prior_period, original_month 2024-05
#ifndef SETELI_ADJUSTMENT_H_
#define SETELI_ADJUSTMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "seteli/rulebook.h"
#include "seteli/settlement.h"

namespace seteli {

// `last` are one provider's lines of a closed month as last settled (the
// original lines, or the newest adjustment of each event); `now` the same
// month settled again with today's events. For each event whose lines
// differ: the negation of its last lines and its new lines. Events that
// agree give nothing, so an adjustment is never applied twice.
std::vector<SettlementLine> PriorPeriodAdjustments(const std::vector<SettlementLine>& last,
                                                   const std::vector<SettlementLine>& now,
                                                   YearMonth original_month);

// A line with its amounts and quantity negated: the credit of `line`.
SettlementLine CreditOf(const SettlementLine& line);

// The first inconsistency that must hold a settlement instead of settling
// it, in words, or nothing: a line whose voucher and copay do not add up to
// its price, a negative voucher or copay on an ordinary line, totals that
// are not the sums of the lines, a service the rulebook does not know, or a
// balance statement below zero.
std::optional<std::string> HoldReason(const Settlement& s, const Rulebook& rulebook,
                                      const std::vector<BalanceStatement>& balances);

}  // namespace seteli

#endif  // SETELI_ADJUSTMENT_H_
