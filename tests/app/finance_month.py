"""A store holding the fixture month (fixtures/, May 2024) for the finance
tests: a temporary config (SQLite store, the fixtures' rulebook, providers
and decisions), the events ingested and the month run with the real binary.
Also a reader for exported CSV that reads both dialects as Excel does.
"""
import csv
import decimal
import io
import os
import subprocess
import tempfile

MONTH = "2024-05"
KINDS = ("reconciliation", "journal", "copayments", "balances")
# Totals of the fixture month (docs/exports.md, fixtures/README.md).
PRICE, VOUCHER, COPAY = "55116.92", "40065.53", "15051.39"


class FixtureMonth:
    def __init__(self, seteli, source, tokens="", rulebook_extra=""):
        self.seteli = seteli
        self.source = source
        self.dir = tempfile.mkdtemp(prefix="seteli-finance-")
        self.db = os.path.join(self.dir, "seteli.db")
        self.config = os.path.join(self.dir, "seteli.conf")
        fx = os.path.join(source, "fixtures")
        rulebook = os.path.join(fx, "rulebook.yaml")
        if rulebook_extra:  # the fixtures' rulebook with more keys at its end
            with open(rulebook, encoding="utf-8") as f:
                text = f.read()
            rulebook = os.path.join(self.dir, "rulebook.yaml")
            with open(rulebook, "w", encoding="utf-8") as f:
                f.write(text + rulebook_extra)
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.db}\n"
                    f"rulebook: {rulebook}\nproviders: {fx}/providers.yaml\n"
                    f"decisions: {fx}/decisions.jsonl\n")
            f.write(tokens or "tokens: []\n")
        self.ingest = self.cli("ingest", "--config", self.config, os.path.join(fx, "events.jsonl"))
        self.run = self.cli("run", "--config", self.config, "--month", MONTH)

    def cli(self, *args, timeout=120):
        return subprocess.run([self.seteli, *args], capture_output=True, text=True,
                              timeout=timeout)

    def run_voucher_totals(self):
        """provider -> voucher total, as `seteli run` printed them."""
        totals = {}
        for line in self.run.stdout.splitlines():
            parts = line.split()
            if "voucher" in parts:
                totals[parts[0]] = parts[parts.index("voucher") + 1]
        return totals


def self_billing_providers(source):
    """Business IDs of the fixture providers the engine invoices itself."""
    out, current = set(), None
    with open(os.path.join(source, "fixtures", "providers.yaml"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("- business_id:"):
                current = line.split('"')[1]
            elif line.strip() == "self_billing: true":
                out.add(current)
    return out


def read_csv(data, dialect):
    """Rows of dicts as Excel reads the file: the fi dialect with its BOM,
    semicolons and decimal commas; amounts come back as Decimal either way."""
    text = data.decode("utf-8")
    if dialect == "fi":
        assert text.startswith("\ufeff"), "the fi dialect starts with a BOM"
        text = text[1:]
    else:
        assert not text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if dialect == "fi" else ",")
    rows = list(reader)
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, r)) for r in body]


def amount(cell, dialect):
    return decimal.Decimal(cell.replace(",", ".") if dialect == "fi" else cell)


def is_amount(cell, dialect):
    sep = "," if dialect == "fi" else "."
    head, _, tail = cell.lstrip("-").partition(sep)
    return head.isdigit() and len(tail) == 2 and tail.isdigit()
