#include "store/sql_store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <string_view>
#include <unordered_map>

#include "store/event_append.h"
#include "store/migrations.h"
#include "store/sql_support.h"
#include "store/transaction.h"

namespace seteli::store {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

// Statement journals (the pages a statement changed that the transaction
// had changed before it, to undo the statement alone if it fails) are kept
// in memory, never in a temporary file. Every insert of many rows in a
// transaction keeps one, and with 16 KiB pages nearly every one outgrew
// SQLite's 64 KiB and was written to a file: at 1,000,000 events the
// monthly run wrote 2.9 GB of them, five times its lines
// (docs/performance-history.md). Not a spill size between: SQLite 3.40 fails
// moving some journals from memory to the file with "database or disk is
// full" (a migration dropping a table after filling another, spill sizes
// of 256 KiB to 4 MiB). A statement journals only pages changed twice in
// its transaction, so it stays small (the whole migration to schema 10 of
// a 1,000,000-line store peaks at 26 MB).
//
// Multi-thread mode instead of serialized: no mutex taken on every call
// on a connection (sqlite3_step, each sqlite3_column_*), which was 8 % of
// `seteli reconcile`'s samples. A connection is only ever used by the
// thread that leased it from the ConnectionPool, and the WalCheckpointer
// has a connection of its own on its own thread, which is all that mode
// asks. Both must come before SQLite's first use in the process; later,
// SQLite refuses them and keeps its defaults.
void ConfigureSqlite() {
  sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
  sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

void RegisterConnectors() {
  static const bool registered = [] {
    ConfigureSqlite();
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    return true;
  }();
  (void)registered;
}

// Durable commits: WAL with a sync at every commit (synchronous=FULL), so an
// acknowledged write survives a crash of the process or the machine. The
// checkpoints are the WalCheckpointer's.
void SetUpSqlite(Session& s, WalCheckpointer& checkpointer) {
  s << "PRAGMA busy_timeout = 30000", now;
  // 16 KiB pages instead of 4: fewer b-tree pages to split, walk and log
  // per event, for ingest and for the monthly run alike (1,000,000 events:
  // 10-15 % less CPU for each; docs/performance-history.md). It only counts for a
  // new store; an existing one keeps its page size until it is vacuumed
  // (docs/operations.md).
  s << "PRAGMA page_size = 16384", now;
  s << "PRAGMA journal_mode = WAL", now;
  s << "PRAGMA synchronous = FULL", now;
  checkpointer.Attach(Poco::Data::SQLite::Utility::dbHandle(s));
}

// A checkpoint (the WAL copied into the database file, with a sync of its
// own) every 64 MiB of WAL instead of SQLite's 4: pages that many commits
// touch are copied once (docs/performance-history.md).
constexpr int64_t kCheckpointBytes = int64_t{64} << 20;

void SetUpPostgres(Session& s) {
  s << "SET synchronous_commit = on", now;
  s << "SET client_min_messages = warning", now;
}

int PoolSize(Dialect d) { return d == Dialect::kSqlite ? 4 : 8; }

// Rows a group commit gathers at most (a request holds up to 10,000).
constexpr size_t kMaxGroupRows = 20000;

std::vector<StoredEvent> QueryEvents(Session& s, const std::string& sql,
                                     const std::vector<std::string>& params) {
  std::vector<Poco::Int64> seq;
  std::vector<std::string> id, provider, decision, service, from, to, at, recorded, fp, body, received;
  SelectRows(s, sql, params, seq, id, provider, decision, service, from, to, at, recorded, fp, body,
             received);
  std::vector<StoredEvent> out(seq.size());
  for (size_t i = 0; i < seq.size(); ++i) {
    out[i].seq = seq[i];
    out[i].row = {id[i], provider[i], decision[i], service[i], from[i], to[i],
                  at[i], recorded[i], fp[i], body[i]};
    out[i].received_at = received[i];
  }
  return out;
}


}  // namespace

SqlStore::SqlStore(Dialect dialect, const std::string& connection_string, const Clock& clock)
    : dialect_(dialect),
      clock_(clock),
      checkpointer_(dialect == Dialect::kSqlite
                        ? std::make_unique<WalCheckpointer>(connection_string, kCheckpointBytes)
                        : nullptr),
      pool_(dialect == Dialect::kSqlite ? "SQLite" : "PostgreSQL", connection_string,
            PoolSize(dialect),
            [this](Session& s) {
              if (checkpointer_) {
                SetUpSqlite(s, *checkpointer_);
              } else {
                SetUpPostgres(s);
              }
            }),
      appends_(kMaxGroupRows,
               [this](std::span<AppendGroups::Batch* const> group) { WriteAppendGroup(group); }) {}

Result<std::unique_ptr<Store>> SqlStore::Open(Dialect dialect, const std::string& connection_string,
                                              const Clock& clock) {
  RegisterConnectors();
  std::unique_ptr<SqlStore> store(new SqlStore(dialect, connection_string, clock));
  try {
    auto lease = store->pool_.Acquire();
    Result<int> migrated = Migrate(*lease, dialect);
    if (!migrated.ok()) return migrated.error();
    store->schema_at_open_ = migrated.value();
  } catch (const Poco::Exception& e) {
    return ToError(e);
  }
  return std::unique_ptr<Store>(std::move(store));
}

Result<int> SqlStore::PeekSchemaVersion(Dialect dialect, const std::string& connection_string) {
  RegisterConnectors();
  try {
    Session session(dialect == Dialect::kSqlite ? "SQLite" : "PostgreSQL", connection_string);
    return RecordedSchemaVersion(session, dialect);
  } catch (const Poco::Exception& e) {
    return ToError(e);
  }
}

Result<int> SqlStore::SchemaVersion() {
  return Run<int>(false, [](Session& s) {
    int v = 0;
    s << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(v), now;
    return v;
  });
}

Result<Done> SqlStore::Ping() {
  return Run<Done>(false, [](Session& s) {
    int one = 0;
    s << "SELECT 1", into(one), now;
    return Done{};
  });
}

Result<std::vector<Verdict>> SqlStore::AppendEvents(std::span<const EventRow> rows,
                                                    const AuditEntry& audit) {
  // SQLite has one writer: concurrent batches share its transactions
  // (group commit). PostgreSQL runs concurrent transactions and flushes
  // their commits together itself; queueing them behind one writer here
  // halved its throughput (docs/performance-history.md).
  if (dialect_ == Dialect::kSqlite) return appends_.Append(rows, audit);
  AppendGroups::Batch batch{rows, &audit, std::nullopt};
  AppendGroups::Batch* alone = &batch;
  WriteAppendGroup(std::span(&alone, 1));
  return std::move(*batch.result);
}

void SqlStore::WriteAppendGroup(std::span<AppendGroups::Batch* const> group) {
  auto stored = Run<std::vector<std::vector<Verdict>>>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::vector<std::vector<Verdict>> verdicts;
    for (AppendGroups::Batch* b : group) {
      verdicts.push_back(AppendEventRows(s, dialect_, b->rows, at));
      InsertAudit(s, dialect_, *b->audit, at);
    }
    return verdicts;
  });
  if (stored.ok()) {
    for (size_t i = 0; i < group.size(); ++i) group[i]->result = std::move(stored.value()[i]);
  } else if (group.size() == 1) {
    group[0]->result = stored.error();
  } else {
    // One batch may be what failed: each again on its own, so that only
    // the batch at fault fails.
    for (AppendGroups::Batch* b : group) WriteAppendGroup(std::span(&b, 1));
  }
}

Result<std::vector<StoredEvent>> SqlStore::ListEvents(const EventQuery& q) {
  return Run<std::vector<StoredEvent>>(false, [&](Session& s) {
    std::vector<std::string> params;
    std::string sql =
        "SELECT seq, event_id, provider, decision_id, service, month_from, month_to, service_at,"
        " recorded_at, fingerprint, body, received_at FROM events WHERE seq > " +
        std::to_string(q.after_seq);
    auto where = [&](const char* clause, const std::string& value) {
      params.push_back(value);
      sql += clause + Placeholder(dialect_, static_cast<int>(params.size()));
    };
    if (q.provider) where(" AND provider = ", *q.provider);
    if (q.decision_id) where(" AND decision_id = ", *q.decision_id);
    if (q.month) {
      where(" AND month_from <= ", *q.month);
      where(" AND month_to >= ", *q.month);
    }
    sql += " ORDER BY seq LIMIT " + std::to_string(q.limit);
    return QueryEvents(s, sql, params);
  });
}

Result<std::vector<StoredEvent>> SqlStore::EventsById(const std::vector<std::string>& ids) {
  constexpr size_t kIdsPerQuery = 500;  // one statement's worth of bound parameters
  return Run<std::vector<StoredEvent>>(false, [&](Session& s) {
    std::vector<StoredEvent> out;
    for (size_t at = 0; at < ids.size(); at += kIdsPerQuery) {
      const size_t n = std::min(kIdsPerQuery, ids.size() - at);
      std::vector<StoredEvent> chunk = QueryEvents(
          s,
          "SELECT seq, event_id, provider, decision_id, service, month_from, month_to, service_at,"
          " recorded_at, fingerprint, body, received_at FROM events WHERE event_id IN " +
              PlaceholderTuple(dialect_, 1, static_cast<int>(n)),
          {ids.begin() + static_cast<std::ptrdiff_t>(at),
           ids.begin() + static_cast<std::ptrdiff_t>(at + n)});
      std::move(chunk.begin(), chunk.end(), std::back_inserter(out));
    }
    return out;
  });
}

Result<int64_t> SqlStore::CountEvents() {
  return Run<int64_t>(false, [](Session& s) {
    Poco::Int64 n = 0;
    s << "SELECT COUNT(*) FROM events", into(n), now;
    return static_cast<int64_t>(n);
  });
}

// Many documents a statement: a registry of 25,000 decisions is 50 round
// trips to PostgreSQL instead of 25,000. A key given twice keeps its last
// document, as row-by-row upserts did (one statement may not touch a row
// twice).
Result<Done> SqlStore::PutDocuments(const char* table, const char* key,
                                    std::span<const Document> docs, const AuditEntry& audit) {
  constexpr size_t kRowsPerInsert = 500;
  std::unordered_map<std::string_view, size_t> last;
  for (size_t i = 0; i < docs.size(); ++i) last[docs[i].id] = i;
  std::vector<const Document*> unique;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (last[docs[i].id] == i) unique.push_back(&docs[i]);
  }
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    for (size_t from = 0; from < unique.size(); from += kRowsPerInsert) {
      size_t n = std::min(kRowsPerInsert, unique.size() - from);
      std::string sql = std::string("INSERT INTO ") + table + " (" + key + ", body, updated_at) VALUES ";
      for (size_t i = 0; i < n; ++i) {
        sql += (i ? ", " : "") + PlaceholderTuple(dialect_, 1 + 3 * static_cast<int>(i), 3);
      }
      sql += std::string(" ON CONFLICT (") + key +
             ") DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";
      Statement st(s);
      st << sql;
      for (size_t i = from; i < from + n; ++i) st, useRef(unique[i]->id), useRef(unique[i]->body), useRef(at);
      st.execute();
    }
    InsertAudit(s, dialect_, audit, at);
    return Done{};
  });
}

Result<std::vector<Document>> SqlStore::ListDocuments(const char* table, const char* key) {
  std::string sql = std::string("SELECT ") + key + ", body, updated_at FROM " + table +
                    " ORDER BY " + key;
  return Run<std::vector<Document>>(false, [&](Session& s) {
    std::vector<std::string> ids, bodies, times;
    s << sql, into(ids), into(bodies), into(times), now;
    std::vector<Document> out(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) out[i] = {ids[i], bodies[i], times[i]};
    return out;
  });
}

Result<Done> SqlStore::PutProviders(std::span<const Document> providers, const AuditEntry& audit) {
  return PutDocuments("providers", "business_id", providers, audit);
}

Result<std::vector<Document>> SqlStore::ListProviders() {
  return ListDocuments("providers", "business_id");
}

Result<Done> SqlStore::PutDecisions(std::span<const Document> decisions, const AuditEntry& audit) {
  return PutDocuments("decisions", "decision_id", decisions, audit);
}

Result<std::vector<Document>> SqlStore::ListDecisions() {
  return ListDocuments("decisions", "decision_id");
}

Result<Done> SqlStore::PutRulebook(const RulebookRecord& r, const AuditEntry& audit) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    int year = r.year;
    s << "INSERT INTO rulebooks (version, year, body, loaded_at) VALUES " +
             PlaceholderTuple(dialect_, 1, 4),
        bind(r.version), bind(year), bind(r.body), bind(at), now;
    InsertAudit(s, dialect_, audit, at);
    return Done{};
  });
}

Result<std::optional<RulebookRecord>> SqlStore::CurrentRulebook() {
  return Run<std::optional<RulebookRecord>>(false, [](Session& s) {
    std::vector<std::string> versions, bodies, times;
    std::vector<int> years;
    s << "SELECT version, year, body, loaded_at FROM rulebooks ORDER BY id DESC LIMIT 1",
        into(versions), into(years), into(bodies), into(times), now;
    if (versions.empty()) return std::optional<RulebookRecord>();
    return std::optional<RulebookRecord>(RulebookRecord{versions[0], years[0], bodies[0], times[0]});
  });
}

Result<std::vector<AuditRecord>> SqlStore::ListAudit(int limit) {
  return Run<std::vector<AuditRecord>>(false, [&](Session& s) {
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> at, actor, action, subject, detail;
    s << "SELECT seq, at, actor, action, subject, detail FROM audit_log ORDER BY seq DESC LIMIT " +
             std::to_string(limit),
        into(seqs), into(at), into(actor), into(action), into(subject), into(detail), now;
    std::vector<AuditRecord> out(seqs.size());
    for (size_t i = 0; i < seqs.size(); ++i) {
      out[i] = {seqs[i], at[i], {actor[i], action[i], subject[i], detail[i]}};
    }
    return out;
  });
}

Result<std::vector<AuditRecord>> SqlStore::ListAuditOf(const std::string& action,
                                                       const std::string& subject_suffix) {
  return Run<std::vector<AuditRecord>>(false, [&](Session& s) {
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> at, actor, subject, detail;
    std::string wanted = action;
    s << "SELECT seq, at, actor, subject, detail FROM audit_log WHERE action = " +
             Placeholder(dialect_, 1) + " ORDER BY seq",
        bind(wanted), into(seqs), into(at), into(actor), into(subject), into(detail), now;
    std::vector<AuditRecord> out;
    for (size_t i = 0; i < seqs.size(); ++i) {
      // The suffix is matched here, not with LIKE, where '_' and '%' match more.
      if (!std::string_view(subject[i]).ends_with(subject_suffix)) continue;
      out.push_back({seqs[i], at[i], {actor[i], action, subject[i], detail[i]}});
    }
    return out;
  });
}

}  // namespace seteli::store
