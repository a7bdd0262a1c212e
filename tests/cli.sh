#!/bin/sh
# cli.sh - the command line as a user meets it: usage errors, output paths that cannot work,
# --check, --dump, -q, --strict, interruption and a full disk.  Each case asserts the exit
# status, the message, and that an earlier output survives byte for byte.
# Usage: tests/cli.sh BINARY   (from the top of the source tree; mounts a tmpfs when root)
set -u
BIN=${1:?usage: cli.sh BINARY}
OUT=tests/out/cli
passed=0
failed=0
rm -rf "$OUT"
mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect NAME STATUS PATTERN -- ARGS...: runs the binary, checks status and stderr.
expect() {
	name=$1 status=$2 pattern=$3
	shift 4
	"$BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
	got=$?
	if [ "$got" -ne "$status" ]; then
		fail "$name: exit status $got, expected $status"
		cat "$OUT/$name.err" >&2
	elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$OUT/$name.err" "$OUT/$name.out"; then
		fail "$name: no message matching '$pattern'"
		cat "$OUT/$name.err" >&2
	else
		pass
	fi
}

# unchanged FILE: the earlier output is still "earlier book".
unchanged() {
	if [ "$(cat "$1" 2>/dev/null)" = "earlier book" ]; then pass; else fail "$1 was changed"; fi
}

expect help 0 "exit status" -- --help
expect version 0 "kagama-epub 0" -- --version
expect no-input 2 "no input folder given" --
expect two-inputs 2 "more than one input folder" -- samples tests -o "$OUT/x.epub"
expect no-output 2 "no output file given" -- samples
expect bad-option 2 "^kagama-epub: unrecognized option '--no-such-option'$" -- \
    --no-such-option samples -o "$OUT/x.epub"
# getopt's own wording would start with the path the binary was run as ("./kagama-epub:").
if grep -q "^Try 'kagama-epub --help'.$" "$OUT/bad-option.err" &&
    ! grep -q "^[^k]" "$OUT/bad-option.err" | grep -v '^Try'; then pass
else fail "bad-option: $(cat "$OUT/bad-option.err")"; fi
if grep -v "^Try" "$OUT/bad-option.err" | grep -qv "^kagama-epub: "; then
	fail "bad-option: a line does not start with 'kagama-epub: ': $(cat "$OUT/bad-option.err")"
else pass; fi
expect bad-short-option 2 "^kagama-epub: unrecognized option '-x'$" -- -x samples -o "$OUT/x.epub"
expect option-needs-argument 2 "^kagama-epub: option '--output' needs an argument$" -- \
    samples --output
expect ambiguous-option 2 "^kagama-epub: option '--max' is ambiguous" -- \
    --max 3 samples -o "$OUT/x.epub"
expect bad-mode 2 "takes 'error' or 'warn'" -- --missing-images=maybe samples -o "$OUT/x.epub"
expect bad-size 2 "needs a number" -- --max-article-size=lots samples -o "$OUT/x.epub"
expect missing-input 2 "input folder 'tests/out/cli/nowhere'" -- "$OUT/nowhere" -o "$OUT/x.epub"
expect input-is-file 2 "is not a folder" -- Makefile -o "$OUT/x.epub"
mkdir -p "$OUT/a-folder"
expect output-is-folder 2 "is a folder" -- samples -o "$OUT/a-folder"
expect output-folder-missing 2 "does not exist" -- samples -o "$OUT/missing/x.epub"

# The output may sit inside the input folder: it is never read back as an article.
mkdir -p "$OUT/inside"
cp -r tests/books/ordered/* "$OUT/inside/"
expect output-inside-input 0 "" -- "$OUT/inside" -o "$OUT/inside/book.epub"
expect output-inside-input-again 0 "" -- "$OUT/inside" -o "$OUT/inside/book.epub"
if unzip -Z1 "$OUT/inside/book.epub" | grep -q 'chapter-004'; then fail "output read as input"; else pass; fi

# The output must not overwrite an article.
cp tests/books/ordered/zeta.md "$OUT/zeta-copy.md"
mkdir -p "$OUT/self"
cp tests/books/ordered/zeta.md "$OUT/self/a.md"
cp "$OUT/self/a.md" "$OUT/self-a.md.orig"
expect output-is-article 2 "refusing to overwrite" -- "$OUT/self" -o "$OUT/self/a.md"
if cmp -s "$OUT/self/a.md" "$OUT/self-a.md.orig"; then pass; else fail "article overwritten"; fi

# --check writes nothing; --dump prints the model; -q prints no summary.
expect check-only 0 "" -- --check samples -o "$OUT/checked.epub"
if [ -e "$OUT/checked.epub" ]; then fail "--check wrote a file"; else pass; fi
expect dump 0 "article chapter-001.xhtml: 1-kabar-dunia/1-kunjungan-duta-besar.md" -- --dump samples
expect check-finds-errors 1 "does not exist" -- --check tests/fail/missing-image
printf 'earlier book\n' > "$OUT/strict.epub"
expect strict 1 "^kagama-epub: 1 warning treated as error (--strict)$" -- \
    --strict tests/books/ordered -o "$OUT/strict.epub"
if grep -q "0 errors" "$OUT/strict.err"; then fail "--strict still says '0 errors'"; else pass; fi
expect jobs-zero 2 "--jobs takes a number from 1 to 1024, not '0'" -- -j 0 samples -o "$OUT/x.epub"
expect jobs-too-many 2 "--jobs takes a number from 1" -- --jobs 5000 samples -o "$OUT/x.epub"
expect jobs-word 2 "--jobs needs a number" -- --jobs=many samples -o "$OUT/x.epub"
expect jobs-one 0 "" -- -j 1 samples -o "$OUT/jobs-one.epub"

# The progress line: only on a terminal (script(1) makes one), erased at the end, never with
# -q, never into a pipe or file.  KAGAMA_PROGRESS_DELAY=0 shows it even for a quick build.
if script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	KAGAMA_PROGRESS_DELAY=0 script -qec "'$BIN' samples -o '$OUT/progress.epub'" /dev/null \
	    </dev/null > "$OUT/progress.tty" 2>&1
	if grep -q "rendering [0-9]*/[0-9]* articles" "$OUT/progress.tty"; then pass
	else fail "no progress line on a terminal"; cat "$OUT/progress.tty" >&2; fi
	# The last progress line is erased: after the last erase come only whole lines of messages
	# (the samples' "drop: removed ..." summary), no progress.
	after=$(awk 'BEGIN { RS = "\033\\[K" } { last = $0 } END { printf "%s", last }' \
	    "$OUT/progress.tty")
	if [ "$(tail -c 4 "$OUT/progress.tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
	    { grep -q "$(printf '\033\\[K')" "$OUT/progress.tty" &&
	    ! printf '%s' "$after" | grep -q "rendering\|packing" &&
	    [ "$(tail -c 1 "$OUT/progress.tty" | od -An -c | tr -d ' ')" = '\n' ]; }
	then pass
	else fail "the progress line is not erased at the end"; fi
	KAGAMA_PROGRESS_DELAY=0 script -qec "'$BIN' -q samples -o '$OUT/progress-q.epub'" /dev/null \
	    </dev/null > "$OUT/progress-q.tty" 2>&1
	if [ ! -s "$OUT/progress-q.tty" ]; then pass; else fail "-q still drew a progress line"; fi
else
	echo "cli: script(1) cannot make a terminal here; progress line not tested" >&2
fi
KAGAMA_PROGRESS_DELAY=0 "$BIN" samples -o "$OUT/progress-file.epub" 2>"$OUT/progress-file.err"
if grep -q "rendering" "$OUT/progress-file.err"; then fail "progress line written to a file"; else pass; fi
unchanged "$OUT/strict.epub"
expect quiet 0 "" -- -q tests/books/ordered -o "$OUT/quiet.epub"
if [ -s "$OUT/quiet.err" ]; then fail "-q printed: $(cat "$OUT/quiet.err")"; else pass; fi
expect summary 0 "0 errors, 1 warning" -- tests/books/ordered -o "$OUT/summary.epub"

# Classes of warnings.  tests/books/ordered warns once, of [article-list].
expect class-suffix 0 "warning: left out: .* \\[article-list\\]$" -- \
    tests/books/ordered -o "$OUT/class.epub"
expect class-line 0 "^kagama-epub: 1 warning \\[article-list\\], at tests/books/ordered/unlisted.md$" \
    -- tests/books/ordered -o "$OUT/class.epub"
expect class-off 0 "" -- -W no-article-list tests/books/ordered -o "$OUT/class.epub"
if grep -q "warning" "$OUT/class-off.err"; then fail "-W no-article-list: $(cat "$OUT/class-off.err")"
else pass; fi
printf 'earlier book\n' > "$OUT/class-error.epub"
expect class-error 1 "error: left out: .* \\[article-list\\]$" -- \
    -W article-list=error tests/books/ordered -o "$OUT/class-error.epub"
unchanged "$OUT/class-error.epub"
expect class-unknown 2 "-W nonsense: no such class" -- -W nonsense samples -o "$OUT/x.epub"
expect class-bad-level 2 "the level is off, note, warn or error" -- \
    -W missing-alt=loud samples -o "$OUT/x.epub"
expect list-warnings 0 "^missing-alt  *warning  *an image has no alt text$" -- --list-warnings
expect max-per-class-word 2 "--max-per-class needs a number" -- \
    --max-per-class=many samples -o "$OUT/x.epub"

# 25 images without alt text in five articles: 10 printed in reading order, 15 counted, the
# same ones at any -j; book.yaml's warnings: and -W over it.
noisy=$OUT/noisy
mkdir -p "$noisy"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n' > "$noisy/dot.svg"
for a in 1 2 3 4 5; do
	{ printf -- '---\ntitle: Noisy %d\n---\n\n' $a
	  for i in 1 2 3 4 5; do printf 'Picture %d: ![](dot.svg)\n\n' $i; done; } > "$noisy/$a.md"
done
expect max-per-class 0 "^kagama-epub: 25 warnings \\[missing-alt\\], first at $noisy/1.md:5:12; 15 not shown (--max-per-class)$" \
    -- "$noisy" -o "$OUT/noisy.epub"
if [ "$(grep -c 'has no alt text' "$OUT/max-per-class.err")" = 10 ] &&
    grep -q "^kagama-epub: $noisy/2.md:13:12: warning: image 'dot.svg' has no alt" "$OUT/max-per-class.err" &&
    ! grep -q "^kagama-epub: $noisy/3.md" "$OUT/max-per-class.err"; then pass
else fail "max-per-class: not the first 10 in reading order: $(cat "$OUT/max-per-class.err")"; fi
for jobs in 1 4; do
	"$BIN" -j $jobs "$noisy" -o "$OUT/noisy-j$jobs.epub" 2>&1 | grep -v "^kagama-epub: wrote " \
	    > "$OUT/noisy-j$jobs.err"
	if cmp -s "$OUT/noisy-j$jobs.err" "$OUT/noisy-j1.err"; then pass
	else fail "max-per-class: -j $jobs shows other messages than -j 1"; fi
done
expect max-per-class-all 0 "25 warnings \\[missing-alt\\], first at" -- \
    --max-per-class 0 "$noisy" -o "$OUT/noisy.epub"
if [ "$(grep -c 'has no alt text' "$OUT/max-per-class-all.err")" = 25 ] &&
    ! grep -q "not shown" "$OUT/max-per-class-all.err"; then pass
else fail "--max-per-class 0 did not print all 25"; fi
printf 'title: Noisy\nwarnings: {missing-alt: off, no-such-class: error}\n' > "$noisy/book.yaml"
expect yaml-warnings-off 0 "book.yaml:2:30: warning: no class of warnings is called 'no-such-class'" \
    -- "$noisy" -o "$OUT/noisy.epub"
if grep -q "alt text" "$OUT/yaml-warnings-off.err"; then fail "warnings: {missing-alt: off} ignored"
else pass; fi
expect yaml-warnings-overridden 0 "25 warnings \\[missing-alt\\]" -- \
    -W missing-alt=warn "$noisy" -o "$OUT/noisy.epub"
printf 'title: Noisy\nwarnings: {missing-alt: loud}\n' > "$noisy/book.yaml"
expect yaml-warnings-bad 1 "warnings: 'missing-alt' takes off, note, warn or error" -- \
    "$noisy" -o "$OUT/noisy.epub"
rm "$noisy/book.yaml"

# By line within an article, whichever stage found it: the link (line 5) is checked after the
# images (lines 3 and 7) are built, but comes out between them.
mkdir -p "$OUT/by-line"
printf '# By line\n\n![](dot.svg)\n\nSee [nothing](nothing.md).\n\n![](dot.svg)\n' \
    > "$OUT/by-line/a.md"
cp "$noisy/dot.svg" "$OUT/by-line/"
expect by-line 0 "" -- "$OUT/by-line" -o "$OUT/by-line.epub"
lines=$(grep "warning:" "$OUT/by-line.err" | grep -o 'a.md:[0-9]*' | cut -d: -f2 | tr '\n' ' ')
if [ "$lines" = "3 5 7 " ]; then pass; else fail "by-line: lines in the order $lines"; fi

# Messages quote what the author wrote, not cmark's percent-encoding of it.
mkdir -p "$OUT/as-written"
printf '# Ditulis\n\n[berita](kabar/berita-\303\251.md) dan [x](<dua kata.md>).\n\nBaca juga: Judul Yang Tidak Ada\n' \
    > "$OUT/as-written/a.md"
printf 'title: Ditulis\nread-also: ["Baca juga:"]\n' > "$OUT/as-written/book.yaml"
expect as-written 0 "$(printf "a.md:3:1: warning: link to 'kabar/berita-\303\251.md': no such")" \
    -- -v "$OUT/as-written" -o "$OUT/as-written.epub"
# Columns count bytes, as gcc's do: the "\303\251" before it is two.
if grep -q "a.md:3:34: warning: link to 'dua kata.md'" "$OUT/as-written.err" &&
    grep -q 'names no article of the book: "Judul Yang Tidak Ada" \[read-also\]' \
    "$OUT/as-written.err"; then pass
else fail "as-written: $(cat "$OUT/as-written.err")"; fi

# The closing line; -q drops it; a name that is not .epub is warned of.
expect wrote 0 "^kagama-epub: wrote $OUT/wrote.epub: [0-9]* articles in [0-9]* parts, [0-9]* images, [0-9]* KiB, [0-9.]* s$" \
    -- samples -o "$OUT/wrote.epub"
expect wrote-txt 0 "warning: output '$OUT/wrote.txt' does not end in .epub.*\\[output-name\\]" \
    -- samples -o "$OUT/wrote.txt"
expect check-writes-nothing 0 "" -- --check samples
if grep -q "wrote" "$OUT/check-writes-nothing.err"; then fail "--check says it wrote"; else pass; fi

# book.yaml's drop: is counted in one note of its class, which -q, -W and -v (which names every
# paragraph, and whose closing line counts them) all obey.
drop_summary="^kagama-epub: note: drop: removed 2 paragraphs (--verbose names them) \\[dropped-paragraph\\]$"
expect drop-summary 0 "$drop_summary" -- samples -o "$OUT/drop.epub"
for quiet in -q -Wno-dropped-paragraph -v "-W dropped-paragraph=warn"; do
	# shellcheck disable=SC2086 # "-W dropped-paragraph=warn" is two words on purpose
	expect drop-summary-quiet 0 "" -- $quiet samples -o "$OUT/drop.epub"
	if grep -q "drop: removed" "$OUT/drop-summary-quiet.err"; then
		fail "drop summary printed with $quiet: $(cat "$OUT/drop-summary-quiet.err")"
	else pass; fi
done
# ...the last of them, warn: the closing line counts instead.
if grep -q "^kagama-epub: 2 warnings \\[dropped-paragraph\\]" "$OUT/drop-summary-quiet.err"; then pass
else fail "-W dropped-paragraph=warn: no closing line: $(cat "$OUT/drop-summary-quiet.err")"; fi

# --init says what it made and how to build it, and refuses -o.
rm -rf "$OUT/new-book"
expect init 0 "^kagama-epub: build it with: kagama-epub $OUT/new-book -o book.epub$" -- \
    --init "$OUT/new-book/"
expect init-made 0 "^kagama-epub: created $OUT/new-book-2/ with book.yaml" -- --init "$OUT/new-book-2"
expect init-quiet 0 "" -- -q --init "$OUT/new-book-3"
if [ -s "$OUT/init-quiet.err" ]; then fail "--init -q printed"; else pass; fi
expect init-output 2 "--init writes a book folder, not an EPUB; leave out -o" -- \
    --init "$OUT/new-book-4" -o "$OUT/x.epub"
if [ -e "$OUT/new-book-4" ]; then fail "--init -o made the folder"; else pass; fi

# A cover only warned about (missing under missing-images: warn, or remote) gives way to the
# drawn one; it used to leave the book without a cover and crash while packaging.
for cover in "nope.jpg" "https://example.org/cover.jpg"; do
	rm -rf "$OUT/lost-cover" && mkdir -p "$OUT/lost-cover"
	printf -- '---\ntitle: One\n---\nText.\n' > "$OUT/lost-cover/one.md"
	printf 'title: Lost cover\ncover: %s\nmissing-images: warn\n' "$cover" \
	    > "$OUT/lost-cover/book.yaml"
	expect lost-cover 0 "0 errors, 1 warning" -- "$OUT/lost-cover" -o "$OUT/lost-cover.epub"
	if unzip -l "$OUT/lost-cover.epub" 2>/dev/null | grep -q "EPUB/images/cover.jpg"; then
		pass
	else
		fail "lost-cover ($cover): no drawn cover in the book"
	fi
done

# Interrupted: SIGINT and SIGTERM while the book is written leave no partial file.
big=$OUT/big
mkdir -p "$big"
i=0
while [ $i -lt 400 ]; do
	head -c 300000 /dev/urandom > "$big/photo-$i.bin"
	{ printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000'
	  printf '\377\300\000\021\010\001\000\001\000\003\001\042\000\002\021\001\003\021\001'
	  cat "$big/photo-$i.bin"; printf '\377\331'; } > "$big/photo-$i.jpg"
	rm "$big/photo-$i.bin"
	printf '![Photo %d](photo-%d.jpg)\n' $i $i > "$big/article-$i.md"
	i=$((i + 1))
done
# A signal while articles are rendered stops at once; one while the archive is written (sent
# as soon as the temporary archive appears beside the output, polled every 10 ms) makes the
# writer remove it.  Either way: exit 3, the earlier output intact, no file left.
# interrupt SIGNAL WHEN: WHEN is "rendering" or "writing".
# caught PID NUMBER: 0 once the process has a handler for signal NUMBER (/proc's SigCgt mask),
# so that a signal sent on a loaded machine cannot land before the handler and kill it outright.
caught() {
	mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$mask" ] && [ $(((0x$mask >> ($2 - 1)) & 1)) -eq 1 ]
}
interrupt() {
	signal=$1 when=$2
	case $signal in INT) number=2 ;; TERM) number=15 ;; HUP) number=1 ;; esac
	printf 'earlier book\n' > "$OUT/interrupted.epub"
	"$BIN" "$big" -o "$OUT/interrupted.epub" 2>"$OUT/interrupted-$signal.err" &
	pid=$!
	tries=0
	while [ $tries -lt 3000 ] && kill -0 $pid 2>/dev/null && ! caught $pid $number; do
		sleep 0.01
		tries=$((tries + 1))
	done
	tries=0
	if [ "$when" = writing ]; then
		while [ $tries -lt 3000 ] && kill -0 $pid 2>/dev/null &&
		    ! ls "$OUT"/interrupted.epub.?????? >/dev/null 2>&1; do
			sleep 0.01
			tries=$((tries + 1))
		done
	else
		# Not before main() catches signals: the libraries (libvips and its own) load first.
		while [ $tries -lt 300 ] && kill -0 $pid 2>/dev/null &&
		    ! grep -q '^SigCgt:.*[13579bdf]$' /proc/$pid/status 2>/dev/null; do
			sleep 0.01
			tries=$((tries + 1))
		done
		sleep 0.05
	fi
	kill -s "$signal" $pid 2>/dev/null
	wait $pid
	status=$?
	if [ $status -eq 0 ]; then
		echo "cli: note: SIG$signal came after the book was written ($when)"
		return
	fi
	if [ $status -eq 3 ]; then pass; else fail "SIG$signal $when: exit status $status, expected 3"; fi
	unchanged "$OUT/interrupted.epub"
	if ls "$OUT"/interrupted.epub?* >/dev/null 2>&1; then fail "SIG$signal left a temporary file"; else pass; fi
	# A loaded machine may delay the signal past the rendering: either message is right then.
	if grep -q "interrupted before writing\|interrupted; nothing written" \
	    "$OUT/interrupted-$signal.err"; then pass
	else fail "SIG$signal $when: no 'interrupted' message: $(cat "$OUT/interrupted-$signal.err")"; fi
	if [ "$when" = writing ] && ! grep -q "interrupted; nothing written" \
	    "$OUT/interrupted-$signal.err"; then
		echo "cli: note: SIG$signal meant for the writing came before it"
	fi
}
for signal in INT TERM HUP; do
	interrupt $signal rendering
	interrupt $signal writing
done

# A template of the user's may show any of the book's texts on any page: a colophon that gives
# the year and the subtitle, which the built-in one does not.
mkdir -p "$OUT/templates"
sed 's|<?kagama book-title?>|<?kagama book-title?> (<?kagama book-year?>), <?kagama book-subtitle?>|' \
    epub-templates/colophon.xhtml > "$OUT/templates/colophon.xhtml"
expect own-colophon 0 "" -- tests/books/full-metadata --templates "$OUT/templates" -q \
    -o "$OUT/own-colophon.epub"
colophon=$(unzip -p "$OUT/own-colophon.epub" EPUB/colophon.xhtml 2>/dev/null)
year=$(sed -n 's/^date: *"*\([0-9]\{4\}\).*/\1/p' tests/books/full-metadata/book.yaml)
subtitle=$(sed -n 's/^subtitle: *"*\([^"]*\)"*$/\1/p' tests/books/full-metadata/book.yaml)
case $colophon in
*"($year), $subtitle"*) pass ;;
*) fail "own-colophon: no '($year), $subtitle' in colophon.xhtml" ;;
esac

# A full disk: a 2 MB tmpfs cannot hold a 120 MB book.
if [ "$(id -u)" = 0 ] && mkdir -p "$OUT/small" && mount -t tmpfs -o size=2m tmpfs "$OUT/small" 2>/dev/null; then
	printf 'earlier book\n' > "$OUT/small/full.epub"
	expect disk-full 3 "cannot write" -- "$big" -o "$OUT/small/full.epub"
	unchanged "$OUT/small/full.epub"
	if [ "$(ls "$OUT/small" | wc -l)" -eq 1 ]; then pass; else fail "disk full left files: $(ls "$OUT/small")"; fi
	umount "$OUT/small"
else
	echo "cli: skipped the full-disk case (needs root and tmpfs)"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
