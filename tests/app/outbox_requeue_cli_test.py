#!/usr/bin/env python3
"""`seteli outbox --requeue-failed` on a SQLite store: every failed message,
or those to one provider given up since a time, queued again and printed as
JSON, one audit entry each; a sent or queued message is left alone; a bad
--since, or a filter without --requeue-failed, is a usage error (exit 2).

usage: outbox_requeue_cli_test.py SETELI SOURCE_DIR
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

SETELI, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


class OutboxRequeueCli(unittest.TestCase):
    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="seteli-requeue-")
        fx = os.path.join(SRC, "fixtures")
        self.db = os.path.join(self.d, "seteli.db")
        self.config = os.path.join(self.d, "seteli.conf")
        with open(self.config, "w") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.db}\nrulebook: {fx}/rulebook.yaml\n"
                    f"providers: {fx}/providers.yaml\ndecisions: {fx}/decisions.jsonl\ntokens: []\n")
        self.assertEqual(self.outbox("--state", "all").returncode, 0)  # creates the store
        # The outbox as an operator outage leaves it (what the sender writes).
        rows = [("M-1", "1234567-8", "failed", "2024-06-03T07:00:00.000Z"),
                ("M-2", "2345678-9", "failed", "2024-06-03T07:30:00.000Z"),
                ("M-3", "1234567-8", "failed", "2024-06-02T20:00:00.000Z"),
                ("M-4", "1234567-8", "sent", "2024-06-03T08:00:00.000Z"),
                ("M-5", "1234567-8", "queued", "2024-06-03T08:00:00.000Z")]
        with sqlite3.connect(self.db) as c:
            for mid, provider, state, at in rows:
                c.execute("INSERT INTO outbox (message_id, kind, provider, month, subject, body,"
                          " state, attempts, next_attempt_at, last_error, created_at, updated_at)"
                          " VALUES (?, 'self_billing_invoice', ?, '2024-05', 'IL-1', '<x/>', ?,"
                          " 10, ?, 'HTTP 503', ?, ?)", (mid, provider, state, at, at, at))

    def tearDown(self):
        shutil.rmtree(self.d, ignore_errors=True)

    def outbox(self, *args):
        return subprocess.run([SETELI, "outbox", "--config", self.config, *args],
                              capture_output=True, text=True, timeout=60)

    def states(self):
        with sqlite3.connect(self.db) as c:
            return dict(c.execute("SELECT message_id, state FROM outbox"))

    def test_requeues_by_provider_and_time_then_the_rest(self):
        # 2024-06-03 from its Helsinki midnight (21:00 UTC the day before).
        r = self.outbox("--requeue-failed", "--provider", "1234567-8", "--since", "2024-06-03")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"requeued": ["M-1"]})
        r = self.outbox("--requeue-failed", "--since", "2024-06-03T10:00:00+03:00")
        self.assertEqual(json.loads(r.stdout), {"requeued": ["M-2"]})
        r = self.outbox("--requeue-failed")
        self.assertEqual(json.loads(r.stdout), {"requeued": ["M-3"]})
        r = self.outbox("--requeue-failed")
        self.assertEqual(json.loads(r.stdout), {"requeued": []})
        self.assertEqual(self.states(), {"M-1": "queued", "M-2": "queued", "M-3": "queued",
                                         "M-4": "sent", "M-5": "queued"})
        with sqlite3.connect(self.db) as c:
            audited = [row[0] for row in c.execute(
                "SELECT subject FROM audit_log WHERE action = 'outbox.requeue' ORDER BY seq")]
            attempts = dict(c.execute("SELECT message_id, attempts FROM outbox"))
        self.assertEqual(audited, ["M-1", "M-2", "M-3"])
        self.assertEqual([attempts[m] for m in ("M-1", "M-2", "M-3")], [0, 0, 0])

    def test_usage_errors(self):
        self.assertEqual(self.outbox("--requeue-failed", "--since", "yesterday").returncode, 2)
        self.assertEqual(self.outbox("--provider", "1234567-8").returncode, 2)
        self.assertEqual(self.states()["M-1"], "failed")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
