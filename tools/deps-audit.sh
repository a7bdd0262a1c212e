#!/bin/sh
# deps-audit.sh - keeps the Makefile's CHECK_PROGRAMS honest: runs a make target (default:
# check) under strace, takes every program it actually executed (compilers' own helpers, what
# the scripts call, what python and java start) and hands them to deps-check.sh, so each must come
# from a package make deps installs; then names those CHECK_PROGRAMS does not list yet.  Slow
# (the whole suite, traced); not part of .ci/run.  Called by `make deps-audit`.
# Usage: tools/deps-audit.sh --packages "PKG..." --programs "PROG..." [TARGET...]
set -u
packages= programs=
while [ $# -gt 0 ]; do
	case $1 in
	--packages) packages=$2; shift 2 ;;
	--programs) programs=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- check
command -v strace >/dev/null || { echo "deps-audit: needs strace (apt-get install strace)" >&2; exit 2; }
MAKE=${MAKE:-make}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deps-audit.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)

strace -f -qq -e trace=execve -e signal=none -o "$tmp/trace" $MAKE --no-print-directory "$@" \
    >"$tmp/make.log" 2>&1
status=$?
[ "$status" -eq 0 ] || echo "deps-audit: note: make $* exited with $status (log kept below)"
# Every file execve() was given that is an executable file now: the failed tries of a PATH
# search name files that do not exist.  Our own build outputs and temporary files are left out.
sed -n 's/^[0-9]* *execve("\([^"]*\)".*/\1/p' "$tmp/trace" | sort -u | while read -r path; do
	[ -f "$path" ] && [ -x "$path" ] || continue
	case $(readlink -f "$path") in
	"$top"/* | /tmp/* | "${TMPDIR:-/tmp}"/*) continue ;;
	esac
	echo "$path"
done >"$tmp/executed"
echo "deps-audit: make $* executed $(wc -l <"$tmp/executed") distinct programs"

# Programs executed whose resolved file no CHECK_PROGRAMS entry resolves to.
for program in $programs; do
	case $program in
	*/*) readlink -f "$program" ;;
	*) p=$(command -v "$program") && readlink -f "$p" ;;
	esac
done | sort -u >"$tmp/listed"
while read -r path; do readlink -f "$path"; done <"$tmp/executed" | sort -u >"$tmp/executed-real"
comm -23 "$tmp/executed-real" "$tmp/listed" >"$tmp/unlisted"
if [ -s "$tmp/unlisted" ]; then
	echo "deps-audit: executed but not in CHECK_PROGRAMS (helpers of a listed program are fine):"
	sed 's/^/  /' "$tmp/unlisted"
fi
sh "$(dirname "$0")/deps-check.sh" --packages "$packages" --programs "$(cat "$tmp/executed")"
check=$?
[ "$status" -eq 0 ] || tail -n 20 "$tmp/make.log"
[ "$check" -eq 0 ] && [ "$status" -eq 0 ]
