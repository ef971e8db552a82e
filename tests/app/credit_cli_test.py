#!/usr/bin/env python3
"""Organizer credits through the command line on a SQLite store: after the
fixture month's run, `seteli credit` credits part of a settled visit (once,
however often it is asked), refuses an unknown reason and more than is
left, lists the month's credits, and June's run carries the credit as one
prior-period line; July's carries nothing more.

usage: credit_cli_test.py SETELI_BINARY SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SETELI = None
SOURCE = None


class CreditCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seteli-credit-")
        fx = os.path.join(SOURCE, "fixtures")
        self.config = os.path.join(self.dir, "seteli.conf")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.dir}/seteli.db\n"
                    f"rulebook: {fx}/rulebook.yaml\nproviders: {fx}/providers.yaml\n"
                    f"decisions: {fx}/decisions.jsonl\ntokens: []\n")
        r = self.cli("ingest", "--config", self.config, os.path.join(fx, "events.jsonl"))
        self.assertIn(r.returncode, (0, 1), r.stderr)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, *args):
        return subprocess.run([SETELI, *args], capture_output=True, text=True, timeout=300)

    def credit(self, *args):
        return self.cli("credit", "--config", self.config, *args)

    def give(self, *args):
        return self.credit("--provider", "2345678-0", "--event", "HK-1229", *args)

    def test_a_credit_is_given_once_and_carried_once(self):
        not_yet = self.give("--reason-code", "other", "--text", "x")
        self.assertEqual(not_yet.returncode, 2)
        self.assertIn("event_not_settled", not_yet.stderr)
        may = self.cli("run", "--config", self.config, "--month", "2024-05", "--no-reconcile")
        self.assertEqual(may.returncode, 0, may.stderr)

        text = "Hinta oli väärä / the price was wrong"
        given = self.give("--amount", "1.00", "--reason-code", "wrong_price", "--text", text)
        self.assertEqual(given.returncode, 0, given.stderr)
        self.assertIn("HK-1229  2024-05  1.00  wrong_price", given.stdout)
        self.assertIn("not applied", given.stdout)
        again = self.give("--amount", "1.00", "--reason-code", "wrong_price", "--text", text)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("given before", again.stdout)
        unknown = self.give("--reason-code", "because", "--text", "x")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("credit_reason_unknown", unknown.stderr)
        over = self.give("--amount", "9999.00", "--reason-code", "other", "--text", "x")
        self.assertEqual(over.returncode, 2)
        self.assertIn("credit_exceeds_settled", over.stderr)

        listed = self.credit("--month", "2024-05")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("1 credit(s) of 2024-05", listed.stdout)

        june = self.cli("run", "--config", self.config, "--month", "2024-06", "--no-reconcile")
        self.assertEqual(june.returncode, 0, june.stderr)
        self.assertIn("2345678-0  settled", june.stdout)
        self.assertIn("1 prior-period", june.stdout)
        self.assertIn("applied 2024-06", self.credit("--month", "2024-05").stdout)
        july = self.cli("run", "--config", self.config, "--month", "2024-07", "--no-reconcile")
        self.assertNotIn("prior-period", july.stdout)


if __name__ == "__main__":
    SETELI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1])
