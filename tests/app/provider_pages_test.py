#!/usr/bin/env python3
"""The signed-in pages over real HTTP (docs/providers.md): signing in with a
key on a form, the session cookie's flags, the CSRF token on every POST,
idle expiry, signing out, and that a provider's session reads and changes
only its own data (two providers); finance reaches the month page the same
way. The daemon runs on the fixture month with `sessions: {idle_seconds: 3}`.

usage: provider_pages_test.py SETELI_BINARY SOURCE_DIR
"""
import base64
import hashlib
import json
import os
import re
import sqlite3
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provider_daemon as pd  # noqa: E402

D = None
SETELI = SOURCE = None
IDLE = 3
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def csrf_of(html):
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return m.group(1) if m else None


class Browser(pd.CookieJar):
    """A browser on the daemon's pages."""

    def __init__(self):
        super().__init__(D)

    def sign_in(self, key):
        page = self.request("GET", "/portal/sign-in")
        return self.request("POST", "/portal/sign-in",
                            f"csrf={csrf_of(page.text())}&key={key}".encode(), FORM)

    def post_form(self, path, fields, csrf=True):
        page = self.request("GET", "/portal/visits" if "month" not in path else "/portal/month")
        if csrf:
            fields = dict(fields, csrf=csrf_of(page.text()))
        body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
        return self.request("POST", path, body, FORM)

    def upload(self, csv_bytes, csrf):
        b = "----seteli" + uuid.uuid4().hex
        body = (f"--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
                f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.csv\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode() + csv_bytes + f"\r\n--{b}--\r\n".encode()
        return self.request("POST", "/portal/visits/upload", body,
                            {"Content-Type": f"multipart/form-data; boundary={b}"})


def stored_ids(token, month):
    r = D.request("GET", f"/v1/events?month={month}&limit=10000", token)
    return {e["event"]["event_id"] for e in json.loads(r.body)["events"]}


CSV = ("\ufeffevent_id;provider;decision_id;service;start;end;recorded_at\r\n"
       "{id};2345678-0;D-0002;kotihoito-saannollinen;3.6.2024 16:00;3.6.2024 17:30;3.6.2024 18:00\r\n")


class SignIn(unittest.TestCase):
    def test_sign_in_sets_a_strict_http_only_session_cookie(self):
        b = Browser()
        r = b.sign_in(pd.TOKENS["kuusi"])
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/portal/visits")
        cookie = [c for c in r.headers["set-cookie"] if c.startswith("seteli_session=")][0]
        for flag in ("HttpOnly", "SameSite=Strict", "Path=/portal"):
            self.assertIn(flag, cookie)
        self.assertNotIn("Secure", cookie)  # plain HTTP here; under TLS it is set
        self.assertNotIn(pd.TOKENS["kuusi"], cookie)
        page = b.request("GET", "/portal/visits")
        self.assertEqual(page.status, 200)
        self.assertIn("Kirjaa käynnit", page.text())
        csp = page.header("content-security-policy")
        self.assertIn("form-action 'self'", csp)
        self.assertIn("default-src 'none'", csp)
        # One script, the upload's progress, allowed by its hash alone.
        self.assertEqual(page.text().count("<script"), 1)
        body = page.text().split("<script>")[1].split("</script>")[0]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        self.assertIn(f"script-src 'sha256-{digest}'", csp)
        self.assertNotIn("unsafe-inline'; script", csp)

    def test_a_wrong_key_or_a_form_without_its_token_gets_no_session(self):
        b = Browser()
        r = b.sign_in("not-a-key")
        self.assertEqual(r.status, 401)
        self.assertNotIn("seteli_session", b.cookies)
        b.request("GET", "/portal/sign-in")
        r = b.request("POST", "/portal/sign-in", f"key={pd.TOKENS['kuusi']}".encode(), FORM)
        self.assertEqual(r.status, 403)
        self.assertNotIn("seteli_session", b.cookies)

    def test_pages_take_no_key_in_the_url_or_a_bearer_header(self):
        r = D.request("GET", f"/portal/visits?key={pd.TOKENS['kuusi']}")
        self.assertEqual((r.status, r.header("location")), (303, "/portal/sign-in"))
        r = D.request("GET", "/portal/visits", pd.TOKENS["kuusi"])
        self.assertEqual((r.status, r.header("location")), (303, "/portal/sign-in"))
        r = D.request("GET", f"/portal/sign-in?key={pd.TOKENS['kuusi']}")
        self.assertFalse(any(c.startswith("seteli_session=") for c in r.headers.get("set-cookie", [])))

    def test_the_api_does_not_take_the_session_cookie(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        self.assertEqual(b.request("GET", "/v1/events").status, 401)

    def test_sign_out_ends_the_session(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        old = dict(b.cookies)
        page = b.request("GET", "/portal/visits")
        r = b.request("POST", "/portal/sign-out", f"csrf={csrf_of(page.text())}".encode(), FORM)
        self.assertEqual((r.status, r.header("location")), (303, "/portal/sign-in"))
        self.assertNotIn("seteli_session", b.cookies)
        cookie = "; ".join(f"{k}={v}" for k, v in old.items())
        r = D.request("GET", "/portal/visits", headers={"Cookie": cookie})
        self.assertEqual((r.status, r.header("location")), (303, "/portal/sign-in"))

    def test_an_idle_session_expires(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        self.assertEqual(b.request("GET", "/portal/visits").status, 200)
        time.sleep(IDLE - 1.5)
        self.assertEqual(b.request("GET", "/portal/visits").status, 200)  # use restarts the clock
        time.sleep(IDLE - 1.5)
        self.assertEqual(b.request("GET", "/portal/visits").status, 200)
        time.sleep(IDLE + 0.5)
        r = b.request("GET", "/portal/visits")
        self.assertEqual((r.status, r.header("location")), (303, "/portal/sign-in"))


class Forms(unittest.TestCase):
    def test_a_post_without_its_csrf_token_is_refused_and_stores_nothing(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        fields = {"event_id": "NOCSRF-1", "decision_id": "D-0002", "service": "kotihoito-saannollinen",
                  "date": "2024-06-07", "start": "08:00", "end": "09:00"}
        r = b.post_form("/portal/visits", fields, csrf=False)
        self.assertEqual(r.status, 403)
        r = b.post_form("/portal/visits", dict(fields, csrf="0" * 64), csrf=False)
        self.assertEqual(r.status, 403)
        other = Browser()  # another session's token is no good either
        other.sign_in(pd.TOKENS["kuusi"])
        token = csrf_of(other.request("GET", "/portal/visits").text())
        r = b.post_form("/portal/visits", dict(fields, csrf=token), csrf=False)
        self.assertEqual(r.status, 403)
        self.assertNotIn("NOCSRF-1", stored_ids(pd.TOKENS["kuusi"], "2024-06"))

    def test_one_visit_from_the_form(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        r = b.post_form("/portal/visits", {"event_id": "FORM-1", "decision_id": "D-0002",
                                           "service": "kotihoito-saannollinen", "date": "2024-06-07",
                                           "start": "08%3A00", "end": "09%3A15", "worker": "T-1"})
        self.assertEqual(r.status, 200)
        self.assertIn('data-status="accepted"', r.text())
        self.assertIn("FORM-1", stored_ids(pd.TOKENS["kuusi"], "2024-06"))

    def test_upload_shows_each_lines_verdict_and_what_to_do(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        csrf = csrf_of(b.request("GET", "/portal/visits").text())
        body = (CSV.format(id="UP-1") +
                "UP-1;2345678-0;D-0002;kotihoito-saannollinen;3.6.2024 16:00;3.6.2024 18:30;3.6.2024 19:00\r\n"
                "UP-2;2345678-0;D-0002;kotihoito-saannollinen;31.6.2024 16:00;3.6.2024 17:30;3.6.2024 18:00\r\n")
        r = b.upload(body.encode("utf-8"), csrf)
        self.assertEqual(r.status, 200, r.text()[:500])
        html = r.text()
        self.assertIn('data-line="2" data-status="accepted"', html)
        self.assertIn('data-line="3" data-status="rejected"', html)
        self.assertIn("duplicate_conflict", html)
        self.assertIn("merkitse korvattavaksi", html)   # what to do instead, in Finnish
        self.assertIn('data-line="4" data-status="rejected"', html)

    def test_a_file_longer_than_a_batch_keeps_its_line_numbers(self):
        b = Browser()  # the daemon takes 4 events a request here
        b.sign_in(pd.TOKENS["kuusi"])
        csrf = csrf_of(b.request("GET", "/portal/visits").text())
        rows = [f"LONG-{i};2345678-0;D-0002;kotihoito-saannollinen;{i}.6.2024 8:00;{i}.6.2024 9:00;"
                f"{i}.6.2024 12:00" for i in range(1, 11)]
        rows[7] = rows[7].replace("8.6.2024 8:00", "8.6.2024 8:99")  # file line 9
        text = "\ufeffevent_id;provider;decision_id;service;start;end;recorded_at\r\n" + \
            "\r\n".join(rows) + "\r\n"
        html = b.upload(text.encode("utf-8"), csrf).text()
        self.assertIn("Hyväksytty 9, jo tallennettu 0, hylätty 1.", html)
        self.assertIn('data-line="9" data-status="rejected"', html)
        self.assertIn('data-line="11" data-status="accepted"', html)
        self.assertEqual(html.count("data-line="), 10)

    def test_the_template_is_finnish_spreadsheet_csv(self):
        b = Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        r = b.request("GET", "/portal/visits/template.csv")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/csv"))
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbfevent_id;provider;"))
        self.assertIn(b"\r\n", r.body)
        self.assertIn(b"2345678-0", r.body)


class Isolation(unittest.TestCase):
    """Kuusi (2345678-0) and Puolukka (2987654-0) each see their own only."""

    def test_my_month_lists_only_my_events(self):
        kuusi, puolukka = Browser(), Browser()
        kuusi.sign_in(pd.TOKENS["kuusi"])
        puolukka.sign_in(pd.TOKENS["puolukka"])
        k = kuusi.request("GET", "/portal/month?month=2024-05").text()
        p = puolukka.request("GET", "/portal/month?month=2024-05").text()
        self.assertIn('data-event-id="HK-1229"', k)
        self.assertNotIn('data-event-id="AP-1188"', k)
        self.assertIn('data-event-id="AP-1188"', p)
        self.assertNotIn('data-event-id="HK-1229"', p)
        # The settled lines' flags, in words beside their codes.
        self.assertIn("yli myönnetyn määrän", k)
        self.assertIn("<code>over_grant</code>", k)

    def test_a_provider_cannot_void_or_post_for_another(self):
        kuusi = Browser()
        kuusi.sign_in(pd.TOKENS["kuusi"])
        r = kuusi.post_form("/portal/month/void", {"event_id": "AP-1189", "month": "2024-05"})
        self.assertIn('data-status="rejected"', r.text())
        self.assertNotIn("AP-1189-mitatointi", stored_ids(pd.TOKENS["admin"], "2024-05"))
        csrf = csrf_of(kuusi.request("GET", "/portal/visits").text())
        r = kuusi.upload(("event_id;provider;decision_id;service;date;quantity;recorded_at\r\n"
                          "X-1;2987654-0;D-0018;ateriapalvelu;8.6.2024;1;8.6.2024 12:00\r\n").encode(), csrf)
        self.assertIn("forbidden_provider", r.text())

    def test_a_provider_voids_its_own_event(self):
        kuusi = Browser()
        kuusi.sign_in(pd.TOKENS["kuusi"])
        csrf = csrf_of(kuusi.request("GET", "/portal/visits").text())
        kuusi.upload(CSV.format(id="VOID-ME").encode(), csrf)
        r = kuusi.post_form("/portal/month/void", {"event_id": "VOID-ME", "month": "2024-06"})
        self.assertIn('data-status="accepted"', r.text())
        self.assertIn("VOID-ME-mitatointi", stored_ids(pd.TOKENS["kuusi"], "2024-06"))

    def test_settlement_and_invoices_are_my_own(self):
        kuusi, puolukka = Browser(), Browser()
        kuusi.sign_in(pd.TOKENS["kuusi"])
        puolukka.sign_in(pd.TOKENS["puolukka"])
        k = kuusi.request("GET", "/portal/settlement?month=2024-05").text()
        self.assertIn("2345678-0", k)
        self.assertNotIn("2987654-0", k)
        inv = kuusi.request("GET", "/portal/invoices").text()
        self.assertIn('data-state="rejected"', inv)        # the returned invoice
        self.assertIn("total_mismatch", inv)
        self.assertIn("Korjaa lasku", inv)
        self.assertNotIn("KU-2024-0599", puolukka.request("GET", "/portal/invoices").text())

    def test_a_self_billing_provider_sees_the_invoices_drawn_up_for_it(self):
        db = sqlite3.connect(D.month.db)
        try:
            number, reference, voucher = db.execute(
                "SELECT invoice_number, reference, voucher_total FROM settlements"
                " WHERE provider = ? AND month = '2024-05'", (pd.PUOLUKKA,)).fetchone()
        finally:
            db.close()
        self.assertIsNotNone(number)
        puolukka, kuusi = Browser(), Browser()
        puolukka.sign_in(pd.TOKENS["puolukka"])
        kuusi.sign_in(pd.TOKENS["kuusi"])
        page = puolukka.request("GET", "/portal/invoices").text()
        row = re.search(r'<tr data-self-billing="2024-05">.*?</tr>', page, re.S)
        self.assertTrue(row, page[:3000])
        self.assertIn(f"IL-{number:06d}", row.group(0))
        self.assertIn(reference, row.group(0))
        euros = f"{voucher // 100:,}".replace(",", "\u00a0") + f",{voucher % 100:02d}"
        self.assertIn(euros, row.group(0))
        self.assertIn('href="/portal/settlement?month=2024-05"', row.group(0))
        self.assertNotIn("Laskuta järjestäjää", page)  # it sends no invoice of its own
        mine = kuusi.request("GET", "/portal/invoices").text()
        self.assertNotIn('id="self-billing"', mine)
        self.assertIn("Laskuta järjestäjää", mine)

    def test_finance_reaches_the_month_page_and_providers_do_not(self):
        fin, kuusi = Browser(), Browser()
        r = fin.sign_in(pd.TOKENS["finance"])
        self.assertEqual(r.header("location"), "/portal/finance/month")
        page = fin.request("GET", "/portal/finance/month?month=2024-05")
        self.assertEqual(page.status, 200)
        self.assertIn("Palvelusetelit 2024-05", page.text())
        self.assertIn("form-action 'self'", page.header("content-security-policy"))
        self.assertEqual(fin.request("GET", "/portal/visits").status, 403)
        kuusi.sign_in(pd.TOKENS["kuusi"])
        self.assertEqual(kuusi.request("GET", "/portal/finance/month?month=2024-05").status, 403)


class UnderTls(unittest.TestCase):
    """A daemon speaking HTTPS marks the session cookie Secure."""

    def test_the_session_cookie_is_secure(self):
        global D
        certs = tempfile.mkdtemp(prefix="seteli-tls-")
        key, cert = os.path.join(certs, "key.pem"), os.path.join(certs, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
        plain = D
        D = pd.Daemon(SETELI, SOURCE, f"tls: {{certificate: {cert}, key: {key}}}\n", tls=True)
        try:
            r = Browser().sign_in(pd.TOKENS["kuusi"])
            self.assertEqual(r.status, 303)
            cookie = [c for c in r.headers["set-cookie"] if c.startswith("seteli_session=")][0]
            self.assertIn("; Secure", cookie)
            self.assertIn("HttpOnly", cookie)
        finally:
            D.stop()
            D = plain
            shutil.rmtree(certs, ignore_errors=True)


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    D = pd.Daemon(SETELI, SOURCE, f"sessions: {{idle_seconds: {IDLE}}}\nlimits: {{max_events: 4}}\n")
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        D.stop()
    sys.exit(0 if result.wasSuccessful() else 1)
