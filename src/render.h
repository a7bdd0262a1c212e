/* render.h - every article's chapter made ready for the container, on several threads, with
 * the same result for any number of them.  Called by main.c. */
#ifndef KAGAMA_RENDER_H
#define KAGAMA_RENDER_H

#include "book.h"
#include "container.h"
#include "options.h"
#include "progress.h"
#include "template.h"

/* More threads than this gain nothing: the archive is written by one. */
#define RENDER_MAX_JOBS 64

/* The number of online processors (at least 1, at most RENDER_MAX_JOBS). */
unsigned render_default_jobs(void);
/* Reads every article's front matter (article_read_meta) on the same threads; messages come
 * out in the order of book->articles. */
void render_read_meta(const struct options *options, struct book *book);
/* Reads, builds and links every article of book (in options->jobs threads, 0: one per core)
 * and leaves each finished chapter deflated in article->chapter (and its continuation files,
 * if it was cut, in article->parts), the bytes in spool unless that is NULL.  Diagnostics
 * come out in reading order; images join the book in reading order. */
void render_chapters(const struct options *options, struct book *book,
    const struct template_set *templates, struct container_spool *spool,
    struct progress *progress);

#endif
