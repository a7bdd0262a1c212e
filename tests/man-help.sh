#!/bin/sh
# man-help.sh - keeps kagama-epub.1 and completion/kagama-epub.bash in step with --help (and the
# page's FILES keys with src/config.c and src/article.c), and lints the page with mandoc.
# Usage: tests/man-help.sh BINARY   (run from the top of the source tree; `make man-help`)
set -u
LC_ALL=C
export LC_ALL
BIN=${1:?usage: man-help.sh BINARY}
PAGE=${PAGE:-kagama-epub.1}
COMPLETION=${COMPLETION:-completion/kagama-epub.bash}
problems=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/man-help.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

problem() { problems=$((problems + 1)); echo "man-help: $*" >&2; }

# Lines of $1 missing from $2 (both sorted, unique).
missing() { comm -23 "$1" "$2"; }

# --- options: --help against the page ---------------------------------------------------------
if ! "$BIN" --help >"$tmp/help"; then
	problem "'$BIN --help' failed"
fi
grep -oE -- '--[a-z][a-z-]*' "$tmp/help" | sort -u >"$tmp/help-options"
# Every "Fl -name" anywhere in the page, and those that head an item under OPTIONS.
grep -oE 'Fl \\?-[a-z][a-z-]*' "$PAGE" | sed 's/^Fl \\*-/--/' | sort -u >"$tmp/page-options"
awk '/^\.Sh /{ in_options = ($2 == "OPTIONS") } in_options && /^\.It /' "$PAGE" |
    grep -oE 'Fl \\?-[a-z][a-z-]*' | sed 's/^Fl \\*-/--/' | sort -u >"$tmp/page-items"
options=$(wc -l <"$tmp/help-options" | tr -d ' ')
[ "$options" -gt 0 ] || problem "no long options found in '$BIN --help'"
for option in $(missing "$tmp/help-options" "$tmp/page-items"); do
	problem "$option is in --help but has no item under OPTIONS in $PAGE"
done
for option in $(missing "$tmp/page-options" "$tmp/help-options"); do
	problem "$option is in $PAGE but not in --help"
done

# --- the page is clean mandoc; whether the pages of SEE ALSO are installed is no error ------
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint "$PAGE" >"$tmp/lint" 2>&1
	status=$?
	grep -vE 'mandoc\.db lacks|referenced manual not found' "$tmp/lint" >"$tmp/lint-kept"
	if [ "$status" -ne 0 ] || [ -s "$tmp/lint-kept" ]; then
		sed 's/^/man-help: /' "$tmp/lint-kept" >&2
		problem "mandoc -Tlint $PAGE: exit status $status"
	fi
else
	problem "mandoc is not installed (apt-get install mandoc)"
fi

# --- completion offers exactly the options of --help, and the values of --missing-images -----
complete_words() {
	bash -c '. "$1" || exit 1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    _kagama_epub 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"' complete "$COMPLETION" "$BIN" "$@"
}
if [ -f "$COMPLETION" ]; then
	complete_words -- | sed 's/=$//' | sort -u >"$tmp/completion-options"
	for option in $(missing "$tmp/help-options" "$tmp/completion-options"); do
		problem "$option is in --help but not offered by $COMPLETION"
	done
	for option in $(missing "$tmp/completion-options" "$tmp/help-options"); do
		problem "$option is offered by $COMPLETION but not in --help"
	done
	values=$(complete_words --missing-images = '' | tr '\n' ' ')
	[ "$values" = "error warn " ] ||
	    problem "$COMPLETION offers '$values' for --missing-images=, not 'error warn'"
else
	problem "$COMPLETION is missing"
fi

# --- keys: book.yaml (src/config.c) and front matter (src/article.c) against FILES ------------
# The keys config.c knows: its S_known_keys table (behind the "unknown key" warning) and the
# keys it looks up in the top-level mapping.
book_keys() {
	awk '/S_known_keys\[\] = \{/ { table = 1 } table { print } table && /;/ { table = 0 }' \
	    src/config.c | grep -oE '"[a-z][a-z_-]*"' | tr -d '"'
	grep -oE 'yaml_value_get\(root, "[a-z][a-z_-]*"\)' src/config.c | grep -oE '"[^"]*"' |
	    tr -d '"'
}
# The keys article.c reads (and site.c for it): every string of its "static const char *const" tables of
# spellings (one key may have several) and of its yaml_value_get() calls.
article_keys() {
	awk '/static const char \*const/ { table = 1 } table { print } table && /;/ { table = 0 }' \
	    src/article.c | grep -oE '"[a-z][a-z_-]*"' | tr -d '"'
	grep -oE 'yaml_value_get\([a-z_]+, "[a-z][a-z_-]*"\)' src/article.c |
	    grep -oE '"[^"]*"' | tr -d '"'
	# site.c reads the keys of a post's addresses for article.c.
	[ -f src/site.c ] || return 0
	awk '/address_keys\[\] = \{/ { table = 1 } table { print } table && /;/ { table = 0 }' \
	    src/site.c | grep -oE '"[a-z][a-z_-]*"' | tr -d '"'
	grep -oE 'yaml_value_get\([a-z_]+, "[a-z][a-z_-]*"\)' src/site.c |
	    grep -oE '"[^"]*"' | tr -d '"'
}
# The keys ".It Cm a , b" under the FILES item naming $1 (book.yaml or .md), at any depth.
page_keys() {
	awk -v item="$1" '/^\.Sh /{ in_files = ($2 == "FILES"); depth = 0 }
	    !in_files { next }
	    /^\.Bl/ { depth++ } /^\.El/ { depth-- }
	    depth == 1 && /^\.It / { here = index($0, item) > 0 }
	    depth >= 2 && here && /^\.It Cm / { for (i = 3; i <= NF; i++) if ($i != ",") print $i }' \
	    "$PAGE" | sort -u
}
check_keys() {	# source file, function listing its keys, FILES item, what the keys are
	[ -f "$1" ] || return 0
	"$2" | sort -u >"$tmp/source-keys"
	page_keys "$3" >"$tmp/page-keys"
	[ -s "$tmp/source-keys" ] || problem "no keys found in $1 (has its layout changed?)"
	for key in $(missing "$tmp/source-keys" "$tmp/page-keys"); do
		problem "$4 key '$key' ($1) is not described under FILES in $PAGE"
	done
	for key in $(missing "$tmp/page-keys" "$tmp/source-keys"); do
		problem "$4 key '$key' is described in $PAGE but $1 does not read it"
	done
}
check_keys src/config.c book_keys 'book.yaml' book.yaml
check_keys src/article.c article_keys '.md' front-matter
# --init writes a book.yaml naming every key, set or as a "# key:" comment.
if [ -f src/init.c ] && [ -f src/config.c ]; then
	for key in $(book_keys | sort -u); do
		grep -qE "^\"(# )?$key:" src/init.c ||
		    problem "book.yaml key '$key' is missing from the book.yaml of src/init.c"
	done
fi

# --- classes of warnings: --list-warnings against DIAGNOSTICS and README.md --------------------
"$BIN" --list-warnings 2>/dev/null | cut -d' ' -f1 | sort -u >"$tmp/classes"
[ -s "$tmp/classes" ] || problem "'$BIN --list-warnings' lists no class"
awk '/^\.Sh /{ in_diagnostics = ($2 == "DIAGNOSTICS") } in_diagnostics && /^\.It Cm /{ print $3 }' \
    "$PAGE" | sort -u >"$tmp/page-classes"
for class in $(missing "$tmp/classes" "$tmp/page-classes"); do
	problem "class '$class' of --list-warnings has no item under DIAGNOSTICS in $PAGE"
done
for class in $(missing "$tmp/page-classes" "$tmp/classes"); do
	problem "class '$class' is under DIAGNOSTICS in $PAGE but not in --list-warnings"
done
if [ -f README.md ]; then
	for class in $(cat "$tmp/classes"); do
		grep -q "^| \`$class\` |" README.md ||
		    problem "class '$class' of --list-warnings is not in the table of README.md"
	done
fi

echo "man-help: $options options checked, $problems problems"
[ "$problems" -eq 0 ]
