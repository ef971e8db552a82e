#!/usr/bin/env python3
"""`seteli export --kind purchase_ledger|treasury_costs` on a store holding
the fixture month run by the real binary, with the example config's
`cost_coding:` section: the ledger lists the self-billing invoices the run
drew up (no provider invoice has come yet) and ties to their settlements,
the Treasury table's total is the month's voucher total, both dialects hold
the same values, and a wrong cost_coding key is refused with its line.

usage: ledger_cli_test.py SETELI_BINARY SOURCE_DIR
"""
import decimal
import hashlib
import os
import re
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finance_month as fm  # noqa: E402

SETELI = None
SOURCE = None
MONTH = None  # the FixtureMonth, built once


def example_cost_coding():
    """The cost_coding section of config/seteli.example.conf, as written."""
    with open(os.path.join(SOURCE, "config", "seteli.example.conf"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^cost_coding:\n(?:[ #].*\n|\n)*", text, re.M)
    assert m, "the example config has a cost_coding section"
    return m.group(0)


class Ledger(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = MONTH
        cls.files = {}
        for kind in ("purchase_ledger", "treasury_costs"):
            for dialect in ("rfc4180", "fi"):
                path = os.path.join(cls.m.dir, f"{kind}-{dialect}.csv")
                r = cls.m.cli("export", "--config", cls.m.config, "--month", fm.MONTH,
                              "--kind", kind, "--dialect", dialect, "--out", path)
                assert r.returncode == 0, (kind, dialect, r.stderr)
                with open(path, "rb") as f:
                    cls.files[kind, dialect] = f.read()

    def rows(self, kind, dialect):
        return fm.read_csv(self.files[kind, dialect], dialect)

    def test_the_ledger_lists_the_self_billing_invoices_with_their_settlements(self):
        header, rows = self.rows("purchase_ledger", "rfc4180")
        self.assertEqual(header[:4], ["month", "source", "business_id", "provider_name"])
        self_billing = fm.self_billing_providers(SOURCE)
        self.assertEqual({r["business_id"] for r in rows}, self_billing)
        self.assertEqual({r["source"] for r in rows}, {"self_billing"})
        run = self.m.run_voucher_totals()
        for p in self_billing:
            mine = [r for r in rows if r["business_id"] == p]
            self.assertEqual(sum(decimal.Decimal(r["amount"]) for r in mine),
                             decimal.Decimal(run[p]), p)
            self.assertTrue(all(r["invoice_number"].startswith("IL-") for r in mine), mine)
            self.assertTrue(all(r["account"] and r["cost_centre"] for r in mine), mine)
            self.assertTrue(all(r["due_date"] > r["invoice_date"] for r in mine), mine)

    def test_the_treasury_total_is_the_months_voucher_total(self):
        header, rows = self.rows("treasury_costs", "rfc4180")
        self.assertEqual(header, ["month", "account", "service_class", "amount", "line_count"])
        self.assertEqual(sum(decimal.Decimal(r["amount"]) for r in rows),
                         decimal.Decimal(fm.VOUCHER))
        self.assertTrue(all(r["account"] == "4340" for r in rows), rows)

    def test_both_dialects_hold_the_same_values(self):
        for kind in ("purchase_ledger", "treasury_costs"):
            with self.subTest(kind=kind):
                h1, std = self.rows(kind, "rfc4180")
                h2, fi = self.rows(kind, "fi")
                self.assertEqual(h1, h2)
                self.assertEqual(len(std), len(fi))
                for a, b in zip(std, fi):
                    self.assertEqual(a["amount"], b["amount"].replace(",", "."))

    def test_side_files(self):
        path = os.path.join(self.m.dir, "purchase_ledger-fi.csv")
        digest = hashlib.sha256(self.files["purchase_ledger", "fi"]).hexdigest()
        with open(path + ".sha256", encoding="utf-8") as f:
            self.assertEqual(f.read(), f"{digest}  purchase_ledger-fi.csv\n")
        self.assertTrue(os.path.exists(path + ".manifest.json"))

    def test_a_wrong_cost_coding_key_is_refused_with_its_line(self):
        conf = os.path.join(self.m.dir, "bad.conf")
        with open(self.m.config, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("  overrides:\n", "  overrides:\n    - {class: housing, account: \"1\"}\n")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(text)
        line = text.splitlines().index("    - {class: housing, account: \"1\"}") + 1
        r = self.m.cli("export", "--config", conf, "--month", fm.MONTH, "--kind", "purchase_ledger")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(f"{conf}:{line}: config_error: cost_coding: overrides[1]: class: "
                      "unknown class 'housing'", r.stderr)


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    MONTH = fm.FixtureMonth(SETELI, SOURCE, tokens="tokens: []\n" + example_cost_coding())
    if MONTH.run.returncode != 0:
        sys.exit("seteli run failed: " + MONTH.run.stdout + MONTH.run.stderr)
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        shutil.rmtree(MONTH.dir, ignore_errors=True)
    sys.exit(0 if result.wasSuccessful() else 1)
