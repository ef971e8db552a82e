#!/usr/bin/env python3
"""`seteli migrate` on a SQLite store: --check reports the pending
migrations without running them (exit 1, the store file not even created),
`migrate` runs them and says so, --check is then up to date (exit 0); a
config error is exit 2. `seteli serve` on a fresh store logs the migration
in its JSON log, its numbers as JSON numbers.

usage: migrate_cli_test.py SETELI SOURCE_DIR
"""
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

SETELI, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def latest_schema():
    out = subprocess.run([SETELI, "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"store schema (\d+)", out).group(1))


class MigrateCli(unittest.TestCase):
    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="seteli-migrate-")
        fx = os.path.join(SRC, "fixtures")
        self.db = os.path.join(self.d, "seteli.db")
        self.log = os.path.join(self.d, "seteli.log")
        self.config = os.path.join(self.d, "seteli.conf")
        with open(self.config, "w") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.db}\nrulebook: {fx}/rulebook.yaml\n"
                    f"providers: {fx}/providers.yaml\ndecisions: {fx}/decisions.jsonl\nlog: {self.log}\n"
                    f"tokens:\n  - {{name: ops, role: admin, sha256: {hashlib.sha256(b'migrate-test-token').hexdigest()}}}\n")
        self.latest = latest_schema()

    def tearDown(self):
        shutil.rmtree(self.d, ignore_errors=True)

    def migrate(self, *args, config=None):
        return subprocess.run([SETELI, "migrate", "--config", config or self.config, *args],
                              capture_output=True, text=True, timeout=120)

    def test_check_reports_pending_migrations_without_running_them(self):
        r = self.migrate("--check")
        self.assertEqual(r.returncode, 1, r.stderr)
        n = self.latest
        self.assertEqual(r.stdout, f"store schema 0, this seteli {n}: {n} migrations to run\n")
        self.assertFalse(os.path.exists(self.db), "--check created the store")

        r = self.migrate()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, f"migrated store schema 0 to {n}\n")

        r = self.migrate("--check")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, f"store schema {n}, this seteli {n}: up to date\n")

        r = self.migrate()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, f"store schema {n}: up to date\n")

    def test_check_counts_what_an_older_store_lacks_and_refuses_a_newer_one(self):
        self.assertEqual(self.migrate().returncode, 0)
        n = self.latest
        with sqlite3.connect(self.db) as db:
            db.execute("DELETE FROM schema_migrations WHERE version > ?", (n - 2,))
        r = self.migrate("--check")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout, f"store schema {n - 2}, this seteli {n}: 2 migrations to run\n")
        with sqlite3.connect(self.db) as db:
            recorded = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
            self.assertEqual(recorded, n - 2, "--check migrated")
            db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'from the future')",
                       (n + 1,))
        r = self.migrate("--check")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("newer than this seteli", r.stdout)

    def test_a_cli_command_that_migrates_says_so_on_stderr(self):
        r = subprocess.run([SETELI, "outbox", "--config", self.config], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"migrated store schema 0 to {self.latest}\n", r.stderr)
        r = subprocess.run([SETELI, "outbox", "--config", self.config], capture_output=True, text=True,
                           timeout=120)
        self.assertNotIn("migrated", r.stderr)

    def test_a_config_error_is_exit_2(self):
        r = self.migrate("--check", config=os.path.join(self.d, "missing.conf"))
        self.assertEqual(r.returncode, 2)
        r = self.migrate("--check", "--bogus")
        self.assertEqual(r.returncode, 2)

    def test_serve_logs_the_migration_with_numbers_as_numbers(self):
        port_file = os.path.join(self.d, "api.port")
        p = subprocess.Popen([SETELI, "serve", "--config", self.config, "--port-file", port_file],
                             stderr=subprocess.DEVNULL)
        try:
            end = time.time() + 30
            while not (os.path.exists(port_file) and open(port_file).read().strip()):
                self.assertTrue(time.time() < end and p.poll() is None, "the daemon did not start")
                time.sleep(0.05)
            port = int(open(port_file).read())
            with self.assertRaises(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/no-such-route", timeout=30)
        finally:
            p.terminate()
            p.wait(timeout=30)
        lines = [json.loads(line) for line in open(self.log)]
        migrated = [l for l in lines if l["msg"].startswith("migrated store schema")]
        self.assertEqual(len(migrated), 1, lines)
        self.assertEqual(migrated[0]["msg"], f"migrated store schema 0 to {self.latest}")
        self.assertEqual((migrated[0]["from"], migrated[0]["to"]), (0, self.latest))
        listening = next(l for l in lines if l["msg"] == "listening")
        self.assertEqual(listening["port"], port)
        request = next(l for l in lines if l["msg"] == "request")
        self.assertIsInstance(request["status"], int)
        self.assertIsInstance(request["ms"], int)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
