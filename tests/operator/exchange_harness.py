"""Processes for the exchange tests: a test CA and certificates made with the
openssl CLI, the operator simulator, and `seteli serve` with an operator
block, all on loopback in a temporary folder."""
import base64, hashlib, json, os, signal, socket, subprocess, time, urllib.request

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "operator-test-token"
FINANCE_TOKEN = "finance-test-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _openssl(d, *args):
    subprocess.run(("openssl",) + args, check=True, capture_output=True, cwd=d)


def _signed_by_ca(d, name, subject, extension):
    """NAME.key and NAME.pem in d: a new key and its certificate for
    `subject` with the one `extension` line, signed by the CA of make_ca."""
    _openssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
             "-keyout", name + ".key", "-out", name + ".csr")
    with open(os.path.join(d, name + ".ext"), "w") as f:
        f.write(extension + "\n")
    _openssl(d, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem")


def make_ca(d):
    """A CA and a server certificate for 127.0.0.1/localhost, signed by it."""
    _openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
             "/CN=seteli test CA", "-keyout", "ca.key", "-out", "ca.pem")
    _signed_by_ca(d, "server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost")


def make_client_cert(d):
    """A client certificate for the daemon, signed by the test CA of make_ca."""
    _signed_by_ca(d, "client", "/CN=seteli daemon", "extendedKeyUsage=clientAuth")


def wait(cond, what, timeout=60):
    """cond()'s first true value, polled; AssertionError naming `what` after `timeout` s."""
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def wait_file(path, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            with open(path) as f:
                text = f.read().strip()
            if text:
                return int(text)
        time.sleep(0.05)
    raise RuntimeError("no port file " + path)


class Sim:
    def __init__(self, binary, d, deliver_port, fault_rate=0.0, seed=1, slow_ms=1500, extra=()):
        """deliver_port None: nothing is delivered; the daemon polls."""
        self.d = d
        for f in ("sim.port", "sim.control"):
            if os.path.exists(os.path.join(d, f)):
                os.remove(os.path.join(d, f))
        args = [binary, "--cert", "server.pem", "--key", "server.key", "--ca", "ca.pem",
                "--port-file", "sim.port", "--control-port-file", "sim.control",
                "--fault-rate", str(fault_rate), "--seed", str(seed),
                "--slow-ms", str(slow_ms)] + list(extra)
        if deliver_port is not None:
            args += ["--deliver-to", "https://127.0.0.1:%d/v1/operator/inbound" % deliver_port,
                     "--deliver-token", TOKEN]
        self.proc = subprocess.Popen(args, cwd=d, stderr=open(os.path.join(d, "sim.log"), "w"))
        self.port = wait_file(os.path.join(d, "sim.port"))
        self.control = wait_file(os.path.join(d, "sim.control"))

    def get(self, path):
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.control, path), timeout=30) as r:
            return json.loads(r.read())

    def deliver(self, body):
        req = urllib.request.Request("http://127.0.0.1:%d/deliver" % self.control, data=body,
                                     method="POST")
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def write_config(d, sim_port, inbound_port, store="sqlite:seteli.db", connect_ms=2000, read_ms=2000,
                 senders=2, max_attempts=50, backoff_ms=50, extra="", finance_token=False,
                 config_name="seteli.conf", lease_seconds=6):
    """The daemon's config; `extra` adds lines to the operator block;
    `finance_token`: FINANCE_TOKEN may read the API (Daemon.api)."""
    token_hash = hashlib.sha256(TOKEN.encode()).hexdigest()
    finance_hash = hashlib.sha256(FINANCE_TOKEN.encode()).hexdigest()
    tokens = f"tokens:\n  - {{name: finance, role: finance, sha256: {finance_hash}}}\n" if finance_token else ""
    text = f"""listen: 127.0.0.1:0
store: {store}
rulebook: {SRC}/fixtures/rulebook.yaml
providers: {SRC}/fixtures/providers.yaml
decisions: {SRC}/fixtures/decisions.jsonl
log: {d}/seteli.log
{tokens}operator:
  endpoint: https://127.0.0.1:{sim_port}/finvoice/in
  ca: {d}/ca.pem
  intermediator: BAWCFI22
  einvoice_address: "003728161658"
  connect_timeout_ms: {connect_ms}
  read_timeout_ms: {read_ms}
  senders: {senders}
  max_attempts: {max_attempts}
  backoff_base_ms: {backoff_ms}
  backoff_max_ms: 1000
  idle_poll_ms: 100
  inbound_listen: 127.0.0.1:{inbound_port}
  inbound_certificate: {d}/server.pem
  inbound_key: {d}/server.key
  inbound_token_sha256: {token_hash}
  inbound_lease_seconds: {lease_seconds}
  inbound_retry_ms: 200
{extra}"""
    path = os.path.join(d, config_name)
    with open(path, "w") as f:
        f.write(text)
    return path


class Daemon:
    def __init__(self, binary, config, d, tag="", wait=True):
        """`tag` names this daemon's files in `d` when several share it;
        without `wait`, call wait_listening() before using its ports."""
        self.d, self.tag = d, tag
        for f in ("api.port", "op.port"):
            if os.path.exists(os.path.join(d, tag + f)):
                os.remove(os.path.join(d, tag + f))
        self.proc = subprocess.Popen([binary, "serve", "--config", config, "--port-file", tag + "api.port",
                                      "--operator-port-file", tag + "op.port"], cwd=d,
                                     stderr=open(os.path.join(d, tag + "serve.err"), "a"))
        if wait:
            self.wait_listening()

    def wait_listening(self, timeout=20):
        self.port = wait_file(os.path.join(self.d, self.tag + "api.port"), timeout)
        wait_file(os.path.join(self.d, self.tag + "op.port"), timeout)

    def api(self, path):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path),
                                     headers={"Authorization": "Bearer " + FINANCE_TOKEN})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def metrics(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.port, timeout=10) as r:
            return r.read().decode()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def outbox_rows(prefix, n, receivers, sender="003728161658"):
    """n framed messages for the outbox, round robin over `receivers`: rows
    of (message_id, provider, body)."""
    rows = []
    for i in range(n):
        mid = "%s-%06d" % (prefix, i)
        body = frame(mid, sender, receivers[i % len(receivers)],
                     '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"/>\n').decode()
        rows.append((mid, receivers[i % len(receivers)], body))
    return rows


QUEUE_SQL = ("INSERT INTO outbox (message_id, kind, provider, month, subject, body, state, attempts,"
             " next_attempt_at, last_error, created_at, updated_at) VALUES"
             " (%s, 'test', %s, '2024-05', %s, %s, 'queued', 0, '2000-01-01T00:00:00.000Z', '',"
             " '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')")


def queue_sqlite(db, rows):
    """Queues outbox rows straight into a SQLite store (sqlite3 connection)."""
    db.executemany(QUEUE_SQL % ("?", "?", "?", "?"), [(m, p, m, b) for m, p, b in rows])
    db.commit()


def frame(message_id, sender, receiver, message, sender_intermediator="BAWCFI22"):
    """A SOAP/ebXML frame in the guideline's form followed by `message`."""
    return (f"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd" xmlns:xlink="http://www.w3.org/1999/xlink">
<SOAP-ENV:Header><eb:MessageHeader SOAP-ENV:mustUnderstand="1" eb:version="2.0">
<eb:From><eb:PartyId>{sender}</eb:PartyId><eb:Role>Sender</eb:Role></eb:From>
<eb:From><eb:PartyId>{sender_intermediator}</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:From>
<eb:To><eb:PartyId>{receiver}</eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>
<eb:To><eb:PartyId>BAWCFI22</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:To>
<eb:CPAId>yoursandmycpa</eb:CPAId><eb:ConversationId>{message_id}</eb:ConversationId>
<eb:Service>Routing</eb:Service><eb:Action>ProcessInvoice</eb:Action>
<eb:MessageData><eb:MessageId>{message_id}</eb:MessageId><eb:Timestamp>2024-06-03T10:00:00+03:00</eb:Timestamp></eb:MessageData>
</eb:MessageHeader></SOAP-ENV:Header>
<SOAP-ENV:Body><eb:Manifest eb:id="Manifest" eb:version="2.0"><eb:Reference eb:id="Finvoice" xlink:href="{message_id}"/></eb:Manifest></SOAP-ENV:Body>
</SOAP-ENV:Envelope>
""" + message).encode("utf-8")


ORGANIZER = "003728161658"
# Schema-invalid: rejected with a Finvoiceack back to the frame's From.
BROKEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Finvoice Version="3.0"><Broken/></Finvoice>\n'


def store_received(sql, messages):
    """Framed BROKEN invoices, (message ID, sender) each, stored `received`
    and unclaimed in one statement through `sql` (PostgreSQL), as a crash
    leaves them; their SHA-256 digests in order."""
    values, shas = [], []
    for mid, sender in messages:
        raw = frame(mid, sender, ORGANIZER, BROKEN)
        shas.append(hashlib.sha256(raw).hexdigest())
        values.append("('%s', 'push', '2024-06-03T10:00:00.000Z', '%s', '%s', 'received',"
                      " '2024-06-03T10:00:00.000Z')" % (mid, base64.b64encode(raw).decode(), shas[-1]))
    sql("INSERT INTO inbound_messages (message_id, channel, received_at, raw_base64, sha256, state,"
        " updated_at) VALUES " + ",\n".join(values) + ";")
    return shas
