#!/usr/bin/env python3
"""The command-line contract of `seteli settle` and `seteli demo`, run
against the real binary: exit codes, one-line errors naming file and line,
no output on a configuration error, and bad event lines rejected while the
good ones settle.

usage: cli_contract_test.py SETELI_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from special_files import null_device, read_fifo_in_background  # noqa: E402

SETELI = None
SOURCE = None


def fixture(name):
    return os.path.join(SOURCE, "tests", "app", "data", name)


class Settle(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seteli-cli-")
        for name in ("rulebook.yaml", "providers.yaml", "decisions.jsonl", "events.jsonl"):
            shutil.copy(fixture(name), self.dir)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def settle(self, *extra, month="2024-05"):
        cmd = [SETELI, "settle", "--rulebook", self.path("rulebook.yaml"),
               "--providers", self.path("providers.yaml"),
               "--decisions", self.path("decisions.jsonl"),
               "--events", self.path("events.jsonl"), "--month", month, *extra]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60)

    def edit(self, name, old, new):
        p = self.path(name)
        text = open(p, encoding="utf-8").read()
        self.assertIn(old, text)
        open(p, "w", encoding="utf-8").write(text.replace(old, new, 1))

    def assertConfigError(self, r, file, line, code):
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, "", "nothing may be printed on a configuration error")
        first = r.stderr.splitlines()[0]
        self.assertRegex(first, "^" + re.escape(self.path(file)) + f":{line}: {code}: .+")

    def test_clean_month_exits_0(self):
        r = self.settle()
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["month"], "2024-05")
        totals = {s["provider"]: s["voucher_total"] for s in out["settlements"]}
        self.assertEqual(totals, {"2345678-0": "171.35", "3456780-6": "315.00"})

    def test_rejected_event_exits_1_and_is_named_on_stderr(self):
        self.edit("events.jsonl", '"E-LK-1", "provider": "2345678-0", "decision_id": "D-LK-1"',
                  '"E-LK-1", "provider": "2345678-0", "decision_id": "D-NONE"')
        r = self.settle()
        self.assertEqual(r.returncode, 1)
        out = json.loads(r.stdout)
        self.assertEqual([(x["event_id"], x["code"]) for x in out["rejected"]],
                         [("E-LK-1", "unknown_decision")])
        self.assertRegex(r.stderr, re.escape(self.path("events.jsonl")) + r":2: unknown_decision: ")

    def test_bad_event_line_is_malformed_and_the_rest_settle(self):
        with open(self.path("events.jsonl"), "a", encoding="utf-8") as f:
            f.write('{"event_id": "E-BAD", "provider": "2345678-0", "date": "2024-05-40"}\n')
            f.write("this is not json\n")
        r = self.settle()
        self.assertEqual(r.returncode, 1)
        out = json.loads(r.stdout)
        bad = [x for x in out["rejected"] if x["code"] == "malformed_event"]
        self.assertEqual(len(bad), 2)
        self.assertIn("events.jsonl:6", bad[0]["message"])
        self.assertIn("events.jsonl:7", bad[1]["message"])
        self.assertEqual(len(out["settlements"]), 2)
        self.assertRegex(r.stderr, re.escape(self.path("events.jsonl")) + r":6: malformed_event: ")

    def test_malformed_rulebook_is_a_configuration_error(self):
        self.edit("rulebook.yaml", "    price_cap: \"32.00\"", "    price_cap: \"32.00\"\n    colour: red")
        self.assertConfigError(self.settle(), "rulebook.yaml", 24, "unknown_key")

    def test_rulebook_range_min_above_max(self):
        self.edit("rulebook.yaml", 'min: "7.00"', 'min: "30.00"')
        self.assertConfigError(self.settle(), "rulebook.yaml", 27, "invalid_range")

    def test_rulebook_band_naming_an_unknown_service(self):
        self.edit("rulebook.yaml", "    value: {min:", "    bands:\n      - {service: ei-ole, days: weekend}\n    value: {min:")
        self.assertConfigError(self.settle(), "rulebook.yaml", 28, "unknown_band_service")

    def test_providers_mid_year_price_rise(self):
        self.edit("providers.yaml", '{valid_from: "2024-01-01", unit_price: "30.00"}',
                  '{valid_from: "2024-01-01", unit_price: "30.00"}, {valid_from: "2024-06-01", unit_price: "31.00"}')
        self.assertConfigError(self.settle(), "providers.yaml", 7, "price_rise")

    def test_malformed_decisions(self):
        self.edit("decisions.jsonl", '"voucher_value":"18.40"', '"voucher_value":"28.40"')
        self.assertConfigError(self.settle(), "decisions.jsonl", 3, "value_out_of_range")

    def test_missing_file_and_bad_usage(self):
        os.remove(self.path("providers.yaml"))
        r = self.settle()
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        r = subprocess.run([SETELI, "settle", "--month", "2024-13"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        r = subprocess.run([SETELI, "settle", "--bogus"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        r = subprocess.run([SETELI, "nonsense"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)

    def test_the_example_configs_placeholder_token_hashes_are_refused(self):
        with open(os.path.join(SOURCE, "config", "seteli.example.conf"), encoding="utf-8") as f:
            text = f.read()
        text = text.replace("sqlite:/var/lib/seteli/seteli.db", "sqlite:" + self.path("seteli.db"))
        text = text.replace("rulebooks/essote-2020.yaml", os.path.join(SOURCE, "config", "rulebooks",
                                                                       "essote-2020.yaml"))
        conf = self.path("seteli.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run([SETELI, "run", "--config", conf, "--month", "2024-05"], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("tokens: 'operations': sha256 is a placeholder", r.stderr)

    def test_an_unknown_config_key_is_refused_with_its_line(self):
        conf = self.path("seteli.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"store: sqlite:{self.path('seteli.db')}\nrulebook: {self.path('rulebook.yaml')}\n"
                    "limits:\n  max_event: 5\n")
        r = subprocess.run([SETELI, "run", "--config", conf, "--month", "2024-05"], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(f"{conf}:4: unknown_key: limits: unknown key 'max_event'", r.stderr)

    def test_help_on_every_command(self):
        r = subprocess.run([SETELI, "--help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        commands = re.findall(r"^  (\w+)\t", r.stdout, re.M)
        self.assertIn("settle", commands)
        for c in commands:
            h = subprocess.run([SETELI, c, "--help"], capture_output=True, text=True, timeout=30)
            self.assertEqual(h.returncode, 0, c)
            self.assertIn("usage: seteli " + c, h.stdout, c)

    def test_out_file_is_written_whole(self):
        out = self.path("settlement.json")
        r = self.settle("--out", out)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "")
        self.assertEqual(json.load(open(out))["month"], "2024-05")
        self.assertFalse(os.path.exists(out + ".tmp"))

    def test_out_fifo_is_written_in_place(self):
        fifo = self.path("settlement.fifo")
        os.mkfifo(fifo)
        got = read_fifo_in_background(fifo)
        r = self.settle("--out", fifo)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(got())["month"], "2024-05")
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
        self.assertFalse(os.path.exists(fifo + ".tmp"))

    def test_out_character_device_stays_one(self):
        device = null_device(self.dir)
        r = self.settle("--out", device)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(stat.S_ISCHR(os.lstat(device).st_mode), device + " was replaced")
        self.assertFalse(os.path.exists(device + ".tmp"))

    def test_rf_references(self):
        r = self.settle("--reference", "rf")
        refs = [s["reference"] for s in json.loads(r.stdout)["settlements"]]
        self.assertTrue(all(x.startswith("RF") for x in refs), refs)


class Demo(unittest.TestCase):
    def test_demo_runs_the_month_and_says_where_the_outputs_are(self):
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([SETELI, "demo", "--fixtures", os.path.join(SOURCE, "fixtures"),
                                "--out", d], capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("settlement statements:", r.stdout)
            self.assertIn("self-billing Finvoice:", r.stdout)
            statements = sorted(f for f in os.listdir(os.path.join(d, "statements")) if f.endswith(".json"))
            self.assertGreaterEqual(len(statements), 5)
            for f in statements:
                s = json.load(open(os.path.join(d, "statements", f)))
                self.assertIn(s["provider"], r.stdout)
                self.assertIn(s["voucher_total"], r.stdout)
                self.assertTrue(os.path.exists(os.path.join(d, "statements", f[:-5] + ".html")))
            invoices = os.listdir(os.path.join(d, "outbox"))
            self.assertGreaterEqual(len(invoices), 1)
            self.assertRegex(r.stdout, r"2345678-0-2024-05.xml: invoice \S+ of 2345678-0 accepted")
            self.assertRegex(r.stdout, r"total_mismatch.xml: .* rejected \[total_mismatch\]; invoice_response")
            self.assertIn("the month reconciles", r.stdout)
            self.assertEqual(len([f for f in os.listdir(os.path.join(d, "exports")) if f.endswith(".csv")]), 4)
            # Every self-billing invoice passes the project's own validation.
            v = subprocess.run([SETELI, "validate", *[os.path.join(d, "outbox", f) for f in invoices]],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(v.returncode, 0, v.stdout + v.stderr)


if __name__ == "__main__":
    SETELI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=1)
