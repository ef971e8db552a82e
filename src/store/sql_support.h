// Internal to the store: what every part of SqlStore's implementation
// shares. Poco exceptions become errors with a code here: store_unavailable
// (retry later: connection lost, busy, I/O error) and store_full (free
// space, then retry).
#ifndef SETELI_STORE_SQL_SUPPORT_H_
#define SETELI_STORE_SQL_SUPPORT_H_

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <optional>

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

}  // namespace seteli::store

#endif  // SETELI_STORE_SQL_SUPPORT_H_
