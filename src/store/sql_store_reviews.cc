// The review queue on SQL (review_records.h).
#include <algorithm>

#include "store/sql_support.h"

namespace seteli::store {
namespace {

using Poco::Data::Session;

constexpr char kColumns[] =
    "event_id, provider, decision_id, month, flags, state, run_id, queued_at, reason_code, text,"
    " decided_by, decided_at";

std::vector<ReviewRecord> SelectReviews(Session& s, const std::string& where,
                                        const std::vector<std::string>& params) {
  std::vector<std::string> c[12];
  SelectRows(s,
             "SELECT " + std::string(kColumns) + " FROM event_reviews" + where +
                 " ORDER BY month, event_id",
             params, c);
  std::vector<ReviewRecord> out(c[0].size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = {c[0][i], c[1][i], c[2][i], c[3][i], c[4][i],  c[5][i],
              c[6][i], c[7][i], c[8][i], c[9][i], c[10][i], c[11][i]};
  }
  return out;
}

}  // namespace

Result<int> SqlStore::QueueReviews(const std::vector<ReviewRecord>& reviews,
                                   const AuditEntry& audit) {
  return Run<int>(true, [&](Session& s) {
    std::string at = UtcNow();
    int added = 0;
    const std::string sql = "INSERT INTO event_reviews (" + std::string(kColumns) + ") VALUES " +
                            PlaceholderTuple(dialect_, 1, 12) +
                            " ON CONFLICT (event_id) DO NOTHING";
    const std::string queued =
        "SELECT COUNT(*) FROM event_reviews WHERE event_id = " + Placeholder(dialect_, 1);
    for (const ReviewRecord& r : reviews) {
      if (Exists(s, queued, {r.event_id})) continue;
      ++added;
      s << sql, bind(r.event_id), bind(r.provider), bind(r.decision_id), bind(r.month),
          bind(r.flags), bind(std::string(kReviewPending)), bind(r.run_id), bind(at),
          bind(std::string()), bind(std::string()), bind(std::string()), bind(std::string()), now;
    }
    if (added > 0) InsertAudit(s, dialect_, audit, at);
    return added;
  });
}

Result<std::vector<ReviewRecord>> SqlStore::ListReviews(const ReviewQuery& q) {
  return Run<std::vector<ReviewRecord>>(false, [&](Session& s) {
    WhereClause where(dialect_);
    if (!q.through_month.empty()) where.Add("month <= ", q.through_month);
    if (!q.state.empty()) where.Add("state = ", q.state);
    if (!q.provider.empty()) where.Add("provider = ", q.provider);
    if (q.event_ids.empty()) return SelectReviews(s, where.sql, where.params);
    // A page of events at a time keeps the statement's parameters few.
    std::vector<ReviewRecord> out;
    const std::string base = where.sql.empty() ? " WHERE " : where.sql + " AND ";
    for (size_t from = 0; from < q.event_ids.size(); from += 500) {
      std::vector<std::string> page = where.params;
      std::string in;
      for (size_t i = from; i < std::min(q.event_ids.size(), from + 500); ++i) {
        page.push_back(q.event_ids[i]);
        in += (in.empty() ? "" : ", ") + Placeholder(dialect_, static_cast<int>(page.size()));
      }
      auto part = SelectReviews(s, base + "event_id IN (" + in + ")", page);
      out.insert(out.end(), part.begin(), part.end());
    }
    return out;
  });
}

Result<int64_t> SqlStore::CountReviews(const ReviewQuery& q) {
  if (!q.event_ids.empty()) {
    return Error{"internal", "CountReviews counts by month, state and provider only"};
  }
  return Run<int64_t>(false, [&](Session& s) {
    WhereClause where(dialect_);
    if (!q.through_month.empty()) where.Add("month <= ", q.through_month);
    if (!q.state.empty()) where.Add("state = ", q.state);
    if (!q.provider.empty()) where.Add("provider = ", q.provider);
    Poco::Int64 n = 0;
    Poco::Data::Statement st(s);
    st << "SELECT COUNT(*) FROM event_reviews" + where.sql;
    for (const std::string& p : where.params) st, bind(p);
    st, into(n);
    st.execute();
    return static_cast<int64_t>(n);
  });
}

Result<ReviewRecord> SqlStore::DecideReview(const std::string& event_id, const std::string& state,
                                            const std::string& reason_code, const std::string& text,
                                            const AuditEntry& audit) {
  return Run<ReviewRecord>(true, [&](Session& s) {
    LockKey(s, dialect_, "review:" + event_id);
    auto found = SelectReviews(s, " WHERE event_id = " + Placeholder(dialect_, 1), {event_id});
    if (found.empty()) {
      throw Refused{
          Error{"not_found", "event " + event_id + " is not in the review queue", event_id}};
    }
    ReviewRecord r = found[0];
    if (r.state != kReviewPending) {
      throw Refused{Error{"failed_precondition",
                          "event " + event_id + " was " + r.state + " already", event_id}};
    }
    r.state = state;
    r.reason_code = reason_code;
    r.text = text;
    r.decided_by = audit.actor;
    r.decided_at = UtcNow();
    s << "UPDATE event_reviews SET state = " + Placeholder(dialect_, 1) +
             ", reason_code = " + Placeholder(dialect_, 2) +
             ", text = " + Placeholder(dialect_, 3) + ", decided_by = " + Placeholder(dialect_, 4) +
             ", decided_at = " + Placeholder(dialect_, 5) +
             " WHERE event_id = " + Placeholder(dialect_, 6) +
             " AND state = " + Placeholder(dialect_, 7),
        bind(r.state), bind(r.reason_code), bind(r.text), bind(r.decided_by), bind(r.decided_at),
        bind(event_id), bind(std::string(kReviewPending)), now;
    InsertAudit(s, dialect_, audit, r.decided_at);
    return r;
  });
}

}  // namespace seteli::store
