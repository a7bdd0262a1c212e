/* markdown_guard.c - one linear scan of a Markdown body that estimates how long Debian's
 * cmark-gfm 0.29.0.gfm.6 will take on the shapes it handles in quadratic time, so that such a
 * body is refused with a message instead of stalling the build.  Called by markdown.c only.
 *
 * The shapes, each with its published reproducer (times for cmark-gfm alone on this machine):
 * - unmatched "![" openers before links, CVE-2023-22486: after every link cmark walks the whole
 *   bracket stack ("![[]()" x 40,000: 7.9 s).  Cost: the bracket depth at every "](" or "][".
 * - deep containers kept open over many lines, GHSA-66g8-4hjf-77xh: every line walks every
 *   open list item ("- " x 30,000, then 30,000 empty lines: over 20 s).  Cost: the depth of
 *   each line past 32 levels.
 * - emphasis deep inside containers, GHSA-66g8-4hjf-77xh: each emphasis node checks its
 *   ancestry (">" x 100,000 then "a*" x 100,000: over 20 s).  Cost: depth x delimiters.
 * - table rows with many cells: each row is re-scanned per cell ("|x" x 10,000 for 12 rows:
 *   6.6 s).  Cost: half the square of the pipes in each row of a table.
 * One unit is about 10 ns of parser time. */
#include <stdint.h>

#include "diag.h"
#include "markdown_guard.h"

/* Below this depth the container walk is cheap and linear. */
#define GUARD_SHALLOW 32

struct S_scan {
	uint64_t	 cost;
	size_t		 brackets;	/* open '[' in the current paragraph */
	size_t		 open;		/* containers open after the last line with text */
	uint64_t	 previous_pipes;	/* of the line before: a table's header row */
	int		 in_table;	/* since a delimiter row, until a blank line */
	const char	*shape;		/* the shape that added most recently */
};

static void
S_add(struct S_scan *scan, uint64_t cost, const char *shape)
{
	if (cost == 0)
		return;
	scan->cost += cost;
	scan->shape = shape;
}

/* Block-quote markers and list markers opening the line, plus indentation, as a nesting depth
 * (an over-estimate is fine: it only ever makes the guard careful).  *rest: what follows. */
static size_t
S_depth(const char *p, const char *end, const char **rest)
{
	size_t depth = 0, spaces = 0;

	while (p < end) {
		if (*p == ' ' || *p == '\t') {
			spaces += *p == '\t' ? 4 : 1;
			p++;
		} else if (*p == '>') {
			depth++;
			p++;
		} else if ((*p == '-' || *p == '*' || *p == '+') && p + 1 < end &&
		    (p[1] == ' ' || p[1] == '\t')) {
			depth++;
			p += 2;
		} else if (*p >= '0' && *p <= '9') {
			const char *q = p;

			while (q < end && q - p < 9 && *q >= '0' && *q <= '9')
				q++;
			if (q + 1 < end && (*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\t')) {
				depth++;
				p = q + 2;
			} else
				break;
		} else
			break;
	}
	*rest = p;
	return depth + spaces / 2;
}

/* 1 for a table's delimiter row: pipes, dashes, colons and spaces, with a pipe and a dash. */
static int
S_is_delimiter_row(const char *p, const char *end)
{
	int pipe = 0, dash = 0;

	for (; p < end; p++) {
		if (*p == '|')
			pipe = 1;
		else if (*p == '-')
			dash = 1;
		else if (*p != ':' && *p != ' ' && *p != '\t')
			return 0;
	}
	return pipe && dash;
}

/* Rows count only in a table (after a delimiter row, which makes the line before it the
 * header): a paragraph full of pipes costs the table extension nothing. */
static void
S_scan_table(struct S_scan *scan, const char *p, const char *end, uint64_t pipes)
{
	if (S_is_delimiter_row(p, end)) {
		if (!scan->in_table)
			S_add(scan, scan->previous_pipes * scan->previous_pipes / 2,
			    "a table row with many cells");
		scan->in_table = 1;
	}
	if (scan->in_table && pipes > 2)
		S_add(scan, pipes * pipes / 2, "a table row with many cells");
	scan->previous_pipes = pipes;
}

/* Brackets, pipes and emphasis delimiters of one line. */
static void
S_scan_inlines(struct S_scan *scan, const char *p, const char *end, size_t depth)
{
	const char *start = p;
	uint64_t pipes = 0, delimiters = 0;

	for (; p < end; p++) {
		switch (*p) {
		case '\\':
			p++;
			break;
		case '[':
			scan->brackets++;
			break;
		case ']':
			if (p + 1 < end && (p[1] == '(' || p[1] == '['))
				S_add(scan, scan->brackets, "unmatched '![' before links");
			if (scan->brackets > 0)
				scan->brackets--;
			break;
		case '|':
			pipes++;
			break;
		case '*':
		case '_':
			delimiters++;
			break;
		}
	}
	S_scan_table(scan, start, end, pipes);
	if (depth > GUARD_SHALLOW)
		S_add(scan, (uint64_t)depth * delimiters, "emphasis nested in deep containers");
}

int
markdown_guard_check(const struct options *options, const char *file, int line_offset,
    const char *text, size_t length)
{
	const char *p = text, *end = text + length, *eol, *rest;
	struct S_scan scan = { 0, 0, 0, 0, 0, NULL };
	int line;
	size_t depth;

	if (options->max_markdown_cost == 0)
		return 0;
	for (line = 1; p < end; line++) {
		for (eol = p; eol < end && *eol != '\n' && *eol != '\r'; eol++)
			continue;
		depth = S_depth(p, eol, &rest);
		if (rest == eol) {
			/* A blank line (after its quote markers) keeps every list item open. */
			scan.brackets = 0;
			scan.in_table = 0;
			scan.previous_pipes = 0;
			if (depth < scan.open)
				depth = scan.open;
		} else
			scan.open = depth;
		if (depth > GUARD_SHALLOW)
			S_add(&scan, 2 * (uint64_t)depth, "containers nested deeply over many lines");
		S_scan_inlines(&scan, rest, eol, depth);
		if (scan.cost > options->max_markdown_cost) {
			diag_report(DIAG_ERROR, file, line + line_offset, 0,
			    "Markdown that cmark-gfm parses in quadratic time (%s): estimated cost "
			    "%llu by this line is over --max-markdown-cost %zu; raise the limit (0: "
			    "none) to wait for it", scan.shape, (unsigned long long)scan.cost,
			    options->max_markdown_cost);
			return -1;
		}
		if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
			eol++;
		p = eol < end ? eol + 1 : end;
	}
	return 0;
}
