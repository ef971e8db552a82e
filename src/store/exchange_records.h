// What the exchange with the e-invoice operator keeps besides the outbox
// rows of month_records.h: claims on outbox messages (so several daemons on
// one PostgreSQL never send the same message at once), the queue's figures
// for metrics, and the messages received from the operator, stored raw
// under their frame's MessageId before they are acknowledged.
#ifndef SETELI_STORE_EXCHANGE_RECORDS_H_
#define SETELI_STORE_EXCHANGE_RECORDS_H_

#include <cstdint>
#include <string>

namespace seteli::store {

// Outbox states: queued (waiting or between attempts), sent (the operator
// answered 2xx), failed (retry limit reached or refused for good: finance
// looks at last_error and requeues).
inline constexpr char kOutboxQueued[] = "queued";
inline constexpr char kOutboxSent[] = "sent";
inline constexpr char kOutboxFailed[] = "failed";

// The outbox at a glance (metrics, `seteli outbox`).
struct OutboxStats {
  int64_t queued = 0;
  int64_t sent = 0;
  int64_t failed = 0;
  // created_at of the oldest message not sent: queued or failed (a failed
  // one waits for a person, so it must keep an age alert firing); "" if none.
  std::string oldest_unsent_at;
};

// Inbound states: received (stored, acknowledged, not yet handed on, or
// its hand-on failed and waits for the next try), processed (handed to the
// receiving side, which answered).
inline constexpr char kInboundReceived[] = "received";
inline constexpr char kInboundProcessed[] = "processed";

struct InboundMessage {
  std::string message_id;  // eb:MessageId of the frame: unique
  std::string channel;     // "push" (operator posted) or "poll" (mailbox)
  std::string raw;         // the frame and its message, as received
  std::string sha256;      // lowercase hex of `raw`
  std::string state = kInboundReceived;
  std::string received_at = {};
  int64_t seq = 0;
  int attempts = 0;  // failed hand-ons so far
  // Who holds it and which of its claims this is (each claim counts one
  // up), as the store gave it out: the fence on what the holder writes.
  std::string claimed_by = {};
  int64_t claim_generation = 0;
};

// A message is stored already claimed, as its first claim.
inline constexpr int64_t kFirstClaimGeneration = 1;

// Who holds inbound messages while handing them on: a name unique to one
// daemon process, and how long its claim lasts unless renewed. A live
// daemon renews its claims; a dead one's expire and another takes them.
struct InboundClaim {
  std::string owner;
  int lease_seconds = 30;
};

// What a daemon handing a message on must still hold for its writes to
// count: the message claimed by `owner` under `generation`, still
// `received`. A daemon that stalled past its lease finds another's claim
// (or the message processed) there, and its writes are refused with
// claim_lost instead of judging the message a second time.
struct InboundFence {
  std::string message_id;
  std::string owner;
  int64_t generation = 0;
};

inline InboundFence FenceOf(const InboundMessage& m) {
  return {m.message_id, m.claimed_by, m.claim_generation};
}

}  // namespace seteli::store

#endif  // SETELI_STORE_EXCHANGE_RECORDS_H_
