// SQLite: appending a batch of event rows through the sqlite3 API on the
// session's own connection. Poco::Data binds by copying every value into
// its own buffers, which cost more than SQLite's insert itself; here each
// value is bound in place and the two statements are prepared once a
// batch.
#include "store/event_append.h"
#include "store/sqlite_statement.h"

namespace seteli::store {

std::vector<Verdict> AppendSqliteEventRows(Poco::Data::Session& session,
                                           std::span<const EventRow> rows,
                                           const std::string& received_at) {
  // The caller holds the write lock (BEGIN IMMEDIATE): a row the insert
  // skips was stored before, or earlier in this batch, never by a writer
  // racing this one.
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
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
    if (!stored.Step()) {
      Poco::Data::SQLite::Utility::throwException(db, SQLITE_INTERNAL, "event " + r.event_id + " vanished");
    }
    verdicts[i] = stored.Text(0) == r.fingerprint ? Verdict::kDuplicate : Verdict::kConflict;
    stored.Reset();
  }
  return verdicts;
}

}  // namespace seteli::store
