"""End to end through the operator simulator, on loopback with a test CA:
fixtures in, month run, self-billing invoices out to the providers'
mailboxes; a provider's malformed invoice in and a Finvoiceack out to that
provider; a good invoice in and accepted (no rejection). Also: outbox
listing, metrics, and that a resend of a delivered message is a duplicate.

usage: e2e_test.py SETELI OPERATOR_SIM"""
import os, re, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

ORGANIZER = "003728161658"
PROVIDER = "003734567806"  # self-billing provider of the fixtures


def wait(cond, what, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-e2e-")
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, inbound_port)
    config = h.write_config(d, sim.port, inbound_port)
    run = lambda *a: subprocess.run([seteli, *a], cwd=d, capture_output=True, text=True)
    r = run("ingest", "--config", config, os.path.join(h.SRC, "fixtures/events.jsonl"))
    assert r.returncode in (0, 1), r.stderr
    r = run("run", "--config", config, "--month", "2024-05")
    assert r.returncode == 0, r.stdout + r.stderr
    db = sqlite3.connect(os.path.join(d, "seteli.db"))
    queued = [row[0] for row in db.execute("SELECT message_id FROM outbox WHERE state = 'queued'")]
    assert len(queued) >= 2, queued
    r = run("outbox", "--config", config)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == len(queued), r.stdout + r.stderr

    daemon = h.Daemon(seteli, config, d)
    try:
        # Out: every self-billing invoice in its provider's mailbox, once.
        def delivered():
            boxes = sim.get("/mailboxes")
            ids = [m["message_id"] for box in boxes.values() for m in box]
            return boxes if sorted(ids) == sorted(queued) else None
        boxes = wait(delivered, "self-billing invoices in the mailboxes")
        assert PROVIDER in boxes, boxes.keys()
        assert ORGANIZER not in boxes
        invoice = boxes[PROVIDER][0]["body"]
        assert "<InvoiceTypeCode>INV07</InvoiceTypeCode>" in invoice or "INV07" in invoice
        wait(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
             == len(queued), "outbox marked sent")

        # In: a malformed invoice from the provider -> a Finvoiceack to it.
        bad_id = "PROV-BAD-0001"
        sim.deliver(h.frame(bad_id, PROVIDER, ORGANIZER,
                            '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"><Broken>\n'))
        # In: a good invoice (the provider's own copy of its invoice, sent back).
        message = invoice[invoice.index("<?xml", 10):]
        good_id = "PROV-GOOD-0001"
        sim.deliver(h.frame(good_id, PROVIDER, ORGANIZER, message))
        wait(lambda: db.execute("SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'")
             .fetchone()[0] == 2, "both inbound messages processed")

        def ack_arrived():
            box = sim.get("/mailboxes").get(PROVIDER, [])
            return [m for m in box if "Finvoiceack" in m["body"]]
        acks = wait(ack_arrived, "the Finvoiceack in the provider's mailbox")
        assert len(acks) == 1 and bad_id in acks[0]["body"], acks
        # The good invoice got no rejection.
        assert good_id not in acks[0]["body"]

        # The same MessageId again: acknowledged, not processed again.
        sim.deliver(h.frame(bad_id, PROVIDER, ORGANIZER,
                            '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"><Broken>\n'))
        wait(lambda: sim.get("/counters").get("pending_deliveries") == 0, "redelivery")
        time.sleep(0.5)
        assert db.execute("SELECT COUNT(*) FROM inbound_messages").fetchone()[0] == 2
        assert len(ack_arrived()) == 1
        metrics = daemon.metrics()
        assert re.search(r'seteli_operator_received_total\{result="duplicate"\} 1', metrics), metrics
        assert re.search(r'seteli_operator_sends_total\{result="sent"\} %d' % (len(queued) + 1), metrics), metrics
        assert "seteli_outbox_queued 0" in metrics, metrics
    finally:
        daemon.stop()
        sim.stop()

    # Requeue: a failed message goes back to queued with its MessageId.
    db.execute("UPDATE outbox SET state = 'failed', last_error = 'test' WHERE message_id = ?", (queued[0],))
    db.commit()
    r = run("outbox", "--config", config, "--state", "failed")
    assert queued[0] in r.stdout and "test" in r.stdout, r.stdout
    r = run("outbox", "--config", config, "--requeue", queued[0])
    assert r.returncode == 0, r.stderr
    assert db.execute("SELECT state FROM outbox WHERE message_id = ?", (queued[0],)).fetchone()[0] == "queued"
    r = run("outbox", "--config", config, "--requeue", "no-such-message")
    assert r.returncode == 1
    print("e2e ok:", len(queued), "self-billing invoices out, 1 rejection out, 1 accepted, 1 duplicate")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
