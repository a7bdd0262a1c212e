/* progress.c - the progress line: shown only on a terminal, only once a build has taken half a
 * second, redrawn at most ten times a second, with an estimate of the time left. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "progress.h"
#include "util.h"

/* Quick builds finish before a line would be worth reading; KAGAMA_PROGRESS_DELAY (seconds)
 * changes that, as GIT_PROGRESS_DELAY does for git. */
#define PROGRESS_DELAY 0.5
#define PROGRESS_INTERVAL 0.1

struct progress {
	int	 enabled;
	int	 shown;		/* a line is on the screen */
	double	 delay;		/* seconds before the first line */
	double	 start;		/* when the build began */
	double	 stage_start;	/* when the current stage began, for its estimate */
	double	 last;		/* when the line was last drawn */
	int	 stage;		/* 0: rendering, 1: packing */
};

static double
S_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress *
progress_new(int enabled)
{
	struct progress *progress = xcalloc(1, sizeof(*progress));

	const char *delay = getenv("KAGAMA_PROGRESS_DELAY");
	char *end;

	progress->enabled = enabled;
	progress->delay = PROGRESS_DELAY;
	if (delay != NULL && *delay != '\0') {
		double value = strtod(delay, &end);

		if (*end == '\0' && value >= 0)
			progress->delay = value;
	}
	progress->start = progress->stage_start = S_now();
	return progress;
}

void
progress_free(struct progress *progress)
{
	if (progress == NULL)
		return;
	progress_clear(progress);
	free(progress);
}

int
progress_enabled(const struct progress *progress)
{
	return progress != NULL && progress->enabled;
}

/* 1 when it is time to draw; fraction done of the stage gives the seconds left in *left. */
static int
S_due(struct progress *progress, int stage, double fraction, double *left)
{
	double now;

	if (progress == NULL || !progress->enabled)
		return 0;
	now = S_now();
	if (stage != progress->stage) {
		progress->stage = stage;
		progress->stage_start = now;
	}
	if (now - progress->start < progress->delay || now - progress->last < PROGRESS_INTERVAL)
		return 0;
	progress->last = now;
	*left = fraction > 0.01 ? (now - progress->stage_start) * (1 - fraction) / fraction : -1;
	return 1;
}

static void
S_draw(struct progress *progress, const char *text, double left)
{
	if (left >= 0)
		fprintf(stderr, "\r\033[Kkagama-epub: %s, %.0f s left", text, left + 0.5);
	else
		fprintf(stderr, "\r\033[Kkagama-epub: %s", text);
	fflush(stderr);
	progress->shown = 1;
}

void
progress_articles(struct progress *progress, size_t done, size_t total)
{
	double fraction = total > 0 ? (double)done / (double)total : 1, left;
	char text[64];

	if (!S_due(progress, 0, fraction, &left))
		return;
	snprintf(text, sizeof(text), "rendering %zu/%zu articles", done, total);
	S_draw(progress, text, left);
}

void
progress_packing(struct progress *progress, double fraction, size_t total)
{
	double left;
	char text[64];

	if (!S_due(progress, 1, fraction, &left))
		return;
	snprintf(text, sizeof(text), "packing %.0f %% (%.0f/%.0f MB)", fraction * 100,
	    fraction * (double)total / 1e6, (double)total / 1e6);
	S_draw(progress, text, left);
}

void
progress_clear(struct progress *progress)
{
	if (progress == NULL || !progress->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress->shown = 0;
}
