#include "store/line_insert.h"

#include <string>

#include "store/pg_connection.h"
#include "store/sqlite_statement.h"

namespace seteli::store {
namespace {

constexpr char kLineTable[] =
    "settlement_lines (provider, month, line_no, event_id, original_month, service, price,"
    " voucher, copay, body)";

void InsertSqlite(Poco::Data::Session& session, std::span<const SettlementLineRow> lines) {
  SqliteStatement insert(Poco::Data::SQLite::Utility::dbHandle(session),
                         (std::string("INSERT INTO ") + kLineTable +
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                             .c_str());
  for (const SettlementLineRow& l : lines) {
    insert.Bind(1, l.provider);
    insert.Bind(2, l.month);
    insert.Bind(3, static_cast<int64_t>(l.line_no));
    insert.Bind(4, l.event_id);
    insert.Bind(5, l.original_month);
    insert.Bind(6, l.service);
    insert.Bind(7, l.price);
    insert.Bind(8, l.voucher);
    insert.Bind(9, l.copay);
    insert.Bind(10, l.body);
    insert.Step();
    insert.Reset();
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
    for (const std::string* v : {&l.event_id, &l.original_month, &l.service}) {
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
