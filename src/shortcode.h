/* shortcode.h - the shortcodes and Liquid tags of Hugo, Jekyll, Eleventy and WordPress, and the
 * site's own (book.yaml shortcodes:), expanded in a Markdown body before cmark parses it.
 * Called by article.c (expansion) and render.c (the report of unknown ones). */
#ifndef KAGAMA_SHORTCODE_H
#define KAGAMA_SHORTCODE_H

#include <stddef.h>

#include "book.h"
#include "options.h"

/* Links to other articles that shortcodes name ({% post_url %}, {% link %}, {{< ref >}}) are
 * written with these schemes; site.c resolves them to the article's file before sanitising. */
#define SHORTCODE_POST_SCHEME "x-kagama-post:"
#define SHORTCODE_LINK_SCHEME "x-kagama-link:"
#define SHORTCODE_REF_SCHEME "x-kagama-ref:"

/* Expands the shortcodes of text (length bytes, owned: it is freed or returned), outside fenced
 * code.  Built-in ones become Markdown or raw HTML (which the sanitiser then checks like any
 * other); unknown ones are kept as text, or removed when remove_unknown is set
 * (template-tags: remove), and recorded in article->unknown_tags.  Lines are kept: a line of
 * the result is the line of the source it came from.  Returns the new text, *length updated. */
char *shortcode_expand(const struct options *options, struct article *article, char *text,
    size_t *length, int remove_unknown);
/* Once every chapter is built: one warning per unknown tag name for the whole book, at its
 * first appearance in reading order, with how often and in how many articles it was met. */
void shortcode_report_unknown(const struct book *book, int removed);

#endif
