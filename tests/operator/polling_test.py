"""The daemon polling an operator mailbox (`mailbox_url`) instead of being
posted to: files waiting in the simulator (run without delivery) are
fetched over HTTPS, stored, confirmed, and go through the receiver like a
post: each provider invoice judged once, a rejection's Finvoiceack back in
the sender's mailbox. A fault-injected run (refused, reset, 5xx, slow and
lost replies on the polls and confirmations) leaves the same result: a file
fetched again before it was confirmed is a duplicate, not judged twice.

usage: polling_test.py SETELI OPERATOR_SIM"""
import os, sqlite3, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

ORGANIZER = "003728161658"
PROVIDERS = ["003734567806", "003724712344", "003729876540"]
BROKEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"><Broken/></Finvoice>\n'
N = 40  # in files of 4


def one_run(seteli, sim_bin, fault_rate):
    d = tempfile.mkdtemp(prefix="seteli-poll-")
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, None, fault_rate=fault_rate, seed=3, slow_ms=700)
    config = h.write_config(d, sim.port, inbound_port, read_ms=400, extra=(
        f"  mailbox_url: https://127.0.0.1:{sim.port}/mailbox/{ORGANIZER}\n  mailbox_poll_seconds: 1\n"))
    for b in range(0, N, 4):
        sim.deliver(b"".join(h.frame("POLL-IN-%04d" % i, PROVIDERS[i % 3], ORGANIZER, BROKEN)
                             for i in range(b, b + 4)))
    daemon = h.Daemon(seteli, config, d)
    db = sqlite3.connect(os.path.join(d, "seteli.db"), timeout=30)
    try:
        h.wait(lambda: sim.get("/counters").get("pending_deliveries") == 0, "every file confirmed", timeout=90)
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0] == N,
               "a Finvoiceack out for each")
        counters = sim.get("/counters")
        boxes = sim.get("/mailboxes")
    finally:
        daemon.stop()
        sim.stop()
    rows = db.execute("SELECT message_id, channel, state FROM inbound_messages").fetchall()
    assert sorted(r[0] for r in rows) == ["POLL-IN-%04d" % i for i in range(N)], rows
    assert {(r[1], r[2]) for r in rows} == {("poll", "processed")}, rows
    verdicts = db.execute("SELECT state, notice_kind, notice_outcome, COUNT(*) FROM invoices"
                          " GROUP BY state, notice_kind, notice_outcome").fetchall()
    assert verdicts == [("rejected", "finvoice_ack", "queued", N)], verdicts
    assert db.execute("SELECT COUNT(*) FROM invoice_transmissions").fetchone()[0] == N
    for i in range(N):  # each answer in its sender's mailbox, once
        box = boxes.get(PROVIDERS[i % 3], [])
        assert sum("POLL-IN-%04d" % i in m["body"] for m in box) == 1, i
    return counters


def main(seteli, sim_bin):
    clean = one_run(seteli, sim_bin, 0.0)
    assert clean.get("picked_up") == N // 4, clean
    faulted = one_run(seteli, sim_bin, 0.4)
    faults = {k: v for k, v in faulted.items() if k.startswith("fault_in_")}
    assert sum(faults.values()) > 0, faulted
    print("polling ok:", N, "invoices fetched, judged and answered once; fault-free fetches",
          clean.get("mailbox_fetches"), "; with faults", faulted.get("mailbox_fetches"), faults)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
