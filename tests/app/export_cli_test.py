#!/usr/bin/env python3
"""`seteli export` and `seteli reconcile` on a store holding the fixture
month: the four exports in both dialects compared field by field with the
expected files, the fi dialect read back as Excel reads it, the totals equal
to the run's, and a deliberately corrupted store refused by name.

usage: export_cli_test.py SETELI_BINARY SOURCE_DIR
"""
import csv
import decimal
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finance_month as fm  # noqa: E402
from special_files import null_device, read_fifo_in_background  # noqa: E402

SETELI = None
SOURCE = None
MONTH = None  # the FixtureMonth, built once


def expected(kind):
    with open(os.path.join(SOURCE, "tests", "export", "expected", f"{kind}-2024-05.csv"), "rb") as f:
        return f.read()


class Exports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = MONTH
        cls.out = os.path.join(cls.m.dir, "out")
        os.makedirs(cls.out, exist_ok=True)
        cls.files = {}
        for kind in fm.KINDS:
            for dialect in ("rfc4180", "fi"):
                path = os.path.join(cls.out, f"{kind}-{dialect}.csv")
                args = ["export", "--config", cls.m.config, "--month", fm.MONTH, "--kind", kind,
                        "--out", path]
                if dialect == "fi":
                    args += ["--dialect", "fi"]
                r = cls.m.cli(*args)
                assert r.returncode == 0, (kind, dialect, r.stderr)
                with open(path, "rb") as f:
                    cls.files[kind, dialect] = f.read()

    def test_run_settled_and_reconciled(self):
        self.assertEqual(self.m.run.returncode, 0, self.m.run.stderr)
        self.assertNotIn("month_does_not_reconcile", self.m.run.stderr)

    def test_journal_copayments_balances_equal_the_expected_files(self):
        # The config's default chart of accounts is the one the expected
        # files were made with, so these are equal byte for byte.
        for kind in ("journal", "copayments", "balances"):
            with self.subTest(kind=kind):
                self.assertEqual(self.files[kind, "rfc4180"], expected(kind))

    def test_reconciliation_equals_expected_in_the_settlement_fields(self):
        # The expected file's invoices are made up; every field the store
        # decides without invoices is compared.
        fields = ["month", "business_id", "provider_name", "invoice_reference", "line_count",
                  "price_total", "voucher_total", "copay_total"]
        _, got = fm.read_csv(self.files["reconciliation", "rfc4180"], "rfc4180")
        _, want = fm.read_csv(expected("reconciliation"), "rfc4180")
        self.assertEqual([[r[f] for f in fields] for r in got], [[r[f] for f in fields] for r in want])
        self_billing = fm.self_billing_providers(SOURCE)
        self.assertTrue(self_billing)
        for r in got:
            # No invoice came: missing, but for a provider the engine invoices itself.
            self.assertEqual(r["status"], "self_billed" if r["business_id"] in self_billing else "missing")
            self.assertEqual(r["settlement_state"], "settled")
            self.assertEqual(r["difference"], r["voucher_total"])

    def test_totals_equal_the_runs_settlements(self):
        _, rows = fm.read_csv(self.files["reconciliation", "rfc4180"], "rfc4180")
        self.assertEqual({r["business_id"]: r["voucher_total"] for r in rows},
                         self.m.run_voucher_totals())
        total = lambda col: str(sum(decimal.Decimal(r[col]) for r in rows))  # noqa: E731
        self.assertEqual((total("price_total"), total("voucher_total"), total("copay_total")),
                         (fm.PRICE, fm.VOUCHER, fm.COPAY))
        _, journal = fm.read_csv(self.files["journal", "rfc4180"], "rfc4180")
        debit = sum(decimal.Decimal(r["debit"]) for r in journal)
        credit = sum(decimal.Decimal(r["credit"]) for r in journal)
        self.assertEqual((str(debit), str(credit)), (fm.VOUCHER, fm.VOUCHER))

    def test_fi_dialect_read_as_excel_holds_the_same_values(self):
        for kind in fm.KINDS:
            with self.subTest(kind=kind):
                fi = self.files[kind, "fi"]
                self.assertTrue(fi.startswith(b"\xef\xbb\xbf"))
                self.assertIn(b"\r\n", fi)
                h1, fi_rows = fm.read_csv(fi, "fi")
                h2, rows = fm.read_csv(self.files[kind, "rfc4180"], "rfc4180")
                self.assertEqual(h1, h2)
                self.assertEqual(len(fi_rows), len(rows))
                for a, b in zip(fi_rows, rows):
                    for col in h1:
                        if fm.is_amount(b[col], "rfc4180"):
                            self.assertTrue(fm.is_amount(a[col], "fi"), (col, a[col]))
                            self.assertEqual(fm.amount(a[col], "fi"), fm.amount(b[col], "rfc4180"))
                        elif "." in b[col] and b[col].replace(".", "").isdigit():
                            self.assertEqual(a[col], b[col].replace(".", ","))  # quantities
                        else:
                            self.assertEqual(a[col], b[col], col)
        # Excel shows the Finnish letters right: the BOM says UTF-8.
        self.assertIn("Ateriakeittiö Puolukka Oy", self.files["reconciliation", "fi"].decode("utf-8-sig"))

    def test_side_files_verify(self):
        for kind in fm.KINDS:
            path = os.path.join(self.out, f"{kind}-fi.csv")
            digest = hashlib.sha256(self.files[kind, "fi"]).hexdigest()
            with open(path + ".sha256", encoding="utf-8") as f:
                self.assertEqual(f.read(), f"{digest}  {kind}-fi.csv\n")
            with open(path + ".manifest.json", encoding="utf-8") as f:
                manifest = json.load(f)
            self.assertEqual((manifest["kind"], manifest["month"], manifest["dialect"],
                              manifest["sha256"], manifest["bytes"]),
                             (kind, fm.MONTH, "fi", digest, len(self.files[kind, "fi"])))
            if shutil.which("sha256sum"):
                r = subprocess.run(["sha256sum", "-c", f"{kind}-fi.csv.sha256"], cwd=self.out,
                                   capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_export_to_stdout_equals_the_file(self):
        r = subprocess.run([SETELI, "export", "--config", self.m.config, "--month", fm.MONTH,
                            "--kind", "journal", "--dialect", "fi"], capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, self.files["journal", "fi"])

    def test_reconcile_passes(self):
        r = self.m.cli("reconcile", "--config", self.m.config, "--month", fm.MONTH)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")

    def test_a_month_never_run_neither_reconciles_nor_exports(self):
        r = self.m.cli("reconcile", "--config", self.m.config, "--month", "2024-06")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("month_not_run: kuukautta 2024-06 ei ole ajettu", r.stdout)
        self.assertNotIn("reconciles", r.stderr)
        x = self.m.cli("export", "--config", self.m.config, "--month", "2024-06", "--kind", "journal")
        self.assertEqual(x.returncode, 1, x.stderr)
        self.assertIn("month_not_run", x.stderr)
        self.assertEqual(x.stdout, "")


class SpecialFiles(unittest.TestCase):
    """--out naming what is not a regular file: written in place, with no
    side files (they would describe bytes nobody can read back)."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seteli-export-special-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def export(self, out):
        return MONTH.cli("export", "--config", MONTH.config, "--month", fm.MONTH,
                         "--kind", "journal", "--out", out)

    def test_fifo_gets_the_export(self):
        fifo = os.path.join(self.dir, "journal.fifo")
        os.mkfifo(fifo)
        got = read_fifo_in_background(fifo)
        r = self.export(fifo)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(got(), expected("journal"))
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
        self.assertEqual(os.listdir(self.dir), ["journal.fifo"])

    def test_character_device_stays_one(self):
        device = null_device(self.dir)
        r = self.export(device)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(stat.S_ISCHR(os.lstat(device).st_mode), device + " was replaced")
        for side in (".tmp", ".sha256", ".manifest.json"):
            self.assertFalse(os.path.exists(device + side), side)


class Usage(unittest.TestCase):
    def test_help_starts_with_usage(self):
        for cmd in ("export", "reconcile"):
            r = subprocess.run([SETELI, cmd, "--help"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0)
            self.assertTrue(r.stdout.startswith(f"usage: seteli {cmd}"), r.stdout)

    def test_usage_errors_exit_2(self):
        for args in (["--month", "2024-05", "--kind", "journal"],
                     ["--config", MONTH.config, "--month", "2024-13", "--kind", "journal"],
                     ["--config", MONTH.config, "--month", "2024-05", "--kind", "ledger"],
                     ["--config", MONTH.config, "--month", "2024-05", "--kind", "journal",
                      "--dialect", "se"],
                     ["--config", "/nonexistent.conf", "--month", "2024-05", "--kind", "journal"]):
            with self.subTest(args=args):
                r = subprocess.run([SETELI, "export", *args], capture_output=True, text=True)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(r.stdout, "")


class CorruptedStore(unittest.TestCase):
    """Each case changes a copy of the store with the sqlite3 CLI (a line's
    JSON is kept once, in settlement_lines); reconcile must exit 1 naming
    the invariant, and no export may be written."""

    def corrupt(self, sql):
        d = os.path.join(MONTH.dir, "corrupt-" + self.id().rsplit(".", 1)[-1])
        os.makedirs(d, exist_ok=True)
        db = os.path.join(d, "seteli.db")
        shutil.copy(MONTH.db, db)
        config = os.path.join(d, "seteli.conf")
        with open(MONTH.config, encoding="utf-8") as f:
            text = f.read().replace(MONTH.db, db)
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run(["sqlite3", db, sql], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return config

    def reconcile(self, config):
        return subprocess.run([SETELI, "reconcile", "--config", config, "--month", fm.MONTH],
                              capture_output=True, text=True, timeout=60)

    def assertRefused(self, config, *codes):
        r = self.reconcile(config)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        printed = [line.split(":", 1)[0] for line in r.stdout.splitlines()]
        for code in codes:
            self.assertIn(code, printed, r.stdout)
        out = os.path.join(os.path.dirname(config), "journal.csv")
        e = subprocess.run([SETELI, "export", "--config", config, "--month", fm.MONTH, "--kind",
                            "journal", "--out", out], capture_output=True, text=True, timeout=60)
        self.assertEqual(e.returncode, 1, e.stderr)
        self.assertTrue(e.stderr.startswith("month_does_not_reconcile: "), e.stderr)
        self.assertIn(codes[0] + ": ", e.stderr)
        self.assertFalse(os.path.exists(out))

    def test_changed_line_voucher(self):
        config = self.corrupt(
            "UPDATE settlement_lines SET body = json_set(body, '$.voucher', '999.99')"
            " WHERE provider = '2345678-0' AND month = '2024-05' AND line_no = 1;")
        self.assertRefused(config, "line_split_mismatch", "voucher_total_mismatch")

    def test_changed_settlement_total(self):
        config = self.corrupt("UPDATE settlements SET voucher_total = voucher_total + 1"
                              " WHERE provider = '3012345-8';")
        self.assertRefused(config, "voucher_total_mismatch")

    def test_event_in_two_settlements(self):
        config = self.corrupt(
            "UPDATE settlement_lines SET (body, event_id) = (SELECT json_set(settlement_lines.body, '$.event_id',"
            " other.event_id), other.event_id FROM settlement_lines AS other"
            "  WHERE other.provider = '2345678-0' AND other.month = '2024-05' AND other.line_no = 1)"
            " WHERE provider = '3456780-6' AND month = '2024-05' AND line_no = 1;")
        self.assertRefused(config, "event_in_two_settlements")

    def test_body_apart_from_its_event_column(self):
        config = self.corrupt(
            "UPDATE settlement_lines SET body = json_set(body, '$.event_id', 'E-NOT-STORED')"
            " WHERE provider = '3456780-6' AND month = '2024-05' AND line_no = 1;")
        r = self.reconcile(config)
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("store_corrupt", r.stderr)
        self.assertIn("names event E-NOT-STORED", r.stderr)

    def test_personal_identity_code_as_client(self):
        config = self.corrupt(
            "UPDATE settlement_lines SET body = json_set(body, '$.client', '010190-123A')"
            " WHERE provider = '2650011-8' AND line_no = 1;")
        r = self.reconcile(config)
        self.assertEqual(r.returncode, 1)
        self.assertIn("personal_identity_code: ", r.stdout)
        self.assertNotIn("010190-123A", r.stdout + r.stderr)


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    MONTH = fm.FixtureMonth(SETELI, SOURCE)
    if MONTH.run.returncode != 0:
        sys.exit("seteli run failed: " + MONTH.run.stdout + MONTH.run.stderr)
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        shutil.rmtree(MONTH.dir, ignore_errors=True)
    sys.exit(0 if result.wasSuccessful() else 1)
