// SqlStore: the exchange with the e-invoice operator (exchange_records.h):
// claiming outbox messages for sending, recording each attempt, requeueing,
// and the messages received from the operator.
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Data/Statement.h>

#include <chrono>
#include <sstream>

#include "store/sql_store.h"
#include "store/sql_support.h"

namespace seteli::store {
namespace {

using Poco::Data::Session;
using Poco::Data::Statement;

// The end of a claim's SELECT: rows due at $1 and not claimed beyond it, in
// `order`, at most `limit`. SKIP LOCKED: rows another daemon is claiming
// right now are passed over instead of waited for, so claimers never block
// each other.
std::string DueAndUnclaimed(Dialect d, const char* order, int limit) {
  return " AND next_attempt_at <= " + Placeholder(d, 1) +
         " AND claimed_until <= " + Placeholder(d, 2) + " ORDER BY " + order + " LIMIT " +
         std::to_string(limit) + (d == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "");
}

}  // namespace

Result<std::vector<OutboxMessage>> SqlStore::ClaimDueMessages(int limit, int lease_seconds) {
  return Run<std::vector<OutboxMessage>>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::string until = UtcAfter(static_cast<int64_t>(lease_seconds) * 1000);
    std::vector<Poco::Int64> seq;
    std::vector<std::string> id, kind, provider, month, subject, body, st, next, error;
    std::vector<int> attempts;
    s << "SELECT seq, message_id, kind, provider, month, subject, body, state, attempts,"
         " next_attempt_at, last_error FROM outbox WHERE state = 'queued'" +
             DueAndUnclaimed(dialect_, "next_attempt_at, seq", limit),
        bind(at), bind(at), into(seq), into(id), into(kind), into(provider), into(month),
        into(subject), into(body), into(st), into(attempts), into(next), into(error), now;
    std::vector<OutboxMessage> out(seq.size());
    for (size_t i = 0; i < seq.size(); ++i) {
      s << "UPDATE outbox SET claimed_until = " + Placeholder(dialect_, 1) +
               " WHERE message_id = " + Placeholder(dialect_, 2),
          bind(until), bind(id[i]), now;
      out[i] = {id[i], kind[i], provider[i], month[i], subject[i], body[i],
                st[i], attempts[i], next[i], error[i], seq[i]};
    }
    return out;
  });
}

Result<Done> SqlStore::MarkSent(const std::string& message_id) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    s << "UPDATE outbox SET state = 'sent', claimed_until = '', sent_at = " +
             Placeholder(dialect_, 1) + ", updated_at = " + Placeholder(dialect_, 2) +
             ", attempts = attempts + 1 WHERE message_id = " + Placeholder(dialect_, 3),
        bind(at), bind(at), bind(message_id), now;
    return Done{};
  });
}

Result<Done> SqlStore::MarkAttemptFailed(const std::string& message_id, const std::string& error,
                                         int64_t backoff_ms) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow(), next = UtcAfter(backoff_ms);
    s << "UPDATE outbox SET attempts = attempts + 1, last_error = " + Placeholder(dialect_, 1) +
             ", next_attempt_at = " + Placeholder(dialect_, 2) +
             ", claimed_until = '', updated_at = " + Placeholder(dialect_, 3) +
             " WHERE message_id = " + Placeholder(dialect_, 4) + " AND state = 'queued'",
        bind(error), bind(next), bind(at), bind(message_id), now;
    return Done{};
  });
}

Result<Done> SqlStore::MarkFailed(const std::string& message_id, const std::string& error) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    s << "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = " +
             Placeholder(dialect_, 1) + ", claimed_until = '', updated_at = " +
             Placeholder(dialect_, 2) + " WHERE message_id = " + Placeholder(dialect_, 3) +
             " AND state = 'queued'",
        bind(error), bind(at), bind(message_id), now;
    return Done{};
  });
}

Result<bool> SqlStore::Requeue(const std::string& message_id, const AuditEntry& audit) {
  return Run<bool>(true, [&](Session& s) {
    LockKey(s, dialect_, "outbox:" + message_id);
    std::vector<std::string> state;
    s << "SELECT state FROM outbox WHERE message_id = " + Placeholder(dialect_, 1),
        bind(message_id), into(state), now;
    if (state.empty() || state[0] == kOutboxSent) return false;
    std::string at = UtcNow();
    s << "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = " +
             Placeholder(dialect_, 1) + ", claimed_until = '', updated_at = " +
             Placeholder(dialect_, 2) + " WHERE message_id = " + Placeholder(dialect_, 3),
        bind(at), bind(at), bind(message_id), now;
    InsertAudit(s, dialect_, audit, at);
    return true;
  });
}

Result<std::vector<std::string>> SqlStore::RequeueFailed(const std::string& provider,
                                                         const std::string& since,
                                                         const AuditEntry& audit) {
  return Run<std::vector<std::string>>(true, [&](Session& s) {
    std::vector<std::string> ids;
    // updated_at: a failed message is last written when it was given up.
    std::string lock = dialect_ == Dialect::kPostgres ? " FOR UPDATE" : "";
    s << "SELECT message_id FROM outbox WHERE state = 'failed' AND (" + Placeholder(dialect_, 1) +
             " = '' OR provider = " + Placeholder(dialect_, 2) +
             ") AND updated_at >= " + Placeholder(dialect_, 3) + " ORDER BY seq" + lock,
        bind(provider), bind(provider), bind(since), into(ids), now;
    std::string at = UtcNow();
    for (const std::string& id : ids) {
      s << "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = " +
               Placeholder(dialect_, 1) +
               ", claimed_until = '', updated_at = " + Placeholder(dialect_, 2) +
               " WHERE message_id = " + Placeholder(dialect_, 3),
          bind(at), bind(at), bind(id), now;
      AuditEntry entry = audit;
      entry.subject = id;
      InsertAudit(s, dialect_, entry, at);
    }
    return ids;
  });
}

Result<OutboxStats> SqlStore::GetOutboxStats() {
  return Run<OutboxStats>(false, [&](Session& s) {
    std::vector<std::string> state;
    std::vector<Poco::Int64> count;
    s << "SELECT state, COUNT(*) FROM outbox GROUP BY state", into(state), into(count), now;
    OutboxStats out;
    for (size_t i = 0; i < state.size(); ++i) {
      if (state[i] == kOutboxQueued) out.queued = count[i];
      if (state[i] == kOutboxSent) out.sent = count[i];
      if (state[i] == kOutboxFailed) out.failed = count[i];
    }
    s << "SELECT COALESCE(MIN(created_at), '') FROM outbox WHERE state IN ('queued', 'failed')",
        into(out.oldest_unsent_at), now;
    return out;
  });
}

Result<std::vector<bool>> SqlStore::StoreInbound(const std::vector<InboundMessage>& messages,
                                                 const InboundClaim& claim) {
  return Run<std::vector<bool>>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::string until = UtcAfter(static_cast<int64_t>(claim.lease_seconds) * 1000);
    std::vector<bool> fresh;
    for (const InboundMessage& m : messages) {
      // Two daemons receiving the same MessageId at once: one stores it,
      // the other waits here and then finds it.
      LockKey(s, dialect_, "inbound:" + m.message_id);
      Poco::Int64 n = 0;
      s << "SELECT COUNT(*) FROM inbound_messages WHERE message_id = " + Placeholder(dialect_, 1),
          bind(m.message_id), into(n), now;
      if (n > 0) {
        fresh.push_back(false);
        continue;
      }
      // Stored claimed: the daemon that stored it hands it on, and no
      // other daemon's pass takes it meanwhile.
      std::string raw = ToBase64(m.raw);
      Poco::Int64 generation = kFirstClaimGeneration;
      s << "INSERT INTO inbound_messages (message_id, channel, received_at, raw_base64, sha256,"
           " state, updated_at, claimed_by, claimed_until, claim_generation) VALUES " +
               PlaceholderTuple(dialect_, 1, 10),
          bind(m.message_id), bind(m.channel), bind(at), use(raw), bind(m.sha256), bind(m.state),
          bind(at), bind(claim.owner), bind(until), bind(generation), now;
      fresh.push_back(true);
    }
    return fresh;
  });
}

Result<std::vector<InboundMessage>> SqlStore::ClaimDueInbound(const InboundClaim& claim,
                                                              int limit) {
  return Run<std::vector<InboundMessage>>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::string until = UtcAfter(static_cast<int64_t>(claim.lease_seconds) * 1000);
    std::vector<Poco::Int64> seq, generation;
    std::vector<std::string> id, channel, received, raw, sha, st;
    std::vector<int> attempts;
    // A message another daemon is fencing (HoldFence) is passed over too;
    // once claimed, claimed_until keeps it.
    s << "SELECT seq, message_id, channel, received_at, raw_base64, sha256, state, attempts,"
         " claim_generation FROM inbound_messages WHERE state = 'received'" +
             DueAndUnclaimed(dialect_, "seq", limit),
        bind(at), bind(at), into(seq), into(id), into(channel), into(received), into(raw),
        into(sha), into(st), into(attempts), into(generation), now;
    std::vector<InboundMessage> out(seq.size());
    for (size_t i = 0; i < seq.size(); ++i) {
      // A new generation: whoever held the message before (its lease ran
      // out, it may only be stalled) no longer passes the fence.
      Poco::Int64 next = generation[i] + 1;
      s << "UPDATE inbound_messages SET claimed_by = " + Placeholder(dialect_, 1) +
               ", claimed_until = " + Placeholder(dialect_, 2) +
               ", claim_generation = " + Placeholder(dialect_, 3) +
               " WHERE message_id = " + Placeholder(dialect_, 4),
          bind(claim.owner), bind(until), bind(next), bind(id[i]), now;
      out[i] = {id[i], channel[i], FromBase64(raw[i]), sha[i], st[i], received[i], seq[i],
                attempts[i], claim.owner, next};
    }
    return out;
  });
}

Result<Done> SqlStore::RenewInboundClaims(const InboundClaim& claim) {
  return Run<Done>(true, [&](Session& s) {
    std::string until = UtcAfter(static_cast<int64_t>(claim.lease_seconds) * 1000);
    s << "UPDATE inbound_messages SET claimed_until = " + Placeholder(dialect_, 1) +
             " WHERE claimed_by = " + Placeholder(dialect_, 2) + " AND state = 'received'",
        bind(until), bind(claim.owner), now;
    return Done{};
  });
}

// The marks below change the row only while `fence` holds: on PostgreSQL
// an UPDATE waits for a claim in progress and checks its WHERE against the
// row as that claim left it.
Result<Done> SqlStore::MarkInboundProcessed(const InboundFence& fence) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    Poco::Int64 generation = fence.generation;
    s << "UPDATE inbound_messages SET state = 'processed', claimed_by = '', claimed_until = '',"
         " updated_at = " + Placeholder(dialect_, 1) + " WHERE message_id = " +
             Placeholder(dialect_, 2) + " AND claimed_by = " + Placeholder(dialect_, 3) +
             " AND claim_generation = " + Placeholder(dialect_, 4) + " AND state = 'received'",
        bind(at), bind(fence.message_id), bind(fence.owner), bind(generation), now;
    return Done{};
  });
}

Result<Done> SqlStore::MarkInboundFailed(const InboundFence& fence, const std::string& error,
                                         int64_t backoff_ms) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow(), next = UtcAfter(backoff_ms);
    Poco::Int64 generation = fence.generation;
    s << "UPDATE inbound_messages SET attempts = attempts + 1, last_error = " +
             Placeholder(dialect_, 1) + ", next_attempt_at = " + Placeholder(dialect_, 2) +
             ", claimed_by = '', claimed_until = '', updated_at = " + Placeholder(dialect_, 3) +
             " WHERE message_id = " + Placeholder(dialect_, 4) + " AND claimed_by = " +
             Placeholder(dialect_, 5) + " AND claim_generation = " + Placeholder(dialect_, 6) +
             " AND state = 'received'",
        bind(error), bind(next), bind(at), bind(fence.message_id), bind(fence.owner),
        bind(generation), now;
    return Done{};
  });
}

Result<Done> SqlStore::CheckInboundClaim(const InboundFence& fence) {
  return Run<Done>(true, [&](Session& s) {
    HoldFence(s, dialect_, fence);
    return Done{};
  });
}

}  // namespace seteli::store
