#!/bin/sh
# include-order.sh - arrows point down the pipeline (STYLE.md habit 15): no src/ file includes the
# header of a later stage, and no headers include each other in a loop.  Run by `make check`.
# Usage: tests/include-order.sh   (from the top of the tree)
set -u

# Each file's stage, earliest first.  Base helpers know nothing of the book; every later stage
# may use them.  A new file must be given its stage here, or the check fails.
stage() {
	case $1 in
	util|utf8|diag|digest|natsort|path|url|media|labels|options|xml_walk|yaml_value|yaml_read|\
	template|progress|packed|container|init|image_strip|image_cache|photo|date|kramdown|\
	entry_writer) echo 0 ;;
	# The model every stage reads: the book and the articles it holds (article.c also reads
	# an article's file, front matter and Markdown, with base helpers only).
	# shortcode.c and site.c are article.c's text pass and address reader (site.c also
	# indexes the book's addresses and rewrites links to them for chapter.c).
	article|book|markdown|markdown_guard|shortcode|site) echo 1 ;;
	config|scan) echo 2 ;;		# book.yaml, the folder
	svg_clean|html_sanitize|html_repair|html_rules|image|news|image_prepare|cover) echo 4 ;;	# what a chapter (or the cover) is made of
	chapter|chapter_gfm|chapter_heading|chapter_split) echo 5 ;;	# one article's XHTML
	link) echo 6 ;;			# links between chapters
	render) echo 7 ;;		# every chapter, in reading order
	pages|package|package_metadata) echo 8 ;;	# the documents about the book
	main) echo 9 ;;
	*) echo unknown ;;
	esac
}

failed=0 checked=0 edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for file in src/*.c src/*.h; do
	name=$(basename "$file"); from=${name%.*}
	from_stage=$(stage "$from")
	if [ "$from_stage" = unknown ]; then
		echo "include-order: $file has no stage in tests/include-order.sh" >&2
		failed=$((failed + 1)); continue
	fi
	for header in $(sed -n 's/^#include "\(.*\)\.h".*/\1/p' "$file"); do
		checked=$((checked + 1))
		to_stage=$(stage "$header")
		[ "$header" = "$from" ] && continue
		case $file in *.h) echo "$from $header" >> "$edges" ;; esac
		if [ "$to_stage" = unknown ] || [ "$to_stage" -gt "$from_stage" ]; then
			echo "include-order: $file (stage $from_stage) includes $header.h" \
			    "(stage $to_stage): an arrow up the pipeline" >&2
			failed=$((failed + 1))
		fi
	done
done
# tsort names every header that is part of a loop.
if ! tsort "$edges" > /dev/null 2>"$edges.loop"; then
	echo "include-order: headers include each other in a loop:" >&2
	cat "$edges.loop" >&2
	failed=$((failed + 1))
fi
rm -f "$edges.loop"
echo "include-order: $checked includes checked, $failed problems"
[ "$failed" = 0 ]
