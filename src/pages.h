/* pages.h - the pages the compiler writes itself: cover (given image or drawn design), title page,
 * part openers, colophon and the optional index.  Called by main.c and package.c. */
#ifndef KAGAMA_PAGES_H
#define KAGAMA_PAGES_H

#include "book.h"
#include "template.h"

/* Sets book->cover, always a JPEG: book.yaml's cover image (converted when it is another
 * format), or cover.svg drawn with the title, subtitle and publisher laid out by measured width
 * and rasterised (cover.c).  Returns 0, or -1 after reporting. */
int pages_prepare_cover(const struct options *options, struct book *book,
    const struct template_set *templates);
/* Each returns a new document for the caller to serialise and free. */
xmlDocPtr pages_cover(const struct book *book, const struct template_set *templates);
xmlDocPtr pages_title(const struct book *book, const struct template_set *templates);
xmlDocPtr pages_part(const struct book *book, const struct template_set *templates,
    const struct book_node *part);
xmlDocPtr pages_colophon(const struct book *book, const struct template_set *templates);
xmlDocPtr pages_index(const struct book *book, const struct template_set *templates);
/* text with a soft hyphen (U+00AD) at a syllable every few letters of each word longer than
 * readers can be trusted to break (16 ASCII letters), as the title and part pages' headings
 * get it; NULL when no word is that long.  Caller frees. */
char *pages_break_long_words(const char *text);

#endif
