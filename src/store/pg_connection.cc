#include "store/pg_connection.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>

#include <algorithm>
#include <cstddef>

namespace seteli::store {
namespace {

[[noreturn]] void Fail(PGconn* conn, const PGresult* res) {
  std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (state) message += " [" + std::string(state) + "]";
  throw Poco::Data::DataException("PostgreSQL: " + message);
}

}  // namespace

PGconn* PgHandle(Poco::Data::Session& session) {
  auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(session.impl());
  if (!impl) throw Poco::Data::DataException("not a PostgreSQL session");
  return impl->handle();
}

PgResult PgExec(PGconn* conn, const char* sql, ExecStatusType expected, const char* param) {
  PgResult res(param ? PQexecParams(conn, sql, 1, nullptr, &param, nullptr, nullptr, 0)
                     : PQexec(conn, sql),
               &PQclear);
  if (PQresultStatus(res.get()) != expected) Fail(conn, res.get());
  return res;
}

void AppendCopyField(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
}

bool PgCopyIn(PGconn* conn, const std::string& target, const std::string& text,
              const char* tolerated_state) {
  PgExec(conn, ("COPY " + target + " FROM STDIN").c_str(), PGRES_COPY_IN);
  // libpq grows its output buffer to hold whatever one call hands it and
  // keeps it for the connection's life: a month run's 5,000 lines at once
  // left megabytes on every pooled connection (docs/performance-history.md, "Soak").
  // Pieces smaller than its initial 16 KiB buffer go out as it fills.
  constexpr size_t kPiece = 8192;
  for (size_t at = 0; at < text.size(); at += kPiece) {
    const size_t n = std::min(kPiece, text.size() - at);
    if (PQputCopyData(conn, text.data() + at, static_cast<int>(n)) != 1) Fail(conn, nullptr);
  }
  if (PQputCopyEnd(conn, nullptr) != 1) Fail(conn, nullptr);
  PgResult res(PQgetResult(conn), &PQclear);
  ExecStatusType status = PQresultStatus(res.get());
  while (PGresult* more = PQgetResult(conn)) PQclear(more);
  if (status == PGRES_COMMAND_OK) return true;
  const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
  if (tolerated_state && state && std::string_view(state) == tolerated_state) return false;
  Fail(conn, res.get());
}

}  // namespace seteli::store
