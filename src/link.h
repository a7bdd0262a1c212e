/* link.h - links between the articles of a book, and "read also" lines linked by title.
 * Called by render.c once chapters are built. */
#ifndef KAGAMA_LINK_H
#define KAGAMA_LINK_H

#include <libxml/tree.h>

#include "book.h"
#include "options.h"

/* Files every article under its normalised title, for "read also" lines; sets
 * book->titles_indexed when every article had a title. */
void link_index_titles(struct book *book);
/* What one walk of a chapter found for link resolution: its local links and paragraphs, in
 * document order.  Zeroed by the caller; link_resolve_scanned() frees what it holds. */
struct link_scan {
	xmlNodePtr	*found;
	size_t		 count, capacity;
	int		 complete;	/* the walk went through the whole chapter */
};

/* 1 when link_resolve() needs nothing more than article's own chapter and the titles: no link
 * to an anchor in another chapter (its ids come when that chapter is built), and no "read
 * also" line while some titles are still to come from headings.  When it returns 1, scan
 * (if not NULL) holds what link_resolve_scanned() needs and the chapter's images are counted
 * (chapter_count_image), all in the one walk: nothing but attribute values may change before
 * link_resolve_scanned(). */
int link_ready(const struct options *options, const struct book *book,
    struct article *article, struct link_scan *scan);
/* Rewrites the local links of article->document, once link_ready() or once every chapter's
 * ids are known: "other.md#x" becomes "chapter-007.xhtml#x"; links that lead nowhere become
 * plain text.  The walk that finds them counts the chapter's images too. */
void link_resolve(const struct options *options, const struct book *book,
    struct article *article);
/* link_resolve() with what link_ready() found in scan (walking again if it found nothing
 * whole, as when the chapter waited as text); frees it. */
void link_resolve_scanned(const struct options *options, const struct book *book,
    struct article *article, struct link_scan *scan);

#endif
