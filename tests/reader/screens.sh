#!/bin/sh
# screens.sh - pictures of the books in the readers that have no headless mode, for the README:
# FBReader 0.12 and Foliate 2.6 in a 600x800 window under Xvfb, paged with the keyboard
# (xdotool), plus MuPDF's page of the first captioned photo and the cover calibre's AZW3 keeps.
# Run by make reader-screenshots after make reader-test (not in CI: window managers, fonts and
# timing make the pictures differ from machine to machine).
#   screens.sh OUT DOCS   OUT holds reader-test's books and matrix output; DOCS gets the PNGs
set -eu
OUT=${1:?usage: screens.sh OUT DOCS}
DOCS=${2:?usage: screens.sh OUT DOCS}
SHOTS=$OUT/screens
mkdir -p "$SHOTS" "$DOCS"
OUT=$(cd "$OUT" && pwd)
SHOTS=$(cd "$SHOTS" && pwd)

# Opens book in reader ("fbreader" or "foliate") with a fresh home, then takes a picture of the
# window after each of the given number of presses of key: NAME-0.png, NAME-1.png...
shoot() {
	reader=$1 book=$2 name=$3 key=$4 presses=$5
	cat > "$SHOTS/$name.sh" <<-EOF
	export HOME="$SHOTS/home-$name" NO_AT_BRIDGE=1 GDK_BACKEND=x11
	rm -rf "\$HOME"; mkdir -p "\$HOME"
	if [ $reader = foliate ]; then
		dbus-run-session -- foliate "$book" > "$SHOTS/$name.log" 2>&1 &
	else
		fbreader "$book" > "$SHOTS/$name.log" 2>&1 &
	fi
	pid=\$!
	sleep 15
	window=\$(xdotool search --onlyvisible --name . | tail -1)
	xdotool windowmove \$window 0 0 windowsize \$window 600 800
	sleep 3
	i=0
	while :; do
		import-im6.q16 -window root "$SHOTS/$name-\$i.png"
		[ \$i -ge $presses ] && break
		xdotool key $key
		i=\$((i + 1))
		sleep 3
	done
	kill \$pid
	EOF
	timeout 120 xvfb-run -a -s "-screen 0 600x800x24" sh "$SHOTS/$name.sh"
}

# The long-title book: cover, title page, contents, then the article with its photo.
shoot fbreader "$OUT/long-title.epub" fbreader-long-title Next 3
shoot foliate "$OUT/long-title.epub" foliate-long-title Right 3
shoot foliate "$OUT/samples.epub" foliate-samples Right 1
cp "$SHOTS/fbreader-long-title-3.png" "$DOCS/fbreader-article.png"
cp "$SHOTS/foliate-long-title-3.png" "$DOCS/foliate-article.png"
cp "$SHOTS/foliate-samples-1.png" "$DOCS/foliate-title-page.png"

# MuPDF: the first page of samples/ whose text has the first caption.
caption=$(unzip -p "$OUT/samples.epub" 'EPUB/chapter-*.xhtml' |
	sed -n 's/.*<div class="caption">\([^<]\{1,30\}\).*/\1/p' | head -n 1)
pages=$(ls "$OUT"/matrix/samples/mupdf/page-*.png | wc -l)
page=1
while [ "$page" -le "$pages" ]; do
	if mutool draw -q -F txt -o - "$OUT/samples.epub" "$page" 2>/dev/null |
	    tr '\n' ' ' | grep -qF "$caption"; then
		mutool draw -q -r 96 -o "$DOCS/mupdf-article.png" "$OUT/samples.epub" "$page" 2>/dev/null
		break
	fi
	page=$((page + 1))
done

# The covers: what calibre's AZW3 of samples/ keeps, and the long-title book's drawn cover.
vips thumbnail "$OUT/matrix/samples/samples.azw3-cover.jpg" "$DOCS/calibre-azw3-cover.png" 700
vips thumbnail "$OUT/matrix/long-title/cover.jpg" "$DOCS/cover-long-title.png" 700
echo "screens: pictures in $DOCS"
