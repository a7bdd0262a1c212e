/* chapter_gfm.h - what GitHub's Markdown extensions add to a chapter: footnotes as EPUB 3 notes,
 * task-list marks, table header scopes and the class of wide tables.  Called by chapter.c. */
#ifndef KAGAMA_CHAPTER_GFM_H
#define KAGAMA_CHAPTER_GFM_H

#include <cmark-gfm.h>
#include <libxml/tree.h>

#include "book.h"

/* What chapter_gfm_prepare() found. */
struct chapter_gfm_found {
	size_t	references;	/* footnote references: each will take an id */
	size_t	markers;	/* nodes whose HTML carries a marker class */
	size_t	tables;		/* GFM tables, each one <table> */
};

/* Whether chapter_gfm_prepare() would find anything (found->markers > 0) and the tables, from
 * a walk among blocks that changes nothing; references are counted by prepare alone. */
void chapter_gfm_count(cmark_node *markdown, struct chapter_gfm_found *found);
/* Before rendering: footnote references and definitions, and task-list items, become nodes
 * whose HTML carries kagama-* marker classes (the sanitiser keeps classes, drops the rest). */
void chapter_gfm_prepare(cmark_node *markdown, struct chapter_gfm_found *found);
/* After sanitising, on the chapter's content under holder (linked into the document): the
 * markers become noteref links and notes with unique ids (registered in article->ids) at the
 * end of the chapter; th in thead get scope="col"; empty header cells are dropped.  tables:
 * -1, or, when no marker class can be there (none made, and no raw HTML, attribute list or
 * inline SVG to bring one), how many tables holder has at most: the walk that looks for them
 * stops at the last. */
void chapter_gfm_finish(struct article *article, xmlNodePtr holder, long tables);

#endif
