"""A daemon that stalls past its inbound claim's lease in the middle of
mailing a rejection notice, while another daemon takes the message over,
must not send the provider a second copy when it wakes (docs/reliability.md,
"E-mail notices").

On the test run's PostgreSQL, with a python3-aiosmtpd relay on loopback
(tests/receiving/smtp_sink.py) that holds the first MAIL FROM it is sent:
Kuusi takes invoice responses by e-mail; daemon A claims a framed invoice
of Kuusi's that is rejected for business reasons, stores the verdict and
starts mailing the notice; the relay holds it. A is stopped (SIGSTOP: its
renewer stops too). Once A's lease has run out daemon B starts, claims the
message (a new claim generation), finds the verdict without a notice
outcome and mails the notice. Then the relay lets A's MAIL FROM go and A
continues (SIGCONT). Checked: the relay has one mail, with Message-ID
<notice ID@organizer.example>; one verdict, its outcome B's `sent`; A told
claim_lost (metric and log) without dying. Without the check at the end of
DATA, A mails the notice a second time.

usage: mail_stall_test.py SETELI OPERATOR_SIM
Needs the test run's PostgreSQL (SETELI_TEST_PG_URL_FILE) and
python3-aiosmtpd; exits 77 (skip) without them."""
import base64, hashlib, os, re, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h
sys.path.insert(0, os.path.join(h.SRC, "tests", "store"))
import pg_schema  # noqa: E402

LEASE = 3  # seconds, the least the config takes
KUUSI_ADDRESS = "003723456780"
MID = "MAIL-STALL-1"


def metric(daemon, result):
    for line in daemon.metrics().splitlines():
        if line.startswith('seteli_operator_received_total{result="%s"} ' % result):
            return int(line.split()[-1])
    return 0


def python_with_aiosmtpd():
    for python in ("/usr/bin/python3", sys.executable, "python3"):
        if subprocess.run([python, "-c", "import aiosmtpd"], capture_output=True).returncode == 0:
            return python
    return None


class Relay:
    """smtp_sink.py holding the first MAIL FROM until release()."""

    def __init__(self, python, d):
        self.dir = os.path.join(d, "relay")
        os.makedirs(self.dir)
        self.hold = os.path.join(self.dir, "hold")
        self.proc = subprocess.Popen([python, os.path.join(h.SRC, "tests", "receiving", "smtp_sink.py"),
                                      os.path.join(self.dir, "port"), self.dir, self.hold])
        self.port = h.wait_file(os.path.join(self.dir, "port"))

    def held(self):
        return os.path.exists(self.hold + ".reached")

    def release(self):
        with open(self.hold + ".tmp", "w") as f:
            f.write("go\n")
        os.rename(self.hold + ".tmp", self.hold)

    def mails(self):
        names = sorted(n for n in os.listdir(self.dir) if n.endswith(".eml"))
        out = []
        for n in names:
            with open(os.path.join(self.dir, n), "rb") as f:
                out.append(f.read().decode("utf-8", "replace"))
        return out

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def providers_with_mail(d):
    """The fixture providers, Kuusi taking its notices by e-mail."""
    with open(os.path.join(h.SRC, "fixtures", "providers.yaml")) as f:
        text = f.read()
    marker = "  name: Hoivapalvelu Kuusi Oy\n"
    assert marker in text
    text = text.replace(marker, marker + "  email: laskutus@kuusi.example\n", 1)
    path = os.path.join(d, "providers.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def store_received(sql, mid):
    """A framed invoice of Kuusi's with a business fault, stored `received`
    and unclaimed, as a crash leaves it; its SHA-256."""
    with open(os.path.join(h.SRC, "fixtures", "invoices", "malformed", "exemption_basis_mismatch.xml")) as f:
        invoice = f.read()
    raw = h.frame(mid, KUUSI_ADDRESS, h.ORGANIZER, invoice)
    sha = hashlib.sha256(raw).hexdigest()
    sql("INSERT INTO inbound_messages (message_id, channel, received_at, raw_base64, sha256, state,"
        f" updated_at) VALUES ('{mid}', 'push', '2024-06-03T10:00:00.000Z',"
        f" '{base64.b64encode(raw).decode()}', '{sha}', 'received', '2024-06-03T10:00:00.000Z');")
    return sha


def main(seteli, sim_bin):
    python = python_with_aiosmtpd()
    if not python:
        print("python3-aiosmtpd is not installed: skipped")
        return 77
    schema = pg_schema.fresh("mail_stall")
    if not schema:
        print("no test PostgreSQL: skipped")
        return 77
    sql = schema.query
    d = tempfile.mkdtemp(prefix="seteli-mail-stall-")
    h.make_ca(d)
    sim = h.Sim(sim_bin, d, None)
    relay = Relay(python, d)
    a = b = None
    try:
        providers = providers_with_mail(d)
        configs = []
        for t in ("a", "b"):
            path = h.write_config(d, sim.port, h.free_port(), store=schema.url, config_name=f"{t}.conf",
                                  lease_seconds=LEASE)
            with open(path) as f:
                text = f.read()
            text = text.replace(f"providers: {h.SRC}/fixtures/providers.yaml", f"providers: {providers}")
            text += f"smtp: {{host: 127.0.0.1, port: {relay.port}, from: seteli@organizer.example}}\n"
            with open(path, "w") as f:
                f.write(text)
            configs.append(path)
        r = subprocess.run([seteli, "outbox", "--config", configs[0]], cwd=d, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr  # creates and migrates the schema
        sha = store_received(sql, MID)
        # A's first pass (at start, before it listens) takes the message and
        # gets as far as the relay's MAIL FROM.
        a = h.Daemon(seteli, configs[0], d, tag="a.", wait=False)
        h.wait(relay.held, "A never reached the relay")
        owner = sql(f"SELECT claimed_by FROM inbound_messages WHERE message_id = '{MID}'")[0]
        assert owner.split(":")[1] == str(a.proc.pid), owner
        a.proc.send_signal(signal.SIGSTOP)
        h.wait(lambda: sql(f"SELECT COUNT(*) FROM inbound_messages WHERE message_id = '{MID}' AND"
                           " claimed_until < to_char(now() AT TIME ZONE 'UTC',"
                           " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')") == ["1"],
               "A's lease never ran out", timeout=3 * LEASE + 10)
        b = h.Daemon(seteli, configs[1], d, tag="b.")
        h.wait(lambda: sql(f"SELECT state FROM inbound_messages WHERE message_id = '{MID}'") == ["processed"],
               "B did not hand the message on")
        assert len(relay.mails()) == 1, "B did not mail the notice"
        # The relay answers A's MAIL FROM, and A goes on.
        relay.release()
        a.proc.send_signal(signal.SIGCONT)
        a.wait_listening(timeout=60)
        h.wait(lambda: metric(a, "claim_lost") >= 1 or len(relay.mails()) > 1,
               "A neither lost its claim nor mailed again")
        time.sleep(0.5)  # anything more A would send
        mails = relay.mails()
        assert len(mails) == 1, f"the notice was mailed {len(mails)} times"
        ids = re.findall(r"(?im)^Message-ID:\s*(\S+)\s*$", mails[0].split("\r\n\r\n")[0].split("\n\n")[0])
        assert len(ids) == 1 and re.fullmatch(r"<SETELI-IR-[0-9a-f]{32}@organizer\.example>", ids[0]), ids
        verdicts = sql("SELECT i.state, i.notice_channel, i.notice_outcome FROM invoices i JOIN"
                       f" invoice_transmissions t ON t.id = i.transmission_id WHERE t.sha256 = '{sha}'")
        assert verdicts == ["rejected|email|sent"], verdicts
        assert metric(a, "claim_lost") == 1 and metric(b, "claim_lost") == 0
        assert a.proc.poll() is None, "A died"
        with open(os.path.join(d, "seteli.log")) as f:
            assert any("taken over by another daemon" in l and MID in l for l in f), "A did not log claim_lost"
    finally:
        if a and a.proc.poll() is None:
            a.proc.send_signal(signal.SIGCONT)
        for x in (a, b):
            if x:
                x.stop()
        relay.stop()
        sim.stop()
        schema.drop()
    print("mail stall ok: A stalled past its lease while the relay held its MAIL FROM; B took over and"
          f" mailed the notice ({ids[0]}); A got claim_lost at the end of DATA and mailed nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
