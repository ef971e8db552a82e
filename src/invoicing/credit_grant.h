// Finance credits a settled event (hyvitys): the whole of its voucher part
// in a settled month or some of it, with a reason code and a text. One
// function for the API and `seteli credit`, so both check and audit alike.
// The credit waits for the provider's next run, which carries it once as
// a prior_period line (credit_lines.h).
//
//   auto c = GrantCredit(store, {.provider = "2345678-0", .event_id = "E-7",
//                                .reason_code = "service_not_delivered",
//                                .text = "Käyntiä ei tehty / no visit"}, "finance:ktl");
#ifndef SETELI_INVOICING_CREDIT_GRANT_H_
#define SETELI_INVOICING_CREDIT_GRANT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "store/store.h"

namespace seteli::invoicing {

struct CreditRequest {
  std::string provider;
  std::string event_id;
  std::string month = {};              // the settled month; "" the event's own
  std::optional<int64_t> amount = {};  // cents; none: all that is left
  std::string reason_code;             // seteli::CreditReasons()
  std::string text;                    // finance's words to the provider
  std::string credit_id = {};          // "" derived from the request
};

// The credit ID a request without one gets: the same request twice gives
// the same ID, so a retried request credits once.
std::string DerivedCreditId(const CreditRequest& request);

// Gives the credit, with the audit entry credit.add naming the actor.
// Errors: missing_field, credit_reason_unknown, missing_reason (no text),
// invalid_month, not_found (no such event), event_not_settled (no
// settlement of the provider's month, one held, or no line of the event
// in it), invalid_amount, credit_exceeds_settled, and the store's
// duplicate_conflict and credit_conflict.
Result<store::CreditAdded> GrantCredit(store::Store& store, const CreditRequest& request,
                                       const std::string& actor);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_CREDIT_GRANT_H_
