// The Store on Poco::Data, for SQLite and PostgreSQL alike: the same schema
// and the same statements, with the few differences kept in `Dialect`.
// Poco exceptions stop here and become errors with a code:
// store_unavailable (retry later: connection lost, busy, I/O error) and
// store_full (the disk or database is full: free space, then retry).
#ifndef SETELI_STORE_SQL_STORE_H_
#define SETELI_STORE_SQL_STORE_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "store/append_groups.h"
#include "store/connection_pool.h"
#include "store/dialect.h"
#include "store/store.h"
#include "store/wal_checkpointer.h"

namespace seteli::store {

class SqlStore : public Store {
 public:
  // Opens and migrates. `connection_string` is a file path for SQLite and
  // a libpq connection string or URI for PostgreSQL.
  static Result<std::unique_ptr<Store>> Open(Dialect dialect, const std::string& connection_string,
                                             const Clock& clock);

  std::string backend() const override { return DialectName(dialect_); }
  const Clock& clock() const override { return clock_; }
  Result<int> SchemaVersion() override;
  int SchemaVersionAtOpen() const override { return schema_at_open_; }
  // The recorded schema version, migrating nothing (PeekSchemaVersion).
  static Result<int> PeekSchemaVersion(Dialect dialect, const std::string& connection_string);
  Result<Done> Ping() override;
  Result<std::vector<Verdict>> AppendEvents(std::span<const EventRow> rows,
                                            const AuditEntry& audit) override;
  Result<std::vector<StoredEvent>> ListEvents(const EventQuery& query) override;
  Result<std::vector<StoredEvent>> EventsById(const std::vector<std::string>& event_ids) override;
  Result<int64_t> CountEvents() override;
  Result<Done> PutProviders(std::span<const Document> providers, const AuditEntry& audit) override;
  Result<std::vector<Document>> ListProviders() override;
  Result<Done> PutDecisions(std::span<const Document> decisions, const AuditEntry& audit) override;
  Result<std::vector<Document>> ListDecisions() override;
  Result<Done> PutRulebook(const RulebookRecord& rulebook, const AuditEntry& audit) override;
  Result<std::optional<RulebookRecord>> CurrentRulebook() override;
  Result<std::vector<AuditRecord>> ListAudit(int limit) override;
  Result<std::vector<AuditRecord>> ListAuditOf(const std::string& action,
                                               const std::string& subject_suffix) override;
  Result<bool> CommitSettlement(const SettlementWrite& write, const AuditEntry& audit) override;
  Result<std::vector<SettlementRecord>> ListSettlements(const std::string& month,
                                                        const std::string& provider) override;
  Result<std::vector<SettlementRecord>> ListSettlementHeads(const std::string& month,
                                                             const std::string& provider) override;
  Result<std::vector<StoredLineBody>> SettlementLineBodies(const std::string& provider,
                                                           const std::string& month,
                                                           int after_line_no, int limit) override;
  Result<std::vector<SettlementLineRow>> LinesForMonth(const std::string& provider,
                                                       const std::string& month) override;
  Result<std::vector<std::pair<std::string, std::string>>> SettledMonths() override;
  Result<std::optional<SettlementMatch>> FindSettlementByReference(
      const std::string& compact_reference) override;
  Result<std::vector<DecisionMonths>> EventMonthsByDecision(const std::string& last_month) override;
  Result<std::vector<DecisionMonths>> EventMonthsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month) override;
  Result<std::vector<StoredEvent>> EventsOfDecisions(const std::vector<std::string>& decision_ids,
                                                     const std::string& last_month,
                                                     const std::string& first_month) override;
  Result<std::vector<int64_t>> EventSeqsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month,
      const std::string& first_month) override;
  Result<std::vector<StoredEvent>> EventsBySeq(const std::vector<int64_t>& seqs) override;
  Result<std::vector<StoredEvent>> CorrectionEvents(const std::string& last_month) override;
  Result<std::vector<std::pair<std::string, std::string>>> DecisionsOfEvents(
      const std::vector<std::string>& event_ids) override;
  Result<std::vector<SettlementLineRow>> LinesOfDecisions(
      const std::vector<std::string>& decision_ids) override;
  Result<std::optional<int64_t>> ReleaseHeld(
      const std::string& provider, const std::string& month,
      const std::function<OutboxMessage(int64_t invoice_number)>& self_billing_message,
      const AuditEntry& audit) override;
  Result<Done> PutRun(const RunRecord& run) override;
  Result<bool> RenewRunLease(const std::string& run_id, int lease_seconds) override;
  Result<std::vector<std::string>> InterruptExpiredRuns() override;
  Result<std::optional<RunRecord>> GetRun(const std::string& run_id) override;
  Result<std::vector<RunRecord>> ListRuns(const std::string& month) override;
  Result<Done> PutBalanceStatements(const std::vector<BalanceRow>& rows) override;
  Result<std::vector<BalanceRow>> ListBalanceStatements(const std::string& month) override;
  Result<Done> PutCheckpoints(const std::vector<CheckpointRow>& rows) override;
  Result<std::vector<CheckpointRow>> ListCheckpoints(const std::string& month) override;
  Result<std::vector<CheckpointRow>> CheckpointsOf(const std::vector<std::string>& decision_ids,
                                                   const std::string& before_month) override;
  Result<Done> OpenCheckpoints(
      const std::vector<std::pair<std::string, std::string>>& from) override;
  Result<Done> PruneCheckpoints(const std::string& before_month) override;
  Result<bool> QueueMessage(const OutboxMessage& message, const AuditEntry& audit) override;
  Result<std::vector<OutboxMessage>> ListOutbox(const std::string& state) override;
  Result<Done> PutAbsences(std::span<const AbsenceRow> absences, const AuditEntry& audit) override;
  Result<std::vector<AbsenceRow>> ListAbsences() override;

  // --- The review queue ---
  Result<int> QueueReviews(const std::vector<ReviewRecord>& reviews,
                           const AuditEntry& audit) override;
  Result<std::vector<ReviewRecord>> ListReviews(const ReviewQuery& query) override;
  Result<int64_t> CountReviews(const ReviewQuery& query) override;
  Result<ReviewRecord> DecideReview(const std::string& event_id, const std::string& state,
                                    const std::string& reason_code, const std::string& text,
                                    const AuditEntry& audit) override;

  // --- Organizer credits ---
  Result<CreditAdded> AddCredit(const CreditRecord& credit, int64_t credited_before,
                                const AuditEntry& audit) override;
  Result<std::vector<CreditRecord>> ListCredits(const CreditQuery& query) override;

  // --- Operator exchange ---
  Result<std::vector<OutboxMessage>> ClaimDueMessages(int limit, int lease_seconds) override;
  Result<Done> MarkSent(const std::string& message_id) override;
  Result<Done> MarkAttemptFailed(const std::string& message_id, const std::string& error,
                                 int64_t backoff_ms) override;
  Result<Done> MarkFailed(const std::string& message_id, const std::string& error) override;
  Result<bool> Requeue(const std::string& message_id, const AuditEntry& audit) override;
  Result<std::vector<std::string>> RequeueFailed(const std::string& provider,
                                                 const std::string& since,
                                                 const AuditEntry& audit) override;
  Result<OutboxStats> GetOutboxStats() override;
  Result<std::vector<bool>> StoreInbound(const std::vector<InboundMessage>& messages,
                                         const InboundClaim& claim) override;
  Result<std::vector<InboundMessage>> ClaimDueInbound(const InboundClaim& claim, int limit) override;
  Result<Done> RenewInboundClaims(const InboundClaim& claim) override;
  Result<Done> MarkInboundProcessed(const InboundFence& fence) override;
  Result<Done> MarkInboundFailed(const InboundFence& fence, const std::string& error,
                                 int64_t backoff_ms) override;
  Result<Done> CheckInboundClaim(const InboundFence& fence) override;

  // --- Provider invoices ---
  Result<int64_t> SaveTransmission(const InvoiceTransmission& t, const AuditEntry& audit,
                                   const InboundFence* fence) override;
  Result<std::optional<InvoiceTransmission>> GetTransmission(int64_t id) override;
  Result<std::optional<int64_t>> EarlierTransmission(const std::string& sha256, int64_t id) override;
  Result<bool> InvoiceNumberTaken(const std::string& seller, const std::string& number) override;
  Result<InvoiceRecord> RecordInvoice(const InvoiceRecord& invoice, const AuditEntry& audit,
                                      const InboundFence* fence) override;
  Result<Done> SetInvoiceNotice(int64_t id, const std::string& kind, const std::string& notice,
                                const std::string& channel, const std::string& outcome,
                                const InboundFence* fence) override;
  Result<std::optional<InvoiceRecord>> GetInvoice(int64_t id) override;
  Result<std::vector<InvoiceRecord>> ListInvoices(const InvoiceQuery& query) override;

  // --- Provider keys ---
  Result<Done> AddProviderKey(const ProviderKey& key, const AuditEntry& audit) override;
  Result<std::vector<ProviderKey>> ListProviderKeys(const std::string& business_id) override;
  Result<bool> RevokeProviderKey(const std::string& business_id, const std::string& key_id,
                                 const std::string& at, const AuditEntry& audit) override;
  Result<Done> TouchProviderKey(const std::string& key_id, const std::string& at) override;

 private:
  SqlStore(Dialect dialect, const std::string& connection_string, const Clock& clock);

  // Now, and `ms` from now, as stored (Clock::UtcText).
  std::string UtcNow() const { return clock_.UtcText(); }
  std::string UtcAfter(int64_t ms) const { return clock_.UtcText(ms); }

  // Runs `work` on a pooled session, turning Poco exceptions into errors.
  // With `write`, the work runs inside one committed transaction.
  template <class T>
  Result<T> Run(bool write, const std::function<T(Poco::Data::Session&)>& work);
  Result<Done> PutDocuments(const char* table, const char* key, std::span<const Document> docs,
                            const AuditEntry& audit);
  Result<std::vector<Document>> ListDocuments(const char* table, const char* key);
  // Stores a group of event batches in one transaction (AppendGroups).
  void WriteAppendGroup(std::span<AppendGroups::Batch* const> group);

  Dialect dialect_;
  const Clock& clock_;
  int schema_at_open_ = 0;
  // SQLite only; outlives the pool, so it closes the last connection.
  std::unique_ptr<WalCheckpointer> checkpointer_;
  ConnectionPool pool_;
  // SQLite has one writer at a time; waiting here is cheaper than on its lock.
  std::mutex sqlite_writer_;
  AppendGroups appends_;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_SQL_STORE_H_
