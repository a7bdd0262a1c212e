#!/bin/sh
# photos.sh - what the book makes of camera photos (issue 18), checked on the pixels and bytes of
# tests/books/photos: an EXIF-6 JPEG comes out upright (dimensions and a corner pixel), CMYK
# comes out sRGB, WebP becomes JPEG, a PNG with alpha stays PNG, no GPS position or camera serial
# in any image; the image cache is reused, invalidated by new settings or new bytes, and a
# corrupted or foreign entry is made again.  Part of make check.
# Usage: tests/photos.sh BINARY   (from the top of the source tree; needs vips from libvips-tools)
set -u
BIN=${1:?usage: photos.sh BINARY}
WRAP=${WRAP:-}
OUT=tests/out/photos
BOOK=tests/books/photos
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { what=$1; shift; if "$@"; then pass; else fail "$what"; fi; }

rm -rf "$OUT"
mkdir -p "$OUT/x"

# build EPUB ERRFILE [options...]: the photos book with the cache in $OUT/cache.
build() {
	epub=$1 errors=$2; shift 2
	SOURCE_DATE_EPOCH=1700000000 $WRAP "$BIN" "$BOOK" -o "$epub" --cache "$OUT/cache" "$@" \
	    2>"$errors"
}

# The pixel at x y of an image, as "r g b" rounded.
pixel() {
	vips getpoint "$1" "$2" "$3" | awk '{ for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? " " : ""), $i + 0.5; print "" }'
}

build "$OUT/first.epub" "$OUT/first.err" -v
check "first build succeeds" test $? -eq 0
unzip -q -o "$OUT/first.epub" -d "$OUT/x"
I=$OUT/x/EPUB/images

# Upright: 96x48 taken with the camera turned (orientation 6) is 48x96, and the red block
# that was top-left is now top-right.
check "sideways.jpg is 48x96" test "$(vipsheader -f width "$I/sideways.jpg")x$(vipsheader -f height "$I/sideways.jpg")" = 48x96
set -- $(pixel "$I/sideways.jpg" 46 1)
check "sideways.jpg top-right is red ($*)" test "$1" -gt 180 -a "$3" -lt 70
set -- $(pixel "$I/sideways.jpg" 1 1)
check "sideways.jpg top-left is blue ($*)" test "$3" -gt 150
check "sideways.jpg has no orientation left" test -z "$(vipsheader -a "$I/sideways.jpg" | grep -i orientation)"
# CMYK: sRGB with three bands; no ink is white, cyan is cyan.
check "print.jpg is sRGB" test "$(vipsheader "$I/print.jpg" | sed "s/.*: //")" = "48x32 uchar, 3 bands, srgb, jpegload"
set -- $(pixel "$I/print.jpg" 2 16)
check "print.jpg left is white ($*)" test "$1" -gt 230 -a "$2" -gt 230 -a "$3" -gt 230
set -- $(pixel "$I/print.jpg" 45 16)
check "print.jpg right is cyan ($*)" test "$1" -lt 80 -a "$3" -gt 180
# Formats: WebP became JPEG, BMP (a drawing) PNG, the PNG with alpha stayed PNG with alpha.
check "phone.webp became phone.jpg" test "$(vipsheader -f vips-loader "$I/phone.jpg")" = jpegload
check "no WebP in the book" test ! -e "$I/phone.webp"
check "drawing.bmp became PNG" test "$(vipsheader -f vips-loader "$I/drawing.png")" = pngload
check "logo.png keeps alpha" test "$(vipsheader -f bands "$I/logo.png")" = 4
check "the manifest says image/jpeg for phone.jpg" grep -q 'href="images/phone.jpg" media-type="image/jpeg"' "$OUT/x/EPUB/content.opf"
# Privacy: no GPS, camera serial or EXIF in any image; the clean photo lost only metadata.
for image in "$I"/*; do
	check "$(basename "$image") has no GPS or serial" test -z "$(vipsheader -a "$image" 2>/dev/null | grep -i -e gps -e serial -e exif-ifd)"
	check "$(basename "$image") has no serial bytes" test "$(grep -c -a -e SN-0042 -e Kagama "$image")" = 0
done
size=$(wc -c < "$BOOK/images/located.jpg")
kept=$(wc -c < "$I/located.jpg")
check "located.jpg was stripped, not re-encoded" test "$kept" -lt "$size"
check "located.jpg keeps its image data byte for byte" cmp -s "$I/located.jpg" "$BOOK/images/located.jpg" -i "$((kept - 2000)):$((size - 2000))"
check "first build made 4 cache entries" grep -q "4 made" "$OUT/first.err"

# The cache: a rebuild decodes nothing and gives the same bytes, at any -j, as no cache does.
build "$OUT/again.epub" "$OUT/again.err" -v -j 1
check "rebuild reuses every entry" grep -q "4 photos reused, 0 made" "$OUT/again.err"
check "rebuild is byte-identical" cmp -s "$OUT/first.epub" "$OUT/again.epub"
build "$OUT/nocache.epub" "$OUT/nocache.err" --no-cache -j 2
check "--no-cache gives the same book" cmp -s "$OUT/first.epub" "$OUT/nocache.epub"

# A corrupted entry (one payload byte changed) and a foreign one (another entry's bytes under
# this name) are found, removed and made again.
entries=$(find "$OUT/cache/v1" -path '*/stat/*' -prune -o -type f -size +100c -print | sort)
one=$(echo "$entries" | sed -n 1p)
two=$(echo "$entries" | sed -n 2p)
printf 'X' | dd of="$one" bs=1 seek=100 conv=notrunc 2>/dev/null
cp "$one" "$OUT/one.bak"
cp "$two" "$one.foreign" && mv "$one.foreign" "$one"
printf 'X' | dd of="$two" bs=1 seek=80 conv=notrunc 2>/dev/null
build "$OUT/repaired.epub" "$OUT/repaired.err" -v
check "broken entries are reported" grep -q "2 broken entries found and made again" "$OUT/repaired.err"
check "the repaired build is byte-identical" cmp -s "$OUT/first.epub" "$OUT/repaired.epub"
build "$OUT/again2.epub" "$OUT/again2.err" -v
check "repaired entries are reused" grep -q "4 photos reused, 0 made" "$OUT/again2.err"

# New settings make new entries: --image-max-size 32 shrinks the turned photo to 16x32.
build "$OUT/small.epub" "$OUT/small.err" -v --image-max-size 32
unzip -q -o "$OUT/small.epub" EPUB/images/sideways.jpg -d "$OUT/small"
check "--image-max-size makes new entries" grep -q "0 photos reused, 6 made" "$OUT/small.err"
check "--image-max-size 32 gives 16x32" test "$(vipsheader -f width "$OUT/small/EPUB/images/sideways.jpg")x$(vipsheader -f height "$OUT/small/EPUB/images/sideways.jpg")" = 16x32

# New bytes under the same name are not mistaken for the old ones.
mkdir -p "$OUT/book"
cp -r "$BOOK/." "$OUT/book/"
cp "$BOOK/images/print.jpg" "$OUT/book/images/sideways.jpg"
SOURCE_DATE_EPOCH=1700000000 $WRAP "$BIN" "$OUT/book" -o "$OUT/changed.epub" --cache "$OUT/cache" 2>"$OUT/changed.err"
unzip -q -o "$OUT/changed.epub" EPUB/images/sideways.jpg -d "$OUT/changed"
check "a changed photo is converted again" test "$(vipsheader -f width "$OUT/changed/EPUB/images/sideways.jpg")" = 48
check "the changed photo is the CMYK one" test "$(vipsheader -f height "$OUT/changed/EPUB/images/sideways.jpg")" = 32

# book.yaml's images: {max-size} does the same; --image-max-size wins over it.
printf 'images: {max-size: 40, quality: 70}\n' >> "$OUT/book/book.yaml"
SOURCE_DATE_EPOCH=1700000000 $WRAP "$BIN" "$OUT/book" -o "$OUT/yaml.epub" --cache "$OUT/cache" 2>"$OUT/yaml.err"
unzip -q -o "$OUT/yaml.epub" EPUB/images/located.jpg -d "$OUT/yaml"
check "images: max-size 40 gives 40x20" test "$(vipsheader -f width "$OUT/yaml/EPUB/images/located.jpg")x$(vipsheader -f height "$OUT/yaml/EPUB/images/located.jpg")" = 40x20
SOURCE_DATE_EPOCH=1700000000 $WRAP "$BIN" "$OUT/book" -o "$OUT/yaml2.epub" --cache "$OUT/cache" --image-max-size 20 2>"$OUT/yaml2.err"
unzip -q -o "$OUT/yaml2.epub" EPUB/images/located.jpg -d "$OUT/yaml2"
check "--image-max-size 20 wins over book.yaml" test "$(vipsheader -f width "$OUT/yaml2/EPUB/images/located.jpg")" = 20

# An unusable cache folder is an error that says what to do.
: > "$OUT/not-a-folder"
SOURCE_DATE_EPOCH=1700000000 $WRAP "$BIN" "$BOOK" -o "$OUT/bad.epub" --cache "$OUT/not-a-folder" 2>"$OUT/bad.err"
check "an unusable cache fails the build" test $? -eq 1
check "...saying --no-cache" grep -q -- "--no-cache" "$OUT/bad.err"

java -jar /usr/share/java/epubcheck.jar "$OUT/first.epub" > "$OUT/epubcheck.txt" 2>&1
check "EPUBCheck passes the photos book" grep -q "0 fatals / 0 errors / 0 warnings" "$OUT/epubcheck.txt"

echo "photos: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
