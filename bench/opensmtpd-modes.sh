#!/usr/bin/env bash
# Whole-process benchmark of the opensmtpd filter's modes: `./warden test-filter opensmtpd LOG --set
# mode=M` for M = auth, scanner, aggressive, side by side on the same generated maillog
# (docs/performance.md, section "OpenSMTPD modes"). Target: aggressive within 20 % of auth.
#
# Usage:  bench/opensmtpd-modes.sh [NAME=value]...        (or the same names as environment variables)
#
#   LINES=10000000      lines of generated maillog (10M is about 1.26 GB); not used with LOG
#   LOG=                read this maillog instead of generating one (read only), e.g.
#                       ../main/bench/out/maillog-10000000/maillog
#   RUNS=5              rounds; each round runs every mode once, the order rotating per round
#   WORK=bench/out      scratch dir (logs, outputs, opensmtpd-modes.md); relative to the repo root
#   MAX_LOAD=1          before each round, wait until the 1-minute load average is below this (0: never wait)
#   WAIT=900            ...but at most this many seconds per round; then run anyway and say so
#   WARDEN_JAVA_OPTS=   JVM options, passed on to the ./warden wrapper (empty: the wrapper's defaults)
#   JAVA=java           the java launcher (passed on to ./warden)
#
# Warden runs through the ./warden wrapper (its JVM options and the CDS archive beside the jar), so
# build first: mvn -B -q -DskipTests package. Generating a log needs ../shared/bench/gen_logs.py beside
# the checkout and python3; timing needs GNU time. Every run must report the same failures per mode as
# the first run of that mode, or the script stops. The exit status is 0 whether or not the target is met.
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_args opensmtpd-modes "LINES LOG RUNS WORK MAX_LOAD WAIT WARDEN_JAVA_OPTS JAVA" "$@"
LINES=${LINES:-10000000}
RUNS=${RUNS:-5}
WORK=${WORK:-bench/out}
MAX_LOAD=${MAX_LOAD:-1}
WAIT=${WAIT:-900}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
[[ $LINES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ && $WAIT =~ ^[0-9]+$ && $MAX_LOAD =~ ^[0-9.]+$ ]] \
  || { echo "opensmtpd-modes: LINES and RUNS must be positive integers, WAIT an integer, MAX_LOAD a number" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "opensmtpd-modes: GNU time (/usr/bin/time) is missing" >&2; exit 2; }
warden=$root/warden
[[ -f $root/cli/target/warden.jar ]] \
  || { echo "opensmtpd-modes: cli/target/warden.jar not found; build it (mvn -B -q -DskipTests package)" >&2; exit 2; }

bench_lock opensmtpd-modes "$WORK"
run=$WORK/opensmtpd-modes-run
mkdir -p "$run"

if [[ -n ${LOG:-} ]]; then
  case $LOG in /*) ;; *) LOG=$root/$LOG ;; esac
  [[ -r $LOG ]] || { echo "opensmtpd-modes: $LOG is not readable" >&2; exit 2; }
  log=$LOG
else
  gen=$root/../shared/bench/gen_logs.py
  [[ -f $gen ]] || { echo "opensmtpd-modes: $gen not found; set LOG to an existing maillog" >&2; exit 2; }
  bench_ensure_log opensmtpd-modes "$gen" maillog "$LINES" "$WORK/maillog-$LINES"
  log=$WORK/maillog-$LINES/maillog
fi

jcmd="$(bench_launcher_argv test-filter) -jar cli/target/warden.jar"

load1() { cut -d' ' -f1 /proc/loadavg; }
quiet() {   # quiet: wait for the 1-minute load average to fall below MAX_LOAD; prints the load it ran at
  local waited=0
  if [[ $MAX_LOAD != 0 ]]; then
    while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l >= m) }' && ((waited < WAIT)); do
      sleep 10
      waited=$((waited + 10))
    done
  fi
  echo "$(load1)"
}

results=$run/times.tsv   # mode, wall s, peak RSS KB, CPU s, failures, load at round start
: >"$results"
modes=(auth scanner aggressive)
declare -A failures=()
echo "opensmtpd-modes: $log ($(stat -c %s "$log" | awk '{ printf "%.2f GB", $1 / 1e9 }')), $RUNS rounds" >&2
echo "opensmtpd-modes: warden = $jcmd" >&2
echo "opensmtpd-modes: warming the page cache" >&2
cat "$log" >/dev/null
cat "$log" >/dev/null
for ((r = 0; r < RUNS; r++)); do
  load=$(quiet)
  echo "round $((r + 1))/$RUNS (load $load)" >&2
  for ((k = 0; k < ${#modes[@]}; k++)); do
    m=${modes[$(((r + k) % ${#modes[@]}))]}
    bench_time opensmtpd-modes "mode $m" /dev/null "$run/$m.out" "$run/$m.err" \
      "$warden" test-filter opensmtpd "$log" --set "mode=$m"
    n=$(awk '/^Failures:/ { print $2 }' "$run/$m.out")
    [[ -n $n ]] || { echo; echo "opensmtpd-modes: no 'Failures:' in $run/$m.out" >&2; exit 1; }
    if [[ -n ${failures[$m]:-} && ${failures[$m]} != "$n" ]]; then
      echo; echo "opensmtpd-modes: mode $m reported $n failures, an earlier run ${failures[$m]}" >&2
      exit 1
    fi
    failures[$m]=$n
    cp "$run/$m.out" "$run/$m.summary"
    printf '   %s failures\n' "$n" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$last_wall" "$last_rss" "$last_cpu" "$n" "$load" >>"$results"
  done
  bench_time opensmtpd-modes "--version" /dev/null "$run/version.out" "$run/version.err" "$warden" --version
  echo >&2
  printf '%s\t%s\t%s\t%s\t\t%s\n' "--version" "$last_wall" "$last_rss" "$last_cpu" "$load" >>"$results"
done

PYTHONPATH=$root/bench python3 - "$results" "$WORK/opensmtpd-modes.md" "$log" "$jcmd" "$run" <<'EOF'
import statistics, sys
from report import sh
times_f, md_f, log, jcmd, run = sys.argv[1:]
rows_by, loads = {}, []
for line in open(times_f):
    mode, wall, rss, cpu, n, load = line.rstrip("\n").split("\t")
    rows_by.setdefault(mode, []).append((float(wall), int(rss), float(cpu), n))
    loads.append(float(load))
med = {k: statistics.median(w for w, _, _, _ in v) for k, v in rows_by.items()}
cpu = {k: statistics.median(c for _, _, c, _ in v) for k, v in rows_by.items()}
auth, auth_cpu = med["auth"], cpu["auth"]
hdr = ["mode", "runs", "median wall s", "min s", "max s", "median CPU s", "median peak RSS MB",
       "wall / auth", "CPU / auth", "failures"]
rows = []
for k, v in rows_by.items():
    walls = [w for w, _, _, _ in v]
    rows.append([k, str(len(v)), "%.2f" % med[k], "%.2f" % min(walls), "%.2f" % max(walls), "%.2f" % cpu[k],
                 "%.1f" % (statistics.median(r for _, r, _, _ in v) / 1024), "%.3f" % (med[k] / auth),
                 "%.3f" % (cpu[k] / auth_cpu), format(int(v[0][3]), ",") if v[0][3] else ""])
ratio = med["aggressive"] / auth
verdict = "met" if ratio <= 1.2 else "NOT met"
table = "\n".join(["| " + " | ".join(hdr) + " |", "|---|" + "---:|" * (len(hdr) - 2) + "---:|"]
                  + ["| " + " | ".join(r) + " |" for r in rows])
with open(md_f, "w") as f:
    f.write("# opensmtpd-modes results\n\n")
    f.write("- date: %s\n- log: %s (%s lines)\n" % (sh("date -u +%Y-%m-%dT%H:%M:%SZ"), log, sh("wc -l <'%s'" % log)))
    f.write("- command: `./warden test-filter opensmtpd LOG --set mode=M`, i.e. `java %s test-filter ...`\n" % jcmd)
    f.write("- rounds: %d, modes alternating; load average at the start of the rounds: %s\n"
            % (len(rows_by["auth"]), ", ".join("%.2f" % l for l in loads[::4])))
    f.write("- machine: %s cores, %s\n\n" % (sh("nproc"), sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-")))
    f.write(table + "\n\n")
    f.write("target: aggressive median wall within 20 %% of auth: %.2f s / %.2f s = %.3f, %s\n" % (med["aggressive"], auth, ratio, verdict))
    for m in ("auth", "scanner", "aggressive"):
        f.write("\n%s summary:\n\n```\n%s\n```\n" % (m, open(run + "/" + m + ".summary").read().strip()))
print()
print(table)
print("\ntarget: aggressive within 20 %% of auth: %.3f (%s)" % (ratio, verdict))
print("written: " + md_f)
EOF
