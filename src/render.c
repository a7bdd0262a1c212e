/* render.c - turns every article into its finished chapter (read, built, linked, serialised,
 * deflated) on several threads, and owns reading order: any number of threads gives the same
 * bytes and the same messages in the same order.  Called by main.c.
 *
 * How reading order is kept, in three stages:
 *   1. build (any thread, any order): each article is read and built into its own slot.  Its
 *      messages go into the slot's capture; its images are probed but not named (their
 *      warnings wait, held, at their place in the capture).  A chapter that needs nothing
 *      from the others (no images, links ready) is finished at once; the others wait as text
 *      (but the last in reading order, after which nothing is built).
 *   2. order (one thread, reading order): each article's images join the book (named, stored
 *      once) and their held warnings are released if the image is new.  This is the only
 *      ordered step, and it is cheap.
 *   3. finish (any thread): waiting chapters get their image names and links; a long one is
 *      cut into its files (chapter_split.c, which planned the cut while building, so that
 *      links from other chapters could name the right file); each file is deflated.
 * At the end each article's messages (building and linking together) are printed in reading
 * order, sorted by line (diag_capture_flush), so that diag.c's per-class limit meets them in
 * the same order at any -j.
 * No thread ever waits for another article: a huge first article delays nobody. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "chapter.h"
#include "chapter_split.h"
#include "container.h"
#include "diag.h"
#include "image.h"
#include "link.h"
#include "progress.h"
#include "render.h"
#include "shortcode.h"
#include "site.h"
#include "util.h"

/* What one article leaves for the ordered stage and the end. */
struct render_slot {
	struct diag_capture	 built;		/* messages from reading and building */
	struct diag_capture	 linked;	/* messages from its links */
	int			 waiting;	/* needs the ordered stage before it is finished */
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
	size_t				*order;		/* the articles of this stage */
	size_t				 count;		/* ...how many */
	pthread_mutex_t			 lock;
	pthread_cond_t			 finished;	/* the stage's last article is done */
	atomic_size_t			 next;		/* the next entry of order to take */
	atomic_size_t			 done;		/* entries of order done */
	atomic_size_t			 packed;	/* chapters finished, for the progress line */
};

unsigned
render_default_jobs(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	return cores < 1 ? 1 : cores > RENDER_MAX_JOBS ? RENDER_MAX_JOBS : (unsigned)cores;
}

/* One file's text, deflated for the container (or only measured when nothing will be
 * written); the tree is freed. */
static void
S_pack_document(const struct render *render, xmlDocPtr document,
    struct container_packed *packed)
{
	size_t length;
	char *text = template_serialize(document, &length);

	xmlFreeDoc(document);
	if (render->options->output == NULL || render->options->check_only)
		packed->size = length;
	else if (container_pack(text, length, packed) < 0)
		exit(EXIT_SYSTEM);
	else if (render->spool != NULL)
		container_spool_put(render->spool, packed);
	free(text);
}

/* The chapter, cut first into its files if it is too long (chapter_split.c). */
static void
S_pack(const struct render *render, struct article *article)
{
	xmlDocPtr *documents;
	size_t k;

	if (article->part_count == 0) {
		S_pack_document(render, article->document, &article->chapter);
		article->document = NULL;
		return;
	}
	documents = chapter_split_cut(article);
	S_pack_document(render, documents[0], &article->chapter);
	for (k = 1; k <= article->part_count; k++)
		S_pack_document(render, documents[k], &article->parts[k - 1].chapter);
	free(documents);
}

/* scan: what link_ready() found, or an empty one (the links are then found again). */
static void
S_finish(struct render *render, struct article *article, struct link_scan *scan)
{
	image_pending_name(article);
	link_resolve_scanned(render->options, render->book, article, scan);
	S_pack(render, article);
	atomic_fetch_add(&render->packed, 1);
}

/* Stage 1: read and build; finish at once what needs no other article. */
static void
S_build_article(struct render *render, struct article *article, struct render_slot *slot)
{
	struct link_scan scan = { NULL, 0, 0, 0 };
	cmark_node *markdown;

	diag_capture_into(&slot->built);
	if (!article->unreadable && !atomic_load(&container_interrupted) &&
	    (markdown = article_read_body(render->options, article)) != NULL)
		/* Errors (-1) leave a chapter all the same: it is linked too, so that one run
		 * gives every message of the book.  diag_failed() then stops the writing. */
		(void)chapter_build(render->options, render->book, render->templates, article,
		    markdown);
	if (article->document != NULL) {
		if (article->pending_count == 0 &&
		    link_ready(render->options, render->book, article, &scan)) {
			diag_capture_into(&slot->linked);
			S_finish(render, article, &scan);
		} else {
			/* As text, a waiting chapter takes a tenth of the memory of its tree, while
			 * the articles after it are built; the last one has none after it, and
			 * freezing it was a tenth of the time of a book of one long article. */
			slot->waiting = 1;
			if (article->index + 1 < render->book->article_count)
				chapter_freeze(article);
		}
	}
	diag_capture_into(NULL);
}

/* Stage 3: the chapters that waited for image names or other chapters' ids. */
static void
S_finish_waiting(struct render *render, struct article *article, struct render_slot *slot)
{
	diag_capture_into(&slot->linked);
	if (!atomic_load(&container_interrupted)) {
		struct link_scan scan = { NULL, 0, 0, 0 };

		chapter_thaw(article);
		S_finish(render, article, &scan);
	}
	diag_capture_into(NULL);
}

/* Runs the task for entry i of the stage's order. */
static void
S_work(struct render *render, size_t i)
{
	size_t article = render->order != NULL ? render->order[i] : i;

	render->task(render, render->book->articles[article], &render->slots[article]);
	if (atomic_fetch_add(&render->done, 1) + 1 == render->count) {
		pthread_mutex_lock(&render->lock);
		pthread_cond_signal(&render->finished);
		pthread_mutex_unlock(&render->lock);
	}
}

static void *
S_worker(void *data)
{
	struct render *render = data;
	size_t i;

	while ((i = atomic_fetch_add(&render->next, 1)) < render->count)
		S_work(render, i);
	return NULL;
}

/* Redraws the progress line every tenth of a second until the last article is done. */
static void
S_show_progress(struct render *render, struct progress *progress)
{
	size_t total = render->book->article_count;
	struct timespec until;

	pthread_mutex_lock(&render->lock);
	while (atomic_load(&render->done) < render->count) {
		progress_articles(progress, atomic_load(&render->packed), total);
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

struct S_progress_job {
	struct render	*render;
	struct progress	*progress;
};

static void *
S_progress_thread(void *data)
{
	struct S_progress_job *job = data;

	S_show_progress(job->render, job->progress);
	return NULL;
}

/* Runs the workers, the calling thread one of them: its memory comes from glibc's main arena,
 * which grows M_TOP_PAD at a time, where another thread's arena grows a page (one mprotect
 * call) at a time (a tenth of the time of an article of 100,000 links on a thread).  It takes
 * the first entry before any thread starts, so that which article it builds does not depend
 * on which thread starts first.  The progress line, if shown, has a thread of its own. */
static void
S_run_threads(struct render *render, unsigned jobs, struct progress *progress)
{
	pthread_t *threads = xcalloc(jobs, sizeof(pthread_t)), progress_thread;
	struct S_progress_job job = { render, progress };
	size_t first = atomic_fetch_add(&render->next, 1);
	unsigned started = 0, i;
	int showing = 0;

	for (i = 1; i < jobs; i++)
		if (pthread_create(&threads[started], NULL, S_worker, render) == 0)
			started++;
	if (progress_enabled(progress))
		showing = pthread_create(&progress_thread, NULL, S_progress_thread, &job) == 0;
	if (first < render->count)
		S_work(render, first);
	S_worker(render);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (showing)
		pthread_join(progress_thread, NULL);
	free(threads);
}

/* Stage 2, in reading order: images join the book, their warnings joining the building
 * messages of the first article that uses them.  Returns how many chapters still wait, listed
 * in waiting. */
static size_t
S_order(struct render *render, size_t *waiting)
{
	struct book *book = render->book;
	size_t i, count = 0;

	for (i = 0; i < book->article_count; i++) {
		image_pending_register(render->options, book, book->articles[i],
		    &render->slots[i].built);
		if (render->slots[i].waiting)
			waiting[count++] = i;
		else
			image_pending_name(book->articles[i]);
	}
	if (!book->titles_indexed)
		link_index_titles(book);
	return count;
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
	atomic_init(&render->packed, 0);
	render->task = task;
	render->options = options;
	render->book = book;
	render->templates = templates;
	render->slots = xcalloc(book->article_count + 1, sizeof(struct render_slot));
	render->count = book->article_count;
	pthread_mutex_init(&render->lock, NULL);
	pthread_cond_init(&render->finished, NULL);
}

/* Runs the task for every article, on options->jobs threads (0: one per core). */
static void
S_run(struct render *render, struct progress *progress)
{
	unsigned jobs = render->options->jobs > 0 ? render->options->jobs : render_default_jobs();

	if (jobs > render->count)
		jobs = (unsigned)render->count;
	if (jobs <= 1)
		S_worker(render);
	else
		S_run_threads(render, jobs, progress);
}

static void
S_finish_stage(struct render *render)
{
	size_t i;

	/* One article's messages at a time, by line: a link message of line 9 comes before a
	 * building message of line 17. */
	for (i = 0; i < render->book->article_count; i++) {
		diag_capture_release(&render->slots[i].linked, &render->slots[i].built,
		    render->slots[i].built.length);
		diag_capture_flush(&render->slots[i].built);
	}
	pthread_mutex_destroy(&render->lock);
	pthread_cond_destroy(&render->finished);
	free(render->slots);
}

static void
S_read_meta(struct render *render, struct article *article, struct render_slot *slot)
{
	diag_capture_into(&slot->built);
	/* A failure is reported and marks the article unreadable: its chapter is not built. */
	if (!atomic_load(&container_interrupted) &&
	    article_read_meta(render->options, article) < 0)
		article->unreadable = 1;
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

/* Runs task over the listed articles (count of them), reusing render's slots. */
static void
S_run_stage(struct render *render, render_task *task, size_t *order, size_t count,
    struct progress *progress)
{
	render->task = task;
	render->order = order;
	render->count = count;
	atomic_store(&render->next, 0);
	atomic_store(&render->done, 0);
	S_run(render, progress);
}

void
render_chapters(const struct options *options, struct book *book,
    const struct template_set *templates, struct container_spool *spool,
    struct progress *progress)
{
	struct render render;
	size_t i, *waiting, count;

	S_start(&render, S_build_article, options, book, templates);
	render.spool = spool;
	for (i = 0; i < book->article_count; i++)
		book->articles[i]->index = i;
	site_index_build(options, book);
	/* With every title from front matter, "read also" lines need no other chapter. */
	if (S_every_title_known(book))
		link_index_titles(book);
	S_run(&render, progress);
	waiting = xcalloc(book->article_count + 1, sizeof(size_t));
	count = S_order(&render, waiting);
	S_run_stage(&render, S_finish_waiting, waiting, count, progress);
	free(waiting);
	progress_articles(progress, book->article_count, book->article_count);
	progress_clear(progress);
	S_finish_stage(&render);
	shortcode_report_unknown(book, options->remove_template_tags);
	/* Every link is resolved: a chapter's anchors are not needed any more. */
	for (i = 0; i < book->article_count; i++) {
		xmlHashFree(book->articles[i]->ids, NULL);
		book->articles[i]->ids = NULL;
		xmlHashFree(book->articles[i]->part_of_id, NULL);
		book->articles[i]->part_of_id = NULL;
	}
}
