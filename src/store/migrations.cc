#include "store/migrations.h"

#include <Poco/Data/Statement.h>

#include <algorithm>

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

// The monthly run: settlements per provider and month with their lines,
// runs, the gap-free invoice series per provider, balance statements, and
// the outbox of messages for the operator. Money is in integer cents.
std::vector<std::string> SchemaV2(const std::string& serial_key) {
  return {
      "CREATE TABLE settlements (provider TEXT NOT NULL, month TEXT NOT NULL,"
      " state TEXT NOT NULL, reference TEXT NOT NULL UNIQUE, rulebook_version TEXT NOT NULL,"
      " price_total BIGINT NOT NULL, voucher_total BIGINT NOT NULL, copay_total BIGINT NOT NULL,"
      " line_count INTEGER NOT NULL, held_reason TEXT NOT NULL, run_id TEXT NOT NULL,"
      " invoice_number BIGINT, body TEXT NOT NULL, created_at TEXT NOT NULL,"
      " updated_at TEXT NOT NULL, PRIMARY KEY (provider, month))",
      "CREATE TABLE settlement_lines (provider TEXT NOT NULL, month TEXT NOT NULL,"
      " line_no INTEGER NOT NULL, event_id TEXT NOT NULL, original_month TEXT NOT NULL,"
      " service TEXT NOT NULL, price BIGINT NOT NULL, voucher BIGINT NOT NULL,"
      " copay BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (provider, month, line_no))",
      "CREATE INDEX settlement_lines_event ON settlement_lines (event_id)",
      "CREATE INDEX settlement_lines_original ON settlement_lines (provider, original_month)",
      "CREATE TABLE runs (run_id TEXT PRIMARY KEY, month TEXT NOT NULL, provider TEXT NOT NULL,"
      " state TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,"
      " providers_total INTEGER NOT NULL, providers_done INTEGER NOT NULL,"
      " settled INTEGER NOT NULL, held INTEGER NOT NULL, skipped INTEGER NOT NULL,"
      " message TEXT NOT NULL)",
      "CREATE INDEX runs_month ON runs (month)",
      "CREATE TABLE invoice_series (provider TEXT PRIMARY KEY, last_number BIGINT NOT NULL)",
      "CREATE TABLE balance_statements (decision_id TEXT NOT NULL, month TEXT NOT NULL,"
      " client TEXT NOT NULL, opening BIGINT NOT NULL, accrual BIGINT NOT NULL,"
      " used BIGINT NOT NULL, closing BIGINT NOT NULL, suspension_days INTEGER NOT NULL,"
      " PRIMARY KEY (decision_id, month))",
      "CREATE TABLE outbox (seq " + serial_key +
          ", message_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, provider TEXT NOT NULL,"
          " month TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL,"
          " attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, last_error TEXT NOT NULL,"
          " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX outbox_state ON outbox (state, next_attempt_at)",
      "CREATE TABLE absences (absence_id TEXT PRIMARY KEY, decision_id TEXT NOT NULL,"
      " from_date TEXT NOT NULL, to_date TEXT NOT NULL, updated_at TEXT NOT NULL)",
  };
}

// Provider invoices: each transmission as received (base64 of the exact
// bytes, so any encoding survives both back ends) with its SHA-256, and
// each invoice in it with its verdict, reasons and the notice sent back. An
// accepted invoice number is unique per seller.
std::vector<std::string> SchemaV3(const std::string& serial_key) {
  return {
      "CREATE TABLE invoice_transmissions (id " + serial_key +
          ", received_at TEXT NOT NULL, channel TEXT NOT NULL, sha256 TEXT NOT NULL,"
          " raw_base64 TEXT NOT NULL)",
      "CREATE INDEX invoice_transmissions_sha256 ON invoice_transmissions (sha256)",
      "CREATE TABLE invoices (id " + serial_key +
          ", transmission_id BIGINT NOT NULL, ordinal INTEGER NOT NULL, received_at TEXT NOT NULL,"
          " sha256 TEXT NOT NULL, seller TEXT NOT NULL, invoice_number TEXT NOT NULL,"
          " invoice_date TEXT NOT NULL, reference TEXT NOT NULL, has_total INTEGER NOT NULL,"
          " total_cents BIGINT NOT NULL, type TEXT NOT NULL, original_invoice_number TEXT NOT NULL,"
          " state TEXT NOT NULL, reasons TEXT NOT NULL, provider TEXT NOT NULL, month TEXT NOT NULL,"
          " credited_cents BIGINT NOT NULL, notice_kind TEXT NOT NULL, notice TEXT NOT NULL,"
          " notice_channel TEXT NOT NULL, notice_outcome TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX invoices_seller_month ON invoices (seller, month)",
      "CREATE INDEX invoices_provider_month ON invoices (provider, month)",
      "CREATE UNIQUE INDEX invoices_accepted_number ON invoices (seller, invoice_number)"
      " WHERE state = 'accepted'",
  };
}

// The exchange with the operator: claims on outbox rows (a lease, so a
// sender that dies frees its messages) and when a message was sent; and
// each message received from the operator under its frame's MessageId,
// stored raw (base64 of the exact bytes: Finvoice is often ISO-8859-15,
// which a PostgreSQL text column would refuse) before it is acknowledged.
std::vector<std::string> SchemaV4(const std::string& serial_key) {
  return {
      "ALTER TABLE outbox ADD COLUMN claimed_until TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE outbox ADD COLUMN sent_at TEXT NOT NULL DEFAULT ''",
      "CREATE TABLE inbound_messages (seq " + serial_key +
          ", message_id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, received_at TEXT NOT NULL,"
          " raw_base64 TEXT NOT NULL, sha256 TEXT NOT NULL, state TEXT NOT NULL,"
          " updated_at TEXT NOT NULL)",
      "CREATE INDEX inbound_messages_state ON inbound_messages (state, seq)",
  };
}

// Claims on inbound messages, as the outbox has: the daemon handing a
// message on holds it (claimed_by, a lease renewed while it lives), so two
// daemons on one store never judge one message at once and a dead one's
// messages come free; and a failed hand-on waits next_attempt_at (backoff)
// with its attempts and last error before the next try.
std::vector<std::string> SchemaV5() {
  return {
      "ALTER TABLE inbound_messages ADD COLUMN claimed_by TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE inbound_messages ADD COLUMN claimed_until TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE inbound_messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
      "ALTER TABLE inbound_messages ADD COLUMN next_attempt_at TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE inbound_messages ADD COLUMN last_error TEXT NOT NULL DEFAULT ''",
  };
}

// What the monthly run knows of each decision after its latest run: the
// month, a digest of everything that settled it (docs/monthly-run.md),
// empty while a run is under way or when the next run must not trust it,
// and the providers its client's months up to then have lines for.
std::vector<std::string> SchemaV6() {
  return {
      "CREATE TABLE run_checkpoints (decision_id TEXT PRIMARY KEY, month TEXT NOT NULL,"
      " digest TEXT NOT NULL, providers TEXT NOT NULL)",
  };
}

// The monthly run plans its groups from every decision's event months
// (SELECT decision_id, month_from, month_to, COUNT(*) ... GROUP BY) and
// reads events by decision and month: with the months in the decision
// index both are answered from the index, not by a table row per event
// (6.7 s to 0.3 s for 1,000,000 events on SQLite).
std::vector<std::string> SchemaV7() {
  return {
      "DROP INDEX events_decision",
      "CREATE INDEX events_decision ON events (decision_id, month_from, month_to)",
  };
}

// Every event kept up four indexes besides its row, and the one writer of
// SQLite spends its time on them. Nothing needs the month-only index: the
// monthly run reads by decision (schema 7), providers by provider and month,
// and finance's month-wide listing pages by sequence number, which walks
// the table in order and stops at its page size.
std::vector<std::string> SchemaV8() { return {"DROP INDEX events_month"}; }

// The claim's generation: each claim of an inbound message counts one up,
// and what its holder writes (transmission, verdicts, processed) checks in
// the same transaction that it still holds that generation. A daemon that
// stalled past its lease while another claimed the message is refused
// (claim_lost) instead of judging the message a second time.
std::vector<std::string> SchemaV9() {
  return {
      "ALTER TABLE inbound_messages ADD COLUMN claim_generation BIGINT NOT NULL DEFAULT 0",
  };
}

// The monthly run writes a month's lines in its providers' order of
// clients, one transaction each; the index by event ID took them at random
// and was most of the write. The run looks lines up by decision, which
// comes in that order, so lines carry their event's decision and that is
// indexed instead (filled from the events for lines written before).
// Correction events are found through a partial index instead of a scan
// of every body: the same condition as the plan's query, evaluated once at
// ingest. `find` is the dialect's substring function.
std::vector<std::string> SchemaV10(const std::string& fill, const std::string& find) {
  return {
      "ALTER TABLE settlement_lines ADD COLUMN decision_id TEXT NOT NULL DEFAULT ''",
      fill,
      "DROP INDEX settlement_lines_event",
      "CREATE INDEX settlement_lines_decision ON settlement_lines (decision_id)",
      "CREATE INDEX events_corrections ON events (month_from) WHERE " + find +
          "(body, '\"replaces\"') > 0 OR " + find + "(body, '\"voids\"') > 0",
  };
}

// A checkpoint per decision and month, not only the latest: a late event
// of an earlier month then sends its client's group back to the month
// before it, not to its first month. The month index serves the pruning.
std::vector<std::string> SchemaV11() {
  return {
      "CREATE TABLE run_checkpoints_by_month (decision_id TEXT NOT NULL, month TEXT NOT NULL,"
      " digest TEXT NOT NULL, providers TEXT NOT NULL, PRIMARY KEY (decision_id, month))",
      "INSERT INTO run_checkpoints_by_month (decision_id, month, digest, providers)"
      " SELECT decision_id, month, digest, providers FROM run_checkpoints",
      "DROP TABLE run_checkpoints",
      "ALTER TABLE run_checkpoints_by_month RENAME TO run_checkpoints",
      "CREATE INDEX run_checkpoints_month ON run_checkpoints (month)",
  };
}

// A balance decision's checkpoint keeps its closing balance: a month that
// a later run settles again (an event recorded late) may close with
// another balance than its statement, which stays as the client got it.
// Until now a checkpoint's month closed as its statement.
std::vector<std::string> SchemaV12() {
  const std::string statement =
      " FROM balance_statements b WHERE b.decision_id = run_checkpoints.decision_id"
      " AND b.month = run_checkpoints.month";
  return {
      "ALTER TABLE run_checkpoints ADD COLUMN has_closing INTEGER NOT NULL DEFAULT 0",
      "ALTER TABLE run_checkpoints ADD COLUMN closing BIGINT NOT NULL DEFAULT 0",
      "UPDATE run_checkpoints SET has_closing = 1, closing = (SELECT b.closing" + statement +
          ") WHERE EXISTS (SELECT 1" + statement + ")",
  };
}

// The review queue: events whose lines carry a flag the rulebook sends for
// review, and finance's decision on each (docs/monthly-run.md). The run
// reads the undecided ones of the months it settles.
std::vector<std::string> SchemaV13() {
  return {
      "CREATE TABLE event_reviews (event_id TEXT PRIMARY KEY, provider TEXT NOT NULL,"
      " decision_id TEXT NOT NULL, month TEXT NOT NULL, flags TEXT NOT NULL,"
      " state TEXT NOT NULL, run_id TEXT NOT NULL, queued_at TEXT NOT NULL,"
      " reason_code TEXT NOT NULL, text TEXT NOT NULL, decided_by TEXT NOT NULL,"
      " decided_at TEXT NOT NULL)",
      "CREATE INDEX event_reviews_month ON event_reviews (month, state)",
  };
}

// A running run holds a lease its owner renews; one whose lease ran out
// (the process was killed) is stored interrupted. A run left running by
// an older binary has no lease ('') and reads interrupted at once.
std::vector<std::string> SchemaV14() {
  return {"ALTER TABLE runs ADD COLUMN lease_until TEXT NOT NULL DEFAULT ''"};
}

std::vector<std::string> SchemaV15() {
  return {"ALTER TABLE invoices ADD COLUMN due_date TEXT NOT NULL DEFAULT ''"};
}

// Provider keys (store/key_store.h): only the SHA-256 of a key is kept. A
// name means one key of its provider for good, so logs that name keys stay
// unambiguous.
std::vector<std::string> SchemaV16() {
  return {
      "CREATE TABLE provider_keys (key_id TEXT PRIMARY KEY, business_id TEXT NOT NULL,"
      " name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,"
      " expires_at TEXT NOT NULL, revoked_at TEXT NOT NULL, last_used_at TEXT NOT NULL,"
      " UNIQUE (business_id, name))",
  };
}

// Organizer credits: finance's credit of a settled event, the line the
// run commits for it, and the settlement month and run that applied it
// ('' until then). The run reads the unapplied ones of its providers.
std::vector<std::string> SchemaV17() {
  return {
      "CREATE TABLE organizer_credits (credit_id TEXT PRIMARY KEY, provider TEXT NOT NULL,"
      " event_id TEXT NOT NULL, month TEXT NOT NULL, amount BIGINT NOT NULL,"
      " reason_code TEXT NOT NULL, text TEXT NOT NULL, line TEXT NOT NULL,"
      " created_by TEXT NOT NULL, created_at TEXT NOT NULL, applied_month TEXT NOT NULL,"
      " applied_run TEXT NOT NULL)",
      "CREATE INDEX organizer_credits_event ON organizer_credits (provider, event_id, month)",
      "CREATE INDEX organizer_credits_month ON organizer_credits (month)",
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
      {2, "settlements, lines, runs, invoice series, balance statements, outbox, absences",
       SchemaV2("INTEGER PRIMARY KEY AUTOINCREMENT"), SchemaV2("BIGSERIAL PRIMARY KEY")},
      {3, "provider invoices: transmissions as received, invoices with verdicts and notices",
       SchemaV3("INTEGER PRIMARY KEY AUTOINCREMENT"), SchemaV3("BIGSERIAL PRIMARY KEY")},
      {4, "operator exchange: outbox claims, inbound messages",
       SchemaV4("INTEGER PRIMARY KEY AUTOINCREMENT"), SchemaV4("BIGSERIAL PRIMARY KEY")},
      {5, "inbound message claims and retries", SchemaV5(), SchemaV5()},
      {6, "run checkpoints: what settled each decision's months up to its latest run", SchemaV6(),
       SchemaV6()},
      {7, "event months in the decision index", SchemaV7(), SchemaV7()},
      {8, "no month-only event index", SchemaV8(), SchemaV8()},
      {9, "inbound claim generations (the fence on a stalled daemon)", SchemaV9(), SchemaV9()},
      {10, "settlement lines by decision, not event; an index of correction events",
       SchemaV10("UPDATE settlement_lines SET decision_id = COALESCE((SELECT e.decision_id FROM"
                 " events e WHERE e.event_id = settlement_lines.event_id), '')",
                 "instr"),
       SchemaV10("UPDATE settlement_lines l SET decision_id = e.decision_id FROM events e"
                 " WHERE e.event_id = l.event_id",
                 "strpos")},
      {11, "run checkpoints per decision and month", SchemaV11(), SchemaV11()},
      {12, "closing balances in the run checkpoints", SchemaV12(), SchemaV12()},
      {13, "the review queue", SchemaV13(), SchemaV13()},
      {14, "run leases: a run whose owner stopped renewing reads interrupted", SchemaV14(),
       SchemaV14()},
      {15, "received invoices' due dates", SchemaV15(), SchemaV15()},
      {16, "provider keys", SchemaV16(), SchemaV16()},
      {17, "organizer credits", SchemaV17(), SchemaV17()},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

int RecordedSchemaVersion(Poco::Data::Session& session, Dialect dialect) {
  Poco::Int64 tables = 0;
  if (dialect == Dialect::kSqlite) {
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
               " AND name = 'schema_migrations'",
        into(tables), now;
  } else {
    session
        << "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
           " AND table_schema = current_schema()",
        into(tables), now;
  }
  return tables == 0 ? 0 : CurrentVersion(session);
}

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
  // Each migration not recorded yet runs, not only those above the highest:
  // migrations 3 and 4 were written side by side, and a store that got 4
  // first still needs 3.
  std::vector<int> applied;
  session << "SELECT version FROM schema_migrations", into(applied), now;
  for (const Migration& m : Migrations()) {
    if (std::find(applied.begin(), applied.end(), m.version) != applied.end()) continue;
    for (const std::string& sql : dialect == Dialect::kSqlite ? m.sqlite : m.postgres) {
      session << sql, now;
    }
    Record(session, dialect, m);
  }
  tx.Commit();
  return found;
}

}  // namespace seteli::store
