/* chapter_gfm.h - what GitHub's Markdown extensions add to a chapter: footnotes as EPUB 3 notes,
 * task-list marks, table header scopes and the class of wide tables.  Called by chapter.c. */
#ifndef KAGAMA_CHAPTER_GFM_H
#define KAGAMA_CHAPTER_GFM_H

#include <cmark-gfm.h>
#include <libxml/tree.h>

#include "book.h"

/* Before rendering: footnote references and definitions, and task-list items, become nodes
 * whose HTML carries kagama-* marker classes (the sanitiser keeps classes, drops the rest).
 * Returns how many footnote references there are: each will take an id. */
size_t chapter_gfm_prepare(cmark_node *markdown);
/* After sanitising, on the chapter's content under holder (linked into the document): the
 * markers become noteref links and notes with unique ids (registered in article->ids) at the
 * end of the chapter; th in thead get scope="col"; empty header cells are dropped. */
void chapter_gfm_finish(struct article *article, xmlNodePtr holder);

#endif
