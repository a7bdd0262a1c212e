/* progress.h - one line on a terminal saying how far a long build has got.  Called by main.c,
 * render.c and container.c, from one thread only. */
#ifndef KAGAMA_PROGRESS_H
#define KAGAMA_PROGRESS_H

#include <stddef.h>

struct progress;

/* enabled: stderr is a terminal and -q was not given.  Either way the result may be passed
 * around; a disabled one prints nothing. */
struct progress *progress_new(int enabled);
void progress_free(struct progress *progress);
/* 1 when lines are drawn at all. */
int progress_enabled(const struct progress *progress);
/* "rendering 412/1000 articles, 3 s left" */
void progress_articles(struct progress *progress, size_t done, size_t total);
/* "packing 45 % (160/347 MB), 1 s left"; fraction from 0 to 1 of total bytes. */
void progress_packing(struct progress *progress, double fraction, size_t total);
/* Clears the line, so that messages start at the left edge. */
void progress_clear(struct progress *progress);

#endif
