#!/usr/bin/env python3
"""Measuring harness of bench/latency-bench.sh (run it through that script; --help there).

Time from a failure line being written to the pf action being called, for `warden run` at each poll
interval and for anchors following the same kind of log:

  warden-<interval>  java ... -jar warden.jar run -c CFG: a regex jail, max-retry 1, ban-time 1h, pf
                     action whose `pfctl:` is a fake that records each call
  tail-F-sh          `tail -F -n 0 LOG | while read -r l; do fake-pfctl -t bot -T add ADDR; done`
                     (bash): inotify wake-up plus one fork+exec per line, the floor of any follower
  sshguard           sshguard 2.4's own pipeline, as /usr/sbin/sshguard builds it:
                     sshg-logtail LOG | sshg-parser | sshg-blocker -a 10 -p 3600 -s 3600 | sshg-fw-pf,
                     with the fake as `pfctl` first in PATH (only when sshguard is installed)
  fake-pfctl         the instrument itself: the harness runs the fake directly, the time from before
                     the spawn to the time it records is its own start-up cost, part of every row

The fake pfctl is a bash script whose first statement reads $EPOCHREALTIME (no fork), then appends
"<ns> <argv>" to its record. The writer appends each line with one write(2) to an O_APPEND descriptor
and takes time.time_ns() just before it. Both are CLOCK_REALTIME on the same machine.

Mode "together" (default): every follower runs at once on the same log, so each line written gives one
latency per follower under the same load. Mode "separate": one follower at a time, each on its own log
with the same lines (same seed), to see how much they disturb each other.
"""
import argparse
import math
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time

from report import sh

FAKE_PFCTL = r"""#!/bin/bash
t=$EPOCHREALTIME
# written by warden bench/latency.py: records "<epoch ns> <argv>" per call, first thing, then succeeds
t=${t/[.,]/}
printf '%s000 %s\n' "$t" "$*" >>'@REC@'
"""

SHELL_FOLLOWER = r"""
while IFS= read -r l; do
  a=${l##* from }
  a=${a%% *}
  "$1" -t bot -T add "$a"
done
"""

WARDEN_CFG = """# written by warden bench/latency.py
state-dir: {dir}/state
socket: {dir}/s.sock
{poll}jails:
  bench:
    logs: [{log}]
    filter:
      type: regex
      tag: sshd
      fail: ['Failed password for (?:invalid user )?\\S+ from <ADDR> port \\d+ ssh2']
    max-retry: 1
    ban-time: 1h
    timezone: UTC
    actions:
      - type: pf
        table: bot
        pfctl: {dir}/pfctl
"""


def log(msg):
    print("latency-bench: " + msg, file=sys.stderr, flush=True)


def address(i):
    block = i // 250
    return "198.%d.%d.%d" % (18 + block // 256, block % 256, i % 250 + 1)


def ms(ns):
    return ns / 1e6


def pct(sorted_vals, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_vals:
        return float("nan")
    k = max(1, math.ceil(p / 100.0 * len(sorted_vals)))
    return sorted_vals[k - 1]


def parse_duration_ms(text):
    t = text.strip()
    if t.endswith("ms"):
        return float(t[:-2])
    if t.endswith("s"):
        return float(t[:-1]) * 1000
    raise ValueError("poll interval '%s': write it as 250ms or 1s" % text)


def write_fake(path, record):
    with open(path, "w") as f:
        f.write(FAKE_PFCTL.replace("@REC@", record))
    os.chmod(path, 0o755)
    open(record, "w").close()


def read_record(record):
    """[(ns, [added addresses])] for the `-T add` calls in a fake's record, in call order."""
    calls = []
    try:
        with open(record) as f:
            for line in f:
                parts = line.split()
                if not parts or not line.endswith("\n"):
                    continue
                argv = parts[1:]
                if "-T" in argv and argv.index("-T") + 1 < len(argv) and argv[argv.index("-T") + 1] == "add":
                    addrs = [a.split("/")[0] for a in argv[argv.index("-T") + 2:]]
                    calls.append((int(parts[0]), addrs))
    except FileNotFoundError:
        pass
    return calls


def wait_fd_open(pid, path, timeout):
    """Waits until process pid has path open (tail -F opened the log)."""
    real = os.path.realpath(path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            for fd in os.listdir("/proc/%d/fd" % pid):
                try:
                    if os.readlink("/proc/%d/fd/%s" % (pid, fd)) == real:
                        return True
                except OSError:
                    pass
        except OSError:
            return False
        time.sleep(0.02)
    return False


class Follower:
    """One subject: started on a log, stopped, its fake pfctl's record read."""

    def __init__(self, name, tmp, args):
        self.name = name
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir)
        self.record = os.path.join(self.dir, "pfctl.rec")
        self.args = args
        self.procs = []
        self.problems = []
        self.errfile = os.path.join(self.dir, "stderr.txt")

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    p.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 20
        for p in self.procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.problems.append("pid %d did not stop within 20 s of SIGTERM; killed" % p.pid)
                p.kill()
                p.wait()

    def kill(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()


class Warden(Follower):
    def __init__(self, interval, tmp, args):
        super().__init__("warden-" + interval, tmp, args)
        self.interval = interval
        self.interval_ms = parse_duration_ms(interval)
        write_fake(os.path.join(self.dir, "pfctl"), self.record)

    def start(self, logpath):
        poll = "" if self.interval == "250ms" else "poll-interval: %s\n" % self.interval
        cfg = os.path.join(self.dir, "warden.yaml")
        with open(cfg, "w") as f:
            f.write(WARDEN_CFG.format(dir=self.dir, log=logpath, poll=poll))
        self.cmd = [self.args.java] + self.args.java_opts.split() + ["-jar", self.args.jar, "run", "-c", cfg]
        err = open(self.errfile, "w")
        p = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=open(os.path.join(self.dir, "stdout.txt"), "w"),
                             stderr=err, cwd=self.dir)
        self.procs = [p]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if p.poll() is not None:
                raise RuntimeError("%s exited with %d before running:\n%s" % (self.name, p.returncode, tail(self.errfile)))
            with open(self.errfile, errors="replace") as f:
                if "warden running" in f.read():
                    return
            time.sleep(0.02)
        raise RuntimeError("%s: no 'warden running' on stderr within 60 s:\n%s" % (self.name, tail(self.errfile)))

    def stop(self):
        super().stop()
        p = self.procs[0]
        if p.returncode != 0:
            self.problems.append("exit status %d after SIGTERM" % p.returncode)
        with open(self.errfile, errors="replace") as f:
            text = f.read()
        bad = [l for l in text.splitlines() if " WARN " in l or " ERROR " in l or "Exception" in l]
        if bad:
            self.problems.append("%d WARN/ERROR lines on stderr, first: %s" % (len(bad), bad[0]))
        self.ban_lines = sum(1 for l in text.splitlines() if "] ban " in l)
        if "warden stopped" not in text:
            self.problems.append("no 'warden stopped' on stderr")


class Pipeline(Follower):
    """Processes chained stdout to stdin; the first is a tail -F of the log."""

    def start_chain(self, logpath, cmds, env=None):
        err = open(self.errfile, "w")
        prev = None
        for i, c in enumerate(cmds):
            last = i == len(cmds) - 1
            p = subprocess.Popen(c, stdin=prev.stdout if prev else subprocess.DEVNULL,
                                 stdout=open(os.path.join(self.dir, "stdout.txt"), "w") if last else subprocess.PIPE,
                                 stderr=err, env=env, cwd=self.dir)
            if prev:
                prev.stdout.close()   # the child holds it; EOF reaches it when prev exits
            self.procs.append(p)
            prev = p
        if not wait_fd_open(self.procs[0].pid, logpath, 10):
            raise RuntimeError("%s: tail did not open %s within 10 s:\n%s" % (self.name, logpath, tail(self.errfile)))
        time.sleep(0.3)   # tail -F sets its inotify watch after opening the file

    def stop(self):
        # Stop the tail only: EOF then flows down the pipeline, each stage finishes and exits.
        t = self.procs[0]
        t.send_signal(signal.SIGTERM)
        t.wait()
        deadline = time.monotonic() + 10
        for p in self.procs[1:]:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGTERM)
        super().stop()


class ShellTail(Pipeline):
    def __init__(self, tmp, args):
        super().__init__("tail-F-sh", tmp, args)
        write_fake(os.path.join(self.dir, "pfctl"), self.record)

    def start(self, logpath):
        self.start_chain(logpath, [["tail", "-F", "-n", "0", logpath],
                                   ["bash", "-c", SHELL_FOLLOWER, "follower", os.path.join(self.dir, "pfctl")]])


class Sshguard(Pipeline):
    def __init__(self, tmp, args):
        super().__init__("sshguard", tmp, args)
        os.makedirs(os.path.join(self.dir, "bin"))
        write_fake(os.path.join(self.dir, "bin", "pfctl"), self.record)

    def start(self, logpath):
        lx = self.args.sshguard_libexec
        env = dict(os.environ, PATH=os.path.join(self.dir, "bin") + ":" + os.environ.get("PATH", "/usr/bin:/bin"))
        self.start_chain(logpath, [[lx + "/sshg-logtail", logpath], [lx + "/sshg-parser"],
                                   [lx + "/sshg-blocker", "-a", "10", "-p", "3600", "-s", "3600"],
                                   [lx + "/sshg-fw-pf"]], env=env)


def tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def write_lines(logpath, n, max_pause_ms, seed):
    """Appends n failure lines, each a distinct address, with random pauses; returns {address: ns}."""
    rnd = random.Random(seed)
    written = {}
    fd = os.open(logpath, os.O_WRONLY | os.O_APPEND)
    try:
        for i in range(n):
            a = address(i)
            now = time.time()
            stamp = time.strftime("%b %e %H:%M:%S", time.gmtime(now))
            line = ("%s bench sshd[%d]: Failed password for root from %s port %d ssh2\n"
                    % (stamp, 10000 + i % 50000, a, 1024 + rnd.randrange(60000))).encode()
            t = time.time_ns()
            os.write(fd, line)
            written[a] = t
            time.sleep(rnd.uniform(0, max_pause_ms) / 1000.0)
    finally:
        os.close(fd)
    return written


def wait_all(followers, written, timeout):
    want = set(written)
    deadline = time.monotonic() + timeout
    pending = list(followers)
    while pending and time.monotonic() < deadline:
        pending = [f for f in pending if not want <= {a for _, addrs in read_record(f.record) for a in addrs}]
        if pending:
            time.sleep(0.1)
    return pending


def latencies(follower, written):
    first = {}
    calls = read_record(follower.record)
    for t, addrs in calls:
        for a in addrs:
            if a in written and a not in first:
                first[a] = t
    order = sorted(written, key=written.get)
    lat = [(i, first[a] - written[a]) for i, a in enumerate(order) if a in first]
    extra = sum(len(addrs) for _, addrs in calls) - len(first)
    return lat, len(calls), extra


def calibrate(tmp, k):
    d = os.path.join(tmp, "fake-pfctl")
    os.makedirs(d)
    rec = os.path.join(d, "pfctl.rec")
    fake = os.path.join(d, "pfctl")
    write_fake(fake, rec)
    starts = []
    for i in range(k):
        starts.append(time.time_ns())
        subprocess.run([fake, "-t", "bot", "-T", "add", address(i)], check=True)
    recs = [t for t, _ in read_record(rec)]
    return [(i, r - s) for i, (r, s) in enumerate(zip(recs, starts))]


def summarize(name, lat, n_written, calls, note):
    vals = sorted(v for _, v in lat)
    worst = max(lat, key=lambda x: x[1]) if lat else (None, None)
    return {"name": name, "n": len(vals), "lost": n_written - len(vals) if n_written else 0,
            "median": ms(statistics.median(vals)) if vals else float("nan"),
            "p90": ms(pct(vals, 90)), "p99": ms(pct(vals, 99)), "max": ms(vals[-1]) if vals else float("nan"),
            "min": ms(vals[0]) if vals else float("nan"),
            "worst_at": worst[0], "calls": calls, "note": note}


def load_now():
    """1-min load average, and the share of the last 10 s some task waited for a CPU (PSI), if the kernel has it."""
    load = sh("cut -d' ' -f1 /proc/loadavg")
    try:
        with open("/proc/pressure/cpu") as f:
            some = f.readline().split()[1].split("=")[1]
        return "%s (cpu wait %s%%)" % (load, some)
    except (OSError, IndexError):
        return load


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--java-opts", default="-XX:+UseSerialGC -Xmx128m")
    ap.add_argument("--intervals", default="250ms 50ms")
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--max-pause-ms", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--mode", choices=["together", "separate"], default="together")
    ap.add_argument("--baseline", type=int, default=1)
    ap.add_argument("--sshguard-libexec", default="")
    ap.add_argument("--calibrate", type=int, default=200)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default="bench/latency-bench.sh")
    args = ap.parse_args()
    if not 1 <= args.lines <= 100000:
        sys.exit("latency-bench: LINES must be between 1 and 100000")

    def make():
        fs = [Warden(iv, args.tmp, args) for iv in args.intervals.split()]
        if args.baseline:
            fs.append(ShellTail(args.tmp, args))
        if args.sshguard_libexec:
            fs.append(Sshguard(args.tmp, args))
        return fs

    load_before = sh("cut -d' ' -f1-3 /proc/loadavg")
    started = time.time()
    log("calibrating the fake pfctl (%d direct calls)" % args.calibrate)
    calib = calibrate(args.tmp, args.calibrate) if args.calibrate else []

    followers = make()
    results = {}
    problems = []
    loads = []
    phases = [followers] if args.mode == "together" else [[f] for f in followers]
    try:
        for k, group in enumerate(phases):
            logpath = os.path.join(args.tmp, "auth%d.log" % k)
            open(logpath, "w").close()
            for f in group:
                log("starting %s" % f.name)
                f.start(logpath)
            loads.append(load_now())
            log("writing %d lines to %s (pauses 0-%g ms) for %s" % (args.lines, logpath, args.max_pause_ms,
                                                                   ", ".join(f.name for f in group)))
            t0 = time.monotonic()
            written = write_lines(logpath, args.lines, args.max_pause_ms, args.seed)
            log("written in %.1f s; waiting for the bans (timeout %g s)" % (time.monotonic() - t0, args.timeout))
            late = wait_all(group, written, args.timeout)
            for f in late:
                f.problems.append("not every address banned %g s after the last line" % args.timeout)
            loads.append(load_now())
            for f in group:
                f.stop()
                lat, calls, extra = latencies(f, written)
                results[f.name] = (lat, calls, len(written))
                if extra:
                    f.problems.append("%d addresses added more than once" % extra)
                problems += ["%s: %s" % (f.name, p) for p in f.problems]
                if isinstance(f, Warden) and getattr(f, "ban_lines", None) is not None and f.ban_lines != len(written):
                    problems.append("%s: logged %d bans for %d lines" % (f.name, f.ban_lines, len(written)))
    except BaseException:
        for f in followers:
            f.kill()
        raise
    elapsed = time.time() - started

    rows = []
    for f in followers:
        lat, calls, n = results[f.name]
        row = summarize(f.name, lat, n, calls, "")
        if isinstance(f, Warden):
            # The anchor of a poller: a line arrives uniformly within a round, so it waits on average half
            # a period, then the fixed cost of reading it and starting pfctl (the row's minimum).
            ts = [t for t, _ in read_record(f.record)]
            gaps = sorted(b - a for a, b in zip(ts, ts[1:]))
            period = ms(statistics.median(gaps)) if gaps else float("nan")
            row["note"] = ("pfctl called every %.1f ms (median gap between calls): the %s interval plus %.1f ms"
                           " of work per round; uniform arrival predicts median period/2 + min = %.1f ms and"
                           " p99 0.99 period + min = %.1f ms (the interval alone: %.1f and %.1f ms)" % (
                               period, f.interval, period - f.interval_ms, period / 2 + row["min"],
                               0.99 * period + row["min"], f.interval_ms / 2, 0.99 * f.interval_ms))
        rows.append(row)
    if calib:
        rows.append(summarize("fake-pfctl (direct)", calib, len(calib), len(calib),
                              "the instrument: spawn to first statement, in every row"))

    hdr = ["follower", "bans", "lost", "min ms", "median ms", "p90 ms", "p99 ms", "max ms", "worst at line",
           "pfctl calls", "addresses/call", "median / tail-F-sh"]
    base = next((r["median"] for r in rows if r["name"] == "tail-F-sh"), None)
    table = []
    for r in rows:
        table.append([r["name"], "{:,}".format(r["n"]), str(r["lost"]), "%.1f" % r["min"], "%.1f" % r["median"], "%.1f" % r["p90"],
                      "%.1f" % r["p99"], "%.1f" % r["max"], str(r["worst_at"] + 1 if r["worst_at"] is not None else "-"),
                      "{:,}".format(r["calls"]), "%.2f" % (r["n"] / r["calls"]) if r["calls"] else "-",
                      "%.3g" % (r["median"] / base) if base else "-"])

    def text_table(h, rs):
        w = [max(len(x) for x in col) for col in zip(h, *rs)]
        return "\n".join(["  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r))
                          for r in [h, ["-" * x for x in w]] + rs])

    print()
    print(text_table(hdr, table))
    for r in rows:
        if r["note"]:
            print("  %s: %s" % (r["name"], r["note"]))
    print("load average before: %s; 1 min at start/end of each phase: %s" % (load_before, ", ".join(loads)))
    if problems:
        print("\nPROBLEMS:")
        for p in problems:
            print("  " + p)
    with open(args.out, "w") as f:
        f.write("# latency-bench results\n\n")
        f.write("- command: `%s`\n" % args.command)
        f.write("- date: %s; whole run %.0f s\n" % (sh("date -u +%Y-%m-%dT%H:%M:%SZ"), elapsed))
        f.write("- mode: %s; %s lines per phase, one distinct address each, pauses uniform 0-%g ms (seed %d)\n"
                % (args.mode, "{:,}".format(args.lines), args.max_pause_ms, args.seed))
        f.write("- machine: %s cores, %s; load average (1/5/15 min) before %s; 1 min at start/end of each phase: %s\n"
                % (sh("nproc"), sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip(), load_before,
                   ", ".join(loads)))
        f.write("- java: %s\n" % " / ".join(sh("%s -version 2>&1" % args.java).splitlines()[:2]))
        f.write("- warden: `%s %s -jar %s run -c CFG`\n" % (args.java, args.java_opts, args.jar))
        if args.sshguard_libexec:
            f.write("- sshguard: %s (`%s`)\n" % (sh("dpkg-query -W -f '${Version}' sshguard 2>/dev/null || echo ?"),
                                                  args.sshguard_libexec))
        f.write("\n| " + " | ".join(hdr) + " |\n|" + "|".join(["---"] + ["---:"] * (len(hdr) - 1)) + "|\n")
        for r in table:
            f.write("| " + " | ".join(r) + " |\n")
        notes = [r for r in rows if r["note"]]
        if notes:
            f.write("\n" + "".join("- %s: %s\n" % (r["name"], r["note"]) for r in notes))
        if problems:
            f.write("\nProblems:\n\n" + "".join("- %s\n" % p for p in problems))
    print("\nwritten: %s" % args.out)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
