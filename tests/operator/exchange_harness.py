"""Processes for the exchange tests: a test CA and certificates made with the
openssl CLI, the operator simulator, and `seteli serve` with an operator
block, all on loopback in a temporary folder."""
import hashlib, json, os, signal, socket, subprocess, time, urllib.request

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "operator-test-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_ca(d):
    """A CA and a server certificate for 127.0.0.1/localhost, signed by it."""
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, cwd=d)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=seteli test CA", "-keyout", "ca.key", "-out", "ca.pem")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem")


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
        self.d = d
        for f in ("sim.port", "sim.control"):
            if os.path.exists(os.path.join(d, f)):
                os.remove(os.path.join(d, f))
        args = [binary, "--cert", "server.pem", "--key", "server.key", "--ca", "ca.pem",
                "--port-file", "sim.port", "--control-port-file", "sim.control",
                "--deliver-to", "https://127.0.0.1:%d/v1/operator/inbound" % deliver_port,
                "--deliver-token", TOKEN, "--fault-rate", str(fault_rate), "--seed", str(seed),
                "--slow-ms", str(slow_ms)] + list(extra)
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
                 senders=2, max_attempts=50, backoff_ms=50):
    token_hash = hashlib.sha256(TOKEN.encode()).hexdigest()
    text = f"""listen: 127.0.0.1:0
store: {store}
rulebook: {SRC}/fixtures/rulebook.yaml
providers: {SRC}/fixtures/providers.yaml
decisions: {SRC}/fixtures/decisions.jsonl
log: {d}/seteli.log
operator:
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
"""
    path = os.path.join(d, "seteli.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


class Daemon:
    def __init__(self, binary, config, d):
        for f in ("api.port", "op.port"):
            if os.path.exists(os.path.join(d, f)):
                os.remove(os.path.join(d, f))
        self.proc = subprocess.Popen([binary, "serve", "--config", config, "--port-file", "api.port",
                                      "--operator-port-file", "op.port"], cwd=d,
                                     stderr=open(os.path.join(d, "serve.err"), "a"))
        self.port = wait_file(os.path.join(d, "api.port"))
        wait_file(os.path.join(d, "op.port"))

    def metrics(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.port, timeout=10) as r:
            return r.read().decode()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def frame(message_id, sender, receiver, message):
    """A SOAP/ebXML frame in the guideline's form followed by `message`."""
    return (f"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd" xmlns:xlink="http://www.w3.org/1999/xlink">
<SOAP-ENV:Header><eb:MessageHeader SOAP-ENV:mustUnderstand="1" eb:version="2.0">
<eb:From><eb:PartyId>{sender}</eb:PartyId><eb:Role>Sender</eb:Role></eb:From>
<eb:From><eb:PartyId>BAWCFI22</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:From>
<eb:To><eb:PartyId>{receiver}</eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>
<eb:To><eb:PartyId>BAWCFI22</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:To>
<eb:CPAId>yoursandmycpa</eb:CPAId><eb:ConversationId>{message_id}</eb:ConversationId>
<eb:Service>Routing</eb:Service><eb:Action>ProcessInvoice</eb:Action>
<eb:MessageData><eb:MessageId>{message_id}</eb:MessageId><eb:Timestamp>2024-06-03T10:00:00+03:00</eb:Timestamp></eb:MessageData>
</eb:MessageHeader></SOAP-ENV:Header>
<SOAP-ENV:Body><eb:Manifest eb:id="Manifest" eb:version="2.0"><eb:Reference eb:id="Finvoice" xlink:href="{message_id}"/></eb:Manifest></SOAP-ENV:Body>
</SOAP-ENV:Envelope>
""" + message).encode("utf-8")
