// The events providers report, as stored: appended once each (by event ID
// and fingerprint), read by provider, month, decision or sequence.
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_EVENT_STORE_H_
#define SETELI_STORE_EVENT_STORE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/month_records.h"

namespace seteli::store {

// One event as the store keeps it: the original JSON and the columns that
// queries use. Months are "YYYY-MM" in Helsinki time: the first and the last
// month the event touches.
struct EventRow {
  std::string event_id;
  std::string provider;
  std::string decision_id;
  std::string service;
  std::string month_from;
  std::string month_to;
  std::string service_at;   // start instant (hourly) or date
  std::string recorded_at;  // ISO 8601
  std::string fingerprint;
  std::string body;  // the event as JSON
};

// The outcome of appending one event.
enum class Verdict {
  kAccepted,   // new: stored now
  kDuplicate,  // stored before with the same fingerprint: nothing changed
  kConflict,   // stored before with another fingerprint: rejected
};

struct StoredEvent {
  int64_t seq = 0;  // ingest sequence, increasing in commit order per back end
  EventRow row;
  std::string received_at;
};

struct EventQuery {
  std::optional<std::string> provider = {};  // business ID
  std::optional<std::string> month = {};     // "YYYY-MM": events touching it
  std::optional<std::string> decision_id = {};
  int64_t after_seq = 0;  // paging: only events with a larger sequence
  int limit = 1000;
};

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends `rows` in one transaction: one verdict per row, in order. A row
  // whose event ID was stored before, or came earlier in `rows`, is a
  // duplicate when its fingerprint matches and a conflict otherwise. Safe
  // against concurrent appends of the same ID from other processes.
  virtual Result<std::vector<Verdict>> AppendEvents(std::span<const EventRow> rows,
                                                    const AuditEntry& audit) = 0;
  virtual Result<std::vector<StoredEvent>> ListEvents(const EventQuery& query) = 0;
  // The stored events among `event_ids`, in no particular order.
  virtual Result<std::vector<StoredEvent>> EventsById(
      const std::vector<std::string>& event_ids) = 0;
  virtual Result<int64_t> CountEvents() = 0;
  // Per decision, the month spans of its events that start by `last_month`
  // ("YYYY-MM") and how many events have each.
  virtual Result<std::vector<DecisionMonths>> EventMonthsByDecision(
      const std::string& last_month) = 0;
  // The same for some decisions only.
  virtual Result<std::vector<DecisionMonths>> EventMonthsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month) = 0;
  // The events of `decision_ids` that start by `last_month` and, when
  // `first_month` is not empty, end in it or later, by sequence.
  // Here and in CorrectionEvents only seq, event_id, decision_id and body
  // are read: the rest is in the body.
  virtual Result<std::vector<StoredEvent>> EventsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month,
      const std::string& first_month) = 0;
  // Of the events EventsOfDecisions would read, the sequence number of
  // each, in no particular order: read from the decision index alone, so
  // that the caller can read the rows in table order (EventsBySeq).
  virtual Result<std::vector<int64_t>> EventSeqsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month,
      const std::string& first_month) = 0;
  // The events of `seqs` (ascending, at most 500), by sequence; as
  // EventsOfDecisions reads them.
  virtual Result<std::vector<StoredEvent>> EventsBySeq(const std::vector<int64_t>& seqs) = 0;
  // The events that start by `last_month` and may correct another (their
  // body names "replaces" or "voids"; the caller parses them), by sequence.
  virtual Result<std::vector<StoredEvent>> CorrectionEvents(const std::string& last_month) = 0;
  // event ID -> decision ID of those of `event_ids` that are stored.
  virtual Result<std::vector<std::pair<std::string, std::string>>> DecisionsOfEvents(
      const std::vector<std::string>& event_ids) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_EVENT_STORE_H_
