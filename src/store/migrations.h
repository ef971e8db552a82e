// The schema, as an ordered list of versioned migrations. The store runs the
// missing ones at start, in one transaction, and refuses to open a schema
// newer than the newest migration it knows (an older binary against a newer
// database). Later features (settlements, runs, invoices, the outbox) come
// as further migrations appended to the list; a migration is never edited
// once released.
#ifndef SETELI_STORE_MIGRATIONS_H_
#define SETELI_STORE_MIGRATIONS_H_

#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "seteli/status.h"
#include "store/dialect.h"

namespace seteli::store {

struct Migration {
  int version;
  const char* name;
  std::vector<std::string> sqlite;
  std::vector<std::string> postgres;
};

// All migrations, ascending by version.
const std::vector<Migration>& Migrations();
int LatestSchemaVersion();

// Brings the schema on `session` up to LatestSchemaVersion(). Returns the
// version found before migrating. Errors: schema_too_new. Poco exceptions
// (connection, I/O) propagate to the caller.
Result<int> Migrate(Poco::Data::Session& session, Dialect dialect);

// The schema version recorded on `session`, changing nothing: 0 before the
// first migration (no schema_migrations table yet). For `seteli migrate
// --check`, which must not migrate what it inspects.
int RecordedSchemaVersion(Poco::Data::Session& session, Dialect dialect);

}  // namespace seteli::store

#endif  // SETELI_STORE_MIGRATIONS_H_
