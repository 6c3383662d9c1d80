#!/bin/sh
# Installs this unpacked Warden release (docs: INSTALL.md).
#
#   ./install.sh [--etc DIR] [--mandir DIR] [--service rc.d|systemd|none] [PREFIX]
#
# PREFIX (default /usr/local) receives
#   PREFIX/bin/warden                                 0755  the launcher
#   PREFIX/lib/warden/warden.jar                      0644  the program
#   PREFIX/share/warden/...                           0644  samples, the demo, service files, pf and newsyslog lines
#   MANDIR/man8/warden.8, MANDIR/man5/warden.yaml.5   0644  MANDIR: PREFIX/man on OpenBSD, else PREFIX/share/man
#   PREFIX/share/bash-completion/completions/warden   0644
# and ETC (--etc, default /etc)
#   ETC/warden.yaml                     0640  from this system's sample, only when there is none: an
#                                             existing one is never replaced
#   ETC/rc.d/warden                     0555  --service rc.d, the default on OpenBSD
#   ETC/systemd/system/warden.service   0644  --service systemd, the default where ETC/systemd/system exists
# The service files name PREFIX and ETC as given. DESTDIR, from the environment, puts every file below it
# (a staged install, for packaging); the files still name PREFIX and ETC.
#
# As root for /usr/local and /etc; any user may install into folders of their own, e.g.
#   ./install.sh --etc /tmp/w/etc /tmp/w
# It prints what it installs. Folders it creates are 0755; existing ones are left as they are.
set -eu
umask 022

usage() {
	sed -n '4p' "$0" | sed 's/^# *//' >&2
	exit 2
}

etc=/etc
mandir=
service=auto
prefix=
while [ $# -gt 0 ]; do
	case $1 in
	--etc | --mandir | --service)
		[ $# -ge 2 ] || usage
		case $1 in
		--etc) etc=$2 ;;
		--mandir) mandir=$2 ;;
		--service) service=$2 ;;
		esac
		shift 2
		;;
	-*) usage ;;
	*)
		[ -z "$prefix" ] || usage
		prefix=$1
		shift
		;;
	esac
done
prefix=${prefix:-/usr/local}
system=$(uname -s)
if [ -z "$mandir" ]; then
	if [ "$system" = OpenBSD ]; then mandir=$prefix/man; else mandir=$prefix/share/man; fi
fi
for dir in "$prefix" "$etc" "$mandir"; do
	case $dir in
	/*) ;;
	*) echo "install.sh: $dir: give an absolute path" >&2 && exit 2 ;;
	esac
done
if [ "$service" = auto ]; then
	if [ "$system" = OpenBSD ]; then
		service=rc.d
	elif [ -d "${DESTDIR:-}$etc/systemd/system" ]; then
		service=systemd
	else
		service=none
	fi
fi
case $service in
rc.d | systemd | none) ;;
*) usage ;;
esac

src=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
cd "$src"
dest=${DESTDIR:-}

# put MODE FILE TARGET: installs FILE of this folder as TARGET, with MODE.
put() {
	[ -d "$dest${3%/*}" ] || mkdir -p "$dest${3%/*}"
	install -m "$1" "$2" "$dest$3"
	echo "installed $dest$3 ($1)"
}

# edit MODE FILE TARGET: like put, with /usr/local/ and /etc/warden.yaml in FILE replaced by PREFIX's and ETC's.
edit() {
	[ -d "$dest${3%/*}" ] || mkdir -p "$dest${3%/*}"
	sed -e "s|/usr/local/|$(quote "$prefix")/|g" -e "s|/etc/warden.yaml|$(quote "$etc")/warden.yaml|g" \
		"$2" >"$dest$3.new"
	chmod "$1" "$dest$3.new"
	mv -f "$dest$3.new" "$dest$3"
	echo "installed $dest$3 ($1)"
}

# quote TEXT: TEXT as the replacement of a sed s|||: \, | and & escaped.
quote() {
	printf '%s\n' "$1" | sed 's/[\\|&]/\\&/g'
}

put 0755 bin/warden "$prefix/bin/warden"
put 0644 lib/warden/warden.jar "$prefix/lib/warden/warden.jar"
for file in $(find share/warden -type f | sort); do
	put 0644 "$file" "$prefix/$file"
done
if [ -f "$dest$prefix/share/warden/warden.jar" ]; then
	rm -f "$dest$prefix/share/warden/warden.jar"
	echo "removed $dest$prefix/share/warden/warden.jar (an older install's jar; it is in $prefix/lib/warden now)"
fi
for page in man8/warden.8 man5/warden.yaml.5; do
	[ ! -f "man/$page" ] || put 0644 "man/$page" "$mandir/$page"
done
[ ! -f completion/warden.bash ] ||
	put 0644 completion/warden.bash "$prefix/share/bash-completion/completions/warden"

if [ "$system" = Linux ]; then
	sample=share/warden/linux/warden.yaml.sample
else
	sample=share/warden/warden.yaml.sample
fi
if [ -e "$dest$etc/warden.yaml" ] || [ -h "$dest$etc/warden.yaml" ]; then
	echo "kept $dest$etc/warden.yaml (it exists; the sample of this release is $prefix/$sample)"
else
	put 0640 "$sample" "$etc/warden.yaml"
fi

case $service in
rc.d)
	edit 0555 share/warden/openbsd/rc.d/warden "$etc/rc.d/warden"
	echo "next: warden validate -c $etc/warden.yaml; the pf table and rule (share/warden/openbsd/pf.conf.snippet);" \
		"rcctl enable warden; rcctl start warden"
	;;
systemd)
	edit 0644 share/warden/linux/warden.service "$etc/systemd/system/warden.service"
	echo "next: warden validate -c $etc/warden.yaml; systemctl daemon-reload; systemctl enable --now warden"
	;;
none)
	echo "no service file installed (--service rc.d or --service systemd installs one)"
	;;
esac
