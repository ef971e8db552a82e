#include "store/migrations.h"

#include <Poco/Data/Statement.h>

#include "store/transaction.h"

namespace seteli::store {
namespace {

using namespace Poco::Data::Keywords;

// Tables common to both back ends except for the auto-increment key.
std::vector<std::string> SchemaV1(const std::string& serial_key) {
  return {
      "CREATE TABLE rulebooks (id " + serial_key +
          ", version TEXT NOT NULL, year INTEGER NOT NULL, body TEXT NOT NULL,"
          " loaded_at TEXT NOT NULL)",
      "CREATE TABLE providers (business_id TEXT PRIMARY KEY, body TEXT NOT NULL,"
      " updated_at TEXT NOT NULL)",
      "CREATE TABLE decisions (decision_id TEXT PRIMARY KEY, body TEXT NOT NULL,"
      " updated_at TEXT NOT NULL)",
      "CREATE TABLE events (seq " + serial_key +
          ", event_id TEXT NOT NULL UNIQUE, provider TEXT NOT NULL,"
          " decision_id TEXT NOT NULL, service TEXT NOT NULL, month_from TEXT NOT NULL,"
          " month_to TEXT NOT NULL, service_at TEXT NOT NULL, recorded_at TEXT NOT NULL,"
          " fingerprint TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL)",
      "CREATE INDEX events_provider_month ON events (provider, month_from, month_to)",
      "CREATE INDEX events_month ON events (month_from, month_to)",
      "CREATE INDEX events_decision ON events (decision_id)",
      "CREATE TABLE audit_log (seq " + serial_key +
          ", at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
          " subject TEXT NOT NULL, detail TEXT NOT NULL)",
  };
}

int CurrentVersion(Poco::Data::Session& session) {
  int version = 0;
  session << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(version), now;
  return version;
}

void Record(Poco::Data::Session& session, Dialect dialect, const Migration& m) {
  int version = m.version;
  std::string name = m.name;
  session << "INSERT INTO schema_migrations (version, name) VALUES " +
                 PlaceholderTuple(dialect, 1, 2),
      use(version), use(name), now;
}

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "rulebooks, providers, decisions, events, audit log",
       SchemaV1("INTEGER PRIMARY KEY AUTOINCREMENT"), SchemaV1("BIGSERIAL PRIMARY KEY")},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

Result<int> Migrate(Poco::Data::Session& session, Dialect dialect) {
  session << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
             " name TEXT NOT NULL)",
      now;
  WriteTransaction tx(session, dialect);
  // Several daemons may start at once on one PostgreSQL: one migrates, the
  // others wait here and then find nothing left to do.
  if (dialect == Dialect::kPostgres) session << "LOCK TABLE schema_migrations", now;
  int found = CurrentVersion(session);
  if (found > LatestSchemaVersion()) {
    return Error{"schema_too_new",
                 "the store's schema is at version " + std::to_string(found) +
                     ", newer than this binary's " + std::to_string(LatestSchemaVersion()) +
                     "; run a newer seteli",
                 ""};
  }
  for (const Migration& m : Migrations()) {
    if (m.version <= found) continue;
    for (const std::string& sql : dialect == Dialect::kSqlite ? m.sqlite : m.postgres) {
      session << sql, now;
    }
    Record(session, dialect, m);
  }
  tx.Commit();
  return found;
}

}  // namespace seteli::store
