/* test_markdown_guard.c - unit tests for markdown_guard.c: each quadratic shape is refused past
 * the limit, ordinary Markdown of the same size is not, 0 lifts the limit.
 * Called only by tests/unit/main.c through test_markdown_guard(). */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "markdown_guard.h"
#include "options.h"
#include "util.h"

#include "unit.h"

/* text repeated count times, then tail. */
static char *
S_repeat(const char *text, size_t count, const char *tail)
{
	struct buffer buffer = { 0 };
	size_t i;

	for (i = 0; i < count; i++)
		buffer_puts(&buffer, text);
	buffer_puts(&buffer, tail);
	return buffer_release(&buffer);
}

/* The guard's answer with the given limit; its message is held back and dropped. */
static int
S_check(const char *text, size_t limit)
{
	struct options options;
	struct diag_capture capture;
	int result;

	options_init(&options);
	options.max_markdown_cost = limit;
	memset(&capture, 0, sizeof(capture));
	capture.held = 1;
	diag_capture_into(&capture);
	result = markdown_guard_check(&options, "a.md", 0, text, strlen(text));
	diag_capture_into(NULL);
	diag_capture_drop(&capture);
	return result;
}

static void
S_test_shape(const char *unit, size_t count, const char *tail, size_t small)
{
	char *text = S_repeat(unit, count, tail), *fine = S_repeat(unit, small, tail);

	CHECK(S_check(text, 50000000) == -1);
	CHECK(S_check(text, 0) == 0);
	CHECK(S_check(fine, 50000000) == 0);
	free(text);
	free(fine);
}

void
test_markdown_guard(void)
{
	char *ordinary = S_repeat("Teks [tautan](a.md), ![foto](b.png) dan *miring* | sel |\n\n",
	    200000, "");
	char *table = S_repeat("|x", 10000, "|\n"), *delimiter = S_repeat("|-", 10000, "|\n");
	char *blank_lines = S_repeat("\n", 30000, ""), *emphasis = S_repeat("a*", 100000, "\n");
	char *rows, *item;
	struct buffer buffer = { 0 };

	/* CVE-2023-22486, GHSA-66g8-4hjf-77xh (three shapes), a table row of many cells. */
	S_test_shape("![[]()", 160000, "\n", 2000);
	item = S_repeat("x", 1, blank_lines);
	S_test_shape("- ", 30000, item, 30);
	S_test_shape(">", 100000, emphasis, 30);
	/* Twelve rows of 10,000 cells under a delimiter row; the same lines without one are a
	 * paragraph, which the table extension never measures. */
	buffer_puts(&buffer, table);
	buffer_puts(&buffer, delimiter);
	buffer_puts(&buffer, table);
	rows = buffer_release(&buffer);
	CHECK(S_check(rows, 50000000) == -1);
	free(rows);
	rows = S_repeat(table, 12, "");
	CHECK(S_check(rows, 50000000) == 0);
	/* 12 MB of everyday Markdown: links, images, emphasis, pipes. */
	CHECK(S_check(ordinary, 50000000) == 0);
	/* The limit is the user's: lowered, the same small shape is refused. */
	CHECK(S_check("![[]()![[]()![[]()![[]()![[]()![[]()\n", 10) == -1);
	free(ordinary);
	free(table);
	free(delimiter);
	free(rows);
	free(blank_lines);
	free(item);
	free(emphasis);
}
