/* chapter.h - building one article's chapter XHTML: cmark's HTML parsed by libxml2, sanitised,
 * heading ids given, the heading block (title, byline, dateline) added.  Called by render.c
 * (and the fuzzer). */
#ifndef KAGAMA_CHAPTER_H
#define KAGAMA_CHAPTER_H

#include <cmark-gfm.h>

#include "book.h"
#include "options.h"
#include "template.h"

/* Builds article->document from the parsed Markdown (which it frees) and fills
 * article->title (if front matter gave none), ->headings and ->ids, and ->parts when the
 * chapter is long enough to be cut (chapter_split_plan).  Images are checked and
 * wait in article->pending: image_pending_register() and image_pending_name() must follow,
 * to add them to book; links stay until link_resolve().  Returns 0, or -1 after reporting. */
int chapter_build(const struct options *options, const struct book *book,
    const struct template_set *templates, struct article *article, cmark_node *markdown);

/* Serialises article->document into article->xhtml and frees the tree: a thousand chapters
 * wait for link resolution as text, not as trees ten times their size. */
void chapter_freeze(struct article *article);
/* Parses article->xhtml back into article->document (and frees the text). */
void chapter_thaw(struct article *article);
/* Counts one <img> element of the chapter into article->image_count, and into
 * ->images_without_alt if it has no text alternative (decorative ones, with
 * role="presentation", need none).  link.c's walk of the finished chapter calls it. */
void chapter_count_image(struct article *article, xmlNodePtr image);

/* A stable id made from heading text, unique in ids (which it is added to): lowercase letters
 * and digits of any script, '-' for spaces; "h-" in front when it would not start with a
 * letter.  Returns a new string. */
char *chapter_heading_id(const char *text, xmlHashTablePtr ids);

#endif
