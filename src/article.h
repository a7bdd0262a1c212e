/* article.h - reading one article file: checking its encoding, splitting and interpreting its
 * YAML front matter, and parsing its Markdown body with cmark.  Called by main.c. */
#ifndef KAGAMA_ARTICLE_H
#define KAGAMA_ARTICLE_H

#include <cmark.h>

#include "book.h"

/* Reads article->full_path, fills the front-matter fields of article and returns the parsed
 * Markdown body (caller frees with cmark_node_free), or NULL after reporting errors.
 * *line_offset receives the number of lines before the body (front matter), so that
 * cmark's body line L is line L + *line_offset of the file. */
cmark_node *article_read(const struct options *options, struct article *article, int *line_offset);

/* The same for text already in memory (length bytes, need not be NUL-terminated); used by
 * article_read() and by the fuzzer. */
cmark_node *article_parse(const struct options *options, struct article *article,
    const char *text, size_t length, int *line_offset);

/* The file name as a last-resort title: "2-kunjungan_duta-besar.md" -> "Kunjungan duta besar".
 * Returns a new string. */
char *article_title_from_path(const char *path);

#endif
