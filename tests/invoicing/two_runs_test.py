#!/usr/bin/env python3
"""Two `seteli run` processes on one PostgreSQL store, at once, for the same
month: they split the providers between them and every provider-month is
settled exactly once, with one invoice number each and no gaps.

usage: two_runs_test.py SETELI_BINARY SOURCE_DIR
Needs the test run's PostgreSQL (SETELI_TEST_PG_URL_FILE); exits 77 (skip)
without it.
"""
import json
import re
import os
import subprocess
import sys
import tempfile
import time

SETELI, SOURCE = sys.argv[1], sys.argv[2]
FIX = os.path.join(SOURCE, "fixtures")
sys.path.insert(0, os.path.join(SOURCE, "tests", "store"))
import pg_schema  # noqa: E402


def main():
    schema = pg_schema.fresh("two_runs")
    if not schema:
        print("no test PostgreSQL: skipped")
        return 77
    url, query = schema.url, schema.query
    with tempfile.TemporaryDirectory(prefix="seteli-two-") as d:
        conf = os.path.join(d, "seteli.conf")
        with open(conf, "w") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: {url}\nrulebook: {FIX}/rulebook.yaml\n"
                    f"providers: {FIX}/providers.yaml\ndecisions: {FIX}/decisions.jsonl\ntokens: []\n")
        r = subprocess.run([SETELI, "ingest", "--config", conf, os.path.join(FIX, "events.jsonl")],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode in (0, 1), r.stderr
        runs = [subprocess.Popen([SETELI, "run", "--config", conf, "--month", "2024-05"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in runs]
        failures = []
        for p, (out, err) in zip(runs, outs):
            if p.returncode not in (0, 1):
                failures.append(f"a run failed ({p.returncode}): {err.strip()[-500:]}")
        # The per-provider lines of `seteli run`: "  2345678-0  settled  ...".
        settled_by_run = [len(re.findall(r"^  \d{7}-\d  settled ", out, re.M)) for out, _ in outs]
        rows = query("SELECT provider || '/' || month || '/' || COUNT(*) FROM settlements GROUP BY provider, month")
        providers = query("SELECT DISTINCT provider FROM settlement_lines")
        for row in rows:
            if not row.endswith("/1"):
                failures.append(f"settled more than once: {row}")
        if len(rows) != 7:
            failures.append(f"{len(rows)} provider-months settled, expected 7")
        if sum(settled_by_run) != len(rows):
            failures.append(f"the runs report {settled_by_run} settled, the store holds {len(rows)}")
        numbers = query("SELECT provider || '/' || invoice_number FROM settlements WHERE invoice_number > 0")
        series = query("SELECT provider || '/' || last_number FROM invoice_series")
        if sorted(n.split("/")[0] for n in numbers) != sorted(s.split("/")[0] for s in series) or \
                any(not s.endswith("/1") for s in series):
            failures.append(f"invoice numbers {numbers} vs series {series}")
        print(f"run A settled {settled_by_run[0]}, run B settled {settled_by_run[1]}; "
              f"{len(rows)} provider-months in the store, each once; invoices {len(numbers)}")
        for f in failures:
            print("FAIL", f)
        print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
