#!/usr/bin/env bash
# Whole-process benchmark of `warden test-filter sshd` against sshguard's parser (sshg-parser) and
# fail2ban-regex with its stock sshd filter, side by side on the same generated authlog
# (docs/performance.md, section "sshd filter against sshguard and fail2ban-regex").
#
# Usage:  bench/sshd-bench.sh [NAME=value]...        (or the same names as environment variables)
#
#   LINES=1000000       lines of generated authlog (1M is about 111 MB)
#   RUNS=5              rounds; each round runs every program once, the order rotating per round
#   FAIL2BAN_RUNS=3     rounds that also run fail2ban-regex (the first ones; it takes ~1 min per 1M lines)
#   WORK=bench/out      scratch dir (logs, outputs, sshd-results.md); relative to the repo root
#   WARDEN_JAVA_OPTS=   JVM options, passed on to the ./warden wrapper (empty: the wrapper's defaults)
#   SSHG_PARSER=        sshguard's parser binary (default: found with dpkg -L sshguard or in libexec)
#   F2B_FILTER=/etc/fail2ban/filter.d/sshd.conf     the filter fail2ban-regex runs
#   AGGRESSIVE=1        also time `--set mode=aggressive` (0: leave that row out)
#   JAVA=java           the java launcher (passed on to ./warden)
#
# Warden runs through the ./warden wrapper (its JVM options and the CDS archive beside the jar), so
# build first: mvn -B -q -DskipTests install. Needs ../shared/bench/gen_logs.py beside the checkout,
# python3 and GNU time; sshguard and fail2ban are installed with apt-get when missing and running as
# root, with a policy-rc.d that keeps their services from starting (and they are disabled after).
# Machines are shared and noisy: the programs alternate inside each round, the page cache is warmed
# first, and the table reports medians, min and max, ratios to sshguard's median and fail2ban's
# speed-ups. The exit status is 0 whether or not the targets are met (they are printed).
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_args sshd-bench "LINES RUNS FAIL2BAN_RUNS WORK WARDEN_JAVA_OPTS SSHG_PARSER F2B_FILTER AGGRESSIVE JAVA" "$@"
LINES=${LINES:-1000000}
RUNS=${RUNS:-5}
FAIL2BAN_RUNS=${FAIL2BAN_RUNS:-3}
WORK=${WORK:-bench/out}
F2B_FILTER=${F2B_FILTER:-/etc/fail2ban/filter.d/sshd.conf}
AGGRESSIVE=${AGGRESSIVE:-1}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
[[ $LINES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ && $FAIL2BAN_RUNS =~ ^[0-9]+$ ]] \
  || { echo "sshd-bench: LINES and RUNS must be positive integers, FAIL2BAN_RUNS an integer" >&2; exit 2; }
((FAIL2BAN_RUNS <= RUNS)) || FAIL2BAN_RUNS=$RUNS

gen=$root/../shared/bench/gen_logs.py
if [[ ! -f $gen ]]; then
  echo "sshd-bench: $gen not found: this benchmark needs the shared material (../shared beside the" \
       "checkout) for its log generator" >&2
  exit 2
fi
warden=$root/warden
if [[ ! -f $root/cli/target/warden.jar ]]; then
  echo "sshd-bench: $root/cli/target/warden.jar not found; build it (mvn -B -q -DskipTests install)" >&2
  exit 2
fi

bench_lock sshd-bench "$WORK"
run=$WORK/sshd-run
mkdir -p "$run"

# --- tools ----------------------------------------------------------------------------------------
find_sshg_parser() {
  local p
  for p in "${SSHG_PARSER:-}" $(dpkg -L sshguard 2>/dev/null | grep '/sshg-parser$' || true) \
           /usr/libexec/sshguard/sshg-parser /usr/lib/sshguard/sshg-parser \
           /usr/local/libexec/sshguard/sshg-parser /usr/local/libexec/sshg-parser; do
    [[ -n $p && -x $p ]] && { echo "$p"; return 0; }
  done
  return 1
}

need=()
command -v python3 >/dev/null || need+=(python3)
[[ -x /usr/bin/time ]] || need+=(time)
find_sshg_parser >/dev/null || need+=(sshguard)
command -v fail2ban-regex >/dev/null || need+=(fail2ban)
bench_install sshd-bench "${need[@]}"
sshg_parser=$(find_sshg_parser) || { echo "sshd-bench: sshguard's sshg-parser not found (set SSHG_PARSER)" >&2; exit 2; }
[[ -f $F2B_FILTER ]] || { echo "sshd-bench: fail2ban filter $F2B_FILTER not found (set F2B_FILTER)" >&2; exit 2; }
for svc in sshguard fail2ban-server; do
  if pgrep -x "$svc" >/dev/null; then
    echo "sshd-bench: warning: a $svc process is running; it competes for the CPU (not stopped by this script)" >&2
  fi
done

# The JVM command line the wrapper runs, for the report: asked from the wrapper itself by running it
# with a JAVA that prints its arguments.
jcmd="$(bench_launcher_argv test-filter) -jar cli/target/warden.jar"

# --- log ------------------------------------------------------------------------------------------
# $WORK/authlog-N/{authlog,authlog.truth.tsv,manifest.json}; kept when the manifest says it was made
# with the same options and the file still has the manifest's SHA-256 (an interrupted run leaves a
# mismatch).
dir=$WORK/authlog-$LINES
log=$dir/authlog
bench_ensure_log sshd-bench "$gen" authlog "$LINES" "$dir"

# --- measuring ------------------------------------------------------------------------------------
results=$run/times.tsv        # program, wall s, peak RSS KB, CPU s, reported count
: >"$results"

# measure LABEL IN OUT ERR CMD...: run CMD under GNU time (stdin IN, stdout OUT, stderr ERR), fail
# on a non-zero exit, print the figures; leaves "wall rss cpu" in $last.
measure() {
  local label=$1
  shift
  bench_time sshd-bench "$label" "$@"
  last="$last_wall	$last_rss	$last_cpu"
}
record() {   # record LABEL COUNT: append the last measurement and what the program reported
  printf '%s\t%s\t%s\n' "$1" "$last" "$2" >>"$results"
  printf '   %s\n' "${2:+reported $2}" >&2
}

# What each program reports, so that readers see the programs did comparable work (they disagree by
# design on what counts, see docs/sshd.md; nothing here is checked against the others):
#   sshguard: one line per attack on stdout
#   fail2ban-regex: "Lines: N lines, I ignored, M matched, X missed": M lines gave a failure
#     (its NOFAIL helper patterns, e.g. "Connection closed", count as "ignored")
#   warden: "Failures: N" of its summary
run_program() {   # run_program NAME: one timed run
  local n
  case $1 in
    sshguard)
      measure sshguard "$log" "$run/sshguard.out" "$run/sshguard.err" "$sshg_parser"
      record sshguard "$(wc -l <"$run/sshguard.out")"
      ;;
    fail2ban)
      measure fail2ban-regex /dev/null "$run/fail2ban.out" "$run/fail2ban.err" \
        fail2ban-regex "$log" "$F2B_FILTER"
      n=$(sed -n 's/^Lines: .* \([0-9]*\) matched,.*/\1/p' "$run/fail2ban.out")
      [[ -n $n ]] || { echo; echo "sshd-bench: no 'Lines: ... matched' in fail2ban-regex's output ($run/fail2ban.out)" >&2; exit 1; }
      record fail2ban-regex "$n"
      ;;
    warden)
      measure "warden sshd" /dev/null "$run/warden.out" "$run/warden.err" "$warden" test-filter sshd "$log"
      n=$(awk '/^Failures:/ { print $2 }' "$run/warden.out")
      [[ -n $n ]] || { echo; echo "sshd-bench: no 'Failures:' in warden's output ($run/warden.out)" >&2; exit 1; }
      record "warden sshd" "$n"
      ;;
    warden-aggressive)
      measure "warden sshd aggressive" /dev/null "$run/warden-aggressive.out" "$run/warden-aggressive.err" \
        "$warden" test-filter sshd "$log" --set mode=aggressive
      n=$(awk '/^Failures:/ { print $2 }' "$run/warden-aggressive.out")
      [[ -n $n ]] || { echo; echo "sshd-bench: no 'Failures:' in warden's output ($run/warden-aggressive.out)" >&2; exit 1; }
      record "warden sshd aggressive" "$n"
      ;;
    warden-version)
      measure "warden --version" /dev/null "$run/version.out" "$run/version.err" "$warden" --version
      record "warden --version" ""
      ;;
  esac
}

programs=(sshguard warden fail2ban)
[[ $AGGRESSIVE == 1 ]] && programs+=(warden-aggressive)
cut -d' ' -f1-3 /proc/loadavg >"$run/load-before"
echo "sshd-bench: $log ($(stat -c %s "$log" | awk '{ printf "%.1f MB", $1 / 1e6 }'), $LINES lines)," \
     "$RUNS rounds, fail2ban-regex in the first $FAIL2BAN_RUNS" >&2
echo "sshd-bench: warden = $jcmd" >&2
echo "sshd-bench: sshguard = $sshg_parser <authlog; fail2ban = fail2ban-regex authlog $F2B_FILTER" >&2

echo "sshd-bench: warming the page cache" >&2
cat "$log" >/dev/null
cat "$log" >/dev/null

np=${#programs[@]}
for ((r = 0; r < RUNS; r++)); do
  echo "round $((r + 1))/$RUNS" >&2
  for ((k = 0; k < np; k++)); do
    p=${programs[$(((r + k) % np))]}
    [[ $p == fail2ban ]] && ((r >= FAIL2BAN_RUNS)) && continue
    run_program "$p"
  done
  run_program warden-version
done

# --- report ---------------------------------------------------------------------------------------
PYTHONPATH=$root/bench python3 - "$results" "$WORK/sshd-results.md" "$LINES" "$(stat -c %s "$log")" "$RUNS" "$FAIL2BAN_RUNS" \
  "$jcmd" "$run/load-before" "$dir" "$sshg_parser" "$F2B_FILTER" <<'EOF'
import statistics, sys
from report import cpu_model, md_head, md_table, sh, text_table
(times_f, md_f, lines, size, runs, f2b_runs, jcmd, load_f, logdir, sshg, f2b_filter) = sys.argv[1:]

rows_by = {}
for line in open(times_f):
    label, wall, rss, cpu, count = line.rstrip("\n").split("\t")
    rows_by.setdefault(label, []).append((float(wall), int(rss), float(cpu), count))

med = {k: statistics.median(w for w, _, _, _ in v) for k, v in rows_by.items()}
sg, f2b = med.get("sshguard"), med.get("fail2ban-regex")
hdr = ["program", "runs", "median wall s", "min s", "max s", "median peak RSS MB", "median CPU s",
       "wall / sshguard", "fail2ban / wall", "reports"]
rows = []
for label, v in rows_by.items():
    walls = [w for w, _, _, _ in v]
    counts = sorted(set(c for _, _, _, c in v))
    what = {"sshguard": "attacks", "fail2ban-regex": "matched lines"}.get(label, "failures")
    rep = "" if counts == [""] else ("%s %s" % (format(int(counts[0]), ","), what) if len(counts) == 1
                                     else "varies: " + "/".join(counts))
    rows.append([label, str(len(v)), "%.2f" % med[label], "%.2f" % min(walls), "%.2f" % max(walls),
                 "%.1f" % (statistics.median(r for _, r, _, _ in v) / 1024),
                 "%.2f" % statistics.median(c for _, _, c, _ in v),
                 "%.3f" % (med[label] / sg) if sg else "-",
                 "%.1f" % (f2b / med[label]) if f2b else "-", rep])

verdicts = []
w = med.get("warden sshd")
if w and sg:
    verdicts.append(("warden sshd median < sshguard median", "%.2f s vs %.2f s (%.3f)" % (w, sg, w / sg),
                     "met" if w < sg else "NOT met"))
if w and f2b:
    verdicts.append(("fail2ban median / warden median >= 30", "%.2f s / %.2f s = %.1f" % (f2b, w, f2b / w),
                     "met" if f2b / w >= 30 else "NOT met"))

print()
print(text_table(hdr, rows, left=(0, len(hdr) - 1)))
print()
for t, m, v in verdicts:
    print("target: %-40s %-32s %s" % (t, m, v))

truth = {"failed_password": 0, "invalid_user": 0}
try:
    for i, l in enumerate(open(logdir + "/authlog.truth.tsv")):
        f = l.rstrip("\n").split("\t")
        if i:
            truth["failed_password"] += int(f[2]); truth["invalid_user"] += int(f[3])
except Exception:
    pass
session = sh("grep -c ' sshd-session\\[' '%s/authlog'" % logdir)

with open(md_f, "w") as f:
    f.write(md_head("sshd-bench results"))
    f.write("- authlog: %s lines, %s bytes, `gen_logs.py --maillog-lines 0 --seed 1`; %s `Failed password` "
            "and %s `Invalid user` lines by the generator's truth; %s lines from `sshd-session[pid]`; page cache warm\n"
            % (format(int(lines), ","), format(int(size), ","), format(truth["failed_password"], ","),
               format(truth["invalid_user"], ","), format(int(session), ",") if session.isdigit() else "?"))
    f.write("- rounds: %s (fail2ban-regex in the first %s), programs alternating (order rotated each round); "
            "wall time, peak RSS and CPU time (user+sys) from GNU time\n" % (runs, f2b_runs))
    f.write("- machine: %s cores, %s; load average (1/5/15 min) at the start %s, at the end %s\n"
            % (sh("nproc"), cpu_model(), open(load_f).read().strip(), sh("cut -d' ' -f1-3 /proc/loadavg")))
    f.write("- java: %s\n" % sh("java -version 2>&1 | sed -n 2p"))
    f.write("- warden: `./warden test-filter sshd authlog`, which runs `java %s test-filter sshd authlog`\n" % jcmd)
    f.write("- sshguard: `%s <authlog` (%s)\n" % (sshg, sh("dpkg-query -W -f '${Version}' sshguard")))
    f.write("- fail2ban: `fail2ban-regex authlog %s` (%s)\n" % (f2b_filter, sh("fail2ban-regex --version")))
    f.write("\n" + md_table(hdr, rows, left=(0, len(hdr) - 1)) + "\n")
    f.write("\n`wall / sshguard`: median wall time over sshguard's (below 1 is faster). "
            "`fail2ban / wall`: fail2ban-regex's median over this one (how many times faster).\n")
    if verdicts:
        f.write("\n| target | measured | verdict |\n|---|---|---|\n")
        for t, m, v in verdicts:
            f.write("| %s | %s | %s |\n" % (t.replace(">=", "≥"), m, v))
print("\nwritten: %s" % md_f)
EOF
