// Messages received from the operator: stored before they are answered,
// then handed on under a claim that a fence guards (exchange_records.h).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_INBOX_STORE_H_
#define SETELI_STORE_INBOX_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/exchange_records.h"

namespace seteli::store {

class InboxStore {
 public:
  virtual ~InboxStore() = default;

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
};

}  // namespace seteli::store

#endif  // SETELI_STORE_INBOX_STORE_H_
