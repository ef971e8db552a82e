"""Issue 19, item 7: the on-call engineer is told when the operator link
fails. The simulator answers every send with 503; with max_attempts 2 each
message is retried once and then given up. Checked: a warning per failed
attempt and an error per give-up in the daemon's JSON log, each naming the
message ID; /healthz answers 200 with status degraded and the reasons
outbox_failed and outbox_stale; seteli_outbox_oldest_age_seconds counts the
failed messages (the alert of docs/alerts.yml fires on it).

usage: link_failure_test.py SETELI OPERATOR_SIM"""
import json, os, re, sqlite3, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h


def log_lines(d):
    with open(os.path.join(d, "seteli.log")) as f:
        return [json.loads(line) for line in f if line.strip()]


def health(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=10) as r:
        return r.status, json.loads(r.read())


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-link-")
    h.make_ca(d)
    sim = h.Sim(sim_bin, d, None, fault_rate=1.0, extra=["--faults", "http503"])
    config = h.write_config(d, sim.port, h.free_port(), max_attempts=2, backoff_ms=50)
    with open(config, "a") as f:
        f.write("health:\n  outbox_max_age_seconds: 1\n")
    run = lambda *a: subprocess.run([seteli, *a], cwd=d, capture_output=True, text=True)
    r = run("ingest", "--config", config, os.path.join(h.SRC, "fixtures/events.jsonl"))
    assert r.returncode in (0, 1), r.stderr
    r = run("run", "--config", config, "--month", "2024-05")
    assert r.returncode == 0, r.stdout + r.stderr
    db = sqlite3.connect(os.path.join(d, "seteli.db"))
    queued = sorted(row[0] for row in db.execute("SELECT message_id FROM outbox"))
    assert len(queued) >= 2, queued

    daemon = h.Daemon(seteli, config, d)
    try:
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").fetchone()[0]
               == len(queued), "every message given up")
        time.sleep(1.2)  # older than outbox_max_age_seconds

        lines = log_lines(d)
        for mid in queued:
            mine = [l for l in lines if l.get("message_id") == mid]
            assert any(l["level"] == "warn" and "retrying" in l["msg"] and "503" in l["error"]
                       for l in mine), mine
            assert any(l["level"] == "error" and "given up" in l["msg"] for l in mine), mine

        status, body = health(daemon.port)
        codes = {r["code"] for r in body["reasons"]}
        assert status == 200 and body["status"] == "degraded", body
        assert {"outbox_failed", "outbox_stale"} <= codes, body
        assert all(r["message_fi"] and r["message_en"] for r in body["reasons"]), body

        metrics = daemon.metrics()
        assert "seteli_outbox_failed %d" % len(queued) in metrics, metrics
        age = float(re.search(r"^seteli_outbox_oldest_age_seconds (\S+)$", metrics, re.M).group(1))
        assert age >= 1.0, metrics
    finally:
        daemon.stop()
        sim.stop()
    print("link failure ok:", len(queued), "messages given up, logged, /healthz degraded")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
