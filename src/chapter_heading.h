/* chapter_heading.h - ids, contents entries, title and levels of a chapter's headings.
 * Called by chapter.c while it builds a chapter. */
#ifndef KAGAMA_CHAPTER_HEADING_H
#define KAGAMA_CHAPTER_HEADING_H

#include <libxml/tree.h>

#include "article.h"

/* Gives every heading below holder a unique id (kept if the author gave one) and lists the
 * headings with text in article->headings; a heading without text becomes a paragraph. */
void chapter_headings_number(struct article *article, xmlNodePtr holder);
/* Without a title from front matter, the first h1 becomes the title (and leaves the body),
 * else the file name. */
void chapter_title_choose(struct article *article, xmlNodePtr holder);
/* The author's top heading level becomes h2 under the chapter's h1, skipped levels close up;
 * article->headings follows. */
void chapter_headings_normalize(struct article *article, xmlNodePtr holder);

#endif
