/* main.c - the command line: reads options, runs the pipeline stages in order (config, scan,
 * articles, chapters, links, package, container) and turns diagnostics into the exit status. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "article.h"
#include "book.h"
#include "config.h"
#include "container.h"
#include "diag.h"
#include "image_cache.h"
#include "image_prepare.h"
#include "init.h"
#include "photo.h"
#include "labels.h"
#include "package.h"
#include "pages.h"
#include "path.h"
#include "progress.h"
#include "render.h"
#include "scan.h"
#include "template.h"
#include "util.h"


enum {
	OPTION_CHECK = 256,
	OPTION_DUMP,
	OPTION_TEMPLATES,
	OPTION_CONFIG,
	OPTION_STRICT,
	OPTION_MISSING_IMAGES,
	OPTION_MAX_ARTICLE_SIZE,
	OPTION_MAX_IMAGE_SIZE,
	OPTION_MAX_YAML_VALUES,
	OPTION_MAX_NESTING,
	OPTION_MAX_MARKDOWN_COST,
	OPTION_TITLE,
	OPTION_LANGUAGE,
	OPTION_INIT,
	OPTION_LIST_WARNINGS,
	OPTION_MAX_PER_CLASS,
	OPTION_IMAGE_MAX_SIZE,
	OPTION_CACHE,
	OPTION_NO_CACHE,
	OPTION_SPLIT_SIZE,
};

/* Threads beyond the cores only add memory; this many is surely a typo. */
#define MAX_JOBS_OPTION 1024

static const struct option S_long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "config", required_argument, NULL, OPTION_CONFIG },
	{ "templates", required_argument, NULL, OPTION_TEMPLATES },
	{ "title", required_argument, NULL, OPTION_TITLE },
	{ "language", required_argument, NULL, OPTION_LANGUAGE },
	{ "init", required_argument, NULL, OPTION_INIT },
	{ "check", no_argument, NULL, OPTION_CHECK },
	{ "dump", no_argument, NULL, OPTION_DUMP },
	{ "strict", no_argument, NULL, OPTION_STRICT },
	{ "missing-images", required_argument, NULL, OPTION_MISSING_IMAGES },
	{ "max-article-size", required_argument, NULL, OPTION_MAX_ARTICLE_SIZE },
	{ "max-image-size", required_argument, NULL, OPTION_MAX_IMAGE_SIZE },
	{ "max-yaml-values", required_argument, NULL, OPTION_MAX_YAML_VALUES },
	{ "max-nesting", required_argument, NULL, OPTION_MAX_NESTING },
	{ "max-markdown-cost", required_argument, NULL, OPTION_MAX_MARKDOWN_COST },
	{ "list-warnings", no_argument, NULL, OPTION_LIST_WARNINGS },
	{ "max-per-class", required_argument, NULL, OPTION_MAX_PER_CLASS },
	{ "image-max-size", required_argument, NULL, OPTION_IMAGE_MAX_SIZE },
	{ "cache", required_argument, NULL, OPTION_CACHE },
	{ "no-cache", no_argument, NULL, OPTION_NO_CACHE },
	{ "split-size", required_argument, NULL, OPTION_SPLIT_SIZE },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
S_usage(FILE *out)
{
	fputs(
"usage: kagama-epub [options] DIR -o FILE\n"
"       kagama-epub --init DIR\n"
"Compiles a folder of Markdown articles (and their images) into an EPUB 3 book.\n"
"\n"
"options:\n"
"  -o, --output FILE         the EPUB to write (replaced only when the build succeeds)\n"
"      --config FILE         book metadata (default: DIR/book.yaml)\n"
"      --templates DIR       use the templates in DIR instead of the built-in ones\n"
"      --init DIR            create a new book folder (book.yaml, an article, an image)\n"
"      --title TEXT          book title (overrides book.yaml)\n"
"      --language TAG        book language, BCP 47 (overrides book.yaml)\n"
"      --check               read and check everything, write nothing\n"
"      --dump                print the book as understood (metadata, parts, articles)\n"
"      --strict              treat warnings as errors\n"
"  -W no-CLASS, -W CLASS=off|note|warn|error\n"
"                            turn a class of warnings off, or into errors\n"
"      --list-warnings       print the classes of warnings and notes\n"
"      --max-per-class N     print N messages of one class, count the rest (default 10;\n"
"                            0: all)\n"
"      --missing-images=MODE error (default) or warn: keep the alt text of lost images\n"
"      --max-article-size N  largest article in bytes (default 67108864)\n"
"      --max-image-size N    largest image in bytes (default 268435456)\n"
"      --max-yaml-values N   YAML values per document, aliases expanded (default 100000)\n"
"      --max-nesting N       YAML and Markdown nesting depth (default 64)\n"
"      --max-markdown-cost N refuse Markdown shapes the parser takes quadratic time\n"
"                            on, past about N x 10 ns (default 50000000; 0: no limit)\n"
"      --image-max-size N    shrink photos to N pixels on their longest side (book.yaml\n"
"                            images: max-size; default: never)\n"
"      --cache DIR           keep re-encoded photos in DIR (default:\n"
"                            $XDG_CACHE_HOME/kagama-epub)\n"
"      --no-cache            re-encode photos in memory, keep nothing\n"
"      --split-size KB       cut longer chapters at their level-2 headings into\n"
"                            continuation files (book.yaml split-size; default 300;\n"
"                            0: never)\n"
"  -j, --jobs N              render articles on N threads (default: one per core)\n"
"  -q, --quiet               print errors only, no summary, no closing line\n"
"  -v, --verbose             print notes too\n"
"  -h, --help                print this help\n"
"  -V, --version             print the version\n"
"\n"
"exit status:\n"
"  0  the book was written (warnings allowed)\n"
"  1  the input has errors; nothing was written\n"
"  2  bad usage\n"
"  3  system failure (I/O, out of memory, interrupted); nothing was written\n"
"\n"
"environment:\n"
"  SOURCE_DATE_EPOCH         time stamp of the book (default: newest input file)\n"
"  KAGAMA_PROGRESS_DELAY     seconds before the progress line shows (default 0.5)\n",
	    out);
}

static int
S_parse_number(const char *text, const char *option, const char *what, size_t *value)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
		diag_usage("%s needs %s, not '%s'", option, what, text);
		return -1;
	}
	*value = (size_t)n;
	return 0;
}

static int
S_parse_size(const char *text, const char *option, size_t *value)
{
	return S_parse_number(text, option, "a number of bytes", value);
}

static int
S_parse_jobs(const char *text, unsigned *jobs)
{
	size_t n;

	if (S_parse_number(text, "--jobs", "a number", &n) < 0)
		return -1;
	if (n < 1 || n > MAX_JOBS_OPTION) {
		diag_usage("--jobs takes a number from 1 to %d, not '%s'", MAX_JOBS_OPTION, text);
		return -1;
	}
	*jobs = (unsigned)n;
	return 0;
}

/* --split-size KB, kept in bytes. */
static int
S_parse_split_size(const char *text, struct options *options)
{
	size_t kb;

	if (S_parse_number(text, "--split-size", "a number of KB", &kb) < 0)
		return -1;
	if (kb > SIZE_MAX / 1024) {
		diag_usage("--split-size %s is more than any chapter", text);
		return -1;
	}
	options->split_size = kb * 1024;
	options->split_size_given = 1;
	return 0;
}

/* -W no-CLASS, -W CLASS=LEVEL, -W CLASS (a warning again). */
static int
S_parse_warning(const char *text, struct options *options)
{
	const char *equals = strchr(text, '=');
	char *name = equals != NULL ? xstrndup(text, (size_t)(equals - text)) :
	    xstrdup(strncmp(text, "no-", 3) == 0 ? text + 3 : text);
	int class = diag_class_find(name), level = equals != NULL ? diag_level_parse(equals + 1) :
	    strncmp(text, "no-", 3) == 0 ? DIAG_OFF : DIAG_WARNING;

	free(name);
	if (class < 0) {
		diag_usage("-W %s: no such class of warnings (see --list-warnings)", text);
		return -1;
	}
	if (level < 0) {
		diag_usage("-W %s: the level is off, note, warn or error", text);
		return -1;
	}
	options->warning_levels[class] = (signed char)level;
	return 0;
}

static void
S_list_warnings(void)
{
	int i;

	for (i = 0; i < DIAG_CLASS_COUNT; i++)
		printf("%-18s %-8s %s\n", diag_class_name(i), diag_level_name(diag_class_default(i)),
		    diag_class_description(i));
}

/* How many long options begin with what follows "--" in given (up to any "="). */
static int
S_long_option_matches(const char *given)
{
	size_t length = strcspn(given + 2, "=");
	int i, matches = 0;

	for (i = 0; S_long_options[i].name != NULL; i++)
		if (strncmp(S_long_options[i].name, given + 2, length) == 0)
			matches++;
	return matches;
}

/* getopt's own messages would name argv[0] ("./kagama-epub"); these name the program. */
static void
S_report_bad_option(int c, char **argv)
{
	const char *given = argv[optind - 1];
	char short_name[3] = { '-', (char)optopt, '\0' };
	char *text;

	if (c == ':')
		text = xasprintf("option '%s' needs an argument", given);
	else if (optopt == 0 && strncmp(given, "--", 2) == 0 && S_long_option_matches(given) > 1)
		text = xasprintf("option '%s' is ambiguous: more than one option begins so", given);
	else
		text = xasprintf("unrecognized option '%s'", optopt != 0 ? short_name : given);
	diag_option(text);
	free(text);
	fputs("Try 'kagama-epub --help'.\n", stderr);
}

static void
S_default_options(struct options *options)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;

	options_init(options);
	if (epoch != NULL && *epoch != '\0') {
		long long value = strtoll(epoch, &end, 10);

		if (*end == '\0' && value >= 0)
			options->epoch = (time_t)value;
		else
			diag_warning(DIAG_CLASS_ENVIRONMENT, NULL, 0, 0,
			    "SOURCE_DATE_EPOCH='%s' is not a number of seconds; ignored", epoch);
	}
}

/* Returns 0 to go on, 1 when done (help, version), -1 on a usage error. */
static int
S_parse_arguments(int argc, char **argv, struct options *options)
{
	size_t size = 0;
	int c, status = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:W:qvhV", S_long_options, NULL)) != -1) {
		switch (c) {
		case 'o': options->output = optarg; break;
		case 'j': status |= S_parse_jobs(optarg, &options->jobs); break;
		case 'q': options->quiet = 1; break;
		case 'v': options->verbose = 1; break;
		case 'h': S_usage(stdout); return 1;
		case 'V': printf("kagama-epub %s\n", KAGAMA_VERSION); return 1;
		case 'W': status |= S_parse_warning(optarg, options); break;
		case OPTION_LIST_WARNINGS: S_list_warnings(); return 1;
		case OPTION_MAX_PER_CLASS:
			status |= S_parse_number(optarg, "--max-per-class", "a number",
			    &options->max_per_class);
			break;
		case OPTION_CONFIG: options->config = optarg; break;
		case OPTION_TEMPLATES: options->templates_dir = optarg; break;
		case OPTION_TITLE: options->title = optarg; break;
		case OPTION_LANGUAGE: options->language = optarg; break;
		case OPTION_CHECK: options->check_only = 1; break;
		case OPTION_INIT: options->init_dir = optarg; break;
		case OPTION_DUMP: options->dump = 1; break;
		case OPTION_STRICT: options->strict = 1; break;
		case OPTION_MISSING_IMAGES:
			if (strcmp(optarg, "warn") == 0 || strcmp(optarg, "error") == 0)
				options->missing_images_warn = strcmp(optarg, "warn") == 0;
			else {
				diag_usage("--missing-images takes 'error' or 'warn', not '%s'", optarg);
				status = -1;
			}
			break;
		case OPTION_MAX_ARTICLE_SIZE:
			status |= S_parse_size(optarg, "--max-article-size", &options->max_article_bytes);
			break;
		case OPTION_MAX_IMAGE_SIZE:
			status |= S_parse_size(optarg, "--max-image-size", &options->max_image_bytes);
			break;
		case OPTION_MAX_YAML_VALUES:
			status |= S_parse_number(optarg, "--max-yaml-values", "a number",
			    &options->max_yaml_nodes);
			break;
		case OPTION_MAX_NESTING:
			status |= S_parse_number(optarg, "--max-nesting", "a number",
			    &options->max_nesting);
			break;
		case OPTION_MAX_MARKDOWN_COST:
			status |= S_parse_size(optarg, "--max-markdown-cost",
			    &options->max_markdown_cost);
			break;
		case OPTION_IMAGE_MAX_SIZE:
			status |= S_parse_size(optarg, "--image-max-size", &size);
			options->image_max_size = (unsigned long)size;
			options->image_max_size_given = 1;
			break;
		case OPTION_CACHE: options->cache_dir = optarg; break;
		case OPTION_NO_CACHE: options->no_cache = 1; break;
		case OPTION_SPLIT_SIZE: status |= S_parse_split_size(optarg, options); break;
		default:
			S_report_bad_option(c, argv);
			return -1;
		}
	}
	if (status != 0)
		return -1;
	if (options->init_dir != NULL && options->output != NULL) {
		diag_usage("--init writes a book folder, not an EPUB; leave out -o, then build it "
		    "with: kagama-epub %s -o book.epub", options->init_dir);
		return -1;
	}
	if (options->init_dir != NULL && optind == argc)
		return 0;
	if (optind + 1 != argc) {
		diag_usage(optind >= argc ? "no input folder given" : "more than one input folder given");
		fputs("usage: kagama-epub [options] DIR -o FILE\n", stderr);
		return -1;
	}
	options->input_dir = argv[optind];
	if (options->output == NULL && !options->check_only && !options->dump) {
		diag_usage("no output file given (-o FILE), and neither --check nor --dump");
		return -1;
	}
	return 0;
}

/* Before the archive is opened there is nothing to undo: stop at once.  While it is written,
 * libzip is asked to stop and remove its temporary file. */
static void
S_on_signal(int signal_number)
{
	static const char message[] = "kagama-epub: error: interrupted before writing\n";

	(void)signal_number;
	container_interrupted = 1;
	if (!container_writing) {
		if (write(2, message, sizeof(message) - 1) < 0)
			_exit(EXIT_SYSTEM);
		_exit(EXIT_SYSTEM);
	}
}

static void
S_catch_signals(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = S_on_signal;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);
}

/* The input must be a folder and the output a place a file can be written to. */
static int
S_check_paths(const struct options *options, struct book *book)
{
	char resolved[PATH_MAX];
	struct stat st;

	if (stat(options->input_dir, &st) < 0) {
		diag_usage("input folder '%s': %s", options->input_dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_usage("input '%s' is not a folder", options->input_dir);
		return -1;
	}
	if (realpath(options->input_dir, resolved) == NULL) {
		diag_system(options->input_dir, "cannot resolve: %s", strerror(errno));
		return -1;
	}
	book->input_real = xstrdup(resolved);
	if (options->output == NULL)
		return 0;
	if (stat(options->output, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_usage("output '%s' is a folder; give a file name", options->output);
		return -1;
	}
	if (stat(options->output, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_usage("output '%s' is not a regular file", options->output);
		return -1;
	}
	return 0;
}

static int
S_check_output_folder(const char *output)
{
	char *slash = strrchr(output, '/');
	char *folder = slash == NULL ? xstrdup(".") : slash == output ? xstrdup("/") :
	    xstrndup(output, (size_t)(slash - output));
	struct stat st;
	int status = 0;

	if (stat(folder, &st) < 0 || !S_ISDIR(st.st_mode)) {
		diag_usage("output folder '%s' does not exist", folder);
		status = -1;
	}
	free(folder);
	return status;
}

static time_t
S_newest(time_t newest, const char *path)
{
	struct stat st;

	if (path != NULL && stat(path, &st) == 0 && st.st_mtime > newest)
		return st.st_mtime;
	return newest;
}

/* dcterms:modified and the ZIP times: SOURCE_DATE_EPOCH, else the newest input, so that the
 * same folder always gives the same bytes. */
static void
S_choose_time(const struct options *options, struct book *book)
{
	time_t newest = 0;
	size_t i;

	if (options->epoch >= 0) {
		book->modified = options->epoch;
		return;
	}
	newest = S_newest(newest, book->meta.source_file);
	for (i = 0; i < book->article_count; i++)
		newest = S_newest(newest, book->articles[i]->full_path);
	for (i = 0; i < book->image_count; i++)
		newest = S_newest(newest, book->images[i]->real_path);
	book->modified = newest;
}

/* Reads every article's front matter, puts the book in order, then makes every chapter. */
static void
S_build_chapters(const struct options *options, struct book *book,
    const struct template_set *templates, struct container_spool *spool,
    struct progress *progress)
{
	render_read_meta(options, book);
	scan_arrange(book);
	if (book->article_count == 0) {
		diag_report(DIAG_ERROR, options->input_dir, 0, 0,
		    "every article is a draft: nothing to publish");
		return;
	}
	render_chapters(options, book, templates, spool, progress);
}

/* Assembles the book (which may still warn, e.g. of an oversized chapter) and writes it
 * unless that made the build fail or only a check was asked for. */
static int
S_write_book(const struct options *options, struct book *book,
    const struct template_set *templates, struct progress *progress)
{
	struct container *container = container_new();
	int status;

	container->progress = progress;
	package_assemble(options, book, templates, container);
	if (diag_failed() || options->check_only || options->output == NULL) {
		container_free(container);
		return 0;
	}
	/* A signal that lands after libzip renamed the finished file is too late to undo it:
	 * the book is complete, so the run counts as a success. */
	status = container_write(container, options->output, book->modified);
	progress_clear(progress);
	if (status == 0)
		container_interrupted = 0;
	container_free(container);
	return status;
}

/* book.yaml's css must be a file inside the input folder. */
static int
S_find_extra_stylesheet(const struct options *options, struct book *book,
    struct template_set *templates)
{
	char *relative, *full, resolved[PATH_MAX];
	int status = -1;

	if (book->meta.css == NULL)
		return 0;
	if ((relative = path_normalize(book->meta.css)) == NULL || relative[0] == '/') {
		diag_report(DIAG_ERROR, book->meta.source_file, 0, 0,
		    "css '%s' must be a path inside the input folder", book->meta.css);
		free(relative);
		return -1;
	}
	full = path_join(options->input_dir, relative);
	if (realpath(full, resolved) == NULL)
		diag_report(DIAG_ERROR, book->meta.source_file, 0, 0, "css '%s': %s",
		    book->meta.css, strerror(errno));
	else if (!path_is_inside(book->input_real, resolved))
		diag_report(DIAG_ERROR, book->meta.source_file, 0, 0,
		    "css '%s' leads outside the input folder; refused", book->meta.css);
	else {
		book->extra_stylesheet_path = xstrdup(resolved);
		templates->extra_stylesheet = PACKAGE_EXTRA_STYLESHEET;
		status = 0;
	}
	free(relative);
	free(full);
	return status;
}

static void
S_check_language(const struct book *book)
{
	if (labels_for(book->meta.language) == NULL)
		diag_note(DIAG_CLASS_LANGUAGE, book->meta.source_file, 0, 0,
		    "no labels for language '%s' yet; generated pages use English",
		    book->meta.language);
}

/* What the closing line tells of a book that was written. */
struct S_outcome {
	int	 written;
	size_t	 articles, parts, images;
};

static size_t
S_count_parts(const struct book *book)
{
	size_t i, parts = 0;

	for (i = 0; i < book->node_count; i++)
		parts += book->nodes[i]->kind == BOOK_NODE_PART;
	return parts;
}

/* Readers and shops look for .epub; anything else is most likely a slip of the keyboard. */
static void
S_check_output_name(const char *output)
{
	size_t length = strlen(output);

	if (length < 5 || strcasecmp(output + length - 5, ".epub") != 0)
		diag_warning(DIAG_CLASS_OUTPUT_NAME, NULL, 0, 0, "output '%s' does not end in "
		    ".epub; e-book readers expect that name", output);
}

/* The cache of re-encoded photos, unless --no-cache. */
static int
S_open_image_cache(const struct options *options, struct book *book)
{
	char *settings, *error = NULL;

	/* --check and --dump use it too: the build that follows them decodes nothing again. */
	if (options->no_cache)
		return 0;
	settings = image_prepare_settings(options);
	book->image_cache = image_cache_open(options->cache_dir, settings, &error);
	free(settings);
	if (book->image_cache != NULL)
		return 0;
	diag_report(DIAG_ERROR, options->cache_dir, 0, 0, "%s (or build with --no-cache)", error);
	free(error);
	return -1;
}

static void
S_report_image_cache(struct image_cache *cache)
{
	size_t hits, made, broken;

	if (cache == NULL)
		return;
	image_cache_counts(cache, &hits, &made, &broken);
	if (hits + made + broken > 0)
		diag_note(DIAG_CLASS_IMAGE_CACHE_USE, NULL, 0, 0,
		    "image cache: %zu photos reused, %zu made",
		    hits, made);
	if (broken > 0)
		diag_warning(DIAG_CLASS_IMAGE_CACHE, NULL, 0, 0, "image cache: %zu broken entr%s found and "
		    "made again", broken, broken == 1 ? "y" : "ies");
}

/* What book.yaml's drop: removed is counted in the summary: a pattern too broad shows. */
static void
S_report_dropped(const struct book *book)
{
	size_t i, dropped = 0;

	for (i = 0; i < book->article_count; i++)
		dropped += book->articles[i]->dropped_paragraphs;
	if (dropped > 0)
		diag_note_summary(DIAG_CLASS_DROPPED_PARAGRAPH,
		    "drop: removed %zu paragraph%s (--verbose names them)", dropped,
		    dropped == 1 ? "" : "s");
}

/* Every stage in order.  A stage that fails after reporting does not stop the ones whose
 * messages the user also wants (every article's problems at once, --dump); writing waits until
 * nothing failed.  Returns 0, or -1 (reported); outcome says what was written. */
static int
S_run(struct options *options, struct S_outcome *outcome)
{
	struct template_set *templates = NULL;
	struct book *book = book_new();
	struct progress *progress = progress_new(!options->quiet && isatty(2));
	struct container_spool *spool = NULL;
	int status = -1;

	if (S_check_paths(options, book) < 0 ||
	    (options->output != NULL && S_check_output_folder(options->output) < 0))
		goto out;
	/* From here on options is complete: the command line, then book.yaml's settings. */
	if (config_load(options, &book->meta) < 0)
		goto out;
	diag_configure_classes(options->warning_levels, options->max_per_class);
	if (options->output != NULL && !options->check_only)
		S_check_output_name(options->output);
	if (S_open_image_cache(options, book) < 0)
		goto out;
	if ((templates = template_set_load(options->templates_dir)) == NULL)
		goto out;
	if (scan_folder(options, book) < 0)
		goto out;
	if (book->meta.title == NULL)
		book->meta.title = article_title_from_path(book->input_real);
	S_check_language(book);
	status = S_find_extra_stylesheet(options, book, templates);
	/* Chapters wait on disk for the archive, so memory does not grow with the book. */
	if (options->output != NULL && !options->check_only &&
	    (spool = container_spool_new(options->output)) == NULL) {
		status = -1;
		goto out;
	}
	S_build_chapters(options, book, templates, spool, progress);
	progress_clear(progress);
	S_report_dropped(book);
	package_identify(book);
	if (pages_prepare_cover(options, book, templates) < 0)
		status = -1;
	S_choose_time(options, book);
	if (options->dump)
		book_dump(options, book, stdout);
	if (status < 0 || diag_failed() || container_interrupted) {
		status = -1;
		goto out;
	}
	status = S_write_book(options, book, templates, progress);
	if (status == 0 && options->output != NULL && !options->check_only && !diag_failed()) {
		outcome->written = 1;
		outcome->articles = book->article_count;
		outcome->parts = S_count_parts(book);
		outcome->images = book->image_count;
	}
out:
	progress_free(progress);
	container_spool_free(spool);
	template_set_free(templates);
	S_report_image_cache(book->image_cache);
	image_cache_free(book->image_cache);
	book_free(book);
	return status;
}

/* The worst diagnostic decides; a step that failed without one (a bug) still fails the run. */
static int
S_exit_status(int status)
{
	int exit_status = diag_exit_status();

	return status < 0 && exit_status == EXIT_OK ? EXIT_SYSTEM : exit_status;
}

/* "kagama-epub: wrote kagama.epub: 7 articles in 3 parts, 6 images, 119 KiB, 0.1 s" */
static void
S_print_written(const char *output, const struct S_outcome *outcome,
    const struct timespec *start)
{
	struct timespec end;
	struct stat st;
	double seconds;

	clock_gettime(CLOCK_MONOTONIC, &end);
	seconds = (double)(end.tv_sec - start->tv_sec) + (end.tv_nsec - start->tv_nsec) / 1e9;
	fprintf(stderr, "kagama-epub: wrote %s: %zu article%s", output, outcome->articles,
	    outcome->articles == 1 ? "" : "s");
	if (outcome->parts > 0)
		fprintf(stderr, " in %zu part%s", outcome->parts, outcome->parts == 1 ? "" : "s");
	fprintf(stderr, ", %zu image%s", outcome->images, outcome->images == 1 ? "" : "s");
	if (stat(output, &st) == 0)
		fprintf(stderr, ", %lld KiB", ((long long)st.st_size + 1023) / 1024);
	fprintf(stderr, ", %.1f s\n", seconds);
}

/* --init DIR, and what to do next. */
static int
S_init(const struct options *options)
{
	char *top = path_strip_trailing_slashes(options->init_dir);
	int status = init_folder(top);

	diag_print_summary();
	if (status == 0 && !options->quiet)
		fprintf(stderr, "kagama-epub: created %s/ with %s\n"
		    "kagama-epub: build it with: kagama-epub %s -o book.epub\n",
		    top, init_folder_contents(), top);
	free(top);
	return S_exit_status(status);
}

int
main(int argc, char **argv)
{
	struct options options;
	struct S_outcome outcome = { 0, 0, 0, 0 };
	struct timespec start;
	char *input_dir = NULL;
	int parsed, status;

	clock_gettime(CLOCK_MONOTONIC, &start);

	/* Heading ids fold case in any script: that needs a UTF-8 character type. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	S_catch_signals();
	/* Each chapter's trees and deflate state are freed as the next one needs as much again:
	 * without this, glibc hands the memory of the workers' arenas back to the kernel and
	 * faults it in again for every chapter (thousands of madvise calls per book). */
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	/* Without fastbins, free() coalesces at once: with them, the million small blocks of a big
	 * chapter's freed trees wait to be sorted in one pass at the next large allocation, which
	 * cost more than the frees (10-25% of a 100,000-row table's or 100,000 links' build). */
	mallopt(M_MXFAST, 0);
	xmlInitParser();
	S_default_options(&options);
	parsed = S_parse_arguments(argc, argv, &options);
	if (parsed != 0)
		return parsed > 0 ? EXIT_OK : EXIT_USAGE;
	diag_configure(options.quiet, options.verbose, options.strict);
	diag_configure_classes(options.warning_levels, options.max_per_class);
	if (options.init_dir != NULL)
		return S_init(&options);
	input_dir = path_strip_trailing_slashes(options.input_dir);
	options.input_dir = input_dir;
	status = S_run(&options, &outcome);
	diag_print_summary();
	if (outcome.written && !options.quiet)
		S_print_written(options.output, &outcome, &start);
	options_free(&options);
	free(input_dir);
	/* libvips starts when the cover or the first photo needs it (photo.c); it stops here. */
	photo_library_shutdown();
	xmlCleanupParser();
	return S_exit_status(status);
}
