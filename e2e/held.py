#!/usr/bin/env python3
"""A held SMTP session for e2e/run.sh (docs/testing.md).

    held.py SOURCE SERVER USER FAILS SECONDS OUT [GO]

From SOURCE to SERVER port 25: STARTTLS, EHLO; then, once the file GO exists (if given), FAILS failed AUTH
LOGIN as USER on this same session; then a NOOP every 100 ms until one goes unanswered for 1.5 s, the server
closes, or SECONDS pass. Writes one line per event to OUT, each with the epoch milliseconds: "connected T",
"fail T", "ready T" (after the failures), "reply T" (the NOOP sent at T was answered), "cut T" (the NOOP sent
at T was never answered, or the session ended), "end T"."""
import base64, os, socket, ssl, sys, time

source, server, user, fails, seconds, out = sys.argv[1:7]
go = sys.argv[7] if len(sys.argv) > 7 else None
fails, seconds = int(fails), float(seconds)
log = open(out, "a", buffering=1)


def now():
    return int(time.time() * 1000)


def event(what, t=None):
    log.write("%s %d\n" % (what, now() if t is None else t))


family = socket.AF_INET6 if ":" in server else socket.AF_INET
sock = socket.socket(family, socket.SOCK_STREAM)
sock.bind((source, 0))
sock.settimeout(10)
sock.connect((server, 25))
f = sock.makefile("rb")


def reply():
    while True:
        line = f.readline()
        if not line:
            raise EOFError("closed")
        if line[3:4] != b"-":
            return int(line[:3])


def command(text):
    sock.sendall(text + b"\r\n")
    return reply()


reply()
command(b"EHLO held.e2e.test")
if command(b"STARTTLS") != 220:
    sys.exit("no STARTTLS")
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
sock = context.wrap_socket(sock, server_hostname="mail.e2e.test")
f = sock.makefile("rb")
command(b"EHLO held.e2e.test")
event("connected")
while go and not os.path.exists(go):
    time.sleep(0.02)
for i in range(fails):
    command(b"AUTH LOGIN")
    command(base64.b64encode(user.encode()))
    code = command(base64.b64encode(b"wrong-held-%d" % i))
    event("fail" if code == 535 else "auth-%d" % code)
event("ready")
sock.settimeout(1.5)
deadline = time.time() + seconds
while time.time() < deadline:
    sent = now()
    try:
        command(b"NOOP")
        event("reply", sent)
    except (socket.timeout, EOFError, OSError):
        event("cut", sent)
        break
    time.sleep(0.1)
event("end")
