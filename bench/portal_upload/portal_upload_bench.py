#!/usr/bin/env python3
"""A provider's CSV of N visits (default 100,000) uploaded through the signed-in
page, as a browser sends it (multipart), against `seteli serve` on the
fixture month (SQLite): prints the seconds from sending to the verdict page
and the verdict counts. docs/performance.md.

usage: portal_upload_bench.py SETELI_BINARY SOURCE_DIR [N]
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "app"))
import provider_daemon as pd  # noqa: E402
import provider_pages_test as pages  # noqa: E402


def visits(n):
    rows = []
    for i in range(n):
        day, hour, minute = 1 + i % 28, 6 + (i // 28) % 12, (i // (28 * 12)) % 60
        rows.append(f"B-{i};2345678-0;D-0002;kotihoito-saannollinen;{day}.7.2024 {hour}:{minute:02d};"
                    f"{day}.7.2024 {hour + 1}:{minute:02d};{day}.7.2024 23:00")
    return ("\ufeffevent_id;provider;decision_id;service;start;end;recorded_at\r\n" +
            "\r\n".join(rows) + "\r\n").encode("utf-8")


def main():
    seteli, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    pages.D = d = pd.Daemon(seteli, source)
    try:
        b = pages.Browser()
        b.sign_in(pd.TOKENS["kuusi"])
        csrf = pages.csrf_of(b.request("GET", "/portal/visits").text())
        body = visits(n)
        started = time.monotonic()
        r = b.upload(body, csrf)
        took = time.monotonic() - started
        summary = re.search(r'id="verdict-summary">([^<]*)', r.text()).group(1)
        print(f"{n} lines, {len(body)} bytes: {took:.2f} s ({summary.strip()})")
    finally:
        d.stop()


if __name__ == "__main__":
    main()
