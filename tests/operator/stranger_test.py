"""Issue 19, item 3, end to end through the operator simulator: a stranger
on the operator network writing in a provider's name. Its invoices are
rejected (sender_mismatch, account_mismatch with its own account), every
notice goes to the provider's registered address and none to the stranger,
so it learns no total; the provider's own invoice is accepted afterwards.

usage: stranger_test.py SETELI OPERATOR_SIM"""
import os, sqlite3, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

ORGANIZER = "003728161658"
KUUSI_ADDRESS = "003723456780"  # Hoivapalvelu Kuusi Oy (2345678-0) as registered
KUUSI_IBAN = "FI4610253000123456"
STRANGER = "003799988877"
STRANGER_IBAN = "FI4950009420028730"


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-stranger-")
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
    fixture = lambda rel: open(os.path.join(h.SRC, "fixtures/invoices", rel), encoding="utf-8").read()
    good = fixture("good/2345678-0-2024-05.xml")
    assert KUUSI_IBAN in good

    daemon = h.Daemon(seteli, config, d)
    try:
        processed = lambda n: lambda: db.execute(
            "SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'").fetchone()[0] == n
        # Probing for the total, a broken frame, then the take-over with the
        # matching total and the stranger's own account.
        sim.deliver(h.frame("STRANGER-1", STRANGER, ORGANIZER, fixture("malformed/total_mismatch.xml")))
        sim.deliver(h.frame("STRANGER-2", STRANGER, ORGANIZER, fixture("malformed/schema_invalid.xml")))
        sim.deliver(h.frame("STRANGER-3", STRANGER, ORGANIZER, good.replace(KUUSI_IBAN, STRANGER_IBAN)))
        h.wait(processed(3), "the stranger's three messages processed")
        listed = {i["invoice_number"]: i for i in daemon.api("/v1/invoices")["invoices"]}
        forged = listed["KU-2024-0517"]
        codes = {x["code"] for x in forged["reasons"]}
        assert forged["state"] == "rejected" and {"sender_mismatch", "account_mismatch"} <= codes, forged
        assert "sender_mismatch" in {x["code"] for x in listed["KU-2024-0599"]["reasons"]}, listed
        settlement = lambda: db.execute("SELECT state FROM settlements WHERE provider = '2345678-0'"
                                        " AND month = '2024-05'").fetchone()[0]
        assert settlement() == "settled", settlement()

        # The Finvoiceack for the broken frame went to Kuusi's registered
        # address; nothing at all to the stranger.
        def ack_for_kuusi():
            box = sim.get("/mailboxes").get(KUUSI_ADDRESS, [])
            return [m for m in box if "Finvoiceack" in m["body"] and "STRANGER-2" in m["body"]]
        h.wait(ack_for_kuusi, "the Finvoiceack in Kuusi's mailbox")
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").fetchone()[0] == 0,
               "the outbox drained")
        boxes = sim.get("/mailboxes")
        assert STRANGER not in boxes, boxes.get(STRANGER)
        assert not any("4315" in m["body"] for box in boxes.values() for m in box
                       if "Finvoiceack" in m["body"]), "a total in an acknowledgement"

        # Kuusi's own invoice is taken, and its settlement becomes invoiced.
        sim.deliver(h.frame("PROV-KUUSI-1", KUUSI_ADDRESS, ORGANIZER, good))
        h.wait(processed(4), "Kuusi's invoice processed")
        states = [row[0] for row in db.execute(
            "SELECT state FROM invoices WHERE invoice_number = 'KU-2024-0517' ORDER BY id")]
        assert states == ["rejected", "accepted"], states
        assert settlement() == "invoiced", settlement()
    finally:
        daemon.stop()
        sim.stop()
    print("stranger ok: 3 messages in Kuusi's name refused, nothing to the stranger, Kuusi's invoice accepted")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
