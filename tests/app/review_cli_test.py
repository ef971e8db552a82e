#!/usr/bin/env python3
"""Review before payment through the command line on a SQLite store: with
`review_flags: [late_recording]` in the rulebook, `seteli run` leaves a late
event unpaid and names it, `seteli review` lists, refuses (only with a reason)
and approves, and the next run pays the approved event as a prior-period
line, once. The fixture month's own late events wait all along.

usage: review_cli_test.py SETELI_BINARY SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SETELI = None
SOURCE = None

LATE = ('{"event_id": "HK-LATE-1", "provider": "2345678-0", "decision_id": "D-0002", '
        '"service": "kotihoito-saannollinen", "start": "2024-05-20T10:00:00+03:00", '
        '"end": "2024-05-20T11:00:00+03:00", "recorded_at": "2024-06-10T09:00:00+03:00"}\n')


class ReviewCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seteli-review-")
        fx = os.path.join(SOURCE, "fixtures")
        rulebook = os.path.join(self.dir, "rulebook.yaml")
        with open(os.path.join(fx, "rulebook.yaml"), encoding="utf-8") as f:
            text = f.read()
        with open(rulebook, "w", encoding="utf-8") as f:
            f.write(text + "review_flags: [late_recording]\n")
        self.config = os.path.join(self.dir, "seteli.conf")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.dir}/seteli.db\n"
                    f"rulebook: {rulebook}\nproviders: {fx}/providers.yaml\n"
                    f"decisions: {fx}/decisions.jsonl\ntokens: []\n")
        events = os.path.join(self.dir, "events.jsonl")
        with open(os.path.join(fx, "events.jsonl"), encoding="utf-8") as f:
            text = f.read()
        with open(events, "w", encoding="utf-8") as f:
            f.write(text + LATE)
        r = self.cli("ingest", "--config", self.config, events)
        self.assertIn(r.returncode, (0, 1), r.stderr)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, *args):
        return subprocess.run([SETELI, *args], capture_output=True, text=True, timeout=300)

    def review(self, *args):
        return self.cli("review", "--config", self.config, "--month", "2024-05", *args)

    def test_a_late_event_waits_and_is_paid_once_after_approval(self):
        may = self.cli("run", "--config", self.config, "--month", "2024-05", "--no-reconcile")
        self.assertIn("wait for review", may.stdout)
        self.assertIn("HK-LATE-1", may.stdout)

        listed = self.review()
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("HK-LATE-1  2345678-0  2024-05  late_recording  pending", listed.stdout)

        refused = self.review("--refuse", "HK-LATE-1")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("missing_reason", refused.stderr)
        both = self.review("--approve", "HK-LATE-1", "--refuse", "HK-LATE-1")
        self.assertEqual(both.returncode, 2)

        approved = self.review("--approve", "HK-LATE-1")
        self.assertEqual(approved.returncode, 0, approved.stderr)
        self.assertIn("approved", approved.stdout)
        again = self.review("--approve", "HK-LATE-1")
        self.assertEqual(again.returncode, 2)
        self.assertIn("failed_precondition", again.stderr)
        self.assertNotIn("HK-LATE-1", self.review().stdout)
        self.assertIn("HK-LATE-1", self.review("--state", "approved").stdout)

        june = self.cli("run", "--config", self.config, "--month", "2024-06", "--no-reconcile")
        self.assertNotIn("HK-LATE-1", june.stdout)  # no longer waiting
        self.assertIn("2345678-0  settled", june.stdout)
        self.assertIn("1 prior-period", june.stdout)
        july = self.cli("run", "--config", self.config, "--month", "2024-07", "--no-reconcile")
        self.assertNotIn("prior-period", july.stdout)


if __name__ == "__main__":
    SETELI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1])
