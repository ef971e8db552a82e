"""Two daemons on one PostgreSQL store sending one outbox at once: their
senders claim messages with FOR UPDATE SKIP LOCKED, so no message is ever
posted twice. Fault-free, every post the simulator sees is a new MessageId
(no resend, no duplicate), every message is sent once, and both daemons
took part. That both take part is not left to timing: a gate holds every
sender's first mark of a message sent until the simulator has seen more
first posts than one daemon's senders can make.

usage: two_daemons_test.py SETELI OPERATOR_SIM
Needs the test run's PostgreSQL (SETELI_TEST_PG_URL_FILE); exits 77 (skip)
without it."""
import os, re, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h
sys.path.insert(0, os.path.join(h.SRC, "tests", "store"))
import pg_schema  # noqa: E402

PROVIDERS = ["003734567806", "003724712344", "003729876540"]
N = 1500
SENDERS = 4  # per daemon


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def sent_by(daemon):
    m = re.search(r'seteli_operator_sends_total\{result="sent"\} (\d+)', daemon.metrics())
    return int(m.group(1)) if m else 0


def main(seteli, sim_bin):
    schema = pg_schema.fresh("two_daemons")
    if not schema:
        print("no test PostgreSQL: skipped")
        return 77
    url, sql = schema.url, schema.query
    d = tempfile.mkdtemp(prefix="seteli-two-daemons-")
    h.make_ca(d)
    sim = h.Sim(sim_bin, d, None)
    # Long timeouts: a post that timed out on a busy machine is resent, by
    # right, and would look like a double send here.
    configs = [h.write_config(d, sim.port, h.free_port(), store=url, senders=SENDERS, connect_ms=10000,
                              read_ms=30000, config_name=f"{t}.conf")
               for t in ("a", "b")]
    r = subprocess.run([seteli, "outbox", "--config", configs[0]], cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # creates and migrates the schema
    rows = h.outbox_rows("TWO", N, PROVIDERS)
    sql("BEGIN;\n" + "".join(h.QUEUE_SQL % (quote(m), quote(p), quote(m), quote(b)) + ";\n"
                             for m, p, b in rows) + "COMMIT;\n")
    gate = schema.gate("outbox", "NEW.state = 'sent'")
    daemons = [None, None]
    try:
        for i, (c, t) in enumerate(zip(configs, ("a.", "b."))):
            daemons[i] = h.Daemon(seteli, c, d, tag=t)
        h.wait(lambda: sim.get("/counters").get("attempts_in", 0) > SENDERS,
                   "posts from both daemons' senders", timeout=120)
        gate.open()
        end = time.time() + 240
        while sql("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") != [str(N)]:
            assert time.time() < end, "the outbox was not sent"
            time.sleep(0.5)
        sends = [sent_by(x) for x in daemons]
        counters = sim.get("/counters")
        boxes = sim.get("/mailboxes")
    finally:
        gate.open()
        for x in daemons:
            if x:
                x.stop()
        sim.stop()
        schema.drop()
    ids = sorted(m["message_id"] for box in boxes.values() for m in box)
    assert ids == sorted(m for m, _, _ in rows), len(ids)
    # Each message posted once: as many posts as messages, none a resend.
    assert counters.get("attempts_in") == N, counters
    assert counters.get("duplicates_suppressed", 0) == 0, counters
    assert sum(sends) == N and min(sends) > 0, sends
    print(f"two daemons ok: {N} messages, sent {sends[0]} + {sends[1]}, {counters['attempts_in']} posts, "
          f"0 duplicates")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
