#!/bin/bash
# Warden end to end, on real daemons and a real kernel (docs/testing.md):
# two network namespaces joined by a veth pair; in the server namespace a real sshd (password
# authentication, one test user) logging through its own rsyslogd, and `warden run` banning through
# the nftables action; from the client namespace real ssh clients (sshpass) guess passwords from
# several IPv4 and IPv6 addresses while a legitimate client logs in.
#
#   sudo e2e/run.sh            # exit 0: passed or skipped (the reason is printed); 1: failed
#
# Needs root, `ip netns`, nft and apt (it installs openssh-server, rsyslog, sshpass, netcat-openbsd
# when missing, with a policy-rc.d that keeps their services from starting). Builds cli/target/warden.jar
# when it is missing. Touches nothing outside its namespaces and a temporary folder: the test user
# exists only in a private mount namespace (bind-mounted copies of /etc/passwd and /etc/shadow), and
# syslog goes to a private /dev/log.
set -u
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo=$(dirname "$here")
t_start=$(date +%s%3N)

skip() { echo "e2e: SKIPPED: $*"; exit 0; }
fail() { echo "e2e: FAILED: $*" >&2; failed=1; }
now_ms() { date +%s%3N; }

[ "$(id -u)" = 0 ] || skip "needs root (ip netns, nft, daemons on port 22)"
command -v ip >/dev/null && ip netns list >/dev/null 2>&1 || skip "ip netns is not available"
[ -x /usr/sbin/nft ] || skip "/usr/sbin/nft is not installed"
command -v java >/dev/null || skip "java is not installed"

# ---- packages ----------------------------------------------------------------------------------
need=()
for p in openssh-server openssh-client sshpass rsyslog netcat-openbsd; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || skip "apt-get is not available to install ${need[*]}"
  echo "e2e: installing ${need[*]}"
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e $policy ] && had_policy=1
  [ $had_policy = 1 ] || { printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/tmp/warden-e2e-apt.log 2>&1 \
    || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/tmp/warden-e2e-apt.log 2>&1; }
  rc=$?
  [ $had_policy = 1 ] || rm -f $policy
  [ $rc = 0 ] || skip "apt-get install ${need[*]} failed (see /tmp/warden-e2e-apt.log)"
fi

jar="$repo/cli/target/warden.jar"
if [ ! -f "$jar" ]; then
  echo "e2e: building $jar"
  (cd "$repo" && mvn -B -q -o -DskipTests package -pl cli -am) >/tmp/warden-e2e-build.log 2>&1 \
    || { echo "e2e: FAILED: build failed (see /tmp/warden-e2e-build.log)"; exit 1; }
fi
warden() { java -XX:+UseSerialGC -Xms32m -Xmx128m -XX:TieredStopAtLevel=1 -jar "$jar" "$@"; }

# ---- namespaces --------------------------------------------------------------------------------
id=$$
srv=wardene2e-srv-$id
cli=wardene2e-cli-$id
T=$(mktemp -d /tmp/warden-e2e.XXXXXX)
chmod 755 "$T"
failed=0
supervisor=""
wpid=""

cleanup() {
  [ -n "$wpid" ] && { kill -9 "$wpid"; wait "$wpid"; } 2>/dev/null
  if [ -n "$supervisor" ]; then
    # the supervisor's children: rsyslogd, sshd and their sessions
    for p in $(cat "$T"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null; done
    kill "$supervisor" 2>/dev/null
    sleep 0.2
    for p in $(cat "$T"/*.pid 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
  fi
  # anything left in the namespaces (ssh sessions, clients)
  for ns in "$srv" "$cli"; do
    pids=$(ip netns pids "$ns" 2>/dev/null); [ -n "$pids" ] && kill -9 $pids 2>/dev/null
    ip netns delete "$ns" 2>/dev/null
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "e2e: kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$srv" && ip netns add "$cli" || { echo "e2e: FAILED: ip netns add"; exit 1; }
S() { ip netns exec "$srv" "$@"; }
C() { ip netns exec "$cli" "$@"; }
ip link add vsrv netns "$srv" type veth peer name vcli netns "$cli"
S ip link set lo up; C ip link set lo up
S ip addr add 192.0.2.1/24 dev vsrv
S ip addr add 2001:db8::1/64 dev vsrv nodad
C ip addr add 198.51.100.10/24 dev vcli
C ip addr add 198.51.100.11/24 dev vcli
C ip addr add 203.0.113.20/24 dev vcli
C ip addr add 203.0.113.30/24 dev vcli
C ip addr add 2001:db8::10/64 dev vcli nodad
S ip link set vsrv up; C ip link set vcli up
S ip route add 198.51.100.0/24 dev vsrv
S ip route add 203.0.113.0/24 dev vsrv
C ip route add 192.0.2.0/24 dev vcli

# ---- server: private /dev/log, rsyslogd, sshd with a test user ----------------------------------
mkdir -p "$T/log" "$T/state" "$T/etc" "$T/hostdev" "$T/ssh"
user=wardentest
password=correct-horse-$id
cp /etc/passwd /etc/shadow /etc/group "$T/etc/"
echo "$user:x:64999:64999:warden e2e:$T/home:/bin/sh" >> "$T/etc/passwd"
echo "$user:x:64999:" >> "$T/etc/group"
echo "$user:$(openssl passwd -6 "$password"):19000:0:99999:7:::" >> "$T/etc/shadow"
mkdir -p "$T/home"; chown 64999:64999 "$T/home"
ssh-keygen -q -t ed25519 -N '' -f "$T/ssh/host_ed25519"
cat > "$T/ssh/sshd_config" <<EOF
Port 22
ListenAddress 192.0.2.1
ListenAddress 2001:db8::1
HostKey $T/ssh/host_ed25519
PidFile $T/sshd.pid
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
PermitRootLogin no
AllowUsers $user
MaxStartups 100
SyslogFacility AUTH
LogLevel INFO
EOF
cat > "$T/rsyslog.conf" <<EOF
global(workDirectory="$T/state")
module(load="imuxsock" SysSock.Name="/dev/log")
\$template Plain,"%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n"
auth,authpriv.*  action(type="omfile" file="$T/log/auth.log" template="Plain")
mail.*           action(type="omfile" file="$T/log/mail.log" template="Plain")
EOF
touch "$T/log/auth.log" "$T/log/mail.log"

cat > "$T/server.sh" <<EOF
#!/bin/bash
# runs in the server network namespace and a private mount namespace
set -e
mount --make-rprivate /
mount --bind /dev "$T/hostdev"
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty ptmx; do touch /dev/\$n; mount --bind "$T/hostdev/\$n" /dev/\$n; done
mkdir /dev/pts /dev/shm; mount --bind "$T/hostdev/pts" /dev/pts
ln -s /proc/self/fd /dev/fd
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/sshd
for f in passwd shadow group; do mount --bind "$T/etc/\$f" /etc/\$f; done
/usr/sbin/rsyslogd -f "$T/rsyslog.conf" -i "$T/rsyslogd.pid"
for i in \$(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done
/usr/sbin/sshd -f "$T/ssh/sshd_config"
touch "$T/server.ready"
exec sleep 100000
EOF
chmod +x "$T/server.sh"
S unshare -m --propagation private "$T/server.sh" >"$T/server.out" 2>&1 &
supervisor=$!
for i in $(seq 100); do [ -e "$T/server.ready" ] && break; sleep 0.1; done
[ -e "$T/server.ready" ] || { cat "$T/server.out"; echo "e2e: FAILED: server namespace did not come up"; exit 1; }

# ---- warden ------------------------------------------------------------------------------------
max_retry=3
cat > "$T/warden.yaml" <<EOF
ignore: [127.0.0.0/8, "::1"]
state-dir: $T/state
socket: $T/warden.sock
poll-interval: 100ms
jails:
  sshd:
    logs: [$T/log/auth.log]
    filter: sshd
    max-retry: $max_retry
    find-time: 10m
    ban-time: 10m
    actions:
      - type: nftables
EOF
start_warden() {
  # ip netns exec execs java: $! is warden's own pid (kill -9 must hit warden, not a wrapper)
  ip netns exec "$srv" java -XX:+UseSerialGC -Xms32m -Xmx128m -XX:TieredStopAtLevel=1 -jar "$jar" run -c "$T/warden.yaml" >>"$T/warden.out" 2>&1 &
  wpid=$!
  for i in $(seq 150); do
    kill -0 "$wpid" 2>/dev/null || break
    warden status -c "$T/warden.yaml" >/dev/null 2>&1 && S nft list chain inet warden input-sshd >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$T/warden.out"; echo "e2e: FAILED: warden did not start"; exit 1
}
start_warden

# ---- helpers -----------------------------------------------------------------------------------
set_of() { case "$1" in *:*) echo sshd-ipv6 ;; *) echo sshd-ipv4 ;; esac; }
in_set() { S nft list set inet warden "$(set_of "$1")" 2>/dev/null | grep -qE "(^|[ {,])$1 "; }
# ssh as $user from address $1 with password $2; prints the command's output
ssh_from() {
  local host=192.0.2.1; case "$1" in *:*) host=2001:db8::1 ;; esac
  C timeout 10 sshpass -p "$2" ssh -b "$1" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -o PubkeyAuthentication=no -o PreferredAuthentications=password \
    -o NumberOfPasswordPrompts=1 -o ConnectTimeout=3 "$user@$host" echo logged-in 2>/dev/null
}
# "open", "dropped" (no answer within 2 s) or "refused" for TCP port $2 from address $1
probe() {
  local host=192.0.2.1; case "$1" in *:*) host=2001:db8::1 ;; esac
  local t0; t0=$(now_ms)
  if C nc -z -w 2 -s "$1" "$host" "$2" 2>/dev/null; then echo open; return; fi
  if [ $(( $(now_ms) - t0 )) -ge 1800 ]; then echo dropped; else echo refused; fi
}
# the element's kernel expiry as epoch ms (now + "expires")
expiry_at() {
  local listing t; listing=$(S nft list set inet warden "$(set_of "$1")"); t=$(now_ms)
  echo "$listing" | tr ',' '\n' | grep -E "(^|[ {])$1 " | grep -oE 'expires [0-9dhms]+' \
    | sed 's/expires //' | awk '{ s=$0; ms=0;
        while (match(s, /^[0-9]+(ms|d|h|m|s)/)) { tok=substr(s,1,RLENGTH); s=substr(s,RLENGTH+1);
          n=tok+0; u=tok; sub(/^[0-9]+/,"",u);
          ms += (u=="d")?n*86400000:(u=="h")?n*3600000:(u=="m")?n*60000:(u=="s")?n*1000:n }
        printf "%d\n", ms }' | while read -r ms; do echo $(( ms + t )); done
}
ban_end_ms() { # the ban's end per warden bans, epoch ms
  local end; end=$(warden bans -c "$T/warden.yaml" --jail sshd | awk -F'\t' -v a="$1" '$2==a {print $4}')
  [ -n "$end" ] && date -d "$end" +%s%3N
}

# ---- the legitimate client ---------------------------------------------------------------------
legit=203.0.113.20
if [ "$(ssh_from $legit "$password")" = logged-in ]; then legit_before=yes; else legit_before=no; fail "legitimate client could not log in before the attacks"; fi

# ---- attackers ---------------------------------------------------------------------------------
rows=()
for attacker in 198.51.100.10 2001:db8::10 198.51.100.11; do
  sent=0; banned_after=-; blocked=no; t_cross=0
  for i in $(seq $max_retry); do
    [ $i = $max_retry ] && t_cross=$(now_ms)     # conservative: the crossing attempt's start
    out=$(ssh_from "$attacker" "wrong-$i")
    [ "$out" = logged-in ] && fail "$attacker logged in with a wrong password"
    sent=$((sent + 1))
  done
  for i in $(seq 100); do
    if in_set "$attacker"; then banned_after=$(( $(now_ms) - t_cross )); break; fi
    sleep 0.05
  done
  if [ "$banned_after" = - ]; then fail "$attacker not banned within 5 s"; 
  elif [ "$banned_after" -gt 2000 ]; then fail "$attacker banned after $banned_after ms (> 2000)"; fi
  p=$(probe "$attacker" 22)
  [ "$p" = dropped ] && blocked=yes || fail "$attacker's next connection to port 22: $p, expected dropped"
  # the kernel timeout matches the ban's end: the action rounds the remaining time up to whole
  # seconds, so the kernel expires it 0 to 1 s after the end (plus the listing's own delay)
  exp=$(expiry_at "$attacker"); end=$(ban_end_ms "$attacker"); diff=""
  if [ -z "$exp" ] || [ -z "$end" ]; then fail "$attacker: no kernel expiry ($exp) or ban end ($end)"
  else
    diff=$(( exp - end )); [ "$diff" -ge -200 ] && [ "$diff" -le 1300 ] || fail "$attacker: kernel expiry is ${diff} ms off the ban's end"
  fi
  legit_ok=no; [ "$(ssh_from $legit "$password")" = logged-in ] && legit_ok=yes || fail "legitimate client refused after $attacker was banned"
  rows+=("$attacker|$sent|$banned_after|$blocked|$legit_ok|${diff:-?}")
done
[ ${#rows[@]} = 3 ] || fail "only ${#rows[@]} of 3 attackers were checked"
[ "$(probe 203.0.113.30 22)" = open ] || fail "a bystander (203.0.113.30) cannot reach port 22"

# ---- kill -9 and restart: the kernel keeps the bans, the restart keeps the sets ------------------
before=$(S nft list set inet warden sshd-ipv4 | grep -oE '[0-9.]+ timeout' | sort; S nft list set inet warden sshd-ipv6 | grep -oE '[0-9a-f:]+ timeout' | sort)
old=$wpid
{ kill -9 "$wpid"; wait "$wpid"; } 2>/dev/null; wpid=""
kill -0 "$old" 2>/dev/null && fail "warden (pid $old) survived kill -9"
warden status -c "$T/warden.yaml" >/dev/null 2>&1 && fail "a warden still answers after kill -9"
[ "$(probe 198.51.100.10 22)" = dropped ] || fail "198.51.100.10 not dropped while warden is dead"
start_warden
[ "$wpid" != "$old" ] && kill -0 "$wpid" || fail "no new warden after the restart"
sleep 0.5
after=$(S nft list set inet warden sshd-ipv4 | grep -oE '[0-9.]+ timeout' | sort; S nft list set inet warden sshd-ipv6 | grep -oE '[0-9a-f:]+ timeout' | sort)
[ "$before" = "$after" ] && [ -n "$before" ] && restart=same || { restart=different; fail "sets differ after kill -9 and restart: [$before] vs [$after]"; }
rules=$(S nft list chain inet warden input-sshd | grep -c 'saddr @sshd-ipv')
[ "$rules" = 2 ] || fail "input-sshd has $rules drop rules after the restart, expected 2"

# ---- unban by command ------------------------------------------------------------------------
warden unban 198.51.100.10 -c "$T/warden.yaml" >/dev/null || fail "warden unban 198.51.100.10 failed"
sleep 0.3
in_set 198.51.100.10 && fail "198.51.100.10 still in the set after warden unban"
[ "$(probe 198.51.100.10 22)" = open ] && unban_cmd=reachable || { unban_cmd=blocked; fail "198.51.100.10 not reachable after unban"; }
[ "$(ssh_from 198.51.100.10 "$password")" = logged-in ] || fail "198.51.100.10 cannot log in after unban"

# ---- unban by expiry ---------------------------------------------------------------------------
warden ban sshd 203.0.113.30 --for 3s -c "$T/warden.yaml" >/dev/null || fail "warden ban --for 3s failed"
sleep 0.3
[ "$(probe 203.0.113.30 22)" = dropped ] || fail "203.0.113.30 not dropped after a manual ban"
sleep 3.5
in_set 203.0.113.30 && fail "203.0.113.30 still in the set after its ban ended"
[ "$(probe 203.0.113.30 22)" = open ] && unban_exp=reachable || { unban_exp=blocked; fail "203.0.113.30 not reachable after its ban ended"; }

# ---- report ------------------------------------------------------------------------------------
echo
printf '%-16s %-8s %-16s %-8s %-14s %s\n' attacker failures "banned after ms" blocked "legit client" "kernel expiry - ban end (ms)"
for r in "${rows[@]}"; do IFS='|' read -r a s b k l d <<<"$r"; printf '%-16s %-8s %-16s %-8s %-14s %s\n' "$a" "$s" "$b" "$k" "$l" "$d"; done
echo "legitimate client before the attacks: $legit_before; after kill -9 + restart the sets are: $restart;"
echo "after warden unban: $unban_cmd; after a 3 s ban ended: $unban_exp"
echo "took $(( ($(now_ms) - t_start) / 1000 )) s"
if [ $failed = 0 ]; then echo "e2e: PASSED"; exit 0; fi
echo "e2e: FAILED (logs: rerun with KEEP=1 and see $T)"; exit 1
