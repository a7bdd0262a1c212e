#!/bin/sh
# run-tests.sh - the text-form tests behind `make check`: golden chapters (tests/regress/),
# whole-book fixtures (tests/books/), failure cases (tests/fail/), reproducibility, and EPUBCheck
# over every book built.  REGEN=1 rewrites the expectations instead of comparing.
# Usage: tests/run-tests.sh BINARY   (run from the top of the source tree)
set -u
BIN=${1:?usage: run-tests.sh BINARY}
WRAP=${WRAP:-}            # e.g. "valgrind -q --error-exitcode=99" from make memcheck
REGEN=${REGEN:-0}
OUT=tests/out
JAVA_CLASSES=build/java
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# section NAME: one line with what the section just ended passed and failed.
section_passed=0 section_failed=0
section() {
	echo "run-tests: $1: $((passed - section_passed)) passed, $((failed - section_failed)) failed" \
	    "(so far $passed, $failed)"
	section_passed=$passed section_failed=$failed
}

rm -rf "$OUT"
mkdir -p "$OUT/books" "$OUT/regress" "$OUT/fail"

# Runs the compiler; stderr goes to $2, the exit status is returned.  The closing "wrote FILE:
# ... KiB, 0.1 s" line is left out: its size and time are not the messages under test
# (tests/cli.sh checks it).
compile() {
	input=$1 errors=$2; shift 2
	# Re-encoded photos are cached inside the test output, never in the tester's home.
	XDG_CACHE_HOME=$PWD/$OUT/cache SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} \
	    $WRAP "$BIN" "$input" "$@" 2>"$errors"
	compile_status=$?
	sed -i '/^kagama-epub: wrote .*, [0-9.]* s$/d' "$errors"
	return $compile_status
}

# Compares expected file $1 with actual file $2 (or regenerates $1).
golden() {
	if [ "$REGEN" = 1 ]; then
		cp "$2" "$1"
		pass
	elif [ ! -f "$1" ]; then
		fail "$1 is missing (run make regen)"
	elif diff -u "$1" "$2" >&2; then
		pass
	else
		fail "$2 differs from $1"
	fi
}

# Golden chapters: tests/regress/NAME.md (or NAME.txt, a plain story) becomes a one-article
# book, built with the options in NAME.args if there is one; its chapter XHTML and its
# diagnostics are compared with NAME.xhtml and NAME.err.
for md in tests/regress/*.md tests/regress/*.txt; do
	name=$(basename "$md"); name=${name%.*}
	dir=$OUT/regress/$name
	mkdir -p "$dir"
	cp "$md" "$dir/"
	[ -d tests/regress/images ] && cp -r tests/regress/images "$dir/"
	[ -f "tests/regress/$name.yaml" ] && cp "tests/regress/$name.yaml" "$dir/book.yaml"
	args=""
	[ -f "tests/regress/$name.args" ] && args=$(cat "tests/regress/$name.args")
	# shellcheck disable=SC2086
	compile "$dir" "$OUT/regress/$name.err" -o "$OUT/books/regress-$name.epub" $args
	status=$?
	if [ $status -ne 0 ]; then
		fail "regress/$name: exit status $status"
		cat "$OUT/regress/$name.err" >&2
		continue
	fi
	unzip -p "$OUT/books/regress-$name.epub" EPUB/chapter-001.xhtml > "$OUT/regress/$name.xhtml"
	golden "tests/regress/$name.xhtml" "$OUT/regress/$name.xhtml"
	if [ -s "$OUT/regress/$name.err" ] || [ -f "tests/regress/$name.err" ]; then
		golden "tests/regress/$name.err" "$OUT/regress/$name.err"
	fi
done

section golden

# Whole-book fixtures: the package documents are compared; the books are checked below.
for book in samples tests/books/*/; do
	book=${book%/}
	name=$(basename "$book")
	compile "$book" "$OUT/books/$name.err" -o "$OUT/books/$name.epub"
	status=$?
	if [ $status -ne 0 ]; then
		fail "$book: exit status $status"
		cat "$OUT/books/$name.err" >&2
		continue
	fi
	pass
	[ -d "tests/expected/$name" ] || mkdir -p "tests/expected/$name"
	for doc in content.opf nav.xhtml toc.ncx; do
		unzip -p "$OUT/books/$name.epub" "EPUB/$doc" > "$OUT/books/$name.$doc"
		golden "tests/expected/$name/$doc" "$OUT/books/$name.$doc"
	done
	"$BIN" "$book" --dump > "$OUT/books/$name.dump" 2>/dev/null
	golden "tests/expected/$name/dump.txt" "$OUT/books/$name.dump"
	golden "tests/expected/$name/stderr.txt" "$OUT/books/$name.err"
done

# Site archives: no kramdown attribute list, built-in shortcode or Liquid URL idiom reaches a
# chapter of the generator fixtures as text.
for name in jekyll-blog hugo-site eleventy-blog wordpress-export; do
	[ -f "$OUT/books/$name.epub" ] || continue
	left=$(unzip -p "$OUT/books/$name.epub" 'EPUB/chapter-*.xhtml' | grep -nE \
	    '\{:|\{%-? *(end)?(highlight|raw|post_url|link|include|image|comment)|\{\{[<%]|site\.(base)?url|\[/?(caption|embed|gallery)')
	if [ -z "$left" ]; then pass; else fail "$name: site-generator markup left in a chapter:"; echo "$left" >&2; fi
done

# Threads: every book is the same, byte for byte and message for message, on one thread and
# on four as on the default (one per core).  tests/books/cross-links is made for this: images
# with one name in three folders, a duplicate, links into later chapters, a title that only
# its heading gives.
for book in samples tests/books/*/; do
	book=${book%/}
	name=$(basename "$book")
	[ -f "$OUT/books/$name.epub" ] || continue
	for jobs in 1 4; do
		# Not named .epub, so that EPUBCheck below skips them: they are the same bytes.
		compile "$book" "$OUT/books/$name-j$jobs.err" -o "$OUT/books/$name-j$jobs.epub.out" \
		    --jobs "$jobs" -W no-output-name
		if cmp -s "$OUT/books/$name.epub" "$OUT/books/$name-j$jobs.epub.out" &&
		    cmp -s "$OUT/books/$name.err" "$OUT/books/$name-j$jobs.err"; then
			pass
		else
			fail "$book: --jobs $jobs gives another book or other messages"
		fi
	done
done

# Reproducibility: the same input twice gives the same bytes, with and without
# SOURCE_DATE_EPOCH, and from another working directory.
SOURCE_DATE_EPOCH= compile samples "$OUT/repro.err" -o "$OUT/repro-1.epub"
SOURCE_DATE_EPOCH= compile samples "$OUT/repro.err" -o "$OUT/repro-2.epub"
if cmp "$OUT/repro-1.epub" "$OUT/repro-2.epub"; then pass; else fail "two builds of samples differ"; fi
(cd "$OUT" && SOURCE_DATE_EPOCH=1700000000 TZ=Asia/Jakarta "../../$BIN" ../../samples -o repro-3.epub 2>/dev/null)
if cmp "$OUT/books/samples.epub" "$OUT/repro-3.epub"; then pass; else fail "build from another folder or time zone differs"; fi

section books

# Failure cases: tests/fail/NAME/ is an input folder; NAME.status holds the expected exit
# status and NAME.err the expected messages.  An earlier output must survive byte for byte, and
# no temporary file may be left beside it.
for case in tests/fail/*/; do
	case=${case%/}
	name=$(basename "$case")
	target=$OUT/fail/$name.epub
	printf 'earlier book\n' > "$target"
	args=""
	[ -f "$case.args" ] && args=$(cat "$case.args")
	# shellcheck disable=SC2086
	compile "$case" "$OUT/fail/$name.err" -o "$target" $args
	status=$?
	expected=$(cat "$case.status" 2>/dev/null || echo 1)
	if [ "$status" = "$expected" ]; then pass; else fail "fail/$name: exit status $status, expected $expected"; fi
	if [ "$(cat "$target")" = "earlier book" ]; then pass; else fail "fail/$name: earlier output changed"; fi
	leftovers=$(find "$OUT/fail" -name "$name.epub?*" | wc -l)
	if [ "$leftovers" -eq 0 ]; then pass; else fail "fail/$name: temporary files left"; fi
	golden "$case.err" "$OUT/fail/$name.err"
done

section fail

# EPUBCheck over every book built, in one JVM.
if [ ! -f "$JAVA_CLASSES/EpubCheckMany.class" ]; then
	mkdir -p "$JAVA_CLASSES"
	javac -cp /usr/share/java/epubcheck.jar -d "$JAVA_CLASSES" tests/tools/EpubCheckMany.java
fi
if java -cp "$JAVA_CLASSES:/usr/share/java/epubcheck.jar" EpubCheckMany "$OUT"/books/*.epub \
    > "$OUT/epubcheck.log" 2>&1; then
	pass
else
	fail "EPUBCheck found problems:"
	grep -E "^(ERROR|WARNING|FATAL)|errors, [1-9]|[1-9][0-9]* errors" "$OUT/epubcheck.log" >&2
fi
grep -E '^epubcheck: [0-9]+ passed' "$OUT/epubcheck.log"

section epubcheck

# Links: every href and src of every book leads to a file of the archive and an id in that very
# file (a chapter cut into continuation files by --split-size included: tests/books/long-report),
# every chapter file is in the spine, and the nav lists each article once.
if /usr/bin/python3 tests/tools/epub-links.py "$OUT"/books/*.epub > "$OUT/links.log" 2>&1; then
	pass
else
	fail "links that lead nowhere:"
	grep -v '^epub-links:' "$OUT/links.log" >&2
fi
tail -n 1 "$OUT/links.log"
# The long report is cut where the book says (split-size: 2): at least three files.
parts=$(unzip -l "$OUT/books/long-report.epub" 2>/dev/null | grep -c 'EPUB/chapter-001-[0-9]*\.xhtml')
if [ "$parts" -ge 2 ]; then pass; else fail "long-report: $parts continuation files, expected at least 2"; fi

section links
echo "run-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
