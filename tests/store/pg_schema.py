"""A fresh schema on the test run's PostgreSQL (tests/store/pg_fixture.sh)
for the python tests, as pg_test_db.h is for the C++ ones.

    schema = pg_schema.fresh("two_runs")  # None without a test server: skip (exit 77)
    config = f"store: {schema.url}"        # the schema is the URL's search_path
    schema.query("SELECT COUNT(*) FROM outbox")  # -> ["42"]
    gate = schema.gate("outbox", "NEW.state = 'sent'")  # such writes wait ...
    gate.open()                                          # ... until here
"""
import os
import subprocess


def psql():
    for d in sorted(os.listdir("/usr/lib/postgresql"), reverse=True):
        p = f"/usr/lib/postgresql/{d}/bin/psql"
        if os.path.exists(p):
            return p
    return "psql"


class Schema:
    def __init__(self, base, name):
        self.base, self.name = base, name
        subprocess.run([psql(), "-q", base, "-c", f"CREATE SCHEMA {name}"], check=True)
        self.url = f"{base}?options=-csearch_path%3D{name}"

    def query(self, sql):
        """Runs `sql` (one or more statements, stopping at the first error);
        the output's whitespace-separated fields."""
        return subprocess.run([psql(), "-qAt", self.url, "-v", "ON_ERROR_STOP=1"], input=sql, check=True,
                              capture_output=True, text=True).stdout.split()

    def gate(self, table, when="TRUE"):
        """Holds every insert into and update of `table` whose new row meets
        `when` until the returned Gate is opened. Tests use it to make two
        daemons overlap for sure instead of by timing."""
        return Gate(self, table, when)

    def drop(self):
        subprocess.run([psql(), "-q", self.base, "-c", f"DROP SCHEMA {self.name} CASCADE"], check=False,
                       capture_output=True)


class Gate:
    """A trigger that waits on an advisory lock, held by a psql session of
    the test's own until open()."""

    def __init__(self, schema, table, when):
        self.schema, self.table, self.dropped = schema, table, False
        key = f"hashtext('{schema.name}.{table}')"
        schema.query(f"CREATE FUNCTION gate_{table}() RETURNS trigger AS $$ BEGIN"
                     f" PERFORM pg_advisory_lock_shared({key}); PERFORM pg_advisory_unlock_shared({key});"
                     f" RETURN NEW; END $$ LANGUAGE plpgsql;"
                     f" CREATE TRIGGER gate BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW"
                     f" WHEN ({when}) EXECUTE FUNCTION gate_{table}();")
        self.holder = subprocess.Popen([psql(), "-qAt", schema.url], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)
        self.holder.stdin.write(f"SELECT pg_advisory_lock({key});\n\\echo closed\n")
        self.holder.stdin.flush()
        while self.holder.stdout.readline().strip() != "closed":
            assert self.holder.poll() is None, "the psql holding the gate ended"

    def release(self):
        """Lets the held writes (and every later one) through, keeping the
        trigger: dropping it waits for every open transaction that wrote
        the table, which a test may be holding open on purpose."""
        if self.holder.poll() is None:
            self.holder.stdin.close()
            self.holder.wait(timeout=30)

    def open(self):
        """Lets the held writes through (the holding session ends, its lock
        with it) and drops the trigger. Safe to call twice."""
        self.release()
        if not self.dropped:
            self.schema.query(f"DROP TRIGGER IF EXISTS gate ON {self.table};")
            self.dropped = True


def fresh(prefix):
    """A new schema named after `prefix` and this process, or None when the
    test run started no PostgreSQL (SETELI_TEST_PG_URL_FILE unset)."""
    url_file = os.environ.get("SETELI_TEST_PG_URL_FILE")
    if not url_file or not os.path.exists(url_file):
        return None
    with open(url_file) as f:
        return Schema(f.read().strip(), f"{prefix}_{os.getpid()}")
