"""End to end through the operator simulator, on loopback with a test CA:
fixtures in, month run, self-billing invoices out to the providers'
mailboxes; through the daemon's receiver, a provider's malformed invoice in
and a Finvoiceack out to that provider's mailbox, its good invoice in and
accepted (its settlement invoiced), both visible in the store and the API.
Also: outbox listing, metrics, and that a resend of a delivered message is
a duplicate.

usage: e2e_test.py SETELI OPERATOR_SIM"""
import json, os, re, sqlite3, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

ORGANIZER = "003728161658"
PROVIDER = "003734567806"  # self-billing provider of the fixtures
KUUSI_ADDRESS = "003723456780"  # Hoivapalvelu Kuusi Oy (2345678-0), invoices itself


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-e2e-")
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, inbound_port)
    config = h.write_config(d, sim.port, inbound_port, finance_token=True)
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

    # Which build this is (issue 19, item 9): the CLI, /healthz, /metrics
    # and the start log say the same version.
    r = run("--version")
    version = re.fullmatch(r"seteli (\d+\.\d+\.\d+) \(store schema \d+\)\n", r.stdout)
    assert r.returncode == 0 and version, r.stdout + r.stderr
    version = version.group(1)

    daemon = h.Daemon(seteli, config, d)
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % daemon.port, timeout=10) as resp:
            assert json.loads(resp.read())["version"] == version
        assert 'seteli_build_info{version="%s"} 1' % version in daemon.metrics()
        with open(os.path.join(d, "seteli.log")) as f:
            started = [json.loads(l) for l in f if '"listening"' in l]
        assert started and started[0]["version"] == version, started
        # Out: every self-billing invoice in its provider's mailbox, once.
        def delivered():
            boxes = sim.get("/mailboxes")
            ids = [m["message_id"] for box in boxes.values() for m in box]
            return boxes if sorted(ids) == sorted(queued) else None
        boxes = h.wait(delivered, "self-billing invoices in the mailboxes")
        assert PROVIDER in boxes, boxes.keys()
        assert ORGANIZER not in boxes
        invoice = boxes[PROVIDER][0]["body"]
        assert "<InvoiceTypeCode>INV07</InvoiceTypeCode>" in invoice or "INV07" in invoice
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
               == len(queued), "outbox marked sent")

        # In, through the receiver: a provider's malformed invoice (schema
        # invalid) -> rejected, a Finvoiceack out to that provider's mailbox
        # (the frame's From), naming the received MessageId.
        fixture = lambda rel: open(os.path.join(h.SRC, "fixtures/invoices", rel), encoding="utf-8").read()
        bad_id = "PROV-BAD-0001"
        bad = h.frame(bad_id, KUUSI_ADDRESS, ORGANIZER, fixture("malformed/schema_invalid.xml"))
        sim.deliver(bad)
        # In: the same provider's good invoice for its settlement -> accepted.
        good_id = "PROV-GOOD-0001"
        sim.deliver(h.frame(good_id, KUUSI_ADDRESS, ORGANIZER, fixture("good/2345678-0-2024-05.xml")))
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'")
               .fetchone()[0] == 2, "both inbound messages processed")

        def ack_arrived():
            box = sim.get("/mailboxes").get(KUUSI_ADDRESS, [])
            return [m for m in box if "Finvoiceack" in m["body"]]
        acks = h.wait(ack_arrived, "the Finvoiceack in the provider's mailbox")
        assert len(acks) == 1, acks
        ack = acks[0]["body"]
        assert "<eb:RefToMessageId>%s</eb:RefToMessageId>" % bad_id in ack, ack
        assert "<RefToMessageIdentifier>%s</RefToMessageIdentifier>" % bad_id in ack, ack
        assert acks[0]["message_id"].startswith("SETELI-ACK-"), acks[0]["message_id"]
        assert good_id not in ack  # the good invoice got no rejection
        # The verdicts, in the store and through the API.
        states = dict(db.execute("SELECT invoice_number, state FROM invoices").fetchall())
        assert states == {"KU-2024-0599": "rejected", "KU-2024-0517": "accepted"}, states
        settlement = db.execute("SELECT state FROM settlements WHERE provider = '2345678-0'"
                                " AND month = '2024-05'").fetchone()[0]
        assert settlement == "invoiced", settlement
        listed = {i["invoice_number"]: i for i in daemon.api("/v1/invoices")["invoices"]}
        assert listed["KU-2024-0517"]["state"] == "accepted", listed
        rejected = listed["KU-2024-0599"]
        assert rejected["state"] == "rejected" and rejected["notice"]["kind"] == "finvoice_ack", rejected
        assert rejected["notice"]["channel"] == "operator" and rejected["notice"]["outcome"] == "queued"
        assert any(r["code"] == "schema_invalid" for r in rejected["reasons"]), rejected

        # The same MessageId again: acknowledged, not processed again.
        sim.deliver(bad)
        h.wait(lambda: sim.get("/counters").get("pending_deliveries") == 0, "redelivery")
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

    # Every state at once (issue 19, item 9); a state that does not exist is
    # a usage error, not an empty list.
    r = run("outbox", "--config", config, "--state", "all")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == len(queued) + 1, r.stdout + r.stderr
    r = run("outbox", "--config", config, "--state", "sending")
    assert r.returncode == 2, r.stdout + r.stderr

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
