// Internal to the store: what every part of SqlStore's implementation
// shares. Poco exceptions become errors with a code here: store_unavailable
// (retry later: connection lost, busy, I/O error) and store_full (free
// space, then retry).
#ifndef SETELI_STORE_SQL_SUPPORT_H_
#define SETELI_STORE_SQL_SUPPORT_H_

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "store/sql_store.h"
#include "store/transaction.h"
#include "store/utc_now.h"

namespace seteli::store {

using namespace Poco::Data::Keywords;

inline bool LooksFull(const std::string& text) {
  for (const char* needle : {"full", "No space left", "could not extend", "disk_full", "53100"}) {
    if (text.find(needle) != std::string::npos) return true;
  }
  return false;
}

inline Error ToError(const Poco::Exception& e) {
  std::string text = e.displayText();
  if (LooksFull(text)) return Error{"store_full", "the store is out of space: " + text, ""};
  return Error{"store_unavailable", text, ""};
}

inline void InsertAudit(Poco::Data::Session& s, Dialect d, const AuditEntry& a, const std::string& at) {
  s << "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES " +
           PlaceholderTuple(d, 1, 5),
      bind(at), bind(a.actor), bind(a.action), bind(a.subject), bind(a.detail), now;
}

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
  } catch (const Poco::Exception& e) {
    if (lease) lease->Discard();  // it may be broken; a new one is cheap
    return ToError(e);
  }
}

// Serialises writers of one key across PostgreSQL sessions (several
// daemons) until the transaction ends; SQLite has a single writer already.
inline void LockKey(Poco::Data::Session& s, Dialect d, const std::string& key) {
  if (d != Dialect::kPostgres) return;
  s << "SELECT pg_advisory_xact_lock(hashtext($1))", bind(key), now;
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
inline std::string ToBase64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out);
  enc.rdbuf()->setLineLength(0);
  enc << bytes;
  enc.close();
  return out.str();
}

inline std::string FromBase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder dec(in);
  std::ostringstream out;
  out << dec.rdbuf();
  return out.str();
}

}  // namespace seteli::store

#endif  // SETELI_STORE_SQL_SUPPORT_H_
