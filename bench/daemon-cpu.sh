#!/usr/bin/env bash
# CPU per million lines of the daemon following two logs, beside sshguard's parser reading the same
# lines from a pipe at the same rate (docs/performance.md, section "The daemon's CPU per line").
#
# Usage:  bench/daemon-cpu.sh [NAME=value]...        (or the same names as environment variables)
#
#   ROUNDS=3            rounds; each starts both programs afresh on two empty logs
#   RATE=2000           lines per second, both logs together (half to each; bench/replay.py)
#   SECONDS_REPLAY=60   seconds of replay per round
#   SETTLE=15           seconds between the start and the replay (start-up is not counted)
#   WARMUP=20           seconds of replay before the measured one, not counted: the JIT compiles the
#                       reading paths once, which a million lines (500 s at 2,000 lines/s) amortize
#   WORK=bench/out      where daemon-cpu-results.md goes (and the lock); relative to the repo root
#   WARDEN_JAVA_OPTS=   JVM options, passed on to the ./warden launcher (empty: the launcher's defaults)
#   SSHG_PARSER=        sshguard's parser (default: found with dpkg -L sshguard)
#   KEEP=0              1: keep the temporary directory (configs, logs, the daemon's output)
#   BASELINE_JAR=       an older warden.jar run as a third follower of the same logs in the same rounds
#                       (own state-dir and socket, the same launcher), reported in its own column
#
# Both followers run at once on the same logs, so a stall of the machine falls on both:
#   warden:   ./warden run -c two.yaml (the launcher, so its JVM options): jail sshd (filter sshd, 5 / 10m /
#             1h) on authlog and smtpd (filter opensmtpd, 11 / 1d / 5d) on maillog, the log action only,
#             as bench/footprint.sh configures it.
#   sshguard: tail -F -n 0 authlog maillog | sshg-parser >/dev/null: sshguard's parser fed from a pipe,
#             as sshguard's own pipeline feeds it (sshg-logtail is a tail). tail's CPU is reported apart.
# CPU is utime+stime of /proc/PID/stat from the replay's start to 3 s after its end; divided by the lines
# replay.py wrote (both logs) and scaled to a million lines. Build first: mvn -B -q -DskipTests package.
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_args daemon-cpu "ROUNDS RATE SECONDS_REPLAY SETTLE WARMUP WORK WARDEN_JAVA_OPTS SSHG_PARSER KEEP BASELINE_JAR" "$@"
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-2000}
SECONDS_REPLAY=${SECONDS_REPLAY:-60}
SETTLE=${SETTLE:-15}
WARMUP=${WARMUP:-20}
WORK=${WORK:-bench/out}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
warden=$root/warden
[[ -f $root/cli/target/warden.jar ]] || { echo "daemon-cpu: build first (mvn -B -q -DskipTests package)" >&2; exit 2; }
sshg=${SSHG_PARSER:-$(dpkg -L sshguard 2>/dev/null | grep '/sshg-parser$' || true)}
[[ -x $sshg ]] || { echo "daemon-cpu: sshg-parser not found (apt-get install sshguard, or set SSHG_PARSER)" >&2; exit 2; }
bench_lock daemon-cpu "$WORK"
hz=$(getconf CLK_TCK)
tmp=$(mktemp -d /tmp/wcpu.XXXXXX)
BASELINE_JAR=${BASELINE_JAR:-}
if [[ -n $BASELINE_JAR ]]; then
  # the baseline as a release layout (bin/warden, lib/warden/warden.jar): the same launcher and options
  mkdir -p "$tmp/base/bin" "$tmp/base/lib/warden"
  cp "$root/warden" "$tmp/base/bin/warden"
  cp "$BASELINE_JAR" "$tmp/base/lib/warden/warden.jar"
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [[ ${KEEP:-0} == 1 ]] || rm -rf "$tmp"; }
trap cleanup EXIT
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
results=$WORK/daemon-cpu-results.md
rows=()

for ((r = 1; r <= ROUNDS; r++)); do
  d=$tmp/r$r
  bench_two_jails "$d"
  "$warden" run -c "$d/two.yaml" >"$d/warden.out" 2>"$d/warden.err" &
  wpid=$!
  pids+=("$wpid")
  bpid=
  if [[ -n $BASELINE_JAR ]]; then
    # the baseline follows the same two logs in the same round, with its own state-dir and socket
    mkdir -p "$d/bstate"
    chmod 700 "$d/bstate"
    sed -e "s|^state-dir: .*|state-dir: $d/bstate|" -e "s|^socket: .*|socket: $d/bwarden.sock|" "$d/two.yaml" >"$d/base.yaml"
    "$tmp/base/bin/warden" run -c "$d/base.yaml" >"$d/base.out" 2>"$d/base.err" &
    bpid=$!
    pids+=("$bpid")
  fi
  tail -q -F -n 0 "$d/authlog" "$d/maillog" 2>/dev/null | "$sshg" >/dev/null &
  sleep 1
  spid=$(pgrep -n -f "^$sshg\$" || true)
  tpid=$(pgrep -n -f "^tail -q -F -n 0 $d/authlog" || true)
  [[ -n $spid && -n $tpid ]] || { echo "daemon-cpu: sshg-parser or tail did not start" >&2; exit 1; }
  pids+=("$spid" "$tpid")
  kill -0 "$wpid" 2>/dev/null || { echo "daemon-cpu: warden run stopped; see $d/warden.err (KEEP=1 keeps it)" >&2; cat "$d/warden.err" >&2; exit 1; }
  sleep "$SETTLE"
  if ((WARMUP > 0)); then
    python3 "$root/bench/replay.py" "$d/authlog" "$d/maillog" --rate "$RATE" --seconds "$WARMUP" \
      --seed $((r + 1000)) --stats "$d/warmup.json"
    sleep 2
  fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  w0=$(ticks "$wpid"); s0=$(ticks "$spid"); t0=$(ticks "$tpid"); b0=${bpid:+$(ticks "$bpid")}
  python3 "$root/bench/replay.py" "$d/authlog" "$d/maillog" --rate "$RATE" --seconds "$SECONDS_REPLAY" \
    --seed "$r" --stats "$d/replay.json"
  sleep 3
  w1=$(ticks "$wpid"); s1=$(ticks "$spid"); t1=$(ticks "$tpid"); b1=${bpid:+$(ticks "$bpid")}
  lines=$(python3 -c 'import json,sys; w=json.load(open(sys.argv[1])); print(w["authlog_lines"]+w["maillog_lines"])' "$d/replay.json")
  per() { awk -v a="$1" -v b="$2" -v hz="$hz" -v n="$lines" 'BEGIN { printf "%.2f", (b - a) / hz * 1e6 / n }'; }
  row="| $r | $load | $lines | $(per "$w0" "$w1") | $(per "$s0" "$s1") | $(per "$t0" "$t1") |"
  [[ -z $bpid ]] || row+=" $(per "$b0" "$b1") |"
  echo "$row" >&2
  rows+=("$row")
  kill "$wpid" "$tpid" "$spid" $bpid 2>/dev/null || true
  wait "$wpid" $bpid 2>/dev/null || true
done

{
  echo "# daemon-cpu results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); rate $RATE lines/s for $SECONDS_REPLAY s per round (bench/replay.py), after $SETTLE s idle and $WARMUP s of replay not counted"
  echo "- CPU seconds (user+sys) per million lines written, from the replay's start to 3 s after its end"
  echo
  if [[ -n $BASELINE_JAR ]]; then
    echo "| round | load (1 min) | lines | warden run | sshg-parser | tail feeding it | baseline ($BASELINE_JAR) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
  else
    echo "| round | load (1 min) | lines | warden run | sshg-parser | tail feeding it |"
    echo "|---:|---:|---:|---:|---:|---:|"
  fi
  printf '%s\n' "${rows[@]}"
} | tee "$results"
