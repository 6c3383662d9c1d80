#!/usr/bin/env bash
# Footprint of the daemon: resident memory of `warden run` idle and while following 1,000 lines per
# second, beside fail2ban's server on the same two logs, and the wall time of `warden validate`
# (docs/performance.md, section "Footprint").
#
# Usage:  bench/footprint.sh [NAME=value]...        (or the same names as environment variables)
#
#   ROUNDS=3            rounds; each measures warden and fail2ban once, one after the other (never
#                       both at once), the order alternating per round
#   IDLE=30             seconds after the start at which the idle RSS is read
#   SECONDS_REPLAY=60   seconds of replay (bench/replay.py writing both logs)
#   RATE=1000           lines per second, both logs together (half to each)
#   VALIDATE_RUNS=10    timed runs of `warden validate` (after one untimed run)
#   BARE=1              also the idle RSS of a bare JVM (java -XX:+UseSerialGC, a class that sleeps;
#                       needs javac), the floor under any Java daemon (0: leave it out)
#   WORK=bench/out      where footprint-results.md goes (and the lock); relative to the repo root
#   WARDEN_JAVA_OPTS=   JVM options, passed on to the ./warden launcher (empty: the launcher's defaults)
#   KEEP=0              1: keep the temporary directory (configs, logs, each program's output)
#
# The two-jail configuration of issue 13, on temporary logs:
#   warden:   sshd (filter sshd, max-retry 5, find-time 10m, ban-time 1h) on authlog and smtpd (filter
#             opensmtpd, 11 / 1d / 5d) on maillog, each with the log action only; state directory and
#             control socket in the temporary directory; started as `./warden run -c two.yaml`, the
#             launcher, so that its JVM options and the CDS archive count.
#   fail2ban: fail2ban-server -f with a copy of /etc/fail2ban and a jail.local: [sshd] (filter sshd) on
#             authlog and [smtpd] (filter postfix: fail2ban ships no OpenSMTPD filter, so it reads the
#             maillog's lines and matches none; it still polls and reads every line) on maillog, the
#             same max-retry / find-time / ban-time, backend polling, no action, dbfile :memory:,
#             socket, pidfile and log in the temporary directory.
# Each program starts on empty logs. RSS is VmRSS of /proc/PID/status: at IDLE s; then every second
# while bench/replay.py appends RATE lines/s for SECONDS_REPLAY s (realistic sshd and OpenSMTPD lines,
# current RFC 3164 timestamps, random addresses, some failures): the peak of those samples, and the
# one at the end of the replay. CPU is utime+stime of /proc/PID/stat over the replay. Then each is
# asked what it read (warden status --json, fail2ban-client status JAIL) and stopped with SIGTERM.
# `warden validate -c two.yaml` runs once untimed first (the launcher writes the CDS archive at the
# first start of a new jar or JVM), then VALIDATE_RUNS times, timed with bash's EPOCHREALTIME.
#
# Build first: mvn -B -q -DskipTests install -pl cli -am. Needs python3, and fail2ban, which is
# installed with apt-get when missing and running as root, with a policy-rc.d that keeps its service
# from starting (and it is disabled after). A run takes about ROUNDS x 2 x (IDLE + SECONDS_REPLAY + 5) s.
# The machine may be shared and noisy: the table reports medians, min and max; the load average is
# recorded at the start of every round. The exit status is 0 whether or not the targets are met
# (they are printed).
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_args footprint "ROUNDS IDLE SECONDS_REPLAY RATE VALIDATE_RUNS BARE WORK WARDEN_JAVA_OPTS KEEP" "$@"
ROUNDS=${ROUNDS:-3}
IDLE=${IDLE:-30}
SECONDS_REPLAY=${SECONDS_REPLAY:-60}
RATE=${RATE:-1000}
VALIDATE_RUNS=${VALIDATE_RUNS:-10}
BARE=${BARE:-1}
WORK=${WORK:-bench/out}
KEEP=${KEEP:-0}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
for v in ROUNDS IDLE SECONDS_REPLAY RATE VALIDATE_RUNS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "footprint: $v must be a positive integer" >&2; exit 2; }
done
if [[ ! -f $root/cli/target/warden.jar ]]; then
  echo "footprint: $root/cli/target/warden.jar not found; build it (mvn -B -q -DskipTests install -pl cli -am)" >&2
  exit 2
fi
warden=$root/warden

need=()
command -v python3 >/dev/null || need+=(python3)
command -v fail2ban-server >/dev/null || need+=(fail2ban)
bench_install footprint "${need[@]}"
for p in fail2ban-server java; do
  if pgrep -x "$p" >/dev/null; then
    echo "footprint: warning: a $p process is running; it competes for the CPU (not stopped by this script)" >&2
  fi
done

bench_lock footprint "$WORK"
tmp=$(mktemp -d /tmp/warden-footprint.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $KEEP == 1 ]]; then echo "footprint: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
results=$tmp/results.tsv      # program, round, metric, value
: >"$results"
hz=$(getconf CLK_TCK)

# --- configurations -------------------------------------------------------------------------------
# setup_warden DIR / setup_fail2ban DIR: empty logs and the configuration in DIR.
setup_warden() {
  bench_two_jails "$1"
}
setup_fail2ban() {
  local d=$1
  mkdir -p "$d"
  : >"$d/authlog"
  : >"$d/maillog"
  rm -rf "$d/conf"
  cp -r /etc/fail2ban "$d/conf"
  rm -f "$d/conf/jail.d/"*.conf "$d/conf/jail.d/"*.local
  cat >"$d/conf/fail2ban.local" <<EOF
[Definition]
logtarget = $d/fail2ban.log
socket = $d/fail2ban.sock
pidfile = $d/fail2ban.pid
dbfile = :memory:
allowipv6 = auto
EOF
  cat >"$d/conf/jail.local" <<EOF
[DEFAULT]
backend = polling
banaction =
action =

[sshd]
enabled = true
filter = sshd
logpath = $d/authlog
maxretry = 5
findtime = 10m
bantime = 1h

# fail2ban ships no OpenSMTPD filter; postfix's matches none of OpenSMTPD's lines, but every line is
# still read and tried.
[smtpd]
enabled = true
filter = postfix
logpath = $d/maillog
maxretry = 11
findtime = 1d
bantime = 5d
EOF
}

# --- measuring ------------------------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # utime + stime (the comm has no spaces)
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }
alive() { kill -0 "$1" 2>/dev/null; }

# now_us: the wall clock in microseconds. sleep_until T: sleeps until now_us reaches T.
now_us() { echo $((${EPOCHREALTIME/./} + 0)); }
sleep_until() {
  local left=$(($1 - $(now_us)))
  ((left <= 0)) || sleep "$((left / 1000000)).$(printf '%06d' $((left % 1000000)))"
}

# measure_daemon NAME ROUND DIR PID: the idle and replay figures of the process PID, started at
# $started, following DIR/authlog and DIR/maillog.
measure_daemon() {
  local name=$1 r=$2 d=$3 pid=$4 t0 i rss peak=0 end=0 c0 c1
  sleep_until $((started + IDLE * 1000000))
  alive "$pid" || { echo "footprint: $name died before the idle reading; see $d" >&2; KEEP=1; exit 1; }
  rss=$(rss_kb "$pid")
  record "$name" "$r" idle_kb "$rss"
  printf '  %-9s idle %6.1f MB' "$name" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" >&2
  c0=$(cpu_ticks "$pid")
  t0=$(now_us)
  python3 "$root/bench/replay.py" "$d/authlog" "$d/maillog" --rate "$RATE" --seconds "$SECONDS_REPLAY" \
    --seed "$r" --stats "$d/replay.json" &
  local writer=$!
  for ((i = 1; i <= SECONDS_REPLAY; i++)); do
    sleep_until $((t0 + i * 1000000))
    rss=$(rss_kb "$pid")
    ((rss > peak)) && peak=$rss
    end=$rss
  done
  wait "$writer"
  c1=$(cpu_ticks "$pid")
  alive "$pid" || { echo "footprint: $name died during the replay; see $d" >&2; KEEP=1; exit 1; }
  record "$name" "$r" peak_kb "$peak"
  record "$name" "$r" end_kb "$end"
  record "$name" "$r" cpu_s "$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  printf '  replay peak %6.1f MB  end %6.1f MB  CPU %5.2f s' "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$end" 'BEGIN { print k / 1024 }')" "$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { print (b - a) / hz }')" >&2
}

# stop PID: SIGTERM, then wait for it (SIGKILL after 20 s).
stop() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

run_warden() {   # run_warden ROUND
  local r=$1 d=$tmp/warden-$1 pid
  setup_warden "$d"
  started=$(now_us)
  "$warden" run -c "$d/two.yaml" >"$d/stdout" 2>"$d/stderr" &
  pid=$!
  pids+=("$pid")
  measure_daemon warden "$r" "$d" "$pid"
  [[ $(cat "/proc/$pid/comm") == java ]] || { echo "footprint: process $pid is not java" >&2; exit 1; }
  sleep 2        # let it read the last lines before asking
  "$warden" status --json -c "$d/two.yaml" >"$d/status.json" 2>"$d/status.err" || true
  python3 - "$d/status.json" "$d/replay.json" <<'PY' >"$tmp/work-warden" || true
import json, sys
try:
    s = json.load(open(sys.argv[1])); w = json.load(open(sys.argv[2]))
except Exception as e:
    print("(status: %s)" % e); sys.exit()
parts = []
for j in s.get("jails", []):
    name = j.get("name", "?")
    parts.append("%s %s lines, %s failures, %s bans" % (name, j.get("lines", "?"), j.get("failuresTotal", "?"),
                                                      j.get("bansTotal", "?")))
print("written %d+%d lines; read: %s" % (w["authlog_lines"], w["maillog_lines"], "; ".join(parts)))
PY
  printf '\n   %s\n' "$(cat "$tmp/work-warden")" >&2
  stop "$pid"
}

run_fail2ban() {   # run_fail2ban ROUND
  local r=$1 d=$tmp/fail2ban-$1 pid j
  setup_fail2ban "$d"
  started=$(now_us)
  fail2ban-server -c "$d/conf" -s "$d/fail2ban.sock" -p "$d/fail2ban.pid" -x -f >"$d/stdout" 2>"$d/stderr" &
  pid=$!
  pids+=("$pid")
  measure_daemon fail2ban "$r" "$d" "$pid"
  sleep 2
  local summary=""
  for j in sshd smtpd; do
    summary+="$j $(fail2ban-client -c "$d/conf" -s "$d/fail2ban.sock" status "$j" 2>/dev/null \
      | awk -F'\t' '/Total failed/ { f = $2 } /Total banned/ { b = $2 } END { printf "%s failures, %s bans", f, b }'); "
  done
  python3 -c 'import json,sys; w=json.load(open(sys.argv[1])); print("written %d+%d lines; read: %s" % (w["authlog_lines"], w["maillog_lines"], sys.argv[2]))' \
    "$d/replay.json" "${summary%; }" >"$tmp/work-fail2ban" || true
  printf '\n   %s\n' "$(cat "$tmp/work-fail2ban")" >&2
  stop "$pid"
}

run_bare() {   # run_bare ROUND: a JVM that only sleeps, with the serial collector
  local r=$1 d=$tmp/bare pid rss
  started=$(now_us)
  java -XX:+UseSerialGC -cp "$d" Idle &
  pid=$!
  pids+=("$pid")
  sleep_until $((started + IDLE * 1000000))
  rss=$(rss_kb "$pid")
  record "bare JVM" "$r" idle_kb "$rss"
  printf '  %-9s idle %6.1f MB\n' "bare JVM" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" >&2
  stop "$pid"
}
if [[ $BARE == 1 ]]; then
  mkdir -p "$tmp/bare"
  printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(3600000); } }\n' \
    >"$tmp/bare/Idle.java"
  if ! command -v javac >/dev/null || ! javac -d "$tmp/bare" "$tmp/bare/Idle.java" 2>/dev/null; then
    echo "footprint: no javac: leaving out the bare JVM" >&2
    BARE=0
  fi
fi

# The JVM options the launcher gives each command, for the report.
setup_warden "$tmp/validate"
run=$tmp
jcmd=$(bench_launcher_argv run -c two.yaml)
vcmd=$(bench_launcher_argv validate -c two.yaml)

# --- rounds ---------------------------------------------------------------------------------------
echo "footprint: $ROUNDS rounds; idle at ${IDLE}s, then ${SECONDS_REPLAY}s of $RATE lines/s; $(nproc) cores" >&2
echo "footprint: warden run = java $jcmd" >&2
# The first start with a new jar or JVM writes the CDS archive (bench runs must not be that one).
"$warden" validate -c "$tmp/validate/two.yaml" >/dev/null
cut -d' ' -f1-3 /proc/loadavg >"$tmp/load-before"
loads=()
for ((r = 1; r <= ROUNDS; r++)); do
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  echo "round $r/$ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  if ((r % 2)); then order=(warden fail2ban); else order=(fail2ban warden); fi
  for p in "${order[@]}"; do "run_$p" "$r"; done
  ((BARE == 1)) && run_bare "$r"
done

cut -d' ' -f1-3 /proc/loadavg >"$tmp/load-validate"
echo "validate: $VALIDATE_RUNS runs (load $(cat "$tmp/load-validate"))" >&2
for ((i = 1; i <= VALIDATE_RUNS; i++)); do
  t0=$(now_us)
  "$warden" validate -c "$tmp/validate/two.yaml" >/dev/null
  t1=$(now_us)
  record warden "$i" validate_s "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e6 }')"
done

# --- report ---------------------------------------------------------------------------------------
PYTHONPATH=$root/bench python3 - "$results" "$WORK/footprint-results.md" "$tmp/load-before" "$jcmd" "$vcmd" "$ROUNDS" "$IDLE" \
  "$SECONDS_REPLAY" "$RATE" "${loads[*]}" "$tmp" <<'EOF'
import os, statistics, sys
from report import cpu_model, md_head, md_table, sh, text_table
(res_f, md_f, load_f, jcmd, vcmd, rounds, idle, secs, rate, loads, tmp) = sys.argv[1:]
vals = {}
for line in open(res_f):
    prog, r, metric, v = line.rstrip("\n").split("\t")
    vals.setdefault((prog, metric), []).append(float(v))

metrics = [("idle_kb", "idle RSS, %s s after start (MB)" % idle, 1 / 1024, "%.1f"),
           ("peak_kb", "peak RSS while following %s lines/s (MB)" % format(int(rate), ","), 1 / 1024, "%.1f"),
           ("end_kb", "RSS at the end of %s s of that (MB)" % secs, 1 / 1024, "%.1f"),
           ("cpu_s", "CPU over the %s s (user+sys, s)" % secs, 1, "%.2f"),
           ("validate_s", "`warden validate` wall time (s)", 1, "%.3f")]

def cell(prog, m, k, fmt):
    v = vals.get((prog, m))
    if not v:
        return "-", None
    med = statistics.median(v) * k
    return "%s (%s–%s)" % (fmt % med, fmt % (min(v) * k), fmt % (max(v) * k)), med

hdr = ["measure", "warden median (min–max)", "fail2ban median (min–max)", "warden / fail2ban", "bare JVM"]
rows, med = [], {}
for m, label, k, fmt in metrics:
    w, wm = cell("warden", m, k, fmt)
    f, fm = cell("fail2ban", m, k, fmt)
    b, _ = cell("bare JVM", m, k, fmt)
    med[m] = wm
    rows.append([label, w, f, "%.2f" % (wm / fm) if wm and fm else "-", b])

verdicts = []
def verdict(label, m, limit, unit, k=1):
    v = med.get(m)
    if v is not None:
        verdicts.append((label, ("%.1f %s" if unit == "MB" else "%.3f %s") % (v, unit), "met" if v < limit else "NOT met"))
verdict("idle RSS < 64 MB", "idle_kb", 64, "MB")
verdict("peak RSS following 1,000 lines/s < 96 MB", "peak_kb", 96, "MB")
verdict("warden validate < 0.3 s", "validate_s", 0.3, "s")

print()
print(text_table(hdr, rows))
print()
for t, m, v in verdicts:
    print("target: %-42s %-12s %s" % (t, m, v))

with open(md_f, "w") as f:
    f.write(md_head("footprint results"))
    f.write("- machine: %s cores, %s, %s memory; load average (1/5/15 min) at the start %s, at the end %s; "
            "1-min load at each round's start: %s\n"
            % (sh("nproc"), cpu_model(), sh("free -h | awk '/^Mem:/ { print $2 }'"), open(load_f).read().strip(),
               sh("cut -d' ' -f1-3 /proc/loadavg"), loads))
    f.write("- rounds: %s, warden and fail2ban one after the other (order alternating), each on empty logs; "
            "idle RSS at %s s, then %s s of %s lines/s from bench/replay.py, RSS sampled every second; "
            "load average before the validate runs: %s\n"
            % (rounds, idle, secs, format(int(rate), ","), open(tmp + "/load-validate").read().strip()))
    f.write("- java: %s\n" % sh("java -version 2>&1 | sed -n 2p"))
    f.write("- warden: `./warden run -c two.yaml`, which runs `java %s -jar cli/target/warden.jar run -c two.yaml`; "
            "validate runs `java %s ...`\n" % (jcmd.strip(), vcmd.strip()))
    f.write("- fail2ban: `fail2ban-server -f` %s (%s)\n" % (sh("fail2ban-server -V"), sh("/usr/bin/python3 -V")))
    for prog in ("warden", "fail2ban"):
        if os.path.exists(tmp + "/work-" + prog):
            f.write("- %s, last round: %s\n" % (prog, open(tmp + "/work-" + prog).read().strip()))
    f.write("\n" + md_table(hdr, rows) + "\n")
    f.write("\n| target | measured (median) | verdict |\n|---|---|---|\n")
    for t, m, v in verdicts:
        f.write("| %s | %s | %s |\n" % (t, m, v))
print("\nwritten: %s" % md_f)
EOF
