/* diag.h - the one place diagnostics are printed, counted and turned into the exit status.
 * Every stage reports through diag_report(); only progress.c's line also goes to stderr. */
#ifndef KAGAMA_DIAG_H
#define KAGAMA_DIAG_H

#include <stddef.h>

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

/* Exit statuses, documented in --help, README.md and kagama-epub.1. */
enum exit_status {
	EXIT_OK = 0,		/* book written (warnings allowed) */
	EXIT_INPUT = 1,		/* the input has errors; nothing written */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_SYSTEM = 3,	/* I/O failure, out of memory, interrupted */
};

/* quiet: only errors and no summary; verbose: notes too; strict: warnings count as errors. */
void diag_configure(int quiet, int verbose, int strict);
/* Prints "kagama-epub: file:line:col: level: message".  file may be NULL (no location);
 * line/col <= 0 are left out.  Thread-safe. */
void diag_report(enum diag_level level, const char *file, int line, int col,
    const char *format, ...) __attribute__((format(printf, 5, 6)));
/* Like diag_report(DIAG_ERROR...) but marks a system failure (exit status 3). */
void diag_system(const char *file, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Records a usage error (exit status 2) and prints it. */
void diag_usage(const char *format, ...) __attribute__((format(printf, 1, 2)));
int diag_error_count(void);
int diag_warning_count(void);
/* 1 once an error (or, with strict, a warning) was reported. */
int diag_failed(void);
/* Worst status recorded so far. */
enum exit_status diag_exit_status(void);
/* Messages of one article rendered on a worker thread, held back so that they come out in
 * reading order whatever thread finished first.  Counting is not held back. */
struct diag_capture {
	char		*text;
	size_t		 length, capacity;
	int		 held;		/* 1: not counted either, until released or dropped */
	int		 errors, warnings;	/* held ones */
	enum exit_status status;	/* the worst held one */
};
/* From here on this thread's messages go into capture (NULL: straight to stderr again). */
void diag_capture_into(struct diag_capture *capture);
/* Where this thread's messages go now (NULL: stderr). */
struct diag_capture *diag_capture_current(void);
/* Prints what capture holds and empties it. */
void diag_capture_flush(struct diag_capture *capture);
/* Counts what the held capture holds and puts its text at byte at of into (NULL: prints it);
 * empties held.  Messages that may turn out not to be needed wait this way. */
void diag_capture_release(struct diag_capture *held, struct diag_capture *into, size_t at);
/* Empties the held capture as if its messages had never been reported. */
void diag_capture_drop(struct diag_capture *held);

/* "2 errors, 5 warnings" on stderr unless quiet or nothing was reported. */
void diag_print_summary(void);

#endif
