/* kramdown.h - kramdown's extensions and attribute lists ({: #id .class}, {:toc}, {::comment}),
 * and the {#id .class} that goldmark, pandoc and PHP Markdown Extra put after headings.
 * Called by shortcode.c (the text pass) and chapter.c (the HTML tree, before sanitising). */
#ifndef KAGAMA_KRAMDOWN_H
#define KAGAMA_KRAMDOWN_H

#include <libxml/tree.h>

#include "util.h"

/* An extension opening at p ("{::comment}…{:/comment}", "{::nomarkdown}…{:/}",
 * "{::options … /}"): comments and options are dropped, nomarkdown's content is copied to out
 * as it is (raw HTML, sanitised later).  Returns where the text continues; p when there is
 * none.  *unclosed (0 at first) is set once no end follows, so that later ones cost nothing. */
const char *kramdown_extension(const char *p, const char *end, struct buffer *out,
    int *unclosed);
/* Applies and removes the attribute lists left as text in cmark's HTML under body: ids are
 * set (the sanitiser checks them), plain class names kept, anything else dropped; a list
 * marked {:toc} is removed (the book has its own contents), and so are ALDs. */
void kramdown_apply_attributes(xmlNodePtr body);

#endif
