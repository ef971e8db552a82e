#include "store/line_insert.h"

#include <string>

#include "store/pg_connection.h"
#include "store/sqlite_statement.h"

namespace seteli::store {
namespace {

constexpr char kLineTable[] =
    "settlement_lines (provider, month, line_no, event_id, decision_id, original_month, service,"
    " price, voucher, copay, body)";

constexpr int kLineColumnCount = 11;

// Rows a SQLite statement inserts at once. Within one statement SQLite
// keeps its cursors open from row to row, and a key that goes after the
// last one of an index is put there without a search from the root; the
// lines come in the order of all three of their indexes (provider, month
// and line; decision; prior-period month), so most rows skip those
// searches, which took most of the insert one row a statement.
constexpr size_t kRowsPerStatement = 64;

std::string InsertSql(size_t rows) {
  return std::string("INSERT INTO ") + kLineTable + ValuesPlaceholders(kLineColumnCount, rows);
}

void BindLine(SqliteStatement& insert, int first, const SettlementLineRow& l) {
  insert.Bind(first, l.provider);
  insert.Bind(first + 1, l.month);
  insert.Bind(first + 2, static_cast<int64_t>(l.line_no));
  insert.Bind(first + 3, l.event_id);
  insert.Bind(first + 4, l.decision_id);
  insert.Bind(first + 5, l.original_month);
  insert.Bind(first + 6, l.service);
  insert.Bind(first + 7, l.price);
  insert.Bind(first + 8, l.voucher);
  insert.Bind(first + 9, l.copay);
  insert.Bind(first + 10, l.body);
}

// Full statements of kRowsPerStatement rows, each prepared once, then one
// row a statement for the rest.
void InsertSqlite(Poco::Data::Session& session, std::span<const SettlementLineRow> lines) {
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  size_t at = 0;
  if (lines.size() >= kRowsPerStatement) {
    SqliteStatement many(db, InsertSql(kRowsPerStatement).c_str());
    for (; lines.size() - at >= kRowsPerStatement; at += kRowsPerStatement) {
      for (size_t i = 0; i < kRowsPerStatement; ++i) {
        BindLine(many, static_cast<int>(i) * kLineColumnCount + 1, lines[at + i]);
      }
      many.Step();
      many.Reset();
    }
  }
  if (at == lines.size()) return;
  SqliteStatement one(db, InsertSql(1).c_str());
  for (; at < lines.size(); ++at) {
    BindLine(one, 1, lines[at]);
    one.Step();
    one.Reset();
  }
}

void CopyPostgres(Poco::Data::Session& session, std::span<const SettlementLineRow> lines) {
  std::string text;
  text.reserve(lines.size() * 512);
  for (const SettlementLineRow& l : lines) {
    for (const std::string* v : {&l.provider, &l.month}) {
      AppendCopyField(text, *v);
      text += '\t';
    }
    text += std::to_string(l.line_no);
    for (const std::string* v : {&l.event_id, &l.decision_id, &l.original_month, &l.service}) {
      text += '\t';
      AppendCopyField(text, *v);
    }
    for (int64_t v : {l.price, l.voucher, l.copay}) {
      text += '\t';
      text += std::to_string(v);
    }
    text += '\t';
    AppendCopyField(text, l.body);
    text += '\n';
  }
  PgCopyIn(PgHandle(session), kLineTable, text);
}

}  // namespace

void InsertLineRows(Poco::Data::Session& session, Dialect dialect,
                    std::span<const SettlementLineRow> lines) {
  if (lines.empty()) return;
  if (dialect == Dialect::kSqlite) {
    InsertSqlite(session, lines);
  } else {
    CopyPostgres(session, lines);
  }
}

}  // namespace seteli::store
