#!/usr/bin/env bash
# Latency of the daemon: time from a failure line being written to the log to the pf action calling
# pfctl, for `warden run` at each poll interval, side by side with anchors following the same lines
# (docs/performance.md, "Daemon latency").
#
# Usage:  bench/latency-bench.sh [NAME=value]...        (or the same names as environment variables)
#
#   LINES=2000          failure lines written, one distinct address each (= bans expected per follower)
#   MAX_PAUSE_MS=20     pause after each line, uniform in 0..MAX_PAUSE_MS ms
#   INTERVALS="250ms 50ms"   one warden daemon per poll interval (250ms is the default: left out of its config)
#   MODE=together       together: all followers read the same log at once (one latency per line and
#                       follower, same load); separate: one follower at a time, each on its own log
#   BASELINE=1          the tail -F | while read ... fake-pfctl follower in bash (0: leave it out)
#   SSHGUARD=auto       sshguard's pipeline too when `sshguard` is installed (1: required, 0: never)
#   TIMEOUT=30          seconds to wait after the last line for every address to reach pfctl
#   SEED=1              seed of the pauses
#   WORK=bench/out      where latency-results.md goes (and the lock); relative to the repo root
#   WARDEN_JAR=cli/target/warden.jar                               relative to the repo root
#   WARDEN_JAVA_OPTS="-XX:+UseSerialGC -Xmx128m"   JVM options of `warden run`
#   KEEP=0              1: keep the temporary directory (configs, stderr of each daemon, pfctl records)
#   JAVA=java           the java launcher (a wrapper must exec it: SIGTERM goes to the pid started)
#
# Builds nothing: it runs cli/target/warden.jar as it is (mvn -B -q -o -DskipTests package first).
# Needs python3 (the harness, bench/latency.py), bash, and coreutils tail; sshguard is optional.
# Everything runs in a fresh directory under /tmp (config, state-dir, control socket, fake pfctl, log)
# that is removed at the end unless KEEP=1. The fake pfctl is a bash script that records
# $EPOCHREALTIME as its first statement; its own start-up cost is measured and shown as a row.
# With the defaults a run takes about 25 s (MODE=separate: about 90 s). Exit status 1 when a follower
# lost bans, a daemon logged warnings or errors, or did not stop cleanly on SIGTERM.
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_args latency-bench "LINES MAX_PAUSE_MS INTERVALS MODE BASELINE SSHGUARD TIMEOUT SEED WORK WARDEN_JAR WARDEN_JAVA_OPTS KEEP JAVA" "$@"
LINES=${LINES:-2000}
MAX_PAUSE_MS=${MAX_PAUSE_MS:-20}
INTERVALS=${INTERVALS:-250ms 50ms}
MODE=${MODE:-together}
BASELINE=${BASELINE:-1}
SSHGUARD=${SSHGUARD:-auto}
TIMEOUT=${TIMEOUT:-30}
SEED=${SEED:-1}
WORK=${WORK:-bench/out}
WARDEN_JAR=${WARDEN_JAR:-cli/target/warden.jar}
WARDEN_JAVA_OPTS=${WARDEN_JAVA_OPTS:--XX:+UseSerialGC -Xmx128m}
KEEP=${KEEP:-0}
JAVA=${JAVA:-java}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
case $WARDEN_JAR in /*) ;; *) WARDEN_JAR=$root/$WARDEN_JAR ;; esac
[[ $LINES =~ ^[1-9][0-9]*$ && $SEED =~ ^[0-9]+$ && $TIMEOUT =~ ^[1-9][0-9]*$ && $MAX_PAUSE_MS =~ ^[0-9]+(\.[0-9]+)?$ ]] \
  || { echo "latency-bench: LINES and TIMEOUT must be positive integers, SEED an integer, MAX_PAUSE_MS a number" >&2; exit 2; }
[[ $MODE == together || $MODE == separate ]] || { echo "latency-bench: MODE is together or separate" >&2; exit 2; }
for iv in $INTERVALS; do
  [[ $iv =~ ^[1-9][0-9]*(ms|s)$ ]] || { echo "latency-bench: poll interval '$iv': write it as 250ms or 1s" >&2; exit 2; }
done

if [[ ! -f $WARDEN_JAR ]]; then
  echo "latency-bench: $WARDEN_JAR not found; this script builds nothing: mvn -B -q -o -DskipTests package" >&2
  exit 2
fi
for tool in python3 tail "$JAVA"; do
  command -v "$tool" >/dev/null || { echo "latency-bench: $tool not found" >&2; exit 2; }
done

# sshguard: /usr/sbin/sshguard is a shell script that reads /etc/sshguard/sshguard.conf and runs
# sshg-logtail FILES | sshg-parser | sshg-blocker FLAGS | BACKEND; the harness runs that pipeline itself
# with sshg-fw-pf as the backend and the fake pfctl first in PATH.
sshg_libexec=
if [[ $SSHGUARD != 0 ]]; then
  if command -v sshguard >/dev/null; then
    for d in $(dpkg -L sshguard 2>/dev/null | grep '/sshg-parser$' | xargs -r -n1 dirname) \
             /usr/libexec/sshguard /usr/lib/sshguard /usr/local/libexec/sshguard /usr/local/libexec; do
      if [[ -x $d/sshg-parser && -x $d/sshg-blocker && -x $d/sshg-fw-pf && -x $d/sshg-logtail ]]; then
        sshg_libexec=$d
        break
      fi
    done
  fi
  if [[ -z $sshg_libexec ]]; then
    [[ $SSHGUARD == 1 ]] && { echo "latency-bench: SSHGUARD=1 but sshguard (sshg-parser, sshg-blocker, sshg-fw-pf, sshg-logtail) was not found" >&2; exit 2; }
    echo "latency-bench: sshguard not installed: no sshguard row" >&2
  fi
fi

bench_lock latency-bench "$WORK"

# Short: the control socket lives in here (sun_path is about 100 bytes).
tmp=$(mktemp -d /tmp/wlat.XXXXXX)
if [[ $KEEP == 1 ]]; then
  echo "latency-bench: keeping $tmp" >&2
else
  trap 'rm -rf -- "$tmp"' EXIT
fi

echo "latency-bench: load average $(cut -d' ' -f1-3 /proc/loadavg) before the run" >&2
cmd="bench/latency-bench.sh"
for arg in "$@"; do cmd+=" $arg"; done
rc=0
python3 "$root/bench/latency.py" --jar "$WARDEN_JAR" --java "$JAVA" --java-opts "$WARDEN_JAVA_OPTS" \
  --intervals "$INTERVALS" --lines "$LINES" --max-pause-ms "$MAX_PAUSE_MS" --seed "$SEED" --timeout "$TIMEOUT" \
  --mode "$MODE" --baseline "$BASELINE" --sshguard-libexec "$sshg_libexec" --tmp "$tmp" \
  --out "$WORK/latency-results.md" --command "$cmd" || rc=$?
exit "$rc"
