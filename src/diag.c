/* diag.c - prints every diagnostic as "kagama-epub: file:line:col: level: message [class]",
 * counts them, keeps the worst exit status, and owns the classes of warnings (their list is
 * diag_class.def): their levels (-W, book.yaml's warnings:), the per-class limit and the closing
 * per-class lines.  Every stage reports through diag_emit() and its macros in diag.h.  Its
 * state is the program's only mutable global state besides the signal flags of container.c.
 *
 * Counting and printing are apart on purpose.  A message is counted (errors, warnings, exit
 * status) when it is reported, or when a held capture is released; it is printed, and only then
 * counted against its class's limit, when it reaches stderr.  render.c makes every capture reach
 * stderr in reading order on one thread, so which messages a limit hides is the same at any -j. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct diag_message {
	char		*text;		/* the whole line, newline included */
	char		*place;		/* "file:line:col", "file" or NULL */
	int		 line, col;
	int		 class;		/* -1: an error of no class */
	enum diag_level	 level;
	int		 counted;	/* 0 while it sits in a held capture */
	enum exit_status status;	/* errors: the status it raises */
	size_t		 sequence;	/* keeps the sort by line stable */
};

struct diag_class_info {
	const char	*name;
	enum diag_level	 level;		/* the default */
	const char	*description;
};

/* The table of src/diag_class.def, in the order of enum diag_class. */
static const struct diag_class_info S_classes[DIAG_CLASS_COUNT] = {
#define DIAG_CLASS(suffix, name, level, description) { name, level, description },
#include "diag_class.def"
#undef DIAG_CLASS
};

/* What the closing per-class lines say about one class. */
struct diag_class_state {
	enum diag_level	 level;		/* as configured */
	size_t		 printed, hidden;	/* reached stderr / held back by the limit */
	char		*first;		/* place of the first one */
};

static struct {
	pthread_mutex_t	lock;
	int		quiet, verbose, strict;
	int		errors, warnings;
	enum exit_status status;
	size_t		max_per_class;
	int		configured;	/* diag_configure_classes was called */
	struct diag_class_state classes[DIAG_CLASS_COUNT];
	int		fired[DIAG_CLASS_COUNT];	/* classes in the order they first printed */
	size_t		fired_count;
} S_diag = { .lock = PTHREAD_MUTEX_INITIALIZER, .status = EXIT_OK,
    .max_per_class = DIAG_DEFAULT_MAX_PER_CLASS };

static const char *const S_level_names[] = { "off", "note", "warning", "error" };

/* Where this thread's messages go: stderr, or a capture to print later. */
static _Thread_local struct diag_capture *S_capture;

int
diag_class_find(const char *name)
{
	int i;

	for (i = 0; i < DIAG_CLASS_COUNT; i++)
		if (strcmp(S_classes[i].name, name) == 0)
			return i;
	return -1;
}

const char *
diag_class_name(enum diag_class class)
{
	return S_classes[class].name;
}

const char *
diag_class_description(enum diag_class class)
{
	return S_classes[class].description;
}

enum diag_level
diag_class_default(enum diag_class class)
{
	return S_classes[class].level;
}

int
diag_level_parse(const char *text)
{
	if (strcmp(text, "off") == 0)
		return DIAG_OFF;
	if (strcmp(text, "note") == 0)
		return DIAG_NOTE;
	if (strcmp(text, "warn") == 0 || strcmp(text, "warning") == 0)
		return DIAG_WARNING;
	if (strcmp(text, "error") == 0)
		return DIAG_ERROR;
	return -1;
}

const char *
diag_level_name(enum diag_level level)
{
	return S_level_names[level];
}

void
diag_configure(int quiet, int verbose, int strict)
{
	S_diag.quiet = quiet;
	S_diag.verbose = verbose;
	S_diag.strict = strict;
}

void
diag_configure_classes(const signed char *levels, size_t max_per_class)
{
	int i;

	for (i = 0; i < DIAG_CLASS_COUNT; i++)
		S_diag.classes[i].level = levels != NULL && levels[i] >= 0 ?
		    (enum diag_level)levels[i] : S_classes[i].level;
	S_diag.max_per_class = max_per_class;
	S_diag.configured = 1;
}

/* Before diag_configure_classes, every class has its default. */
static enum diag_level
S_class_level(int class)
{
	return S_diag.configured ? S_diag.classes[class].level : S_classes[class].level;
}

void
diag_capture_into(struct diag_capture *capture)
{
	S_capture = capture;
}

struct diag_capture *
diag_capture_current(void)
{
	return S_capture;
}

static void
S_raise(enum exit_status status)
{
	if (status > S_diag.status)
		S_diag.status = status;
}

/* Counts one message into the totals and the exit status. */
static void
S_count(struct diag_message *message)
{
	message->counted = 1;
	if (message->level == DIAG_ERROR) {
		S_diag.errors++;
		S_raise(message->status);
	} else if (message->level == DIAG_WARNING) {
		S_diag.warnings++;
		if (S_diag.strict)
			S_raise(EXIT_INPUT);
	}
}

static void
S_message_free(struct diag_message *message)
{
	free(message->text);
	free(message->place);
}

/* Prints one message unless its level is hidden or its class has reached its limit (not with
 * -q: then only errors print, and no closing line would tell of the ones held back). */
static void
S_emit(struct diag_message *message)
{
	struct diag_class_state *state;

	if (message->level == DIAG_NOTE && !S_diag.verbose)
		return;
	if (message->level == DIAG_WARNING && S_diag.quiet)
		return;
	if (message->class >= 0) {
		state = &S_diag.classes[message->class];
		if (state->printed + state->hidden == 0) {
			S_diag.fired[S_diag.fired_count++] = message->class;
			state->first = message->place;
			message->place = NULL;
		}
		if (!S_diag.quiet && S_diag.max_per_class > 0 &&
		    state->printed >= S_diag.max_per_class) {
			state->hidden++;
			return;
		}
		state->printed++;
	}
	fputs(message->text, stderr);
}

/* Appends to a capture; diag.c cannot use util.c's exiting allocators (they report here), so an
 * allocation failure drops the message and counts it as a system error instead. */
static int
S_capture_grow(struct diag_capture *capture, size_t more)
{
	struct diag_message *grown;
	size_t capacity;

	if (capture->length + more <= capture->capacity)
		return 0;
	capacity = (capture->capacity + more) * 2;
	if ((grown = realloc(capture->messages, capacity * sizeof(*grown))) == NULL) {
		S_diag.errors++;
		S_raise(EXIT_SYSTEM);
		return -1;
	}
	capture->messages = grown;
	capture->capacity = capacity;
	return 0;
}

static int
S_by_line(const void *a, const void *b)
{
	const struct diag_message *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->sequence < y->sequence ? -1 : x->sequence > y->sequence;
}

void
diag_capture_flush(struct diag_capture *capture)
{
	size_t i;

	pthread_mutex_lock(&S_diag.lock);
	for (i = 0; i < capture->length; i++)
		capture->messages[i].sequence = i;
	if (capture->length > 1)
		qsort(capture->messages, capture->length, sizeof(*capture->messages), S_by_line);
	for (i = 0; i < capture->length; i++) {
		if (!capture->messages[i].counted)
			S_count(&capture->messages[i]);
		S_emit(&capture->messages[i]);
		S_message_free(&capture->messages[i]);
	}
	pthread_mutex_unlock(&S_diag.lock);
	free(capture->messages);
	capture->messages = NULL;
	capture->length = capture->capacity = 0;
}

void
diag_capture_release(struct diag_capture *held, struct diag_capture *into, size_t at)
{
	size_t i;

	pthread_mutex_lock(&S_diag.lock);
	for (i = 0; i < held->length; i++)
		if (!held->messages[i].counted)
			S_count(&held->messages[i]);
	if (into == NULL) {
		for (i = 0; i < held->length; i++)
			S_emit(&held->messages[i]);
	} else if (held->length > 0 && S_capture_grow(into, held->length) == 0) {
		at = at < into->length ? at : into->length;
		memmove(into->messages + at + held->length, into->messages + at,
		    (into->length - at) * sizeof(*into->messages));
		memcpy(into->messages + at, held->messages, held->length * sizeof(*held->messages));
		into->length += held->length;
		held->length = 0;
	}
	pthread_mutex_unlock(&S_diag.lock);
	diag_capture_drop(held);
}

void
diag_capture_drop(struct diag_capture *held)
{
	size_t i;

	for (i = 0; i < held->length; i++)
		S_message_free(&held->messages[i]);
	free(held->messages);
	held->messages = NULL;
	held->length = held->capacity = 0;
}

/* vsnprintf into a buffer of the exact size (NULL when out of memory).  Not open_memstream:
 * its 8 KB starting buffer, shrunk at fclose, leaves holes no later message fits in, and a
 * capture keeps every message until its article is printed (100,000 warnings took 700 MB). */
static char *
S_vformat(const char *format, va_list ap)
{
	char first[512], *text;
	va_list again;
	int length;

	/* Most messages fit the first try: formatted once, copied once. */
	va_copy(again, ap);
	length = vsnprintf(first, sizeof(first), format, again);
	va_end(again);
	if (length < 0 || (text = malloc((size_t)length + 1)) == NULL)
		return NULL;
	if ((size_t)length < sizeof(first))
		memcpy(text, first, (size_t)length + 1);
	else
		vsnprintf(text, (size_t)length + 1, format, ap);
	return text;
}

static char *
S_format_text(const char *format, ...) __attribute__((format(printf, 1, 2)));

static char *
S_format_text(const char *format, ...)
{
	va_list ap;
	char *text;

	va_start(ap, format);
	text = S_vformat(format, ap);
	va_end(ap);
	return text;
}

/* The line, written whole so that threads never interleave inside it, and the place. */
static int
S_format(struct diag_message *message, const char *file, const char *format, va_list ap)
{
	char *body = S_vformat(format, ap);
	char class[64] = "";

	if (body == NULL)
		return -1;
	if (file != NULL && message->line > 0 && message->col > 0)
		message->place = S_format_text("%s:%d:%d", file, message->line, message->col);
	else if (file != NULL && message->line > 0)
		message->place = S_format_text("%s:%d", file, message->line);
	else if (file != NULL)
		message->place = S_format_text("%s", file);
	if (message->class >= 0)
		snprintf(class, sizeof(class), " [%s]", S_classes[message->class].name);
	message->text = S_format_text("kagama-epub: %s%s%s: %s%s\n",
	    message->place != NULL ? message->place : "", message->place != NULL ? ": " : "",
	    S_level_names[message->level], body, class);
	free(body);
	if (message->text == NULL || (file != NULL && message->place == NULL)) {
		S_message_free(message);
		return -1;
	}
	return 0;
}

static void
S_vreport(enum diag_level level, int class, enum exit_status status, const char *file, int line,
    int col, const char *format, va_list ap)
{
	struct diag_message message = { NULL, NULL, line > 0 ? line : 0, col > 0 ? col : 0,
	    class, level, 0, status, 0 };

	pthread_mutex_lock(&S_diag.lock);
	if (class >= 0 && (message.level = S_class_level(class)) == DIAG_OFF)
		goto out;
	if (S_format(&message, file, format, ap) < 0) {
		S_diag.errors++;
		S_raise(EXIT_SYSTEM);
		goto out;
	}
	if (S_capture == NULL || !S_capture->held)
		S_count(&message);
	if (S_capture == NULL) {
		S_emit(&message);
		S_message_free(&message);
	} else if (S_capture_grow(S_capture, 1) == 0)
		S_capture->messages[S_capture->length++] = message;
	else
		S_message_free(&message);
out:
	pthread_mutex_unlock(&S_diag.lock);
}

void
diag_emit(enum diag_level level, int class, enum exit_status status, const char *file, int line,
    int col, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	S_vreport(level, class, status, file, line, col, format, ap);
	va_end(ap);
}

/* Notes print with -v only; when they do not, this one line stands in for them (the closing
 * per-class line says the same with -v).  Neither counted nor limited. */
void
diag_note_summary(enum diag_class class, const char *format, ...)
{
	struct diag_message message = { NULL, NULL, 0, 0, (int)class, DIAG_NOTE, 1, EXIT_OK, 0 };
	va_list ap;

	pthread_mutex_lock(&S_diag.lock);
	if (S_diag.quiet || S_diag.verbose || S_class_level(class) != DIAG_NOTE)
		goto out;
	va_start(ap, format);
	if (S_format(&message, NULL, format, ap) == 0) {
		fputs(message.text, stderr);
		S_message_free(&message);
	}
	va_end(ap);
out:
	pthread_mutex_unlock(&S_diag.lock);
}

void
diag_option(const char *text)
{
	pthread_mutex_lock(&S_diag.lock);
	S_diag.errors++;
	S_raise(EXIT_USAGE);
	fprintf(stderr, "kagama-epub: %s\n", text);
	pthread_mutex_unlock(&S_diag.lock);
}

int
diag_error_count(void)
{
	return S_diag.errors;
}

int
diag_warning_count(void)
{
	return S_diag.warnings;
}

int
diag_failed(void)
{
	return S_diag.status != EXIT_OK;
}

enum exit_status
diag_exit_status(void)
{
	return S_diag.status;
}

static const char *
S_plural(size_t count, enum diag_level level)
{
	static const char *const plural[] = { "", "notes", "warnings", "errors" };

	return count == 1 ? S_level_names[level] : plural[level];
}

/* "kagama-epub: 30 warnings [missing-alt], first at a.md:3:1; 20 not shown (--max-per-class)" */
static void
S_print_class(int class)
{
	struct diag_class_state *state = &S_diag.classes[class];
	size_t count = state->printed + state->hidden;

	fprintf(stderr, "kagama-epub: %zu %s [%s]", count, S_plural(count, S_class_level(class)),
	    S_classes[class].name);
	if (state->first != NULL)
		fprintf(stderr, ", %s %s", count == 1 ? "at" : "first at", state->first);
	if (state->hidden > 0)
		fprintf(stderr, "; %zu not shown (--max-per-class)", state->hidden);
	fputc('\n', stderr);
}

void
diag_print_summary(void)
{
	size_t i;

	if (S_diag.quiet || (S_diag.errors == 0 && S_diag.warnings == 0 && S_diag.fired_count == 0))
		return;
	for (i = 0; i < S_diag.fired_count; i++)
		S_print_class(S_diag.fired[i]);
	if (S_diag.errors == 0 && S_diag.warnings == 0)
		return;
	/* With --strict, "0 errors" above an exit status of 1 would contradict itself. */
	if (S_diag.strict && S_diag.warnings > 0 && S_diag.errors == 0)
		fprintf(stderr, "kagama-epub: %d warning%s treated as error%s (--strict)\n",
		    S_diag.warnings, S_diag.warnings == 1 ? "" : "s",
		    S_diag.warnings == 1 ? "" : "s");
	else
		fprintf(stderr, "kagama-epub: %d error%s, %d warning%s%s\n",
		    S_diag.errors, S_diag.errors == 1 ? "" : "s",
		    S_diag.warnings, S_diag.warnings == 1 ? "" : "s",
		    S_diag.strict && S_diag.warnings > 0 ? " treated as errors (--strict)" : "");
}
