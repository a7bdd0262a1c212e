/* scan.h - finding the articles: walks the input folder (or follows book.yaml's articles: list)
 * and builds the tree of parts and articles in reading order.  Called by main.c. */
#ifndef KAGAMA_SCAN_H
#define KAGAMA_SCAN_H

#include "book.h"

/* Fills book->root, book->articles and book->article_by_path.
 * Returns 0, or -1 after reporting errors (missing folder, no articles, unreadable entries). */
int scan_folder(const struct options *options, struct book *book);

/* After the articles' front matter is read: leaves out drafts (and parts left empty), sorts
 * siblings by order:/weight:, lists parts and articles in reading order (book->nodes,
 * book->articles) and names their files in that order. */
void scan_arrange(struct book *book);

#endif
