/* diag.c - prints every diagnostic as "kagama-epub: file:line:col: level: message", counts them
 * and keeps the worst exit status.  Its counters are the program's only mutable global state
 * besides the signal flags of container.c. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static struct {
	pthread_mutex_t	lock;
	int		quiet, verbose, strict;
	int		errors, warnings;
	enum exit_status status;
} S_diag = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, EXIT_OK };

static const char *const S_level_names[] = { "note", "warning", "error" };

/* Where this thread's messages go: stderr, or a capture to print later. */
static _Thread_local struct diag_capture *S_capture;

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

void
diag_capture_flush(struct diag_capture *capture)
{
	if (capture->length > 0) {
		pthread_mutex_lock(&S_diag.lock);
		fwrite(capture->text, 1, capture->length, stderr);
		pthread_mutex_unlock(&S_diag.lock);
	}
	free(capture->text);
	memset(capture, 0, sizeof(*capture));
}

/* Appends to a capture; diag.c cannot use util.c's exiting allocators (they report here), so an
 * allocation failure drops the message and counts it as a system error instead. */
static void
S_capture_append(struct diag_capture *capture, const char *text, size_t length)
{
	if (capture->length + length + 1 > capture->capacity) {
		size_t capacity = (capture->capacity + length + 1) * 2;
		char *grown = realloc(capture->text, capacity);

		if (grown == NULL) {
			S_diag.errors++;
			S_diag.status = EXIT_SYSTEM;
			return;
		}
		capture->text = grown;
		capture->capacity = capacity;
	}
	memcpy(capture->text + capture->length, text, length);
	capture->length += length;
	capture->text[capture->length] = '\0';
}

static void
S_raise(enum exit_status status)
{
	if (status > S_diag.status)
		S_diag.status = status;
}

void
diag_capture_release(struct diag_capture *held, struct diag_capture *into, size_t at)
{
	size_t tail;

	pthread_mutex_lock(&S_diag.lock);
	S_diag.errors += held->errors;
	S_diag.warnings += held->warnings;
	S_raise(held->status);
	if (held->warnings > 0 && S_diag.strict)
		S_raise(EXIT_INPUT);
	if (held->length > 0 && into == NULL)
		fwrite(held->text, 1, held->length, stderr);
	else if (held->length > 0) {
		at = at < into->length ? at : into->length;
		tail = into->length - at;
		S_capture_append(into, held->text, held->length);
		if (into->length == at + tail + held->length) {
			memmove(into->text + at + held->length, into->text + at, tail);
			memcpy(into->text + at, held->text, held->length);
		}
	}
	pthread_mutex_unlock(&S_diag.lock);
	diag_capture_drop(held);
}

void
diag_capture_drop(struct diag_capture *held)
{
	free(held->text);
	held->text = NULL;
	held->length = held->capacity = 0;
	held->errors = held->warnings = 0;
	held->status = EXIT_OK;
}

void
diag_configure(int quiet, int verbose, int strict)
{
	S_diag.quiet = quiet;
	S_diag.verbose = verbose;
	S_diag.strict = strict;
}

/* One whole line, written at once so that threads never interleave inside it. */
static void
S_print(const char *file, int line, int col, enum diag_level level, const char *format,
    va_list ap)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);

	if (out == NULL)
		return;
	fputs("kagama-epub: ", out);
	if (file != NULL) {
		fputs(file, out);
		if (line > 0)
			fprintf(out, ":%d", line);
		if (line > 0 && col > 0)
			fprintf(out, ":%d", col);
		fputs(": ", out);
	}
	fprintf(out, "%s: ", S_level_names[level]);
	vfprintf(out, format, ap);
	fputc('\n', out);
	fclose(out);
	if (S_capture != NULL)
		S_capture_append(S_capture, text, length);
	else
		fwrite(text, 1, length, stderr);
	free(text);
}

static void
S_vreport(enum diag_level level, enum exit_status status, const char *file, int line, int col,
    const char *format, va_list ap)
{
	pthread_mutex_lock(&S_diag.lock);
	if (S_capture != NULL && S_capture->held) {
		if (level == DIAG_ERROR) {
			S_capture->errors++;
			if (status > S_capture->status)
				S_capture->status = status;
		} else if (level == DIAG_WARNING)
			S_capture->warnings++;
	} else if (level == DIAG_ERROR) {
		S_diag.errors++;
		S_raise(status);
	} else if (level == DIAG_WARNING) {
		S_diag.warnings++;
		if (S_diag.strict)
			S_raise(EXIT_INPUT);
	}
	if (level == DIAG_NOTE && !S_diag.verbose)
		goto out;
	if (level == DIAG_WARNING && S_diag.quiet)
		goto out;
	S_print(file, line, col, level, format, ap);
out:
	pthread_mutex_unlock(&S_diag.lock);
}

void
diag_report(enum diag_level level, const char *file, int line, int col, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	S_vreport(level, EXIT_INPUT, file, line, col, format, ap);
	va_end(ap);
}

void
diag_system(const char *file, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	S_vreport(DIAG_ERROR, EXIT_SYSTEM, file, 0, 0, format, ap);
	va_end(ap);
}

void
diag_usage(const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	S_vreport(DIAG_ERROR, EXIT_USAGE, NULL, 0, 0, format, ap);
	va_end(ap);
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

void
diag_print_summary(void)
{
	if (S_diag.quiet || (S_diag.errors == 0 && S_diag.warnings == 0))
		return;
	fprintf(stderr, "kagama-epub: %d error%s, %d warning%s\n",
	    S_diag.errors, S_diag.errors == 1 ? "" : "s",
	    S_diag.warnings, S_diag.warnings == 1 ? "" : "s");
}
