/* test_diag.c - unit tests for diag.c: class suffixes and levels, held captures counted only
 * when released, messages of a capture sorted by line, the per-class limit and the closing
 * lines.  Run last from tests/unit/main.c through test_diag(): it changes diag.c's settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
/* unit.h's opening comment holds a slash-star, which -Wcomment rejects under -Werror. */
#pragma GCC diagnostic ignored "-Wcomment"
#include "unit.h"

void test_diag(void);

static FILE *S_capture_file;
static int S_saved_stderr = -1;

/* stderr into a temporary file until S_stderr_read(). */
static void
S_stderr_capture(void)
{
	fflush(stderr);
	if ((S_capture_file = tmpfile()) == NULL)
		return;
	S_saved_stderr = dup(STDERR_FILENO);
	dup2(fileno(S_capture_file), STDERR_FILENO);
}

static void
S_stderr_read(char *text, size_t size)
{
	size_t n = 0;

	text[0] = '\0';
	if (S_capture_file == NULL)
		return;
	fflush(stderr);
	dup2(S_saved_stderr, STDERR_FILENO);
	close(S_saved_stderr);
	rewind(S_capture_file);
	n = fread(text, 1, size - 1, S_capture_file);
	text[n] = '\0';
	fclose(S_capture_file);
	S_capture_file = NULL;
}

static void
S_test_classes(void)
{
	signed char levels[DIAG_CLASS_COUNT];
	char text[2048];
	int warnings = diag_warning_count(), errors = diag_error_count();

	CHECK(diag_class_find("missing-alt") == DIAG_CLASS_MISSING_ALT);
	CHECK(diag_class_find("no-such-class") == -1);
	CHECK_STR(diag_class_name(DIAG_CLASS_BROKEN_LINK), "broken-link");
	CHECK(diag_class_default(DIAG_CLASS_DRAFT) == DIAG_NOTE);
	CHECK(diag_level_parse("warn") == DIAG_WARNING && diag_level_parse("loud") == -1);
	memset(levels, -1, sizeof(levels));
	levels[DIAG_CLASS_BAD_DATE] = DIAG_OFF;
	levels[DIAG_CLASS_BAD_ID] = DIAG_ERROR;
	diag_configure_classes(levels, 10);
	S_stderr_capture();
	diag_warning(DIAG_CLASS_NUL_BYTE, "a.md", 3, 7, "kept %d", 1);
	diag_warning(DIAG_CLASS_BAD_DATE, "a.md", 4, 0, "not shown");
	diag_warning(DIAG_CLASS_BAD_ID, "a.md", 5, 0, "an error now");
	diag_note(DIAG_CLASS_DRAFT, "a.md", 0, 0, "a note, not verbose");
	S_stderr_read(text, sizeof(text));
	CHECK_STR(text, "kagama-epub: a.md:3:7: warning: kept 1 [nul-byte]\n"
	    "kagama-epub: a.md:5: error: an error now [bad-id]\n");
	CHECK(diag_warning_count() == warnings + 1);
	CHECK(diag_error_count() == errors + 1);
}

/* A held capture counts nothing until released; a dropped one never does. */
static void
S_test_held(void)
{
	struct diag_capture held = { .held = 1 }, dropped = { .held = 1 }, into = { 0 };
	int warnings = diag_warning_count();
	char text[2048];

	diag_capture_into(&held);
	diag_warning(DIAG_CLASS_LARGE_IMAGE, "b.md", 8, 0, "held");
	diag_capture_into(&dropped);
	diag_warning(DIAG_CLASS_LARGE_IMAGE, "b.md", 9, 0, "dropped");
	diag_capture_into(&into);
	diag_warning(DIAG_CLASS_REMOTE_IMAGE, "b.md", 2, 0, "first");
	diag_capture_into(NULL);
	CHECK(diag_warning_count() == warnings + 1);
	diag_capture_drop(&dropped);
	diag_capture_release(&held, &into, 0);
	CHECK(diag_warning_count() == warnings + 2);
	CHECK(into.length == 2);
	S_stderr_capture();
	diag_capture_flush(&into);
	S_stderr_read(text, sizeof(text));
	CHECK_STR(text, "kagama-epub: b.md:2: warning: first [remote-image]\n"
	    "kagama-epub: b.md:8: warning: held [large-image]\n");
	CHECK(into.length == 0 && into.messages == NULL);
}

/* Sorted by line (stable), and only the first two of a class printed; the closing lines say
 * how many there were and where the first was. */
static void
S_test_limit(void)
{
	struct diag_capture capture = { 0 };
	char text[4096];

	diag_configure_classes(NULL, 2);
	diag_capture_into(&capture);
	diag_warning(DIAG_CLASS_MISSING_ALT, "c.md", 9, 1, "nine");
	diag_warning(DIAG_CLASS_MISSING_ALT, "c.md", 3, 5, "three, five");
	diag_warning(DIAG_CLASS_BROKEN_LINK, "c.md", 3, 2, "three, two");
	diag_warning(DIAG_CLASS_MISSING_ALT, "c.md", 3, 5, "three, five again");
	diag_warning(DIAG_CLASS_MISSING_ALT, "c.md", 1, 0, "one");
	diag_capture_into(NULL);
	S_stderr_capture();
	diag_capture_flush(&capture);
	diag_print_summary();
	S_stderr_read(text, sizeof(text));
	CHECK(strncmp(text, "kagama-epub: c.md:1: warning: one [missing-alt]\n"
	    "kagama-epub: c.md:3:2: warning: three, two [broken-link]\n"
	    "kagama-epub: c.md:3:5: warning: three, five [missing-alt]\n", 157) == 0);
	CHECK(strstr(text, "again") == NULL && strstr(text, "nine") == NULL);
	CHECK(strstr(text, "kagama-epub: 4 warnings [missing-alt], first at c.md:1; 2 not shown "
	    "(--max-per-class)\n") != NULL);
	CHECK(strstr(text, "kagama-epub: 1 warning [broken-link], at c.md:3:2\n") != NULL);
	diag_configure_classes(NULL, DIAG_DEFAULT_MAX_PER_CLASS);
}

void
test_diag(void)
{
	diag_configure(0, 0, 0);
	S_test_classes();
	S_test_held();
	S_test_limit();
}
