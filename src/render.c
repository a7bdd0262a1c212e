/* render.c - turns every article into its finished chapter (read, built, linked, serialised,
 * deflated) on several threads.  Called by main.c; any number of threads gives the same bytes. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "chapter.h"
#include "container.h"
#include "diag.h"
#include "progress.h"
#include "render.h"
#include "resolve.h"
#include "util.h"

/* What one article leaves for the reading-order pass after its thread is done. */
struct render_slot {
	struct diag_capture	 built;		/* messages from reading and building */
	struct diag_capture	 linked;	/* messages from its links */
	int			 waiting;	/* its links need every chapter: resolved later */
};

struct render;
/* One article's share of a stage, run on whichever thread takes it. */
typedef void render_task(struct render *render, struct article *article,
    struct render_slot *slot);

struct render {
	render_task			*task;
	const struct options		*options;
	struct book			*book;
	const struct template_set	*templates;
	struct container_spool		*spool;		/* where deflated chapters wait, or NULL */
	struct render_slot		*slots;
	pthread_mutex_t			 lock;
	pthread_cond_t			 finished;	/* the last article is done */
	atomic_size_t			 next;		/* the next article to take */
	atomic_size_t			 done;		/* articles finished */
};

unsigned
render_default_jobs(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	return cores < 1 ? 1 : cores > RENDER_MAX_JOBS ? RENDER_MAX_JOBS : (unsigned)cores;
}

/* The chapter text, deflated for the container (or only measured when nothing will be
 * written); the tree is freed. */
static void
S_pack(const struct render *render, struct article *article)
{
	size_t length;
	char *text = template_serialize(article->document, &length);

	xmlFreeDoc(article->document);
	article->document = NULL;
	if (render->options->output == NULL || render->options->check_only)
		article->chapter.size = length;
	else if (container_pack(text, length, &article->chapter) < 0)
		exit(EXIT_SYSTEM);
	else if (render->spool != NULL)
		container_spool_put(render->spool, &article->chapter);
	free(text);
}

static void
S_finish(const struct render *render, struct article *article)
{
	resolve_links(render->options, render->book, article);
	chapter_count_images(article);
	S_pack(render, article);
}

static void
S_render_article(struct render *render, struct article *article, struct render_slot *slot)
{
	cmark_node *markdown;

	diag_capture_into(&slot->built);
	if (!article->unreadable && !container_interrupted &&
	    (markdown = article_read_body(render->options, article)) != NULL)
		chapter_build(render->options, render->book, render->templates, article, markdown);
	resolve_register_images(render->options, render->book, article);
	book_turn_pass(render->book, article);
	if (article->document != NULL) {
		diag_capture_into(&slot->linked);
		if (resolve_links_ready(render->options, render->book, article))
			S_finish(render, article);
		else {
			/* As text, a waiting chapter takes a tenth of the memory of its tree. */
			slot->waiting = 1;
			chapter_freeze(article);
		}
	}
	diag_capture_into(NULL);
}

static void *
S_worker(void *data)
{
	struct render *render = data;
	size_t i;

	while ((i = atomic_fetch_add(&render->next, 1)) < render->book->article_count) {
		render->task(render, render->book->articles[i], &render->slots[i]);
		if (atomic_fetch_add(&render->done, 1) + 1 == render->book->article_count) {
			pthread_mutex_lock(&render->lock);
			pthread_cond_signal(&render->finished);
			pthread_mutex_unlock(&render->lock);
		}
	}
	return NULL;
}

/* Redraws the progress line every tenth of a second until the last article is done. */
static void
S_show_progress(struct render *render, struct progress *progress)
{
	size_t total = render->book->article_count;
	struct timespec until;

	pthread_mutex_lock(&render->lock);
	while (atomic_load(&render->done) < total) {
		progress_articles(progress, atomic_load(&render->done), total);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000 * 1000;
		if (until.tv_nsec >= 1000 * 1000 * 1000) {
			until.tv_sec++;
			until.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&render->finished, &render->lock, &until);
	}
	pthread_mutex_unlock(&render->lock);
}

/* Runs the workers; the calling thread only reports progress meanwhile. */
static void
S_run_threads(struct render *render, unsigned jobs, struct progress *progress)
{
	pthread_t *threads = xcalloc(jobs, sizeof(pthread_t));
	unsigned started = 0, i;

	render->book->turn.threaded = 1;
	for (i = 0; i < jobs; i++)
		if (pthread_create(&threads[started], NULL, S_worker, render) == 0)
			started++;
	if (started == 0)
		S_worker(render);
	else if (progress_enabled(progress))
		S_show_progress(render, progress);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	render->book->turn.threaded = 0;
	free(threads);
}

/* Messages in reading order: every article's reading and building first, then every article's
 * links, as if the chapters had been made one after another. */
static void
S_resolve_in_order(struct render *render)
{
	struct book *book = render->book;
	size_t i;

	for (i = 0; i < book->article_count; i++)
		diag_capture_flush(&render->slots[i].built);
	if (!book->titles_indexed)
		resolve_index_titles(book);
	for (i = 0; i < book->article_count && !container_interrupted; i++) {
		struct article *article = book->articles[i];

		diag_capture_flush(&render->slots[i].linked);
		if (render->slots[i].waiting) {
			chapter_thaw(article);
			S_finish(render, article);
		}
	}
}

static int
S_every_title_known(const struct book *book)
{
	size_t i;

	for (i = 0; i < book->article_count; i++)
		if (book->articles[i]->title == NULL)
			return 0;
	return 1;
}

static void
S_start(struct render *render, render_task *task, const struct options *options,
    struct book *book, const struct template_set *templates)
{
	memset(render, 0, sizeof(*render));
	atomic_init(&render->next, 0);
	atomic_init(&render->done, 0);
	render->task = task;
	render->options = options;
	render->book = book;
	render->templates = templates;
	render->slots = xcalloc(book->article_count + 1, sizeof(struct render_slot));
	pthread_mutex_init(&render->lock, NULL);
	pthread_cond_init(&render->finished, NULL);
}

/* Runs the task for every article, on options->jobs threads (0: one per core). */
static void
S_run(struct render *render, struct progress *progress)
{
	unsigned jobs = render->options->jobs > 0 ? render->options->jobs : render_default_jobs();

	if (jobs > render->book->article_count)
		jobs = (unsigned)render->book->article_count;
	if (jobs <= 1)
		S_worker(render);
	else
		S_run_threads(render, jobs, progress);
}

static void
S_finish_stage(struct render *render)
{
	size_t i;

	for (i = 0; i < render->book->article_count; i++) {
		diag_capture_flush(&render->slots[i].built);
		diag_capture_flush(&render->slots[i].linked);
	}
	pthread_mutex_destroy(&render->lock);
	pthread_cond_destroy(&render->finished);
	free(render->slots);
}

static void
S_read_meta(struct render *render, struct article *article, struct render_slot *slot)
{
	diag_capture_into(&slot->built);
	if (!container_interrupted)
		article_read_meta(render->options, article);
	diag_capture_into(NULL);
}

void
render_read_meta(const struct options *options, struct book *book)
{
	struct render render;

	S_start(&render, S_read_meta, options, book, NULL);
	S_run(&render, NULL);
	S_finish_stage(&render);
}

void
render_chapters(const struct options *options, struct book *book,
    const struct template_set *templates, struct container_spool *spool,
    struct progress *progress)
{
	struct render render;
	size_t i;

	S_start(&render, S_render_article, options, book, templates);
	render.spool = spool;
	for (i = 0; i < book->article_count; i++)
		book->articles[i]->index = i;
	/* With every title from front matter, "read also" lines need no other chapter. */
	if (S_every_title_known(book))
		resolve_index_titles(book);
	S_run(&render, progress);
	progress_articles(progress, book->article_count, book->article_count);
	progress_clear(progress);
	S_resolve_in_order(&render);
	S_finish_stage(&render);
	/* Every link is resolved: a chapter's anchors are not needed any more. */
	for (i = 0; i < book->article_count; i++) {
		xmlHashFree(book->articles[i]->ids, NULL);
		book->articles[i]->ids = NULL;
	}
}
