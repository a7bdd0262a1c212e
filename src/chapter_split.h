/* chapter_split.h - a chapter too long for older readers cut at its level-2 headings (level 3
 * inside a section still too long) into continuation files.  Called by chapter.c (where to
 * cut), render.c (the cutting), link.c and package.c (which file holds an id or heading). */
#ifndef KAGAMA_CHAPTER_SPLIT_H
#define KAGAMA_CHAPTER_SPLIT_H

#include <libxml/tree.h>

#include "book.h"
#include "options.h"

/* Decides where the chapter whose template is skeleton (not yet filled), whose heading
 * block is header and whose content is holder's children is cut, so that each file stays
 * within options->split_size bytes of XHTML where headings allow: marks the first element
 * of each continuation, names the files in article->parts ("chapter-007-2.xhtml", "-3"...),
 * and records the part of every id in them (article->part_of_id) and heading
 * (heading->part).  Nothing happens below the size, with
 * split_size 0, or when no heading can cut. */
void chapter_split_plan(const struct options *options, struct article *article,
    xmlDocPtr skeleton, xmlNodePtr header, xmlNodePtr holder);
/* Cuts article->document (planned, links resolved) into 1 + article->part_count documents,
 * returned in a new array the caller frees with every document; article->document becomes
 * NULL.  A link "#x" to an id in another part gets that file's name; each part's has_svg is
 * set (the first part's in article->has_svg). */
xmlDocPtr *chapter_split_cut(struct article *article);

/* The file of article that holds id: its file_name, or a continuation's. */
const char *chapter_split_file_of_id(const struct article *article, const char *id);
/* The file of part (0: file_name, else parts[part - 1]). */
const char *chapter_split_part_file(const struct article *article, size_t part);

#endif
