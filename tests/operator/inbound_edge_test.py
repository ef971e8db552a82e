"""The operator's inbound listener against hostile and broken clients (a
real daemon, TLS from the test CA): a MessageId with a quote is answered
with valid JSON; slow TLS clients from other addresses, each within the cap
per address, do not keep the operator's post waiting; framing RFC 9112
forbids is refused, not guessed at.

usage: inbound_edge_test.py SETELI OPERATOR_SIM"""
import http.client, json, os, select, socket, ssl, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchange_harness as h


def tls_context(d):
    return ssl.create_default_context(cafile=os.path.join(d, "ca.pem"))


def post(d, port, body, headers=None, timeout=10):
    """POST /v1/operator/inbound with the operator's token: (status, body)."""
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=tls_context(d), timeout=timeout)
    conn.request("POST", "/v1/operator/inbound", body=body,
                 headers=dict({"Authorization": "Bearer " + h.TOKEN}, **(headers or {})))
    r = conn.getresponse()
    out = (r.status, r.read())
    conn.close()
    return out


def raw(d, port, text, timeout=5):
    """`text` as sent over TLS, and the reply's status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        with tls_context(d).wrap_socket(s, server_hostname="127.0.0.1") as t:
            t.sendall(text)
            return t.recv(4096).split(b"\r\n")[0].decode()


def closed_by_peer(s):
    """Whether readable `s` was closed (end of stream, or reset)."""
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True


class SlowTlsClients:
    """Connections that send their TLS ClientHello a byte a second, from
    127.0.0.2 onwards, `per_address` from each address."""

    def __init__(self, d, port, addresses, per_address):
        self.stop = threading.Event()
        self.socks = []
        for a in range(addresses):
            for _ in range(per_address):
                s = socket.socket()
                s.bind(("127.0.0.%d" % (2 + a), 0))
                s.connect(("127.0.0.1", port))
                incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
                bio = tls_context(d).wrap_bio(incoming, outgoing, server_hostname="127.0.0.1")
                try:
                    bio.do_handshake()
                except ssl.SSLWantReadError:
                    pass
                self.socks.append([s, outgoing.read()])
        self.thread = threading.Thread(target=self.trickle)
        self.thread.start()

    def trickle(self):
        while not self.stop.is_set():
            for entry in self.socks:
                s, hello = entry
                if hello:
                    try:
                        s.send(hello[:1])
                    except OSError:
                        pass
                    entry[1] = hello[1:]
            self.stop.wait(1)

    def close(self):
        self.stop.set()
        self.thread.join()
        for s, _ in self.socks:
            s.close()


def main(seteli, sim_bin):
    d = tempfile.mkdtemp(prefix="seteli-inbound-edge-")
    h.make_ca(d)
    inbound_port = h.free_port()
    # No operator answers: nothing is sent. A cap per address above the default.
    config = h.write_config(d, h.free_port(), inbound_port,
                            extra="  inbound_max_connections_per_address: 10\n")
    daemon = h.Daemon(seteli, config, d)
    try:
        # A quote in a MessageId (written &quot; in the frame's XML).
        frame = h.frame("Q&quot;1", "003734567806", h.ORGANIZER, h.BROKEN)
        status, body = post(d, inbound_port, frame)
        assert status == 200, (status, body)
        assert json.loads(body) == {"stored": ['Q"1'], "duplicates": []}, body
        status, body = post(d, inbound_port, frame)
        assert json.loads(body) == {"stored": [], "duplicates": ['Q"1']}, body

        # Framing the RFC forbids.
        assert raw(d, inbound_port, b"POST /v1/operator/inbound HTTP/1.1\r\nHost: x\r\n"
                   b"Transfer-Encoding: gzip\r\n\r\n").startswith("HTTP/1.1 501"), "gzip"
        assert raw(d, inbound_port, b"POST /v1/operator/inbound HTTP/1.1\r\nHost: x\r\n"
                   b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n").startswith(
                       "HTTP/1.1 400"), "chunked with length"

        # The cap per address: of 11 connections from one address, one is
        # closed unanswered (which one depends on the order they are taken up).
        held = []
        for _ in range(11):
            s = socket.socket()
            s.bind(("127.0.0.40", 0))
            s.connect(("127.0.0.1", inbound_port))
            held.append(s)
        time.sleep(1.0)
        readable, _, _ = select.select(held, [], [], 0)
        closed = [s for s in readable if closed_by_peer(s)]
        assert len(closed) == 1, "%d of 11 connections closed" % len(closed)
        for s in held:
            s.close()

        # Slow clients: 24 of them held every one of the listener's 8 threads.
        slow = SlowTlsClients(d, inbound_port, 3, 10)
        try:
            time.sleep(1.5)
            for i in range(3):
                started = time.monotonic()
                status, body = post(d, inbound_port, h.frame("SLOW-%d" % i, "003734567806", h.ORGANIZER,
                                                              h.BROKEN), timeout=5)
                took = time.monotonic() - started
                assert status == 200 and took < 1.0, (status, body, took)
        finally:
            slow.close()
        print("inbound edge ok: quoted MessageId answered as JSON, framing refused, "
              "cap per address, posts served beside 30 slow TLS clients")
    finally:
        daemon.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
