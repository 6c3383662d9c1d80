#!/usr/bin/env python3
"""Appends realistic sshd and OpenSMTPD syslog lines to two logs at a steady rate, as syslogd would.

Usage: bench/replay.py AUTHLOG MAILLOG [--rate 1000] [--seconds 60] [--seed 1] [--stats FILE]

Half the lines go to each log (RATE/2 per second each), written in batches every 10 ms and flushed, with
the current time as an RFC 3164 timestamp (`Dec  6 23:05:10`). Sessions interleave (a few open at
once per log), as on a busy host:
  - sshd (authlog, host `gw`): password guessing (`Invalid user`, `Failed password`, closed `[preauth]`),
    root guessing, and clean logins (`Accepted publickey` with its PAM session lines);
  - OpenSMTPD (maillog, host `mail`): AUTH guessing (`result=permfail` + `failed-command`), mail from
    authenticated users, and MX deliveries (`mta`), each session `connected` ... `disconnected`.
Client addresses are random: attackers come back from a pool of a few hundred addresses (so some reach
max-retry and are banned), and a share of sessions comes from a fresh address each time (a botnet
spray: many addresses with one or two failures). Every address is only text in a log; nothing is
sent anywhere. The numbers written (lines per log, sessions, elapsed time) go to --stats as JSON.
"""
import argparse
import json
import os
import random
import time

USERS = ["admin", "test", "user", "oracle", "postgres", "ubuntu", "guest", "info", "support", "git",
         "ftp", "www", "deploy", "backup", "pi", "mysql", "nagios", "web", "alex", "office"]
VALID = ["alice", "bob", "carol", "dave"]


def public_ipv4(rng):
    """A random address outside the private, loopback, multicast and reserved ranges."""
    while True:
        a = rng.randint(1, 223)
        if a in (10, 100, 127, 169, 172, 192, 198, 203):
            continue
        return "%d.%d.%d.%d" % (a, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def address(rng, pool):
    r = rng.random()
    if r < 0.05:
        return "2001:db8:%x:%x::%x" % (rng.randint(0, 0xffff), rng.randint(0, 0xffff), rng.randint(1, 0xffff))
    if r < 0.35:
        return public_ipv4(rng)                      # spray: a new address
    return rng.choice(pool[:rng.randint(1, len(pool))])   # a returning attacker; the first ones come most


def sshd_session(rng, pool):
    pid = rng.randint(1000, 99999)
    port = rng.randint(1024, 65535)
    kind = rng.random()
    if kind < 0.15:                                  # a user who logs in
        a = public_ipv4(rng)
        u = rng.choice(VALID)
        yield "sshd[%d]: Connection from %s port %d on 192.0.2.1 port 22 rdomain \"\"" % (pid, a, port)
        yield ("sshd[%d]: Accepted publickey for %s from %s port %d ssh2: ED25519 SHA256:%s"
               % (pid, u, a, port, "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/")
                                           for _ in range(43))))
        yield "sshd[%d]: pam_unix(sshd:session): session opened for user %s(uid=1000) by (uid=0)" % (pid, u)
        yield "sshd[%d]: Received disconnect from %s port %d:11: disconnected by user" % (pid, a, port)
        yield "sshd[%d]: Disconnected from user %s %s port %d" % (pid, u, a, port)
        yield "sshd[%d]: pam_unix(sshd:session): session closed for user %s" % (pid, u)
        return
    a = address(rng, pool)
    if kind < 0.30:                                  # a scanner that only looks
        yield "sshd[%d]: Connection closed by %s port %d [preauth]" % (pid, a, port)
        return
    if kind < 0.55:                                  # root guessing
        for _ in range(rng.randint(1, 3)):
            yield "sshd[%d]: Failed password for root from %s port %d ssh2" % (pid, a, port)
        yield "sshd[%d]: Connection closed by authenticating user root %s port %d [preauth]" % (pid, a, port)
        return
    u = rng.choice(USERS)                            # invalid users
    yield "sshd[%d]: Invalid user %s from %s port %d" % (pid, u, a, port)
    yield "sshd[%d]: pam_unix(sshd:auth): check pass; user unknown" % pid
    yield ("sshd[%d]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
           "rhost=%s" % (pid, a))
    yield "sshd[%d]: Failed password for invalid user %s from %s port %d ssh2" % (pid, u, a, port)
    yield "sshd[%d]: Received disconnect from %s port %d:11: Bye Bye [preauth]" % (pid, a, port)
    yield "sshd[%d]: Disconnected from invalid user %s %s port %d [preauth]" % (pid, u, a, port)


def smtpd_session(rng, pool):
    sid = "%016x" % rng.getrandbits(64)
    pre = "smtpd[40213]: %s" % sid
    kind = rng.random()
    if kind < 0.2:                                   # a delivery to another MX
        a = public_ipv4(rng)
        ev = "%016x" % rng.getrandbits(64)
        yield "%s mta connected address=%s host=mx.example.com" % (pre, a)
        yield ("%s mta delivery evpid=%s from=<alice@example.org> to=<friend@example.com> rcpt=<-> "
               "source=\"192.0.2.25\" relay=\"%s (mx.example.com)\" delay=1s result=\"Ok\" "
               "stat=\"250 2.0.0 Ok: queued\"" % (pre, ev, a))
        yield "%s mta disconnected reason=quit messages=1" % pre
        return
    if kind < 0.4:                                   # a user sends mail
        a = public_ipv4(rng)
        u = rng.choice(VALID)
        msg = "%08x" % rng.getrandbits(32)
        yield "%s smtp connected address=%s host=<unknown>" % (pre, a)
        yield "%s smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256" % pre
        yield "%s smtp authentication user=%s result=ok" % (pre, u)
        yield "%s smtp message msgid=%s size=%d nrcpt=1 proto=ESMTP" % (pre, msg, rng.randint(800, 90000))
        yield ("%s smtp envelope evpid=%s%08x from=<%s@example.org> to=<friend@example.com>"
               % (pre, msg, rng.getrandbits(32), u))
        yield "%s smtp disconnected reason=quit" % pre
        return
    a = address(rng, pool)                           # AUTH guessing
    yield "%s smtp connected address=%s host=<unknown>" % (pre, a)
    if rng.random() < 0.7:
        yield "%s smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256" % pre
    for _ in range(rng.randint(1, 4)):
        yield "%s smtp authentication user=%s result=permfail" % (pre, rng.choice(USERS))
        yield "%s smtp failed-command command=\"AUTH LOGIN (password)\" result=\"535 Authentication failed\"" % pre
    yield "%s smtp disconnected reason=%s" % (pre, rng.choice(["quit", "disconnect", "io-error"]))


class Stream:
    """Lines of one log: a few sessions open at once, the next line from one of them at random."""

    def __init__(self, path, host, session, rng, pool, open_sessions=6):
        self.f = open(path, "a", encoding="ascii")
        self.host, self.session, self.rng, self.pool = host, session, rng, pool
        self.open = [session(rng, pool) for _ in range(open_sessions)]
        self.lines = 0
        self.sessions = open_sessions

    def next_line(self):
        while True:
            i = self.rng.randrange(len(self.open))
            line = next(self.open[i], None)
            if line is not None:
                return line
            self.open[i] = self.session(self.rng, self.pool)
            self.sessions += 1

    def write(self, n, stamp):
        head = "%s %s " % (stamp, self.host)
        self.f.write("".join(head + self.next_line() + "\n" for _ in range(n)))
        self.f.flush()
        self.lines += n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("authlog")
    ap.add_argument("maillog")
    ap.add_argument("--rate", type=int, default=1000, help="lines per second, both logs together")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", help="write what was written here, as JSON")
    o = ap.parse_args()
    rng = random.Random(o.seed)
    pool = [public_ipv4(rng) for _ in range(400)]
    streams = [Stream(o.authlog, "gw", sshd_session, rng, pool), Stream(o.maillog, "mail", smtpd_session, rng, pool)]
    tick = 0.01
    start = time.monotonic()
    due = 0.0                                        # lines due so far, per log
    k = 0
    while True:
        now = time.monotonic() - start
        if now >= o.seconds:
            break
        target = min(now + tick, o.seconds) * o.rate / 2
        n = int(target - due)
        if n > 0:
            stamp = time.strftime("%b %e %H:%M:%S")
            for s in streams:
                s.write(n, stamp)
            due += n
        k += 1
        time.sleep(max(0.0, start + k * tick - time.monotonic()))
    elapsed = time.monotonic() - start
    stats = {"seconds": round(elapsed, 3), "rate": o.rate,
             "authlog_lines": streams[0].lines, "maillog_lines": streams[1].lines,
             "authlog_sessions": streams[0].sessions, "maillog_sessions": streams[1].sessions}
    for s in streams:
        s.f.close()
    if o.stats:
        with open(o.stats, "w") as f:
            json.dump(stats, f)
    else:
        print(json.dumps(stats))


if __name__ == "__main__":
    main()
