// The store: where the daemon keeps rulebooks, providers, decisions, events
// and the audit log, behind one interface with two back ends (SQLite, the
// embedded default, and PostgreSQL, which several daemons may share).
//
//   Result<std::unique_ptr<Store>> s = OpenStore("sqlite:/var/lib/seteli/seteli.db");
//   Result<std::vector<Verdict>> v = s.value()->AppendEvents(rows, audit);
//
// Every write is one transaction that also records its audit entry; when a
// call returns success the write is durable (committed and synced). On
// failure nothing of the call is left behind. Implementations are
// thread-safe: a store may be shared by all request threads.
#ifndef SETELI_STORE_STORE_H_
#define SETELI_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "seteli/clock.h"
#include "seteli/status.h"
#include "store/exchange_records.h"
#include "store/invoice_records.h"
#include "store/month_records.h"
#include "store/review_records.h"

namespace seteli::store {

// The value of a write that returns nothing else.
using Done = std::monostate;

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
  std::string body;         // the event as JSON
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

// A provider or decision as JSON, keyed by business ID or decision ID.
struct Document {
  std::string id;
  std::string body;
  std::string updated_at;
};

struct RulebookRecord {
  std::string version;
  int year = 0;
  std::string body;  // the YAML text as loaded
  std::string loaded_at;
};

// Who did what: attached to every write, stored in the same transaction.
// `actor` is a role and business ID or token label, never a token.
struct AuditEntry {
  std::string actor;
  std::string action;   // "events.append", "providers.put", ...
  std::string subject;  // what was written, e.g. "1000 events"
  std::string detail;
};

struct AuditRecord {
  int64_t seq = 0;
  std::string at;
  AuditEntry entry;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string backend() const = 0;
  // The migration level of the schema.
  virtual Result<int> SchemaVersion() = 0;
  // The version the schema had before this process opened (and migrated)
  // it: below SchemaVersion() when opening ran migrations.
  virtual int SchemaVersionAtOpen() const = 0;
  // The clock the store reads the time from: its timestamps, due times and
  // leases. Whoever compares a stored time with now uses this one.
  virtual const Clock& clock() const = 0;
  // Succeeds when the back end answers a trivial query.
  virtual Result<Done> Ping() = 0;

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

  // Inserts or replaces by ID.
  virtual Result<Done> PutProviders(std::span<const Document> providers,
                                    const AuditEntry& audit) = 0;
  virtual Result<std::vector<Document>> ListProviders() = 0;
  virtual Result<Done> PutDecisions(std::span<const Document> decisions,
                                    const AuditEntry& audit) = 0;
  virtual Result<std::vector<Document>> ListDecisions() = 0;

  // Rulebooks are kept as a history; the latest put is the current one.
  virtual Result<Done> PutRulebook(const RulebookRecord& rulebook, const AuditEntry& audit) = 0;
  virtual Result<std::optional<RulebookRecord>> CurrentRulebook() = 0;

  // The latest `limit` audit records, newest first.
  virtual Result<std::vector<AuditRecord>> ListAudit(int limit) = 0;
  // The audit records of `action` whose subject ends with `subject_suffix`
  // (" 2024-05": a month's), oldest first: who released which settlement.
  virtual Result<std::vector<AuditRecord>> ListAuditOf(const std::string& action,
                                                       const std::string& subject_suffix) = 0;

  // --- The monthly run (month_records.h) ---

  // Writes one provider-month. Returns false, writing nothing, when that
  // provider-month was settled before: a run never rewrites a settlement.
  // A settlement is born settled or held: any other state is
  // illegal_settlement_transition.
  virtual Result<bool> CommitSettlement(const SettlementWrite& write, const AuditEntry& audit) = 0;
  // Settlements by month and provider, each body with its lines; empty
  // filters match all.
  virtual Result<std::vector<SettlementRecord>> ListSettlements(const std::string& month,
                                                                const std::string& provider) = 0;
  // The settlements of `month` as ListSettlements gives them, but each body
  // as written: one written with "lines":[] last keeps it, and its lines
  // are read with SettlementLineBodies (the books check of a month reads
  // them a chunk at a time instead of all at once).
  virtual Result<std::vector<SettlementRecord>> ListSettlementHeads(const std::string& month) = 0;
  // At most `limit` line bodies of the settlement of `provider` and `month`
  // whose line numbers are above `after_line_no`, by line number, each with
  // its line number.
  virtual Result<std::vector<std::pair<int, std::string>>> SettlementLineBodies(
      const std::string& provider, const std::string& month, int after_line_no, int limit) = 0;
  // The event IDs that have lines in the settlements of more than one
  // provider in `month`, as the lines' bodies name them (not the event_id
  // column), in no particular order.
  virtual Result<std::vector<std::string>> EventsInTwoSettlements(const std::string& month) = 0;
  // Which provider-months have a settlement, in any state.
  virtual Result<std::vector<std::pair<std::string, std::string>>> SettledMonths() = 0;
  // The settlement whose reference, without spaces and upper-cased, is
  // `compact_reference`, in any state; nothing when there is none.
  virtual Result<std::optional<SettlementMatch>> FindSettlementByReference(
      const std::string& compact_reference) = 0;
  // Per decision, the month spans of its events that start by `last_month`
  // ("YYYY-MM") and how many events have each.
  virtual Result<std::vector<DecisionMonths>> EventMonthsByDecision(const std::string& last_month) = 0;
  // The same for some decisions only.
  virtual Result<std::vector<DecisionMonths>> EventMonthsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month) = 0;
  // The events of `decision_ids` that start by `last_month` and, when
  // `first_month` is not empty, end in it or later, by sequence.
  // Here and in CorrectionEvents only seq, event_id, decision_id and body
  // are read: the rest is in the body.
  virtual Result<std::vector<StoredEvent>> EventsOfDecisions(const std::vector<std::string>& decision_ids,
                                                             const std::string& last_month,
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
  // Every stored line of the events of `decision_ids`, by provider, month
  // and line number.
  virtual Result<std::vector<SettlementLineRow>> LinesOfDecisions(
      const std::vector<std::string>& decision_ids) = 0;
  // A provider's lines that belong to `month`: the lines of its settlement
  // of that month and the prior_period lines correcting it, in the order of
  // the settlements' months.
  virtual Result<std::vector<SettlementLineRow>> LinesForMonth(const std::string& provider,
                                                               const std::string& month) = 0;
  // Releases a held settlement (held -> settled; the reason goes in the
  // audit entry); with
  // `self_billing_message`, takes the provider's next invoice number and
  // queues the invoice in the same transaction. failed_precondition when
  // the settlement is not held.
  virtual Result<std::optional<int64_t>> ReleaseHeld(
      const std::string& provider, const std::string& month,
      const std::function<OutboxMessage(int64_t invoice_number)>& self_billing_message,
      const AuditEntry& audit) = 0;
  // Inserts or replaces by run ID; a running run's lease lasts
  // run.lease_seconds from now.
  virtual Result<Done> PutRun(const RunRecord& run) = 0;
  // Extends a running run's lease to `lease_seconds` from now; false when
  // the run is not running (done, or interrupted meanwhile).
  virtual Result<bool> RenewRunLease(const std::string& run_id, int lease_seconds) = 0;
  // Stores every running run whose lease has run out as interrupted, and
  // returns their IDs. GetRun and ListRuns do this first, so no reader
  // sees a dead run as running.
  virtual Result<std::vector<std::string>> InterruptExpiredRuns() = 0;
  virtual Result<std::optional<RunRecord>> GetRun(const std::string& run_id) = 0;
  virtual Result<std::vector<RunRecord>> ListRuns(const std::string& month) = 0;
  // Inserts or replaces by decision and month.
  virtual Result<Done> PutBalanceStatements(const std::vector<BalanceRow>& rows) = 0;
  virtual Result<std::vector<BalanceRow>> ListBalanceStatements(const std::string& month) = 0;
  // Inserts or replaces by decision ID and month.
  virtual Result<Done> PutCheckpoints(const std::vector<CheckpointRow>& rows) = 0;
  // The checkpoints of one month.
  virtual Result<std::vector<CheckpointRow>> ListCheckpoints(const std::string& month) = 0;
  // The checkpoints of some decisions before `before_month`.
  virtual Result<std::vector<CheckpointRow>> CheckpointsOf(
      const std::vector<std::string>& decision_ids, const std::string& before_month) = 0;
  // Empties the digest of each decision's checkpoints of its month and
  // later (pairs of decision ID and month; "" for all its months).
  virtual Result<Done> OpenCheckpoints(
      const std::vector<std::pair<std::string, std::string>>& from) = 0;
  // Removes the checkpoints of the months before `before_month`.
  virtual Result<Done> PruneCheckpoints(const std::string& before_month) = 0;
  // Queues a message on its own (a rejection notice); a message ID queued
  // before is left as it is and false returned.
  virtual Result<bool> QueueMessage(const OutboxMessage& message, const AuditEntry& audit) = 0;
  virtual Result<std::vector<OutboxMessage>> ListOutbox(const std::string& state) = 0;
  // Inserts or replaces absences by ID.
  virtual Result<Done> PutAbsences(std::span<const AbsenceRow> absences, const AuditEntry& audit) = 0;
  virtual Result<std::vector<AbsenceRow>> ListAbsences() = 0;

  // --- The review queue (review_records.h) ---

  // Queues the reviews whose event has none yet (pending); an event queued
  // before keeps its record, whatever its state. Returns how many it added.
  virtual Result<int> QueueReviews(const std::vector<ReviewRecord>& reviews,
                                   const AuditEntry& audit) = 0;
  // By month and event ID.
  virtual Result<std::vector<ReviewRecord>> ListReviews(const ReviewQuery& query) = 0;
  // Approves or refuses a pending review (`state`: kReviewApproved or
  // kReviewRefused), in one transaction with its audit entry. not_found
  // when the event has no review, failed_precondition when it was decided.
  virtual Result<ReviewRecord> DecideReview(const std::string& event_id, const std::string& state,
                                            const std::string& reason_code, const std::string& text,
                                            const AuditEntry& audit) = 0;

  // --- Operator exchange (exchange_records.h) ---

  // Claims up to `limit` queued messages that are due (next_attempt_at has
  // passed) and not claimed by another sender, for `lease_seconds`: a
  // sender that dies leaves its claims to expire. On PostgreSQL the rows
  // are taken with FOR UPDATE SKIP LOCKED, so concurrent daemons never
  // claim the same message. Oldest first.
  virtual Result<std::vector<OutboxMessage>> ClaimDueMessages(int limit, int lease_seconds) = 0;
  // The operator took the message (2xx).
  virtual Result<Done> MarkSent(const std::string& message_id) = 0;
  // One attempt failed: count it, keep `error`, release the claim and wait
  // `backoff_ms` before the next.
  virtual Result<Done> MarkAttemptFailed(const std::string& message_id, const std::string& error,
                                         int64_t backoff_ms) = 0;
  // No more attempts: state failed with the last error, for finance.
  virtual Result<Done> MarkFailed(const std::string& message_id, const std::string& error) = 0;
  // Queues a failed (or queued) message again for sending now with its
  // attempts reset; the MessageId stays. false when no such message or it
  // was sent already.
  virtual Result<bool> Requeue(const std::string& message_id, const AuditEntry& audit) = 0;
  // Requeues every failed message to `provider` ("" any) that failed at or
  // after `since` (a store timestamp; "" any time), in one transaction with
  // one audit entry per message (`audit` with the message ID as subject),
  // as Requeue does one. Returns their IDs in queue order.
  virtual Result<std::vector<std::string>> RequeueFailed(const std::string& provider,
                                                         const std::string& since,
                                                         const AuditEntry& audit) = 0;
  virtual Result<OutboxStats> GetOutboxStats() = 0;
  // Stores received messages in one transaction. For each: true when new
  // (stored claimed by `claim`, for the caller to hand on), false when its
  // MessageId was stored before (then nothing changes).
  virtual Result<std::vector<bool>> StoreInbound(const std::vector<InboundMessage>& messages,
                                                 const InboundClaim& claim) = 0;
  // Claims up to `limit` received messages that are due (a failed one's
  // backoff has passed) and unclaimed or whose claim expired, oldest
  // first, each under a new claim generation (returned with it). On
  // PostgreSQL with FOR UPDATE SKIP LOCKED, so concurrent daemons never
  // claim the same message; on SQLite in the write transaction.
  virtual Result<std::vector<InboundMessage>> ClaimDueInbound(const InboundClaim& claim,
                                                              int limit) = 0;
  // Extends every claim `claim.owner` holds by its lease (the daemon lives).
  virtual Result<Done> RenewInboundClaims(const InboundClaim& claim) = 0;
  // Handed on: processed, claim released. Changes nothing when `fence`
  // no longer holds (another daemon took the message over).
  virtual Result<Done> MarkInboundProcessed(const InboundFence& fence) = 0;
  // A hand-on failed: count it, keep `error`, release the claim and wait
  // `backoff_ms` before the next try. Changes nothing when `fence` no
  // longer holds.
  virtual Result<Done> MarkInboundFailed(const InboundFence& fence, const std::string& error,
                                         int64_t backoff_ms) = 0;
  // Whether `fence` still holds: ok, or claim_lost.
  virtual Result<Done> CheckInboundClaim(const InboundFence& fence) = 0;

  // --- Provider invoices ---

  // Stores a transmission exactly as received, before anything reads it;
  // returns its ID. With `fence` (an operator message being handed on),
  // in one transaction with checking the fence still holds: otherwise
  // nothing is written and the error is claim_lost.
  virtual Result<int64_t> SaveTransmission(const InvoiceTransmission& t, const AuditEntry& audit,
                                           const InboundFence* fence) = 0;
  virtual Result<std::optional<InvoiceTransmission>> GetTransmission(int64_t id) = 0;
  // The ID of a transmission with the same digest stored before `id`.
  virtual Result<std::optional<int64_t>> EarlierTransmission(const std::string& sha256, int64_t id) = 0;
  // True when `seller` has an accepted invoice or credit note numbered `number`.
  virtual Result<bool> InvoiceNumberTaken(const std::string& seller, const std::string& number) = 0;
  // Stores one invoice with its verdict, in one transaction with what the
  // verdict moves: an accepted invoice moves its settlement settled ->
  // invoiced; an accepted credit note adds its total to the original's
  // credited_cents and, when that cancels the invoice, moves the settlement
  // back to settled. Nothing is written, and the error says why, when an
  // acceptance cannot hold: duplicate_invoice_number, settlement_not_open,
  // unknown_original_invoice, credit_exceeds_invoice; with `fence`, also
  // claim_lost when the fence no longer holds (as for SaveTransmission).
  virtual Result<InvoiceRecord> RecordInvoice(const InvoiceRecord& invoice, const AuditEntry& audit,
                                              const InboundFence* fence) = 0;
  // Records the notice sent about an invoice: kind, document, channel,
  // outcome; with `fence`, only while it holds (else claim_lost), so a
  // daemon that lost the message cannot overwrite what its new holder
  // recorded (a failed mail over a sent one).
  virtual Result<Done> SetInvoiceNotice(int64_t id, const std::string& kind, const std::string& notice,
                                        const std::string& channel, const std::string& outcome,
                                        const InboundFence* fence) = 0;
  virtual Result<std::optional<InvoiceRecord>> GetInvoice(int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<InvoiceRecord>> ListInvoices(const InvoiceQuery& query) = 0;
};

// Opens (creating on first start) and migrates the store at `url`:
// "sqlite:PATH" or a libpq URI "postgresql://user@host:port/db[?...]".
// The store reads the time from `clock` (Store::clock), which outlives it.
// Errors: bad_store_url, store_unavailable, schema_too_new.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url,
                                         const Clock& clock = SystemClock::Instance());

// "migrated store schema N to M" when opening `store` ran migrations, for
// the log (the daemon's) or stderr (the CLI's).
std::optional<std::string> MigratedLine(const Store& store);

// The schema version of the store at `url`, migrating and creating nothing:
// 0 for a store never opened (a SQLite file not there yet). Errors:
// bad_store_url, store_unavailable.
Result<int> PeekSchemaVersion(const std::string& url);

}  // namespace seteli::store

#endif  // SETELI_STORE_STORE_H_
