// Finance's decision on an event in the review queue (review_queue.h):
// approve (the next run pays it) or refuse with a reason code and a text
// (never paid; the provider sees both with the event). One function for
// the API and `seteli review`, so both check and audit alike.
//
//   auto r = DecideReview(store, "E-7", "refuse", "not_delivered",
//                         "Käyntiä ei tehty / the visit did not take place", "finance:ktl");
#ifndef SETELI_INVOICING_REVIEW_DECISION_H_
#define SETELI_INVOICING_REVIEW_DECISION_H_

#include <string>

#include "store/store.h"

namespace seteli::invoicing {

// `decision` is "approve" or "refuse". A refusal needs a reason code
// (lower-case letters, digits and '_', at most 64) and a text; an approval
// may carry them. The audit entry names the actor, the action
// (review.approve, review.refuse), the event and the reason. Errors:
// invalid_decision, missing_reason, invalid_reason_code, and the store's
// not_found (no such review) and failed_precondition (decided before).
Result<store::ReviewRecord> DecideReview(store::ReviewStore& store, const std::string& event_id,
                                         const std::string& decision,
                                         const std::string& reason_code, const std::string& text,
                                         const std::string& actor);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_REVIEW_DECISION_H_
