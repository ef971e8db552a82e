#!/usr/bin/env python3
"""Settles each scenario folder with `seteli settle` and compares the result
with the folder's hand-computed expected.json.

usage: check_scenarios.py SETELI SCENARIO_DIR [SCENARIO_DIR ...]

A folder holds rulebook.yaml, providers.yaml, decisions.jsonl, events.jsonl,
expected.json and a README.md with the arithmetic. expected.json:

  month            the --month to settle
  events           {event_id: {price, voucher, copay, flags}}: the event's
                   lines summed; flags are the union over its lines and must
                   equal the list exactly
  rejected         {event_id: code}
  absent           [event_id]: no line and no rejection (optional)
  providers        {business_id: {price_total, voucher_total, copay_total}}
                   (optional)
  lines            {event_id: number of settlement lines} (optional)
  malformed_count  number of malformed_event rejections (optional; lines
                   without a readable event_id are counted here)
  unpaid           {event_id: {quantity, price, code}}: the uncovered
                   remainder of a client-free event (optional; any unpaid
                   entry not named here fails)

Also checked: no line or rejection for an event ID the expectation does not
name (malformed_event rejections excepted), and the exit code: 1 when any
rejection is expected, else 0 (2 is always a failure).

Prints one line per failed check and ends with 'N passed, M failed';
exits 1 if anything failed.
"""
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

AMOUNTS = ("price", "voucher", "copay")


def settle(seteli, folder, month):
    cmd = [seteli, "settle",
           "--rulebook", str(folder / "rulebook.yaml"),
           "--providers", str(folder / "providers.yaml"),
           "--decisions", str(folder / "decisions.jsonl"),
           "--events", str(folder / "events.jsonl"),
           "--month", month]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


class Tally:
    def __init__(self, name):
        self.name, self.passed, self.failures = name, 0, []

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append(f"{self.name}: {what}")


def check_folder(seteli, folder):
    want = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    t = Tally(folder.name)
    code, out, err = settle(seteli, folder, want["month"])
    if code not in (0, 1):
        t.check(False, f"settle exited {code}: {err.strip()[:300]}")
        return t
    try:
        result = json.loads(out)
    except ValueError as e:
        t.check(False, f"settle output is not JSON ({e}); stderr: {err.strip()[:300]}")
        return t

    # Sum the lines per event.
    sums, flags, nlines = {}, {}, {}
    for s in result.get("settlements", []):
        for line in s.get("lines", []):
            eid = line["event_id"]
            acc = sums.setdefault(eid, dict.fromkeys(AMOUNTS, Decimal(0)))
            for k in AMOUNTS:
                acc[k] += Decimal(line[k])
            flags.setdefault(eid, set()).update(line.get("flags", []))
            nlines[eid] = nlines.get(eid, 0) + 1
    rejected, malformed = {}, 0
    for r in result.get("rejected", []):
        if r.get("code") == "malformed_event":
            malformed += 1
        if r.get("event_id"):
            rejected.setdefault(r["event_id"], r.get("code"))

    for eid, exp in want["events"].items():
        got = sums.get(eid)
        if got is None:
            extra = f" (rejected {rejected[eid]})" if eid in rejected else ""
            t.check(False, f"{eid}: no settlement line{extra}")
            continue
        bad = [f"{k} {got[k]} != {exp[k]}" for k in AMOUNTS if got[k] != Decimal(exp[k])]
        if flags.get(eid, set()) != set(exp["flags"]):
            bad.append(f"flags {sorted(flags.get(eid, set()))} != {sorted(exp['flags'])}")
        t.check(not bad, f"{eid}: " + "; ".join(bad))

    for eid, exp_code in want["rejected"].items():
        got_code = rejected.get(eid)
        t.check(got_code == exp_code, f"{eid}: expected rejection {exp_code}, got "
                + (got_code or ("a line" if eid in sums else "nothing")))

    for eid in want.get("absent", []):
        t.check(eid not in sums and eid not in rejected,
                f"{eid}: expected no line and no rejection, got "
                + (f"rejection {rejected[eid]}" if eid in rejected else "a line"))

    unpaid = {u["event_id"]: u for u in result.get("unpaid", [])}
    for eid, exp in want.get("unpaid", {}).items():
        got = unpaid.get(eid)
        t.check(got is not None and Decimal(got["quantity"]) == Decimal(exp["quantity"])
                and Decimal(got["price"]) == Decimal(exp["price"]) and got["code"] == exp["code"],
                f"{eid}: unpaid {got} != {exp}")
    extra_unpaid = sorted(set(unpaid) - set(want.get("unpaid", {})))
    t.check(not extra_unpaid, "unexpected unpaid remainders for " + ", ".join(extra_unpaid))

    for eid, n in want.get("lines", {}).items():
        t.check(nlines.get(eid, 0) == n, f"{eid}: {nlines.get(eid, 0)} lines, expected {n}")

    if "malformed_count" in want:
        t.check(malformed == want["malformed_count"],
                f"{malformed} malformed_event rejections, expected {want['malformed_count']}")

    by_provider = {s.get("provider"): s for s in result.get("settlements", [])}
    for bid, exp in want.get("providers", {}).items():
        s = by_provider.get(bid)
        if s is None:
            t.check(False, f"provider {bid}: no settlement")
            continue
        bad = [f"{k} {s.get(k)} != {v}" for k, v in exp.items() if Decimal(str(s.get(k, "NaN"))) != Decimal(v)]
        t.check(not bad, f"provider {bid}: " + "; ".join(bad))

    named = set(want["events"]) | set(want["rejected"])
    unexpected = sorted((set(sums) | {e for e, c in rejected.items() if c != "malformed_event"}) - named)
    t.check(not unexpected, "unexpected lines or rejections for " + ", ".join(unexpected))

    exp_exit = 1 if (want["rejected"] or want.get("malformed_count")) else 0
    t.check(code == exp_exit, f"exit code {code}, expected {exp_exit}")
    return t


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    seteli, passed, failures = argv[1], 0, []
    for arg in argv[2:]:
        folder = Path(arg)
        if not (folder / "expected.json").is_file():
            continue  # e.g. a glob that also matched this script
        t = check_folder(seteli, folder)
        passed += t.passed
        failures += t.failures
    for f in failures:
        print(f)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
