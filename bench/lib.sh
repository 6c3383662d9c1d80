# Helpers shared by the benchmark scripts (sourced, not run). Each caller sets $run (its scratch dir).

# bench_args NAME "VAR..." ARG...: a benchmark's command line. -h/--help prints the comment at the top of
# the script ($0, up to `set -euo`); VAR=value exports VAR, one of the names given; anything else
# exits 2.
bench_args() {
  local name=$1 vars=" $2 " arg
  shift 2
  for arg in "$@"; do
    case $arg in
      -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
      *=*) if [[ $vars == *" ${arg%%=*} "* ]]; then export "${arg?}"; continue; fi ;;
    esac
    echo "$name: unknown argument '$arg' (see --help)" >&2
    exit 2
  done
}

# bench_lock NAME DIR: creates DIR and holds DIR/.lock (file descriptor 9) until the script exits;
# exits 2 when another benchmark holds it.
bench_lock() {
  mkdir -p "$2"
  exec 9>"$2/.lock"
  flock -n 9 || { echo "$1: another benchmark is running in $2; not running two at once" >&2; exit 2; }
}

# bench_launcher_argv ARG...: prints the JVM's options that `$root/warden ARG...` would run (what comes
# before -jar: asked from the launcher itself, with a JAVA that prints its arguments, in $run), paths
# relative to $root; "?" when it cannot tell.
bench_launcher_argv() {
  local probe=$run/java-argv-probe
  printf '#!/bin/sh\nprintf "%%s " "$@"\n' >"$probe"
  chmod +x "$probe"
  JAVA=$probe "$root/warden" "$@" 2>/dev/null | sed "s|$root/||g; s/ *-jar .*//" || echo "?"
}

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

# bench_install NAME PKG...: install the Debian packages PKG with apt-get (nothing when none is given).
# Needs root and apt-get, else it says what to install and exits 2. A package's service is kept from
# starting by a policy-rc.d (Debian starts it from its postinst through invoke-rc.d unless policy-rc.d
# exits 101), put in place for the install when there is none and removed after; then every service
# named like one of the packages (sshguard, fail2ban) is stopped and disabled: a benchmark host must
# not start banning.
bench_install() {
  local name=$1 policy=/usr/sbin/policy-rc.d own_policy=0 rc=0 svc
  shift
  (($#)) || return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "$name: missing $*; install them (apt-get install $*)" >&2
    exit 2
  fi
  echo "$name: installing $* (their services kept from starting)" >&2
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# written by warden bench/lib.sh for one apt-get install\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } || rc=$?
  ((own_policy)) && rm -f "$policy"
  ((rc == 0)) || { echo "$name: apt-get failed (exit $rc)" >&2; exit 2; }
  for svc in "$@"; do
    [[ -f /lib/systemd/system/$svc.service || -f /etc/init.d/$svc ]] || continue
    if [[ -d /run/systemd/system ]]; then
      systemctl disable --now "$svc" >/dev/null 2>&1 || true
    else
      systemctl disable "$svc" >/dev/null 2>&1 || true       # offline: removes the wants/ links
      [[ -x /etc/init.d/$svc ]] && "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
      command -v update-rc.d >/dev/null && update-rc.d "$svc" disable >/dev/null 2>&1 || true
    fi
  done
}

# bench_two_jails DIR: issue 13's two-jail daemon in DIR (empty authlog and maillog, state and plugin
# folders, the configuration two.yaml), as footprint.sh and daemon-cpu.sh measure it.
bench_two_jails() {
  local d=$1
  mkdir -p "$d/state" "$d/plugins"
  chmod 700 "$d/state"
  : >"$d/authlog"
  : >"$d/maillog"
  cat >"$d/two.yaml" <<EOF
state-dir: $d/state
socket: $d/warden.sock
plugin-dir: $d/plugins
jails:
  sshd:  {logs: [$d/authlog], filter: sshd, max-retry: 5, find-time: 10m, ban-time: 1h, actions: [{type: log}]}
  smtpd: {logs: [$d/maillog], filter: opensmtpd, max-retry: 11, find-time: 1d, ban-time: 5d, actions: [{type: log}]}
EOF
}
