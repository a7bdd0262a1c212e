/* news.h - stories as news sites give them: the headline line as title, doubled photo captions,
 * book.yaml's drop: patterns, the dateline and photo credits.  Called by chapter.c. */
#ifndef KAGAMA_NEWS_H
#define KAGAMA_NEWS_H

#include <stddef.h>

#include <cmark.h>
#include <libxml/tree.h>

#include "book.h"
#include "labels.h"

/* On the Markdown tree, before it is rendered: removes the paragraphs options->drop matches
 * (counted in article->dropped_paragraphs), the second of two equal captions (with a note),
 * and, when the article has no title and no level-1 heading, a headline line that opens it
 * (which becomes article->title). */
void news_prepare_markdown(const struct options *options, struct article *article,
    cmark_node *document, const struct labels *labels);
/* On the sanitised XHTML (children of holder), before figures are made: paragraphs that end in
 * a photo credit get class="caption" and the credit its own <span class="credit">; the
 * dateline opening the lead paragraph gets <span class="dateline">, and its city becomes
 * article->location when the front matter gave none (publisher: the book's, or NULL). */
void news_mark_xhtml(struct article *article, xmlNodePtr holder, const struct labels *labels,
    const char *publisher);
/* 1 if news_mark_xhtml made the paragraph a caption (it may hold the image too). */
int news_is_caption(xmlNodePtr paragraph);
/* The paragraph after image_paragraph when news_mark_xhtml made it a caption, else NULL. */
xmlNodePtr news_caption_after(xmlNodePtr image_paragraph);

/* Where the photo credit that ends text[0..length) starts ("Foto: KBRI Beijing", "(Photo:
 * X)", "Photo by X"), or -1 when the text does not end in one. */
long news_credit_start(const char *text, size_t length, const struct labels *labels);
/* Bytes of the dateline opening text ("KAGAMA.CO, BEIJING –", "BEIJING (Reuters) -"), dash
 * included, or 0.  The book's publisher (or NULL) is never taken for the city.  With city,
 * *city receives its city in title case (a new string). */
size_t news_dateline_length(const char *text, const char *publisher, char **city);
/* 1 if the line can be a headline: short, one line, no closing punctuation, not a credit or
 * a dateline. */
int news_is_headline(const char *line, const struct labels *labels);

#endif
