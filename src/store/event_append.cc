#include "store/event_append.h"

namespace seteli::store {

std::vector<Verdict> AppendEventRows(Poco::Data::Session& session, Dialect dialect,
                                     std::span<const EventRow> rows,
                                     const std::string& received_at) {
  return dialect == Dialect::kSqlite ? AppendSqliteEventRows(session, rows, received_at)
                                     : AppendPostgresEventRows(session, rows, received_at);
}

}  // namespace seteli::store
