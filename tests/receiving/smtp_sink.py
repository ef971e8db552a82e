#!/usr/bin/env python3
# A local SMTP sink for the receiving tests: listens on 127.0.0.1 (a free
# port), writes the port it got to PORTFILE, and appends each
# message received to MAILDIR/N.eml. Exits on SIGTERM.
#
# With HOLD, the first MAIL command it is sent waits: the sink writes
# HOLD.reached and answers only once HOLD exists (a slow relay, held as
# long as a test needs to change something meanwhile), and refuses it
# (451) when HOLD says "refuse". Later ones pass.
#
# usage: smtp_sink.py PORTFILE MAILDIR [HOLD]
import asyncio, os, signal, socket, sys
from aiosmtpd.controller import Controller

port_file, mail_dir = sys.argv[1], sys.argv[2]
hold = sys.argv[3] if len(sys.argv) > 3 else None
count = 0

class Sink:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        global hold
        if hold:
            held, hold = hold, None
            with open(held + ".reached", "w"):
                pass
            while not os.path.exists(held):
                await asyncio.sleep(0.02)
            with open(held) as f:
                if f.read().strip() == "refuse":
                    return "451 4.3.0 Try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        with open(os.path.join(mail_dir, f"{count}.eml"), "wb") as f:
            f.write(envelope.content)
        return "250 OK"

# aiosmtpd checks it is up by connecting to the port it was given, so a
# free port is picked first.
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(port_file + ".tmp", port_file)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
