// A test seam in the manner of LevelDB's fault-injecting Env: a Store that
// passes every call on to a real one, except the Nth call of a chosen role,
// which fails with a chosen error. Tests use it to show what a failure at
// one exact step leaves behind (nothing half-done) and that the retry
// finishes the work once.
//
//   FaultyStore faulty(*real);
//   faulty.FailNth(FaultyStore::Role::kOutbox, 2);  // the 2nd outbox call
//   OutboxSender sender(&faulty, ...);
//
// By default the failing call never reaches the real store (a connection
// lost before the statement); with FaultTiming::kAfterCall it runs there and
// only its answer is lost (a commit whose reply never came back).
#ifndef SETELI_TESTS_STORE_FAULTY_STORE_H_
#define SETELI_TESTS_STORE_FAULTY_STORE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace seteli::store {

class FaultyStore : public Store {
 public:
  enum class Role {
    kEvents,
    kRegistry,
    kAudit,
    kSettlements,
    kRuns,
    kReviews,
    kCredits,
    kOutbox,
    kInbox,
    kInvoices,
    kKeys,  // the last: roles_ is sized by it
  };
  enum class FaultTiming { kBeforeCall, kAfterCall };

  // store_unavailable, kind unavailable: what a lost connection gives.
  static Error Unavailable();

  // Wraps `inner`, which outlives this.
  explicit FaultyStore(Store& inner) : inner_(inner) {}

  // The `nth` call (1-based) of `role` from now on fails with `error`;
  // later calls pass again. One fault per role at a time: a new one
  // replaces the old.
  void FailNth(Role role, int nth, Error error = Unavailable(),
               FaultTiming timing = FaultTiming::kBeforeCall);
  // The same for the `nth` call of one method ("RecordInvoice"), whatever
  // the other calls of its role.
  void FailNth(const std::string& method, int nth, Error error = Unavailable(),
               FaultTiming timing = FaultTiming::kBeforeCall);
  // Every call of `role` from the `nth` on fails (the store went away).
  void FailFrom(Role role, int nth, Error error = Unavailable());
  // Removes the faults of `role` and of its methods.
  void Heal(Role role);
  // How many calls of `role`, or of `method`, were made, failed ones
  // included.
  int calls(Role role) const;
  int calls(const std::string& method) const;
  // How many calls failed by a fault, all roles.
  int faults() const;

  std::string backend() const override { return inner_.backend(); }
  Result<int> SchemaVersion() override { return inner_.SchemaVersion(); }
  int SchemaVersionAtOpen() const override { return inner_.SchemaVersionAtOpen(); }
  const Clock& clock() const override { return inner_.clock(); }
  Result<Done> Ping() override { return inner_.Ping(); }

  // AuditLog
  Result<std::vector<AuditRecord>> ListAudit(int limit) override {
    return Call(Role::kAudit, "ListAudit", [&] { return inner_.ListAudit(limit); });
  }
  Result<std::vector<AuditRecord>> ListAuditOf(const std::string& action,
                                               const std::string& subject_suffix) override {
    return Call(Role::kAudit, "ListAuditOf",
                [&] { return inner_.ListAuditOf(action, subject_suffix); });
  }
  // EventStore
  Result<std::vector<Verdict>> AppendEvents(std::span<const EventRow> rows,
                                            const AuditEntry& audit) override {
    return Call(Role::kEvents, "AppendEvents", [&] { return inner_.AppendEvents(rows, audit); });
  }
  Result<std::vector<StoredEvent>> ListEvents(const EventQuery& query) override {
    return Call(Role::kEvents, "ListEvents", [&] { return inner_.ListEvents(query); });
  }
  Result<std::vector<StoredEvent>> EventsById(const std::vector<std::string>& event_ids) override {
    return Call(Role::kEvents, "EventsById", [&] { return inner_.EventsById(event_ids); });
  }
  Result<int64_t> CountEvents() override {
    return Call(Role::kEvents, "CountEvents", [&] { return inner_.CountEvents(); });
  }
  Result<std::vector<DecisionMonths>> EventMonthsByDecision(
      const std::string& last_month) override {
    return Call(Role::kEvents, "EventMonthsByDecision",
                [&] { return inner_.EventMonthsByDecision(last_month); });
  }
  Result<std::vector<DecisionMonths>> EventMonthsOfDecisions(
      const std::vector<std::string>& decision_ids, const std::string& last_month) override {
    return Call(Role::kEvents, "EventMonthsOfDecisions",
                [&] { return inner_.EventMonthsOfDecisions(decision_ids, last_month); });
  }
  Result<std::vector<StoredEvent>> EventsOfDecisions(const std::vector<std::string>& decision_ids,
                                                     const std::string& last_month,
                                                     const std::string& first_month) override {
    return Call(Role::kEvents, "EventsOfDecisions",
                [&] { return inner_.EventsOfDecisions(decision_ids, last_month, first_month); });
  }
  Result<std::vector<int64_t>> EventSeqsOfDecisions(const std::vector<std::string>& decision_ids,
                                                    const std::string& last_month,
                                                    const std::string& first_month) override {
    return Call(Role::kEvents, "EventSeqsOfDecisions",
                [&] { return inner_.EventSeqsOfDecisions(decision_ids, last_month, first_month); });
  }
  Result<std::vector<StoredEvent>> EventsBySeq(const std::vector<int64_t>& seqs) override {
    return Call(Role::kEvents, "EventsBySeq", [&] { return inner_.EventsBySeq(seqs); });
  }
  Result<std::vector<StoredEvent>> CorrectionEvents(const std::string& last_month) override {
    return Call(Role::kEvents, "CorrectionEvents",
                [&] { return inner_.CorrectionEvents(last_month); });
  }
  Result<std::vector<std::pair<std::string, std::string>>> DecisionsOfEvents(
      const std::vector<std::string>& event_ids) override {
    return Call(Role::kEvents, "DecisionsOfEvents",
                [&] { return inner_.DecisionsOfEvents(event_ids); });
  }
  // RegistryStore
  Result<Done> PutProviders(std::span<const Document> providers, const AuditEntry& audit) override {
    return Call(Role::kRegistry, "PutProviders",
                [&] { return inner_.PutProviders(providers, audit); });
  }
  Result<std::vector<Document>> ListProviders() override {
    return Call(Role::kRegistry, "ListProviders", [&] { return inner_.ListProviders(); });
  }
  Result<Done> PutDecisions(std::span<const Document> decisions, const AuditEntry& audit) override {
    return Call(Role::kRegistry, "PutDecisions",
                [&] { return inner_.PutDecisions(decisions, audit); });
  }
  Result<std::vector<Document>> ListDecisions() override {
    return Call(Role::kRegistry, "ListDecisions", [&] { return inner_.ListDecisions(); });
  }
  Result<Done> PutRulebook(const RulebookRecord& rulebook, const AuditEntry& audit) override {
    return Call(Role::kRegistry, "PutRulebook",
                [&] { return inner_.PutRulebook(rulebook, audit); });
  }
  Result<std::optional<RulebookRecord>> CurrentRulebook() override {
    return Call(Role::kRegistry, "CurrentRulebook", [&] { return inner_.CurrentRulebook(); });
  }
  Result<Done> PutAbsences(std::span<const AbsenceRow> absences, const AuditEntry& audit) override {
    return Call(Role::kRegistry, "PutAbsences",
                [&] { return inner_.PutAbsences(absences, audit); });
  }
  Result<std::vector<AbsenceRow>> ListAbsences() override {
    return Call(Role::kRegistry, "ListAbsences", [&] { return inner_.ListAbsences(); });
  }
  // SettlementStore
  Result<bool> CommitSettlement(const SettlementWrite& write, const AuditEntry& audit) override {
    return Call(Role::kSettlements, "CommitSettlement",
                [&] { return inner_.CommitSettlement(write, audit); });
  }
  Result<std::vector<SettlementRecord>> ListSettlements(const std::string& month,
                                                        const std::string& provider) override {
    return Call(Role::kSettlements, "ListSettlements",
                [&] { return inner_.ListSettlements(month, provider); });
  }
  Result<std::vector<SettlementRecord>> ListSettlementHeads(const std::string& month,
                                                            const std::string& provider) override {
    return Call(Role::kSettlements, "ListSettlementHeads",
                [&] { return inner_.ListSettlementHeads(month, provider); });
  }
  Result<std::vector<StoredLineBody>> SettlementLineBodies(const std::string& provider,
                                                          const std::string& month,
                                                          int after_line_no, int limit) override {
    return Call(Role::kSettlements, "SettlementLineBodies",
                [&] { return inner_.SettlementLineBodies(provider, month, after_line_no, limit); });
  }
  Result<std::vector<std::pair<std::string, std::string>>> SettledMonths() override {
    return Call(Role::kSettlements, "SettledMonths", [&] { return inner_.SettledMonths(); });
  }
  Result<std::optional<SettlementMatch>> FindSettlementByReference(
      const std::string& compact_reference) override {
    return Call(Role::kSettlements, "FindSettlementByReference",
                [&] { return inner_.FindSettlementByReference(compact_reference); });
  }
  Result<std::vector<SettlementLineRow>> LinesOfDecisions(
      const std::vector<std::string>& decision_ids) override {
    return Call(Role::kSettlements, "LinesOfDecisions",
                [&] { return inner_.LinesOfDecisions(decision_ids); });
  }
  Result<std::vector<SettlementLineRow>> LinesForMonth(const std::string& provider,
                                                       const std::string& month) override {
    return Call(Role::kSettlements, "LinesForMonth",
                [&] { return inner_.LinesForMonth(provider, month); });
  }
  Result<std::optional<int64_t>> ReleaseHeld(
      const std::string& provider, const std::string& month,
      const std::function<OutboxMessage(int64_t invoice_number)>& self_billing_message,
      const AuditEntry& audit) override {
    return Call(Role::kSettlements, "ReleaseHeld",
                [&] { return inner_.ReleaseHeld(provider, month, self_billing_message, audit); });
  }
  // RunStore
  Result<Done> PutRun(const RunRecord& run) override {
    return Call(Role::kRuns, "PutRun", [&] { return inner_.PutRun(run); });
  }
  Result<bool> RenewRunLease(const std::string& run_id, int lease_seconds) override {
    return Call(Role::kRuns, "RenewRunLease",
                [&] { return inner_.RenewRunLease(run_id, lease_seconds); });
  }
  Result<std::vector<std::string>> InterruptExpiredRuns() override {
    return Call(Role::kRuns, "InterruptExpiredRuns", [&] { return inner_.InterruptExpiredRuns(); });
  }
  Result<std::optional<RunRecord>> GetRun(const std::string& run_id) override {
    return Call(Role::kRuns, "GetRun", [&] { return inner_.GetRun(run_id); });
  }
  Result<std::vector<RunRecord>> ListRuns(const std::string& month) override {
    return Call(Role::kRuns, "ListRuns", [&] { return inner_.ListRuns(month); });
  }
  Result<Done> PutBalanceStatements(const std::vector<BalanceRow>& rows) override {
    return Call(Role::kRuns, "PutBalanceStatements",
                [&] { return inner_.PutBalanceStatements(rows); });
  }
  Result<std::vector<BalanceRow>> ListBalanceStatements(const std::string& month) override {
    return Call(Role::kRuns, "ListBalanceStatements",
                [&] { return inner_.ListBalanceStatements(month); });
  }
  Result<Done> PutCheckpoints(const std::vector<CheckpointRow>& rows) override {
    return Call(Role::kRuns, "PutCheckpoints", [&] { return inner_.PutCheckpoints(rows); });
  }
  Result<std::vector<CheckpointRow>> ListCheckpoints(const std::string& month) override {
    return Call(Role::kRuns, "ListCheckpoints", [&] { return inner_.ListCheckpoints(month); });
  }
  Result<std::vector<CheckpointRow>> CheckpointsOf(const std::vector<std::string>& decision_ids,
                                                   const std::string& before_month) override {
    return Call(Role::kRuns, "CheckpointsOf",
                [&] { return inner_.CheckpointsOf(decision_ids, before_month); });
  }
  Result<Done> OpenCheckpoints(
      const std::vector<std::pair<std::string, std::string>>& from) override {
    return Call(Role::kRuns, "OpenCheckpoints", [&] { return inner_.OpenCheckpoints(from); });
  }
  Result<Done> PruneCheckpoints(const std::string& before_month) override {
    return Call(Role::kRuns, "PruneCheckpoints",
                [&] { return inner_.PruneCheckpoints(before_month); });
  }
  // ReviewStore
  Result<int> QueueReviews(const std::vector<ReviewRecord>& reviews,
                           const AuditEntry& audit) override {
    return Call(Role::kReviews, "QueueReviews",
                [&] { return inner_.QueueReviews(reviews, audit); });
  }
  Result<std::vector<ReviewRecord>> ListReviews(const ReviewQuery& query) override {
    return Call(Role::kReviews, "ListReviews", [&] { return inner_.ListReviews(query); });
  }
  Result<int64_t> CountReviews(const ReviewQuery& query) override {
    return Call(Role::kReviews, "CountReviews", [&] { return inner_.CountReviews(query); });
  }
  Result<ReviewRecord> DecideReview(const std::string& event_id, const std::string& state,
                                    const std::string& reason_code, const std::string& text,
                                    const AuditEntry& audit) override {
    return Call(Role::kReviews, "DecideReview",
                [&] { return inner_.DecideReview(event_id, state, reason_code, text, audit); });
  }
  // CreditStore
  Result<CreditAdded> AddCredit(const CreditRecord& credit, int64_t credited_before,
                                const AuditEntry& audit) override {
    return Call(Role::kCredits, "AddCredit",
                [&] { return inner_.AddCredit(credit, credited_before, audit); });
  }
  Result<std::vector<CreditRecord>> ListCredits(const CreditQuery& query) override {
    return Call(Role::kCredits, "ListCredits", [&] { return inner_.ListCredits(query); });
  }
  // OutboxStore
  Result<bool> QueueMessage(const OutboxMessage& message, const AuditEntry& audit) override {
    return Call(Role::kOutbox, "QueueMessage", [&] { return inner_.QueueMessage(message, audit); });
  }
  Result<std::vector<OutboxMessage>> ListOutbox(const std::string& state) override {
    return Call(Role::kOutbox, "ListOutbox", [&] { return inner_.ListOutbox(state); });
  }
  Result<std::vector<OutboxMessage>> ClaimDueMessages(int limit, int lease_seconds) override {
    return Call(Role::kOutbox, "ClaimDueMessages",
                [&] { return inner_.ClaimDueMessages(limit, lease_seconds); });
  }
  Result<Done> MarkSent(const std::string& message_id) override {
    return Call(Role::kOutbox, "MarkSent", [&] { return inner_.MarkSent(message_id); });
  }
  Result<Done> MarkAttemptFailed(const std::string& message_id, const std::string& error,
                                 int64_t backoff_ms) override {
    return Call(Role::kOutbox, "MarkAttemptFailed",
                [&] { return inner_.MarkAttemptFailed(message_id, error, backoff_ms); });
  }
  Result<Done> MarkFailed(const std::string& message_id, const std::string& error) override {
    return Call(Role::kOutbox, "MarkFailed", [&] { return inner_.MarkFailed(message_id, error); });
  }
  Result<bool> Requeue(const std::string& message_id, const AuditEntry& audit) override {
    return Call(Role::kOutbox, "Requeue", [&] { return inner_.Requeue(message_id, audit); });
  }
  Result<std::vector<std::string>> RequeueFailed(const std::string& provider,
                                                 const std::string& since,
                                                 const AuditEntry& audit) override {
    return Call(Role::kOutbox, "RequeueFailed",
                [&] { return inner_.RequeueFailed(provider, since, audit); });
  }
  Result<OutboxStats> GetOutboxStats() override {
    return Call(Role::kOutbox, "GetOutboxStats", [&] { return inner_.GetOutboxStats(); });
  }
  // InboxStore
  Result<std::vector<bool>> StoreInbound(const std::vector<InboundMessage>& messages,
                                         const InboundClaim& claim) override {
    return Call(Role::kInbox, "StoreInbound", [&] { return inner_.StoreInbound(messages, claim); });
  }
  Result<std::vector<InboundMessage>> ClaimDueInbound(const InboundClaim& claim,
                                                      int limit) override {
    return Call(Role::kInbox, "ClaimDueInbound",
                [&] { return inner_.ClaimDueInbound(claim, limit); });
  }
  Result<Done> RenewInboundClaims(const InboundClaim& claim) override {
    return Call(Role::kInbox, "RenewInboundClaims",
                [&] { return inner_.RenewInboundClaims(claim); });
  }
  Result<Done> MarkInboundProcessed(const InboundFence& fence) override {
    return Call(Role::kInbox, "MarkInboundProcessed",
                [&] { return inner_.MarkInboundProcessed(fence); });
  }
  Result<Done> MarkInboundFailed(const InboundFence& fence, const std::string& error,
                                 int64_t backoff_ms) override {
    return Call(Role::kInbox, "MarkInboundFailed",
                [&] { return inner_.MarkInboundFailed(fence, error, backoff_ms); });
  }
  Result<Done> CheckInboundClaim(const InboundFence& fence) override {
    return Call(Role::kInbox, "CheckInboundClaim", [&] { return inner_.CheckInboundClaim(fence); });
  }
  // InvoiceStore
  Result<int64_t> SaveTransmission(const InvoiceTransmission& t, const AuditEntry& audit,
                                   const InboundFence* fence) override {
    return Call(Role::kInvoices, "SaveTransmission",
                [&] { return inner_.SaveTransmission(t, audit, fence); });
  }
  Result<std::optional<InvoiceTransmission>> GetTransmission(int64_t id) override {
    return Call(Role::kInvoices, "GetTransmission", [&] { return inner_.GetTransmission(id); });
  }
  Result<std::optional<int64_t>> EarlierTransmission(const std::string& sha256,
                                                     int64_t id) override {
    return Call(Role::kInvoices, "EarlierTransmission",
                [&] { return inner_.EarlierTransmission(sha256, id); });
  }
  Result<bool> InvoiceNumberTaken(const std::string& seller, const std::string& number) override {
    return Call(Role::kInvoices, "InvoiceNumberTaken",
                [&] { return inner_.InvoiceNumberTaken(seller, number); });
  }
  Result<InvoiceRecord> RecordInvoice(const InvoiceRecord& invoice, const AuditEntry& audit,
                                      const InboundFence* fence) override {
    return Call(Role::kInvoices, "RecordInvoice",
                [&] { return inner_.RecordInvoice(invoice, audit, fence); });
  }
  Result<Done> SetInvoiceNotice(int64_t id, const std::string& kind, const std::string& notice,
                                const std::string& channel, const std::string& outcome,
                                const InboundFence* fence) override {
    return Call(Role::kInvoices, "SetInvoiceNotice",
                [&] { return inner_.SetInvoiceNotice(id, kind, notice, channel, outcome, fence); });
  }
  Result<std::optional<InvoiceRecord>> GetInvoice(int64_t id) override {
    return Call(Role::kInvoices, "GetInvoice", [&] { return inner_.GetInvoice(id); });
  }
  Result<std::vector<InvoiceRecord>> ListInvoices(const InvoiceQuery& query) override {
    return Call(Role::kInvoices, "ListInvoices", [&] { return inner_.ListInvoices(query); });
  }
  // KeyStore
  Result<Done> AddProviderKey(const ProviderKey& key, const AuditEntry& audit) override {
    return Call(Role::kKeys, "AddProviderKey", [&] { return inner_.AddProviderKey(key, audit); });
  }
  Result<std::vector<ProviderKey>> ListProviderKeys(const std::string& business_id) override {
    return Call(Role::kKeys, "ListProviderKeys",
                [&] { return inner_.ListProviderKeys(business_id); });
  }
  Result<bool> RevokeProviderKey(const std::string& business_id, const std::string& key_id,
                                 const std::string& at, const AuditEntry& audit) override {
    return Call(Role::kKeys, "RevokeProviderKey",
                [&] { return inner_.RevokeProviderKey(business_id, key_id, at, audit); });
  }
  Result<Done> TouchProviderKey(const std::string& key_id, const std::string& at) override {
    return Call(Role::kKeys, "TouchProviderKey",
                [&] { return inner_.TouchProviderKey(key_id, at); });
  }

 private:
  struct Fault {
    int at_call = 0;      // the role's call count that fails
    bool sticky = false;  // and every later one
    Error error;
    FaultTiming timing = FaultTiming::kBeforeCall;
  };
  // The calls of a role or of a method, and the fault waiting for them.
  struct Counter {
    Role role = Role::kEvents;  // a method's role
    int calls = 0;
    std::optional<Fault> fault;
  };

  // Counts a call of `method` of `role`: the error it must end with, if
  // any, and whether the real store is called first.
  std::optional<std::pair<Error, FaultTiming>> NextCall(Role role, const char* method);
  // The fault due at this call of `c`, if any.
  static std::optional<Fault> Due(const Counter& c);

  template <class F>
  auto Call(Role role, const char* method, F&& call) -> decltype(call()) {
    auto fault = NextCall(role, method);
    if (!fault) return call();
    if (fault->second == FaultTiming::kAfterCall) call();
    return fault->first;
  }

  Store& inner_;
  mutable std::mutex mu_;
  std::array<Counter, static_cast<size_t>(Role::kKeys) + 1> roles_;  // by Role
  std::map<std::string, Counter> methods_;  // by method name
  int faults_ = 0;
};

}  // namespace seteli::store

#endif  // SETELI_TESTS_STORE_FAULTY_STORE_H_
