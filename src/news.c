/* news.c - stories as news sites give them: headline line, doubled captions and drop: patterns
 * on the Markdown tree; dateline and photo credits on the XHTML tree.  Called by chapter.c.
 *
 * Why two trees: what decides which *text stays* (a paragraph dropped, a caption line kept
 * once, the headline taken out) needs source lines and line breaks, which only cmark's tree
 * still has (and the notes name lines); what only adds *markup* (a span, a class) needs
 * elements, and the figures it feeds are made on the XHTML tree.  The text tests in between
 * (credit, dateline, headline) are plain string functions, the same for both. */
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "news.h"
#include "utf8.h"
#include "util.h"
#include "xml_walk.h"

/* How far into the article a lead paragraph is looked for (captions and furniture first). */
#define NEWS_LEAD_BLOCKS 4
/* A headline is at most this long: a longer line is a sentence that lost its full stop. */
#define NEWS_HEADLINE_BYTES 160
#define NEWS_HEADLINE_WORDS 16
/* A photo credit's name ("KBRI Beijing", "Reuters/Tingshu Wang") is short. */
#define NEWS_CREDIT_BYTES 80
#define NEWS_CREDIT_WORDS 8
/* ...so its label starts within this many bytes of the end (name, label and some spaces). */
#define NEWS_CREDIT_WINDOW 128
/* Each part of a dateline ("KAGAMA.CO", "KUALA LUMPUR") is short too. */
#define NEWS_DATELINE_PART_BYTES 40
#define NEWS_DATELINE_PART_WORDS 4

static int
S_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The Latin letter at p (A-Z, a-z, and the letters of Latin-1, U+00C0-U+00FF but the signs
 * U+00D7 and U+00F7): its length in bytes, *capital saying which case; 0 when there is none. */
static size_t
S_latin_letter(const unsigned char *p, int *capital)
{
	uint32_t c;
	int n = utf8_decode(p, strnlen((const char *)p, 4), &c);

	*capital = 0;
	if (n < 0 || c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE))
		*capital = 1;
	else if (!((c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF)))
		return 0;
	return (size_t)n;
}

static size_t
S_capital(const unsigned char *p)
{
	int capital;
	size_t n = S_latin_letter(p, &capital);

	return capital ? n : 0;
}

static size_t
S_small(const unsigned char *p)
{
	int capital;
	size_t n = S_latin_letter(p, &capital);

	return capital ? 0 : n;
}

/* The three bytes of U+2013 EN DASH or U+2014 EM DASH. */
static int
S_is_long_dash(const unsigned char *p)
{
	return p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94);
}

/* One part of a dateline: words of letters, digits and . & ' - joined by single spaces. */
struct S_part {
	size_t	 length;
	int	 city;		/* capitals only, no digits, no dot inside a word */
};

static size_t
S_read_part(const unsigned char *text, struct S_part *part)
{
	const unsigned char *p = text;
	size_t n, letters = 0, small = 0, digits = 0, words = 1;
	int dotted = 0;

	if (!S_capital(p) && !(*p >= '0' && *p <= '9'))
		return 0;
	for (;;) {
		if ((n = S_capital(p)) > 0 || (n = S_small(p)) > 0) {
			small += S_small(p) > 0;
			letters++;
			p += n;
		} else if (*p >= '0' && *p <= '9') {
			digits++;
			p++;
		} else if (*p == '.' || *p == '&' || *p == '\'' || *p == '-') {
			dotted |= *p == '.' && p[1] != ' ' && p[1] != ',' && p[1] != '\0';
			p++;
		} else if (*p == ' ' && (S_capital(p + 1) || S_small(p + 1) ||
		    (p[1] >= '0' && p[1] <= '9'))) {
			words++;
			p++;
		} else
			break;
	}
	part->length = (size_t)(p - text);
	part->city = letters >= 2 && small == 0 && digits == 0 && !dotted;
	if (letters == 0 || words > NEWS_DATELINE_PART_WORDS ||
	    part->length > NEWS_DATELINE_PART_BYTES)
		return 0;
	return part->length;
}

/* "New York" from "NEW YORK": a capital after a space or hyphen, small letters elsewhere.
 * Both cases of a Latin-1 letter are two bytes apart by 0x20 in the second (ß and ÿ stay). */
static char *
S_title_case(const char *text, size_t length)
{
	unsigned char *copy = (unsigned char *)xstrndup(text, length), *p;
	size_t n;
	int capital, start = 1;

	for (p = copy; *p != '\0'; p += n) {
		if ((n = S_latin_letter(p, &capital)) == 0) {
			start = *p == ' ' || *p == '-';
			n = 1;
			continue;
		}
		if (capital && !start)
			p[n - 1] = (unsigned char)(p[n - 1] + 0x20);
		else if (!capital && start && p[n - 1] != 0x9F && p[n - 1] != 0xBF)
			p[n - 1] = (unsigned char)(p[n - 1] - 0x20);
		start = 0;
	}
	return (char *)copy;
}

static int
S_is_publisher(const unsigned char *part, size_t length, const char *publisher)
{
	return publisher != NULL && strlen(publisher) == length &&
	    strncasecmp((const char *)part, publisher, length) == 0;
}

size_t
news_dateline_length(const char *text, const char *publisher, char **city)
{
	const unsigned char *start = (const unsigned char *)text, *p = start, *city_at;
	struct S_part first, second;
	size_t city_length;

	if (S_read_part(p, &first) == 0)
		return 0;
	p += first.length;
	if (p[0] == ',' && p[1] == ' ') {		/* PUBLISHER, CITY or CITY, PUBLISHER */
		p += 2;
		if (S_read_part(p, &second) == 0)
			return 0;
		/* The book's publisher is not the city; when both could be, KAGAMA.CO's
		 * "PUBLISHER, CITY" wins. */
		if (S_is_publisher(start, first.length, publisher))
			first.city = 0;
		else if (S_is_publisher(p, second.length, publisher))
			second.city = 0;
		if (!first.city && !second.city)
			return 0;
		city_at = second.city ? p : start;
		city_length = second.city ? second.length : first.length;
		p += second.length;
	} else if (p[0] == ' ' && p[1] == '(') {	/* CITY (AGENCY) */
		if (!first.city || S_read_part(p + 2, &second) == 0 || p[2 + second.length] != ')')
			return 0;
		city_at = start;
		city_length = first.length;
		p += 2 + second.length + 1;
	} else
		return 0;
	if (*p != ' ')
		return 0;
	while (*p == ' ')
		p++;
	if (*p == '-')
		p++;
	else if (S_is_long_dash(p))
		p += 3;
	else
		return 0;
	if (*p != '\0' && !S_is_space(*p) && !(p[0] == 0xC2 && p[1] == 0xA0))
		return 0;
	if (city != NULL)
		*city = S_title_case((const char *)city_at, city_length);
	return (size_t)(p - start);
}

/* A credit's label may open the text, a line, or follow the end of a sentence or a
 * separator: "… di Beijing. Foto: X", "… | Foto: X"; not "album foto: ...". */
static int
S_credit_boundary(const char *text, const char *label)
{
	const unsigned char *q = (const unsigned char *)label, *begin = (const unsigned char *)text;
	int newline = 0;

	while (q > begin && S_is_space(q[-1]))
		newline |= *--q == '\n';
	if (q == begin || newline)
		return 1;
	if (q == (const unsigned char *)label)
		return 0;
	if (strchr(".!?\"')|-", q[-1]) != NULL)
		return 1;
	/* ” ’ – — */
	return q - begin >= 3 && q[-3] == 0xE2 && q[-2] == 0x80 &&
	    (q[-1] == 0x9D || q[-1] == 0x99 || q[-1] == 0x93 || q[-1] == 0x94);
}

/* The name after a label runs to end: a capital or digit first (or any non-Latin script),
 * short, one line, and no closing punctuation: "Foto: itulah hobinya." is a sentence. */
static int
S_credit_name(const char *p, const char *end)
{
	const unsigned char *u;
	size_t words = 1;

	while (p < end && *p == ' ')
		p++;
	u = (const unsigned char *)p;
	if (p >= end || end - p > NEWS_CREDIT_BYTES || strchr(".,;:!?", end[-1]) != NULL)
		return 0;
	if (!S_capital(u) && !(*u >= '0' && *u <= '9') && !(*u >= 0x80 && !S_small(u)))
		return 0;
	for (; p < end; p++) {
		if (*p == '\n' || *p == '\r' || *p == '(' || *p == ')')
			return 0;
		words += *p == ' ';
	}
	return words <= NEWS_CREDIT_WORDS;
}

static size_t
S_credit_label_of(const char *p, const char *end, const char *const *label)
{
	size_t n;

	for (; *label != NULL; label++) {
		n = strlen(*label);
		if ((size_t)(end - p) <= n || strncasecmp(p, *label, n) != 0)
			continue;
		/* "Photo by" needs a space after it, "Foto:" and "Foto/" do not. */
		if (((*label)[n - 1] == ':' || (*label)[n - 1] == '/') || p[n] == ' ')
			return n;
	}
	return 0;
}

/* Length of the credit label at p, else 0: the language's labels first, then any language's,
 * as a story pasted from an Indonesian site into a book without book.yaml (English by
 * default) still says "Foto:". */
static size_t
S_credit_label(const char *p, const char *end, const struct labels *labels)
{
	const struct labels *other;
	size_t i, n;

	if ((n = S_credit_label_of(p, end, labels_credits(labels))) > 0)
		return n;
	for (i = 0; (other = labels_table(i)) != NULL; i++)
		if (other != labels && (n = S_credit_label_of(p, end, labels_credits(other))) > 0)
			return n;
	return 0;
}

static const char *
S_last_open_parenthesis(const char *text, const char *end)
{
	while (end > text)
		if (*--end == '(')
			return end;
	return NULL;
}

long
news_credit_start(const char *text, size_t length, const struct labels *labels)
{
	const char *end = text + length, *p, *open;
	long found = -1;
	size_t n;

	while (end > text && S_is_space(end[-1]))
		end--;
	/* "(Foto: X)" closing the text, after a space or alone. */
	if (end > text && end[-1] == ')' &&
	    (open = S_last_open_parenthesis(text, end)) != NULL &&
	    (open == text || S_is_space(open[-1])) &&
	    (n = S_credit_label(open + 1, end - 1, labels)) > 0 &&
	    S_credit_name(open + 1 + n, end - 1))
		return (long)(open - text);
	/* A credit is short: its label starts near the end, so a long paragraph costs no more. */
	for (p = end - text > NEWS_CREDIT_WINDOW ? end - NEWS_CREDIT_WINDOW : text; p < end; p++)
		/* A label starts a word: the labels of every language are tried at word starts
		 * only (a fifth of the bytes of ordinary prose). */
		if ((p == text || S_is_space(p[-1])) && (n = S_credit_label(p, end, labels)) > 0 &&
		    S_credit_boundary(text, p) && S_credit_name(p + n, end))
			found = (long)(p - text);
	return found;
}

int
news_is_headline(const char *line, const struct labels *labels)
{
	const unsigned char *p = (const unsigned char *)line, *end;
	size_t length = strlen(line), words = 1, letters = 0;

	if (length == 0 || length > NEWS_HEADLINE_BYTES)
		return 0;
	/* Opens with a capital, a digit, a quote or another script; no sentence continues. */
	if (S_small(p) || (*p < 0x80 && !S_capital(p) && !(*p >= '0' && *p <= '9') &&
	    *p != '"' && *p != '\''))
		return 0;
	for (; *p != '\0'; p++) {
		if (*p < 0x20)
			return 0;
		words += *p == ' ';
		letters += S_capital(p) || S_small(p) || *p >= 0x80;
	}
	if (words > NEWS_HEADLINE_WORDS || letters == 0)
		return 0;
	/* The last character, looking through closing quotes and brackets. */
	for (end = p; end > (const unsigned char *)line; ) {
		if (end[-1] == '"' || end[-1] == '\'' || end[-1] == ')')
			end--;
		else if (end - (const unsigned char *)line >= 3 && end[-3] == 0xE2 &&
		    end[-2] == 0x80 && (end[-1] == 0x9D || end[-1] == 0x99))
			end -= 3;
		else
			break;
	}
	if (end > (const unsigned char *)line && strchr(".,;:!?", end[-1]) != NULL)
		return 0;
	if (end - (const unsigned char *)line >= 3 && end[-3] == 0xE2 && end[-2] == 0x80 &&
	    end[-1] == 0xA6)			/* … */
		return 0;
	return news_credit_start(line, length, labels) < 0 &&
	    news_dateline_length(line, NULL, NULL) == 0;
}

/* ---- The Markdown tree ---------------------------------------------------------------- */

/* A paragraph's words as written, line breaks as "\n"; a new string. */
static char *
S_paragraph_text(cmark_node *paragraph)
{
	cmark_iter *iter = cmark_iter_new(paragraph);
	struct buffer text = { 0 };
	cmark_event_type event;
	cmark_node *node;

	while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(iter);
		if (event != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			buffer_puts(&text, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buffer_putc(&text, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(iter);
	return buffer_release(&text);
}

/* 1 if the paragraph holds nothing but text and soft line breaks. */
static int
S_is_plain(cmark_node *paragraph)
{
	cmark_node *child;

	for (child = cmark_node_first_child(paragraph); child; child = cmark_node_next(child))
		if (cmark_node_get_type(child) != CMARK_NODE_TEXT &&
		    cmark_node_get_type(child) != CMARK_NODE_SOFTBREAK)
			return 0;
	return 1;
}

/* The text as compared for doubles: no white space, quotes of every kind made straight. */
static char *
S_comparable(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	struct buffer out = { 0 };

	while (*p != '\0') {
		if (S_is_space(*p))
			p++;
		else if (p[0] == 0xC2 && p[1] == 0xA0)
			p += 2;
		else if (p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB)) {
			buffer_putc(&out, '"');
			p += 2;
		} else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x98 && p[2] <= 0x9F) {
			buffer_putc(&out, p[2] >= 0x9C ? '"' : '\'');
			p += 3;
		} else
			buffer_putc(&out, (char)*p++);
	}
	return buffer_release(&out);
}

/* 1 if second repeats first (as compared above) and is a caption: ends in a credit. */
static int
S_same_caption(const char *first, const char *second, const struct labels *labels)
{
	char *a, *b;
	int same;

	if (news_credit_start(second, strlen(second), labels) < 0)
		return 0;
	a = S_comparable(first);
	b = S_comparable(second);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

static void
S_drop_paragraphs(const struct options *options, struct article *article, cmark_node *document)
{
	cmark_node *node, *next;
	size_t i;
	char *text;

	for (node = cmark_node_first_child(document); node != NULL; node = next) {
		next = cmark_node_next(node);
		if (cmark_node_get_type(node) != CMARK_NODE_PARAGRAPH)
			continue;
		text = S_paragraph_text(node);
		for (i = 0; i < options->drop_count; i++)
			if (regexec(&options->drop[i], text, 0, NULL, 0) == 0)
				break;
		if (i < options->drop_count) {
			diag_note(DIAG_CLASS_DROPPED_PARAGRAPH, article->full_path,
			    cmark_node_get_start_line(node) + article->line_offset, 0, "paragraph dropped: it matches drop: pattern '%s'",
			    options->drop_patterns[i]);
			article->dropped_paragraphs++;
			cmark_node_free(node);
		}
		free(text);
	}
}

/* Replaces the paragraph's content with lines[0..count) joined by soft breaks. */
static void
S_set_lines(cmark_node *paragraph, char **lines, size_t count)
{
	cmark_node *child, *node;
	size_t i;

	while ((child = cmark_node_first_child(paragraph)) != NULL)
		cmark_node_free(child);
	for (i = 0; i < count; i++) {
		if (i > 0)
			cmark_node_append_child(paragraph, cmark_node_new(CMARK_NODE_SOFTBREAK));
		node = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(node, lines[i]);
		cmark_node_append_child(paragraph, node);
	}
}

/* 1 if a line after the first of text ends in a credit: only such a line can repeat the
 * caption before it, so other paragraphs are not copied and cut into lines. */
static int
S_has_later_credit(const char *text, const struct labels *labels)
{
	const char *line = strchr(text, '\n'), *end;

	for (; line != NULL; line = end) {
		line++;
		end = strchr(line, '\n');
		if (news_credit_start(line, end != NULL ? (size_t)(end - line) : strlen(line),
		    labels) >= 0)
			return 1;
	}
	return 0;
}

/* A caption line written twice in one paragraph is kept once; text is the paragraph's
 * (S_paragraph_text).  Returns 1 if the paragraph changed. */
static int
S_single_caption_lines(struct article *article, cmark_node *paragraph, const char *text,
    const struct labels *labels)
{
	char *copy, *line, **lines = NULL;
	size_t count = 0, capacity = 0, kept = 0, i;
	int first_line = cmark_node_get_start_line(paragraph) + article->line_offset;

	if (!S_has_later_credit(text, labels) || !S_is_plain(paragraph))
		return 0;
	copy = xstrdup(text);
	for (line = copy; line != NULL; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		xgrow(&lines, &capacity, count + 1, sizeof(char *));
		lines[count++] = line;
	}
	for (i = 1; i < count; i++)
		lines[i][-1] = '\0';
	for (i = 0; i < count; i++) {
		if (kept > 0 && S_same_caption(lines[kept - 1], lines[i], labels))
			diag_note(DIAG_CLASS_REPEATED_CAPTION, article->full_path, first_line + (int)i,
			    0, "the caption of line %d is repeated; kept once", first_line + (int)i - 1);
		else
			lines[kept++] = lines[i];
	}
	if (kept < count)
		S_set_lines(paragraph, lines, kept);
	free(lines);
	free(copy);
	return kept < count;
}

/* The same caption twice in a row, as two lines or two paragraphs, is kept once.  Each
 * paragraph's text is made once: the one that ends a run of doubles is the next one's. */
static void
S_single_captions(struct article *article, cmark_node *document, const struct labels *labels)
{
	cmark_node *node, *next;
	char *text = NULL, *next_text;

	for (node = cmark_node_first_child(document); node != NULL; node = cmark_node_next(node)) {
		if (cmark_node_get_type(node) != CMARK_NODE_PARAGRAPH)
			continue;
		if (text == NULL)
			text = S_paragraph_text(node);
		if (S_single_caption_lines(article, node, text, labels)) {
			free(text);
			text = S_paragraph_text(node);
		}
		next_text = NULL;
		while ((next = cmark_node_next(node)) != NULL &&
		    cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH) {
			next_text = S_paragraph_text(next);
			if (!S_same_caption(text, next_text, labels))
				break;
			diag_note(DIAG_CLASS_REPEATED_CAPTION, article->full_path,
			    cmark_node_get_start_line(next) + article->line_offset, 0, "the caption of line %d is repeated; kept once",
			    cmark_node_get_start_line(node) + article->line_offset);
			free(next_text);
			next_text = NULL;
			cmark_node_free(next);
		}
		free(text);
		text = next_text;
	}
	free(text);
}

static int
S_has_title_heading(cmark_node *document)
{
	cmark_iter *iter = cmark_iter_new(document);
	cmark_event_type event;
	cmark_node *node;
	int found = 0;

	while (!found && (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(iter);
		if (event != CMARK_EVENT_ENTER)
			continue;
		found = cmark_node_get_type(node) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(node) == 1;
		/* A heading is a block: the inline content of paragraphs, most of the tree,
		 * cannot hold one. */
		if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH)
			cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(iter);
	return found;
}

/* Without a title, a headline line opening the story is its title, not its first paragraph. */
static void
S_take_headline(struct article *article, cmark_node *document, const struct labels *labels)
{
	cmark_node *first = cmark_node_first_child(document);
	char *text;

	if (article->title != NULL || first == NULL || cmark_node_next(first) == NULL ||
	    cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH || !S_is_plain(first) ||
	    S_has_title_heading(document))
		return;
	text = S_paragraph_text(first);
	if (!news_is_headline(text, labels)) {
		free(text);
		return;
	}
	article->title = text;
	article->title_source = TITLE_FROM_HEADLINE;
	cmark_node_free(first);
}

void
news_prepare_markdown(const struct options *options, struct article *article,
    cmark_node *document, const struct labels *labels)
{
	if (options->drop_count > 0)
		S_drop_paragraphs(options, article, document);
	S_single_captions(article, document, labels);
	S_take_headline(article, document, labels);
}

/* ---- The XHTML tree ------------------------------------------------------------------- */

static xmlNodePtr
S_span(xmlNodePtr near, const char *class_name, const char *text, size_t length)
{
	xmlNodePtr span = xmlNewDocNode(near->doc, near->ns, (const xmlChar *)"span", NULL);

	xmlSetProp(span, (const xmlChar *)"class", (const xmlChar *)class_name);
	if (text != NULL)
		xmlAddChild(span, xmlNewDocTextLen(near->doc, (const xmlChar *)text, (int)length));
	return span;
}

/* A paragraph ending in a credit: class="caption", the credit in <span class="credit">. */
static int
S_mark_caption(xmlNodePtr paragraph, const struct labels *labels)
{
	xmlNodePtr last = xml_significant_child(paragraph, 1);
	char *text;
	size_t end, before;
	long start;

	if (last == NULL || last->type != XML_TEXT_NODE || xmlHasProp(paragraph,
	    (const xmlChar *)"class") != NULL)
		return 0;
	text = xstrdup((const char *)last->content);
	if ((start = news_credit_start(text, strlen(text), labels)) < 0) {
		free(text);
		return 0;
	}
	for (end = strlen(text); end > 0 && S_is_space(text[end - 1]); end--)
		continue;
	for (before = (size_t)start; before > 0 && S_is_space(text[before - 1]); before--)
		continue;
	xmlSetProp(paragraph, (const xmlChar *)"class", (const xmlChar *)"caption");
	xmlAddNextSibling(last, S_span(paragraph, "credit", text + start, end - (size_t)start));
	if (before > 0 || last->prev != NULL) {
		text[before] = '\0';
		xmlNodeSetContent(last, (const xmlChar *)"");
		xmlNodeAddContent(last, (const xmlChar *)text);
		xmlNodeAddContent(last, (const xmlChar *)" ");
	} else {
		xmlUnlinkNode(last);
		xmlFreeNode(last);
	}
	free(text);
	return 1;
}

/* The dateline opening a paragraph, as text or as a bold run of its own, in a span. */
static int
S_mark_dateline(struct article *article, xmlNodePtr paragraph, const char *publisher)
{
	xmlNodePtr first = paragraph->children, span;
	char *city = NULL, *text;
	size_t n;

	if (first != NULL && first->type == XML_TEXT_NODE) {
		text = xstrdup((const char *)first->content);
		if ((n = news_dateline_length(text, publisher, &city)) > 0) {
			xmlAddPrevSibling(first, S_span(paragraph, "dateline", text, n));
			xmlNodeSetContent(first, (const xmlChar *)"");
			xmlNodeAddContent(first, (const xmlChar *)text + n);
		}
		free(text);
	} else if ((xml_is_element(first, "strong") || xml_is_element(first, "b")) &&
	    first->children != NULL && first->children->type == XML_TEXT_NODE &&
	    first->children->next == NULL) {
		text = (char *)first->children->content;
		n = news_dateline_length(text, publisher, &city);
		while (n > 0 && S_is_space(text[n]))
			n++;
		if (n > 0 && text[n] == '\0') {
			span = S_span(paragraph, "dateline", NULL, 0);
			xmlReplaceNode(first, span);
			xmlAddChild(span, first);
		} else {
			free(city);
			city = NULL;
		}
	}
	if (city == NULL)
		return 0;
	if (article->location == NULL)
		article->location = city;
	else
		free(city);
	return 1;
}

static int
S_is_heading(xmlNodePtr node)
{
	return node->name[0] == 'h' && node->name[1] >= '1' && node->name[1] <= '6' &&
	    node->name[2] == '\0';
}

void
news_mark_xhtml(struct article *article, xmlNodePtr holder, const struct labels *labels,
    const char *publisher)
{
	xmlNodePtr node;
	int blocks = 0, looking = 1;

	for (node = holder->children; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (xml_is_element(node, "p") && S_mark_caption(node, labels))
			continue;
		if (looking && xml_is_element(node, "p") && S_mark_dateline(article, node, publisher))
			looking = 0;
		if (++blocks >= NEWS_LEAD_BLOCKS || S_is_heading(node))
			looking = 0;
	}
}

int
news_is_caption(xmlNodePtr paragraph)
{
	xmlChar *class_name;
	int caption;

	if (!xml_is_element(paragraph, "p"))
		return 0;
	class_name = xmlGetProp(paragraph, (const xmlChar *)"class");
	caption = class_name != NULL && xmlStrEqual(class_name, (const xmlChar *)"caption");
	xmlFree(class_name);
	return caption;
}

xmlNodePtr
news_caption_after(xmlNodePtr image_paragraph)
{
	xmlNodePtr next = image_paragraph->next;

	while (next != NULL && xml_is_blank(next))
		next = next->next;
	return news_is_caption(next) ? next : NULL;
}
