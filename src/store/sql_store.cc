#include "store/sql_store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include "store/event_append.h"
#include "store/migrations.h"
#include "store/transaction.h"
#include "store/utc_now.h"

namespace seteli::store {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

void RegisterConnectors() {
  static const bool registered = [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    return true;
  }();
  (void)registered;
}

// Durable commits: WAL with a sync at every commit (synchronous=FULL), so an
// acknowledged write survives a crash of the process or the machine.
void SetUpSqlite(Session& s) {
  s << "PRAGMA busy_timeout = 30000", now;
  s << "PRAGMA journal_mode = WAL", now;
  s << "PRAGMA synchronous = FULL", now;
}

void SetUpPostgres(Session& s) {
  s << "SET synchronous_commit = on", now;
  s << "SET client_min_messages = warning", now;
}

int PoolSize(Dialect d) { return d == Dialect::kSqlite ? 4 : 8; }

bool LooksFull(const std::string& text) {
  for (const char* needle : {"full", "No space left", "could not extend", "disk_full", "53100"}) {
    if (text.find(needle) != std::string::npos) return true;
  }
  return false;
}

Error ToError(const Poco::Exception& e) {
  std::string text = e.displayText();
  if (LooksFull(text)) return Error{"store_full", "the store is out of space: " + text, ""};
  return Error{"store_unavailable", text, ""};
}

std::vector<StoredEvent> QueryEvents(Session& s, const std::string& sql,
                                     const std::vector<std::string>& params) {
  std::vector<Poco::Int64> seq;
  std::vector<std::string> id, provider, decision, service, from, to, at, recorded, fp, body, received;
  Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  st, into(seq), into(id), into(provider), into(decision), into(service), into(from), into(to),
      into(at), into(recorded), into(fp), into(body), into(received);
  st.execute();
  std::vector<StoredEvent> out(seq.size());
  for (size_t i = 0; i < seq.size(); ++i) {
    out[i].seq = seq[i];
    out[i].row = {id[i], provider[i], decision[i], service[i], from[i], to[i],
                  at[i], recorded[i], fp[i], body[i]};
    out[i].received_at = received[i];
  }
  return out;
}

void InsertAudit(Session& s, Dialect d, const AuditEntry& a, const std::string& at) {
  s << "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES " +
           PlaceholderTuple(d, 1, 5),
      bind(at), bind(a.actor), bind(a.action), bind(a.subject), bind(a.detail), now;
}

}  // namespace

SqlStore::SqlStore(Dialect dialect, const std::string& connection_string)
    : dialect_(dialect),
      pool_(dialect == Dialect::kSqlite ? "SQLite" : "PostgreSQL", connection_string,
            PoolSize(dialect), dialect == Dialect::kSqlite ? SetUpSqlite : SetUpPostgres) {}

Result<std::unique_ptr<Store>> SqlStore::Open(Dialect dialect,
                                              const std::string& connection_string) {
  RegisterConnectors();
  std::unique_ptr<SqlStore> store(new SqlStore(dialect, connection_string));
  try {
    auto lease = store->pool_.Acquire();
    Result<int> migrated = Migrate(*lease, dialect);
    if (!migrated.ok()) return migrated.error();
  } catch (const Poco::Exception& e) {
    return ToError(e);
  }
  return std::unique_ptr<Store>(std::move(store));
}

template <class T>
Result<T> SqlStore::Run(bool write, const std::function<T(Session&)>& work) {
  std::unique_lock<std::mutex> writer(sqlite_writer_, std::defer_lock);
  if (write && dialect_ == Dialect::kSqlite) writer.lock();
  std::optional<ConnectionPool::Lease> lease;
  try {
    lease.emplace(pool_.Acquire());
    if (!write) return work(**lease);
    WriteTransaction tx(**lease, dialect_);
    T value = work(**lease);
    tx.Commit();
    return value;
  } catch (const Poco::Exception& e) {
    if (lease) lease->Discard();  // it may be broken; a new one is cheap
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
  return Run<std::vector<Verdict>>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::vector<Verdict> verdicts = AppendEventRows(s, dialect_, rows, at);
    InsertAudit(s, dialect_, audit, at);
    return verdicts;
  });
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

Result<int64_t> SqlStore::CountEvents() {
  return Run<int64_t>(false, [](Session& s) {
    Poco::Int64 n = 0;
    s << "SELECT COUNT(*) FROM events", into(n), now;
    return static_cast<int64_t>(n);
  });
}

Result<Done> SqlStore::PutDocuments(const char* table, const char* key,
                                    std::span<const Document> docs, const AuditEntry& audit) {
  std::string sql = std::string("INSERT INTO ") + table + " (" + key + ", body, updated_at) VALUES " +
                    PlaceholderTuple(dialect_, 1, 3) + " ON CONFLICT (" + key +
                    ") DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    for (const Document& d : docs) s << sql, bind(d.id), bind(d.body), bind(at), now;
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

}  // namespace seteli::store

// --- The monthly run ---------------------------------------------------

namespace seteli::store {
namespace {

bool Exists(Session& s, const std::string& sql, const std::vector<std::string>& params) {
  Poco::Int64 n = 0;
  Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  st, into(n);
  st.execute();
  return n > 0;
}

// Serialises writers of one key across PostgreSQL sessions (several
// daemons); SQLite has a single writer already.
void LockKey(Session& s, Dialect d, const std::string& key) {
  if (d != Dialect::kPostgres) return;
  s << "SELECT pg_advisory_xact_lock(hashtext($1))", bind(key), now;
}

int64_t NextInvoiceNumber(Session& s, Dialect d, const std::string& provider) {
  std::vector<Poco::Int64> last;
  s << "SELECT last_number FROM invoice_series WHERE provider = " + Placeholder(d, 1), bind(provider),
      into(last), now;
  Poco::Int64 next = last.empty() ? 1 : last[0] + 1;
  if (last.empty()) {
    s << "INSERT INTO invoice_series (provider, last_number) VALUES " + PlaceholderTuple(d, 1, 2),
        bind(provider), bind(next), now;
  } else {
    s << "UPDATE invoice_series SET last_number = " + Placeholder(d, 1) +
             " WHERE provider = " + Placeholder(d, 2),
        bind(next), bind(provider), now;
  }
  return next;
}

void InsertOutbox(Session& s, Dialect d, const OutboxMessage& m, const std::string& at) {
  int attempts = m.attempts;
  s << "INSERT INTO outbox (message_id, kind, provider, month, subject, body, state, attempts,"
       " next_attempt_at, last_error, created_at, updated_at) VALUES " +
           PlaceholderTuple(d, 1, 12),
      bind(m.message_id), bind(m.kind), bind(m.provider), bind(m.month), bind(m.subject),
      bind(m.body), bind(m.state), bind(attempts), bind(m.next_attempt_at.empty() ? at : m.next_attempt_at),
      bind(m.last_error), bind(at), bind(at), now;
}

void InsertLines(Session& s, Dialect d, const std::vector<SettlementLineRow>& lines) {
  std::string sql =
      "INSERT INTO settlement_lines (provider, month, line_no, event_id, original_month, service,"
      " price, voucher, copay, body) VALUES " + PlaceholderTuple(d, 1, 10);
  for (const SettlementLineRow& l : lines) {
    int no = l.line_no;
    Poco::Int64 price = l.price, voucher = l.voucher, copay = l.copay;
    s << sql, bind(l.provider), bind(l.month), bind(no), bind(l.event_id), bind(l.original_month),
        bind(l.service), bind(price), bind(voucher), bind(copay), bind(l.body), now;
  }
}

std::vector<SettlementRecord> QuerySettlements(Session& s, const std::string& sql,
                                               const std::vector<std::string>& params) {
  std::vector<std::string> provider, month, state, reference, version, reason, run, body, created,
      updated;
  std::vector<Poco::Int64> price, voucher, copay, invoice;
  std::vector<int> lines;
  Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  st, into(provider), into(month), into(state), into(reference), into(version), into(price),
      into(voucher), into(copay), into(lines), into(reason), into(run), into(invoice), into(body),
      into(created), into(updated);
  st.execute();
  std::vector<SettlementRecord> out(provider.size());
  for (size_t i = 0; i < provider.size(); ++i) {
    SettlementRecord& r = out[i];
    r = {provider[i], month[i], state[i],  reference[i], version[i], price[i], voucher[i],
         copay[i],    lines[i], reason[i], run[i],       std::nullopt, body[i], created[i],
         updated[i]};
    if (invoice[i] > 0) r.invoice_number = invoice[i];
  }
  return out;
}

constexpr char kSettlementColumns[] =
    "SELECT provider, month, state, reference, rulebook_version, price_total, voucher_total,"
    " copay_total, line_count, held_reason, run_id, invoice_number, body, created_at, updated_at"
    " FROM settlements";

}  // namespace

Result<bool> SqlStore::CommitSettlement(const SettlementWrite& w, const AuditEntry& audit) {
  return Run<bool>(true, [&](Session& s) {
    const SettlementRecord& r = w.settlement;
    LockKey(s, dialect_, "settlement:" + r.provider + ":" + r.month);
    if (Exists(s, "SELECT COUNT(*) FROM settlements WHERE provider = " + Placeholder(dialect_, 1) +
                   " AND month = " + Placeholder(dialect_, 2),
               {r.provider, r.month})) {
      return false;
    }
    std::string at = UtcNow();
    Poco::Int64 invoice = 0;
    if (w.self_billing_message) {
      LockKey(s, dialect_, "series:" + r.provider);
      invoice = NextInvoiceNumber(s, dialect_, r.provider);
      InsertOutbox(s, dialect_, w.self_billing_message(invoice), at);
    }
    Poco::Int64 price = r.price_total, voucher = r.voucher_total, copay = r.copay_total;
    int count = r.line_count;
    s << "INSERT INTO settlements (provider, month, state, reference, rulebook_version,"
         " price_total, voucher_total, copay_total, line_count, held_reason, run_id,"
         " invoice_number, body, created_at, updated_at) VALUES " +
             PlaceholderTuple(dialect_, 1, 15),
        bind(r.provider), bind(r.month), bind(r.state), bind(r.reference), bind(r.rulebook_version),
        bind(price), bind(voucher), bind(copay), bind(count), bind(r.held_reason), bind(r.run_id),
        bind(invoice), bind(r.body), bind(at), bind(at), now;
    InsertLines(s, dialect_, w.lines);
    InsertAudit(s, dialect_, audit, at);
    return true;
  });
}

Result<std::vector<SettlementRecord>> SqlStore::ListSettlements(const std::string& month,
                                                                const std::string& provider) {
  return Run<std::vector<SettlementRecord>>(false, [&](Session& s) {
    std::string sql = std::string(kSettlementColumns) + " WHERE 1 = 1";
    std::vector<std::string> params;
    if (!month.empty()) {
      params.push_back(month);
      sql += " AND month = " + Placeholder(dialect_, static_cast<int>(params.size()));
    }
    if (!provider.empty()) {
      params.push_back(provider);
      sql += " AND provider = " + Placeholder(dialect_, static_cast<int>(params.size()));
    }
    return QuerySettlements(s, sql + " ORDER BY month, provider", params);
  });
}

Result<std::vector<SettlementLineRow>> SqlStore::LinesForMonth(const std::string& provider,
                                                               const std::string& month) {
  return Run<std::vector<SettlementLineRow>>(false, [&](Session& s) {
    std::vector<std::string> prov, mon, event, original, service, body;
    std::vector<int> no;
    std::vector<Poco::Int64> price, voucher, copay;
    std::string p1 = Placeholder(dialect_, 1), p2 = Placeholder(dialect_, 2),
                p3 = Placeholder(dialect_, 3);
    s << "SELECT provider, month, line_no, event_id, original_month, service, price, voucher,"
         " copay, body FROM settlement_lines WHERE provider = " + p1 +
             " AND ((month = " + p2 + " AND original_month = '') OR original_month = " + p3 +
             ") ORDER BY month, line_no",
        bind(provider), bind(month), bind(month), into(prov), into(mon), into(no), into(event),
        into(original), into(service), into(price), into(voucher), into(copay), into(body), now;
    std::vector<SettlementLineRow> out(prov.size());
    for (size_t i = 0; i < prov.size(); ++i) {
      out[i] = {prov[i],  mon[i],   no[i],      event[i], original[i], service[i],
                price[i], voucher[i], copay[i], body[i]};
    }
    return out;
  });
}

Result<Done> SqlStore::ChangeSettlementState(const std::string& provider, const std::string& month,
                                             const std::string& from, const std::string& to,
                                             const std::string& reason, const AuditEntry& audit) {
  bool changed = false;
  auto r = Run<Done>(true, [&](Session& s) {
    LockKey(s, dialect_, "settlement:" + provider + ":" + month);
    std::vector<std::string> state;
    s << "SELECT state FROM settlements WHERE provider = " + Placeholder(dialect_, 1) +
             " AND month = " + Placeholder(dialect_, 2),
        bind(provider), bind(month), into(state), now;
    if (state.empty() || state[0] != from) return Done{};
    std::string at = UtcNow();
    std::string held_reason = to == kHeld ? reason : "";
    s << "UPDATE settlements SET state = " + Placeholder(dialect_, 1) + ", held_reason = " +
             Placeholder(dialect_, 2) + ", updated_at = " + Placeholder(dialect_, 3) +
             " WHERE provider = " + Placeholder(dialect_, 4) + " AND month = " +
             Placeholder(dialect_, 5),
        bind(to), bind(held_reason), bind(at), bind(provider), bind(month), now;
    InsertAudit(s, dialect_, audit, at);
    changed = true;
    return Done{};
  });
  if (!r.ok()) return r;
  if (!changed) {
    return Error{"failed_precondition",
                 "settlement " + provider + " " + month + " is not " + from, ""};
  }
  return Done{};
}

Result<Done> SqlStore::PutRun(const RunRecord& r) {
  return Run<Done>(true, [&](Session& s) {
    s << "DELETE FROM runs WHERE run_id = " + Placeholder(dialect_, 1), bind(r.run_id), now;
    int total = r.providers_total, done = r.providers_done, settled = r.settled, held = r.held,
        skipped = r.skipped;
    std::string started = r.started_at.empty() ? UtcNow() : r.started_at;
    s << "INSERT INTO runs (run_id, month, provider, state, started_at, finished_at,"
         " providers_total, providers_done, settled, held, skipped, message) VALUES " +
             PlaceholderTuple(dialect_, 1, 12),
        bind(r.run_id), bind(r.month), bind(r.provider), bind(r.state), bind(started),
        bind(r.finished_at), bind(total), bind(done), bind(settled), bind(held), bind(skipped),
        bind(r.message), now;
    return Done{};
  });
}

namespace {

std::vector<RunRecord> QueryRuns(Session& s, const std::string& where, const std::string& value) {
  std::vector<std::string> id, month, provider, state, started, finished, message;
  std::vector<int> total, done, settled, held, skipped;
  s << "SELECT run_id, month, provider, state, started_at, finished_at, providers_total,"
       " providers_done, settled, held, skipped, message FROM runs WHERE " + where +
           " ORDER BY started_at",
      bind(value), into(id), into(month), into(provider), into(state), into(started),
      into(finished), into(total), into(done), into(settled), into(held), into(skipped),
      into(message), now;
  std::vector<RunRecord> out(id.size());
  for (size_t i = 0; i < id.size(); ++i) {
    out[i] = {id[i],    month[i], provider[i], state[i], started[i],  finished[i],
              total[i], done[i],  settled[i],  held[i],  skipped[i], message[i]};
  }
  return out;
}

}  // namespace

Result<std::optional<RunRecord>> SqlStore::GetRun(const std::string& run_id) {
  return Run<std::optional<RunRecord>>(false, [&](Session& s) {
    auto runs = QueryRuns(s, "run_id = " + Placeholder(dialect_, 1), run_id);
    return runs.empty() ? std::optional<RunRecord>() : std::optional<RunRecord>(runs[0]);
  });
}

Result<std::vector<RunRecord>> SqlStore::ListRuns(const std::string& month) {
  return Run<std::vector<RunRecord>>(false, [&](Session& s) {
    return QueryRuns(s, "month = " + Placeholder(dialect_, 1), month);
  });
}

Result<Done> SqlStore::PutBalanceStatements(const std::vector<BalanceRow>& rows) {
  return Run<Done>(true, [&](Session& s) {
    std::string sql =
        "INSERT INTO balance_statements (decision_id, month, client, opening, accrual, used,"
        " closing, suspension_days) VALUES " + PlaceholderTuple(dialect_, 1, 8) +
        " ON CONFLICT (decision_id, month) DO UPDATE SET client = excluded.client,"
        " opening = excluded.opening, accrual = excluded.accrual, used = excluded.used,"
        " closing = excluded.closing, suspension_days = excluded.suspension_days";
    for (const BalanceRow& b : rows) {
      Poco::Int64 opening = b.opening, accrual = b.accrual, used = b.used, closing = b.closing;
      int days = b.suspension_days;
      s << sql, bind(b.decision_id), bind(b.month), bind(b.client), bind(opening), bind(accrual),
          bind(used), bind(closing), bind(days), now;
    }
    return Done{};
  });
}

Result<std::vector<BalanceRow>> SqlStore::ListBalanceStatements(const std::string& month) {
  return Run<std::vector<BalanceRow>>(false, [&](Session& s) {
    std::vector<std::string> decision, mon, client;
    std::vector<Poco::Int64> opening, accrual, used, closing;
    std::vector<int> days;
    s << "SELECT decision_id, month, client, opening, accrual, used, closing, suspension_days"
         " FROM balance_statements WHERE month = " + Placeholder(dialect_, 1) +
             " ORDER BY decision_id",
        bind(month), into(decision), into(mon), into(client), into(opening), into(accrual),
        into(used), into(closing), into(days), now;
    std::vector<BalanceRow> out(decision.size());
    for (size_t i = 0; i < decision.size(); ++i) {
      out[i] = {decision[i], mon[i], client[i], opening[i], accrual[i], used[i], closing[i], days[i]};
    }
    return out;
  });
}

Result<bool> SqlStore::QueueMessage(const OutboxMessage& m, const AuditEntry& audit) {
  return Run<bool>(true, [&](Session& s) {
    LockKey(s, dialect_, "outbox:" + m.message_id);
    if (Exists(s, "SELECT COUNT(*) FROM outbox WHERE message_id = " + Placeholder(dialect_, 1),
               {m.message_id})) {
      return false;
    }
    std::string at = UtcNow();
    InsertOutbox(s, dialect_, m, at);
    InsertAudit(s, dialect_, audit, at);
    return true;
  });
}

Result<std::vector<OutboxMessage>> SqlStore::ListOutbox(const std::string& state) {
  return Run<std::vector<OutboxMessage>>(false, [&](Session& s) {
    std::vector<Poco::Int64> seq;
    std::vector<std::string> id, kind, provider, month, subject, body, st, next, error;
    std::vector<int> attempts;
    s << "SELECT seq, message_id, kind, provider, month, subject, body, state, attempts,"
         " next_attempt_at, last_error FROM outbox WHERE state = " + Placeholder(dialect_, 1) +
             " ORDER BY seq",
        bind(state), into(seq), into(id), into(kind), into(provider), into(month), into(subject),
        into(body), into(st), into(attempts), into(next), into(error), now;
    std::vector<OutboxMessage> out(seq.size());
    for (size_t i = 0; i < seq.size(); ++i) {
      out[i] = {id[i], kind[i], provider[i], month[i], subject[i], body[i],
                st[i], attempts[i], next[i], error[i], seq[i]};
    }
    return out;
  });
}

Result<Done> SqlStore::PutAbsences(std::span<const AbsenceRow> absences, const AuditEntry& audit) {
  return Run<Done>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::string sql =
        "INSERT INTO absences (absence_id, decision_id, from_date, to_date, updated_at) VALUES " +
        PlaceholderTuple(dialect_, 1, 5) +
        " ON CONFLICT (absence_id) DO UPDATE SET decision_id = excluded.decision_id,"
        " from_date = excluded.from_date, to_date = excluded.to_date, updated_at = excluded.updated_at";
    for (const AbsenceRow& a : absences) {
      s << sql, bind(a.absence_id), bind(a.decision_id), bind(a.from), bind(a.to), bind(at), now;
    }
    InsertAudit(s, dialect_, audit, at);
    return Done{};
  });
}

Result<std::vector<AbsenceRow>> SqlStore::ListAbsences() {
  return Run<std::vector<AbsenceRow>>(false, [&](Session& s) {
    std::vector<std::string> id, decision, from, to;
    s << "SELECT absence_id, decision_id, from_date, to_date FROM absences ORDER BY absence_id",
        into(id), into(decision), into(from), into(to), now;
    std::vector<AbsenceRow> out(id.size());
    for (size_t i = 0; i < id.size(); ++i) out[i] = {id[i], decision[i], from[i], to[i]};
    return out;
  });
}

}  // namespace seteli::store
