#!/usr/bin/env python3
"""Score Warden's library filters on fail2ban's annotated sample logs, in fail2ban's default mode.

    bench/filter-conformance.py [--warden ./warden] [--show] [FILTER...]

For each filter, the log is read from $WARDEN_CONFORMANCE (default ../shared/conformance/fail2ban, i.e.
/work/shared/conformance/fail2ban beside the checkout) or from bench/conformance-extra/ (the four logs we
keep there). Every `# failJSON: {...}` line describes the next log line; `# filterOptions:` starts a
section for the modes it lists, and only sections for fail2ban's default mode are scored (a section that
names no mode, or the filter's default one). The log lines (comments and blank lines left out, order kept)
go to `warden test-filter NAME FILE --tsv` -- the real CLI -- and each expectation is scored:

  found      a "match": true line reported with its address (IPv4-mapped IPv6 compares as IPv4)
  missed     a "match": true line with a literal address not reported
  wrong      a line reported with another address than expected
  false pos  a "match": false line reported, or an unannotated line reported
  dns        a "match": true line whose host is a name: out of scope (Warden never resolves log names)
  (dates)    of the missed, those the filter finds when the line is read alone: core withheld them in the
             whole log as lines without a readable date of their own, or could not strip their header

Exit status 0 when every filter meets the target (>= 97 % found overall, no wrong address, no false
positive), 1 otherwise, 2 when something could not run.
"""
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("WARDEN_CONFORMANCE", os.path.join(ROOT, "..", "shared", "conformance", "fail2ban"))
EXTRA = os.path.join(HERE, "conformance-extra")
# fail2ban's default mode of each filter (the `mode =` of its filter.d/NAME.conf); None: no modes
DEFAULT_MODE = {
    "postfix": "more", "dovecot": "normal", "nginx-http-auth": "normal", "nginx-limit-req": None,
    "apache-auth": None, "courier-auth": None, "exim": "normal", "sendmail-auth": None, "proftpd": None,
    "vsftpd": None, "pure-ftpd": None, "mysqld-auth": None,
}


def log_path(name):
    for d in (SHARED, EXTRA):
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None


def in_default_mode(options, default):
    sets = options if isinstance(options, list) else [options]
    for s in sets:
        mode = s.get("mode")
        if mode is None or mode == default:
            return True
    return False


def expectations(path, default):
    """(log lines, {index in log lines: (expect_match, host)}) for the default mode."""
    lines, expected = [], {}
    scored, pending = True, None
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        for raw in fh:
            text = raw.rstrip("\n")
            if re.match(r"#\s*filterOptions:", text):
                scored = in_default_mode(json.loads(text.split(":", 1)[1]), default)
                pending = None
                continue
            if re.match(r"#\s*failJSON:", text):
                pending = json.loads(text.split(":", 1)[1]) if scored else "skip"
                continue
            if text.startswith("#") or not text.strip():
                continue
            lines.append(text)
            if isinstance(pending, dict):
                expected[len(lines)] = (bool(pending.get("match")), pending.get("host"))
            elif pending == "skip":
                expected[len(lines)] = None  # annotated for another mode: not scored
            pending = None
    return lines, expected


def canonical(host):
    try:
        a = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped:
        a = a.ipv4_mapped
    return str(a)


def run_alone(warden, name, line):
    return run(warden, name, [line]).get(1, set())


def run(warden, name, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False, encoding="utf-8",
                                     errors="surrogateescape") as fh:
        fh.write("\n".join(lines) + "\n")
        tmp = fh.name
    try:
        out = subprocess.run([warden, "test-filter", name, tmp, "--tsv",
                              "--now", "2026-12-31T00:00:00Z"],
                             capture_output=True, text=True)
    finally:
        os.unlink(tmp)
    if out.returncode != 0:
        raise RuntimeError("warden test-filter %s failed (%d): %s" % (name, out.returncode, out.stderr))
    found = {}
    for row in out.stdout.splitlines():
        if "\t" in row:
            n, addr = row.split("\t", 1)
            found.setdefault(int(n), set()).add(canonical(addr) or addr)
    return found


def score(warden, name, show):
    path = log_path(name)
    if path is None:
        return None
    lines, expected = expectations(path, DEFAULT_MODE.get(name))
    found = run(warden, name, lines)
    s = {"found": 0, "missed": 0, "wrong": 0, "fp": 0, "dns": 0, "expected": 0, "dates": 0}
    notes = []
    for n in range(1, len(lines) + 1):
        exp = expected.get(n, ("unannotated",))
        got = found.get(n, set())
        if exp is None:
            continue
        if exp == ("unannotated",):
            if got:
                s["fp"] += 1
                notes.append("FP (unannotated)  %s" % lines[n - 1])
            continue
        match, host = exp
        if not match:
            if got:
                s["fp"] += 1
                notes.append("FP %s  %s" % (sorted(got), lines[n - 1]))
            continue
        want = canonical(host) if host else None
        if want is None:
            s["dns"] += 1
            if got:
                notes.append("dns case, reported %s  %s" % (sorted(got), lines[n - 1]))
            continue
        s["expected"] += 1
        if want in got and len(got) == 1:
            s["found"] += 1
        elif got:
            s["wrong"] += 1
            notes.append("WRONG %s want %s  %s" % (sorted(got), want, lines[n - 1]))
        else:
            s["missed"] += 1
            alone = run_alone(warden, name, lines[n - 1])
            dated = alone == {want}
            s["dates"] += 1 if dated else 0
            notes.append("MISSED%s %s  %s" % (" (found alone: dates)" if dated else "", want, lines[n - 1]))
    if show:
        for x in notes:
            print("  " + x)
    return s


def main(argv):
    warden = os.path.join(ROOT, "warden")
    show = False
    names = []
    i = 0
    while i < len(argv):
        if argv[i] == "--warden":
            warden = argv[i + 1]
            i += 2
            continue
        if argv[i] == "--show":
            show = True
        else:
            names.append(argv[i])
        i += 1
    names = names or list(DEFAULT_MODE)
    total = {"found": 0, "missed": 0, "wrong": 0, "fp": 0, "dns": 0, "expected": 0, "dates": 0}
    print("%-16s %8s %6s %6s %7s %6s %6s %4s" % ("filter", "expected", "found", "missed", "(dates)", "wrong",
                                                "falsep", "dns"))
    for name in names:
        try:
            s = score(warden, name, show)
        except RuntimeError as e:
            print(e, file=sys.stderr)
            return 2
        if s is None:
            print("%-16s (no log: %s)" % (name, "absent"))
            continue
        for k in total:
            total[k] += s[k]
        print("%-16s %8d %6d %6d %7s %6d %6d %4d" % (name, s["expected"], s["found"], s["missed"],
                                                     "(%d)" % s["dates"], s["wrong"], s["fp"], s["dns"]))
    pct = 100.0 * total["found"] / total["expected"] if total["expected"] else 0.0
    alone = 100.0 * (total["found"] + total["dates"]) / total["expected"] if total["expected"] else 0.0
    print("%-16s %8d %6d %6d %7s %6d %6d %4d   %.1f %% found (%.1f %% with the date misses read alone)"
          % ("total", total["expected"], total["found"], total["missed"], "(%d)" % total["dates"], total["wrong"],
             total["fp"], total["dns"], pct, alone))
    return 0 if pct >= 97.0 and total["wrong"] == 0 and total["fp"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
