#!/bin/sh
# fresh-debian.sh - runs commands in this clone's committed state on a brand-new Debian 12: a
# minimal debootstrap root with only make and git added, made in ROOT (kept outside the
# repository), the clone git-cloned into ROOT/root/kagama-epub, /proc and /dev bound, then each
# COMMAND run there as root with its wall time.  Proves that a README step works on a machine
# that has nothing from earlier work.  Needs root and debootstrap (apt-get install debootstrap).
# Usage: tools/fresh-debian.sh ROOT [COMMAND...]
#   default COMMANDs: the README's two, 'make deps && make && ./kagama-epub samples/ -o
#   kagama.epub' and 'make check'.  BASE=FILE.tar starts from a saved root instead of
#   debootstrap (made by an earlier run: ROOT.base.tar); MIRROR=URL overrides the Debian mirror.
set -eu
ROOT=${1:?usage: fresh-debian.sh ROOT [COMMAND...]}
shift
[ $# -gt 0 ] || set -- 'make deps && make && ./kagama-epub samples/ -o kagama.epub' 'make check'
SRC=$(git rev-parse --show-toplevel)
case $ROOT in
"$SRC"/*) echo "fresh-debian: keep $ROOT outside the repository" >&2; exit 2 ;;
esac
[ ! -e "$ROOT" ] || { echo "fresh-debian: $ROOT exists; give a new folder" >&2; exit 2; }

# The Debian mirror apt already uses here (deb822 or one-line sources).
if [ -z "${MIRROR:-}" ]; then
	MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
	    2>/dev/null | awk '/^URIs:/ && $2 ~ /\/debian\/?$/ { print $2; exit }
	    /^deb / && $2 ~ /\/debian\/?$/ { print $2; exit }')
	MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f s", e - s }'; }

start=$(date +%s.%N)
if [ -n "${BASE:-}" ]; then
	mkdir -p "$ROOT"
	tar -C "$ROOT" -xf "$BASE"
	echo "fresh-debian: $ROOT unpacked from $BASE ($(elapsed "$start"))"
else
	debootstrap bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 ||
	    { tail "$ROOT.debootstrap.log" >&2; exit 1; }
	chroot "$ROOT" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y make git && apt-get clean' \
	    >>"$ROOT.debootstrap.log" 2>&1
	tar -C "$ROOT" -cf "$ROOT.base.tar" .
	echo "fresh-debian: debootstrap bookworm $MIRROR + make, git in $ROOT ($(elapsed "$start"))"
fi

git clone -q "$SRC" "$ROOT/root/kagama-epub"
echo "fresh-debian: cloned $(git -C "$SRC" rev-parse --short HEAD) into $ROOT/root/kagama-epub"
mount --bind /proc "$ROOT/proc"
mount --rbind /dev "$ROOT/dev"
mount --make-rslave "$ROOT/dev"
trap 'umount -R "$ROOT/dev"; umount "$ROOT/proc"' EXIT
trap 'exit 130' INT TERM HUP

status=0 step=0
for command in "$@"; do
	start=$(date +%s.%N)
	step=$((step + 1))
	log=$ROOT.step$step.log
	if chroot "$ROOT" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
	    sh -c "cd /root/kagama-epub && $command" >"$log" 2>&1; then
		echo "fresh-debian: ok     $(elapsed "$start")  $command  (log: $log)"
	else
		status=$?
		echo "fresh-debian: FAILED $(elapsed "$start")  $command  (exit $status, log: $log)"
		tail -n 15 "$log"
		break
	fi
done
exit $status
