// Organizer credits (hyvitys): finance takes back an event's voucher part,
// or some of it, from a settlement already closed, with a reason the
// provider is told. A credit never rewrites the closed settlement: the
// provider's next run carries it once as a prior_period line of its own
// (event ID "credit:<credit ID>"), negative, for the month it credits.
//
//   auto amount = CreditAmount(settled, earlier, std::nullopt);  // the rest
//   SettlementLine l = CreditLine(event_line, amount.value(), "C-1",
//                                 YearMonth(2024, 5), "duplicate: kahdesti");
#ifndef SETELI_ORGANIZER_CREDIT_H_
#define SETELI_ORGANIZER_CREDIT_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "seteli/money.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli {

// The reasons finance may give, as stable codes: service_not_delivered,
// wrong_price, duplicate, other.
std::span<const std::string_view> CreditReasons();
bool IsCreditReason(std::string_view code);
// A reason as the provider reads it, Finnish and English: for
// "wrong_price", {"Väärä hinta", "Wrong price"}; an unknown code is
// "another reason".
struct CreditReasonName {
  std::string_view fi;
  std::string_view en;
};
CreditReasonName NameOfCreditReason(std::string_view code);
// What a credit line's note says: "Väärä hinta / Wrong price: <text>".
std::string CreditNote(std::string_view reason_code, const std::string& text);

// How much to credit of an event whose voucher part in a month was settled
// at `settled` (net of its prior_period lines), with `earlier` credited
// before: `asked`, or without it all that is left. Errors: invalid_amount
// (asked is zero or negative), credit_exceeds_settled (asked is more than
// is left, or nothing is left).
Result<Money> CreditAmount(Money settled, Money earlier, std::optional<Money> asked);

// The prior_period line of a credit of `amount` for `original_month`,
// coded as the credited event's line `of` (service, class, municipality,
// decision, client, date) so the books put it where the cost was: price
// and voucher -amount, no co-payment, no quantity (so the run never takes
// it for a version of an event), `note` for the statements.
SettlementLine CreditLine(const SettlementLine& of, Money amount, const std::string& credit_id,
                          YearMonth original_month, const std::string& note);

// "credit:<credit_id>": a credit line's identity, never an event's.
std::string CreditLineId(const std::string& credit_id);
bool IsCreditLine(const SettlementLine& line);

}  // namespace seteli

#endif  // SETELI_ORGANIZER_CREDIT_H_
