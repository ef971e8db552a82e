"""A fresh schema on the test run's PostgreSQL (tests/store/pg_fixture.sh)
for the python tests, as pg_test_db.h is for the C++ ones.

    schema = pg_schema.fresh("two_runs")  # None without a test server: skip (exit 77)
    config = f"store: {schema.url}"        # the schema is the URL's search_path
    schema.query("SELECT COUNT(*) FROM outbox")  # -> ["42"]
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

    def drop(self):
        subprocess.run([psql(), "-q", self.base, "-c", f"DROP SCHEMA {self.name} CASCADE"], check=False,
                       capture_output=True)


def fresh(prefix):
    """A new schema named after `prefix` and this process, or None when the
    test run started no PostgreSQL (SETELI_TEST_PG_URL_FILE unset)."""
    url_file = os.environ.get("SETELI_TEST_PG_URL_FILE")
    if not url_file or not os.path.exists(url_file):
        return None
    with open(url_file) as f:
        return Schema(f.read().strip(), f"{prefix}_{os.getpid()}")
