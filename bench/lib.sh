# Helpers shared by the benchmark scripts (sourced, not run). Each caller sets $run (its scratch dir).

# bench_ensure_log NAME GEN KIND N DIR: the generated KIND log ("maillog" or "authlog") of N lines in
# DIR, made with `GEN --lines N --<other>-lines 0 --seed 1`; reused while DIR/manifest.json says it was
# made with the same options and the file still has the manifest's SHA-256 (an interrupted run leaves
# a mismatch). NAME prefixes the messages.
bench_ensure_log() {
  local name=$1 gen=$2 kind=$3 n=$4 dir=$5 other=maillog
  [[ $kind == maillog ]] && other=authlog
  if [[ -f $dir/manifest.json && -f $dir/$kind ]] && python3 - "$dir" "$n" "$kind" "$other" <<'PY'
import json, subprocess, sys
d, n, kind, other = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
m = json.load(open(d + "/manifest.json"))
o, info = m.get("options", {}), m.get(kind, {})
same = (o.get(kind + "_lines") == n and o.get(other + "_lines") == 0 and o.get("seed") == 1
        and info.get("lines") == n)
if same:
    same = subprocess.run(["sha256sum", d + "/" + kind], capture_output=True, text=True,
                          check=True).stdout.split()[0] == info.get("sha256")
sys.exit(0 if same else 1)
PY
  then
    echo "$name: reusing $dir/$kind" >&2
    return
  fi
  echo "$name: generating $n lines into $dir (a few seconds per million)" >&2
  rm -f "$dir/manifest.json"
  python3 "$gen" --lines "$n" "--$other-lines" 0 --seed 1 --out "$dir" -q
}

# bench_time NAME LABEL IN OUT ERR CMD...: run CMD under GNU time (stdin IN, stdout OUT, stderr ERR),
# exit 1 on a non-zero exit status, print the figures; sets last_wall (s), last_rss (KB), last_cpu (s,
# user+sys).
bench_time() {
  local name=$1 label=$2 in=$3 out=$4 err=$5 rc=0
  shift 5
  /usr/bin/time -f '%e %M %U %S' -o "$run/time" "$@" <"$in" >"$out" 2>"$err" || rc=$?
  if ((rc != 0)); then
    echo "$name: $label failed (exit $rc): $*" >&2
    tail -n 20 "$err" >&2
    exit 1
  fi
  local user sys
  read -r last_wall last_rss user sys < <(tail -n 1 "$run/time")
  last_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '  %-28s %7.2f s wall %7.2f s CPU %8.1f MB' "$label" "$last_wall" "$last_cpu" \
    "$(awk -v k="$last_rss" 'BEGIN { print k / 1024 }')" >&2
}
