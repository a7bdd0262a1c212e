/* markdown.h - parsing a Markdown body with cmark-gfm and the GitHub extensions we enable, and
 * reporting the footnotes an author got wrong.  Called by article.c. */
#ifndef KAGAMA_MARKDOWN_H
#define KAGAMA_MARKDOWN_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "options.h"

/* Parses length bytes of text (need not be NUL-terminated): tables, strikethrough, autolinks,
 * task lists and footnotes on, raw HTML kept for our sanitiser.  file and line_offset place
 * messages (body line L is file line L + line_offset).  The caller frees the result with
 * cmark_node_free; NULL after reporting (a shape too slow to parse, see markdown_guard.h). */
cmark_node *markdown_parse(const struct options *options, const char *file, int line_offset,
    const char *text, size_t length);

#endif
