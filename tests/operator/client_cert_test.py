"""Mutual TLS with the operator: the simulator requires a client
certificate issued by the test CA (both made by the openssl CLI at test
time). A daemon without one is refused at the handshake, sends nothing and
keeps its messages queued with the error; the same daemon configured with
the certificate delivers them, each once.

usage: client_cert_test.py SETELI OPERATOR_SIM"""
import os, sqlite3, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h

PROVIDERS = ["003734567806", "003724712344"]
N = 5


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-mtls-")
    h.make_ca(d)
    h.make_client_cert(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, None, extra=["--client-ca", "ca.pem"])
    config = h.write_config(d, sim.port, inbound_port, backoff_ms=100)
    r = subprocess.run([seteli, "outbox", "--config", config], cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # creates and migrates the store
    db = sqlite3.connect(os.path.join(d, "seteli.db"), timeout=30)
    h.queue_sqlite(db, h.outbox_rows("MTLS", N, PROVIDERS))
    try:
        # Without a client certificate: refused at the handshake, nothing filed.
        daemon = h.Daemon(seteli, config, d)
        h.wait(lambda: db.execute("SELECT MIN(attempts) FROM outbox").fetchone()[0] >= 2,
               "failed attempts without a client certificate")
        daemon.stop()
        counters = sim.get("/counters")
        assert counters.get("handshake_failed", 0) >= 2 * N, counters
        assert counters.get("accepted", 0) == 0 and sim.get("/mailboxes") == {}, counters
        states = db.execute("SELECT state, last_error FROM outbox").fetchall()
        assert all(s == "queued" and e for s, e in states), states

        # With it (client_certificate / client_key in the operator block): delivered.
        config = h.write_config(d, sim.port, inbound_port, backoff_ms=100,
                                extra=f"  client_certificate: {d}/client.pem\n  client_key: {d}/client.key\n")
        daemon = h.Daemon(seteli, config, d)
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0] == N,
               "the outbox sent with the client certificate", timeout=90)
        daemon.stop()
        boxes = sim.get("/mailboxes")
        ids = sorted(m["message_id"] for box in boxes.values() for m in box)
        assert ids == ["MTLS-%06d" % i for i in range(N)], ids
        assert sim.get("/counters").get("duplicates_suppressed", 0) == 0
        print("mtls ok: refused without a client certificate (%d handshakes), %d delivered with it"
              % (counters["handshake_failed"], N), "; last error without:", states[0][1][:120])
    finally:
        sim.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
