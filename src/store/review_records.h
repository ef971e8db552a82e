// The review queue: events whose settled lines carry a flag the rulebook
// sends for review (`review_flags:`), waiting for finance before they are
// paid (docs/monthly-run.md, "Review before payment").
#ifndef SETELI_STORE_REVIEW_RECORDS_H_
#define SETELI_STORE_REVIEW_RECORDS_H_

#include <string>
#include <vector>

namespace seteli::store {

// Review states: pending -> approved (paid by the next run) or refused
// (never paid). Both decisions are final.
inline constexpr char kReviewPending[] = "pending";
inline constexpr char kReviewApproved[] = "approved";
inline constexpr char kReviewRefused[] = "refused";

struct ReviewRecord {
  std::string event_id;
  std::string provider;
  std::string decision_id;
  std::string month;   // "YYYY-MM": the month of the event's service
  std::string flags;   // the flags that sent it for review, comma-separated
  std::string state;   // kReviewPending, ...
  std::string run_id;  // the run that queued it
  std::string queued_at = {};
  std::string reason_code = {};  // refused: why, as a stable code
  std::string text = {};         // finance's words to the provider
  std::string decided_by = {};   // actor label
  std::string decided_at = {};
};

struct ReviewQuery {
  std::string through_month = {};           // events of this month or earlier; "" all
  std::string state = {};                   // "" any
  std::string provider = {};                // "" any
  std::vector<std::string> event_ids = {};  // empty: any
};

}  // namespace seteli::store

#endif  // SETELI_STORE_REVIEW_RECORDS_H_
