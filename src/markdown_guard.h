/* markdown_guard.h - refusing, before parsing, the Markdown shapes Debian's cmark-gfm
 * 0.29.0.gfm.6 parses in quadratic time (advisories fixed only in later releases).  Called by
 * markdown.c only. */
#ifndef KAGAMA_MARKDOWN_GUARD_H
#define KAGAMA_MARKDOWN_GUARD_H

#include <stddef.h>

#include "options.h"

/* Estimates the parser's work on text in units of about 10 ns on a 2020s machine; above
 * options->max_markdown_cost (0: no limit) reports an error at the line where the estimate
 * crossed it and returns -1, else 0.  Linear in length. */
int markdown_guard_check(const struct options *options, const char *file, int line_offset,
    const char *text, size_t length);

#endif
