"""Issue 19, item 4: memory is bounded by the input, not by its rows or
frames. Peak resident memory (the kernel's high-water mark, VmHWM, or a
child's ru_maxrss) may grow by at most 4x the input over the process's own
baseline (the same process idle, or validating one small invoice) for

  - `seteli validate` on one generated 31 MB invoice (44,000 rows),
  - the daemon storing and judging that invoice posted to POST /v1/invoices
    (the body moved, not copied, from the HTTP layer to the store), and
  - the daemon taking a generated 62 MB operator file (11,600 frames and
    their invoices) on its inbound listener, at its answer and after
    judging every frame.

A memory bound, not a timing (docs/performance-history.md, "Memory").

usage: memory_bound_test.py SETELI OPERATOR_SIM"""
import hashlib, http.client, os, sqlite3, ssl, subprocess, sys, tempfile, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "operator"))
import exchange_harness as h

GENERATE = os.path.join(h.SRC, "bench/memory/generate.py")
FACTOR = 4
MB = 1024 * 1024


def child_peak_kb(argv):
    """ru_maxrss (KiB) of `argv` run alone under a fresh python, so that no
    other child counts."""
    code = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.run([sys.executable, "-c", code] + argv, check=True, capture_output=True,
                              text=True).stdout)


def hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM for %d" % pid)


FAILED = []


def check(what, peak_kb, baseline_kb, input_bytes):
    grown = (peak_kb - baseline_kb) * 1024
    print("%s: %.1f MiB input, peak %.1f MiB over a baseline of %.1f MiB (%.2fx the input)"
          % (what, input_bytes / MB, peak_kb / 1024, baseline_kb / 1024, grown / input_bytes), flush=True)
    if grown > FACTOR * input_bytes:
        FAILED.append("%s grew %.1f MiB, over %dx the input" % (what, grown / MB, FACTOR))


def validate_bound(seteli, d):
    big, settlement = os.path.join(d, "big.xml"), os.path.join(d, "settlement.json")
    subprocess.run([sys.executable, GENERATE, "invoice", "31", big, settlement], check=True)
    fixtures = os.path.join(h.SRC, "fixtures")
    args = ["validate", "--max-bytes", str(100 * MB), "--rulebook", fixtures + "/rulebook.yaml",
            "--providers", fixtures + "/providers.yaml", "--settlements", settlement]
    verdict = subprocess.run([seteli] + args + [big], capture_output=True, text=True)
    assert '"valid":true' in verdict.stdout, verdict.stdout[:500] + verdict.stderr[:500]
    baseline = child_peak_kb([seteli] + args + [fixtures + "/invoices/good/2345678-0-2024-05.xml"])
    check("seteli validate", child_peak_kb([seteli] + args + [big]), baseline, os.path.getsize(big))
    return big


def post_api(port, body):
    req = urllib.request.Request("http://127.0.0.1:%d/v1/invoices" % port, data=body, method="POST",
                                 headers={"Authorization": "Bearer " + h.TOKEN})
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.status


def post_inbound(d, port, body):
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=600,
                                       context=ssl.create_default_context(cafile=os.path.join(d, "ca.pem")))
    conn.request("POST", "/v1/operator/inbound", body=body, headers={"Authorization": "Bearer " + h.TOKEN})
    r = conn.getresponse()
    out = (r.status, r.read())
    conn.close()
    return out


def start_daemon(seteli, sim_bin, d):
    """A daemon with an operator block; the operator's token also posts to the API."""
    os.makedirs(d, exist_ok=True)
    h.make_ca(d)
    inbound_port = h.free_port()
    sim = h.Sim(sim_bin, d, None)
    config = h.write_config(d, sim.port, inbound_port)
    with open(config, "a") as f:
        f.write("tokens:\n  - {name: ops, role: operator, sha256: %s}\n"
                % hashlib.sha256(h.TOKEN.encode()).hexdigest())
    return sim, h.Daemon(seteli, config, d), inbound_port


def api_bound(seteli, sim_bin, d, big):
    sim, daemon, _ = start_daemon(seteli, sim_bin, d)
    try:
        baseline = hwm_kb(daemon.proc.pid)
        with open(big, "rb") as f:
            body = f.read()
        assert post_api(daemon.port, body) == 200
        check("POST /v1/invoices", hwm_kb(daemon.proc.pid), baseline, len(body))
    finally:
        daemon.stop()
        sim.stop()


def inbound_bound(seteli, sim_bin, d):
    os.makedirs(d, exist_ok=True)
    inbound = os.path.join(d, "inbound.xml")
    subprocess.run([sys.executable, GENERATE, "inbound", "62", inbound], check=True)
    with open(inbound, "rb") as f:
        body = f.read()
    frames = body.count(b"</SOAP-ENV:Envelope>")
    sim, daemon, port = start_daemon(seteli, sim_bin, d)
    db = sqlite3.connect(os.path.join(d, "seteli.db"), timeout=30)
    try:
        baseline = hwm_kb(daemon.proc.pid)
        status, reply = post_inbound(d, port, body)
        assert status == 200, (status, reply[:300])
        check("POST /v1/operator/inbound, answered", hwm_kb(daemon.proc.pid), baseline, len(body))
        h.wait(lambda: db.execute("SELECT COUNT(*) FROM inbound_messages WHERE state = 'processed'")
               .fetchone()[0] == frames, "all %d frames judged" % frames, timeout=1200)
        check("POST /v1/operator/inbound, %d frames judged" % frames, hwm_kb(daemon.proc.pid), baseline,
              len(body))
    finally:
        daemon.stop()
        sim.stop()


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-memory-")
    big = validate_bound(seteli, d)
    api_bound(seteli, sim_bin, os.path.join(d, "api"), big)
    inbound_bound(seteli, sim_bin, os.path.join(d, "inbound"))
    assert not FAILED, FAILED
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
