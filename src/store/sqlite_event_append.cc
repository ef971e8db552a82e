// SQLite: appending a batch of event rows through the sqlite3 API on the
// session's own connection. Poco::Data binds by copying every value into
// its own buffers, which cost more than SQLite's insert itself; here each
// value is bound in place and the statements are prepared once a batch.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "store/event_append.h"
#include "store/sqlite_statement.h"

namespace seteli::store {
namespace {

constexpr int kEventColumnCount = 11;

// Rows one statement inserts. Within one statement SQLite keeps its
// cursors open from row to row, and a key that goes after the last one
// of an index is put there without a search from the root; a batch's
// events mostly come in the order of the indexes (one provider, its
// decisions, increasing IDs), as the run's lines do (line_insert.cc).
constexpr size_t kRowsPerStatement = 32;

std::string InsertSql(size_t rows) {
  return "INSERT INTO events (event_id, provider, decision_id, service, month_from, month_to,"
         " service_at, recorded_at, fingerprint, body, received_at)" +
         ValuesPlaceholders(kEventColumnCount, rows) +
         " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
}

// Inserts `rows`, each unless its ID is stored (before, or by an earlier
// row); returns the IDs inserted.
std::unordered_set<std::string> InsertRows(SqliteStatement& insert, std::span<const EventRow> rows,
                                           const std::string& received_at) {
  int n = 0;
  for (const EventRow& r : rows) {
    for (const std::string* v :
         {&r.event_id, &r.provider, &r.decision_id, &r.service, &r.month_from, &r.month_to,
          &r.service_at, &r.recorded_at, &r.fingerprint, &r.body, &received_at}) {
      insert.Bind(++n, *v);
    }
  }
  std::unordered_set<std::string> inserted;
  while (insert.Step()) inserted.emplace(insert.Text(0));
  insert.Reset();
  return inserted;
}

}  // namespace

std::vector<Verdict> AppendSqliteEventRows(Poco::Data::Session& session,
                                           std::span<const EventRow> rows,
                                           const std::string& received_at) {
  // The caller holds the write lock (BEGIN IMMEDIATE): a row the insert
  // skips was stored before, or earlier in this batch, never by a writer
  // racing this one.
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  std::optional<SqliteStatement> many;
  if (rows.size() >= kRowsPerStatement) many.emplace(db, InsertSql(kRowsPerStatement).c_str());
  SqliteStatement one(db, InsertSql(1).c_str());
  SqliteStatement stored(db, "SELECT fingerprint FROM events WHERE event_id = ?");
  std::vector<Verdict> verdicts(rows.size(), Verdict::kAccepted);
  for (size_t at = 0; at < rows.size();) {
    size_t count = rows.size() - at >= kRowsPerStatement ? kRowsPerStatement : 1;
    std::span<const EventRow> chunk = rows.subspan(at, count);
    std::unordered_set<std::string> inserted =
        InsertRows(count == 1 ? one : *many, chunk, received_at);
    for (size_t i = at; i < at + count; ++i) {
      // The first row of an ID in the chunk is the one inserted.
      if (inserted.erase(rows[i].event_id) == 1) continue;
      stored.Bind(1, rows[i].event_id);
      if (!stored.Step()) {
        Poco::Data::SQLite::Utility::throwException(db, SQLITE_INTERNAL,
                                                    "event " + rows[i].event_id + " vanished");
      }
      verdicts[i] =
          stored.Text(0) == rows[i].fingerprint ? Verdict::kDuplicate : Verdict::kConflict;
      stored.Reset();
    }
    at += count;
  }
  return verdicts;
}

}  // namespace seteli::store
