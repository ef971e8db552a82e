// Writing a settlement's lines inside the monthly run's open transaction:
// the bulk of what the run writes (a line per event). Each back end gets
// its cheapest path: SQLite one statement prepared once and stepped per
// line, PostgreSQL one COPY per chunk.
#ifndef SETELI_STORE_LINE_INSERT_H_
#define SETELI_STORE_LINE_INSERT_H_

#include <span>

#include <Poco/Data/Session.h>

#include "store/dialect.h"
#include "store/month_records.h"

namespace seteli::store {

// Throws Poco exceptions; the caller owns the transaction.
void InsertLineRows(Poco::Data::Session& session, Dialect dialect,
                    std::span<const SettlementLineRow> lines);

}  // namespace seteli::store

#endif  // SETELI_STORE_LINE_INSERT_H_
