#!/usr/bin/env python3
"""Kill-and-resume: `seteli run` killed with SIGKILL at random moments, over
and over, then run to the end, leaves exactly the store an uninterrupted run
leaves: the same settlements, lines, references, invoice numbers (no gaps,
no duplicates), outbox messages and balance statements.

usage: kill_resume_test.py SETELI_BINARY SOURCE_DIR [ROUNDS]
"""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

SETELI, SOURCE = sys.argv[1], sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 15
FIX = os.path.join(SOURCE, "fixtures")
COPIES = 30  # the fixture month times 30, so a run takes long enough to be hit


def write_config(dirname, name):
    path = os.path.join(dirname, name + ".conf")
    with open(path, "w") as f:
        f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{os.path.join(dirname, name + '.db')}\n"
                f"rulebook: {FIX}/rulebook.yaml\nproviders: {FIX}/providers.yaml\n"
                f"decisions: {FIX}/decisions.jsonl\ntokens: []\n")
    return path


def make_events(dirname):
    """The fixture events, copied under new IDs (corrections follow their copy)."""
    out = os.path.join(dirname, "events.jsonl")
    lines = [l for l in open(os.path.join(FIX, "events.jsonl"), encoding="utf-8") if l.strip()]
    with open(out, "w", encoding="utf-8") as f:
        for k in range(COPIES):
            for line in lines:
                try:
                    e = json.loads(line)
                except ValueError:
                    f.write(line)
                    continue
                for key in ("event_id", "replaces", "voids", "absence_id"):
                    if key in e:
                        e[key] = f"{e[key]}-{k}"
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
    return out


def run(config, *extra):
    return subprocess.run([SETELI, "run", "--config", config, "--month", "2024-05", *extra],
                          capture_output=True, text=True, timeout=300)


def dump(db):
    c = sqlite3.connect(db)
    q = lambda sql: [tuple(r) for r in c.execute(sql)]
    d = {
        "settlements": q("SELECT provider, month, state, reference, rulebook_version, price_total,"
                         " voucher_total, copay_total, line_count, held_reason, invoice_number, body"
                         " FROM settlements ORDER BY provider, month"),
        "lines": q("SELECT provider, month, line_no, event_id, original_month, price, voucher, copay,"
                   " body FROM settlement_lines ORDER BY provider, month, line_no"),
        "series": q("SELECT provider, last_number FROM invoice_series ORDER BY provider"),
        "outbox": q("SELECT message_id, kind, provider, month, subject, state FROM outbox"
                    " ORDER BY message_id"),
        "balances": q("SELECT * FROM balance_statements ORDER BY decision_id, month"),
    }
    c.close()
    return d


def main():
    rng = random.Random(int(os.environ.get("SETELI_TEST_SEED", "20240506")))
    with tempfile.TemporaryDirectory(prefix="seteli-kill-") as d:
        events = make_events(d)
        ref_conf, victim_conf = write_config(d, "reference"), write_config(d, "victim")
        for conf in (ref_conf, victim_conf):
            r = subprocess.run([SETELI, "ingest", "--config", conf, events],
                               capture_output=True, text=True, timeout=600)
            assert r.returncode in (0, 1), r.stderr[-2000:]

        started = time.monotonic()
        r = run(ref_conf)
        took = time.monotonic() - started
        assert r.returncode in (0, 1), r.stderr
        reference = dump(os.path.join(d, "reference.db"))
        assert reference["settlements"], "the reference run settled nothing"

        # Each round starts from the ingested store, is killed one to three
        # times at random moments, then runs to the end and is compared.
        base = os.path.join(d, "victim.db")
        shutil.copyfile(base, os.path.join(d, "base.db"))
        interrupted = finished_early = 0
        failures = []
        victim = None
        for round_no in range(ROUNDS):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(base + suffix):
                    os.remove(base + suffix)
            shutil.copyfile(os.path.join(d, "base.db"), base)
            for _ in range(rng.randint(1, 3)):
                p = subprocess.Popen([SETELI, "run", "--config", victim_conf, "--month", "2024-05"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.0, took))
                if p.poll() is None:
                    p.send_signal(signal.SIGKILL)
                    interrupted += 1
                else:
                    finished_early += 1
                p.wait()
            r = run(victim_conf)
            assert r.returncode in (0, 1), r.stderr
            victim = dump(base)
            for table in reference:
                if victim[table] != reference[table]:
                    failures.append(f"round {round_no}: {table}: {len(victim[table])} rows vs "
                                    f"{len(reference[table])} in the uninterrupted run")
            for provider, last in victim["series"]:
                numbers = sorted(int(s[4].split("-")[-1]) for s in victim["outbox"] if s[2] == provider)
                if numbers != list(range(1, last + 1)):
                    failures.append(f"round {round_no}: invoice series of {provider}: {numbers}")
        print(f"reference run {took:.2f} s; {ROUNDS} rounds, {interrupted} runs killed, "
              f"{finished_early} finished before the kill; {len(victim['settlements'])} settlements, "
              f"{len(victim['lines'])} lines, {len(victim['outbox'])} invoices compared")
        for f in failures:
            print("FAIL", f)
        print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
