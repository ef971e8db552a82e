// The store: where the daemon keeps rulebooks, providers, decisions, events
// and the audit log, behind one interface with two back ends (SQLite, the
// embedded default, and PostgreSQL, which several daemons may share).
//
//   Result<std::unique_ptr<Store>> s = OpenStore("sqlite:/var/lib/seteli/seteli.db");
//   Result<std::vector<Verdict>> v = s.value()->AppendEvents(rows, audit);
//
// Every write is one transaction that also records its audit entry; when a
// call returns success the write is durable (committed and synced). On
// failure nothing of the call is left behind. Implementations are
// thread-safe: a store may be shared by all request threads.
//
// The methods come in roles, one header each, so that a caller that needs
// one role takes only that (a sender takes an OutboxStore&) and a test can
// wrap or fake one: EventStore, RegistryStore, AuditLog, SettlementStore,
// RunStore, ReviewStore, CreditStore, OutboxStore, InboxStore, InvoiceStore,
// KeyStore.
#ifndef SETELI_STORE_STORE_H_
#define SETELI_STORE_STORE_H_

#include <memory>
#include <optional>
#include <string>

#include "seteli/clock.h"
#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/credit_store.h"
#include "store/event_store.h"
#include "store/inbox_store.h"
#include "store/invoice_store.h"
#include "store/key_store.h"
#include "store/outbox_store.h"
#include "store/registry_store.h"
#include "store/review_store.h"
#include "store/run_store.h"
#include "store/settlement_store.h"

namespace seteli::store {

// The whole store: every role, and what belongs to the database itself.
class Store : public EventStore,
              public RegistryStore,
              public AuditLog,
              public SettlementStore,
              public RunStore,
              public ReviewStore,
              public CreditStore,
              public OutboxStore,
              public InboxStore,
              public InvoiceStore,
              public KeyStore {
 public:
  ~Store() override = default;

  // "sqlite" or "postgresql".
  virtual std::string backend() const = 0;
  // The migration level of the schema.
  virtual Result<int> SchemaVersion() = 0;
  // The version the schema had before this process opened (and migrated)
  // it: below SchemaVersion() when opening ran migrations.
  virtual int SchemaVersionAtOpen() const = 0;
  // The clock the store reads the time from: its timestamps, due times and
  // leases. Whoever compares a stored time with now uses this one.
  virtual const Clock& clock() const = 0;
  // Succeeds when the back end answers a trivial query.
  virtual Result<Done> Ping() = 0;
};

// Opens (creating on first start) and migrates the store at `url`:
// "sqlite:PATH" or a libpq URI "postgresql://user@host:port/db[?...]".
// The store reads the time from `clock` (Store::clock), which outlives it.
// Errors: bad_store_url, store_unavailable, schema_too_new.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url,
                                         const Clock& clock = SystemClock::Instance());

// "migrated store schema N to M" when opening `store` ran migrations, for
// the log (the daemon's) or stderr (the CLI's).
std::optional<std::string> MigratedLine(const Store& store);

// The schema version of the store at `url`, migrating and creating nothing:
// 0 for a store never opened (a SQLite file not there yet). Errors:
// bad_store_url, store_unavailable.
Result<int> PeekSchemaVersion(const std::string& url);

}  // namespace seteli::store

#endif  // SETELI_STORE_STORE_H_
