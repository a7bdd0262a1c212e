/* image.h - the images a book carries: found and checked where an article (or book.yaml) refers
 * to them, stored once by content, named in reading order.  Called by chapter.c, render.c and
 * pages.c. */
#ifndef KAGAMA_IMAGE_H
#define KAGAMA_IMAGE_H

#include "book.h"
#include "diag.h"

/* Finds the image src (as written in article) and checks it, on any thread, touching nothing
 * shared in book.  Returns the src the chapter carries until image_pending_name() (a new
 * "pending-image:N" string), or NULL after reporting why it cannot be had. */
char *image_pending_add(const struct options *options, const struct book *book,
    struct article *article, const char *src, int line);
/* Adds article's pending images to book->images, each once (by content), with their warnings
 * put into messages where they were met.  Called for one article at a time, in reading order:
 * that order names the images. */
void image_pending_register(const struct options *options, struct book *book,
    struct article *article, struct diag_capture *messages);
/* After image_pending_register: the book's hrefs in place of every "pending-image:N" in
 * article->document (on any thread); forgets the pending list. */
void image_pending_name(struct article *article);
/* The book's image for a path written in file (for messages) relative to the file base,
 * which is relative to the input folder ("book.yaml" for the cover); added at once, so only
 * for a single thread once chapters are done.  NULL after reporting. */
struct book_image *image_from_file(const struct options *options, struct book *book,
    const char *base, const char *file, const char *src, int line);
/* Adds an image made by the compiler (the drawn cover), taking ownership of data. */
struct book_image *image_generated_add(struct book *book, const char *name,
    enum media_type type, char *data, size_t length, unsigned long width, unsigned long height);

#endif
