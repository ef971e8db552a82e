#!/usr/bin/env python3
"""A daemon killed in the middle of a run (issue 19, item 9): the run does
not stay `running` for ever. After a restart, GET /v1/runs/{id} reads it
`interrupted` once its lease (runs.lease_seconds, 2 s here) has run out,
and a new run of the month leaves exactly the books an uninterrupted run
leaves (kill_resume_test.dump: settlements, lines, invoice series, outbox,
balance statements).

usage: run_lease_process_test.py SETELI_BINARY SOURCE_DIR
"""
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kill_resume_test as kr  # noqa: E402  (make_events, dump; reads the same argv)

SETELI, SOURCE = kr.SETELI, kr.SOURCE
TOKEN = "run-lease-test-token"
LEASE = 2


def write_config(d, name):
    path = os.path.join(d, name + ".conf")
    with open(path, "w") as f:
        f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{os.path.join(d, name + '.db')}\n"
                f"rulebook: {kr.FIX}/rulebook.yaml\nproviders: {kr.FIX}/providers.yaml\n"
                f"decisions: {kr.FIX}/decisions.jsonl\nlog: {os.path.join(d, name + '.log')}\n"
                f"runs: {{lease_seconds: {LEASE}}}\n"
                f"tokens:\n  - {{name: fin, role: finance, sha256: "
                f"{hashlib.sha256(TOKEN.encode()).hexdigest()}}}\n")
    return path


class Daemon:
    def __init__(self, d, config):
        port_file = os.path.join(d, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.p = subprocess.Popen([SETELI, "serve", "--config", config, "--port-file", port_file],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            assert self.p.poll() is None and time.monotonic() < deadline, "the daemon did not start"
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{open(port_file).read().strip()}"

    def call(self, method, path, body=None):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {TOKEN}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def run(self, month):
        return self.call("POST", "/v1/runs", {"month": month})["run_id"]

    def state(self, run_id):
        return self.call("GET", f"/v1/runs/{run_id}")

    def wait(self, run_id, states, seconds):
        deadline = time.monotonic() + seconds
        while True:
            run = self.state(run_id)
            if run["state"] in states or time.monotonic() > deadline:
                return run
            time.sleep(0.02)

    def stop(self, sig=signal.SIGTERM):
        self.p.send_signal(sig)
        self.p.wait(timeout=60)


def main():
    with tempfile.TemporaryDirectory(prefix="seteli-run-lease-") as d:
        events = kr.make_events(d)
        ref_conf, victim_conf = write_config(d, "reference"), write_config(d, "victim")
        for conf in (ref_conf, victim_conf):
            r = subprocess.run([SETELI, "ingest", "--config", conf, events],
                               capture_output=True, text=True, timeout=600)
            assert r.returncode in (0, 1), r.stderr[-2000:]
        r = subprocess.run([SETELI, "run", "--config", ref_conf, "--month", "2024-05"],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode in (0, 1), r.stderr
        reference = kr.dump(os.path.join(d, "reference.db"))

        daemon = Daemon(d, victim_conf)
        killed = daemon.run("2024-05")
        run = daemon.wait(killed, ("running", "done", "failed"), 120)
        assert run["state"] == "running", f"the run was not caught running: {run}"
        daemon.stop(signal.SIGKILL)

        daemon = Daemon(d, victim_conf)
        try:
            # Within its lease the killed run may still read running; never after.
            run = daemon.wait(killed, ("interrupted",), LEASE + 10)
            assert run["state"] == "interrupted", f"still {run['state']}: {run}"
            assert "lease ran out" in run["message"], run
            again = daemon.run("2024-05")
            run = daemon.wait(again, ("done", "failed"), 240)
            assert run["state"] == "done", run
            assert daemon.state(killed)["state"] == "interrupted"
        finally:
            daemon.stop()
        victim = kr.dump(os.path.join(d, "victim.db"))
        failures = [f"{t}: {len(victim[t])} rows vs {len(reference[t])} in the uninterrupted run"
                    for t in reference if victim[t] != reference[t]]
        for f in failures:
            print("FAIL", f)
        print(f"killed run {killed} read interrupted; the new run's books "
              f"{'differ' if failures else 'match'} ({len(victim['settlements'])} settlements, "
              f"{len(victim['lines'])} lines)")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
