#!/usr/bin/env python3
"""A month of credits only, through the real binary (issue 18, defect 2):
each provider has one visit in May, May is run, the visits are voided in
June (after the May run), June is run. June's settlements are credits only,
with negative totals, and the month must still run (exit 0), reconcile,
export every kind (the journal balancing) and show on the daemon's month
page; the self-billing provider's credit note names its May invoice and
passes `seteli validate` and xmllint with the shipped Finvoice 3.0 schema.
On SQLite, and on the test run's PostgreSQL when there is one.

usage: credit_month_test.py SETELI_BINARY SOURCE_DIR
"""
import decimal
import glob
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SETELI = SOURCE = None
KUUSI, MANTTY = "2345678-0", "3456780-6"  # invoices itself; self-billing
FINANCE_TOKEN = "finance-token"


def visit(event_id, provider, decision, service, day, **extra):
    e = {"event_id": event_id, "provider": provider, "decision_id": decision, "service": service,
         "start": f"{day}T08:00:00+03:00", "end": f"{day}T10:00:00+03:00",
         "recorded_at": f"{day}T20:00:00+03:00"}
    e.update(extra)
    return e


MAY = [visit("E-K", KUUSI, "D-0001", "kotihoito-saannollinen", "2024-05-13"),
       visit("E-M", MANTTY, "D-0012", "henkilokohtainen-apu", "2024-05-14")]
# The voids, recorded on 10 June with the times of the visits they void.
JUNE = [dict(e, event_id="V-" + e["event_id"], voids=e["event_id"],
             recorded_at="2024-06-10T12:00:00+03:00") for e in MAY]


class CreditMonth:
    """A store (SQLite, or PostgreSQL at `url`) taken through May and June."""

    def __init__(self, url=None):
        self.dir = tempfile.mkdtemp(prefix="seteli-credit-")
        fx = os.path.join(SOURCE, "fixtures")
        url = url or "sqlite:" + os.path.join(self.dir, "seteli.db")
        token = hashlib.sha256(FINANCE_TOKEN.encode()).hexdigest()
        self.config = os.path.join(self.dir, "seteli.conf")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: {url}\nrulebook: {fx}/rulebook.yaml\n"
                    f"providers: {fx}/providers.yaml\ndecisions: {fx}/decisions.jsonl\n"
                    f"tokens:\n  - {{name: fin, role: finance, sha256: {token}}}\n")
        self.outbox = os.path.join(self.dir, "outbox")
        self.ingest("may.jsonl", MAY)
        self.may = self.cli("run", "--config", self.config, "--month", "2024-05",
                            "--outbox", self.outbox)
        self.ingest("june.jsonl", JUNE)
        self.june = self.cli("run", "--config", self.config, "--month", "2024-06",
                             "--outbox", self.outbox)

    def ingest(self, name, events):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(e) + "\n" for e in events)
        r = self.cli("ingest", "--config", self.config, path)
        assert r.returncode == 0, r.stderr

    def cli(self, *args):
        return subprocess.run([SETELI, *args], capture_output=True, text=True, timeout=120)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class CreditMonthTests:
    """The checks, for each store (the subclasses say which)."""

    m = None

    def test_both_months_run_and_june_is_credits(self):
        self.assertEqual(self.m.may.returncode, 0, self.m.may.stdout + self.m.may.stderr)
        self.assertEqual(self.m.june.returncode, 0, self.m.june.stdout + self.m.june.stderr)
        self.assertRegex(self.m.june.stdout, KUUSI + r"  settled .* voucher -36\.80 \(1 lines, 1 prior-period\)")
        self.assertRegex(self.m.june.stdout, MANTTY + r"  settled .* voucher -49\.00 .* self-billing invoice 2")

    def test_june_reconciles(self):
        r = self.m.cli("reconcile", "--config", self.m.config, "--month", "2024-06")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_every_export_and_a_balanced_journal(self):
        for kind in ("reconciliation", "journal", "copayments", "balances"):
            r = self.m.cli("export", "--config", self.m.config, "--month", "2024-06", "--kind", kind)
            self.assertEqual(r.returncode, 0, kind + ": " + r.stderr)
            if kind == "reconciliation":
                self.assertIn("-36.80", r.stdout)
            if kind == "journal":
                rows = [line.split(",") for line in r.stdout.splitlines()[1:]]
                debit = sum(decimal.Decimal(row[5]) for row in rows)
                credit = sum(decimal.Decimal(row[6]) for row in rows)
                self.assertEqual((str(debit), str(credit)), ("85.80", "85.80"))

    def test_the_credit_note_names_the_may_invoice_and_validates(self):
        notes = glob.glob(os.path.join(self.m.outbox, "*-2024-06-*.xml"))
        self.assertEqual(len(notes), 1, os.listdir(self.m.outbox))
        with open(notes[0], encoding="utf-8") as f:
            xml = f.read()
        self.assertIn('<InvoiceTypeCode CodeListAgencyIdentifier="SPY">INV02</InvoiceTypeCode>', xml)
        self.assertIn("<OriginalInvoiceNumber>IL-000001</OriginalInvoiceNumber>", xml)
        r = self.m.cli("validate", notes[0])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        if shutil.which("xmllint"):
            xsd = os.path.join(SOURCE, "finvoice", "schema", "Finvoice3.0.xsd")
            x = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", xsd, notes[0]],
                               capture_output=True, text=True)
            self.assertEqual(x.returncode, 0, x.stderr)

    def test_the_month_page_and_overview_load(self):
        port_file = os.path.join(self.m.dir, "port")
        daemon = subprocess.Popen([SETELI, "serve", "--config", self.m.config, "--port-file", port_file],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                if os.path.exists(port_file) or daemon.poll() is not None:
                    break
                time.sleep(0.1)
            with open(port_file, encoding="utf-8") as f:
                port = int(f.read())
            for path in ("/v1/months/2024-06", "/v1/months/2024-06/page"):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", path, headers={"Authorization": "Bearer " + FINANCE_TOKEN})
                r = c.getresponse()
                body = r.read().decode("utf-8")
                c.close()
                self.assertEqual(r.status, 200, path + ": " + body)
                self.assertIn("-85", body, path)
        finally:
            daemon.terminate()
            daemon.wait(30)


class OnSqlite(CreditMonthTests, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = CreditMonth()

    @classmethod
    def tearDownClass(cls):
        cls.m.close()


class OnPostgresql(CreditMonthTests, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sys.path.insert(0, os.path.join(SOURCE, "tests", "store"))
        import pg_schema
        schema = pg_schema.fresh("credit_month")
        if not schema:
            raise unittest.SkipTest("no test PostgreSQL")
        cls.schema = schema
        cls.m = CreditMonth(schema.url)

    @classmethod
    def tearDownClass(cls):
        cls.m.close()
        cls.schema.drop()


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]], verbosity=2)
