#!/usr/bin/env python3
"""What keeping state costs the daemon during a flood of bans (docs/performance.md, "State saving").

For each jar given (say, the build before and after a change), alternating, ROUNDS times: start
`java -jar JAR run` on a fresh state directory with one regex jail (max-retry 1, ban-time 1h,
poll-interval 50ms, pf action with a fake pfctl that only appends its argv to a file), write LINES
failure lines, one distinct address each, at about RATE lines per second, wait until every address
reached pfctl, then read from /proc the daemon's CPU time (utime + stime) and the bytes it wrote
(wchar: every write(2), stderr included), and stop it with SIGTERM. The state directory's final size
is printed too. Prints one line per run and, per jar, the medians.

Usage: bench/state-cost.py [--lines 20000] [--rate 700] [--rounds 3] JAR [JAR...]
Needs Linux (/proc) and java on PATH. Builds nothing.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

FAKE_PFCTL = """#!/bin/sh
line=
for a in "$@"; do line="$line $a"; done
printf '%s\\n' "$line" >> '@REC@'
"""


def address(i):
    return "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)


def proc_stats(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    wchar = 0
    with open("/proc/%d/io" % pid) as f:
        for line in f:
            if line.startswith("wchar:"):
                wchar = int(line.split()[1])
    return cpu, wchar


def banned(rec):
    try:
        with open(rec) as f:
            return sum(len(l.split()) - 4 for l in f if l.endswith("\n") and " -T add " in l)
    except FileNotFoundError:
        return 0


def one_run(jar, lines, rate):
    d = tempfile.mkdtemp(prefix="wstate.")
    try:
        rec = os.path.join(d, "pfctl.calls")
        pfctl = os.path.join(d, "pfctl")
        with open(pfctl, "w") as f:
            f.write(FAKE_PFCTL.replace("@REC@", rec))
        os.chmod(pfctl, 0o755)
        log = os.path.join(d, "auth.log")
        open(log, "w").close()
        cfg = os.path.join(d, "warden.yaml")
        with open(cfg, "w") as f:
            f.write("state-dir: %s/state\nsocket: %s/w.sock\npoll-interval: 50ms\njails:\n"
                    "  app:\n    logs: ['%s']\n"
                    "    filter: {type: regex, tag: app, fail: ['auth failure from <ADDR>']}\n"
                    "    max-retry: 1\n    find-time: 1h\n    ban-time: 1h\n"
                    "    actions: [{type: pf, table: bot, pfctl: '%s'}]\n" % (d, d, log, pfctl))
        err = open(os.path.join(d, "stderr"), "w")
        p = subprocess.Popen(["java", "-XX:+UseSerialGC", "-Xmx128m", "-jar", jar, "run", "-c", cfg],
                             stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.time() + 30
        while not os.path.exists(os.path.join(d, "state", "state")) and time.time() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        cpu0, w0 = proc_stats(p.pid)
        fd = os.open(log, os.O_WRONLY | os.O_APPEND)
        start = time.time()
        for i in range(lines):
            now = time.time()
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + ".%03dZ" % (int(now * 1000) % 1000)
            os.write(fd, ("%s host app[7]: auth failure from %s\n" % (stamp, address(i))).encode())
            ahead = start + (i + 1) / rate - time.time()
            if ahead > 0:
                time.sleep(ahead)
        os.close(fd)
        deadline = time.time() + 60
        while banned(rec) < lines and time.time() < deadline:
            time.sleep(0.05)
        n = banned(rec)
        time.sleep(1.0)   # let the last rounds finish
        cpu1, w1 = proc_stats(p.pid)
        p.send_signal(signal.SIGTERM)
        rc = p.wait(30)
        size = sum(os.path.getsize(os.path.join(d, "state", f)) for f in os.listdir(os.path.join(d, "state")))
        return {"bans": n, "cpu": cpu1 - cpu0, "wmb": (w1 - w0) / 1e6, "state_mb": size / 1e6, "rc": rc}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--rate", type=float, default=700)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("jars", nargs="+")
    a = ap.parse_args()
    results = {j: [] for j in a.jars}
    for r in range(a.rounds):
        for j in a.jars:
            with open("/proc/loadavg") as f:
                load = f.read().split()[0]
            x = one_run(j, a.lines, a.rate)
            results[j].append(x)
            print("round %d  %-50s load %s  bans %d  cpu %.2f s  written %.1f MB  state dir %.2f MB  exit %d"
                  % (r + 1, j, load, x["bans"], x["cpu"], x["wmb"], x["state_mb"], x["rc"]), flush=True)
    print()
    print("%-50s  %12s  %16s" % ("jar", "median cpu s", "median written MB"))
    for j in a.jars:
        print("%-50s  %12.2f  %16.1f" % (j, statistics.median(x["cpu"] for x in results[j]),
                                         statistics.median(x["wmb"] for x in results[j])))
    lost = any(x["bans"] < a.lines or x["rc"] != 0 for xs in results.values() for x in xs)
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
