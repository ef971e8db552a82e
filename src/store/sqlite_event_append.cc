// SQLite: appending a batch of event rows through the sqlite3 API on the
// session's own connection. Poco::Data binds by copying every value into
// its own buffers, which cost more than SQLite's insert itself; here each
// value is bound in place and the two statements are prepared once a
// batch.
#include <sqlite3.h>

#include <Poco/Data/SQLite/Utility.h>

#include "store/event_append.h"

namespace seteli::store {
namespace {

using Poco::Data::SQLite::Utility;

// One prepared statement; finalized when it goes out of scope. Failures
// throw the Poco exception Poco::Data would have thrown.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const char* sql) : db_(db) {
    Check(sqlite3_prepare_v2(db, sql, -1, &st_, nullptr));
  }
  ~SqliteStatement() { sqlite3_finalize(st_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // The text must stay unchanged until the statement is reset.
  void Bind(int n, const std::string& text) {
    Check(sqlite3_bind_text(st_, n, text.data(), static_cast<int>(text.size()), SQLITE_STATIC));
  }
  // True while a row is there, false when done.
  bool Step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Check(rc);
    return false;
  }
  std::string_view Text(int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st_, column));
    return std::string_view(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(st_, column)));
  }
  void Reset() { sqlite3_reset(st_); }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Utility::throwException(db_, rc);
  }

  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace

std::vector<Verdict> AppendSqliteEventRows(Poco::Data::Session& session,
                                           std::span<const EventRow> rows,
                                           const std::string& received_at) {
  // The caller holds the write lock (BEGIN IMMEDIATE): a row the insert
  // skips was stored before, or earlier in this batch, never by a writer
  // racing this one.
  sqlite3* db = Utility::dbHandle(session);
  SqliteStatement insert(db,
                         "INSERT INTO events (event_id, provider, decision_id, service, month_from,"
                         " month_to, service_at, recorded_at, fingerprint, body, received_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (event_id) DO NOTHING");
  SqliteStatement stored(db, "SELECT fingerprint FROM events WHERE event_id = ?");
  std::vector<Verdict> verdicts(rows.size(), Verdict::kAccepted);
  for (size_t i = 0; i < rows.size(); ++i) {
    const EventRow& r = rows[i];
    int n = 0;
    for (const std::string* v : {&r.event_id, &r.provider, &r.decision_id, &r.service,
                                 &r.month_from, &r.month_to, &r.service_at, &r.recorded_at,
                                 &r.fingerprint, &r.body, &received_at}) {
      insert.Bind(++n, *v);
    }
    insert.Step();
    insert.Reset();
    if (sqlite3_changes(db) == 1) continue;
    stored.Bind(1, r.event_id);
    if (!stored.Step()) Utility::throwException(db, SQLITE_INTERNAL, "event " + r.event_id + " vanished");
    verdicts[i] = stored.Text(0) == r.fingerprint ? Verdict::kDuplicate : Verdict::kConflict;
    stored.Reset();
  }
  return verdicts;
}

}  // namespace seteli::store
