#!/usr/bin/env python3
"""bench/soak: `seteli serve` under a working month's load for a long time.

    bench/soak/run.sh [MINUTES] [sqlite|postgresql]      (defaults 10, sqlite)

One daemon with the operator exchange on, the operator simulator beside it
(test CA made here by openssl), and at the same time:
  - one thread per provider posting batches of events (JSON Lines) for the
    current month, with a few late ones into the month before (1 %,
    --late-fraction);
  - a finance thread that closes each month with POST /v1/runs once the
    providers have moved on, and follows the run to its end; self-billing
    invoices leave through the outbox to the simulator's mailboxes;
  - an operator thread that delivers provider invoices through the
    simulator to the daemon's inbound endpoint (good and malformed ones, so
    acceptances and returns go back out).
The daemon's resident memory is sampled every 10 s. At the end it prints
throughput, p50/p99 latency of event batches, memory over time (every
sample, then those taken while no month run was in progress), and every
error; it exits 1 on any unexpected error or if memory between runs kept
growing: resident, or in use by live allocations as the allocator counts
them (seteli_heap_bytes on /metrics).
A benchmark, not a test: `make test` never runs it.
"""
import argparse, hashlib, json, os, random, shutil, statistics, subprocess, sys, tempfile
import threading, time, http.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "operator"))
sys.path.insert(0, os.path.join(ROOT, "bench", "run"))
import exchange_harness as hx  # noqa: E402
from generate import make_decision  # noqa: E402  (the realistic service mix of bench/run)

FINANCE = "soak-finance"
BATCH = 200
FIRST_MONTH = (2024, 1)


def token_line(name, role, token, business_id=None):
    digest = hashlib.sha256(token.encode()).hexdigest()
    bid = f', business_id: "{business_id}"' if business_id else ""
    return f"  - {{name: {name}, role: {role}{bid}, sha256: {digest}}}\n"


def month_of(index):
    y, m = FIRST_MONTH
    m += index
    return f"{y + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}"


class Decisions:
    """Clients with their decisions over the fixture providers."""

    def __init__(self, clients, rng):
        self.by_provider = {}
        self.lines = []
        for c in range(clients):
            d, (_, provider, service, _, unit, _) = make_decision(c, rng, prefix="S", grants=False)
            self.lines.append(json.dumps(d, ensure_ascii=False))
            self.by_provider.setdefault(provider, []).append((d["decision_id"], service, unit))


def make_event(provider, decision, month, serial, rng):
    decision_id, service, unit = decision
    day = rng.randint(1, 28)
    e = {"event_id": f"S-{provider}-{serial:08d}", "provider": provider,
         "decision_id": decision_id, "service": service}
    if unit == "hour":
        start = rng.randint(7 * 60, 20 * 60)
        end = min(start + rng.choice([30, 45, 60, 90, 120]), 23 * 60 + 59)
        e["start"] = f"{month}-{day:02d}T{start // 60:02d}:{start % 60:02d}:00+02:00"
        e["end"] = f"{month}-{day:02d}T{end // 60:02d}:{end % 60:02d}:00+02:00"
    else:
        e["date"] = f"{month}-{day:02d}"
        e["quantity"] = "1"
    e["recorded_at"] = f"{month}-{day:02d}T21:00:00+02:00"
    return json.dumps(e, ensure_ascii=False)


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.counts = {}
        self.errors = []

    def add(self, key, n=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n

    def error(self, text):
        with self.lock:
            self.errors.append(text)


def request(port, method, path, token, body=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": "Bearer " + token}
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


class Soak:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.stop = threading.Event()
        self.month_index = 0  # the month the providers post into now
        self.tally = Tally()
        self.rss = []  # (seconds since start, KiB)
        self.run_in_progress = False
        self.idle_rss = []  # the samples taken while no month run was in progress
        self.idle_heap = []  # (seconds, KiB in use, KiB mapped, KiB metadata), the allocator's

    def provider_loop(self, provider, token, decisions, seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=60)
        serial = 0
        # Paced: the providers together post events_per_second on average.
        interval = BATCH * len(self.tokens) / self.args.events_per_second
        next_at = time.monotonic()
        while not self.stop.is_set():
            next_at += interval
            self.stop.wait(max(0.0, next_at - time.monotonic()))
            current = self.month_index
            lines = []
            for _ in range(BATCH):
                late = current > 0 and rng.random() < self.args.late_fraction
                month = month_of(current - 1 if late else current)
                lines.append(make_event(provider, rng.choice(decisions), month, serial, rng))
                serial += 1
            body = "\n".join(lines) + "\n"
            started = time.monotonic()
            try:
                conn.request("POST", "/v1/events", body=body,
                             headers={"Authorization": "Bearer " + token,
                                      "Content-Type": "application/x-ndjson"})
                r = conn.getresponse()
                payload = r.read()
            except (OSError, http.client.HTTPException) as e:
                self.tally.error(f"{provider}: {e!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=60)
                continue
            took = time.monotonic() - started
            if r.status != 200:
                self.tally.error(f"{provider}: POST /v1/events {r.status} {payload[:200]!r}")
                continue
            verdicts = json.loads(payload)
            with self.tally.lock:
                self.tally.latencies.append(took)
            self.tally.add("events_posted", BATCH)
            self.tally.add("events_accepted", verdicts.get("accepted", 0))
            if verdicts.get("accepted", 0) != BATCH:
                self.tally.error(f"{provider}: {BATCH - verdicts.get('accepted', 0)} not accepted: "
                                 f"{payload[:300]!r}")

    def finance_loop(self):
        started = time.monotonic()
        while not self.stop.is_set():
            # The providers move to the next month every month_seconds; the
            # month they left is closed while they post into the new one.
            elapsed = time.monotonic() - started
            target = int(elapsed // self.args.month_seconds)
            if target <= self.month_index:
                self.stop.wait(1)
                continue
            closing = month_of(self.month_index)
            self.month_index = target
            status, body = request(self.daemon.port, "POST", "/v1/runs", FINANCE,
                                   json.dumps({"month": closing}))
            if status != 202:
                self.tally.error(f"POST /v1/runs {closing}: {status} {body[:200]!r}")
                continue
            run_id = json.loads(body)["run_id"]
            self.run_in_progress = True
            t0 = time.monotonic()
            while True:
                status, body = request(self.daemon.port, "GET", f"/v1/runs/{run_id}", FINANCE)
                state = json.loads(body).get("state") if status == 200 else None
                if state in ("done", "failed"):
                    break
                time.sleep(0.5)
            self.run_in_progress = False
            self.tally.add("runs_" + state)
            with self.tally.lock:
                self.tally.counts.setdefault("run_seconds", []).append(
                    (closing, round(time.monotonic() - t0, 1)))
            if state != "done":
                self.tally.error(f"run {closing}: {body[:300]!r}")

    def operator_loop(self):
        rng = random.Random(7)
        invoices = []
        for kind in ("good", "malformed"):
            folder = os.path.join(ROOT, "fixtures", "invoices", kind)
            for name in sorted(os.listdir(folder)):
                if name.endswith(".xml"):
                    with open(os.path.join(folder, name), encoding="utf-8") as f:
                        invoices.append(f.read())
        serial = 0
        while not self.stop.is_set():
            text = rng.choice(invoices)
            serial += 1
            message_id = f"soak-in-{serial:07d}"
            try:
                self.sim.deliver(hx.frame(message_id, "003723456780", "003728161658", text))
                self.tally.add("invoices_delivered")
            except OSError as e:
                self.tally.error(f"operator deliver: {e!r}")
            self.stop.wait(1.0 / self.args.invoices_per_second)

    def sample_memory(self, started):
        while not self.stop.wait(10):
            running = self.run_in_progress
            seconds = round(time.monotonic() - started)
            with open(f"/proc/{self.daemon.proc.pid}/status") as f:
                kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            self.rss.append((seconds, kb))
            if running:
                continue
            heap = self.heap_use()  # only between runs: that is all the verdict reads
            if not self.run_in_progress:
                self.idle_rss.append((seconds, kb))
                if heap:
                    self.idle_heap.append((seconds,) + heap)

    def heap_use(self):
        """The allocator's (in use, mapped, metadata) in KiB from /metrics, or None."""
        try:
            text = self.daemon.metrics()
        except OSError as e:
            self.tally.error(f"GET /metrics: {e}")
            return None
        kinds = {}
        for line in text.splitlines():
            if line.startswith("seteli_heap_bytes{kind="):
                kind, value = line[len("seteli_heap_bytes{kind="):].split("} ")
                kinds[kind.strip('"')] = int(value) // 1024
        return tuple(kinds.get(k, 0) for k in ("in_use", "mapped", "metadata")) if kinds else None

    def run(self):
        a = self.args
        hx.make_ca(self.work)
        rng = random.Random(42)
        decisions = Decisions(a.clients, rng)
        with open(os.path.join(self.work, "decisions.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(decisions.lines) + "\n")
        inbound_port = hx.free_port()
        self.sim = hx.Sim(a.sim, self.work, inbound_port)
        config = hx.write_config(self.work, self.sim.port, inbound_port, store=a.store_url)
        with open(config, encoding="utf-8") as f:
            text = f.read()
        text = text.replace(f"{hx.SRC}/fixtures/decisions.jsonl",
                            os.path.join(self.work, "decisions.jsonl"))
        text += "tokens:\n" + token_line("finance", "finance", FINANCE)
        self.tokens = tokens = {}
        for provider in decisions.by_provider:
            tokens[provider] = "soak-" + provider
            text += token_line("p" + provider, "provider", tokens[provider], provider)
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)
        self.daemon = hx.Daemon(a.seteli, config, self.work)
        started = time.monotonic()
        threads = [threading.Thread(target=self.provider_loop,
                                    args=(p, tokens[p], decisions.by_provider[p], i))
                   for i, p in enumerate(decisions.by_provider)]
        threads += [threading.Thread(target=self.finance_loop),
                    threading.Thread(target=self.operator_loop),
                    threading.Thread(target=self.sample_memory, args=(started,))]
        for t in threads:
            t.start()
        self.stop.wait(a.minutes * 60)
        self.stop.set()
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
        sent = self.drain_outbox()
        metrics = self.daemon.metrics()
        self.daemon.stop()
        self.sim.stop()
        return self.report(seconds, sent, metrics)

    def drain_outbox(self, timeout=120):
        """Waits until the outbox is empty; returns the mailbox counts."""
        end = time.time() + timeout
        while time.time() < end:
            if "\nseteli_outbox_queued 0\n" in self.daemon.metrics():
                break
            time.sleep(1)
        else:
            self.tally.error("outbox not drained within %d s" % timeout)
        return self.sim.get("/counters")

    def report(self, seconds, sim_stats, metrics):
        t = self.tally
        lat = sorted(t.latencies)
        pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0.0
        print(f"soak: {seconds / 60:.1f} min, store {self.args.store_kind}, "
              f"{len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f}")
        print(f"events: {t.counts.get('events_accepted', 0)} accepted of "
              f"{t.counts.get('events_posted', 0)} posted, "
              f"{t.counts.get('events_accepted', 0) / seconds:.0f}/s over the whole soak")
        print(f"event batches of {BATCH}: {len(lat)}, p50 {pct(0.50):.1f} ms, "
              f"p99 {pct(0.99):.1f} ms, max {pct(1.0):.1f} ms")
        print(f"months closed: {t.counts.get('runs_done', 0)} done, "
              f"{t.counts.get('runs_failed', 0)} failed; run seconds {t.counts.get('run_seconds', [])}")
        print(f"invoices delivered in: {t.counts.get('invoices_delivered', 0)}; "
              f"simulator: {json.dumps(sim_stats, sort_keys=True)}")
        for line in metrics.splitlines():
            if line.startswith(("seteli_outbox", "seteli_operator", "seteli_store_errors")):
                print("  " + line)
        print("memory (RSS of the daemon, MiB) over time:")
        print("  " + ", ".join(f"{s}s {kb / 1024:.0f}" for s, kb in self.rss))
        print(f"all samples after the first quarter: "
              f"{'higher' if self.memory_grew(self.rss) else 'flat'} (runs included)")
        # A run's own working set comes and goes with it, and is as large as
        # the month it settles (later months read more late-event history);
        # what stays between runs is what a leak or retained heap shows in,
        # so that is the verdict.
        print("between runs: " + ", ".join(f"{s}s {kb / 1024:.0f}" for s, kb in self.idle_rss))
        grew = self.memory_grew(self.idle_rss)
        print(f"between runs after the first quarter: {'GROWING' if grew else 'flat'}")
        print("allocator between runs (MiB in use / mapped / metadata): " +
              ", ".join(f"{s}s {u / 1024:.0f}/{m / 1024:.0f}/{d / 1024:.1f}"
                        for s, u, m, d in self.idle_heap))
        in_use_grew = self.memory_grew([(s, u) for s, u, _, _ in self.idle_heap])
        print(f"in use between runs after the first quarter: "
              f"{'GROWING' if in_use_grew else 'flat'}")
        print(f"errors: {len(t.errors)}")
        for e in t.errors[:20]:
            print("  " + e)
        return 1 if t.errors or grew or in_use_grew else 0

    @staticmethod
    def memory_grew(samples):
        """Growth in the last half beyond 10 % of the second quarter's level
        counts as a leak; the first quarter is warm-up (caches, pools)."""
        if len(samples) < 8:
            return False
        n = len(samples)
        second_quarter = max(kb for _, kb in samples[n // 4:n // 2])
        last_half = max(kb for _, kb in samples[n // 2:])
        return last_half > second_quarter * 1.10


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seteli", default=os.path.join(ROOT, "build", "seteli"))
    p.add_argument("--sim", default=os.path.join(ROOT, "build", "operator-sim"))
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--month-seconds", type=float, default=60)
    p.add_argument("--clients", type=int, default=5000)
    p.add_argument("--events-per-second", type=float, default=2000,
                   help="all providers together, on average")
    p.add_argument("--invoices-per-second", type=float, default=2)
    p.add_argument("--late-fraction", type=float, default=0.01,
                   help="events recorded late, into the month before (each sends its client's group"
                        " through its history at the next run)")
    p.add_argument("--store", dest="store_kind", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--store-url", default="")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="seteli-soak.")
    os.chmod(work, 0o755)
    if not args.store_url:
        args.store_url = "sqlite:" + os.path.join(work, "seteli.db")
    try:
        return Soak(args, work).run()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
