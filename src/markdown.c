/* markdown.c - one Markdown body through cmark-gfm with the table, strikethrough, autolink and
 * tasklist extensions and footnotes; warns about footnotes without a definition or a
 * reference.  Called by article.c (and the fuzzer through it). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "diag.h"
#include "markdown.h"
#include "markdown_guard.h"
#include "util.h"

/* Smart punctuation as before; source positions for messages.  Not CMARK_OPT_UNSAFE here:
 * it only matters when rendering, and chapter.c's sanitiser decides about raw HTML. */
#define MARKDOWN_OPTIONS (CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES)

/* GitHub's tagfilter extension is left out on purpose: html_sanitize.c does more. */
static const char *const S_extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

static pthread_once_t S_registered = PTHREAD_ONCE_INIT;
/* cmark-gfm switches its extensions' special characters on and off in tables shared by every
 * parser (cmark_manage_extensions_special_characters): two threads parsing at once lose each
 * other's "~" and "www." (-j 4 dropped a strikethrough in tests/books/gfm).  One parse at a
 * time; everything else about a chapter still runs in parallel. */
static pthread_mutex_t S_parsing = PTHREAD_MUTEX_INITIALIZER;

/* cmark-gfm registers its extensions in a global list without a lock: once, for all threads. */
static void
S_register(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* The label of a footnote reference written as "[^label]" at p, or 0 when p holds none:
 * the length of the whole reference. */
static size_t
S_reference_length(const char *p)
{
	size_t n = 2;

	if (p[0] != '[' || p[1] != '^')
		return 0;
	while (p[n] != '\0' && p[n] != ']' && p[n] != '[' && p[n] != ' ' && p[n] != '\t' &&
	    p[n] != '\n')
		n++;
	return p[n] == ']' && n > 2 ? n + 1 : 0;
}

/* "[^label]" left as text: cmark-gfm found no definition for it. */
static void
S_warn_missing(const char *file, int line_offset, cmark_node *root)
{
	cmark_iter *iter = cmark_iter_new(root);
	cmark_event_type event;

	while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		const char *text, *p;
		size_t n;

		if (event != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_TEXT)
			continue;
		text = cmark_node_get_literal(node);
		for (p = text ? strstr(text, "[^") : NULL; p != NULL; p = strstr(p + 2, "[^"))
			if ((n = S_reference_length(p)) > 0)
				diag_warning(DIAG_CLASS_FOOTNOTE, file,
				    cmark_node_get_start_line(node) + line_offset, 0,
				    "footnote reference '%.*s' has no definition; shown as written",
				    (int)n, p);
	}
	cmark_iter_free(iter);
}

/* Marks the lines that leaf blocks cover, and the first lines of the footnote definitions
 * cmark-gfm kept: a definition line found nowhere was dropped because nothing refers to it. */
static void
S_mark_covered(cmark_node *root, unsigned char *covered, int lines)
{
	cmark_iter *iter = cmark_iter_new(root);
	cmark_event_type event;

	while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		int first = cmark_node_get_start_line(node), last = cmark_node_get_end_line(node);

		if (event != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION)
			last = first;
		else if ((cmark_node_get_type(node) & CMARK_NODE_TYPE_BLOCK) == 0 ||
		    (cmark_node_first_child(node) != NULL &&
		    (cmark_node_get_type(cmark_node_first_child(node)) & CMARK_NODE_TYPE_BLOCK) != 0))
			continue;	/* inlines, and containers: their leaves hold the lines */
		for (; first >= 1 && first <= last && first <= lines; first++)
			covered[first - 1] = 1;
	}
	cmark_iter_free(iter);
}

/* The label length of a footnote definition opening this line ("[^label]:" after up to three
 * spaces), or 0. */
static size_t
S_definition_at(const char *line, const char *end, const char **label)
{
	const char *p = line;
	size_t n;

	while (p < end && p - line < 3 && *p == ' ')
		p++;
	if (end - p < 5 || p[0] != '[' || p[1] != '^')
		return 0;
	for (n = 2; p + n < end && p[n] != ']' && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' &&
	    p[n] != '\r'; n++)
		continue;
	if (p + n + 1 >= end || p[n] != ']' || p[n + 1] != ':' || n == 2)
		return 0;
	*label = p;
	return n + 1;
}

static void
S_warn_unused(const char *file, int line_offset, cmark_node *root, const char *text,
    size_t length)
{
	const char *p = text, *end = text + length, *next, *label;
	unsigned char *covered;
	int lines = 0, line;
	size_t n;

	for (next = text; next < end; next++)
		lines += *next == '\n' || (*next == '\r' && (next + 1 == end || next[1] != '\n'));
	lines++;
	covered = xcalloc((size_t)lines, 1);
	S_mark_covered(root, covered, lines);
	for (line = 1; p < end; line++, p = next) {
		for (next = p; next < end && *next != '\n' && *next != '\r'; next++)
			continue;
		if ((n = S_definition_at(p, next, &label)) > 0 && !covered[line - 1])
			diag_warning(DIAG_CLASS_FOOTNOTE, file, line + line_offset, 0,
			    "footnote '%.*s' is never referred to; left out", (int)n, label);
		if (next < end && *next == '\r' && next + 1 < end && next[1] == '\n')
			next++;
		if (next < end)
			next++;
	}
	free(covered);
}

cmark_node *
markdown_parse(const struct options *options, const char *file, int line_offset,
    const char *text, size_t length)
{
	cmark_parser *parser;
	cmark_node *document;
	size_t i;

	if (markdown_guard_check(options, file, line_offset, text, length) < 0)
		return NULL;
	pthread_once(&S_registered, S_register);
	pthread_mutex_lock(&S_parsing);
	parser = cmark_parser_new(MARKDOWN_OPTIONS);
	for (i = 0; i < sizeof(S_extensions) / sizeof(S_extensions[0]); i++)
		cmark_parser_attach_syntax_extension(parser,
		    cmark_find_syntax_extension(S_extensions[i]));
	cmark_parser_feed(parser, text, length);
	document = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	pthread_mutex_unlock(&S_parsing);
	if (document == NULL) {
		diag_system(file, "out of memory while parsing the Markdown");
		exit(EXIT_SYSTEM);
	}
	/* Without "[^" anywhere (the common case) there is no footnote to warn about: one scan. */
	for (i = 0; i + 1 < length && (text[i] != '[' || text[i + 1] != '^'); i++)
		continue;
	if (i + 1 < length) {
		S_warn_unused(file, line_offset, document, text, length);
		S_warn_missing(file, line_offset, document);
	}
	return document;
}
