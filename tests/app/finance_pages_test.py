#!/usr/bin/env python3
"""Finance's review and credits pages over real HTTP (docs/finance.md): with
`review_flags: [late_recording]` in the rulebook the fixture month's late
events wait for review; finance signs in, sees them with their flags in
words, refuses one and approves another through the forms (each with the
session's CSRF token), and the API reads the same decisions. A held
settlement is released from the month page's form. A credit of a settled
event is given through its form, and the page and the API list it. A post
without its token is 403 and changes nothing; a provider's session gets 403.

usage: finance_pages_test.py SETELI_BINARY SOURCE_DIR
"""
import json
import os
import re
import sqlite3
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provider_daemon as pd  # noqa: E402

D = None
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PAGE = "/portal/finance/review?month=2024-05"


def csrf_of(html):
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return m.group(1) if m else None


def waiting_ids(html):
    return re.findall(r'<tr data-event-id="([^"]+)" data-state="pending">', html)


def review_state(event_id):
    r = D.request("GET", "/v1/review?month=2024-05&state=all", pd.TOKENS["finance"])
    return {rv["event_id"]: rv for rv in json.loads(r.body)["reviews"]}.get(event_id)


class Browser(pd.CookieJar):
    """A browser signed in with `key`."""

    def __init__(self, key):
        super().__init__(D)
        page = self.request("GET", "/portal/sign-in")
        self.signed_in = self.post("/portal/sign-in", {"csrf": csrf_of(page.text()), "key": key})

    def post(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(), FORM)


class ReviewPage(unittest.TestCase):
    def setUp(self):
        self.fin = Browser(pd.TOKENS["finance"])
        self.assertEqual(self.fin.signed_in.status, 303)

    def page(self):
        r = self.fin.request("GET", PAGE)
        self.assertEqual(r.status, 200)
        return r.text()

    def test_the_waiting_events_are_listed_with_forms_and_words(self):
        html = self.page()
        self.assertTrue(waiting_ids(html), html[:2000])
        self.assertIn("kirjattu myöhässä", html)               # the flag in Finnish
        self.assertIn("<code>late_recording</code>", html)      # and its code
        self.assertIn("Hoivapalvelu Kuusi", html)               # the provider by name
        self.assertIn("Säännöllinen kotihoito <small><code>kotihoito-saannollinen", html)
        self.assertIn("12.5.2024 13:45–14:35", html)            # HK-1270's visit, as recorded
        self.assertIn('name="reason_code"', html)
        self.assertNotIn("<script", html)
        token = csrf_of(html)
        forms = re.findall(r'<form method="post" action="/portal/finance/review"[^>]*>'
                           r'<input type="hidden" name="csrf" value="([0-9a-f]+)"', html)
        self.assertEqual(len(forms), 2 * len(waiting_ids(html)))
        self.assertTrue(all(f == token for f in forms))
        self.assertIn('href="/portal/finance/review"', html)      # in the navigation
        month = self.fin.request("GET", "/portal/finance/month?month=2024-05").text()
        self.assertIn('href="/portal/finance/review"', month)

    def test_refuse_then_approve_through_the_forms(self):
        html = self.page()
        first, second = waiting_ids(html)[:2]
        token = csrf_of(html)

        no_text = self.fin.post("/portal/finance/review",
                                {"csrf": token, "event_id": first, "month": "2024-05",
                                 "decision": "refuse", "reason_code": "not_delivered", "text": ""})
        self.assertEqual(no_text.status, 400)
        self.assertIn("missing_reason", no_text.text())
        self.assertEqual(review_state(first)["state"], "pending")

        r = self.fin.post("/portal/finance/review",
                          {"csrf": token, "event_id": first, "month": "2024-05",
                           "decision": "refuse", "reason_code": "not_delivered",
                           "text": "Käyntiä ei tehty / no visit"})
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("location").startswith(PAGE + "&done=refused"))
        shown = self.fin.request("GET", r.header("location")).text()
        self.assertIn('id="outcome"', shown)
        self.assertIn(f'<tr data-event-id="{first}" data-state="refused">', shown)
        self.assertIn("Käyntiä ei tehty / no visit", shown)
        self.assertIn("finance:fin", shown)  # who decided
        rv = review_state(first)
        self.assertEqual((rv["state"], rv["reason_code"]), ("refused", "not_delivered"))

        r = self.fin.post("/portal/finance/review",
                          {"csrf": token, "event_id": second, "month": "2024-05",
                           "decision": "approve"})
        self.assertEqual(r.status, 303)
        self.assertEqual(review_state(second)["state"], "approved")
        again = self.fin.post("/portal/finance/review",
                              {"csrf": token, "event_id": second, "month": "2024-05",
                               "decision": "refuse", "reason_code": "other", "text": "x"})
        self.assertEqual(again.status, 409)
        self.assertEqual(review_state(second)["state"], "approved")

    def test_a_post_without_its_csrf_token_changes_nothing(self):
        event = waiting_ids(self.page())[-1]
        r = self.fin.post("/portal/finance/review",
                          {"event_id": event, "month": "2024-05", "decision": "approve"})
        self.assertEqual(r.status, 403)
        r = self.fin.post("/portal/finance/review",
                          {"csrf": "0" * 64, "event_id": event, "month": "2024-05",
                           "decision": "approve"})
        self.assertEqual(r.status, 403)
        self.assertEqual(review_state(event)["state"], "pending")

    def test_the_provider_is_told_on_its_month_page(self):
        # One of Kuusi's reviews refused: by this test unless another
        # test refused one first (the others need the last waiting event).
        r = D.request("GET", "/v1/review?month=2024-05&state=all", pd.TOKENS["finance"])
        all_reviews = json.loads(r.body)["reviews"]
        waiting = waiting_ids(self.page())
        ours = [rv["event_id"] for rv in all_reviews if rv["provider"] == pd.KUUSI and
                (rv["state"] == "refused" or rv["event_id"] in waiting[:-1])]
        self.assertTrue(ours, all_reviews)
        refused = ours[0]
        if review_state(refused)["state"] == "pending":
            r = D.request("POST", f"/v1/review/{refused}", pd.TOKENS["finance"],
                          body=json.dumps({"decision": "refuse", "reason_code": "not_granted",
                                           "text": "Ei päätöksessä / not in the decision"}).encode())
            self.assertEqual(r.status, 200, r.body)
        decided = review_state(refused)

        own = D.request("GET", "/v1/review?month=2024-05&state=all", pd.TOKENS["kuusi"])
        self.assertEqual(own.status, 200)
        reviews = json.loads(own.body)["reviews"]
        self.assertIn(refused, [rv["event_id"] for rv in reviews])
        self.assertEqual({rv["provider"] for rv in reviews}, {pd.KUUSI})
        other = D.request("GET", f"/v1/review?month=2024-05&state=all&provider={pd.KUUSI}",
                          pd.TOKENS["puolukka"])
        self.assertEqual(other.status, 200)
        self.assertNotIn(pd.KUUSI, other.text())
        self.assertEqual(D.request("POST", f"/v1/review/{waiting[-1]}", pd.TOKENS["kuusi"],
                                   body=b'{"decision": "approve"}').status, 403)

        kuusi = Browser(pd.TOKENS["kuusi"])
        month = kuusi.request("GET", "/portal/month?month=2024-05").text()
        row = re.search(rf'<tr data-event-id="{re.escape(refused)}">.*?</tr>', month, re.S)
        self.assertTrue(row, month[:3000])
        self.assertIn('data-review="refused"', row.group(0))
        words = {"not_granted": "Ei kuulu päätökseen", "not_delivered": "Käyntiä ei tehty"}
        self.assertIn(words[decided["reason_code"]], row.group(0))  # the reason in words
        self.assertIn(decided["text"], row.group(0))
        for rv in reviews:
            if rv["month"] == "2024-05":
                self.assertRegex(month, rf'<tr data-event-id="{re.escape(rv["event_id"])}">'
                                        rf'(?:(?!</tr>).)*data-review="{rv["state"]}"')

    def test_a_provider_session_gets_403(self):
        kuusi = Browser(pd.TOKENS["kuusi"])
        self.assertEqual(kuusi.request("GET", PAGE).status, 403)
        event = waiting_ids(self.page())[-1]
        token = csrf_of(kuusi.request("GET", "/portal/visits").text())
        r = kuusi.post("/portal/finance/review",
                       {"csrf": token, "event_id": event, "month": "2024-05", "decision": "approve"})
        self.assertEqual(r.status, 403)
        self.assertEqual(review_state(event)["state"], "pending")


class CreditsPage(unittest.TestCase):
    CREDITS = "/portal/finance/credits?month=2024-05"

    def settled_line(self):
        """A settled event of Puolukka (no other test holds its settlement), and its voucher part."""
        db = sqlite3.connect(D.month.db)
        try:
            return db.execute("SELECT provider, event_id, voucher FROM settlement_lines WHERE "
                              "month = '2024-05' AND provider = ? AND voucher > 0 "
                              "ORDER BY event_id LIMIT 1", (pd.PUOLUKKA,)).fetchone()
        finally:
            db.close()

    def credits(self):
        r = D.request("GET", "/v1/credits?month=2024-05", pd.TOKENS["finance"])
        self.assertEqual(r.status, 200)
        return json.loads(r.body)["credits"]

    def test_a_credit_is_given_through_the_form_and_listed(self):
        provider, event, voucher = self.settled_line()
        fin = Browser(pd.TOKENS["finance"])
        page = fin.request("GET", self.CREDITS)
        self.assertEqual(page.status, 200)
        html = page.text()
        self.assertIn('id="no-credits"', html)
        self.assertIn('id="give-credit"', html)
        self.assertIn(f'<option value="{provider}"', html)
        self.assertIn("Väärä hinta / Wrong price", html)
        self.assertIn('href="/portal/finance/credits"', html)  # in the navigation
        token = csrf_of(html)
        fields = {"provider": provider, "event_id": event, "month": "2024-05",
                  "reason_code": "wrong_price", "text": "Hinta korjattu / price corrected"}

        self.assertEqual(fin.post("/portal/finance/credits", dict(fields, amount="1,50")).status, 403)
        bad = fin.post("/portal/finance/credits", dict(fields, csrf=token, amount="puolet"))
        self.assertEqual(bad.status, 400)
        self.assertIn("invalid_amount", bad.text())
        self.assertIn('value="Hinta korjattu / price corrected"', bad.text())  # kept for a retry
        too_much = voucher + 1
        over = fin.post("/portal/finance/credits",
                        dict(fields, csrf=token, amount=f"{too_much // 100},{too_much % 100:02d}"))
        self.assertEqual(over.status, 400)
        self.assertIn("credit_exceeds_settled", over.text())
        kuusi = Browser(pd.TOKENS["kuusi"])
        kuusi_token = csrf_of(kuusi.request("GET", "/portal/visits").text())
        self.assertEqual(kuusi.request("GET", self.CREDITS).status, 403)
        self.assertEqual(kuusi.post("/portal/finance/credits",
                                    dict(fields, csrf=kuusi_token, amount="1,50")).status, 403)
        self.assertEqual(self.credits(), [])

        r = fin.post("/portal/finance/credits", dict(fields, csrf=token, amount="1,50"))
        self.assertEqual(r.status, 303, r.text()[:2000])
        self.assertTrue(r.header("location").startswith(self.CREDITS + "&given="))
        [credit] = self.credits()
        self.assertEqual((credit["provider"], credit["event_id"], credit["amount_cents"]),
                         (provider, event, 150))
        self.assertEqual(credit["created_by"], "finance:fin")
        shown = fin.request("GET", r.header("location")).text()
        self.assertIn('id="outcome"', shown)
        self.assertIn("hyvitetään 1,50 €", shown)
        self.assertIn(f'<tr data-credit-id="{credit["credit_id"]}">', shown)
        self.assertIn("Odottaa seuraavaa ajoa", shown)
        self.assertIn("Hinta korjattu / price corrected", shown)
        self.assertNotIn("<script", shown)
        # The same form sent again (a reload, a double click) credits once.
        again = fin.post("/portal/finance/credits", dict(fields, csrf=token, amount="1,50"))
        self.assertEqual(again.status, 303)
        self.assertEqual(len(self.credits()), 1)

        # The provider is told on its month page; another provider is not.
        puolukka = Browser(pd.TOKENS["puolukka"]).request("GET", "/portal/month?month=2024-05")
        told = re.search(r'<table id="credits">.*?</table>', puolukka.text(), re.S)
        self.assertTrue(told, puolukka.text()[:3000])
        self.assertIn(event, told.group(0))
        self.assertIn("−1,50", told.group(0))
        self.assertIn("Väärä hinta", told.group(0))
        self.assertIn("Hinta korjattu / price corrected", told.group(0))
        self.assertIn("Vähennetään seuraavassa tilityksessä", told.group(0))
        self.assertNotIn('id="credits"', kuusi.request("GET", "/portal/month?month=2024-05").text())


class ReleaseForm(unittest.TestCase):
    HELD = "2345678-0"

    def settlement_state(self):
        db = sqlite3.connect(D.month.db)
        try:
            return db.execute("SELECT state FROM settlements WHERE provider = ? AND month = ?",
                              (self.HELD, "2024-05")).fetchone()[0]
        finally:
            db.close()

    def test_a_held_settlement_is_released_from_the_month_page(self):
        db = sqlite3.connect(D.month.db)  # held as a failed check in the run leaves it
        with db:
            db.execute("UPDATE settlements SET state = 'held', held_reason = ? WHERE provider = ? "
                       "AND month = ?", ("totals are not the sums of the lines", self.HELD, "2024-05"))
        db.close()
        fin = Browser(pd.TOKENS["finance"])
        month = fin.request("GET", "/portal/finance/month?month=2024-05").text()
        self.assertIn('action="/portal/finance/release"', month)
        self.assertIn(f'name="provider" value="{self.HELD}"', month)
        token = csrf_of(month)
        fields = {"provider": self.HELD, "month": "2024-05", "reason": "tarkistettu / checked"}

        self.assertEqual(fin.post("/portal/finance/release", fields).status, 403)
        self.assertEqual(fin.post("/portal/finance/release", dict(fields, csrf=token, reason="")).status,
                         400)
        kuusi = Browser(pd.TOKENS["kuusi"])
        kuusi_token = csrf_of(kuusi.request("GET", "/portal/visits").text())
        self.assertEqual(kuusi.post("/portal/finance/release", dict(fields, csrf=kuusi_token)).status,
                         403)
        self.assertEqual(self.settlement_state(), "held")

        r = fin.post("/portal/finance/release", dict(fields, csrf=token))
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/portal/finance/month?month=2024-05")
        self.assertEqual(self.settlement_state(), "settled")
        month = fin.request("GET", r.header("location")).text()
        self.assertIn("tarkistettu / checked", month)  # in the releases, with who
        self.assertNotIn(f'name="provider" value="{self.HELD}"', month)
        again = fin.post("/portal/finance/release", dict(fields, csrf=token))
        self.assertEqual(again.status, 409)


if __name__ == "__main__":
    SETELI, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    D = pd.Daemon(SETELI, SOURCE, rulebook_extra="review_flags: [late_recording]\n")
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        D.stop()
    sys.exit(0 if result.wasSuccessful() else 1)
