#!/bin/sh
# deps-check.sh - proves that `make deps` provides what the build and the suites use: every
# program (found as the suites find it, through PATH), every shared library the built binaries
# load, the .pc file of every pkg-config module and every named file must belong to a Debian
# package in the dependency closure of the packages make deps installs (or to an Essential
# package, present on every Debian system).  Prints one line per item; exit status 1 when one is
# missing or comes from elsewhere.  Called by `make deps-check` (.ci/run, before the suites).
# Usage: tools/deps-check.sh --packages "PKG..." --programs "PROG..." [--files "FILE..."]
#            [--pkgs "MODULE..."] [BINARY...]
set -u
packages= programs= files= modules=
while [ $# -gt 0 ]; do
	case $1 in
	--packages) packages=$2; shift 2 ;;
	--programs) programs=$2; shift 2 ;;
	--files) files=$2; shift 2 ;;
	--pkgs) modules=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "deps-check: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deps-check.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
problems=0
problem() { problems=$((problems + 1)); printf '  %-14s %s\n' "$1" "MISSING: $2"; }

# The closure: "PACKAGE ROOT" for every installed package reachable through Depends and
# Pre-Depends (every alternative that is installed, virtual names through Provides) from a listed
# package, or from an Essential one (ROOT "essential").
dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\t${Essential}\t${Provides}\t${Depends}, ${Pre-Depends}\n' \
    >"$tmp/status"
awk -F '\t' -v roots="$packages" '
function name(s) { sub(/^[ \t]+/, "", s); sub(/[ \t(:].*/, "", s); return s }
$2 ~ /^ii/ {
	installed[$1] = 1
	n = split($4, pv, ",")
	for (i = 1; i <= n; i++) if (name(pv[i]) != "") providers[name(pv[i])] = providers[name(pv[i])] " " $1
	deps[$1] = $5
	if ($3 == "yes") essential[$1] = 1
}
function visit(pkg, root, again,    n, d, i, m, alt, j, k, q, prov) {
	if ((pkg in from) && !again) return
	from[pkg] = root
	n = split(deps[pkg], d, ",")
	for (i = 1; i <= n; i++) {
		m = split(d[i], alt, "|")
		for (j = 1; j <= m; j++) {
			q = name(alt[j])
			if (q == "") continue
			if (q in installed) visit(q, root)
			if (q in providers) {
				k = split(providers[q], prov, " ")
				for (; k > 0; k--) visit(prov[k], root)
			}
		}
	}
}
END {
	# Listed packages first, so that each is its own root.
	n = split(roots, r, " ")
	for (i = 1; i <= n; i++) if (r[i] in installed) from[r[i]] = r[i]
	for (i = 1; i <= n; i++) {
		if (r[i] in installed) visit(r[i], r[i], 1)
		else if (r[i] in providers) { split(providers[r[i]], first, " "); visit(first[1], r[i]) }
		else print r[i], "NOT-INSTALLED"
	}
	for (e in essential) visit(e, "essential")
	for (e in from) print e, from[e]
}' "$tmp/status" >"$tmp/closure"

# owner PATH: the package that installed PATH (tried as given, resolved, and across the /usr
# merge, since dpkg knows /bin/sh and not /usr/bin/sh).
owner() {
	real=$(readlink -f "$1")
	for p in "$1" "$real" "${1#/usr}" "${real#/usr}" "/usr$1" "/usr$real"; do
		[ -e "$p" ] || continue
		dpkg -S "$p" 2>/dev/null | awk -F ': ' '/^[^ ]+: \// { sub(/:[a-z0-9]+$/, "", $1); print $1; exit }' |
		    grep . && return 0
	done
	return 1
}

# judge KIND NAME PATH: one line for the item, or a problem.
judge() {
	kind=$1 item=$2 path=$3
	if ! pkg=$(owner "$path"); then
		problem "$kind" "$item ($path) belongs to no Debian package"
		return
	fi
	root=$(awk -v p="$pkg" '$1 == p { print $2; exit }' "$tmp/closure")
	if [ -z "$root" ]; then
		problem "$kind" "$item ($path) comes from $pkg, which make deps does not install"
	elif [ "$root" = "$pkg" ]; then
		printf '  %-14s %-22s %-52s %s\n' "$kind" "$item" "$path" "$pkg"
	else
		printf '  %-14s %-22s %-52s %s (via %s)\n' "$kind" "$item" "$path" "$pkg" "$root"
	fi
}

# find_program NAME: the file PATH search finds for NAME (a path is taken as it is).
find_program() {
	case $1 in
	*/*) [ -x "$1" ] && echo "$1"; return ;;
	esac
	IFS_SAVE=$IFS; IFS=:
	for dir in $PATH; do
		if [ -f "$dir/$1" ] && [ -x "$dir/$1" ]; then IFS=$IFS_SAVE; echo "$dir/$1"; return; fi
	done
	IFS=$IFS_SAVE
	return 1
}

echo "deps-check: what the build and the suites use, and the Debian package it comes from"
for p in $(awk '$2 == "NOT-INSTALLED" { print $1 }' "$tmp/closure"); do
	problem package "$p is listed but not installed (run make deps as root)"
done
for program in $(printf '%s\n' $programs | awk '!seen[$0]++'); do
	if path=$(find_program "$program"); then judge program "$program" "$path"
	else problem program "$program is not installed (not in PATH)"; fi
done
for module in $modules; do
	if path=$(pkg-config --path "$module" 2>/dev/null); then judge library "$module.pc" "$path"
	else problem library "pkg-config finds no $module"; fi
done
for binary in "$@"; do
	ldd "$binary" >"$tmp/ldd" 2>&1 || { problem library "ldd $binary failed: $(head -n 1 "$tmp/ldd")"; continue; }
	grep -q 'not found' "$tmp/ldd" && problem library "$binary: $(grep 'not found' "$tmp/ldd" | head -n 1)"
	for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' "$tmp/ldd"); do
		echo "$lib"
	done
done | awk '!seen[$0]++' >"$tmp/libs"
while read -r lib; do judge library "$(basename "$lib")" "$lib"; done <"$tmp/libs"
for file in $files; do
	if [ -e "$file" ]; then judge file "$(basename "$file")" "$file"
	else problem file "$file does not exist"; fi
done
items=$(printf '%s\n' $programs | awk '!seen[$0]++' | wc -l)
if [ "$problems" -gt 0 ]; then
	echo "deps-check: $problems missing: add the package to the right DEPS_ line of the Makefile"
	exit 1
fi
echo "deps-check: all from the packages make deps installs: $items programs," \
    "$(wc -l <"$tmp/libs") shared libraries, $(echo $modules | wc -w) pkg-config modules," \
    "$(echo $files | wc -w) other file(s)"
