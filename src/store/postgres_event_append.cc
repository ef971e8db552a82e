// PostgreSQL: appending a batch of event rows through libpq on the
// session's own connection. The rows travel in one COPY into a temporary
// table and go into `events` with one INSERT ... SELECT ... RETURNING: a
// few round trips a batch, and no statement with thousands of parameters
// for the server to parse and plan.
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "store/event_append.h"
#include "store/pg_connection.h"

namespace seteli::store {
namespace {

constexpr char kUniqueViolation[] = "23505";

// The rows at `which`, one line each, numbered in batch order.
std::string CopyText(std::span<const EventRow> rows, const std::vector<size_t>& which) {
  std::string out;
  out.reserve(which.size() * 512);
  for (size_t i : which) {
    const EventRow& r = rows[i];
    out += std::to_string(i);
    for (const std::string* v : {&r.event_id, &r.provider, &r.decision_id, &r.service,
                                 &r.month_from, &r.month_to, &r.service_at, &r.recorded_at,
                                 &r.fingerprint, &r.body}) {
      out += '\t';
      AppendCopyField(out, *v);
    }
    out += '\n';
  }
  return out;
}

}  // namespace

std::vector<Verdict> AppendPostgresEventRows(Poco::Data::Session& session,
                                             std::span<const EventRow> rows,
                                             const std::string& received_at) {
  PGconn* conn = PgHandle(session);
  // The first row of each event ID; later rows of the same ID in the batch
  // are judged against whatever that ID ends up stored with.
  std::unordered_map<std::string_view, size_t> first;
  std::vector<size_t> firsts;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (first.emplace(rows[i].event_id, i).second) firsts.push_back(i);
  }
  // Created once a connection and emptied at every commit; the DELETE is
  // for an earlier batch of the same transaction (a group commit).
  PgExec(conn,
         "CREATE TEMP TABLE IF NOT EXISTS incoming_events (ord INTEGER, event_id TEXT,"
       " provider TEXT, decision_id TEXT, service TEXT, month_from TEXT, month_to TEXT,"
       " service_at TEXT, recorded_at TEXT, fingerprint TEXT, body TEXT) ON COMMIT DELETE ROWS;"
       " DELETE FROM incoming_events",
       PGRES_COMMAND_OK);
  PgCopyIn(conn, "incoming_events", CopyText(rows, firsts));
  // IDs stored before are left out first, so they use up no sequence
  // number. The insert is a plain one: ON CONFLICT's speculative insertion
  // cost a quarter more (docs/performance-history.md). Should another
  // writer have stored one of the IDs since, the insert waits for its
  // commit and fails on the unique key; it is then made again from the
  // savepoint, skipping what is stored.
  PgExec(conn, "SAVEPOINT new_events", PGRES_COMMAND_OK);
  const std::string insert =
      "INSERT INTO events (event_id, provider, decision_id, service, month_from,"
      " month_to, service_at, recorded_at, fingerprint, body, received_at)"
      " SELECT event_id, provider, decision_id, service, month_from, month_to,"
      " service_at, recorded_at, fingerprint, body, $1 FROM incoming_events i"
      " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = i.event_id) ORDER BY ord";
  const std::string returning = " RETURNING event_id";
  PgResult inserted = PgExecUnless(conn, (insert + returning).c_str(), PGRES_TUPLES_OK,
                                   kUniqueViolation, received_at.c_str());
  if (!inserted) {
    PgExec(conn, "ROLLBACK TO SAVEPOINT new_events", PGRES_COMMAND_OK);
    inserted = PgExec(conn, (insert + " ON CONFLICT (event_id) DO NOTHING" + returning).c_str(),
                      PGRES_TUPLES_OK, received_at.c_str());
  }
  std::vector<Verdict> verdicts(rows.size(), Verdict::kAccepted);
  int n = PQntuples(inserted.get());
  if (static_cast<size_t>(n) == rows.size()) return verdicts;  // all new, no repeats
  std::unordered_map<std::string, std::string> stored;  // event ID to fingerprint
  PgResult found = PgExec(conn,
                      "SELECT e.event_id, e.fingerprint FROM events e"
                      " JOIN incoming_events i ON i.event_id = e.event_id",
                      PGRES_TUPLES_OK);
  for (int k = 0; k < PQntuples(found.get()); ++k) {
    stored[PQgetvalue(found.get(), k, 0)] = PQgetvalue(found.get(), k, 1);
  }
  std::unordered_set<std::string_view> fresh;
  for (int k = 0; k < n; ++k) fresh.insert(PQgetvalue(inserted.get(), k, 0));
  for (size_t i = 0; i < rows.size(); ++i) {
    bool accepted = first[rows[i].event_id] == i && fresh.count(rows[i].event_id);
    if (accepted) continue;
    verdicts[i] = stored[rows[i].event_id] == rows[i].fingerprint ? Verdict::kDuplicate
                                                                  : Verdict::kConflict;
  }
  return verdicts;
}

}  // namespace seteli::store
