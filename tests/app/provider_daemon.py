"""`seteli serve` on the fixture month (May 2024 ingested and run) for the
provider-facing tests: tokens for admin, finance and two providers
(Hoivapalvelu Kuusi 2345678-0 and Ateriakeittiö Puolukka 2987654-0), the
fixture provider invoices posted (Kuusi's with a wrong total, so it is
returned), and a plain HTTP client.
"""
import hashlib
import http.client
import os
import shutil
import ssl
import subprocess
import sys
import time

import finance_month as fm

TOKENS = {"admin": "admin-token", "finance": "finance-token",
          "kuusi": "kuusi-provider-key", "puolukka": "puolukka-provider-key"}
KUUSI, PUOLUKKA = "2345678-0", "2987654-0"


def tokens_yaml():
    def h(t):
        return hashlib.sha256(t.encode()).hexdigest()
    return ("tokens:\n"
            f"  - {{name: ops, role: admin, sha256: {h(TOKENS['admin'])}}}\n"
            f"  - {{name: fin, role: finance, sha256: {h(TOKENS['finance'])}}}\n"
            f"  - {{name: kuusi, role: provider, business_id: '{KUUSI}', sha256: {h(TOKENS['kuusi'])}}}\n"
            f"  - {{name: puolukka, role: provider, business_id: '{PUOLUKKA}', "
            f"sha256: {h(TOKENS['puolukka'])}}}\n")


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.body = status, body
        self.headers = headers            # name (lowercase) -> [values]

    def header(self, name):
        values = self.headers.get(name.lower(), [])
        return values[0] if values else None

    def text(self):
        return self.body.decode("utf-8")


class CookieJar:
    """A browser's cookies over Daemon.request: sent with every request and
    kept from every reply (a Max-Age=0 cookie is dropped), as a browser
    does. `set_cookies` keeps each Set-Cookie header as it came."""

    def __init__(self, daemon):
        self.daemon = daemon
        self.cookies = {}
        self.set_cookies = []

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        r = self.daemon.request(method, path, body=body, headers=h)
        for c in r.headers.get("set-cookie", []):
            self.set_cookies.append(c)
            name, value = c.split(";")[0].split("=", 1)
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r


class Daemon:
    """The daemon on the fixture month; `extra` is appended to its config,
    `rulebook_extra` to the fixtures' rulebook."""

    def __init__(self, seteli, source, extra="", tls=False, rulebook_extra=""):
        self.tls = tls
        self.month = fm.FixtureMonth(seteli, source, tokens_yaml() + extra, rulebook_extra)
        if self.month.run.returncode != 0:
            sys.exit("seteli run failed: " + self.month.run.stdout + self.month.run.stderr)
        self.source = source
        d = self.month.dir
        port_file = os.path.join(d, "port")
        self.log = os.path.join(d, "serve.log")
        self.proc = subprocess.Popen([seteli, "serve", "--config", self.month.config,
                                      "--port-file", port_file],
                                     stdout=subprocess.DEVNULL, stderr=open(self.log, "w"))
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip():
                self.port = int(open(port_file).read())
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        else:
            self.stop()
            sys.exit("seteli serve did not start: " + open(self.log).read())
        if self.proc.poll() is not None:
            sys.exit("seteli serve did not start: " + open(self.log).read())
        self.post_invoices()

    def request(self, method, path, token=None, body=None, headers=None):
        if self.tls:  # a throwaway certificate: not verified
            c = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=60,
                                            context=ssl._create_unverified_context())
        else:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        if token:
            h["Authorization"] = f"Bearer {token}"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        all_headers = {}
        for k, v in r.getheaders():
            all_headers.setdefault(k.lower(), []).append(v)
        c.close()
        return Reply(r.status, all_headers, data)

    def post_invoices(self):
        inv = os.path.join(self.source, "fixtures", "invoices")
        files = [os.path.join(inv, "good", f) for f in sorted(os.listdir(os.path.join(inv, "good")))
                 if f.endswith(".xml") and not f.startswith(KUUSI)]
        files.append(os.path.join(inv, "malformed", "total_mismatch.xml"))  # Kuusi's, returned
        for f in files:
            with open(f, "rb") as fh:
                r = self.request("POST", "/v1/invoices", TOKENS["admin"], fh.read())
            if r.status != 200:
                sys.exit(f"POST /v1/invoices {f}: {r.status} {r.body[:300]}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.month.dir, ignore_errors=True)
