#!/usr/bin/env python3
"""The month-to-month cycle as an organizer runs it, through the daemon.

A world made here from a seed (three providers, a rulebook of hourly,
client-free, day, meal, relief-from-arrival and balance services, a price
that falls within the year, cancellation fees) and months of traffic:
visits recorded on time and late, voided and replaced before and after
their month's run, housing absences sent open and closed later, cancelled
visits. Everything is posted to `seteli serve` in the order it was
recorded; each month is run on the 6th of the next, odd months with
`seteli run` beside the daemon and even ones through POST /v1/runs.
Checked to the cent, per provider and event:

  (a) after each run, the month as the run settled it (its own lines and
      the unpaid remainders of client-free events) equals `seteli settle`
      on everything recorded before the run;
  (b) at the end, each month as settled plus every prior-period line for
      it in later months equals `seteli settle` on the final events;
  (c) every month reconciles (`seteli reconcile`) and exports;
  (d) running every closed month again after more has arrived creates
      nothing and changes no balance statement.

usage: month_cycle_test.py SETELI sqlite|postgresql [MONTHS [SEED [SCALE]]]
SCALE multiplies the clients (17 a scale).
postgresql needs the test run's server (SETELI_TEST_PG_URL_FILE); without
it the test exits 77 (skipped).
"""
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "store"))
import pg_schema  # noqa: E402

ADMIN = "cycle-admin-token"
YEAR = 2024
HEL = dt.timezone(dt.timedelta(hours=2))  # winter; summer times get +03:00 below


def business_id(seven):
    weights = (7, 9, 10, 5, 8, 4, 2)
    r = sum(int(c) * w for c, w in zip(seven, weights)) % 11
    assert r != 1
    return f"{seven}-{0 if r == 0 else 11 - r}"


def helsinki(t):
    """A naive local datetime as ISO 8601 with Helsinki's offset (EU summer
    time from the last Sunday of March to the last Sunday of October)."""
    def last_sunday(month):
        d = dt.date(t.year, month, 31)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    summer = (dt.datetime.combine(last_sunday(3), dt.time(3)) <= t
              < dt.datetime.combine(last_sunday(10), dt.time(4)))
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ("+03:00" if summer else "+02:00")


class World:
    """Registries and the records of `months` months, from `seed`."""

    def __init__(self, months, seed, scale=1):
        self.scale = scale
        self.rng = random.Random(seed)
        self.months = [f"{YEAR}-{m:02d}" for m in range(1, months + 1)]
        self.providers = [business_id(s) for s in ("2645751", "3316624", "1442249")]
        self.records = []  # (recorded_at datetime, record dict)
        self.decisions = []
        self._decide()
        for i, month in enumerate(self.months):
            self._month(i + 1)

    # --- registries -------------------------------------------------------

    def rulebook(self):
        return f"""organizer:
  name: Testin hyvinvointialue
  business_id: "{business_id('2816165')}"
  address: {{street: "PL 1", postcode: "50100", city: "Mikkeli"}}
  einvoice: {{address: "0037{business_id('2816165').replace('-', '')}", operator: "BAWCFI22"}}
year: {YEAR}
recording_deadline_days: 5
exemption_bases:
  health: ["veroton AVL 34 §:n terveyden- ja sairaanhoitopalvelun myynti"]
  social: ["veroton AVL 37 §:n sosiaalipalvelun myynti"]
non_payable_rows: [toimistolisä]
services:
  - {{code: kotihoito, class: [social, health], unit: hour, value: {{min: "7.00", max: "27.00"}}, price_cap: "40.00"}}
  - {{code: apu, class: social, unit: hour, value: "25.00", client_free: true, monthly_quantity_cap: 30}}
  - {{code: asuminen, class: social, unit: day, value: {{min: "30.00", max: "75.00"}}, monthly_voucher_cap: "2280.00"}}
  - {{code: ateria, class: social, unit: meal, value: "3.00", monthly_voucher_cap: "60.00"}}
  - {{code: vapaa, class: social, unit: day, value: {{first_resident: "105.00", each_further: "70.00"}}, monthly_quantity_cap: 3, days_from: arrival}}
  - {{code: hb, class: social, unit: hour, value: balance}}
"""

    def providers_yaml(self):
        out = []
        prices = {"kotihoito": ("34.00", "31.50"), "apu": ("25.00", "24.00"), "asuminen": ("96.00", "90.00"),
                  "ateria": ("8.50", "8.50"), "vapaa": ("180.00", "180.00"), "hb": ("30.00", "28.00")}
        for n, bid in enumerate(self.providers):
            lines = [f'- business_id: "{bid}"', f"  name: Hoiva {n} Oy",
                     '  address: {street: "Katu 1", postcode: "50100", city: Mikkeli}',
                     f'  einvoice: {{address: "0037{bid.replace("-", "")}", operator: "BAWCFI22"}}',
                     '  bank: {iban: "FI2112345600000785", bic: NDEAFIHH}',
                     f"  self_billing: {'true' if n == 1 else 'false'}", "  approvals:"]
            for service, (before, after) in prices.items():
                fee = ', cancellation_fee: "20.00"' if service == "kotihoito" and n != 2 else ""
                lines.append(f'    - {{service: {service}, municipality: Mikkeli, valid_from: "{YEAR}-01-01", '
                             f'prices: [{{valid_from: "{YEAR}-01-01", unit_price: "{before}"}}, '
                             f'{{valid_from: "{YEAR}-03-16", unit_price: "{after}"}}]{fee}}}')
            out.append("\n".join(lines))
        return "\n".join(out) + "\n"

    def _decide(self):
        r = self.rng
        kinds = (["kotihoito"] * 5 + ["apu"] * 3 + ["asuminen"] * 3 + ["ateria"] * 2 + ["vapaa"] * 2
                 + ["hb"] * 2) * self.scale
        for i, service in enumerate(kinds):
            d = {"decision_id": f"D{i:03d}", "client": f"C{i:03d}", "municipality": "Mikkeli",
                 "valid_from": f"{YEAR}-01-01", "providers": r.sample(self.providers, 2)}
            if service == "hb":
                d["services"] = ["hb"]
                d["balance"] = {"opening": "100.00", "accrual": "400.00", "per": "month"}
            else:
                d["service"] = service
            if service == "kotihoito":
                d["voucher_value"] = f"{r.randint(7, 26)}.{r.choice(['00', '40', '60'])}"
                if i % 2:
                    d["granted"] = {"quantity": "12", "per": "month", "months": {f"{YEAR}-02": "6"}}
            if service == "apu":
                d["granted"] = {"quantity": str(r.choice([10, 20, 40])), "per": "month"}
            if service == "asuminen":
                d["voucher_value"] = r.choice(["60.00", "75.00"])
                if d["voucher_value"] == "60.00":
                    d["monthly_voucher_cap"] = "1824.00"
            if service == "vapaa":
                d["residents"] = r.randint(1, 3)
            self.decisions.append(d)

    # --- traffic ----------------------------------------------------------

    def _record(self, at, rec):
        rec["recorded_at"] = helsinki(at) if "event_id" in rec else None
        if rec["recorded_at"] is None:
            del rec["recorded_at"]
        self.records.append((at, rec))

    def _recorded(self, end):
        """When a visit that ended at `end` is recorded: mostly within a day,
        some late in the first days of the next month, some after its run."""
        r = self.rng.random()
        if r < 0.75:
            return end + dt.timedelta(hours=self.rng.randint(1, 30))
        if r < 0.9:
            return end + dt.timedelta(days=self.rng.randint(3, 9))
        return end + dt.timedelta(days=self.rng.randint(10, 25))

    def _month(self, m):
        r = self.rng
        days = (dt.date(YEAR + m // 12, m % 12 + 1, 1) - dt.date(YEAR, m, 1)).days
        n = 0
        for d in self.decisions:
            service = d.get("service", "hb")
            provider = d["providers"][0]
            base = {"provider": provider, "decision_id": d["decision_id"], "service": service}
            if service == "asuminen":
                start = r.choice([1, 1, 1, 10])
                length = days - start + 1 - r.choice([0, 0, 5])
                self._visit(base, f"{d['decision_id']}-{m:02d}", date=dt.date(YEAR, m, start), quantity=length)
                if r.random() < 0.5:
                    self._absence(d, m, days)
                continue
            count = {"ateria": 6, "vapaa": 2}.get(service, 5)
            for k in range(count):
                n += 1
                day = dt.date(YEAR, m, r.randint(1, days))
                eid = f"{d['decision_id']}-{m:02d}-{k}"
                if service == "ateria":
                    self._visit(base, eid, date=day, quantity=r.randint(3, 6))
                elif service == "vapaa":
                    start = dt.datetime.combine(day, dt.time(r.randint(8, 18)))
                    self._visit(base, eid, start=start, end=start + dt.timedelta(hours=r.choice([18, 24, 48, 49])))
                else:
                    start = dt.datetime.combine(day, dt.time(r.randint(7, 17), r.choice([0, 15, 30])))
                    end = start + dt.timedelta(minutes=r.choice([60, 90, 120, 150, 240]))
                    cancelled = service in ("kotihoito", "apu") and r.random() < 0.07
                    self._visit(base, eid, start=start, end=end, cancelled=cancelled)

    def _visit(self, base, eid, date=None, quantity=None, start=None, end=None, cancelled=False):
        e = dict(base, event_id=eid)
        if start:
            e["start"], e["end"] = helsinki(start), helsinki(end)
            ended = end
        else:
            e["date"], e["quantity"] = date.isoformat(), str(quantity)
            ended = dt.datetime.combine(date + dt.timedelta(days=quantity), dt.time(0))
        if cancelled:
            e["cancelled"] = True
        at = self._recorded(ended)
        self._record(at, e)
        r = self.rng.random()
        later = at + dt.timedelta(days=self.rng.randint(0, 12), hours=1)
        if r < 0.08:
            self._record(later, {"event_id": eid + "-V", "provider": base["provider"], "voids": eid})
        elif r < 0.16 and start:
            fixed = dict(e, event_id=eid + "-R", replaces=eid)
            fixed["end"] = helsinki(end - dt.timedelta(minutes=30)) if not base["service"] == "vapaa" else fixed["end"]
            fixed.pop("cancelled", None)
            self._record(later, fixed)

    def _absence(self, d, m, days):
        first = self.rng.randint(3, days - 8)
        aid = f"A-{d['decision_id']}-{m:02d}"
        opened = dt.datetime(YEAR, m, first, 12)
        rec = {"absence_id": aid, "decision_id": d["decision_id"], "from": f"{YEAR}-{m:02d}-{first:02d}"}
        self._record(opened, rec)
        closed = dict(rec, to=f"{YEAR}-{m:02d}-{first + self.rng.randint(1, 6):02d}")
        self._record(opened + dt.timedelta(days=self.rng.randint(1, 12)), closed)


class Cycle:
    def __init__(self, seteli, world, store, d):
        self.seteli, self.world, self.d = seteli, world, d
        for name, text in (("rulebook.yaml", world.rulebook()), ("providers.yaml", world.providers_yaml()),
                           ("decisions.jsonl", "".join(json.dumps(x) + "\n" for x in world.decisions))):
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        h = hashlib.sha256(ADMIN.encode()).hexdigest()
        self.config = os.path.join(d, "seteli.conf")
        with open(self.config, "w") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: {store}\nrulebook: {d}/rulebook.yaml\n"
                    f"providers: {d}/providers.yaml\ndecisions: {d}/decisions.jsonl\nlog: {d}/seteli.log\n"
                    f"tokens:\n  - {{name: ops, role: admin, sha256: {h}}}\n")
        port_file = os.path.join(d, "api.port")
        self.daemon = subprocess.Popen([seteli, "serve", "--config", self.config, "--port-file", port_file],
                                       cwd=d, stderr=open(os.path.join(d, "serve.err"), "w"))
        end = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            assert time.time() < end and self.daemon.poll() is None, open(os.path.join(d, "serve.err")).read()
            time.sleep(0.05)
        self.port = int(open(port_file).read())
        self.posted = []

    def api(self, method, path, body=None):
        data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body else None)
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                     headers={"Authorization": "Bearer " + ADMIN})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def post(self, records):
        if not records:
            return
        status, reply = self.api("POST", "/v1/events", "".join(json.dumps(x) + "\n" for x in records))
        assert status == 200, (status, reply)
        for rec, res in zip(records, reply["results"]):
            assert res["status"] != "rejected" or rec.get("voids"), (rec, res)
        self.posted += records

    def run(self, month):
        """Odd months through `seteli run` beside the daemon, even ones
        through POST /v1/runs, as finance may do either."""
        if int(month[5:]) % 2:
            r = subprocess.run([self.seteli, "run", "--config", self.config, "--month", month],
                               capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, (month, r.stdout[-500:], r.stderr[-500:])
            return
        status, queued = self.api("POST", "/v1/runs", {"month": month})
        assert status == 202, (status, queued)
        end = time.time() + 300
        while True:
            _, run = self.api("GET", f"/v1/runs/{queued['run_id']}")
            if run["state"] in ("done", "failed"):
                assert run["state"] == "done", run
                return
            assert time.time() < end, run
            time.sleep(0.1)

    def settled(self, month):
        """event -> [price, voucher, copay] of the month's own lines, and
        (original month, event) -> the same of its prior-period lines;
        the unpaid remainders as ("unpaid", event) -> [quantity, price]."""
        own, prior = {}, {}
        status, listing = self.api("GET", f"/v1/settlements?month={month}")
        assert status == 200, listing
        for s in listing:
            status, full = self.api("GET", f"/v1/settlements/{s['provider']}/{month}")
            assert status == 200, full
            for u in full["settlement"].get("unpaid", []):
                own[("unpaid", u["event_id"])] = [Decimal(u["quantity"]), Decimal(u["price"]), u["code"]]
            for line in full["settlement"]["lines"]:
                key = line.get("original_month")
                into = own.setdefault(line["event_id"], [Decimal(0)] * 3) if not key else \
                    prior.setdefault((key, line["event_id"]), [Decimal(0)] * 3)
                for i, k in enumerate(("price", "voucher", "copay")):
                    into[i] += Decimal(line[k])
        return own, prior

    def balances(self, month):
        status, reply = self.api("GET", f"/v1/balances?month={month}")
        assert status == 200, reply
        return reply

    def settle(self, month):
        """event -> [price, voucher, copay] by `seteli settle` on what was posted."""
        events = os.path.join(self.d, "events.jsonl")
        with open(events, "w") as f:
            f.writelines(json.dumps(x) + "\n" for x in self.posted)
        p = subprocess.run([self.seteli, "settle", "--rulebook", f"{self.d}/rulebook.yaml", "--providers",
                            f"{self.d}/providers.yaml", "--decisions", f"{self.d}/decisions.jsonl",
                            "--events", events, "--month", month], capture_output=True, text=True, timeout=120)
        assert p.returncode in (0, 1), p.stderr
        out = {}
        result = json.loads(p.stdout)
        for u in result.get("unpaid", []):
            out[("unpaid", u["event_id"])] = [Decimal(u["quantity"]), Decimal(u["price"]), u["code"]]
        for s in result["settlements"]:
            for line in s["lines"]:
                t = out.setdefault(line["event_id"], [Decimal(0)] * 3)
                for i, k in enumerate(("price", "voucher", "copay")):
                    t[i] += Decimal(line[k])
        return out

    def stop(self):
        self.daemon.terminate()
        self.daemon.wait(timeout=30)


def differences(what, got, want):
    out = []
    for e in sorted(set(got) | set(want), key=str):
        g, w = got.get(e, [Decimal(0)] * 3), want.get(e, [Decimal(0)] * 3)
        if g != w:
            out.append(f"{what}: {e}: run {[str(x) for x in g]} != settle {[str(x) for x in w]}")
    return out


def main(argv):
    seteli, backend = argv[1], argv[2]
    months = int(argv[3]) if len(argv) > 3 else 6
    seed = int(argv[4]) if len(argv) > 4 else 7
    scale = int(argv[5]) if len(argv) > 5 else 1
    schema = None
    d = tempfile.mkdtemp(prefix="seteli-cycle-")
    if backend == "postgresql":
        schema = pg_schema.fresh("month_cycle")
        if not schema:
            print("no test PostgreSQL: skipped")
            return 77
        store = schema.url
    else:
        store = f"sqlite:{d}/seteli.db"
    world = World(months, seed, scale)
    cycle = Cycle(seteli, world, store, d)
    failures, checks = [], 0
    try:
        records = sorted(world.records, key=lambda x: x[0])
        runs = world.months + [f"{YEAR}-{months + 1:02d}"] if months < 12 else world.months
        at = 0
        for month in runs:
            y, m = map(int, month.split("-"))
            run_day = dt.datetime(y + m // 12, m % 12 + 1, 6, 12)
            batch = []
            while at < len(records) and records[at][0] < run_day:
                batch.append(records[at][1])
                at += 1
            for i in range(0, len(batch), 500):
                cycle.post(batch[i:i + 500])
            cycle.run(month)
            own, _ = cycle.settled(month)
            failures += differences(f"(a) {month}", own, cycle.settle(month))
            checks += 1
        # The rest arrives after the last run; running every closed month
        # again then creates nothing and changes no statement.
        before = {m: (cycle.settled(m), cycle.balances(m)) for m in runs}
        cycle.post([rec for _, rec in records[at:]])
        for month in runs:
            cycle.run(month)
            if (cycle.settled(month), cycle.balances(month)) != before[month]:
                failures.append(f"(d) {month}: running the closed month again changed it")
            checks += 1
        prior, settled = {}, {}
        for month in runs:
            own, p = before[month][0]
            settled[month] = own
            for (orig, e), t in p.items():
                acc = prior.setdefault(orig, {}).setdefault(e, [Decimal(0)] * 3)
                for i in range(3):
                    acc[i] += t[i]
        # (b) for the months whose corrections all came before the last run.
        cycle.posted = [rec for _, rec in records[:at]]
        for month in world.months[:-1]:
            total = {e: list(t) for e, t in settled[month].items()}
            for e, t in prior.get(month, {}).items():
                acc = total.setdefault(e, [Decimal(0)] * 3)
                for i in range(3):
                    acc[i] += t[i]
            # Unpaid remainders are as the month's run saw them: not compared here.
            total = {e: t for e, t in total.items() if t != [Decimal(0)] * 3 and e[0] != "unpaid"}
            final = {e: t for e, t in cycle.settle(month).items()
                     if t != [Decimal(0)] * 3 and e[0] != "unpaid"}
            failures += differences(f"(b) {month}", total, final)
            checks += 1
        for month in runs:
            r = subprocess.run([seteli, "reconcile", "--config", cycle.config, "--month", month],
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                failures.append(f"(c) {month}: reconcile exited {r.returncode}: {r.stdout[-300:]} {r.stderr[-300:]}")
            x = subprocess.run([seteli, "export", "--config", cycle.config, "--month", month, "--kind",
                                "reconciliation"], capture_output=True, text=True, timeout=120)
            if x.returncode != 0:
                failures.append(f"(c) {month}: export exited {x.returncode}: {x.stderr[-300:]}")
            checks += 2
    finally:
        cycle.stop()
        if schema:
            schema.drop()
    for f in failures[:40]:
        print(f)
    print(f"month cycle ({backend}, {months} months, seed {seed}, {len(cycle.posted)} records): "
          f"{checks - len(set(f.split(':')[0] for f in failures))} passed, "
          f"{len(set(f.split(':')[0] for f in failures))} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
