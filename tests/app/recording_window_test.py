#!/usr/bin/env python3
"""outside_recording_window at intake (issue 22): with the rulebook's
`recording_window_days: 60`, an event recorded more than 60 days after its
service ended is rejected by `seteli ingest` (exit 1, one stderr line
naming the event and recorded_at) and by POST /v1/events (a rejected
verdict with the code and the field); the rest of the batch is stored.
The folder tests/scenarios/outside_recording_window holds the rulebook,
registries and events (and `seteli settle`'s expectations).

usage: recording_window_test.py SETELI_BINARY SOURCE_DIR
"""
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SETELI = SCENARIO = None
ADMIN = "admin-token"


def rejected_lines(stderr):
    """The `file:line: outside_recording_window: ...` lines of `stderr`."""
    return [l for l in stderr.splitlines() if ": outside_recording_window: " in l]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class RecordingWindow(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seteli-window-")
        self.config = os.path.join(self.dir, "seteli.conf")
        token = hashlib.sha256(ADMIN.encode()).hexdigest()
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.dir}/seteli.db\n"
                    f"rulebook: {SCENARIO}/rulebook.yaml\nproviders: {SCENARIO}/providers.yaml\n"
                    f"decisions: {SCENARIO}/decisions.jsonl\n"
                    f"tokens:\n  - {{name: ops, role: admin, sha256: {token}}}\n")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, *args):
        return subprocess.run([SETELI, *args], capture_output=True, text=True, timeout=120)

    def test_ingest_rejects_events_outside_the_recording_window(self):
        events = os.path.join(SCENARIO, "events.jsonl")
        r = self.cli("ingest", "--config", self.config, events)
        self.assertEqual(r.returncode, 1, r.stderr)
        rejected = rejected_lines(r.stderr)
        self.assertEqual([l.split(": ")[0] for l in rejected], [f"{events}:2", f"{events}:4"], r.stderr)
        self.assertTrue(all("recorded_at" in l and "recording_window_days" in l for l in rejected))
        self.assertIn("3 accepted, 0 duplicate, 2 rejected", r.stdout)
        # Ingesting again changes nothing: the same two are rejected, the rest are duplicates.
        again = self.cli("ingest", "--config", self.config, events)
        self.assertEqual(again.returncode, 1)
        self.assertEqual(len(rejected_lines(again.stderr)), 2)
        self.assertIn("0 accepted, 3 duplicate, 2 rejected", again.stdout)

    def test_post_events_rejects_an_event_outside_the_window(self):
        port_file = os.path.join(self.dir, "port")
        daemon = subprocess.Popen([SETELI, "serve", "--config", self.config, "--port-file", port_file],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                if os.path.exists(port_file) and read(port_file).strip():
                    break
                self.assertIsNone(daemon.poll(), "seteli serve stopped")
                time.sleep(0.1)
            port = int(read(port_file))
            body = read(os.path.join(SCENARIO, "events.jsonl"))
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("POST", "/v1/events", body=body.encode(),
                      headers={"Authorization": f"Bearer {ADMIN}",
                               "Content-Type": "application/x-ndjson"})
            resp = c.getresponse()
            out = json.loads(resp.read())
            c.close()
            self.assertEqual(resp.status, 200, out)
            self.assertEqual((out["accepted"], out["rejected"]), (3, 2), out)
            verdicts = {v["event_id"]: v for v in out["results"]}
            for event_id in ("E-W-2", "E-W-4"):
                self.assertEqual(verdicts[event_id]["status"], "rejected")
                self.assertEqual(verdicts[event_id]["code"], "outside_recording_window")
                self.assertIn("recorded_at", verdicts[event_id]["message"])
            self.assertEqual(verdicts["E-W-1"]["status"], "accepted")
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)


if __name__ == "__main__":
    SETELI = os.path.abspath(sys.argv[1])
    SCENARIO = os.path.join(os.path.abspath(sys.argv[2]), "tests", "scenarios", "outside_recording_window")
    sys.exit(0 if unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result.wasSuccessful() else 1)
