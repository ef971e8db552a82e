// Appending a batch of events inside an open transaction: the SQL behind
// Store::AppendEvents. New event IDs are inserted in multi-row statements
// (INSERT ... ON CONFLICT DO NOTHING RETURNING), so a batch of a thousand
// events costs a handful of round trips, and a row a concurrent writer
// inserted first is found and judged like any stored one.
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

}  // namespace seteli::store

#endif  // SETELI_STORE_EVENT_APPEND_H_
