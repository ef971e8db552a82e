// Organizer credits on SQL (credit_records.h).
#include "store/sql_support.h"

namespace seteli::store {
namespace {

using Poco::Data::Session;

constexpr char kColumns[] =
    "credit_id, provider, event_id, month, amount, reason_code, text, line, created_by,"
    " created_at, applied_month, applied_run";

std::vector<CreditRecord> SelectCredits(Session& s, const std::string& where,
                                        const std::vector<std::string>& params) {
  std::vector<std::string> id, provider, event, month, reason, text, line, by, at, applied, run;
  std::vector<Poco::Int64> amount;
  SelectRows(s,
             "SELECT " + std::string(kColumns) + " FROM organizer_credits" + where +
                 " ORDER BY month, provider, created_at, credit_id",
             params, id, provider, event, month, amount, reason, text, line, by, at, applied, run);
  std::vector<CreditRecord> out(id.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = {id[i],   provider[i], event[i], month[i], amount[i],  reason[i],
              text[i], line[i],     by[i],    at[i],    applied[i], run[i]};
  }
  return out;
}

// The same credit asked for again: what the caller says of it agrees.
bool SameCredit(const CreditRecord& a, const CreditRecord& b) {
  return a.provider == b.provider && a.event_id == b.event_id && a.month == b.month &&
         a.amount == b.amount && a.reason_code == b.reason_code && a.text == b.text;
}

}  // namespace

Result<CreditAdded> SqlStore::AddCredit(const CreditRecord& c, int64_t credited_before,
                                        const AuditEntry& audit) {
  return Run<CreditAdded>(true, [&](Session& s) {
    LockKey(s, dialect_, "credit:" + c.provider + ":" + c.event_id + ":" + c.month);
    LockKey(s, dialect_, "credit-id:" + c.credit_id);
    auto found = SelectCredits(s, " WHERE credit_id = " + Placeholder(dialect_, 1), {c.credit_id});
    if (!found.empty()) {
      if (SameCredit(found[0], c)) return CreditAdded{found[0], false};
      throw Refused{Error{"duplicate_conflict",
                          "hyvitys " + c.credit_id + " on jo annettu toisin / credit " +
                              c.credit_id + " was given before with other content",
                          c.credit_id}};
    }
    Poco::Int64 before = 0;
    s << "SELECT COALESCE(SUM(amount), 0) FROM organizer_credits WHERE provider = " +
             Placeholder(dialect_, 1) + " AND event_id = " + Placeholder(dialect_, 2) +
             " AND month = " + Placeholder(dialect_, 3),
        bind(c.provider), bind(c.event_id), bind(c.month), into(before), now;
    if (before != credited_before) {
      throw Refused{Error{"credit_conflict",
                          "tapahtumaa " + c.event_id + " hyvitettiin juuri / event " + c.event_id +
                              " was credited meanwhile: check the amount again",
                          c.event_id}};
    }
    CreditRecord r = c;
    r.created_by = audit.actor;
    r.created_at = UtcNow();
    r.applied_month.clear();
    r.applied_run.clear();
    Poco::Int64 amount = r.amount;
    s << "INSERT INTO organizer_credits (" + std::string(kColumns) + ") VALUES " +
             PlaceholderTuple(dialect_, 1, 12),
        bind(r.credit_id), bind(r.provider), bind(r.event_id), bind(r.month), bind(amount),
        bind(r.reason_code), bind(r.text), bind(r.line), bind(r.created_by), bind(r.created_at),
        bind(r.applied_month), bind(r.applied_run), now;
    InsertAudit(s, dialect_, audit, r.created_at);
    return CreditAdded{r, true};
  });
}

Result<std::vector<CreditRecord>> SqlStore::ListCredits(const CreditQuery& q) {
  return Run<std::vector<CreditRecord>>(false, [&](Session& s) {
    WhereClause where(dialect_);
    if (!q.month.empty()) where.Add("month = ", q.month);
    if (!q.provider.empty()) where.Add("provider = ", q.provider);
    if (!q.event_id.empty()) where.Add("event_id = ", q.event_id);
    if (!q.credit_id.empty()) where.Add("credit_id = ", q.credit_id);
    if (!q.applied_month.empty()) where.Add("applied_month = ", q.applied_month);
    if (q.unapplied_only) where.Add("applied_month = ", "");
    return SelectCredits(s, where.sql, where.params);
  });
}

// Marks `write`'s credits applied by its settlement; called inside
// CommitSettlement's transaction.
void ApplyCredits(Session& s, Dialect d, const SettlementWrite& write) {
  const SettlementRecord& r = write.settlement;
  if (write.applied_credits.empty()) return;
  LockKey(s, d, "credits-of:" + r.provider);
  for (const std::string& id : write.applied_credits) {
    if (!Exists(s,
                "SELECT COUNT(*) FROM organizer_credits WHERE credit_id = " + Placeholder(d, 1) +
                    " AND provider = " + Placeholder(d, 2) + " AND applied_month = ''",
                {id, r.provider})) {
      throw Refused{Error{"credit_conflict",
                          "credit " + id + " of " + r.provider +
                              " is applied already or unknown: run the month again",
                          id}};
    }
    s << "UPDATE organizer_credits SET applied_month = " + Placeholder(d, 1) +
             ", applied_run = " + Placeholder(d, 2) + " WHERE credit_id = " + Placeholder(d, 3),
        bind(r.month), bind(r.run_id), bind(id), now;
  }
}

}  // namespace seteli::store
