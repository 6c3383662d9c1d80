#!/usr/bin/env python3
"""The harness of bench/fleet-bench.sh (see its --help): one redis-server, three `warden run` (A, B, C) with
a fleet section, N failure lines written at once into A's log (one ban each, distinct addresses); the time
from A's pfctl add of each address to B's and C's pfctl add of it (fake pfctls that record $EPOCHREALTIME),
per round and over all rounds."""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

FAKE_PFCTL = """#!/bin/bash
t=$EPOCHREALTIME
printf '%s %s\\n' "$t" "$*" >> {record}
"""

CONFIG = """state-dir: {state}
socket: {socket}
poll-interval: {poll}
fleet:
  redis: redis://127.0.0.1:{port}
  node: {node}
  actions: [{{type: pf, table: fleet, pfctl: {pfctl}}}]
jails:
  smtpd:
    logs: [{log}]
    filter: {{type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}}
    max-retry: 1
    ban-time: 2h
    actions: [{{type: pf, table: bot, pfctl: {pfctl}}}]
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def address(i):
    """The i-th address of 198.18.0.0/15 (RFC 2544, benchmarking), from 198.18.0.1."""
    i += 1
    return "198.%d.%d.%d" % (18 + (i >> 16), (i >> 8) & 255, i & 255)


def adds(record, table):
    """address -> the time of the first pfctl add of it to table."""
    out = {}
    if not os.path.exists(record):
        return out
    with open(record) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and parts[1:5] == ["-t", table, "-T", "add"]:
                t = float(parts[0])
                for a in parts[5:]:
                    out.setdefault(a, t)
    return out


def wait_for(what, check, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise SystemExit("fleet-bench: timed out waiting for " + what)


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def one_round(args, work, n):
    port = free_port()
    rdir = os.path.join(work, "redis")
    os.makedirs(rdir)
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", rdir],
                             stdout=open(os.path.join(rdir, "log"), "w"), stderr=subprocess.STDOUT)
    daemons = {}
    try:
        wait_for("redis-server", lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"],
                                                        capture_output=True).stdout.strip() == b"PONG", 10)
        for node in "abc":
            d = os.path.join(work, node)
            os.makedirs(d)
            pfctl = os.path.join(d, "pfctl")
            with open(pfctl, "w") as f:
                f.write(FAKE_PFCTL.format(record=os.path.join(d, "record")))
            os.chmod(pfctl, 0o755)
            log = os.path.join(d, "maillog")
            open(log, "w").close()
            config = os.path.join(d, "warden.yaml")
            with open(config, "w") as f:
                f.write(CONFIG.format(state=os.path.join(d, "state"), socket=os.path.join(d, "w.sock"),
                                      poll=args.poll, port=port, node=node, pfctl=pfctl, log=log))
            err = open(os.path.join(d, "stderr"), "w")
            daemons[node] = (subprocess.Popen([args.java] + args.java_opts.split() + ["-jar", args.jar, "run", "-c",
                                                                                      config],
                                              stdout=subprocess.DEVNULL, stderr=err, cwd=d), d)
        for node, (p, d) in daemons.items():
            def ready(p=p, d=d):
                if p.poll() is not None:
                    raise SystemExit("fleet-bench: daemon %s exited: %s" % (node, open(d + "/stderr").read()[-2000:]))
                text = open(d + "/stderr").read()
                return "warden running" in text and "fleet: caught up with" in text
            wait_for("daemon " + node, ready, 60)

        stamp = time.strftime("%b %e %H:%M:%S", time.localtime())
        text = "".join("%s mail smtpd[1]: auth failed from %s\n" % (stamp, address(i)) for i in range(n))
        written = time.time()
        with open(os.path.join(daemons["a"][1], "maillog"), "a") as f:
            f.write(text)
        records = {node: os.path.join(d, "record") for node, (p, d) in daemons.items()}

        def done():
            return all(len(adds(records[x], "fleet")) >= n for x in "bc")
        deadline = time.time() + args.timeout
        while time.time() < deadline and not done():
            time.sleep(0.1)
        a_adds = adds(records["a"], "bot")
        result = {"n": n, "a_banned": len(a_adds), "a_last": max(a_adds.values()) - written if a_adds else None}
        # When Redis took each entry (its id's milliseconds): A's add to then is publishing, then to B's add following.
        raw = subprocess.run(["redis-cli", "-p", str(port), "--raw", "xrange", "warden:bans", "-", "+"],
                             capture_output=True, text=True).stdout.split("\n")
        taken = {}
        i = 0
        while i < len(raw) - 1:
            if "-" in raw[i] and raw[i].split("-")[0].isdigit() and raw[i + 1] == "v":
                fields = dict(zip(raw[i + 1:i + 17:2], raw[i + 2:i + 17:2]))
                taken.setdefault(fields.get("address"), int(raw[i].split("-")[0]) / 1000.0)
                i += 17
            else:
                i += 1
        pub = [taken[k] - a_adds[k] for k in taken if k in a_adds]
        result["published"] = {"entries": len(taken), "median": statistics.median(pub) if pub else None,
                               "p99": percentile(pub, 99) if pub else None}
        for x in "bc":
            got = adds(records[x], "fleet")
            lat = [got[k] - a_adds[k] for k in got if k in a_adds]
            result[x] = {"applied": len(got), "median": statistics.median(lat) if lat else None,
                         "p99": percentile(lat, 99) if lat else None, "max": max(lat) if lat else None,
                         "total": max(got.values()) - written if got else None,
                         "echo": len(adds(records[x], "bot"))}
        info = subprocess.run(["redis-cli", "-p", str(port), "info", "memory"], capture_output=True, text=True).stdout
        used = [line.split(":")[1].strip() for line in info.splitlines() if line.startswith("used_memory:")]
        result["redis_used_memory"] = int(used[0]) if used else None
        for key in ("warden:bans", "warden:bans:in-force", "warden:bans:in-force:ends", "warden:bans:in-force:starts"):
            out = subprocess.run(["redis-cli", "-p", str(port), "memory", "usage", key], capture_output=True,
                                 text=True).stdout.strip()
            result.setdefault("key_bytes", {})[key] = int(out) if out.isdigit() else None
        result["stream_length"] = int(subprocess.run(["redis-cli", "-p", str(port), "xlen", "warden:bans"],
                                                     capture_output=True, text=True).stdout.strip() or 0)
        problems = []
        for node, (p, d) in daemons.items():
            p.send_signal(signal.SIGTERM)
        for node, (p, d) in daemons.items():
            try:
                rc = p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
                rc = "killed"
            log = open(d + "/stderr").read()
            if rc != 0 or " ERROR " in log or "\tat " in log:
                problems.append("%s: exit %s%s" % (node, rc, "; errors in its log" if " ERROR " in log else ""))
        result["problems"] = problems
        return result
    finally:
        for p, d in daemons.values():
            if p.poll() is None:
                p.kill()
        redis.kill()
        redis.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bans", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--poll", default="250ms")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--java-opts", default="-XX:+UseSerialGC -Xmx256m")
    ap.add_argument("--json", required=True)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    results = []
    for r in range(args.rounds):
        work = tempfile.mkdtemp(prefix="wfleet", dir="/tmp")
        try:
            res = one_round(args, work, args.bans)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            else:
                print("kept " + work, file=sys.stderr)
        results.append(res)
        line = "round %d: A banned %d in %.2f s, Redis took them %.3f s after A's add (median; p99 %.3f s)" % (
            r + 1, res["a_banned"], res["a_last"] or -1, res["published"]["median"] or -1, res["published"]["p99"] or -1)
        for x in "bc":
            v = res[x]
            line += "; %s applied %d, median %.3f s, p99 %.3f s, all in %.2f s" % (
                x.upper(), v["applied"], v["median"] or -1, v["p99"] or -1, v["total"] or -1)
        print(line, file=sys.stderr)
    with open(args.json, "w") as f:
        json.dump({"bans": args.bans, "rounds": results, "poll": args.poll, "java_opts": args.java_opts}, f, indent=1)
    ok = all(r[x]["applied"] == args.bans and r[x]["echo"] == 0 for r in results for x in "bc") \
        and all(not r["problems"] for r in results)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
