/* article.h - reading one article file: checking its encoding, splitting and interpreting its
 * YAML front matter, and parsing its Markdown body with cmark.  Called by main.c. */
#ifndef KAGAMA_ARTICLE_H
#define KAGAMA_ARTICLE_H

#include <cmark-gfm.h>

#include "book.h"

/* Reads article->full_path, checks its encoding and fills the front-matter fields of article
 * (title, authors, date, draft, order...), remembering where the body starts.  Returns 0, or
 * -1 after reporting (article->unreadable is then set). */
int article_read_meta(const struct options *options, struct article *article);
/* Reads the file again and parses its Markdown body (after article_read_meta); the caller
 * frees the result with cmark_node_free.  NULL after reporting.  Body line L is line
 * L + article->line_offset of the file. */
cmark_node *article_read_body(const struct options *options, struct article *article,
    int remove_template_tags);
/* Both at once for text already in memory (length bytes, need not be NUL-terminated); used by
 * the fuzzer. */
cmark_node *article_parse(const struct options *options, struct article *article,
    const char *text, size_t length);

/* The file name as a last-resort title: "2-kunjungan_duta-besar.md" -> "Kunjungan duta besar".
 * Returns a new string. */
char *article_title_from_path(const char *path);

#endif
