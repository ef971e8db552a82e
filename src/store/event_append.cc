#include "store/event_append.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <Poco/Data/Statement.h>

namespace seteli::store {
namespace {

using namespace Poco::Data::Keywords;
using Fingerprints = std::unordered_map<std::string, std::string>;

// Rows per statement. libpq refuses a parameter description longer than
// 30,000 bytes (4 bytes a parameter), so an insert of 11 columns takes at
// most 500 rows; both back ends' own parameter limits are far above.
constexpr size_t kChunk = 500;

// The stored fingerprints of those of `ids` that are stored.
Fingerprints FetchFingerprints(Poco::Data::Session& session, Dialect dialect,
                               const std::vector<std::string>& ids) {
  Fingerprints found;
  for (size_t at = 0; at < ids.size(); at += kChunk) {
    size_t n = std::min(kChunk, ids.size() - at);
    std::vector<std::string> got_ids, got_fps;
    Poco::Data::Statement st(session);
    st << "SELECT event_id, fingerprint FROM events WHERE event_id IN " +
              PlaceholderTuple(dialect, 1, static_cast<int>(n));
    for (size_t i = 0; i < n; ++i) st, bind(ids[at + i]);
    st, into(got_ids), into(got_fps);
    st.execute();
    for (size_t i = 0; i < got_ids.size(); ++i) found[got_ids[i]] = got_fps[i];
  }
  return found;
}

std::string InsertSql(Dialect dialect, size_t rows) {
  std::string sql =
      "INSERT INTO events (event_id, provider, decision_id, service, month_from, month_to,"
      " service_at, recorded_at, fingerprint, body, received_at) VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += PlaceholderTuple(dialect, static_cast<int>(r * 11 + 1), 11);
  }
  return sql + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
}

void BindRow(Poco::Data::Statement& st, const EventRow& r, const std::string& received_at) {
  st, bind(r.event_id), bind(r.provider), bind(r.decision_id), bind(r.service),
      bind(r.month_from), bind(r.month_to), bind(r.service_at), bind(r.recorded_at),
      bind(r.fingerprint), bind(r.body), bind(received_at);
}

// Inserts rows[i] for i in `which`; returns the event IDs actually inserted.
std::unordered_set<std::string> InsertRows(Poco::Data::Session& session, Dialect dialect,
                                           std::span<const EventRow> rows,
                                           const std::vector<size_t>& which,
                                           const std::string& received_at) {
  std::unordered_set<std::string> inserted;
  for (size_t at = 0; at < which.size(); at += kChunk) {
    size_t n = std::min(kChunk, which.size() - at);
    std::vector<std::string> ids;
    Poco::Data::Statement st(session);
    st << InsertSql(dialect, n);
    for (size_t i = 0; i < n; ++i) BindRow(st, rows[which[at + i]], received_at);
    st, into(ids);
    st.execute();
    inserted.insert(ids.begin(), ids.end());
  }
  return inserted;
}

// SQLite: the caller holds the write lock (BEGIN IMMEDIATE), so no other
// writer can insert meanwhile and every row of `which` goes in. One
// prepared statement runs once per row, bound column by column.
std::unordered_set<std::string> InsertRowsLocked(Poco::Data::Session& session,
                                                 std::span<const EventRow> rows,
                                                 const std::vector<size_t>& which,
                                                 const std::string& received_at) {
  std::vector<std::string> c[10];
  for (auto& column : c) column.reserve(which.size());
  std::unordered_set<std::string> inserted;
  for (size_t i : which) {
    const EventRow& r = rows[i];
    for (int k = 0; k < 10; ++k) {
      const std::string* v[] = {&r.event_id, &r.provider, &r.decision_id, &r.service, &r.month_from,
                                &r.month_to, &r.service_at, &r.recorded_at, &r.fingerprint, &r.body};
      c[k].push_back(*v[k]);
    }
    inserted.insert(r.event_id);
  }
  if (which.empty()) return inserted;
  std::vector<std::string> at(which.size(), received_at);
  session << "INSERT INTO events (event_id, provider, decision_id, service, month_from, month_to,"
             " service_at, recorded_at, fingerprint, body, received_at) VALUES"
             " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      use(c[0]), use(c[1]), use(c[2]), use(c[3]), use(c[4]), use(c[5]), use(c[6]), use(c[7]),
      use(c[8]), use(c[9]), use(at), now;
  return inserted;
}

Verdict Judge(const std::string& stored_fingerprint, const EventRow& row) {
  return stored_fingerprint == row.fingerprint ? Verdict::kDuplicate : Verdict::kConflict;
}

}  // namespace

std::vector<Verdict> AppendEventRows(Poco::Data::Session& session, Dialect dialect,
                                     std::span<const EventRow> rows,
                                     const std::string& received_at) {
  std::vector<Verdict> verdicts(rows.size(), Verdict::kAccepted);
  // The first row of each event ID; later rows of the same ID in the batch
  // are judged against whatever that ID ends up stored with.
  std::unordered_map<std::string_view, size_t> first;
  std::vector<std::string> ids;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (first.emplace(rows[i].event_id, i).second) ids.push_back(rows[i].event_id);
  }
  Fingerprints stored = FetchFingerprints(session, dialect, ids);
  std::vector<size_t> fresh;
  for (const auto& [id, i] : first) {
    auto it = stored.find(std::string(id));
    if (it == stored.end()) fresh.push_back(i);
    else verdicts[i] = Judge(it->second, rows[i]);
  }
  std::sort(fresh.begin(), fresh.end());  // keep the batch order in the sequence
  std::unordered_set<std::string> inserted =
      dialect == Dialect::kSqlite ? InsertRowsLocked(session, rows, fresh, received_at)
                                  : InsertRows(session, dialect, rows, fresh, received_at);
  std::vector<std::string> raced;  // inserted meanwhile by another writer
  for (size_t i : fresh) {
    if (inserted.count(rows[i].event_id)) stored[rows[i].event_id] = rows[i].fingerprint;
    else raced.push_back(rows[i].event_id);
  }
  if (!raced.empty()) {
    Fingerprints theirs = FetchFingerprints(session, dialect, raced);
    for (auto& [id, fp] : theirs) stored[id] = fp;
    for (const std::string& id : raced) verdicts[first[id]] = Judge(stored[id], rows[first[id]]);
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (first[rows[i].event_id] != i) verdicts[i] = Judge(stored[rows[i].event_id], rows[i]);
  }
  return verdicts;
}

}  // namespace seteli::store
