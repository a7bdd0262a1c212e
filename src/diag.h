/* diag.h - the one place diagnostics are printed, counted and turned into the exit status.
 * Every stage reports through it; only progress.c's line and main.c's closing line also go to
 * stderr.  Errors go through diag_report(DIAG_ERROR...); every warning and note names its class
 * (diag_warning, diag_note), which -W and book.yaml's warnings: turn off or into errors. */
#ifndef KAGAMA_DIAG_H
#define KAGAMA_DIAG_H

#include <stddef.h>

enum diag_level {
	DIAG_OFF,		/* a class turned off: neither printed nor counted */
	DIAG_NOTE,		/* printed with -v only */
	DIAG_WARNING,
	DIAG_ERROR,
};

/* Every kind of warning and note, from diag_class.def with their names, default levels and
 * descriptions (printed by --list-warnings); kagama-epub.1 and README.md list them too. */
enum diag_class {
#define DIAG_CLASS(suffix, name, level, description) DIAG_CLASS_##suffix,
#include "diag_class.def"
#undef DIAG_CLASS
	DIAG_CLASS_COUNT
};

/* How many messages of one class are printed unless --max-per-class says otherwise. */
#define DIAG_DEFAULT_MAX_PER_CLASS 10

/* Exit statuses, documented in --help, README.md and kagama-epub.1. */
enum exit_status {
	EXIT_OK = 0,		/* book written (warnings allowed) */
	EXIT_INPUT = 1,		/* the input has errors; nothing written */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_SYSTEM = 3,	/* I/O failure, out of memory, interrupted */
};

/* quiet: only errors and no summary; verbose: notes too; strict: warnings count as errors. */
void diag_configure(int quiet, int verbose, int strict);
/* The level of each class (levels[class] < 0: its default) and how many messages of one class
 * are printed (0: all).  Call before the messages it should govern. */
void diag_configure_classes(const signed char *levels, size_t max_per_class);
/* The class named name ("missing-alt"), or -1. */
int diag_class_find(const char *name);
const char *diag_class_name(enum diag_class class);
const char *diag_class_description(enum diag_class class);
enum diag_level diag_class_default(enum diag_class class);
/* "off", "note", "warn" (or "warning") and "error" as a level, or -1. */
int diag_level_parse(const char *text);
const char *diag_level_name(enum diag_level level);

/* The one function every message goes through: prints "kagama-epub: file:line:col: level:
 * message [class]" (or holds it in this thread's capture), counts it and raises the exit status
 * to status.  class is an enum diag_class or -1 (an error of no class); a classed message takes
 * the level its class has (its default, -W or book.yaml), and may be off.  file may be NULL (no
 * location); line/col <= 0 are left out.  Thread-safe.  Call it through the macros below. */
void diag_emit(enum diag_level level, int class, enum exit_status status, const char *file,
    int line, int col, const char *format, ...) __attribute__((format(printf, 7, 8)));
/* An error in an input file.  Only errors: a warning or a note names its class through
 * diag_warning() or diag_note(), and the assertion refuses anything else. */
#define diag_report(level, ...) \
	((void)sizeof(struct { _Static_assert((level) == DIAG_ERROR, "diag_report is for " \
	    "errors: write diag_warning(DIAG_CLASS_..., file, line, col, ...) instead"); \
	    int error_only; }), diag_emit(DIAG_ERROR, -1, EXIT_INPUT, __VA_ARGS__))
/* diag_warning(class, file, line, col, format, ...): a warning of its class. */
#define diag_warning(class, ...) \
	diag_emit(DIAG_WARNING, (int)(class), EXIT_INPUT, __VA_ARGS__)
/* The same for a class that is a note by default: read where the reader should know it. */
#define diag_note(class, ...) \
	diag_emit(DIAG_NOTE, (int)(class), EXIT_INPUT, __VA_ARGS__)
/* diag_system(file, format, ...): an error that marks a system failure (exit status 3). */
#define diag_system(file, ...) diag_emit(DIAG_ERROR, -1, EXIT_SYSTEM, (file), 0, 0, __VA_ARGS__)
/* diag_usage(format, ...): a usage error (exit status 2), with no place. */
#define diag_usage(...) diag_emit(DIAG_ERROR, -1, EXIT_USAGE, NULL, 0, 0, __VA_ARGS__)
/* One line that counts the notes of a class when notes are not printed (no -v): "note:
 * drop: removed 2 paragraphs (--verbose names them) [dropped-paragraph]".  Not with -q, nor when
 * the class is set to another level (its messages then print, and its closing line counts). */
void diag_note_summary(enum diag_class class, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* A command-line option getopt refuses, in getopt's words and without a level, as other
 * programs say it: "kagama-epub: unrecognized option '--bogus'" (text is all after "kagama-epub:
 * ").  A usage error (status 2). */
void diag_option(const char *text);
int diag_error_count(void);
int diag_warning_count(void);
/* 1 once an error (or, with strict, a warning) was reported. */
int diag_failed(void);
/* Worst status recorded so far. */
enum exit_status diag_exit_status(void);

/* Messages of one article made on a worker thread, kept back so that they come out in reading
 * order whatever thread finished first, sorted by line, and so that the per-class limit counts
 * them in that order.  Counting (errors, warnings) is not kept back unless held is set. */
struct diag_message;
struct diag_capture {
	struct diag_message	*messages;
	size_t			 length, capacity;	/* messages */
	int			 held;	/* 1: not counted either, until released or dropped */
};
/* From here on this thread's messages go into capture (NULL: straight to stderr again). */
void diag_capture_into(struct diag_capture *capture);
/* Where this thread's messages go now (NULL: stderr). */
struct diag_capture *diag_capture_current(void);
/* Prints what capture holds, by line (a stable sort: same line, same order), and empties it. */
void diag_capture_flush(struct diag_capture *capture);
/* Counts what the held capture holds and puts its messages at message at of into (NULL: prints
 * them); empties held.  Messages that may turn out not to be needed wait this way.  Also moves
 * a capture that is not held into another. */
void diag_capture_release(struct diag_capture *held, struct diag_capture *into, size_t at);
/* Empties the held capture as if its messages had never been reported. */
void diag_capture_drop(struct diag_capture *held);

/* On stderr unless quiet or nothing was reported: one line per class that was printed (count,
 * class, first place, how many were not shown), then "2 errors, 5 warnings". */
void diag_print_summary(void);

#endif
