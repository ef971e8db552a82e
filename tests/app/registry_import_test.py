#!/usr/bin/env python3
"""The store is the one source of truth for providers and decisions: an
address corrected through the API survives `seteli run`, `ingest` and a
restart of `seteli serve`, each of which names the record whose file
version differs; `seteli import` is the explicit way to load the files
over the store; records the store lacks are still imported from the files.

usage: registry_import_test.py SETELI SOURCE_DIR
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

SETELI, SRC = sys.argv[1], sys.argv[2]
ADMIN = "import-admin-token"
PROVIDER = "2345678-0"


def read(path):
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read().strip()


class RegistryImport(unittest.TestCase):
    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="seteli-import-")
        fx = os.path.join(SRC, "fixtures")
        self.providers = os.path.join(self.d, "providers.yaml")
        shutil.copy(os.path.join(fx, "providers.yaml"), self.providers)
        self.config = os.path.join(self.d, "seteli.conf")
        h = hashlib.sha256(ADMIN.encode()).hexdigest()
        with open(self.config, "w") as f:
            f.write(f"listen: 127.0.0.1:0\nstore: sqlite:{self.d}/seteli.db\nrulebook: {fx}/rulebook.yaml\n"
                    f"providers: {self.providers}\ndecisions: {fx}/decisions.jsonl\nlog: {self.d}/seteli.log\n"
                    f"tokens:\n  - {{name: ops, role: admin, sha256: {h}}}\n")

    def tearDown(self):
        shutil.rmtree(self.d, ignore_errors=True)

    def cli(self, *args):
        return subprocess.run([SETELI, *args, "--config", self.config], capture_output=True, text=True,
                              timeout=120)

    def serve(self):
        port_file = os.path.join(self.d, "api.port")
        if os.path.exists(port_file):
            os.remove(port_file)
        p = subprocess.Popen([SETELI, "serve", "--config", self.config, "--port-file", port_file],
                             stderr=subprocess.DEVNULL)
        end = time.time() + 30
        while not read(port_file):
            self.assertTrue(time.time() < end and p.poll() is None, "the daemon did not start")
            time.sleep(0.05)
        return p, int(read(port_file))

    def api(self, port, method, path, body=None):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + ADMIN})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def street(self, port):
        providers = self.api(port, "GET", "/v1/providers")
        return next(p for p in providers if p["business_id"] == PROVIDER)["address"]["street"]

    def test_an_address_corrected_through_the_api_survives_the_cli_and_a_restart(self):
        daemon, port = self.serve()
        try:
            record = next(p for p in self.api(port, "GET", "/v1/providers") if p["business_id"] == PROVIDER)
            record["address"]["street"] = "Uusi katu 7"
            self.api(port, "POST", "/v1/providers", [record])
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)
        for args in (("run", "--month", "2024-05"), ("ingest", os.path.join(SRC, "fixtures", "events.jsonl"))):
            r = self.cli(*args)
            self.assertIn(r.returncode, (0, 1), r.stderr)
            self.assertIn(f"warning: {self.providers}: provider {PROVIDER} differs from the store", r.stderr)
        daemon, port = self.serve()
        try:
            self.assertEqual(self.street(port), "Uusi katu 7")
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)
        self.assertIn(f"provider {PROVIDER} differs from the store", read(os.path.join(self.d, "seteli.log")))

        imported = self.cli("import")
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn(f"provider {PROVIDER} replaced from the file", imported.stdout)
        daemon, port = self.serve()
        try:
            self.assertEqual(self.street(port), "Hallituskatu 12 B")
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)

    def test_a_record_the_store_lacks_is_imported_and_an_unchanged_one_says_nothing(self):
        first = self.cli("ingest", os.path.join(SRC, "fixtures", "events.jsonl"))
        self.assertIn(first.returncode, (0, 1), first.stderr)
        self.assertNotIn("warning:", first.stderr)
        with open(self.providers, "a") as f:
            f.write('- business_id: "1442249-0"\n  name: Uusi Oy\n'
                    '  address: {street: "Katu 1", postcode: "50100", city: Mikkeli}\n'
                    '  einvoice: {address: "003714422490", operator: "BAWCFI22"}\n  approvals: []\n')
        again = self.cli("run", "--month", "2024-05")
        self.assertNotIn("warning:", again.stderr)
        daemon, port = self.serve()
        try:
            ids = [p["business_id"] for p in self.api(port, "GET", "/v1/providers")]
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)
        self.assertIn("1442249-0", ids)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
