#!/usr/bin/env python3
"""Finance over HTTP: `seteli serve` on the fixture month (with the fixture
provider invoices posted, one of them malformed), GET /v1/exports/{kind}
and GET /v1/months/{month} with a finance token, and the month page loaded
in headless Chromium: it loads, shows the fixture month's totals, and its
numbers equal the export's.

Chromium cannot send a bearer token itself, so the test puts a small
loopback proxy in front of the daemon that adds the finance token, as a
reverse proxy doing the sign-in would (docs/api.md).

usage: overview_page_test.py SETELI_BINARY SOURCE_DIR
Exit 77 (skipped) when /usr/bin/chromium is not installed.
"""
import decimal
import hashlib
import html.parser
import http.client
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finance_month as fm  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TOKENS = {"admin": "admin-token", "finance": "finance-token", "provider": "provider-token"}
SETELI = SOURCE = None
M = None          # the FixtureMonth
DAEMON = None     # Popen
PORT = None


def tokens_yaml():
    def h(t):
        return hashlib.sha256(t.encode()).hexdigest()
    return ("tokens:\n"
            f"  - {{name: ops, role: admin, sha256: {h(TOKENS['admin'])}}}\n"
            f"  - {{name: fin, role: finance, sha256: {h(TOKENS['finance'])}}}\n"
            f"  - {{name: kuusi, role: provider, business_id: '2345678-0', sha256: {h(TOKENS['provider'])}}}\n")


def request(method, path, token=None, body=None, port=None):
    c = http.client.HTTPConnection("127.0.0.1", port or PORT, timeout=60)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


class TokenProxy(http.server.BaseHTTPRequestHandler):
    """GET only: forwards to the daemon with the finance token."""

    def do_GET(self):
        status, headers, data = request("GET", self.path, TOKENS["finance"])
        self.send_response(status)
        self.send_header("Content-Type", headers.get("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class PageCells(html.parser.HTMLParser):
    """Elements with an id or a data-business-id / data-service row, and
    the text and data-value of their cells."""

    def __init__(self):
        super().__init__()
        self.ids = {}      # id -> (data-value, text)
        self.rows = {}     # ("provider"|"service", key) -> [(data-value, text)]
        self.stack = []
        self.row = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-business-id" in a:
            self.row = ("provider", a["data-business-id"])
            self.rows[self.row] = []
        elif tag == "tr" and "data-service" in a:
            self.row = ("service", a["data-service"])
            self.rows[self.row] = []
        if tag in ("td", "div") or "id" in a:
            self.stack.append([tag, a, ""])

    def handle_endtag(self, tag):
        if tag == "tr":
            self.row = None
        if self.stack and self.stack[-1][0] == tag:
            t, a, text = self.stack.pop()
            if "id" in a:
                self.ids[a["id"]] = (a.get("data-value"), text.strip())
            if t == "td" and self.row:
                self.rows[self.row].append((a.get("data-value"), text.strip()))
            if self.stack:
                self.stack[-1][2] += text

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2] += data


def finnish(value):
    """'40065.53' -> '40 065,53' with no-break spaces, as the page shows it."""
    whole, cents = value.lstrip("-").split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ("-" if value.startswith("-") else "") + "\u00a0".join(groups) + "," + cents


class FinanceRoutes(unittest.TestCase):
    def export(self, kind, dialect=""):
        q = f"/v1/exports/{kind}?month={fm.MONTH}" + (f"&dialect={dialect}" if dialect else "")
        return request("GET", q, TOKENS["finance"])

    def test_export_is_csv_with_its_digest(self):
        for kind in fm.KINDS:
            with self.subTest(kind=kind):
                status, headers, body = self.export(kind)
                self.assertEqual(status, 200, body)
                self.assertTrue(headers["Content-Type"].startswith("text/csv"))
                self.assertEqual(headers["X-Content-SHA256"], hashlib.sha256(body).hexdigest())
                self.assertTrue(headers["Digest"].startswith("sha-256="))
                cli = subprocess.run([SETELI, "export", "--config", M.config, "--month", fm.MONTH,
                                      "--kind", kind], capture_output=True, timeout=60)
                self.assertEqual(body, cli.stdout)

    def test_fi_dialect_over_http(self):
        status, headers, body = self.export("journal", "fi")
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"))
        self.assertIn('filename="journal-2024-05-fi.csv"', headers["Content-Disposition"])

    def test_invoices_are_in_the_reconciliation(self):
        _, _, body = self.export("reconciliation")
        _, rows = fm.read_csv(body, "rfc4180")
        by_id = {r["business_id"]: r for r in rows}
        self.assertEqual(by_id["3012345-8"]["status"], "accepted")
        self.assertEqual(by_id["3012345-8"]["invoice_numbers"], "SH-24-113")
        self.assertEqual(by_id["3012345-8"]["difference"], "0.00")
        self.assertEqual(by_id["2345678-0"]["status"], "rejected")
        self.assertNotEqual(by_id["2345678-0"]["rejection_codes"], "")

    def test_access(self):
        self.assertEqual(self.export("journal")[0], 200)
        self.assertEqual(request("GET", f"/v1/exports/journal?month={fm.MONTH}")[0], 401)
        self.assertEqual(request("GET", f"/v1/exports/journal?month={fm.MONTH}", TOKENS["provider"])[0], 403)
        self.assertEqual(request("GET", f"/v1/months/{fm.MONTH}/page", TOKENS["provider"])[0], 403)
        self.assertEqual(request("GET", f"/v1/exports/ledger?month={fm.MONTH}", TOKENS["finance"])[0], 404)
        self.assertEqual(request("GET", "/v1/exports/journal?month=2024-13", TOKENS["finance"])[0], 400)

    def test_overview_json_equals_the_export(self):
        status, _, body = request("GET", f"/v1/months/{fm.MONTH}", TOKENS["finance"])
        self.assertEqual(status, 200, body)
        o = json.loads(body)
        self.assertTrue(o["reconciles"], o["failures"])
        self.assertEqual((o["totals"]["price_total"], o["totals"]["voucher_total"],
                          o["totals"]["copay_total"]), (fm.PRICE, fm.VOUCHER, fm.COPAY))
        _, _, csv_body = self.export("reconciliation")
        _, rows = fm.read_csv(csv_body, "rfc4180")
        self.assertEqual({p["business_id"]: p["totals"]["voucher_total"] for p in o["providers"]},
                         {r["business_id"]: r["voucher_total"] for r in rows})
        self.assertEqual(sum(o["status_counts"].values()), len(rows))
        self.assertTrue(any(x["kind"] == "invoice" for x in o["rejected"]))
        self.assertTrue(any(x["kind"] == "event" for x in o["rejected"]))


@unittest.skipUnless(os.path.exists(CHROMIUM), "chromium is not installed")
class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TokenProxy)
        threading.Thread(target=cls.proxy.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{cls.proxy.server_address[1]}/v1/months/{fm.MONTH}/page"
        profile = tempfile.mkdtemp(prefix="seteli-chromium-")
        try:
            r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                                "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                                f"--user-data-dir={profile}", "--dump-dom", url],
                               capture_output=True, text=True, timeout=120)
            if os.environ.get("SETELI_PAGE_SCREENSHOT"):  # for a look by eye
                subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                                "--no-first-run", f"--user-data-dir={profile}",
                                "--window-size=1200,1800",
                                "--screenshot=" + os.environ["SETELI_PAGE_SCREENSHOT"], url],
                               capture_output=True, timeout=120)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        cls.dom, cls.stderr = r.stdout, r.stderr
        cls.cells = PageCells()
        cls.cells.feed(cls.dom)

    @classmethod
    def tearDownClass(cls):
        cls.proxy.shutdown()

    def test_page_loads(self):
        self.assertIn("<svg", self.dom, self.stderr[-2000:])
        self.assertIn("Palvelusetelit 2024-05", self.dom)
        self.assertIn("Kuukausi täsmää", self.dom)

    def test_totals_of_the_fixture_month_shown(self):
        for id_, value in (("total-price", fm.PRICE), ("total-voucher", fm.VOUCHER),
                           ("total-copay", fm.COPAY)):
            data_value, text = self.cells.ids[id_]
            self.assertEqual(data_value, value)
            self.assertEqual(text, finnish(value) + "\u00a0€")

    def test_provider_rows_equal_the_export(self):
        _, _, body = request("GET", f"/v1/exports/reconciliation?month={fm.MONTH}", TOKENS["finance"])
        _, rows = fm.read_csv(body, "rfc4180")
        for r in rows:
            cells = self.cells.rows["provider", r["business_id"]]
            # lines, price, voucher, co-payment, invoiced, difference
            values = [c[0] for c in cells[4:]]
            shown = [c[1] for c in cells[4:]]
            want = [r["price_total"], r["voucher_total"], r["copay_total"], r["invoiced_total"],
                    r["difference"]]
            self.assertEqual(shown[0], r["line_count"])
            self.assertEqual(values[1:], want)
            self.assertEqual(shown[1:], [finnish(v) for v in want])

    def test_service_rows_sum_to_the_journal(self):
        _, _, body = request("GET", f"/v1/exports/journal?month={fm.MONTH}", TOKENS["finance"])
        _, postings = fm.read_csv(body, "rfc4180")
        by_service = {}
        for p in postings:
            if p["kind"] in ("expense", "prior_period"):
                by_service[p["service"]] = by_service.get(p["service"], decimal.Decimal(0)) + \
                    decimal.Decimal(p["debit"]) - decimal.Decimal(p["credit"])
        # service, class, lines, price, voucher, co-payment
        page = {key: decimal.Decimal(cells[4][0]) for (kind, key), cells in self.cells.rows.items()
                if kind == "service"}
        self.assertEqual(page, by_service)

    def test_chart_has_a_bar_pair_per_service(self):
        services = [k for (kind, k) in self.cells.rows if kind == "service"]
        self.assertEqual(self.dom.count('class="voucher"'), len(services))
        self.assertEqual(self.dom.count('class="copay"'), len(services))

    def test_self_contained(self):
        for needle in ("<script", "src=\"http", "href=\"http", "@import"):
            self.assertNotIn(needle, self.dom)


def start_daemon():
    global DAEMON, PORT
    port_file = os.path.join(M.dir, "port")
    DAEMON = subprocess.Popen([SETELI, "serve", "--config", M.config, "--port-file", port_file],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(M.dir, "serve.log"), "w"))
    for _ in range(300):
        if os.path.exists(port_file):
            PORT = int(open(port_file).read())
            return
        if DAEMON.poll() is not None:
            break
        time.sleep(0.1)
    sys.exit("seteli serve did not start: " + open(os.path.join(M.dir, "serve.log")).read())


def post_invoices():
    inv = os.path.join(SOURCE, "fixtures", "invoices")
    files = [os.path.join(inv, "good", f) for f in sorted(os.listdir(os.path.join(inv, "good")))
             if f.endswith(".xml") and not f.startswith("2345678-0")]
    # Kuusi's invoice with a wrong total: rejected (total_mismatch).
    files.append(os.path.join(inv, "malformed", "total_mismatch.xml"))
    for f in files:
        with open(f, "rb") as fh:
            status, _, body = request("POST", "/v1/invoices", TOKENS["admin"], fh.read())
        if status != 200:
            sys.exit(f"POST /v1/invoices {f}: {status} {body[:300]}")


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    M = fm.FixtureMonth(SETELI, SOURCE, tokens_yaml())
    if M.run.returncode != 0:
        sys.exit("seteli run failed: " + M.run.stdout + M.run.stderr)
    start_daemon()
    try:
        post_invoices()
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        DAEMON.terminate()
        DAEMON.wait(timeout=30)
        shutil.rmtree(M.dir, ignore_errors=True)
    if not result.wasSuccessful():
        sys.exit(1)
    sys.exit(77 if not os.path.exists(CHROMIUM) else 0)
