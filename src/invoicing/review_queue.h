// Review before payment (docs/monthly-run.md): an event whose lines carry a
// flag the rulebook names in `review_flags` is stored at once but settled
// only after finance approves it. The monthly run asks a ReviewGate which
// events stay out of its settlements (waiting or refused), and tells it of
// the flagged events it found with no review yet; those are queued and
// left out too. An approved event is settled by the next run: as a line of
// its month while that month is open, else as prior_period lines.
//
//   auto gate = ReviewGate::Load(store, rulebook, run_id);
//   std::vector<Event> admitted = gate.value().Admit(events);
//   // ...settle admitted...
//   if (gate.value().Flag(months, paid_before)) { /* settle again */ }
#ifndef SETELI_INVOICING_REVIEW_QUEUE_H_
#define SETELI_INVOICING_REVIEW_QUEUE_H_

#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "seteli/event.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"
#include "store/store.h"

namespace seteli::invoicing {

class ReviewGate {
 public:
  // Reads the store's review queue for a run of `rulebook`.
  static Result<ReviewGate> Load(store::ReviewStore& store, const Rulebook& rulebook,
                                 const std::string& run_id);

  // Whether `event_id` stays out of settlements: pending or refused.
  bool Excluded(const std::string& event_id) const;
  // Whether it waits for a decision (queued before or by this run).
  bool Waiting(const std::string& event_id) const;
  // `events` without the excluded ones; whether any was left out.
  bool Admit(std::span<const Event> events, std::vector<Event>* admitted) const;
  // Queues the events of `months`' lines that carry a review flag and have
  // no review yet, except those in `paid_before` (events with stored lines:
  // settled before their flag was reviewed, so they stay paid). True when
  // it queued any: the caller settles again without them.
  bool Flag(std::span<const MonthSettlement* const> months,
            const std::set<std::string>& paid_before);

  // What this run queued, for the store.
  const std::vector<store::ReviewRecord>& queued() const { return queued_; }
  // Every event that waits, of `month` or earlier, sorted.
  std::vector<std::string> WaitingThrough(YearMonth month) const;

 private:
  uint32_t flags_ = 0;
  std::string run_id_;
  std::unordered_map<std::string, std::string> state_;  // event -> review state
  std::unordered_map<std::string, YearMonth> month_;    // event -> its month
  std::vector<store::ReviewRecord> queued_;
};

// The number of events of `month` or earlier that wait for finance's
// review: what the month page lists as the review queue.
Result<int> OpenReviewCount(store::ReviewStore& store, YearMonth month);

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_REVIEW_QUEUE_H_
