/* site.h - the addresses articles had on their original site (book.yaml site: and permalink:,
 * front matter, the defaults of Jekyll, Hugo and WordPress), and links by those addresses
 * turned into links to the articles.  Called by article.c, render.c and chapter.c. */
#ifndef KAGAMA_SITE_H
#define KAGAMA_SITE_H

#include <libxml/tree.h>

#include "book.h"
#include "options.h"
#include "yaml_value.h"

/* Reads slug, wordpress_id, categories and the addresses a post gives itself (permalink, url,
 * aliases, redirect_from) from front matter root.  0, or -1 after reporting a bad value. */
int site_read_front_matter(const char *file, const struct yaml_value *root,
    struct article *article);
/* Once every article's front matter is read: fills each article's urls and the book's
 * article_by_url index (the first article in reading order keeps an address). */
void site_index_build(const struct options *options, struct book *book);
/* In cmark's HTML under body, before sanitising: links to an article's address (on a listed
 * site, site-absolute, //host/…, or from {% post_url %}, {% link %}, {{< ref >}}) become
 * links to its file, which link.c then makes links to its chapter; //host/… on other hosts
 * becomes https:; images on a listed site become site-absolute paths (resolved through
 * paths:).  A site link that names no article stays a link to the site. */
void site_rewrite_references(const struct options *options, const struct book *book,
    const struct article *article, xmlNodePtr body);

#endif
