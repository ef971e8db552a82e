// Internal to the store: what every part of SqlStore's implementation
// shares. Poco exceptions become errors with a code here: store_unavailable
// (retry later: connection lost, busy, I/O error), store_full (free
// space, then retry) and store_corrupt (a damaged SQLite file).
#ifndef SETELI_STORE_SQL_SUPPORT_H_
#define SETELI_STORE_SQL_SUPPORT_H_

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <chrono>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "store/sql_store.h"
#include "store/transaction.h"

namespace seteli::store {

using namespace Poco::Data::Keywords;

inline bool LooksFull(const std::string& text) {
  for (const char* needle : {"full", "No space left", "could not extend", "disk_full", "53100"}) {
    if (text.find(needle) != std::string::npos) return true;
  }
  return false;
}

// SQLite's failures come typed; PostgreSQL's reach us through Poco as
// text only (no SQLSTATE but where pg_connection puts it in), so a full
// disk is recognised by its words there. A damaged SQLite file is data
// loss, not an outage: retrying will not mend it.
inline Error ToError(const Poco::Exception& e) {
  std::string text = e.displayText();
  if (dynamic_cast<const Poco::Data::SQLite::CorruptImageException*>(&e)) {
    return Error{"store_corrupt", "the SQLite file is damaged: " + text, ""};
  }
  if (dynamic_cast<const Poco::Data::SQLite::DatabaseFullException*>(&e) || LooksFull(text)) {
    return Error{"store_full", "the store is out of space: " + text, ""};
  }
  return Error{"store_unavailable", text, ""};
}

inline void InsertAudit(Poco::Data::Session& s, Dialect d, const AuditEntry& a, const std::string& at) {
  s << "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES " +
           PlaceholderTuple(d, 1, 5),
      bind(at), bind(a.actor), bind(a.action), bind(a.subject), bind(a.detail), now;
}

// Thrown inside a write transaction's work to roll it back and return
// `error` as it is (not as a store failure).
struct Refused {
  Error error;
};

template <class T>
Result<T> SqlStore::Run(bool write, const std::function<T(Poco::Data::Session&)>& work) {
  std::unique_lock<std::mutex> writer(sqlite_writer_, std::defer_lock);
  if (write && dialect_ == Dialect::kSqlite) writer.lock();
  std::optional<ConnectionPool::Lease> lease;
  try {
    lease.emplace(pool_.Acquire());
    if (!write) return work(**lease);
    WriteTransaction tx(**lease, dialect_);
    T value = work(**lease);
    tx.Commit();
    return value;
  } catch (const Refused& r) {
    return r.error;  // rolled back by the transaction's destructor
  } catch (const Poco::Exception& e) {
    if (lease) lease->Discard();  // it may be broken; a new one is cheap
    return ToError(e);
  }
}

// The stored text of a settlement moving from `from` to `to`: every write
// of a settlement's state takes it from here, so SettlementState decides
// which moves there are. An illegal move refuses the transaction
// (illegal_settlement_transition).
inline std::string MovedState(SettlementState from, SettlementState to) {
  auto moved = Move(from, to);
  if (!moved.ok()) throw Refused{moved.error()};
  return ToString(moved.value());
}

// Serialises writers of one key across PostgreSQL sessions (several
// daemons) until the transaction ends; SQLite has a single writer already.
inline void LockKey(Poco::Data::Session& s, Dialect d, const std::string& key) {
  if (d != Dialect::kPostgres) return;
  s << "SELECT pg_advisory_xact_lock(hashtext($1))", bind(key), now;
}

// Refuses (claim_lost) the transaction unless `fence` still holds, and on
// PostgreSQL locks the message's row until the transaction ends: a
// daemon's claim of it (FOR UPDATE SKIP LOCKED) then passes it over, and
// one that is claiming it right now is waited for and its new claim seen.
// Called last, just before the commit, so the row is locked only briefly.
inline void HoldFence(Poco::Data::Session& s, Dialect d, const InboundFence& fence) {
  std::vector<std::string> owner, state;
  std::vector<Poco::Int64> generation;
  std::string lock = d == Dialect::kPostgres ? " FOR UPDATE" : "";
  s << "SELECT claimed_by, claim_generation, state FROM inbound_messages WHERE message_id = " +
           Placeholder(d, 1) + lock,
      bind(fence.message_id), into(owner), into(generation), into(state), now;
  if (!owner.empty() && owner[0] == fence.owner && generation[0] == fence.generation &&
      state[0] == kInboundReceived) {
    return;
  }
  std::string now_held = owner.empty() ? "no such message"
                                       : state[0] == kInboundReceived
                                             ? "claimed by '" + owner[0] + "' (claim " +
                                                   std::to_string(generation[0]) + ")"
                                             : state[0];
  throw Refused{Error{"claim_lost",
                      "inbound message " + fence.message_id + " is no longer claimed by " +
                          fence.owner + " (claim " + std::to_string(fence.generation) +
                          "): " + now_held,
                      fence.message_id}};
}

// Marks the organizer credits of a settlement being committed applied by
// it (SettlementWrite::applied_credits); credit_conflict when one was
// applied before. sql_store_credits.cc.
void ApplyCredits(Poco::Data::Session& s, Dialect d, const SettlementWrite& write);

// Runs `sql` with `params` bound in order and reads all its rows, each
// result column into the next of `columns` (a vector of that column's type).
template <typename... Columns>
void SelectRows(Poco::Data::Session& s, const std::string& sql,
                const std::vector<std::string>& params, std::vector<Columns>&... columns) {
  Poco::Data::Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  ((st, into(columns)), ...);
  st.execute();
}

// The same for a query of text columns only, one vector each.
inline void SelectRows(Poco::Data::Session& s, const std::string& sql,
                       const std::vector<std::string>& params,
                       std::span<std::vector<std::string>> columns) {
  Poco::Data::Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  for (auto& column : columns) st, into(column);
  st.execute();
}

// Whether a COUNT(*) query with `params` counts anything.
inline bool Exists(Poco::Data::Session& s, const std::string& sql,
                   const std::vector<std::string>& params) {
  Poco::Int64 n = 0;
  Poco::Data::Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  st, into(n);
  st.execute();
  return n > 0;
}

// Raw bytes kept in a text column: PostgreSQL text holds UTF-8 only, and
// what arrives (ISO-8859-15 Finvoice) must be kept exactly as it came.
// Standard base64 with padding, no line breaks, written straight into a
// string of its final size: through streams, a 62 MB file cost four
// times its size at once (docs/performance-history.md, "Memory").
inline std::string ToBase64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The value of a base64 digit; -1 for anything else.
inline int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// The bytes of ToBase64's text (white space ignored, as Poco's decoder
// did); Poco::DataFormatException on any other character.
inline std::string FromBase64(const std::string& text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned v = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    int d = Base64Digit(c);
    if (d < 0) throw Poco::DataFormatException("not base64 in the store");
    v = (v << 6 | static_cast<unsigned>(d)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace seteli::store

#endif  // SETELI_STORE_SQL_SUPPORT_H_
