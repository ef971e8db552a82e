// PostgreSQL: appending a batch of event rows through libpq on the
// session's own connection. A batch of new events, nearly every one, goes
// into `events` in one COPY. A batch holding an event stored before (a
// resend) or meanwhile by another writer fails that COPY on the unique key
// and goes the careful way: one COPY into a temporary table, then one
// INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING. Either way a few
// round trips a batch, and no statement with thousands of parameters for
// the server to parse and plan.
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "store/event_append.h"
#include "store/pg_connection.h"

namespace seteli::store {
namespace {

constexpr char kUniqueViolation[] = "23505";

// One row in COPY's text format: `lead` if given (the batch order), the
// event's columns, then `trail` if given (the time received).
void AppendRow(std::string& out, const std::string* lead, const EventRow& r,
               const std::string* trail) {
  bool first = true;
  for (const std::string* v :
       {lead, &r.event_id, &r.provider, &r.decision_id, &r.service, &r.month_from, &r.month_to,
        &r.service_at, &r.recorded_at, &r.fingerprint, &r.body, trail}) {
    if (!v) continue;
    if (!first) out += '\t';
    first = false;
    AppendCopyField(out, *v);
  }
  out += '\n';
}

// The rows at `which` for `events` itself, each with `received_at`.
std::string EventsCopyText(std::span<const EventRow> rows, const std::vector<size_t>& which,
                           const std::string& received_at) {
  std::string out;
  out.reserve(which.size() * 512);
  for (size_t i : which) AppendRow(out, nullptr, rows[i], &received_at);
  return out;
}

// The rows at `which` for the temporary table, numbered in batch order.
std::string IncomingCopyText(std::span<const EventRow> rows, const std::vector<size_t>& which) {
  std::string out;
  out.reserve(which.size() * 512);
  for (size_t i : which) {
    std::string ord = std::to_string(i);
    AppendRow(out, &ord, rows[i], nullptr);
  }
  return out;
}

// The careful way: rows stored before are left out, so they use up no
// sequence number; ON CONFLICT covers a row another writer inserts
// meanwhile (the insert waits for that writer's commit, then skips the
// row). Returns the IDs inserted and the fingerprint each ID of the batch
// is stored with.
std::unordered_set<std::string> InsertNewOnes(
    PGconn* conn, std::span<const EventRow> rows, const std::vector<size_t>& firsts,
    const std::string& received_at, std::unordered_map<std::string, std::string>& stored) {
  // Created once a connection and emptied at every commit; the DELETE is
  // for an earlier batch of the same transaction (a group commit).
  PgExec(conn,
         "CREATE TEMP TABLE IF NOT EXISTS incoming_events (ord INTEGER, event_id TEXT,"
         " provider TEXT, decision_id TEXT, service TEXT, month_from TEXT, month_to TEXT,"
         " service_at TEXT, recorded_at TEXT, fingerprint TEXT, body TEXT) ON COMMIT DELETE ROWS;"
         " DELETE FROM incoming_events",
         PGRES_COMMAND_OK);
  PgCopyIn(conn, "incoming_events", IncomingCopyText(rows, firsts));
  PgResult inserted =
      PgExec(conn,
             "INSERT INTO events (event_id, provider, decision_id, service, month_from,"
             " month_to, service_at, recorded_at, fingerprint, body, received_at)"
             " SELECT event_id, provider, decision_id, service, month_from, month_to,"
             " service_at, recorded_at, fingerprint, body, $1 FROM incoming_events i"
             " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = i.event_id)"
             " ORDER BY ord ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
             PGRES_TUPLES_OK, received_at.c_str());
  PgResult found = PgExec(conn,
                          "SELECT e.event_id, e.fingerprint FROM events e"
                          " JOIN incoming_events i ON i.event_id = e.event_id",
                          PGRES_TUPLES_OK);
  for (int k = 0; k < PQntuples(found.get()); ++k) {
    stored[PQgetvalue(found.get(), k, 0)] = PQgetvalue(found.get(), k, 1);
  }
  std::unordered_set<std::string> fresh;
  for (int k = 0; k < PQntuples(inserted.get()); ++k)
    fresh.insert(PQgetvalue(inserted.get(), k, 0));
  return fresh;
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
  // Straight into `events`: through the temporary table took the server
  // 45 % more time (docs/performance-history.md). A COPY that fails on the
  // unique key is undone to the savepoint and leaves a gap in `seq`, as
  // any insert rolled back does.
  PgExec(conn, "SAVEPOINT new_events", PGRES_COMMAND_OK);
  const char* columns =
      "events (event_id, provider, decision_id, service, month_from, month_to, service_at,"
      " recorded_at, fingerprint, body, received_at)";
  const bool copied =
      PgCopyIn(conn, columns, EventsCopyText(rows, firsts, received_at), kUniqueViolation);
  std::unordered_set<std::string> fresh;                // when not copied: IDs this batch stored
  std::unordered_map<std::string, std::string> stored;  // and each ID's stored fingerprint
  if (!copied) {
    PgExec(conn, "ROLLBACK TO SAVEPOINT new_events", PGRES_COMMAND_OK);
    fresh = InsertNewOnes(conn, rows, firsts, received_at, stored);
  }
  // Copied, every first row of an ID is stored, and a later row of that ID
  // is judged against it.
  std::vector<Verdict> verdicts(rows.size(), Verdict::kAccepted);
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t at = first[rows[i].event_id];
    if (at == i && (copied || fresh.count(rows[i].event_id))) continue;
    const std::string& kept = copied ? rows[at].fingerprint : stored[rows[i].event_id];
    verdicts[i] = kept == rows[i].fingerprint ? Verdict::kDuplicate : Verdict::kConflict;
  }
  return verdicts;
}

}  // namespace seteli::store
