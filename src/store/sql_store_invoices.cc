// SqlStore: provider invoices (invoice_records.h, docs/receiving.md).
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Data/RecordSet.h>

#include <sstream>

#include "store/invoice_acceptance.h"
#include "store/sql_support.h"
#include "store/sqlite_statement.h"

namespace seteli::store {
namespace {

using Poco::Data::RecordSet;
using Poco::Data::Session;
using Poco::Data::Statement;

int64_t LastId(Session& s, Dialect d) {
  Poco::Int64 id = 0;
  s << (d == Dialect::kSqlite ? "SELECT last_insert_rowid()" : "SELECT lastval()"), into(id), now;
  return id;
}

constexpr char kInvoiceColumns[] =
    "SELECT id, transmission_id, ordinal, received_at, sha256, seller, invoice_number, "
    "invoice_date,"
    " reference, has_total, total_cents, type, original_invoice_number, state, reasons, provider,"
    " month, credited_cents, notice_kind, notice, notice_channel, notice_outcome, updated_at,"
    " due_date FROM invoices";

std::vector<InvoiceRecord> QueryInvoices(Session& s, const std::string& sql,
                                         const std::vector<std::string>& params) {
  Statement st(s);
  st << sql;
  for (const std::string& p : params) st, bind(p);
  st.execute();
  RecordSet rs(st);
  std::vector<InvoiceRecord> out;
  for (size_t row = 0; row < rs.rowCount(); ++row) {
    auto text = [&](size_t col) { return rs.value(col, row).convert<std::string>(); };
    auto number = [&](size_t col) { return rs.value(col, row).convert<Poco::Int64>(); };
    InvoiceRecord r;
    r.id = number(0);
    r.transmission_id = number(1);
    r.ordinal = static_cast<int>(number(2));
    r.received_at = text(3);
    r.sha256 = text(4);
    r.seller = text(5);
    r.invoice_number = text(6);
    r.invoice_date = text(7);
    r.reference = text(8);
    if (number(9) != 0) r.total_cents = number(10);
    r.type = text(11);
    r.original_invoice_number = text(12);
    r.state = text(13);
    r.reasons = text(14);
    r.provider = text(15);
    r.month = text(16);
    r.credited_cents = number(17);
    r.notice_kind = text(18);
    r.notice = text(19);
    r.notice_channel = text(20);
    r.notice_outcome = text(21);
    r.updated_at = text(22);
    r.due_date = text(23);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<InvoiceRecord> AcceptedInvoice(Session& s, Dialect d, const std::string& seller,
                                             const std::string& number) {
  auto found = QueryInvoices(s,
                             std::string(kInvoiceColumns) + " WHERE seller = " + Placeholder(d, 1) +
                                 " AND invoice_number = " + Placeholder(d, 2) + " AND state = 'accepted'",
                             {seller, number});
  if (found.empty()) return std::nullopt;
  return found.front();
}

// The state of the settlement of `provider` and `month`, nothing when none
// is stored; with `credit_month`, whether its voucher total is below zero
// (a month of credits: corrections of closed months only).
std::optional<SettlementState> StoredState(Session& s, Dialect d, const std::string& provider,
                                           const std::string& month, bool* credit_month = nullptr) {
  std::vector<std::string> state;
  std::vector<Poco::Int64> voucher_total;
  s << "SELECT state, voucher_total FROM settlements WHERE provider = " + Placeholder(d, 1) +
           " AND month = " + Placeholder(d, 2),
      bind(provider), bind(month), into(state), into(voucher_total), now;
  if (credit_month) *credit_month = !voucher_total.empty() && voucher_total[0] < 0;
  if (state.empty()) return std::nullopt;
  return ParseSettlementState(state[0]);
}

// Moves a stored settlement to `to`, from the state it is in now, as
// seteli/settlement_state.h allows (else illegal_settlement_transition).
void MoveSettlement(Session& s, Dialect d, const std::string& provider, const std::string& month,
                    SettlementState to, const std::string& at) {
  std::string state =
      MovedState(StoredState(s, d, provider, month).value_or(SettlementState::kOpen), to);
  s << "UPDATE settlements SET state = " + Placeholder(d, 1) +
           ", updated_at = " + Placeholder(d, 2) + " WHERE provider = " + Placeholder(d, 3) +
           " AND month = " + Placeholder(d, 4),
      bind(state), bind(at), bind(provider), bind(month), now;
}

void InsertInvoice(Session& s, Dialect d, InvoiceRecord& r) {
  Poco::Int64 transmission = r.transmission_id, total = r.total_cents.value_or(0),
              credited = r.credited_cents;
  int ordinal = r.ordinal, has_total = r.total_cents ? 1 : 0;
  s << "INSERT INTO invoices (transmission_id, ordinal, received_at, sha256, seller, "
       "invoice_number,"
       " invoice_date, reference, has_total, total_cents, type, original_invoice_number, state,"
       " reasons, provider, month, credited_cents, notice_kind, notice, notice_channel,"
       " notice_outcome, updated_at, due_date) VALUES " +
           PlaceholderTuple(d, 1, 23),
      bind(transmission), bind(ordinal), bind(r.received_at), bind(r.sha256), bind(r.seller),
      bind(r.invoice_number), bind(r.invoice_date), bind(r.reference), bind(has_total), bind(total),
      bind(r.type), bind(r.original_invoice_number), bind(r.state), bind(r.reasons),
      bind(r.provider), bind(r.month), bind(credited), bind(r.notice_kind), bind(r.notice),
      bind(r.notice_channel), bind(r.notice_outcome), bind(r.updated_at), bind(r.due_date), now;
  r.id = LastId(s, d);
}

// What DecideAcceptance needs to know of `r`, read before anything is
// written, so that a refused acceptance leaves the store as it was.
AcceptanceFacts ReadAcceptanceFacts(Session& s, Dialect d, const InvoiceRecord& r) {
  AcceptanceFacts facts;
  facts.number_taken = AcceptedInvoice(s, d, r.seller, r.invoice_number).has_value();
  if (r.type == kTypeCreditNote)
    facts.original = AcceptedInvoice(s, d, r.seller, r.original_invoice_number);
  facts.quoted_state = StoredState(s, d, r.provider, r.month, &facts.quoted_is_credit_month);
  return facts;
}

// Writes what an accepted invoice moves (DecideAcceptance).
void ApplyAcceptance(Session& s, Dialect d, const Acceptance& a, const std::string& at) {
  if (a.settles_month) MoveSettlement(s, d, a.provider, a.month, SettlementState::kInvoiced, at);
  if (!a.credit) return;
  const Credit& c = *a.credit;
  Poco::Int64 credited = c.credited_cents, id = c.original_id;
  s << "UPDATE invoices SET credited_cents = " + Placeholder(d, 1) + ", updated_at = " +
           Placeholder(d, 2) + " WHERE id = " + Placeholder(d, 3),
      bind(credited), bind(at), bind(id), now;
  if (auto to = SettlementAfterCredit(c, StoredState(s, d, c.provider, c.month))) {
    MoveSettlement(s, d, c.provider, c.month, *to, at);
  }
}

// The transmission's row. On SQLite its text is bound in place: Poco::Data
// has SQLite copy a bound value, one more copy of the whole base64 text
// alive while SQLite builds the row (docs/performance-history.md, "Memory").
void InsertTransmission(Session& s, Dialect d, const std::string& at, const InvoiceTransmission& t,
                        const std::string& raw) {
  if (d == Dialect::kSqlite) {
    SqliteStatement insert(
        Poco::Data::SQLite::Utility::dbHandle(s),
        "INSERT INTO invoice_transmissions (received_at, channel, sha256, raw_base64)"
        " VALUES (?, ?, ?, ?)");
    insert.Bind(1, at);
    insert.Bind(2, t.channel);
    insert.Bind(3, t.sha256);
    insert.Bind(4, raw);
    insert.Step();
    return;
  }
  s << "INSERT INTO invoice_transmissions (received_at, channel, sha256, raw_base64) VALUES " +
           PlaceholderTuple(d, 1, 4),
      bind(at), bind(t.channel), bind(t.sha256), useRef(raw), now;  // useRef: not copied again
}

}  // namespace

Result<int64_t> SqlStore::SaveTransmission(const InvoiceTransmission& t, const AuditEntry& audit,
                                           const InboundFence* fence) {
  std::string raw = ToBase64(t.raw);
  return Run<int64_t>(true, [&](Session& s) {
    std::string at = t.received_at.empty() ? UtcNow() : t.received_at;
    InsertTransmission(s, dialect_, at, t, raw);
    int64_t id = LastId(s, dialect_);
    InsertAudit(s, dialect_, audit, at);
    if (fence) HoldFence(s, dialect_, *fence);
    return id;
  });
}

Result<std::optional<InvoiceTransmission>> SqlStore::GetTransmission(int64_t id) {
  return Run<std::optional<InvoiceTransmission>>(false, [&](Session& s) {
    std::vector<std::string> at, channel, sha, raw;
    Poco::Int64 key = id;
    s << "SELECT received_at, channel, sha256, raw_base64 FROM invoice_transmissions WHERE id = " +
             Placeholder(dialect_, 1),
        bind(key), into(at), into(channel), into(sha), into(raw), now;
    if (at.empty()) return std::optional<InvoiceTransmission>();
    return std::optional<InvoiceTransmission>(
        InvoiceTransmission{id, at[0], channel[0], sha[0], FromBase64(raw[0])});
  });
}

Result<std::optional<int64_t>> SqlStore::EarlierTransmission(const std::string& sha256, int64_t id) {
  return Run<std::optional<int64_t>>(false, [&](Session& s) {
    std::vector<Poco::Int64> ids;
    Poco::Int64 before = id;
    s << "SELECT id FROM invoice_transmissions WHERE sha256 = " + Placeholder(dialect_, 1) +
             " AND id < " + Placeholder(dialect_, 2) + " ORDER BY id LIMIT 1",
        bind(sha256), bind(before), into(ids), now;
    if (ids.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(ids[0]);
  });
}

Result<bool> SqlStore::InvoiceNumberTaken(const std::string& seller, const std::string& number) {
  return Run<bool>(false, [&](Session& s) { return AcceptedInvoice(s, dialect_, seller, number).has_value(); });
}

Result<InvoiceRecord> SqlStore::RecordInvoice(const InvoiceRecord& invoice, const AuditEntry& audit,
                                              const InboundFence* fence) {
  return Run<InvoiceRecord>(true, [&](Session& s) {
    InvoiceRecord rec = invoice;
    rec.received_at = rec.received_at.empty() ? UtcNow() : rec.received_at;
    rec.updated_at = UtcNow();
    std::optional<Acceptance> acceptance;
    if (rec.state == kInvoiceAccepted) {
      LockKey(s, dialect_, "invoice:" + rec.seller + ":" + rec.invoice_number);
      LockKey(s, dialect_, "settlement:" + rec.provider + ":" + rec.month);
      auto decided = DecideAcceptance(rec, ReadAcceptanceFacts(s, dialect_, rec));
      if (!decided.ok()) {
        // A fenced-out daemon learns it lost the message, not a reason to
        // reject the invoice.
        if (fence) HoldFence(s, dialect_, *fence);
        throw Refused{decided.error()};  // nothing written
      }
      acceptance = std::move(decided).value();
      rec.provider = acceptance->provider;
      rec.month = acceptance->month;
    }
    InsertInvoice(s, dialect_, rec);
    if (acceptance) ApplyAcceptance(s, dialect_, *acceptance, rec.updated_at);
    InsertAudit(s, dialect_, audit, rec.updated_at);
    if (fence) HoldFence(s, dialect_, *fence);
    return rec;
  });
}

Result<Done> SqlStore::SetInvoiceNotice(int64_t id, const std::string& kind, const std::string& notice,
                                        const std::string& channel, const std::string& outcome,
                                        const InboundFence* fence) {
  return Run<Done>(true, [&](Session& s) {
    Poco::Int64 key = id;
    std::string at = UtcNow();
    s << "UPDATE invoices SET notice_kind = " + Placeholder(dialect_, 1) + ", notice = " +
             Placeholder(dialect_, 2) + ", notice_channel = " + Placeholder(dialect_, 3) +
             ", notice_outcome = " + Placeholder(dialect_, 4) + ", updated_at = " +
             Placeholder(dialect_, 5) + " WHERE id = " + Placeholder(dialect_, 6),
        bind(kind), bind(notice), bind(channel), bind(outcome), bind(at), bind(key), now;
    if (fence) HoldFence(s, dialect_, *fence);
    return Done{};
  });
}

Result<std::optional<InvoiceRecord>> SqlStore::GetInvoice(int64_t id) {
  return Run<std::optional<InvoiceRecord>>(false, [&](Session& s) {
    auto found = QueryInvoices(s, std::string(kInvoiceColumns) + " WHERE id = " + std::to_string(id), {});
    if (found.empty()) return std::optional<InvoiceRecord>();
    return std::optional<InvoiceRecord>(found.front());
  });
}

Result<std::vector<InvoiceRecord>> SqlStore::ListInvoices(const InvoiceQuery& q) {
  return Run<std::vector<InvoiceRecord>>(false, [&](Session& s) {
    std::string sql = std::string(kInvoiceColumns) + " WHERE 1 = 1";
    std::vector<std::string> params;
    // The seller is who sent it; provider is set once matched to a settlement.
    if (!q.provider.empty()) {
      params.push_back(q.provider);
      sql += " AND seller = " + Placeholder(dialect_, static_cast<int>(params.size()));
    }
    if (!q.month.empty()) {
      params.push_back(q.month);
      sql += " AND month = " + Placeholder(dialect_, static_cast<int>(params.size()));
    }
    if (q.transmission_id != 0) sql += " AND transmission_id = " + std::to_string(q.transmission_id);
    sql += " ORDER BY id DESC LIMIT " + std::to_string(q.limit);
    return QueryInvoices(s, sql, params);
  });
}

}  // namespace seteli::store
