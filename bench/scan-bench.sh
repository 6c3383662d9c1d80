#!/usr/bin/env bash
# Whole-process benchmark of `warden scan --dry-run` against the awk script it replaces, run by mawk
# and original-awk on the same generated maillog, side by side (docs/performance.md). Beside them the
# JVM's mark: bench/seed-only/SeedOnly.java, the seed's job alone in plain Java ("java seed-only").
#
# Usage:  bench/scan-bench.sh [NAME=value]...        (or the same names as environment variables)
#
#   LINES=10000000      lines of generated maillog (10M is about 1 GB)
#   RUNS=5              rounds; each round runs every program once, the order rotating per round
#   WORK=bench/out      scratch dir (logs, configs, outputs, results.md); relative to the repo root
#   WARDEN_JAR=cli/target/warden.jar                               relative to the repo root
#   WARDEN_JAVA_OPTS=   JVM options, as for ./warden: the options are those the wrapper passes
#   MEM_LINES="LINES/10 LINES"   file sizes for the "memory does not grow" check
#   MEM_RUNS=3          runs per size in that check (median reported)
#   AWK_ONLY=1          time only the awk anchors (when no jar is built yet)
#   BASELINE_JAR=       an older warden.jar (with the CDS archive its launcher writes beside it: run its
#                       ./warden --version once) timed in the same rounds as
#                       "baseline --no-state", to show that a change made nothing slower
#   JAVA=java           the java launcher
#   SEED_ONLY=1         time bench/seed-only/SeedOnly.java too (compiled with javac into WORK); 0: not
#
# Needs ../shared/bench/gen_logs.py beside the checkout, python3, mawk, original-awk and GNU time
# (/usr/bin/time); the last three are installed with apt-get when missing and running as root.
# Machines are shared and noisy: the programs alternate inside each round, the page cache is warmed
# first, and the table reports medians, min and max, and ratios to mawk's median.
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_args scan-bench "LINES RUNS WORK WARDEN_JAR WARDEN_JAVA_OPTS MEM_LINES MEM_RUNS AWK_ONLY JAVA BASELINE_JAR SEED_ONLY" "$@"
LINES=${LINES:-10000000}
RUNS=${RUNS:-5}
WORK=${WORK:-bench/out}
WARDEN_JAR=${WARDEN_JAR:-cli/target/warden.jar}
MEM_LINES=${MEM_LINES:-"$((LINES / 10)) $LINES"}
MEM_RUNS=${MEM_RUNS:-3}
AWK_ONLY=${AWK_ONLY:-0}
JAVA=${JAVA:-java}
BASELINE_JAR=${BASELINE_JAR:-}
SEED_ONLY=${SEED_ONLY:-1}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
case $WARDEN_JAR in /*) ;; *) WARDEN_JAR=$root/$WARDEN_JAR ;; esac
[[ $LINES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ && $MEM_RUNS =~ ^[0-9]+$ ]] \
  || { echo "scan-bench: LINES, RUNS and MEM_RUNS must be positive integers" >&2; exit 2; }

gen=$root/../shared/bench/gen_logs.py
if [[ ! -f $gen ]]; then
  echo "scan-bench: $gen not found: this benchmark needs the shared material (../shared beside the" \
       "checkout) for its log generator" >&2
  exit 2
fi
if [[ $AWK_ONLY != 1 && ! -f $WARDEN_JAR ]]; then
  echo "scan-bench: $WARDEN_JAR not found; build it (mvn -B -q -DskipTests package)," \
       "or set AWK_ONLY=1 to time the awk anchors alone" >&2
  exit 2
fi

bench_lock scan-bench "$WORK"

# The JVM options: exactly those the ./warden wrapper passes (its defaults, or WARDEN_JAVA_OPTS, and
# the class-data-sharing archive built beside the jar), asked from the wrapper itself by running it
# with a JAVA that prints its arguments, so that the benchmark and the wrapper never drift apart. Asked
# for `scan`: the wrapper's options differ per command (asking for --version gave C1-only options).
jopts=()
if [[ $AWK_ONLY != 1 ]]; then
  probe=$WORK/java-argv-probe
  printf '#!/bin/sh\nprintf "%%s\\n" "$@"\n' >"$probe"
  chmod +x "$probe"
  if argv=$(JAVA=$probe "$root/warden" scan 2>/dev/null) && grep -qx -- -jar <<<"$argv"; then
    while IFS= read -r a; do
      [[ $a == -jar ]] && break
      jopts+=("$a")
    done <<<"$argv"
  else
    read -r -a jopts <<<"${WARDEN_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m}"
    echo "scan-bench: could not ask $root/warden for its JVM options; using: ${jopts[*]}" >&2
  fi
fi
WARDEN_JAVA_OPTS=${jopts[*]}

# --- tools ----------------------------------------------------------------------------------------
need=()
command -v python3 >/dev/null || need+=(python3)
command -v mawk >/dev/null || need+=(mawk)
command -v original-awk >/dev/null || need+=(original-awk)
[[ -x /usr/bin/time ]] || need+=(time)
bench_install scan-bench "${need[@]}"

# --- the seed script, exactly as in cron ----------------------------------------------------------
seed_awk='
  / smtp connected / { ips[$6]=substr($9, 9) }
  / smtp authentication / && /result=permfail/ { seen[ips[$6]]++ }
  END { for (ip in seen) if (seen[ip] > tries) print ip }'

# --- logs -----------------------------------------------------------------------------------------
# $WORK/maillog-N/{maillog,manifest.json,...}; kept when the manifest says it was made with the same
# options and the file still has the manifest's SHA-256 (an interrupted run leaves a mismatch).
ensure_log() {   # ensure_log N: $WORK/maillog-N/maillog (bench/lib.sh)
  bench_ensure_log scan-bench "$gen" maillog "$1" "$WORK/maillog-$1"
}

# The instant one minute after the log's last line (syslog times carry no year: take it from the
# generator's start and span; the default log starts 2024-12-31T06:00:00Z and crosses New Year).
now_after_log() {
  python3 - "$1" <<'EOF'
import datetime as dt, json, sys
m = json.load(open(sys.argv[1]))
start = dt.datetime.fromtimestamp(m["options"]["start_epoch"], dt.timezone.utc)
approx = start + dt.timedelta(seconds=m["maillog"]["seconds_spanned"])
last = dt.datetime.strptime("%d %s" % (approx.year, m["maillog"]["last_timestamp"]), "%Y %b %d %H:%M:%S")
last = last.replace(tzinfo=dt.timezone.utc)
if last - approx > dt.timedelta(days=180):     # stamp from the year before (span ends just after New Year)
    last = last.replace(year=last.year - 1)
print((last + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))
EOF
}

# A Warden config equivalent to the seed script. find_time/ban_time: see docs/performance.md.
# With a fifth argument STATE_DIR: that state directory and the log action (a live stateful scan that
# runs no pfctl), for the "scan with state from an empty state-dir" measurement.
write_config() {
  local file=$1 log=$2 find_time=$3 ban_time=$4 state_dir=${5:-} days
  days=$(python3 -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["maillog"]["seconds_spanned"] / 86400))' \
    "$(dirname "$log")/manifest.json")
  cat >"$file" <<EOF
# Written by bench/scan-bench.sh: the seed awk script as a Warden jail; here find-time $find_time,
# ban-time $ban_time. For the timing both are 52w, not the seed's 1d/5d: this generated log spans
# $days days of log time while awk counts over the whole file, so only a window longer than the log
# bans the same set as awk (and no ban expires before --now).
jails:
  smtpd-auth:
    logs: ["$log"]
    filter: opensmtpd
    max-retry: 11
    find-time: $find_time
    ban-time: $ban_time
    timezone: UTC
EOF
  if [[ -n $state_dir ]]; then
    printf '    actions: [log]\nstate-dir: "%s"\n' "$state_dir" >>"$file"
  else
    printf '    actions:\n      - type: pf\n        table: bot\n' >>"$file"
  fi
}

sizes=$(printf '%s\n' "$LINES" $MEM_LINES | sort -un)
[[ $AWK_ONLY == 1 || $MEM_RUNS == 0 ]] && sizes=$LINES
for n in $sizes; do ensure_log "$n"; done

log=$WORK/maillog-$LINES/maillog
now=$(now_after_log "$WORK/maillog-$LINES/manifest.json")
cfg=$WORK/bench-$LINES.yaml
write_config "$cfg" "$log" 52w 52w
run=$WORK/run
mkdir -p "$run"
cfg_state=$WORK/bench-$LINES-state.yaml
write_config "$cfg_state" "$log" 52w 52w "$run/state"

# --- measuring ------------------------------------------------------------------------------------
results=$WORK/times.tsv        # program, wall s, peak RSS KB, CPU s
: >"$results"

# measure LABEL OUT ERR TABLE CMD...: run CMD under GNU time (stdout OUT, stderr ERR), fail on a
# non-zero exit, append "LABEL<TAB>wall s<TAB>peak RSS KB<TAB>CPU s (user+sys)" to TABLE.
measure() {
  local label=$1 out=$2 err=$3 table=$4
  shift 4
  bench_time scan-bench "$label" /dev/null "$out" "$err" "$@"
  echo >&2
  printf '%s\t%s\t%s\t%s\n' "$label" "$last_wall" "$last_rss" "$last_cpu" >>"$table"
}

warden_cmd=("$JAVA" "${jopts[@]}" -jar "$WARDEN_JAR")
# The baseline: the same options, but its own class-data-sharing archive (one is valid for one jar only).
# Its launcher writes warden-N.jsa beside the jar at its first start (older launchers: warden.jsa): the newest
# non-empty one that is not older than the jar. Without one the baseline would run without class-data
# sharing and pay about 0.8 s more CPU than the build it is compared with.
baseline_cmd=()
if [[ -n $BASELINE_JAR ]]; then
  baseline_jsa=${BASELINE_JAR%.jar}.jsa
  for f in $(ls -t "$(dirname "$BASELINE_JAR")"/warden-*.jsa 2>/dev/null); do
    if [[ -s $f && ! $f -ot $BASELINE_JAR ]]; then baseline_jsa=$f; break; fi
  done
  [[ -s $baseline_jsa ]] || echo "scan-bench: warning: no class-data-sharing archive for $BASELINE_JAR (run its launcher once):" \
    "the baseline runs without one" >&2
  for a in "${jopts[@]}"; do
    case $a in -XX:SharedArchiveFile=*) baseline_cmd+=("-XX:SharedArchiveFile=$baseline_jsa") ;; *) baseline_cmd+=("$a") ;; esac
  done
  baseline_cmd=("$JAVA" "${baseline_cmd[@]}" -jar "$BASELINE_JAR")
fi

# The JVM's mark: the seed's job alone, compiled from bench/seed-only with the JDK's javac beside $JAVA
# (or on PATH), run with the serial collector and nothing else.
seed_cmd=()
if [[ $SEED_ONLY == 1 ]]; then
  javac=$(dirname "$(command -v "$JAVA")")/javac
  [[ -x $javac ]] || javac=$(command -v javac || true)
  if [[ -n $javac ]]; then
    mkdir -p "$WORK/seed-only"
    "$javac" -d "$WORK/seed-only" "$root/bench/seed-only/SeedOnly.java"
    seed_cmd=("$JAVA" -XX:+UseSerialGC -cp "$WORK/seed-only" SeedOnly)
  else
    echo "scan-bench: no javac found: java seed-only is not timed" >&2
  fi
fi

# Ground truth: the generator's own evaluation of the seed script (what awk must print).
truth=$run/expected.txt
sed 's/^IPv6://' "$WORK/maillog-$LINES/maillog.bans" | LC_ALL=C sort -u >"$truth"

check_awk() {   # awk output in hash order vs the generator's maillog.bans
  if ! LC_ALL=C sort "$1" | diff -q - "$WORK/maillog-$LINES/maillog.bans" >/dev/null; then
    echo "scan-bench: $2 does not print the generator's maillog.bans:" >&2
    LC_ALL=C sort "$1" | diff - "$WORK/maillog-$LINES/maillog.bans" | head -n 40 >&2
    exit 1
  fi
}
check_warden() {   # 2nd column of warden's stdout vs awk's output without the IPv6: prefix
  local got=$run/warden.set
  cut -f2 "$1" | LC_ALL=C sort -u >"$got"
  if ! diff -q "$got" "$run/awk.set" >/dev/null; then
    echo "scan-bench: warden's bans differ from awk's ('<' warden only, '>' awk only):" >&2
    diff "$got" "$run/awk.set" | head -n 60 >&2
    echo "  ($(wc -l <"$got") vs $(wc -l <"$run/awk.set") addresses; full output: $1)" >&2
    exit 1
  fi
}

run_program() {   # run_program NAME: one timed run, checked
  case $1 in
    mawk|original-awk)
      measure "$1" "$run/$1.out" "$run/$1.err" "$results" "$1" -v tries=10 "$seed_awk" "$log"
      check_awk "$run/$1.out" "$1"
      sed 's/^IPv6://' "$run/$1.out" | LC_ALL=C sort -u >"$run/awk.set"
      ;;
    seed-only)
      measure "java seed-only" "$run/seed-only.out" "$run/seed-only.err" "$results" "${seed_cmd[@]}" "$log"
      check_awk "$run/seed-only.out" "java seed-only"
      ;;
    warden)
      measure "warden --no-state" "$run/warden.out" "$run/warden.err" "$results" \
        "${warden_cmd[@]}" scan -c "$cfg" --no-state --dry-run --now "$now"
      check_warden "$run/warden.out"
      ;;
    warden-state)   # the way cron runs it: with state, here from an empty state directory, saved
      rm -rf "$run/state"
      measure "warden (state)" "$run/warden-state.out" "$run/warden-state.err" "$results" \
        "${warden_cmd[@]}" scan -c "$cfg_state" --now "$now"
      check_warden "$run/warden-state.out"
      ;;
    baseline)
      measure "baseline --no-state" "$run/baseline.out" "$run/baseline.err" "$results" \
        "${baseline_cmd[@]}" scan -c "$cfg" --no-state --dry-run --now "$now"
      check_warden "$run/baseline.out"
      ;;
    warden-version)
      measure "warden --version" "$run/version.out" "$run/version.err" "$results" "${warden_cmd[@]}" --version
      ;;
  esac
}

programs=(mawk original-awk)
((${#seed_cmd[@]} == 0)) || programs+=(seed-only)
[[ $AWK_ONLY == 1 ]] || programs+=(warden warden-state)
[[ $AWK_ONLY == 1 || -z $BASELINE_JAR ]] || programs+=(baseline)
cut -d' ' -f1-3 /proc/loadavg >"$run/load-before"
echo "scan-bench: $log ($(stat -c %s "$log" | awk '{ printf "%.2f GB", $1 / 1e9 }'), $LINES lines), --now $now, $RUNS rounds" >&2
[[ $AWK_ONLY == 1 ]] || echo "scan-bench: java ${WARDEN_JAVA_OPTS} -jar $WARDEN_JAR" >&2

echo "scan-bench: warming the page cache" >&2
cat "$log" >/dev/null
cat "$log" >/dev/null
# awk.set, warden's reference: the generator's truth until the first awk run (checked to be equal to
# it) replaces it; the rotation makes warden run first in some rounds.
cp "$truth" "$run/awk.set"

np=${#programs[@]}
for ((r = 0; r < RUNS; r++)); do
  echo "round $((r + 1))/$RUNS" >&2
  for ((k = 0; k < np; k++)); do
    run_program "${programs[$(((r + k) % np))]}"
  done
  [[ $AWK_ONLY == 1 ]] || run_program warden-version
done

# --- memory does not grow with the file's length --------------------------------------------------
memory=$WORK/memory.tsv       # "lines config", wall s, peak RSS KB, CPU s
: >"$memory"
if [[ $AWK_ONLY != 1 ]] && ((MEM_RUNS > 0)); then
  echo "memory check: warden on $(echo $MEM_LINES | tr ' ' '/') lines, $MEM_RUNS run(s) each" >&2
  for n in $MEM_LINES; do
    mlog=$WORK/maillog-$n/maillog
    mnow=$(now_after_log "$WORK/maillog-$n/manifest.json")
    write_config "$WORK/mem-$n-52w.yaml" "$mlog" 52w 52w
    write_config "$WORK/mem-$n-1d.yaml" "$mlog" 1d 5d
    cat "$mlog" >/dev/null
    for ((r = 0; r < MEM_RUNS; r++)); do
      for c in 52w 1d; do
        measure "$n $c" "$run/mem.out" "$run/mem.err" "$memory" \
          "${warden_cmd[@]}" scan -c "$WORK/mem-$n-$c.yaml" --no-state --dry-run --now "$mnow"
      done
    done
  done
fi

# --- report ---------------------------------------------------------------------------------------
grep -m1 'lines,' "$run/warden.err" >"$run/warden-summary.txt" 2>/dev/null || true
PYTHONPATH=$root/bench python3 - "$results" "$memory" "$WORK/results.md" "$LINES" "$(stat -c %s "$log")" "$RUNS" \
  "$WARDEN_JAVA_OPTS" "$now" "$run/warden-summary.txt" "$MEM_RUNS" "$run/load-before" <<'EOF'
import os, statistics, sys
from report import md_table, sh, text_table
(times_f, mem_f, md_f, lines, size, runs, jopts, now, summary_f, mem_runs, load_f) = sys.argv[1:]

def load(path):
    rows = {}
    for line in open(path):
        label, wall, rss, cpu = line.rstrip("\n").split("\t")
        rows.setdefault(label, []).append((float(wall), int(rss), float(cpu)))
    return rows

times, mem = load(times_f), load(mem_f)
base = statistics.median(w for w, _, _ in times["mawk"])
base_cpu = statistics.median(c for _, _, c in times["mawk"])
hdr = ["program", "runs", "median wall s", "min s", "max s", "median peak RSS MB", "ratio to mawk",
       "median CPU s", "CPU ratio to mawk"]
rows = []
for label, v in times.items():
    walls = [w for w, _, _ in v]
    med = statistics.median(walls)
    cpu = statistics.median(c for _, _, c in v)
    rows.append([label, str(len(v)), "%.2f" % med, "%.2f" % min(walls), "%.2f" % max(walls),
                 "%.1f" % (statistics.median(r for _, r, _ in v) / 1024), "%.3f" % (med / base),
                 "%.2f" % cpu, "%.3f" % (cpu / base_cpu)])

mhdr = ["warden on", "find-time / ban-time", "runs", "median wall s", "median peak RSS MB", "max peak RSS MB"]
mrows = []
for label, v in mem.items():
    n, c = label.split()
    mrows.append(["%s lines" % format(int(n), ","), "52w / 52w (timing config)" if c == "52w" else "1d / 5d (seed-equivalent)",
                  str(len(v)), "%.2f" % statistics.median(w for w, _, _ in v),
                  "%.1f" % (statistics.median(r for _, r, _ in v) / 1024), "%.1f" % (max(r for _, r, _ in v) / 1024)])
mrows.sort(key=lambda r: (not r[1].startswith("52w"), int(r[0].split()[0].replace(",", ""))))

print()
print(text_table(hdr, rows))
if mrows:
    print()
    print(text_table(mhdr, mrows))

cpu_model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
memtotal = sh("awk '/MemTotal/ { printf \"%.1f GiB\", $2 / 1048576 }' /proc/meminfo")
summary = open(summary_f).read().strip() if os.path.exists(summary_f) else ""
with open(md_f, "w") as f:
    f.write("# scan-bench results\n\n")
    f.write("- date: %s\n" % sh("date -u +%Y-%m-%dT%H:%M:%SZ"))
    f.write("- maillog: %s lines, %s bytes (%.2f GB), `gen_logs.py --seed 1`; page cache warm\n" % (format(int(lines), ","), format(int(size), ","), int(size) / 1e9))
    f.write("- rounds: %s, programs alternating (order rotated each round); wall time, peak RSS and CPU time (user+sys) from GNU time\n" % runs)
    f.write("- machine: %s cores, %s, %s RAM; load average (1/5/15 min) at the start %s, at the end %s\n"
            % (sh("nproc"), cpu_model, memtotal, open(load_f).read().strip(), sh("cut -d' ' -f1-3 /proc/loadavg")))
    f.write("- java: %s\n" % sh("java -version 2>&1 | sed -n 2p"))
    f.write("- warden JVM options: `%s`; `warden --no-state`: `scan --no-state --dry-run --now %s`;"
            " `warden (state)`: `scan --now %s` with the `log` action and an empty state directory each run"
            " (the state is saved; the scan journals its bans); `baseline`: BASELINE_JAR, as `warden --no-state`\n"
            % (jopts, now, now))
    f.write("- mawk: %s; original-awk: %s\n" % (sh("mawk -W version 2>&1 | head -n1"), sh("original-awk -version 2>&1 | head -n1")))
    if summary:
        f.write("- warden's own summary (last timed run): `%s`\n" % summary)
    f.write("\n" + md_table(hdr, rows) + "\n")
    if mrows:
        f.write("\nMemory against the file's length (%s run(s) per row):\n\n" % mem_runs + md_table(mhdr, mrows) + "\n")
print("\nwritten: %s" % md_f)
EOF
