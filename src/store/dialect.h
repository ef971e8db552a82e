// The SQL differences between the two back ends, in one place. Everything
// else the store says is the same SQL for SQLite and PostgreSQL.
#ifndef SETELI_STORE_DIALECT_H_
#define SETELI_STORE_DIALECT_H_

#include <string>
#include <vector>

namespace seteli::store {

enum class Dialect { kSqlite, kPostgres };

inline const char* DialectName(Dialect d) {
  return d == Dialect::kSqlite ? "sqlite" : "postgresql";
}

// The n-th (1-based) bind placeholder: "?" for SQLite, "$n" for PostgreSQL.
inline std::string Placeholder(Dialect d, int n) {
  return d == Dialect::kSqlite ? std::string("?") : "$" + std::to_string(n);
}

// "(p1, p2, ..., pk)" for k placeholders numbered from `first`.
inline std::string PlaceholderTuple(Dialect d, int first, int count) {
  std::string s = "(";
  for (int i = 0; i < count; ++i) {
    if (i) s += ", ";
    s += Placeholder(d, first + i);
  }
  return s + ")";
}

// A WHERE clause of conditions joined by AND, each with one bound value:
//
//   WhereClause w(dialect);
//   if (!q.month.empty()) w.Add("month = ", q.month);  // " WHERE month = ?"
//   Select(session, w.sql, w.params);
struct WhereClause {
  explicit WhereClause(Dialect d) : dialect(d) {}
  // `condition` ends where the value's placeholder goes.
  void Add(const std::string& condition, const std::string& value) {
    params.push_back(value);
    sql += (sql.empty() ? " WHERE " : " AND ") + condition +
           Placeholder(dialect, static_cast<int>(params.size()));
  }

  Dialect dialect;
  std::string sql;  // "" without conditions
  std::vector<std::string> params;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_DIALECT_H_
