"""The fault campaign: the same input run twice through the daemon and the
operator simulator, once fault-free and once with a share of all attempts
faulted (every kind) and the daemon killed with SIGKILL at random moments.
Afterwards, in the faulted run, every message must have arrived exactly
once by MessageId with nothing missing, and the store's totals, the
delivered MessageIds and every inbound invoice's verdict must equal the
fault-free run's. Prints the figures as JSON (docs/reliability.md).

Input (the same both times): the fixture month ingested and run (its
self-billing invoices queued), N framed messages queued in the outbox for
three providers' mailboxes; N framed provider invoices delivered by the
simulator in batch files of 5, through the daemon's receiver: the four
good invoices of the fixture month (accepted, their settlements invoiced),
every tenth a business rejection (total mismatch: rejected, no operator
notice), the rest schema-invalid (rejected, a Finvoiceack back to the
frame's From through the outbox, which must also arrive exactly once).

usage: campaign_test.py SETELI OPERATOR_SIM [N] [KILLS] [FAULT_RATE] [SEED]"""
import base64, hashlib, json, os, random, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

ORGANIZER = "003728161658"
PROVIDERS = ["003734567806", "003724712344", "003729876540"]
# Well formed (so a batch splits) but schema-invalid, no seller: rejected
# with a Finvoiceack that only the frame's From can route.
BROKEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"><Broken/></Finvoice>\n'
# The good invoices of the fixture month, each from its provider's address.
GOOD = [("good/2345678-0-2024-05.xml", "003723456780"), ("good/3012345-8-2024-05.xml", "003730123458"),
        ("good/2650011-8-2024-05.xml", "003726500118"), ("good/1960387-2-2024-05.xml", "003719603872")]
KUUSI = "003723456780"


def fixture(rel):
    with open(os.path.join(h.SRC, "fixtures/invoices", rel), encoding="utf-8") as f:
        return f.read()


def inbound_input(n):
    """The batch files to deliver and each message's bytes by MessageId."""
    good_at = {n * (k + 1) // 5: GOOD[k] for k in range(len(GOOD))}
    mismatch = fixture("malformed/total_mismatch.xml")
    messages = {}
    for i in range(n):
        mid = "CAMP-IN-%06d" % i
        if i in good_at:
            rel, sender = good_at[i]
            messages[mid] = h.frame(mid, sender, ORGANIZER, fixture(rel))
        elif i % 10 == 5:
            messages[mid] = h.frame(mid, KUUSI, ORGANIZER, mismatch)
        else:
            messages[mid] = h.frame(mid, PROVIDERS[i % 3], ORGANIZER, BROKEN)
    ids = sorted(messages)
    batches = [b"".join(messages[m] for m in ids[b:b + 5]) for b in range(0, n, 5)]
    return batches, messages


def metric(text, name):
    return sum(int(l.split()[-1]) for l in text.splitlines() if l.startswith(name + " "))


def one_run(seteli, sim_bin, n, kills, rate, seed):
    """Runs the input once; returns what the store and the simulator hold."""
    started = time.time()
    rng = random.Random(seed)
    d = tempfile.mkdtemp(prefix="seteli-campaign-")
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, inbound_port, fault_rate=rate, seed=seed, slow_ms=700)
    config = h.write_config(d, sim.port, inbound_port, connect_ms=1000, read_ms=400, senders=4,
                            max_attempts=1000, backoff_ms=20)
    run = lambda *a: subprocess.run([seteli, *a], cwd=d, capture_output=True, text=True)
    r = run("ingest", "--config", config, os.path.join(h.SRC, "fixtures/events.jsonl"))
    assert r.returncode in (0, 1), r.stderr
    r = run("run", "--config", config, "--month", "2024-05")
    assert r.returncode == 0, r.stdout + r.stderr
    db = sqlite3.connect(os.path.join(d, "seteli.db"), timeout=60)
    h.queue_sqlite(db, h.outbox_rows("CAMP-OUT", n, PROVIDERS))
    batches, messages = inbound_input(n)
    for batch in batches:
        sim.deliver(batch)

    daemon = h.Daemon(seteli, config, d)
    restarts = resumed = 0
    for _ in range(kills):
        time.sleep(rng.uniform(1.0, 4.0))
        daemon.kill()
        restarts += 1
        daemon = h.Daemon(seteli, config, d)  # its first pass hands on what the kill left stored
        resumed += metric(daemon.metrics(), 'seteli_operator_received_total{result="resumed"}')

    def done():
        queued = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'queued'").fetchone()[0]
        processed = db.execute("SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'").fetchone()[0]
        return queued == 0 and processed == n and sim.get("/counters").get("pending_deliveries") == 0
    end = time.time() + 900
    while not done():
        assert time.time() < end, "campaign did not finish"
        time.sleep(0.5)
    metrics = daemon.metrics()
    daemon.stop()
    counters = sim.get("/counters")
    boxes = sim.get("/mailboxes")
    sim.stop()

    # In: each message stored once, byte for byte, and handed on.
    rows = db.execute("SELECT message_id, sha256, raw_base64, state FROM inbound_messages").fetchall()
    assert len(rows) == n and {r[0] for r in rows} == set(messages), len(rows)
    by_digest = {}
    for mid, sha, raw64, state in rows:
        raw = base64.b64decode(raw64)
        assert hashlib.sha256(raw).hexdigest() == sha and raw in messages[mid] and state == "processed", mid
        by_digest[sha] = mid
    # The receiver judged each message once: one transmission each, one
    # verdict per invoice, keyed back to the inbound MessageId.
    transmissions = db.execute("SELECT channel, sha256 FROM invoice_transmissions").fetchall()
    assert sorted(t[1] for t in transmissions) == sorted(by_digest), len(transmissions)
    assert {t[0] for t in transmissions} == {"operator"}
    verdicts = {}
    for sha, number, state, kind, channel, outcome in db.execute(
            "SELECT t.sha256, i.invoice_number, i.state, i.notice_kind, i.notice_channel, i.notice_outcome"
            " FROM invoices i JOIN invoice_transmissions t ON t.id = i.transmission_id"):
        mid = by_digest[sha]
        assert mid not in verdicts, "judged twice: " + mid
        verdicts[mid] = [number, state, kind, channel, outcome]
    # Out: no MessageId twice in a mailbox, nor in two.
    delivered = {}
    for address, box in boxes.items():
        for m in box:
            assert m["message_id"] not in delivered, "delivered twice: " + m["message_id"]
            delivered[m["message_id"]] = address
    q = lambda sql: sorted(list(r) for r in db.execute(sql).fetchall())
    return {
        "delivered": delivered,
        "verdicts": verdicts,
        "totals": {
            "outbox": q("SELECT kind, state, COUNT(*) FROM outbox GROUP BY kind, state"),
            "invoices": q("SELECT state, notice_kind, notice_outcome, COUNT(*) FROM invoices"
                          " GROUP BY state, notice_kind, notice_outcome"),
            "settlements": q("SELECT provider, month, state, invoice_number FROM settlements"),
            "inbound": q("SELECT state, COUNT(*) FROM inbound_messages GROUP BY state"),
        },
        "counters": counters, "metrics": metrics, "restarts": restarts, "resumed": resumed,
        "seconds": round(time.time() - started, 1),
    }


def main(seteli, sim_bin, n=2000, kills=4, rate=0.3, seed=7):
    free = one_run(seteli, sim_bin, n, 0, 0.0, seed)
    assert sum(free["counters"].get(k, 0) for k in free["counters"] if k.startswith("fault_")) == 0
    faulted = one_run(seteli, sim_bin, n, kills, rate, seed)

    # Exactly once, nothing missing: the same MessageIds in the same
    # mailboxes, the same verdict for every inbound message, the same totals.
    missing = sorted(set(free["delivered"]) - set(faulted["delivered"]))
    extra = sorted(set(faulted["delivered"]) - set(free["delivered"]))
    assert not missing and not extra, ("missing", missing[:5], "extra", extra[:5])
    assert faulted["delivered"] == free["delivered"]
    differing = [m for m in free["verdicts"] if free["verdicts"][m] != faulted["verdicts"].get(m)]
    assert not differing and len(faulted["verdicts"]) == n, differing[:5]
    assert faulted["totals"] == free["totals"], (faulted["totals"], free["totals"])
    accepted = sum(1 for v in free["verdicts"].values() if v[1] == "accepted")
    assert accepted == len(GOOD), accepted
    acks = sum(1 for m in free["delivered"] if m.startswith("SETELI-ACK-"))

    counters = faulted["counters"]
    faults = {k: v for k, v in counters.items() if k.startswith("fault_")}
    dup_daemon = metric(faulted["metrics"], 'seteli_operator_received_total{result="duplicate"}')
    figures = {
        "messages_out": len(faulted["delivered"]), "finvoiceacks_out": acks, "messages_in": n,
        "inbound_accepted": accepted, "inbound_rejected": n - accepted,
        "attempts_to_operator": counters.get("attempts_in", 0),
        "attempts_to_daemon": counters.get("attempts_out", 0),
        "faults_injected": sum(faults.values()), "faults_by_kind": faults,
        "sigkill_restarts": faulted["restarts"],
        "inbound_handed_on_again_after_a_kill": faulted["resumed"],
        "duplicates_suppressed_by_operator": counters.get("duplicates_suppressed", 0),
        "duplicate_deliveries_by_operator": counters.get("duplicate_deliveries", 0),
        "duplicates_suppressed_by_daemon_last_process": dup_daemon,
        "lost": len(missing), "duplicated": len(extra),
        "store_totals_both_runs": faulted["totals"]["outbox"] + faulted["totals"]["invoices"],
        "seconds_fault_free": free["seconds"], "seconds_faulted": faulted["seconds"],
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    a = sys.argv
    main(a[1], a[2], int(a[3]) if len(a) > 3 else 2000, int(a[4]) if len(a) > 4 else 4,
         float(a[5]) if len(a) > 5 else 0.3, int(a[6]) if len(a) > 6 else 7)
