// The review queue: events held for a person to approve or refuse before
// they are settled (review_records.h).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_REVIEW_STORE_H_
#define SETELI_STORE_REVIEW_STORE_H_

#include <string>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/review_records.h"

namespace seteli::store {

class ReviewStore {
 public:
  virtual ~ReviewStore() = default;

  // Queues the reviews whose event has none yet (pending); an event queued
  // before keeps its record, whatever its state. Returns how many it added.
  virtual Result<int> QueueReviews(const std::vector<ReviewRecord>& reviews,
                                   const AuditEntry& audit) = 0;
  // By month and event ID.
  virtual Result<std::vector<ReviewRecord>> ListReviews(const ReviewQuery& query) = 0;
  // How many ListReviews would list, without reading them (the query's
  // event_ids must be empty).
  virtual Result<int64_t> CountReviews(const ReviewQuery& query) = 0;
  // Approves or refuses a pending review (`state`: kReviewApproved or
  // kReviewRefused), in one transaction with its audit entry. not_found
  // when the event has no review, failed_precondition when it was decided.
  virtual Result<ReviewRecord> DecideReview(const std::string& event_id, const std::string& state,
                                            const std::string& reason_code, const std::string& text,
                                            const AuditEntry& audit) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_REVIEW_STORE_H_
