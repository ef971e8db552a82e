#!/usr/bin/env python3
"""A provider in headless Chromium (docs/providers.md): signs in with its key
on the form, uploads a CSV saved in the Finnish spreadsheet dialect with one
bad line, sees each line's verdict, corrects a visit from its month (the
form opens with the visit to replace), reads its statement and invoices,
creates a key (shown once) and signs out, after which its pages send it
back to the sign-in, where the new key signs it in.

Chromium is driven over its DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), with
nothing but the standard library. With SETELI_SCREENSHOT_DIR set, a PNG of
each page is written there (docs/providers.md shows them).

usage: provider_browser_test.py SETELI_BINARY SOURCE_DIR
Exit 77 (skipped) when /usr/bin/chromium is not installed.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provider_daemon as pd  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
D = None

CSV = ("\ufeffevent_id;provider;decision_id;service;start;end;recorded_at\r\n"
       "BR-1;2345678-0;D-0002;kotihoito-saannollinen;10.6.2024 8:00;10.6.2024 9:30;10.6.2024 12:00\r\n"
       "BR-2;2345678-0;D-0002;kotihoito-saannollinen;31.6.2024 8:00;31.6.2024 9:00;10.6.2024 12:00\r\n"
       "BR-3;2345678-0;D-0002;kotihoito-saannollinen;11.6.2024 8:00;11.6.2024 8:45;11.6.2024 12:00\r\n")


class DevTools:
    """One headless Chromium and one page in it, over the debugging pipe."""

    def __init__(self, profile):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        # The child's fd 3 reads commands, fd 4 writes replies; its other fds
        # are left open (close_fds would close 3 and 4 after preexec_fn).
        def fds():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,900",
             f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.out, self.inp = os.fdopen(to_chrome_w, "wb"), os.fdopen(from_chrome_r, "rb")
        self.next_id, self.buffer = 0, b""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self.out.write(json.dumps(msg).encode() + b"\0")
        self.out.flush()
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.inp.fileno(), 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def eval(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expression, timeout=20):
        """Until `expression` is truthy in a loaded page."""
        end = time.time() + timeout
        while time.time() < end:
            try:
                if self.eval(f"document.readyState === 'complete' && ({expression})"):
                    return
            except RuntimeError:
                pass  # the page is being replaced
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression}: at {self.eval('location.href')}")

    def go(self, url):
        self.call("Page.navigate", {"url": url}, session=True)

    def set_file(self, selector, path):
        root = self.call("DOM.getDocument", session=True)["root"]["nodeId"]
        node = self.call("DOM.querySelector", {"nodeId": root, "selector": selector}, session=True)["nodeId"]
        self.call("DOM.setFileInputFiles", {"files": [path], "nodeId": node}, session=True)

    def screenshot(self, name, height=None):
        """The whole page, or its top `height` pixels (a long statement)."""
        where = os.environ.get("SETELI_SCREENSHOT_DIR")
        if not where:
            return
        params = {"format": "png", "captureBeyondViewport": True}
        if height:
            params["clip"] = {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}
        png = self.call("Page.captureScreenshot", params, session=True)["data"]
        with open(os.path.join(where, name + ".png"), "wb") as f:
            f.write(base64.b64decode(png))

    def close(self):
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        self.proc.wait(timeout=30)
        self.out.close()
        self.inp.close()


@unittest.skipUnless(os.path.exists(CHROMIUM), "chromium is not installed")
class ProviderInABrowser(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seteli-browser-")
        self.browser = DevTools(os.path.join(self.dir, "profile"))
        self.base = f"http://127.0.0.1:{D.port}"

    def tearDown(self):
        self.browser.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_sign_in_upload_read_and_sign_out(self):
        b = self.browser
        b.go(self.base + "/portal/visits")  # not signed in: sent to the sign-in
        b.wait("location.pathname === '/portal/sign-in' && !!document.getElementById('key')")
        b.screenshot("sign-in")
        b.eval(f"document.getElementById('key').value = {json.dumps(pd.TOKENS['kuusi'])};"
               "document.getElementById('sign-in').click(); true")
        b.wait("location.pathname === '/portal/visits' && !!document.getElementById('file')")
        self.assertNotIn("seteli_session", b.eval("document.cookie"))  # HttpOnly

        path = os.path.join(self.dir, "käynnit.csv")
        with open(path, "wb") as f:
            f.write(CSV.encode("utf-8"))
        b.set_file("#file", path)
        # The send button: the page's script posts the file and shows its
        # progress (blocked by the page's policy, the form would post plain).
        b.eval("document.querySelector('#upload button[type=submit]').click(); true")
        b.wait("!!document.getElementById('verdicts')")
        self.assertGreater(int(b.eval("document.documentElement.dataset.uploadSent || '0'")),
                           len(CSV.encode("utf-8")))  # the file and its form framing
        b.screenshot("record-visits")
        rows = b.eval("[...document.querySelectorAll('#verdicts tr[data-line]')]"
                      ".map(r => [r.dataset.line, r.dataset.status, r.innerText])")
        self.assertEqual([(r[0], r[1]) for r in rows],
                         [("2", "accepted"), ("3", "rejected"), ("4", "accepted")])
        self.assertIn("Hylätty", rows[1][2])
        self.assertIn("start", rows[1][2])   # the field that could not be read

        b.go(self.base + "/portal/month?month=2024-06")
        b.wait("!!document.getElementById('events')")
        ids = b.eval("[...document.querySelectorAll('#events tr[data-event-id]')].map(r => r.dataset.eventId)")
        self.assertIn("BR-1", ids)
        self.assertIn("BR-3", ids)
        self.assertNotIn("BR-2", ids)
        b.screenshot("my-month")

        # BR-1 lasted 1 h, not 1.5 h: Correct opens the form with it to replace.
        b.eval("document.querySelector('#events tr[data-event-id=\"BR-1\"] a').click(); true")
        b.wait("location.pathname === '/portal/visits' && "
               "document.getElementById('replaces').value === 'BR-1'")
        fields = {"event_id": "BR-1-K", "decision_id": "D-0002",
                  "service": "kotihoito-saannollinen", "date": "2024-06-10", "start": "08:00",
                  "end": "09:00"}
        b.eval("".join(f"document.getElementById('{k}').value = {json.dumps(v)};"
                       for k, v in fields.items()) +
               "document.getElementById('replaces').form.querySelector('button').click(); true")
        b.wait("!!document.getElementById('verdicts')")
        self.assertEqual(b.eval("[...document.querySelectorAll('#verdicts tr[data-line]')]"
                                ".map(r => r.dataset.status)"), ["accepted"])
        b.go(self.base + "/portal/month?month=2024-06")
        b.wait("!!document.getElementById('events')")
        self.assertIn("korvaa käynnin BR-1", b.eval(
            "document.querySelector('#events tr[data-event-id=\"BR-1-K\"]').innerText"))

        b.go(self.base + "/portal/settlement?month=2024-05")
        b.wait("document.body.innerText.includes('2345678-0')")
        b.screenshot("settlement", height=1600)

        b.go(self.base + "/portal/invoices")
        b.wait("!!document.getElementById('invoices')")
        self.assertEqual(b.eval("document.querySelector('#invoices tr[data-state]').dataset.state"), "rejected")
        self.assertIn("Palautettu", b.eval("document.getElementById('invoices').innerText"))
        b.screenshot("invoices")

        # A new key, shown once, signs in; the list says when it was last used.
        b.go(self.base + "/portal/keys")
        b.wait("!!document.getElementById('create-key')")
        b.eval("document.getElementById('name').value = 'toimisto';"
               "document.getElementById('days').value = '90';"
               "document.getElementById('create-key').click(); true")
        b.wait("!!document.getElementById('new-key')")
        key = b.eval("document.getElementById('new-key').innerText")
        self.assertGreaterEqual(len(key), 32)
        self.assertIn("toimisto", b.eval("document.getElementById('keys').innerText"))
        b.screenshot("keys")
        b.go(self.base + "/portal/keys")
        b.wait("!!document.getElementById('keys')")
        self.assertFalse(b.eval("!!document.getElementById('new-key')"))  # shown once
        self.assertNotIn(key, b.eval("document.documentElement.outerHTML"))

        b.eval("document.getElementById('sign-out').click(); true")
        b.wait("location.pathname === '/portal/sign-in'")
        b.go(self.base + "/portal/month")
        b.wait("location.pathname === '/portal/sign-in' && !!document.getElementById('key')")
        b.eval(f"document.getElementById('key').value = {json.dumps(key)};"
               "document.getElementById('sign-in').click(); true")
        b.wait("location.pathname === '/portal/visits'")
        b.go(self.base + "/portal/keys")
        b.wait("!!document.getElementById('keys')")
        self.assertNotEqual(b.eval("document.querySelector('#keys tr[data-name=toimisto] .last-used')"
                                   ".innerText"), "–")  # the sign-in used it


if __name__ == "__main__":
    if not os.path.exists(CHROMIUM):
        print("chromium is not installed: skipped")
        sys.exit(77)
    D = pd.Daemon(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        D.stop()
    sys.exit(0 if result.wasSuccessful() else 1)
