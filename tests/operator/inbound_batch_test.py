"""Issue 19, item 4: a batch of 5,000 frames is answered once it is stored,
not after its judging. The operator's post is answered while (almost) none
of its invoices are judged yet, and the judgements reach 5,000 afterwards;
a daemon killed (SIGKILL) right after answering leaves the batch to the
next start, which judges every message exactly once, with the same
verdicts as a daemon left to run. Checked by counting, not by timing.

usage: inbound_batch_test.py SETELI OPERATOR_SIM"""
import http.client, os, sqlite3, ssl, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

FRAMES = 5000
GENERATE = os.path.join(h.SRC, "bench/memory/generate.py")


def post(d, port, body):
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=600,
                                       context=ssl.create_default_context(cafile=os.path.join(d, "ca.pem")))
    conn.request("POST", "/v1/operator/inbound", body=body, headers={"Authorization": "Bearer " + h.TOKEN})
    r = conn.getresponse()
    out = (r.status, r.read())
    conn.close()
    return out


def count(db, sql):
    return db.execute(sql).fetchone()[0]


def verdicts(db):
    """Every judged invoice: (invoice number, state, reasons), sorted."""
    return sorted(db.execute("SELECT invoice_number, state, reasons FROM invoices").fetchall())


def run(seteli, sim_bin, body, kill_after_answer):
    d = tempfile.mkdtemp(prefix="seteli-inbound-batch-")
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, None)
    config = h.write_config(d, sim.port, inbound_port)
    daemon = h.Daemon(seteli, config, d)
    db = sqlite3.connect(os.path.join(d, "seteli.db"), timeout=30)
    try:
        status, reply = post(d, inbound_port, body)
        judged_at_answer = count(db, "SELECT COUNT(*) FROM invoices")
        assert status == 200, (status, reply[:300])
        assert count(db, "SELECT COUNT(*) FROM inbound_messages") == FRAMES
        if kill_after_answer:
            daemon.kill()
            assert count(db, "SELECT COUNT(*) FROM invoices") < FRAMES
            daemon = h.Daemon(seteli, config, d)
        # Judging before answering would have judged all 5,000 by now.
        print("judged when the batch was answered: %d of %d" % (judged_at_answer, FRAMES), flush=True)
        assert judged_at_answer < FRAMES / 2, judged_at_answer
        h.wait(lambda: count(db, "SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'") == FRAMES,
               "every message processed", timeout=600)
        # Exactly once: one transmission, one verdict, one notice per message.
        assert count(db, "SELECT COUNT(*) FROM invoice_transmissions") == FRAMES
        assert count(db, "SELECT COUNT(*) FROM invoices") == FRAMES
        assert count(db, "SELECT COUNT(DISTINCT invoice_number) FROM invoices") == FRAMES
        assert count(db, "SELECT COUNT(*) FROM outbox") == count(db, "SELECT COUNT(DISTINCT message_id) FROM outbox")
        return verdicts(db)
    finally:
        daemon.stop()
        sim.stop()


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-inbound-batch-input-")
    batch = os.path.join(d, "batch.xml")
    subprocess.run([sys.executable, GENERATE, "inbound", "0", batch, str(FRAMES)], check=True)
    with open(batch, "rb") as f:
        body = f.read()
    left_to_run = run(seteli, sim_bin, body, kill_after_answer=False)
    killed = run(seteli, sim_bin, body, kill_after_answer=True)
    assert left_to_run == killed, "the verdicts differ after a kill"
    print("ok: %d frames answered before judging, judged once each, the same after a kill" % FRAMES)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
