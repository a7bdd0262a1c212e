/* diag.c - prints every diagnostic as "kagama-epub: file:line:col: level: message", counts them
 * and keeps the worst exit status.  The only mutable global state in the program lives here. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

static struct {
	pthread_mutex_t	lock;
	int		quiet, verbose, strict;
	int		errors, warnings;
	enum exit_status status;
} S_diag = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, EXIT_OK };

static const char *const S_level_names[] = { "note", "warning", "error" };

void
diag_configure(int quiet, int verbose, int strict)
{
	S_diag.quiet = quiet;
	S_diag.verbose = verbose;
	S_diag.strict = strict;
}

static void
S_raise(enum exit_status status)
{
	if (status > S_diag.status)
		S_diag.status = status;
}

static void
S_vreport(enum diag_level level, enum exit_status status, const char *file, int line, int col,
    const char *format, va_list ap)
{
	pthread_mutex_lock(&S_diag.lock);
	if (level == DIAG_ERROR) {
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
	fputs("kagama-epub: ", stderr);
	if (file != NULL) {
		fputs(file, stderr);
		if (line > 0)
			fprintf(stderr, ":%d", line);
		if (line > 0 && col > 0)
			fprintf(stderr, ":%d", col);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s: ", S_level_names[level]);
	vfprintf(stderr, format, ap);
	fputc('\n', stderr);
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
