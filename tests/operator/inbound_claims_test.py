"""Inbound messages on one PostgreSQL store shared by two daemons, and
hand-ons retried while the daemon runs.

1. N framed invoices stored `received` (as a crash leaves them) before two
   daemons start at the same moment: each daemon's first pass claims with
   FOR UPDATE SKIP LOCKED, so each message is judged exactly once (one
   transmission, one verdict, one Finvoiceack queued), and both took part.
   That both take part is not left to timing (on a loaded machine one
   daemon could finish before the other starts): a gate holds every
   judgement until both daemons hold claims.
2. With one daemon running, a trigger makes PostgreSQL refuse every new
   transmission, and M more messages arrive: their hand-ons fail and are
   retried with backoff (attempts counted, last error kept); the trigger
   dropped, the same daemon process (no restart) judges each once.

usage: inbound_claims_test.py SETELI OPERATOR_SIM
Needs the test run's PostgreSQL (SETELI_TEST_PG_URL_FILE); exits 77 (skip)
without it."""
import os, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h
sys.path.insert(0, os.path.join(h.SRC, "tests", "store"))
import pg_schema  # noqa: E402

PROVIDERS = ["003734567806", "003724712344", "003729876540"]
N, M = 400, 20


def store_received(sql, prefix, n):
    """n framed messages stored received and unclaimed, as after a crash."""
    h.store_received(sql, [("%s-%06d" % (prefix, i), PROVIDERS[i % 3]) for i in range(n)])


def check_judged_once(sql, prefix, n):
    """Each message processed, one transmission and one verdict each, one
    Finvoiceack each."""
    like = f"'{prefix}-%'"
    assert sql(f"SELECT COUNT(*) FROM inbound_messages WHERE message_id LIKE {like}"
               " AND state = 'processed'") == [str(n)]
    shas = f"(SELECT sha256 FROM inbound_messages WHERE message_id LIKE {like})"
    assert sql(f"SELECT COUNT(*) FROM invoice_transmissions WHERE sha256 IN {shas}") == [str(n)], \
        "a message stored twice by the receiver"
    assert sql(f"SELECT COUNT(*), COUNT(DISTINCT t.sha256) FROM invoices i JOIN invoice_transmissions t"
               f" ON t.id = i.transmission_id WHERE t.sha256 IN {shas}") == [f"{n}|{n}"], \
        "a message judged twice"
    assert sql(f"SELECT COUNT(*) FROM outbox WHERE kind = 'finvoice_ack' AND body LIKE '%{prefix}-%'") \
        == [str(n)]


def resumed(daemon):
    return sum(int(l.split()[-1]) for l in daemon.metrics().splitlines()
               if l.startswith('seteli_operator_received_total{result="resumed"} '))


def wait_sql(sql, query, want, what, timeout=240):
    end = time.time() + timeout
    while sql(query) != want:
        assert time.time() < end, what + ": " + " ".join(sql(query))
        time.sleep(0.3)


def main(seteli, sim_bin):
    schema = pg_schema.fresh("inbound_claims")
    if not schema:
        print("no test PostgreSQL: skipped")
        return 77
    url, sql = schema.url, schema.query
    d = tempfile.mkdtemp(prefix="seteli-inbound-claims-")
    h.make_ca(d)
    sim = h.Sim(sim_bin, d, None)
    configs = [h.write_config(d, sim.port, h.free_port(), store=url, config_name=f"{t}.conf")
               for t in ("a", "b")]
    r = subprocess.run([seteli, "outbox", "--config", configs[0]], cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # creates and migrates the schema
    store_received(sql, "PEND", N)
    gate = schema.gate("invoice_transmissions")
    daemons = [None, None]
    try:
        # Both start at once: their first passes race over the same rows,
        # each judgement waiting on the held lock.
        starts = [threading.Thread(target=lambda i=i, t=t: daemons.__setitem__(
                      i, h.Daemon(seteli, configs[i], d, tag=t))) for i, t in enumerate(("a.", "b."))]
        for t in starts:
            t.start()
        wait_sql(sql, "SELECT COUNT(DISTINCT claimed_by) FROM inbound_messages"
                 " WHERE message_id LIKE 'PEND-%' AND claimed_by <> ''", ["2"],
                 "both daemons holding claims")
        gate.open()
        for t in starts:
            t.join()
        wait_sql(sql, "SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'", [str(N)],
                 "pending messages not all handed on")
        handed = [resumed(x) for x in daemons]
        check_judged_once(sql, "PEND", N)
        assert sum(handed) == N and min(handed) > 0, handed
        daemons[1].stop()
        daemons[1] = None

        # The store refuses every new transmission for a while.
        pid = daemons[0].proc.pid
        sql("CREATE FUNCTION refuse_transmissions() RETURNS trigger AS $$ BEGIN"
            " RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql;"
            " CREATE TRIGGER refuse BEFORE INSERT ON invoice_transmissions"
            " FOR EACH ROW EXECUTE FUNCTION refuse_transmissions();")
        store_received(sql, "FAIL", M)
        wait_sql(sql, "SELECT COUNT(*) FROM inbound_messages WHERE message_id LIKE 'FAIL-%'"
                 " AND state = 'received' AND attempts >= 2 AND last_error LIKE '%refused by the test%'",
                 [str(M)], "failed hand-ons not retried", timeout=60)
        sql("DROP TRIGGER refuse ON invoice_transmissions;")
        wait_sql(sql, "SELECT COUNT(*) FROM inbound_messages WHERE message_id LIKE 'FAIL-%'"
                 " AND state = 'processed'", [str(M)], "not handed on after the store recovered",
                 timeout=60)
        assert daemons[0].proc.poll() is None and daemons[0].proc.pid == pid, "the daemon restarted"
        check_judged_once(sql, "FAIL", M)
        attempts = sql("SELECT MIN(attempts), MAX(attempts) FROM inbound_messages"
                       " WHERE message_id LIKE 'FAIL-%'")
    finally:
        gate.open()
        for x in daemons:
            if x:
                x.stop()
        sim.stop()
        schema.drop()
    print(f"inbound claims ok: {N} pending messages judged once each by two daemons "
          f"({handed[0]} + {handed[1]}); {M} messages refused by the store retried without a restart "
          f"(failed attempts min|max {attempts[0]}) and judged once each")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
