// libpq on a Poco::Data PostgreSQL session's own connection, for the bulk
// writes where one COPY replaces thousands of bound values. Failures throw
// the Poco exception Poco::Data would have thrown, with the SQLSTATE, so
// SqlStore::Run treats them alike (53100, disk_full, is store_full).
#ifndef SETELI_STORE_PG_CONNECTION_H_
#define SETELI_STORE_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <Poco/Data/Session.h>

#include <memory>
#include <string>
#include <string_view>

namespace seteli::store {

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The session's connection; throws if it is not a PostgreSQL session.
PGconn* PgHandle(Poco::Data::Session& session);

// Runs `sql` (with at most one text parameter); throws unless the result
// has the `expected` status.
PgResult PgExec(PGconn* conn, const char* sql, ExecStatusType expected,
                const char* param = nullptr);

// Appends `v` as one field of COPY's text format.
void AppendCopyField(std::string& out, std::string_view v);

// COPY `target` FROM STDIN with `text` (rows in COPY's text format).
// Returns false when it failed with SQLSTATE `tolerated_state` (the
// transaction is then aborted up to its last savepoint); throws on any
// other failure.
bool PgCopyIn(PGconn* conn, const std::string& target, const std::string& text,
              const char* tolerated_state = nullptr);

}  // namespace seteli::store

#endif  // SETELI_STORE_PG_CONNECTION_H_
