/* resolve.h - what references in an article point to: images copied into the book (checked,
 * sniffed, stored once) and links to other articles and their headings.  Called by chapter.c. */
#ifndef KAGAMA_RESOLVE_H
#define KAGAMA_RESOLVE_H

#include "book.h"

/* Finds the image src (as written in the article) and adds it to book->images once.  Returns
 * the href the chapter should use (new string), or NULL after reporting why it cannot. */
char *resolve_image(const struct options *options, struct book *book,
    const struct article *article, const char *src, int line);
/* Rewrites the local links of article->document, now that every chapter's ids are known:
 * "other.md#x" becomes "chapter-007.xhtml#x"; links that lead nowhere become plain text. */
void resolve_links(const struct book *book, struct article *article);

#endif
