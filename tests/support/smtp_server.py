"""A real SMTP server for labloop's end-to-end tests (aiosmtpd).

Usage: smtp_server.py OUTDIR
Prints "READY <port>" once it accepts connections. Every accepted message is written
to OUTDIR/<n>.eml with OUTDIR/<n>.json holding the envelope. Faults are read from
OUTDIR/faults.json on every command, so a test can change them while it runs:
  {"tempfail_until": <unix time>, "reject": ["addr", ...]}
"""
import asyncio
import json
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    def faults(self):
        try:
            with open(os.path.join(self.outdir, "faults.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if time.time() < self.faults().get("tempfail_until", 0):
            return "451 4.3.0 Temporarily unable to accept mail, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in [a.lower() for a in self.faults().get("reject", [])]:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, "%06d" % self.count)
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    port = free_port()
    controller = Controller(Handler(outdir), hostname="127.0.0.1", port=port, data_size_limit=60 * 1024 * 1024)
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
