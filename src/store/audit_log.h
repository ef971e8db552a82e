// Who did what: every write of the store records an audit entry in the
// write's own transaction (AuditEntry); this role reads them back.
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_AUDIT_LOG_H_
#define SETELI_STORE_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "seteli/status.h"

namespace seteli::store {

// The value of a write that returns nothing else.
using Done = std::monostate;

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

class AuditLog {
 public:
  virtual ~AuditLog() = default;

  // The latest `limit` audit records, newest first.
  virtual Result<std::vector<AuditRecord>> ListAudit(int limit) = 0;
  // The audit records of `action` whose subject ends with `subject_suffix`
  // (" 2024-05": a month's), oldest first: who released which settlement.
  virtual Result<std::vector<AuditRecord>> ListAuditOf(const std::string& action,
                                                       const std::string& subject_suffix) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_AUDIT_LOG_H_
