#!/usr/bin/env python3
"""POST /v1/events with Content-Type: text/csv, as Finnish spreadsheet
programs save it (contract.md: semicolons, decimal commas, `3.6.2024 16:00`
Helsinki local times, a UTF-8 BOM, CRLF): one verdict per data row with its
line, the rows stored as JSON events; any other body type is 415.

usage: events_csv_test.py SETELI_BINARY SOURCE_DIR
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provider_daemon as pd  # noqa: E402

D = None
HEADER = "event_id;provider;decision_id;service;start;end;date;quantity;recorded_at"


def csv_body(rows):
    return ("\ufeff" + "\r\n".join([HEADER] + rows) + "\r\n").encode("utf-8")


def post_csv(rows, token=pd.TOKENS["kuusi"], content_type="text/csv; charset=utf-8"):
    return D.request("POST", "/v1/events", token, csv_body(rows), {"Content-Type": content_type})


class EventsCsv(unittest.TestCase):
    def test_each_row_gets_its_verdict_and_line(self):
        r = post_csv([
            "CSV-1;2345678-0;D-0002;kotihoito-saannollinen;3.6.2024 16:00;3.6.2024 17:30;;;3.6.2024 18:00",
            "CSV-1;2345678-0;D-0002;kotihoito-saannollinen;3.6.2024 16:00;3.6.2024 17:30;;;3.6.2024 18:00",
            "CSV-2;2345678-0;D-0002;kotihoito-saannollinen;32.6.2024 16:00;3.6.2024 17:30;;;3.6.2024 18:00",
            "CSV-3;2345678-0;D-0002;kotihoito-saannollinen;31.3.2024 3:30;31.3.2024 5:00;;;31.3.2024 6:00",
            "CSV-4;2345678-0;D-0002",
            "CSV-5;2987654-0;D-0018;ateriapalvelu;;;4.6.2024;1,0;4.6.2024 12:00",
        ])
        self.assertEqual(r.status, 200, r.body)
        v = json.loads(r.body)
        self.assertEqual((v["accepted"], v["duplicate"], v["rejected"]), (1, 1, 4), v)
        res = v["results"]
        self.assertEqual([x["line"] for x in res], [2, 3, 4, 5, 6, 7])
        self.assertEqual([x["status"] for x in res],
                         ["accepted", "duplicate", "rejected", "rejected", "rejected", "rejected"])
        self.assertEqual(res[2]["code"], "malformed_event")
        self.assertEqual(res[2]["event_id"], "CSV-2")   # named though its row could not be read
        self.assertIn("start", res[2]["message"])
        self.assertEqual(res[3]["code"], "malformed_event")   # 3:30 did not exist that night
        self.assertIn("3:30", res[3]["message"])
        self.assertIn("expected 9 columns, found 3", res[4]["message"])
        self.assertEqual(res[5]["code"], "forbidden_provider")  # Kuusi's key, Puolukka's event

    def test_local_times_are_stored_with_their_offset(self):
        r = post_csv(["CSV-10;2345678-0;D-0002;kotihoito-saannollinen;3.6.2024 8:00;3.6.2024 9:15;;;"
                      "3.6.2024 10:00"])
        self.assertEqual(json.loads(r.body)["accepted"], 1, r.body)
        got = D.request("GET", "/v1/events?month=2024-06&limit=10000", pd.TOKENS["kuusi"])
        events = {e["event"]["event_id"]: e["event"] for e in json.loads(got.body)["events"]}
        self.assertEqual(events["CSV-10"]["start"], "2024-06-03T08:00:00+03:00")
        self.assertEqual(events["CSV-10"]["end"], "2024-06-03T09:15:00+03:00")

    def test_decimal_commas_and_comma_separated_files(self):
        r = post_csv(["CSV-20;2987654-0;D-0018;ateriapalvelu;;;4.6.2024;1,0;4.6.2024 12:00"],
                     token=pd.TOKENS["puolukka"])
        self.assertEqual(json.loads(r.body)["accepted"], 1, r.body)
        body = ("event_id,provider,decision_id,service,date,quantity,recorded_at\n"
                "CSV-21,2987654-0,D-0018,ateriapalvelu,2024-06-05,1,2024-06-05T12:00:00+03:00\n")
        r = D.request("POST", "/v1/events", pd.TOKENS["puolukka"], body.encode(),
                      {"Content-Type": "text/csv"})
        self.assertEqual(json.loads(r.body)["accepted"], 1, r.body)

    def test_other_body_types_are_415_and_store_nothing(self):
        row = ["CSV-30;2345678-0;D-0002;kotihoito-saannollinen;5.6.2024 8:00;5.6.2024 9:00;;;5.6.2024 10:00"]
        for t in ("application/x-www-form-urlencoded", "text/plain", "application/xml",
                  "multipart/form-data; boundary=x"):
            with self.subTest(content_type=t):
                r = post_csv(row, content_type=t)
                self.assertEqual(r.status, 415, r.body)
                err = json.loads(r.body)["error"]
                self.assertEqual(err["code"], "unsupported_media_type")
                self.assertIn("text/csv", err["message"])
        got = D.request("GET", "/v1/events?month=2024-06&limit=10000", pd.TOKENS["kuusi"])
        self.assertNotIn("CSV-30", got.text())

    def test_json_still_taken_with_or_without_its_type(self):
        ev = {"event_id": "J-1", "provider": "2345678-0", "decision_id": "D-0002",
              "service": "kotihoito-saannollinen", "start": "2024-06-06T08:00:00+03:00",
              "end": "2024-06-06T09:00:00+03:00", "recorded_at": "2024-06-06T10:00:00+03:00"}
        # A form type is what curl -d and urllib send when the caller names
        # none: a body that is JSON is still taken as JSON.
        for t in (None, "application/json", "application/x-ndjson; charset=utf-8",
                  "application/x-www-form-urlencoded"):
            with self.subTest(content_type=t):
                r = D.request("POST", "/v1/events", pd.TOKENS["kuusi"], json.dumps(ev).encode(),
                              {"Content-Type": t} if t else {})
                self.assertEqual(r.status, 200, r.body)
                self.assertEqual(json.loads(r.body)["rejected"], 0, r.body)

    def test_header_only_is_an_empty_batch(self):
        r = post_csv([])
        self.assertEqual(r.status, 400)
        self.assertEqual(json.loads(r.body)["error"]["code"], "empty_batch")


if __name__ == "__main__":
    D = pd.Daemon(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    finally:
        D.stop()
    sys.exit(0 if result.wasSuccessful() else 1)
