"""A daemon that stalls past its inbound claim's lease while another daemon
takes the message over must not judge the message a second time when it
wakes (the claim fence: docs/reliability.md).

On the test run's PostgreSQL, for each of the two writes a hand-on makes
(the transmission, then the verdict): daemon A claims a framed invoice
and a gate holds A inside that write's transaction; A is stopped
(SIGSTOP: its renewer stops too) and the gate opened, so A's write waits
uncommitted in a stopped client. Once A's lease has run out daemon B
starts, claims the message (a new claim generation) and judges it to the
end. Then A continues (SIGCONT). Checked: one transmission, one verdict,
one Finvoiceack in the outbox, the message processed, and A told
claim_lost (its metric and log) without dying. Without the fence A
commits its write and stores a second verdict.

usage: claim_stall_test.py SETELI OPERATOR_SIM
Needs the test run's PostgreSQL (SETELI_TEST_PG_URL_FILE); exits 77 (skip)
without it."""
import os, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h
sys.path.insert(0, os.path.join(h.SRC, "tests", "store"))
import pg_schema  # noqa: E402

PROVIDER = "003734567806"
LEASE = 3  # seconds, the least the config takes


def metric(daemon, result):
    for line in daemon.metrics().splitlines():
        if line.startswith('seteli_operator_received_total{result="%s"} ' % result):
            return int(line.split()[-1])
    return 0


def stop_outside_a_renewal(a, sql, schema_name):
    """SIGSTOPs A at a moment its lease renewer (every second) has no
    transaction open: a renewal stopped between its UPDATE and its commit
    keeps the message's row locked, and B's claim (SKIP LOCKED) would pass
    the message over until A woke (docs/reliability.md)."""
    renewing = ("SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid"
                f" WHERE l.relation = '{schema_name}.inbound_messages'::regclass"
                " AND l.mode = 'RowExclusiveLock'")
    for _ in range(50):
        a.proc.send_signal(signal.SIGSTOP)
        time.sleep(0.2)  # a statement A sent before it stopped ends meanwhile
        if sql(renewing) == ["0"]:
            return
        a.proc.send_signal(signal.SIGCONT)
        time.sleep(0.05)
    raise AssertionError("A was inside a renewal at every stop")


def stall_and_take_over(seteli, d, schema, configs, gated, mid):
    """A stalls inside its write to `gated`; B takes the message over."""
    sql = schema.query
    sha = h.store_received(sql, [(mid, PROVIDER)])[0]
    gate = schema.gate(gated)
    # A's first pass (at start, before it listens) takes the message: A
    # listens only once that pass is over.
    a, b = h.Daemon(seteli, configs[0], d, tag="a.", wait=False), None
    try:
        owner = h.wait(lambda: sql(f"SELECT claimed_by FROM inbound_messages WHERE message_id = '{mid}'"),
                         "A never claimed the message")[0]
        assert owner.split(":")[1] == str(a.proc.pid), owner
        # A's write waits on the gate: someone waits for this gate's own
        # advisory lock (pg_schema.Gate's key), and only A writes here.
        key = f"hashtext('{schema.name}.{gated}')::bigint"
        h.wait(lambda: sql("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                             f" AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = {key}")
                 != ["0"], f"A never reached its write to {gated}")
        stop_outside_a_renewal(a, sql, schema.name)
        gate.release()  # A's INSERT goes on; its transaction waits in the stopped client
        # A renews nothing while stopped: its lease runs out.
        h.wait(lambda: sql(f"SELECT COUNT(*) FROM inbound_messages WHERE message_id = '{mid}' AND"
                             " claimed_until < to_char(now() AT TIME ZONE 'UTC',"
                             " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')") == ["1"],
                 "A's lease never ran out", timeout=3 * LEASE + 10)
        b = h.Daemon(seteli, configs[1], d, tag="b.")
        h.wait(lambda: sql(f"SELECT state FROM inbound_messages WHERE message_id = '{mid}'")
                 == ["processed"], "B did not hand the message on")
        a.proc.send_signal(signal.SIGCONT)
        a.wait_listening(timeout=60)
        # A wakes: it either learns it lost the claim (fenced) or stores a
        # second verdict (not fenced); wait for whichever comes.
        verdicts = f"SELECT COUNT(*) FROM invoices i JOIN invoice_transmissions t ON t.id = i.transmission_id" \
                   f" WHERE t.sha256 = '{sha}'"
        h.wait(lambda: metric(a, "claim_lost") >= 1 or sql(verdicts) != ["1"],
                 "A neither lost its claim nor judged again")
        time.sleep(0.5)  # anything more A would write
        assert sql(verdicts) == ["1"], f"message judged twice after a stall in {gated}: {sql(verdicts)} verdicts"
        assert sql(f"SELECT COUNT(*) FROM invoice_transmissions WHERE sha256 = '{sha}'") == ["1"], \
            f"transmission stored twice after a stall in {gated}"
        assert sql(f"SELECT COUNT(*) FROM outbox WHERE kind = 'finvoice_ack' AND body LIKE '%{mid}%'") == ["1"]
        assert sql(f"SELECT state, claimed_by FROM inbound_messages WHERE message_id = '{mid}'") == ["processed|"]
        assert metric(a, "claim_lost") == 1 and metric(b, "claim_lost") == 0
        assert a.proc.poll() is None, "A died"
        with open(os.path.join(d, "seteli.log")) as f:
            assert any("taken over by another daemon" in l and mid in l for l in f), "A did not log claim_lost"
        return sql(f"SELECT claim_generation FROM inbound_messages WHERE message_id = '{mid}'")[0]
    finally:
        gate.release()
        if a.proc.poll() is None:
            a.proc.send_signal(signal.SIGCONT)
        for x in (a, b):
            if x:
                x.stop()
        gate.open()  # once no transaction of A's is open


def show_what_held(d, schema):
    """For a failure: the daemons' log and the store's sessions and row."""
    with open(os.path.join(d, "seteli.log")) as f:
        print("seteli.log, its end:\n" + "".join(f.readlines()[-40:]), file=sys.stderr)
    print("sessions:", schema.query("SELECT pid, state, left(query, 60) FROM pg_stat_activity"
                                    " WHERE state <> 'idle'"), file=sys.stderr)
    print("messages:", schema.query("SELECT message_id, state, claimed_by, claimed_until, claim_generation"
                                    " FROM inbound_messages"), file=sys.stderr)


def main(seteli, sim_bin):
    schema = pg_schema.fresh("claim_stall")
    if not schema:
        print("no test PostgreSQL: skipped")
        return 77
    d = tempfile.mkdtemp(prefix="seteli-claim-stall-")
    h.make_ca(d)
    sim = h.Sim(sim_bin, d, None)
    try:
        configs = [h.write_config(d, sim.port, h.free_port(), store=schema.url, config_name=f"{t}.conf",
                                  lease_seconds=LEASE) for t in ("a", "b")]
        r = subprocess.run([seteli, "outbox", "--config", configs[0]], cwd=d, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr  # creates and migrates the schema
        seen = []
        for gated, mid in (("invoice_transmissions", "STALL-SAVE"), ("invoices", "STALL-VERDICT")):
            try:
                generation = stall_and_take_over(seteli, d, schema, configs, gated, mid)
            except AssertionError:
                show_what_held(d, schema)
                raise
            seen.append(f"{gated} (B's claim: generation {generation})")
    finally:
        sim.stop()
        schema.drop()
    print("claim stall ok: A stalled past its lease inside its write to " + "; ".join(seen) +
          "; B took over and judged once; A got claim_lost and wrote nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
