#!/bin/sh
# run-ace.sh - the accessibility proof behind `make ace`: builds the sample anthology and the fixture
# books with kagama-epub, checks each with Ace by DAISY in Debian's chromium, fails on any violation.
# Usage: tests/ace/run-ace.sh BINARY   (run from the top of the source tree, after `make ace-deps`)
#
# Each book NAME is written to build/ace/NAME.epub, Ace's reports to build/ace/NAME/ (report.json,
# report.html) and its log to build/ace/NAME.log.  Before the books, a canary (the sample book with
# an unlabelled <input> planted in its navigation document) must make Ace report the rule 'label':
# that proves the browser really ran axe, so a clean result below means something.
# Exit status: 0 when every book has no violation of any impact, 1 otherwise.
set -u
BIN=${1:?usage: run-ace.sh BINARY}
OUT=build/ace
HERE=tests/ace
ACE=$HERE/node_modules/@daisy/ace-cli/bin/ace.js
# Ace launches puppeteer itself, headless and with --no-sandbox (needed as root); puppeteer adds a
# throw-away profile and turns off networking, sync and first-run, so Debian's launcher will do.
PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}
PUPPETEER_SKIP_DOWNLOAD=1
# Ace gives the browser 5 s to start, too little on a busy two-core machine.
ACE_TIMEOUT_INITIAL=${ACE_TIMEOUT_INITIAL:-60000}
# Ace's own log files and config, and chromium's crash folder, stay in the build folder.
XDG_CONFIG_HOME=$PWD/$OUT/xdg/config
XDG_STATE_HOME=$PWD/$OUT/xdg/state
XDG_CACHE_HOME=$PWD/$OUT/xdg/cache
export PUPPETEER_EXECUTABLE_PATH PUPPETEER_SKIP_DOWNLOAD ACE_TIMEOUT_INITIAL
export XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: ace: $*" >&2; }

for need in "$BIN" "$ACE" "$PUPPETEER_EXECUTABLE_PATH"; do
	if [ ! -e "$need" ]; then
		echo "run-ace.sh: $need is missing (make, then make ace-deps)" >&2
		exit 1
	fi
done

rm -rf "$OUT"
mkdir -p "$OUT"

# Builds book $1 from folder $2 into $OUT/$1.epub.
build() {
	SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} "$BIN" -q "$2" -o "$OUT/$1.epub" \
	    2>"$OUT/$1.build.err"
	status=$?
	[ "$status" -eq 0 ] && return 0
	fail "$1: kagama-epub could not build $2 (exit status $status)"
	cat "$OUT/$1.build.err" >&2
	return 1
}

# Runs Ace on $OUT/$1.epub and prints its violations; further arguments go to summarize.js.
check() {
	name=$1; shift
	if ! node "$ACE" --force --outdir "$OUT/$name" "$OUT/$name.epub" >"$OUT/$name.log" 2>&1 ||
	    [ ! -f "$OUT/$name/report.json" ]; then
		fail "$name: Ace did not finish; the end of $OUT/$name.log:"
		tail -n 20 "$OUT/$name.log" >&2
		return 1
	fi
	if node "$HERE/summarize.js" "$name" "$OUT/$name/report.json" "$@"; then
		pass
	else
		fail "$name: see $OUT/$name/report.html"
	fi
}

# The canary: a copy of the sample book with a form field that has no label.
canary() {
	build canary samples || return 1
	nav=$(unzip -Z1 "$OUT/canary.epub" | grep 'nav\.xhtml$' | head -n 1)
	mkdir -p "$OUT/canary.src/$(dirname "$nav")"
	unzip -p "$OUT/canary.epub" "$nav" |
	    sed 's|</body>|<p><input type="text"/></p></body>|' >"$OUT/canary.src/$nav"
	if ! grep -q '<input' "$OUT/canary.src/$nav" ||
	    ! (cd "$OUT/canary.src" && zip -q ../canary.epub "$nav"); then
		fail "canary: could not plant the unlabelled <input> in $nav (are unzip and zip installed?)"
		return 1
	fi
	check canary --expect label
}

canary

# The books: the sample anthology (drawn SVG cover), the nested-parts fixture, the fixture that
# sets every book.yaml key (given cover, index, colophon, editor's CSS), and this folder's own
# fixture, which also sets every front-matter key and adds an HTML table and a second language,
# plain-text news stories without book.yaml (captions, credits, datelines), the photos book
# (issue 18: converted, turned and stripped photos), the CommonMark and GFM fixtures (pipe
# tables, footnotes as notes, task lists), the book of links and SVGs as real sites have them
# (headings out of order, empty <th>, unnamed linked images), and the site archives of Jekyll,
# Hugo, Eleventy and WordPress (shortcodes, attribute lists), and a long report cut into
# continuation files (--split-size) with footnotes and links across them.
for book in samples:samples nested:tests/books/nested full-metadata:tests/books/full-metadata \
    ace-full-metadata:$HERE/books/full-metadata plain-stories:tests/books/plain-stories \
    photos:tests/books/photos commonmark:tests/books/commonmark gfm:tests/books/gfm \
    nasty-web:tests/books/nasty-web jekyll-blog:tests/books/jekyll-blog \
    hugo-site:tests/books/hugo-site eleventy-blog:tests/books/eleventy-blog \
    wordpress-export:tests/books/wordpress-export long-report:tests/books/long-report; do
	name=${book%%:*}
	build "$name" "${book#*:}" && check "$name"
done

echo "ace: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
