// SqlStore: what the monthly run keeps (month_records.h).
#include <Poco/Data/Statement.h>

#include <algorithm>
#include <map>
#include <span>
#include <string_view>

#include "store/line_insert.h"
#include "store/sqlite_statement.h"
#include "store/sql_store.h"
#include "store/sql_support.h"

namespace seteli::store {
namespace {

using Poco::Data::Session;
using Poco::Data::Statement;

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

// A body written with "lines":[] last gets the bodies of its stored lines
// (see SettlementRecord::body).
void SpliceLines(Session& s, Dialect d, SettlementRecord& r) {
  if (!LinesKeptApart(r)) return;
  std::vector<std::string> bodies;
  s << "SELECT body FROM settlement_lines WHERE provider = " + Placeholder(d, 1) +
           " AND month = " + Placeholder(d, 2) + " ORDER BY line_no",
      bind(r.provider), bind(r.month), into(bodies), now;
  size_t size = r.body.size();
  for (const std::string& b : bodies) size += b.size() + 1;
  std::string body;
  body.reserve(size);
  body.append(r.body, 0, r.body.size() - 2);
  for (size_t i = 0; i < bodies.size(); ++i) {
    if (i > 0) body += ',';
    body += bodies[i];
  }
  body += "]}";
  r.body = std::move(body);
}

std::vector<SettlementLineRow> QueryLines(Session& s, const std::string& sql,
                                          const std::vector<std::string>& params) {
  std::vector<std::string> prov, mon, event, decision, original, service, body;
  std::vector<int> no;
  std::vector<Poco::Int64> price, voucher, copay;
  SelectRows(s, sql, params, prov, mon, no, event, decision, original, service, price, voucher,
             copay, body);
  std::vector<SettlementLineRow> out(prov.size());
  for (size_t i = 0; i < prov.size(); ++i) {
    out[i] = {std::move(prov[i]),     std::move(mon[i]),      no[i], std::move(event[i]),
              std::move(decision[i]), std::move(original[i]), std::move(service[i]), price[i], voucher[i], copay[i],
              std::move(body[i])};
  }
  return out;
}

// With `splice`, each body gets its lines back (SpliceLines).
std::vector<SettlementRecord> QuerySettlements(Session& s, Dialect d, const std::string& sql,
                                               const std::vector<std::string>& params,
                                               bool splice) {
  std::vector<std::string> provider, month, state, reference, version, reason, run, body, created,
      updated;
  std::vector<Poco::Int64> price, voucher, copay, invoice;
  std::vector<int> lines;
  SelectRows(s, sql, params, provider, month, state, reference, version, price, voucher, copay,
             lines, reason, run, invoice, body, created, updated);
  std::vector<SettlementRecord> out(provider.size());
  for (size_t i = 0; i < provider.size(); ++i) {
    SettlementRecord& r = out[i];
    r = {provider[i], month[i], state[i],  reference[i], version[i], price[i], voucher[i],
         copay[i],    lines[i], reason[i], run[i],       std::nullopt, body[i], created[i],
         updated[i]};
    if (invoice[i] > 0) r.invoice_number = invoice[i];
  }
  if (splice) {
    for (SettlementRecord& r : out) SpliceLines(s, d, r);
  }
  return out;
}

constexpr char kLineColumns[] =
    "SELECT provider, month, line_no, event_id, decision_id, original_month, service, price,"
    " voucher, copay, body FROM settlement_lines";

// What the monthly run reads of an event: the rest is in its body.
constexpr char kEventBodyColumns[] = "SELECT seq, event_id, decision_id, body FROM events";

std::vector<StoredEvent> QueryEventBodies(Session& s, const std::string& sql,
                                          const std::vector<std::string>& params) {
  std::vector<Poco::Int64> seq;
  std::vector<std::string> id, decision, body;
  SelectRows(s, sql, params, seq, id, decision, body);
  std::vector<StoredEvent> out(seq.size());
  for (size_t i = 0; i < seq.size(); ++i) {
    out[i].seq = seq[i];
    out[i].row.event_id = std::move(id[i]);
    out[i].row.decision_id = std::move(decision[i]);
    out[i].row.body = std::move(body[i]);
  }
  return out;
}

// SQLite's page cache, for the one transaction that writes a month's
// lines, at 64 MiB instead of 2: the settlement_lines_event index takes
// lines in event ID order, at random, and with the small cache its pages
// were spilled to the WAL and read back again and again (twice the time of
// the inserts). Back to what it was after, so idle sessions stay small.
class LineCache {
 public:
  LineCache(Session& s, Dialect d) : s_(d == Dialect::kSqlite ? &s : nullptr) {
    if (!s_) return;
    *s_ << "PRAGMA cache_size", into(was_), now;
    *s_ << "PRAGMA cache_size = -65536", now;
  }
  ~LineCache() {
    try {
      if (s_) *s_ << "PRAGMA cache_size = " + std::to_string(was_), now;
    } catch (...) {  // a broken session is dropped by the pool anyway
    }
  }
  LineCache(const LineCache&) = delete;
  LineCache& operator=(const LineCache&) = delete;

 private:
  Session* s_;
  int was_ = 0;
};

constexpr char kSettlementColumns[] =
    "SELECT provider, month, state, reference, rulebook_version, price_total, voucher_total,"
    " copay_total, line_count, held_reason, run_id, invoice_number, body, created_at, updated_at"
    " FROM settlements";

// The condition on `events` of the events of some decisions that start by
// the last month and, with a first month, end in it or later; `params`
// gets the values of its placeholders.
std::string DecisionEventsWhere(Dialect d, const std::vector<std::string>& ids,
                                const std::string& last_month, const std::string& first_month,
                                std::vector<std::string>* params) {
  *params = ids;
  params->push_back(last_month);
  std::string where = "decision_id IN " + PlaceholderTuple(d, 1, static_cast<int>(ids.size())) +
                      " AND month_from <= " + Placeholder(d, static_cast<int>(params->size()));
  if (!first_month.empty()) {
    params->push_back(first_month);
    where += " AND month_to >= " + Placeholder(d, static_cast<int>(params->size()));
  }
  return where;
}

// Calls `f` with `ids` (decision or event IDs) in runs of at most 500, one
// statement's worth of bound parameters.
template <typename F>
void ForEachChunk(const std::vector<std::string>& ids, F f) {
  constexpr size_t kIdsPerQuery = 500;
  for (size_t at = 0; at < ids.size(); at += kIdsPerQuery) {
    f(std::span<const std::string>(ids).subspan(at, std::min(kIdsPerQuery, ids.size() - at)));
  }
}

// Appends to `out` the month spans of the events of `ids` (all decisions
// when empty) that start by `last_month`, with their counts.
void QueryEventMonths(Session& s, Dialect d, std::span<const std::string> ids,
                      const std::string& last_month, std::vector<DecisionMonths>* out) {
  std::vector<std::string> decision, from, to;
  std::vector<Poco::Int64> count;
  Statement st(s);
  std::string where = "month_from <= " + Placeholder(d, 1);
  if (!ids.empty()) {
    where += " AND decision_id IN " + PlaceholderTuple(d, 2, static_cast<int>(ids.size()));
  }
  st << "SELECT decision_id, month_from, month_to, COUNT(*) FROM events WHERE " + where +
            " GROUP BY decision_id, month_from, month_to";
  st, bind(last_month);
  for (const std::string& id : ids) st, bind(id);
  st, into(decision), into(from), into(to), into(count);
  st.execute();
  for (size_t i = 0; i < decision.size(); ++i) {
    out->push_back({std::move(decision[i]), std::move(from[i]), std::move(to[i]), count[i]});
  }
}

constexpr char kCheckpointColumns[] =
    "SELECT decision_id, month, digest, providers, has_closing, closing FROM run_checkpoints";

// The rows of a kCheckpointColumns query, appended to `out`.
void QueryCheckpoints(Statement& st, std::vector<CheckpointRow>* out) {
  std::vector<std::string> decision, month, digest, providers;
  std::vector<int> has_closing;
  std::vector<Poco::Int64> closing;
  st, into(decision), into(month), into(digest), into(providers), into(has_closing), into(closing);
  st.execute();
  for (size_t i = 0; i < decision.size(); ++i) {
    CheckpointRow& c = out->emplace_back();
    c.decision_id = std::move(decision[i]);
    c.month = std::move(month[i]);
    c.digest = std::move(digest[i]);
    c.providers = std::move(providers[i]);
    if (has_closing[i]) c.closing = closing[i];
  }
}

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
    std::string state = MovedState(SettlementState::kOpen,
                                   ParseSettlementState(r.state).value_or(SettlementState::kOpen));
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
        bind(r.provider), bind(r.month), bind(state), bind(r.reference), bind(r.rulebook_version),
        bind(price), bind(voucher), bind(copay), bind(count), bind(r.held_reason), bind(r.run_id),
        bind(invoice), bind(r.body), bind(at), bind(at), now;
    LineCache cache(s, dialect_);
    InsertLineRows(s, dialect_, w.lines);
    if (w.more_lines) {
      std::vector<SettlementLineRow> chunk;
      for (;;) {
        Result<bool> more = w.more_lines(&chunk);
        if (!more.ok()) throw Refused{more.error()};
        if (!more.value()) break;
        InsertLineRows(s, dialect_, chunk);
      }
    }
    ApplyCredits(s, dialect_, w);
    InsertAudit(s, dialect_, audit, at);
    return true;
  });
}

namespace {

// Settlements by month and provider, either "" for all; with `lines`, each
// with its lines back in its body (QuerySettlements).
std::vector<SettlementRecord> SelectSettlements(Session& s, Dialect d, const std::string& month,
                                                const std::string& provider, bool lines) {
  WhereClause where(d);
  if (!month.empty()) where.Add("month = ", month);
  if (!provider.empty()) where.Add("provider = ", provider);
  return QuerySettlements(s, d,
                          std::string(kSettlementColumns) + where.sql + " ORDER BY month, provider",
                          where.params, lines);
}

}  // namespace

Result<std::vector<SettlementRecord>> SqlStore::ListSettlements(const std::string& month,
                                                                const std::string& provider) {
  return Run<std::vector<SettlementRecord>>(
      false, [&](Session& s) { return SelectSettlements(s, dialect_, month, provider, true); });
}

Result<std::vector<SettlementRecord>> SqlStore::ListSettlementHeads(const std::string& month,
                                                                    const std::string& provider) {
  return Run<std::vector<SettlementRecord>>(
      false, [&](Session& s) { return SelectSettlements(s, dialect_, month, provider, false); });
}

// Paged by line number through the primary key: each page is one short
// query, and a page is all of a month's lines that is ever in memory.
Result<std::vector<StoredLineBody>> SqlStore::SettlementLineBodies(const std::string& provider,
                                                                   const std::string& month,
                                                                   int after_line_no, int limit) {
  return Run<std::vector<StoredLineBody>>(false, [&](Session& s) {
    std::vector<int> no;
    std::vector<std::string> event_id, body;
    s << "SELECT line_no, event_id, body FROM settlement_lines WHERE provider = " +
             Placeholder(dialect_, 1) + " AND month = " + Placeholder(dialect_, 2) +
             " AND line_no > " + Placeholder(dialect_, 3) + " ORDER BY line_no LIMIT " +
             Placeholder(dialect_, 4),
        bind(provider), bind(month), bind(after_line_no), bind(limit), into(no), into(event_id),
        into(body), now;
    std::vector<StoredLineBody> out(no.size());
    for (size_t i = 0; i < no.size(); ++i) {
      out[i] = {no[i], std::move(event_id[i]), std::move(body[i])};
    }
    return out;
  });
}

// Aggregated by the database: the answer is the (normally empty) list of
// shared events, not the month's event IDs. By the event_id column, not
// the bodies: reading a million bodies' JSON here took as long as reading
// the lines; the books check holds each body to its column as it reads it.
Result<std::vector<SettlementLineRow>> SqlStore::LinesForMonth(const std::string& provider,
                                                               const std::string& month) {
  return Run<std::vector<SettlementLineRow>>(false, [&](Session& s) {
    return QueryLines(s,
                      std::string(kLineColumns) + " WHERE provider = " + Placeholder(dialect_, 1) +
                          " AND ((month = " + Placeholder(dialect_, 2) +
                          " AND original_month = '') OR original_month = " +
                          Placeholder(dialect_, 3) + ") ORDER BY month, line_no",
                      {provider, month, month});
  });
}

Result<std::vector<std::pair<std::string, std::string>>> SqlStore::SettledMonths() {
  return Run<std::vector<std::pair<std::string, std::string>>>(false, [&](Session& s) {
    std::vector<std::string> provider, month;
    s << "SELECT provider, month FROM settlements ORDER BY provider, month", into(provider),
        into(month), now;
    std::vector<std::pair<std::string, std::string>> out(provider.size());
    for (size_t i = 0; i < provider.size(); ++i) out[i] = {provider[i], month[i]};
    return out;
  });
}

// References are written by the run with single spaces between groups, so
// removing spaces is enough to compare them compactly. The settlements
// table has a row per provider-month, so the scan is small; the services
// come from the settlement's own lines through the primary key.
Result<std::optional<SettlementMatch>> SqlStore::FindSettlementByReference(
    const std::string& compact_reference) {
  return Run<std::optional<SettlementMatch>>(false, [&](Session& s) -> std::optional<SettlementMatch> {
    std::vector<std::string> provider, month, state, reference;
    std::vector<Poco::Int64> voucher;
    s << "SELECT provider, month, state, reference, voucher_total FROM settlements"
         " WHERE UPPER(REPLACE(reference, ' ', '')) = " + Placeholder(dialect_, 1),
        bind(compact_reference), into(provider), into(month), into(state), into(reference),
        into(voucher), now;
    if (provider.empty()) return std::nullopt;
    SettlementMatch m{provider[0], month[0], state[0], reference[0], voucher[0], {}};
    s << "SELECT DISTINCT service FROM settlement_lines WHERE provider = " + Placeholder(dialect_, 1) +
             " AND month = " + Placeholder(dialect_, 2) + " ORDER BY service",
        bind(m.provider), bind(m.month), into(m.services), now;
    return m;
  });
}

Result<std::vector<DecisionMonths>> SqlStore::EventMonthsByDecision(const std::string& last_month) {
  return Run<std::vector<DecisionMonths>>(false, [&](Session& s) {
    std::vector<DecisionMonths> out;
    QueryEventMonths(s, dialect_, {}, last_month, &out);
    return out;
  });
}

Result<std::vector<DecisionMonths>> SqlStore::EventMonthsOfDecisions(
    const std::vector<std::string>& decision_ids, const std::string& last_month) {
  return Run<std::vector<DecisionMonths>>(false, [&](Session& s) {
    std::vector<DecisionMonths> out;
    ForEachChunk(decision_ids, [&](std::span<const std::string> chunk) {
      QueryEventMonths(s, dialect_, chunk, last_month, &out);
    });
    return out;
  });
}

Result<std::vector<int64_t>> SqlStore::EventSeqsOfDecisions(
    const std::vector<std::string>& ids, const std::string& last_month,
    const std::string& first_month) {
  return Run<std::vector<int64_t>>(false, [&](Session& s) {
    std::vector<std::string> params;
    const std::string where = DecisionEventsWhere(dialect_, ids, last_month, first_month, &params);
    if (dialect_ == Dialect::kSqlite) {  // straight from SQLite, as EventsBySeq
      SqliteStatement st(Poco::Data::SQLite::Utility::dbHandle(s),
                         ("SELECT seq FROM events WHERE " + where).c_str());
      for (size_t i = 0; i < params.size(); ++i) st.Bind(static_cast<int>(i) + 1, params[i]);
      std::vector<int64_t> out;
      while (st.Step()) out.push_back(st.Int(0));
      return out;
    }
    std::vector<int64_t> seq;  // Poco::Int64 is int64_t: no copy to return
    SelectRows(s, "SELECT seq FROM events WHERE " + where, params, seq);
    return seq;
  });
}

Result<std::vector<StoredEvent>> SqlStore::EventsBySeq(const std::vector<int64_t>& seqs) {
  return Run<std::vector<StoredEvent>>(false, [&](Session& s) {
    std::vector<StoredEvent> out;
    if (seqs.empty()) return out;
    std::string sql = std::string(kEventBodyColumns) + " WHERE seq IN (";
    for (size_t i = 0; i < seqs.size(); ++i) sql += (i ? "," : "") + std::to_string(seqs[i]);
    sql += ") ORDER BY seq";
    if (dialect_ != Dialect::kSqlite) return QueryEventBodies(s, sql, {});
    // On SQLite straight from the statement: Poco::Data's copies into its
    // vectors and out again were a third of reading the month this way.
    SqliteStatement st(Poco::Data::SQLite::Utility::dbHandle(s), sql.c_str());
    out.reserve(seqs.size());
    while (st.Step()) {
      StoredEvent& e = out.emplace_back();
      e.seq = st.Int(0);
      e.row.event_id = st.Text(1);
      e.row.decision_id = st.Text(2);
      e.row.body = st.Text(3);
    }
    return out;
  });
}

Result<std::vector<StoredEvent>> SqlStore::EventsOfDecisions(const std::vector<std::string>& ids,
                                                             const std::string& last_month,
                                                             const std::string& first_month) {
  return Run<std::vector<StoredEvent>>(false, [&](Session& s) {
    std::vector<std::string> params;
    const std::string where = DecisionEventsWhere(dialect_, ids, last_month, first_month, &params);
    // SQLite fetches the rows in the order it finds them in the index, by
    // decision, all over the table, and then sorts them with their bodies.
    // The sequence numbers alone come from the index (events_decision
    // covers the query); looked up in their order the rows come in table
    // order, pages read once and nothing to sort: a batch reads in about
    // two thirds of the time (docs/performance-history.md, #4).
    if (dialect_ == Dialect::kSqlite) {
      return QueryEventBodies(s, std::string(kEventBodyColumns) + " WHERE seq IN (SELECT seq FROM events WHERE " +
                                     where + ") ORDER BY seq", params);
    }
    return QueryEventBodies(s, std::string(kEventBodyColumns) + " WHERE " + where + " ORDER BY seq", params);
  });
}

Result<std::vector<StoredEvent>> SqlStore::CorrectionEvents(const std::string& last_month) {
  // A plain substring search (LIKE folds case, which costs more), the
  // condition of the partial index events_corrections (schema 10), so only
  // the correction events are read. SQLite's planner, without statistics,
  // would rather scan the table in `seq` order than sort a few rows.
  const char* find = dialect_ == Dialect::kSqlite ? "instr" : "strpos";
  const char* index = dialect_ == Dialect::kSqlite ? " INDEXED BY events_corrections" : "";
  return Run<std::vector<StoredEvent>>(false, [&](Session& s) {
    return QueryEventBodies(s,
                            std::string(kEventBodyColumns) + index + " WHERE month_from <= " +
                                Placeholder(dialect_, 1) + " AND (" + find +
                                "(body, '\"replaces\"') > 0 OR " + find +
                                "(body, '\"voids\"') > 0) ORDER BY seq",
                            {last_month});
  });
}

Result<std::vector<std::pair<std::string, std::string>>> SqlStore::DecisionsOfEvents(
    const std::vector<std::string>& ids) {
  return Run<std::vector<std::pair<std::string, std::string>>>(false, [&](Session& s) {
    std::vector<std::pair<std::string, std::string>> out;
    ForEachChunk(ids, [&](std::span<const std::string> chunk) {
      std::vector<std::string> event, decision;
      Statement st(s);
      st << "SELECT event_id, decision_id FROM events WHERE event_id IN " +
                PlaceholderTuple(dialect_, 1, static_cast<int>(chunk.size()));
      for (const std::string& id : chunk) st, bind(id);
      st, into(event), into(decision);
      st.execute();
      for (size_t i = 0; i < event.size(); ++i) out.emplace_back(event[i], decision[i]);
    });
    return out;
  });
}

Result<std::vector<SettlementLineRow>> SqlStore::LinesOfDecisions(
    const std::vector<std::string>& ids) {
  return Run<std::vector<SettlementLineRow>>(false, [&](Session& s) {
    return QueryLines(s,
                      std::string(kLineColumns) + " WHERE decision_id IN " +
                          PlaceholderTuple(dialect_, 1, static_cast<int>(ids.size())) +
                          " ORDER BY provider, month, line_no",
                      ids);
  });
}

Result<std::optional<int64_t>> SqlStore::ReleaseHeld(
    const std::string& provider, const std::string& month,
    const std::function<OutboxMessage(int64_t invoice_number)>& self_billing_message,
    const AuditEntry& audit) {
  bool released = false;
  auto r = Run<std::optional<int64_t>>(true, [&](Session& s) {
    LockKey(s, dialect_, "settlement:" + provider + ":" + month);
    std::vector<std::string> state;
    s << "SELECT state FROM settlements WHERE provider = " + Placeholder(dialect_, 1) +
             " AND month = " + Placeholder(dialect_, 2),
        bind(provider), bind(month), into(state), now;
    std::optional<SettlementState> held =
        state.empty() ? std::nullopt : ParseSettlementState(state[0]);
    if (held != SettlementState::kHeld) return std::optional<int64_t>();
    std::string at = UtcNow();
    std::optional<int64_t> number;
    Poco::Int64 invoice = 0;
    if (self_billing_message) {
      LockKey(s, dialect_, "series:" + provider);
      invoice = NextInvoiceNumber(s, dialect_, provider);
      InsertOutbox(s, dialect_, self_billing_message(invoice), at);
      number = invoice;
    }
    std::string settled = MovedState(*held, SettlementState::kSettled), empty;
    s << "UPDATE settlements SET state = " + Placeholder(dialect_, 1) + ", held_reason = " +
             Placeholder(dialect_, 2) + ", invoice_number = " + Placeholder(dialect_, 3) +
             ", updated_at = " + Placeholder(dialect_, 4) + " WHERE provider = " +
             Placeholder(dialect_, 5) + " AND month = " + Placeholder(dialect_, 6),
        bind(settled), bind(empty), bind(invoice), bind(at), bind(provider), bind(month), now;
    InsertAudit(s, dialect_, audit, at);
    released = true;
    return number;
  });
  if (!r.ok()) return r;
  if (!released) {
    return Error{"failed_precondition", "settlement " + provider + " " + month + " is not held", ""};
  }
  return r;
}

Result<Done> SqlStore::PutRun(const RunRecord& r) {
  return Run<Done>(true, [&](Session& s) {
    s << "DELETE FROM runs WHERE run_id = " + Placeholder(dialect_, 1), bind(r.run_id), now;
    int total = r.providers_total, done = r.providers_done, settled = r.settled, held = r.held,
        skipped = r.skipped;
    std::string started = r.started_at.empty() ? UtcNow() : r.started_at;
    std::string lease = r.state == "running" ? UtcAfter(int64_t{r.lease_seconds} * 1000) : "";
    s << "INSERT INTO runs (run_id, month, provider, state, started_at, finished_at,"
         " providers_total, providers_done, settled, held, skipped, message, lease_until) VALUES " +
             PlaceholderTuple(dialect_, 1, 13),
        bind(r.run_id), bind(r.month), bind(r.provider), bind(r.state), bind(started),
        bind(r.finished_at), bind(total), bind(done), bind(settled), bind(held), bind(skipped),
        bind(r.message), bind(lease), now;
    return Done{};
  });
}

Result<bool> SqlStore::RenewRunLease(const std::string& run_id, int lease_seconds) {
  return Run<bool>(true, [&](Session& s) {
    std::string until = UtcAfter(int64_t{lease_seconds} * 1000);
    Statement st(s);
    st << "UPDATE runs SET lease_until = " + Placeholder(dialect_, 1) +
              " WHERE run_id = " + Placeholder(dialect_, 2) + " AND state = 'running'",
        bind(until), bind(run_id);
    return st.execute() > 0;
  });
}

Result<std::vector<std::string>> SqlStore::InterruptExpiredRuns() {
  const std::string expired = "state = 'running' AND lease_until < " + Placeholder(dialect_, 1);
  // Read first: readers poll runs, and most of the time nothing has
  // expired, so they need not wait for SQLite's one writer.
  auto any = Run<Poco::Int64>(false, [&](Session& s) {
    Poco::Int64 n = 0;
    std::string at = UtcNow();
    s << "SELECT COUNT(*) FROM runs WHERE " + expired, bind(at), into(n), now;
    return n;
  });
  if (!any.ok()) return any.error();
  if (any.value() == 0) return std::vector<std::string>{};
  return Run<std::vector<std::string>>(true, [&](Session& s) {
    std::string at = UtcNow();
    std::vector<std::string> ids, leases;
    s << "SELECT run_id, lease_until FROM runs WHERE " + expired + " ORDER BY run_id", bind(at),
        into(ids), into(leases), now;
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string message = "interrupted: its lease ran out" +
                            (leases[i].empty() ? "" : " at " + leases[i]) +
                            " (the process running it stopped); a new run of the month carries on";
      s << "UPDATE runs SET state = 'interrupted', finished_at = " + Placeholder(dialect_, 1) +
               ", lease_until = '', message = " + Placeholder(dialect_, 2) +
               " WHERE run_id = " + Placeholder(dialect_, 3) + " AND state = 'running'",
          bind(at), bind(message), bind(ids[i]), now;
    }
    return ids;
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
  if (auto r = InterruptExpiredRuns(); !r.ok()) return r.error();
  return Run<std::optional<RunRecord>>(false, [&](Session& s) {
    auto runs = QueryRuns(s, "run_id = " + Placeholder(dialect_, 1), run_id);
    return runs.empty() ? std::optional<RunRecord>() : std::optional<RunRecord>(runs[0]);
  });
}

Result<std::vector<RunRecord>> SqlStore::ListRuns(const std::string& month) {
  if (auto r = InterruptExpiredRuns(); !r.ok()) return r.error();
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

Result<Done> SqlStore::PutCheckpoints(const std::vector<CheckpointRow>& rows) {
  // Many rows a statement, as InsertLines: a run writes one per decision.
  constexpr size_t kRowsPerInsert = 200;
  return Run<Done>(true, [&](Session& s) {
    for (size_t at = 0; at < rows.size(); at += kRowsPerInsert) {
      const size_t n = std::min(kRowsPerInsert, rows.size() - at);
      std::string sql =
          "INSERT INTO run_checkpoints (decision_id, month, digest, providers,"
          " has_closing, closing) VALUES ";
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) sql += ", ";
        sql += PlaceholderTuple(dialect_, 1 + 6 * static_cast<int>(i), 6);
      }
      sql +=
          " ON CONFLICT (decision_id, month) DO UPDATE SET digest = excluded.digest,"
          " providers = excluded.providers, has_closing = excluded.has_closing,"
          " closing = excluded.closing";
      std::vector<int> has_closing;
      std::vector<Poco::Int64> closing;
      for (size_t i = at; i < at + n; ++i) {
        has_closing.push_back(rows[i].closing ? 1 : 0);
        closing.push_back(rows[i].closing.value_or(0));
      }
      Statement st(s);
      st << sql;
      for (size_t i = at; i < at + n; ++i) {
        const CheckpointRow& c = rows[i];
        st, useRef(c.decision_id), useRef(c.month), useRef(c.digest), useRef(c.providers),
            useRef(has_closing[i - at]), useRef(closing[i - at]);
      }
      st.execute();
    }
    return Done{};
  });
}

Result<std::vector<CheckpointRow>> SqlStore::ListCheckpoints(const std::string& month) {
  return Run<std::vector<CheckpointRow>>(false, [&](Session& s) {
    std::vector<CheckpointRow> out;
    Statement st(s);
    st << std::string(kCheckpointColumns) + " WHERE month = " + Placeholder(dialect_, 1) +
              " ORDER BY decision_id",
        bind(month);
    QueryCheckpoints(st, &out);
    return out;
  });
}

Result<std::vector<CheckpointRow>> SqlStore::CheckpointsOf(const std::vector<std::string>& ids,
                                                          const std::string& before_month) {
  return Run<std::vector<CheckpointRow>>(false, [&](Session& s) {
    std::vector<CheckpointRow> out;
    ForEachChunk(ids, [&](std::span<const std::string> chunk) {
      Statement st(s);
      st << std::string(kCheckpointColumns) + " WHERE month < " + Placeholder(dialect_, 1) +
                " AND decision_id IN " +
                PlaceholderTuple(dialect_, 2, static_cast<int>(chunk.size())),
          bind(before_month);
      for (const std::string& id : chunk) st, bind(id);
      QueryCheckpoints(st, &out);
    });
    return out;
  });
}

// One statement per month and chunk of decisions: a run opens most of its
// decisions from the same month.
Result<Done> SqlStore::OpenCheckpoints(const std::vector<std::pair<std::string, std::string>>& from) {
  std::map<std::string, std::vector<std::string>> by_month;
  for (const auto& [id, month] : from) by_month[month].push_back(id);
  return Run<Done>(true, [&](Session& s) {
    for (const auto& entry : by_month) {
      const std::string& month = entry.first;  // clang captures no structured binding
      ForEachChunk(entry.second, [&](std::span<const std::string> chunk) {
        Statement st(s);
        st << "UPDATE run_checkpoints SET digest = '' WHERE month >= " + Placeholder(dialect_, 1) +
                  " AND digest <> '' AND decision_id IN " +
                  PlaceholderTuple(dialect_, 2, static_cast<int>(chunk.size())),
            bind(month);
        for (const std::string& id : chunk) st, bind(id);
        st.execute();
      });
    }
    return Done{};
  });
}

Result<Done> SqlStore::PruneCheckpoints(const std::string& before_month) {
  return Run<Done>(true, [&](Session& s) {
    s << "DELETE FROM run_checkpoints WHERE month < " + Placeholder(dialect_, 1), bind(before_month),
        now;
    return Done{};
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
