/* resolve.h - what references in an article point to: images copied into the book (checked,
 * sniffed, stored once) and links to other articles and their headings.  Called by chapter.c. */
#ifndef KAGAMA_RESOLVE_H
#define KAGAMA_RESOLVE_H

#include "book.h"
#include "options.h"

/* Finds the image src (as written in the article) and checks it, on any thread.  Returns the
 * src the chapter should use until resolve_register_images() names it (new string), or NULL
 * after reporting why it cannot. */
char *resolve_image(const struct options *options, struct book *book, struct article *article,
    const char *src, int line);
/* Once article is built: waits for its turn, adds its images to book->images in reading order
 * (each once, with its warnings then), and gives them their hrefs in article->document. */
void resolve_register_images(const struct options *options, struct book *book,
    struct article *article);
/* The same for a path written in file (for messages) relative to the file base, which is
 * relative to the input folder ("book.yaml" for the cover); returns the book's image. */
struct book_image *resolve_image_from(const struct options *options, struct book *book,
    const char *base, const char *file, const char *src, int line);
/* Removes scripts, event attributes and references to other files from an SVG element and
 * everything below it, warning about each (display names the SVG); returns how many. */
int resolve_clean_svg(xmlNodePtr node, const char *display, const char *article, int line);
/* Adds an image made by the compiler (the drawn cover), taking ownership of data. */
struct book_image *resolve_add_generated(struct book *book, const char *name,
    enum media_type type, char *data, size_t length, unsigned long width, unsigned long height);
/* Files every article under its normalised title, for "read also" lines; sets
 * book->titles_indexed when every article had a title. */
void resolve_index_titles(struct book *book);
/* 1 when resolve_links() needs nothing more than article's own chapter and the titles: no link
 * to an anchor in another chapter (its ids come when that chapter is built), and no "read
 * also" line while some titles are still to come from headings. */
int resolve_links_ready(const struct options *options, const struct book *book,
    const struct article *article);
/* Rewrites the local links of article->document, once resolve_links_ready() or once every
 * chapter's ids are known:
 * "other.md#x" becomes "chapter-007.xhtml#x"; links that lead nowhere become plain text. */
void resolve_links(const struct options *options, const struct book *book,
    struct article *article);

#endif
