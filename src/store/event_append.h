// Appending a batch of events inside an open transaction: the SQL behind
// Store::AppendEvents, through each back end's own API on the session's
// connection (Poco::Data's per-value binding cost more than the inserts).
// A row whose event ID is stored, or came earlier in the batch, is judged
// against the stored fingerprint: duplicate when equal, conflict if not.
// On PostgreSQL a row a concurrent writer inserted first is judged the
// same way once that writer committed.
#ifndef SETELI_STORE_EVENT_APPEND_H_
#define SETELI_STORE_EVENT_APPEND_H_

#include <span>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "store/dialect.h"
#include "store/store.h"

namespace seteli::store {

// Throws Poco exceptions; the caller owns the transaction.
std::vector<Verdict> AppendEventRows(Poco::Data::Session& session, Dialect dialect,
                                     std::span<const EventRow> rows,
                                     const std::string& received_at);

// The two halves of AppendEventRows: sqlite_event_append.cc (row by row
// under the write lock the transaction holds) and postgres_event_append.cc
// (COPY, then one INSERT ... SELECT).
std::vector<Verdict> AppendSqliteEventRows(Poco::Data::Session& session,
                                           std::span<const EventRow> rows,
                                           const std::string& received_at);
std::vector<Verdict> AppendPostgresEventRows(Poco::Data::Session& session,
                                             std::span<const EventRow> rows,
                                             const std::string& received_at);

}  // namespace seteli::store

#endif  // SETELI_STORE_EVENT_APPEND_H_
