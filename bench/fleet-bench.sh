#!/usr/bin/env bash
# The fleet's throughput and latency (issue 15, docs/performance.md "Fleet"): one real redis-server and
# three `warden run` (A, B, C) with a fleet section; BANS failure lines, one distinct address each, are
# written at once into A's log (its jail bans at the first failure), so A decides BANS bans and publishes
# them through the real path (log -> jail -> journal -> fleet queue -> XADD). B and C follow the stream and
# add each address to their fleet table. Every pfctl is a fake that records $EPOCHREALTIME; per ban the
# latency is B's (C's) add minus A's add of the same address; "all in" is the time from the write of the
# lines to the last add on B (C). Median, 99th percentile and maximum per round.
#
# Usage:  bench/fleet-bench.sh [NAME=value]...        (or the same names as environment variables)
#
#   BANS=10000          failure lines = bans on A
#   ROUNDS=3            rounds, each with a fresh Redis, fresh state directories and fresh logs
#   POLL=250ms          the daemons' poll-interval (the default)
#   TIMEOUT=120         seconds to wait for B and C to apply every ban
#   WORK=bench/out      where fleet-results.md and fleet-results.json go (and the lock)
#   WARDEN_JAR=cli/target/warden.jar                        relative to the repo root
#   WARDEN_JAVA_OPTS="-XX:+UseSerialGC -Xmx256m"            JVM options of each `warden run`
#   KEEP=0              1: keep each round's directory (configs, stderr, pfctl records, Redis log)
#   JAVA=java
#
# Builds nothing: mvn -B -q -o -DskipTests package first. Needs python3, redis-server and redis-cli
# (Debian: redis-server). Exit status 1 when B or C missed a ban, republished one, or a daemon logged an
# error or did not stop cleanly.
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
run=$(mktemp -d /tmp/wfleet-run.XXXXXX)
trap 'rm -rf "$run"' EXIT
source "$root/bench/lib.sh"
bench_args fleet-bench "BANS ROUNDS POLL TIMEOUT WORK WARDEN_JAR WARDEN_JAVA_OPTS KEEP JAVA" "$@"
BANS=${BANS:-10000}
ROUNDS=${ROUNDS:-3}
POLL=${POLL:-250ms}
TIMEOUT=${TIMEOUT:-120}
WORK=${WORK:-bench/out}
WARDEN_JAR=${WARDEN_JAR:-cli/target/warden.jar}
WARDEN_JAVA_OPTS=${WARDEN_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m}
KEEP=${KEEP:-0}
JAVA=${JAVA:-java}
case $WORK in /*) ;; *) WORK=$root/$WORK ;; esac
case $WARDEN_JAR in /*) ;; *) WARDEN_JAR=$root/$WARDEN_JAR ;; esac
[[ $BANS =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ && $TIMEOUT =~ ^[1-9][0-9]*$ && $BANS -le 100000 ]] \
  || { echo "fleet-bench: BANS (1 to 100000), ROUNDS and TIMEOUT must be positive integers" >&2; exit 2; }
[[ $POLL =~ ^[1-9][0-9]*(ms|s)$ ]] || { echo "fleet-bench: POLL: write it as 250ms or 1s" >&2; exit 2; }
[[ -f $WARDEN_JAR ]] || { echo "fleet-bench: $WARDEN_JAR not found; this script builds nothing: mvn -B -q -o -DskipTests package" >&2; exit 2; }
for tool in python3 redis-server redis-cli "$JAVA"; do
  command -v "$tool" >/dev/null || { echo "fleet-bench: $tool not found" >&2; exit 2; }
done
bench_lock fleet-bench "$WORK"

keep=()
[[ $KEEP == 1 ]] && keep=(--keep)
rc=0
python3 "$root/bench/fleet.py" --bans "$BANS" --rounds "$ROUNDS" --poll "$POLL" --timeout "$TIMEOUT" \
  --jar "$WARDEN_JAR" --java "$JAVA" --java-opts "$WARDEN_JAVA_OPTS" --json "$WORK/fleet-results.json" \
  "${keep[@]}" || rc=$?

python3 - "$WORK/fleet-results.json" "$WORK/fleet-results.md" "$(nproc)" "$(redis-server --version | sed 's/ sha=.*//')" \
  "$("$JAVA" -version 2>&1 | head -n 1)" "bench/fleet-bench.sh BANS=$BANS ROUNDS=$ROUNDS POLL=$POLL" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))
out = ["Command: `%s`; %s CPUs; %s; %s; JVM options `%s`; poll-interval %s." % (
    sys.argv[6], sys.argv[3], sys.argv[4], sys.argv[5], data["java_opts"], data["poll"]), "",
    "| round | node | applied | median | p99 | max | all in | A banned all in | in Redis (median, p99) |",
    "|---|---|---|---|---|---|---|---|---|"]
for i, r in enumerate(data["rounds"], 1):
    for x in "bc":
        v = r[x]
        f = lambda s: "%.3f s" % s if s is not None else "-"
        out.append("| %d | %s | %d / %d | %s | %s | %s | %s | %s | %s, %s |" % (
            i, x.upper(), v["applied"], data["bans"], f(v["median"]), f(v["p99"]), f(v["max"]),
            "%.2f s" % v["total"] if v["total"] is not None else "-", "%.2f s" % r["a_last"],
            f(r["published"]["median"]), f(r["published"]["p99"])))
r = data["rounds"][-1]
out += ["", "Redis after the last round: stream %d entries, %s bytes; bans in force (hash + 2 sorted sets) %s bytes;"
        " used_memory %s bytes." % (r["stream_length"], r["key_bytes"]["warden:bans"],
        sum(r["key_bytes"][k] or 0 for k in ("warden:bans:in-force", "warden:bans:in-force:ends",
                                             "warden:bans:in-force:starts")), r["redis_used_memory"])]
problems = [p for r in data["rounds"] for p in r["problems"]]
if problems:
    out += ["", "Problems: " + "; ".join(problems)]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
exit "$rc"
