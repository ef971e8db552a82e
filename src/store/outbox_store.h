// Messages waiting for the operator: queued, claimed by a sender for a
// lease, sent, retried after a backoff or failed for finance
// (month_records.h, exchange_records.h).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_OUTBOX_STORE_H_
#define SETELI_STORE_OUTBOX_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/exchange_records.h"
#include "store/month_records.h"

namespace seteli::store {

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Queues a message on its own (a rejection notice); a message ID queued
  // before is left as it is and false returned.
  virtual Result<bool> QueueMessage(const OutboxMessage& message, const AuditEntry& audit) = 0;
  virtual Result<std::vector<OutboxMessage>> ListOutbox(const std::string& state) = 0;
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
};

}  // namespace seteli::store

#endif  // SETELI_STORE_OUTBOX_STORE_H_
