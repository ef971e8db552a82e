"""The fault campaign: N messages each way through the operator simulator
with a share of all attempts faulted (every kind), and the daemon killed
with SIGKILL at random moments. Afterwards every message must have arrived
exactly once by MessageId, nothing missing, and the store's totals must be
those of a fault-free run. Prints the figures as JSON (docs/reliability.md).

Out: N framed messages queued in the outbox (to the providers' mailboxes),
plus one Finvoiceack per inbound message (each inbound invoice is
deliberately malformed, so each is rejected: the rejections travel back
through the outbox and must also arrive exactly once).
In: N framed invoices delivered by the simulator in batch files of 5.

usage: campaign_test.py SETELI OPERATOR_SIM [N] [KILLS] [FAULT_RATE] [SEED]"""
import base64, hashlib, json, os, random, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

ORGANIZER = "003728161658"
PROVIDERS = ["003734567806", "003724712344", "003729876540"]
# Well formed (so a batch splits) but schema-invalid: each is rejected with a Finvoiceack.
BROKEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"><Broken/></Finvoice>\n'


def seed_outbox(db, n):
    at = "2000-01-01T00:00:00.000Z"
    for i in range(n):
        mid = "CAMP-OUT-%06d" % i
        body = h.frame(mid, ORGANIZER, PROVIDERS[i % 3],
                       '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"/>\n').decode()
        db.execute("INSERT INTO outbox (message_id, kind, provider, month, subject, body, state,"
                   " attempts, next_attempt_at, last_error, created_at, updated_at) VALUES"
                   " (?, 'campaign', ?, '2024-05', ?, ?, 'queued', 0, ?, '', ?, ?)",
                   (mid, PROVIDERS[i % 3], mid, body, at, at, at))
    db.commit()


def main(seteli, sim_bin, n=2000, kills=4, rate=0.3, seed=7):
    started = time.time()
    rng = random.Random(seed)
    d = tempfile.mkdtemp(prefix="seteli-campaign-")
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, inbound_port, fault_rate=rate, seed=seed, slow_ms=700)
    config = h.write_config(d, sim.port, inbound_port, connect_ms=1000, read_ms=400, senders=4,
                            max_attempts=1000, backoff_ms=20)
    r = subprocess.run([seteli, "outbox", "--config", config], cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # creates and migrates the store
    db = sqlite3.connect(os.path.join(d, "seteli.db"), timeout=60)
    seed_outbox(db, n)

    expected_in = {}
    for b in range(0, n, 5):
        batch = b""
        for i in range(b, min(b + 5, n)):
            mid = "CAMP-IN-%06d" % i
            one = h.frame(mid, PROVIDERS[i % 3], ORGANIZER, BROKEN)
            expected_in[mid] = one
            batch += one
        sim.deliver(batch)

    daemon = h.Daemon(seteli, config, d)
    restarts = 0
    for _ in range(kills):
        time.sleep(rng.uniform(1.0, 4.0))
        daemon.kill()
        restarts += 1
        daemon = h.Daemon(seteli, config, d)

    def done():
        sent = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
        processed = db.execute("SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'").fetchone()[0]
        c = sim.get("/counters")
        return sent == 2 * n and processed == n and c.get("pending_deliveries") == 0
    end = time.time() + 600
    while not done():
        assert time.time() < end, "campaign did not finish"
        time.sleep(0.5)
    metrics = daemon.metrics()
    daemon.stop()
    counters = sim.get("/counters")
    boxes = sim.get("/mailboxes")
    sim.stop()

    # Out: each message exactly once, none missing, in the right mailbox.
    got = [m["message_id"] for box in boxes.values() for m in box]
    assert len(got) == len(set(got)) == 2 * n, (len(got), len(set(got)))
    want_out = {"CAMP-OUT-%06d" % i for i in range(n)}
    assert want_out <= set(got)
    acks = [m for box in boxes.values() for m in box if m["message_id"].startswith("ACK-")]
    assert len(acks) == n
    for address, box in boxes.items():
        assert address in PROVIDERS, address
    # In: each message stored once, byte for byte, and handed on.
    rows = db.execute("SELECT message_id, sha256, raw_base64 FROM inbound_messages").fetchall()
    assert len(rows) == n and {r[0] for r in rows} == set(expected_in)
    for mid, sha, raw64 in rows:  # the frame and its message exactly as delivered
        raw = base64.b64decode(raw64)
        assert hashlib.sha256(raw).hexdigest() == sha and raw in expected_in[mid], mid
    # The store's totals are a fault-free run's: 2N sent, none failed or queued.
    totals = dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    assert totals == {"sent": 2 * n}, totals
    faults_in = sum(v for k, v in counters.items() if k.startswith("fault_in_"))
    faults_out = sum(v for k, v in counters.items() if k.startswith("fault_out_"))
    dup_daemon = sum(int(l.split()[-1]) for l in metrics.splitlines()
                     if l.startswith('seteli_operator_received_total{result="duplicate"}'))
    figures = {
        "messages_out": 2 * n, "messages_in": n,
        "attempts_to_operator": counters.get("attempts_in", 0),
        "attempts_to_daemon": counters.get("attempts_out", 0),
        "faults_injected": faults_in + faults_out,
        "faults_by_kind": {k: v for k, v in counters.items() if k.startswith("fault_")},
        "sigkill_restarts": restarts,
        "duplicates_suppressed_by_operator": counters.get("duplicates_suppressed", 0),
        "duplicate_deliveries_by_operator": counters.get("duplicate_deliveries", 0),
        "duplicates_suppressed_by_daemon_last_process": dup_daemon,
        "lost": 0, "seconds": round(time.time() - started, 1),
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    a = sys.argv
    main(a[1], a[2], int(a[3]) if len(a) > 3 else 2000, int(a[4]) if len(a) > 4 else 4,
         float(a[5]) if len(a) > 5 else 0.3, int(a[6]) if len(a) > 6 else 7)
