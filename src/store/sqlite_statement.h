// One sqlite3 prepared statement on a Poco::Data session's own connection,
// for the bulk writes where Poco::Data's per-value copies cost more than
// SQLite's work: values are bound in place and the statement is prepared
// once and stepped many times. Failures throw the Poco exception
// Poco::Data would have thrown, so SqlStore::Run treats them alike.
#ifndef SETELI_STORE_SQLITE_STATEMENT_H_
#define SETELI_STORE_SQLITE_STATEMENT_H_

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace seteli::store {

// " VALUES (?, ...), ..." for `rows` rows of `columns` placeholders each:
// a statement that inserts many rows keeps SQLite's cursors open from row
// to row (line_insert.cc, sqlite_event_append.cc).
inline std::string ValuesPlaceholders(int columns, size_t rows) {
  std::string row = "(?";
  for (int i = 1; i < columns; ++i) row += ", ?";
  row += ")";
  std::string sql = " VALUES " + row;
  for (size_t i = 1; i < rows; ++i) sql += ", " + row;
  return sql;
}

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const char* sql) : db_(db) {
    Check(sqlite3_prepare_v2(db, sql, -1, &st_, nullptr));
  }
  ~SqliteStatement() { sqlite3_finalize(st_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // The text must stay unchanged until the statement is reset.
  void Bind(int n, const std::string& text) {
    Check(sqlite3_bind_text(st_, n, text.data(), static_cast<int>(text.size()), SQLITE_STATIC));
  }
  void Bind(int n, int64_t value) { Check(sqlite3_bind_int64(st_, n, value)); }
  // True while a row is there, false when done.
  bool Step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Check(rc);
    return false;
  }
  int64_t Int(int column) { return sqlite3_column_int64(st_, column); }
  std::string_view Text(int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st_, column));
    return std::string_view(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(st_, column)));
  }
  void Reset() { sqlite3_reset(st_); }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Poco::Data::SQLite::Utility::throwException(db_, rc);
  }

  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_SQLITE_STATEMENT_H_
