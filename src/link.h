/* link.h - links between the articles of a book, and "read also" lines linked by title.
 * Called by render.c once chapters are built. */
#ifndef KAGAMA_LINK_H
#define KAGAMA_LINK_H

#include "book.h"
#include "options.h"

/* Files every article under its normalised title, for "read also" lines; sets
 * book->titles_indexed when every article had a title. */
void link_index_titles(struct book *book);
/* 1 when link_resolve() needs nothing more than article's own chapter and the titles: no link
 * to an anchor in another chapter (its ids come when that chapter is built), and no "read
 * also" line while some titles are still to come from headings. */
int link_ready(const struct options *options, const struct book *book,
    const struct article *article);
/* Rewrites the local links of article->document, once link_ready() or once every chapter's
 * ids are known: "other.md#x" becomes "chapter-007.xhtml#x"; links that lead nowhere become
 * plain text. */
void link_resolve(const struct options *options, const struct book *book,
    struct article *article);

#endif
