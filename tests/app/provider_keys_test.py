#!/usr/bin/env python3
"""Provider keys over real HTTP (issue 23, docs/providers.md "Keys"): a
provider creates a named key on its pages (shown once, stored hashed, at
most a year), uses it on the API, sees when it was last used, revokes it;
a session started with a revoked key ends; another provider neither sees
nor revokes it; request logs name the key, never its value. The config's
tokens are taken again on SIGHUP and when the file changes.

usage: provider_keys_test.py SETELI_BINARY SOURCE_DIR
"""
import hashlib
import json
import os
import re
import signal
import sqlite3
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provider_daemon as pd  # noqa: E402

D = None
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


class Browser(pd.CookieJar):
    """A browser signed in with `key`."""

    def __init__(self, key):
        super().__init__(D)
        page = self.request("GET", "/portal/sign-in")
        self.signed_in = self.post("/portal/sign-in", {"key": key}, page)

    def post(self, path, fields, page=None):
        page = page or self.request("GET", "/portal/keys")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text()).group(1)
        body = urllib.parse.urlencode(dict(fields, csrf=csrf)).encode()
        return self.request("POST", path, body, FORM)

    def create_key(self, name, days=365):
        r = self.post("/portal/keys", {"name": name, "days": str(days)})
        m = re.search(r'<code id="new-key">([^<]+)</code>', r.text())
        return r, (m.group(1) if m else None)

    def key_id(self, name):
        page = self.request("GET", "/portal/keys").text()
        m = re.search(r'data-key="([0-9a-f]+)" data-name="' + re.escape(name) + '"', page)
        return m.group(1) if m else None


def api_status(token):
    return D.request("GET", f"/v1/events?provider={pd.KUUSI}&limit=1", token).status


def log_lines():
    with open(D.log, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def wait_for_log(predicate, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if any(predicate(x) for x in log_lines()):
            return True
        time.sleep(0.1)
    return False


class Keys(unittest.TestCase):
    def test_a_new_key_is_shown_once_stored_hashed_and_works_on_the_api(self):
        b = Browser(pd.TOKENS["kuusi"])
        r, value = b.create_key("kirjanpito-2026")
        self.assertEqual(r.status, 200)
        self.assertTrue(value and value.startswith("seteli_"), r.text()[:2000])
        self.assertNotIn(value, b.request("GET", "/portal/keys").text())
        with sqlite3.connect(D.month.db) as db:
            rows = db.execute("SELECT business_id, sha256, created_at, expires_at FROM provider_keys"
                              " WHERE name = 'kirjanpito-2026'").fetchall()
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][:2], (pd.KUUSI, sha256(value)))
        created = time.strptime(rows[0][2][:19], "%Y-%m-%dT%H:%M:%S")
        expires = time.strptime(rows[0][3][:19], "%Y-%m-%dT%H:%M:%S")
        self.assertEqual(round((time.mktime(expires) - time.mktime(created)) / 86400), 365)
        with open(D.month.db, "rb") as f:
            self.assertNotIn(value.encode(), f.read())
        row = re.search(r'<tr data-key="[0-9a-f]+" data-name="kirjanpito-2026".*?</tr>',
                        b.request("GET", "/portal/keys").text()).group(0)
        self.assertIn('<td class="last-used">–</td>', row)
        self.assertEqual(api_status(value), 200)
        row = re.search(r'<tr data-key="[0-9a-f]+" data-name="kirjanpito-2026".*?</tr>',
                        b.request("GET", "/portal/keys").text()).group(0)
        self.assertRegex(row, r'<td class="last-used">\d+\.\d+\.\d{4} klo')

    def test_a_key_longer_than_a_year_or_a_name_taken_is_refused(self):
        b = Browser(pd.TOKENS["kuusi"])
        r, value = b.create_key("liian-pitka", days=366)
        self.assertEqual(r.status, 422)
        self.assertIsNone(value)
        self.assertIn("key_expiry_too_long", r.text())
        self.assertIsNone(b.key_id("liian-pitka"))
        self.assertEqual(b.create_key("kahdesti")[0].status, 200)
        r, value = b.create_key("kahdesti")
        self.assertEqual((r.status, value), (422, None))
        self.assertIn("key_name_taken", r.text())

    def test_a_revoked_key_is_refused_and_its_sessions_end(self):
        b = Browser(pd.TOKENS["kuusi"])
        _, value = b.create_key("vaihdettava")
        self.assertEqual(api_status(value), 200)
        with_key = Browser(value)
        self.assertEqual(with_key.signed_in.status, 303)
        self.assertEqual(with_key.request("GET", "/portal/visits").status, 200)
        r = b.post("/portal/keys/revoke", {"key_id": b.key_id("vaihdettava")})
        self.assertEqual((r.status, r.header("location")), (303, "/portal/keys"))
        self.assertEqual(api_status(value), 401)
        r = with_key.request("GET", "/portal/visits")
        self.assertEqual((r.status, r.header("location")), (303, "/portal/sign-in"))
        self.assertEqual(Browser(value).signed_in.status, 401)
        self.assertIn('data-name="vaihdettava" data-state="revoked"',
                      b.request("GET", "/portal/keys").text())

    def test_a_provider_neither_sees_nor_revokes_anothers_keys(self):
        kuusi, puolukka = Browser(pd.TOKENS["kuusi"]), Browser(pd.TOKENS["puolukka"])
        _, value = kuusi.create_key("kuusen-oma")
        key_id = kuusi.key_id("kuusen-oma")
        page = puolukka.request("GET", "/portal/keys").text()
        self.assertNotIn("kuusen-oma", page)
        self.assertNotIn(key_id, page)
        r = puolukka.post("/portal/keys/revoke", {"key_id": key_id})
        self.assertEqual(r.status, 404)
        self.assertEqual(api_status(value), 200)
        self.assertIn('data-name="kuusen-oma" data-state="active"',
                      kuusi.request("GET", "/portal/keys").text())

    def test_a_form_without_its_csrf_token_creates_nothing(self):
        b = Browser(pd.TOKENS["kuusi"])
        r = b.request("POST", "/portal/keys", b"name=ilman-tarkistetta&days=30", FORM)
        self.assertEqual(r.status, 403)
        self.assertIsNone(b.key_id("ilman-tarkistetta"))

    def test_the_request_log_names_the_key_never_its_value(self):
        b = Browser(pd.TOKENS["kuusi"])
        _, value = b.create_key("lokissa")
        self.assertEqual(api_status(value), 200)
        self.assertTrue(wait_for_log(lambda x: x.get("msg") == "request"
                                     and x.get("key") == "lokissa"
                                     and x.get("path") == "/v1/events"))
        self.assertTrue(any(x.get("msg") == "request" and x.get("key") == "kuusi"
                            and x.get("path") == "/portal/keys" for x in log_lines()))
        with open(D.log, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn(value, text)
        self.assertNotIn(sha256(value), text)
        self.assertNotIn(pd.TOKENS["kuusi"], text)


class Reload(unittest.TestCase):
    def setUp(self):
        with open(D.month.config, encoding="utf-8") as f:
            self.original = f.read()

    def tearDown(self):
        with open(D.month.config, "w", encoding="utf-8") as f:
            f.write(self.original)
        D.proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            if api_status(pd.TOKENS["kuusi"]) == 200:
                break
            time.sleep(0.1)

    def replace_kuusi_token(self, new_token):
        text = self.original.replace(sha256(pd.TOKENS["kuusi"]), sha256(new_token))
        self.assertNotEqual(text, self.original)
        return text

    def test_sighup_takes_the_configs_tokens_again(self):
        time.sleep(2.5)  # the watch has seen the file as it is now
        before = os.stat(D.month.config)
        sighups = sum(1 for x in log_lines() if x.get("reason") == "SIGHUP")
        # The same size and time: only the signal can tell the daemon.
        with open(D.month.config, "w", encoding="utf-8") as f:
            f.write(self.replace_kuusi_token("kuusi-uusi-avain"))
        os.utime(D.month.config, ns=(before.st_atime_ns, before.st_mtime_ns))
        time.sleep(3)  # longer than the watch's interval: nothing is taken yet
        self.assertEqual(api_status(pd.TOKENS["kuusi"]), 200)
        self.assertEqual(api_status("kuusi-uusi-avain"), 401)
        D.proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            if sum(1 for x in log_lines() if x.get("reason") == "SIGHUP") > sighups:
                break
            time.sleep(0.1)
        self.assertGreater(sum(1 for x in log_lines() if x.get("msg") == "tokens reloaded"
                               and x.get("reason") == "SIGHUP"), sighups)
        self.assertEqual(api_status(pd.TOKENS["kuusi"]), 401)
        self.assertEqual(api_status("kuusi-uusi-avain"), 200)

    def test_an_edited_config_is_taken_without_a_signal(self):
        text = self.replace_kuusi_token("kuusi-muokattu") + "# edited\n"
        with open(D.month.config, "w", encoding="utf-8") as f:
            f.write(text)
        for _ in range(100):
            if api_status("kuusi-muokattu") == 200:
                break
            time.sleep(0.1)
        self.assertEqual(api_status("kuusi-muokattu"), 200)
        self.assertEqual(api_status(pd.TOKENS["kuusi"]), 401)

    def test_a_broken_config_keeps_the_tokens_before(self):
        with open(D.month.config, "w", encoding="utf-8") as f:
            f.write(self.original + "tokens_misspelt: 1\n")
        self.assertTrue(wait_for_log(lambda x: x.get("msg") == "tokens not reloaded; the ones before stay"))
        self.assertEqual(api_status(pd.TOKENS["kuusi"]), 200)


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    D = pd.Daemon(SETELI, SOURCE)
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        D.stop()
    sys.exit(0 if result.wasSuccessful() else 1)
