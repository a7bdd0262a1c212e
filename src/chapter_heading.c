/* chapter_heading.c - the headings of one chapter: ids made from their text and unique in the
 * chapter, the list the contents page is made from, the article's title taken from its first
 * h1, and the author's levels renumbered under the title.  Called by chapter.c. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "chapter.h"
#include "chapter_heading.h"
#include "diag.h"
#include "utf8.h"
#include "util.h"
#include "xml_walk.h"

/* Text of an element with runs of white space collapsed, as a reader sees it. */
static char *
S_visible_text(xmlNodePtr element)
{
	xmlChar *content = xmlNodeGetContent(element);
	struct buffer buffer = { 0 };
	const char *p;
	int space = 0;

	for (p = content ? (const char *)content : ""; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = buffer.length > 0;
			continue;
		}
		if (space)
			buffer_putc(&buffer, ' ');
		space = 0;
		buffer_putc(&buffer, *p);
	}
	xmlFree(content);
	return buffer_release(&buffer);
}

/* 1 if text holds nothing a reader shows: white space, no-break and zero-width spaces. */
static int
S_is_blank(const char *text)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + strlen(text);
	uint32_t c;
	int size;

	for (; p < end; p += size) {
		size = utf8_decode(p, (size_t)(end - p), &c);
		if (size < 0)
			return 0;
		if (!(c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 || c == 0x1680 ||
		    (c >= 0x2000 && c <= 0x200d) || c == 0x202f || c == 0x205f || c == 0x2060 ||
		    c == 0x3000 || c == 0xfeff))
			return 0;
	}
	return 1;
}

static int
S_heading_level(xmlNodePtr node)
{
	if (node->type != XML_ELEMENT_NODE || node->name[0] != 'h' || node->name[2] != '\0' ||
	    node->name[1] < '1' || node->name[1] > '6')
		return 0;
	return node->name[1] - '0';
}

/* Appends one UTF-8 character to an id: letters and digits lowercased, separators as '-'. */
static void
S_id_character(struct buffer *id, wint_t c, const char *bytes, size_t length)
{
	if (c == ' ' || c == '-' || c == '_' || c == 0xA0 || (c < 0x80 && iswspace(c))) {
		if (id->length > 0 && id->data[id->length - 1] != '-')
			buffer_putc(id, '-');
	} else if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buffer_putc(id, (char)c);
		else if (c >= 'A' && c <= 'Z')
			buffer_putc(id, (char)(c - 'A' + 'a'));
	} else if (iswalnum(c)) {
		char lower[MB_LEN_MAX];
		mbstate_t state;
		size_t n;

		memset(&state, 0, sizeof(state));
		n = wcrtomb(lower, towlower(c), &state);
		if (n == (size_t)-1)
			buffer_append(id, bytes, length);
		else
			buffer_append(id, lower, n);
	}
}

/* Appends text folded into an id (S_id_character) to id, without '-' at its end. */
static void
S_id_fold(struct buffer *id, const char *text)
{
	const char *p = text, *end = text + strlen(text);
	size_t start = id->length;
	mbstate_t state;

	memset(&state, 0, sizeof(state));
	while (p < end) {
		wchar_t c;
		size_t n;

		/* ASCII reads as itself in every locale: no mbrtowc for most headings. */
		if ((unsigned char)*p < 0x80) {
			S_id_character(id, (wint_t)(unsigned char)*p, p, 1);
			p++;
			continue;
		}
		n = mbrtowc(&c, p, (size_t)(end - p), &state);
		if (n == 0 || n == (size_t)-1 || n == (size_t)-2) {
			/* Without a UTF-8 locale, keep the bytes: ids stay Unicode, just not folded. */
			memset(&state, 0, sizeof(state));
			buffer_putc(id, *p);
			n = 1;
		} else
			S_id_character(id, (wint_t)c, p, n);
		p += n;
	}
	while (id->length > start && id->data[id->length - 1] == '-')
		id->data[--id->length] = '\0';
}

char *
chapter_heading_id(const char *text, xmlHashTablePtr ids)
{
	struct buffer key = { 0 }, candidate = { 0 };
	const char *base;
	size_t base_length;
	unsigned suffix;

	/* Built as the key of base's counter (below), base being its tail. */
	buffer_putc(&key, '\1');
	S_id_fold(&key, text);
	if (key.length == 1 || xmlValidateNCName((const xmlChar *)key.data + 1, 0) != 0) {
		struct buffer prefixed = { 0 };

		buffer_puts(&prefixed, "\1h-");
		buffer_puts(&prefixed, key.length > 1 ? key.data + 1 : "section");
		buffer_free(&key);
		key = prefixed;
	}
	base = key.data + 1;
	base_length = key.length - 1;
	buffer_append(&candidate, base, base_length);
	/* Once base is taken, the next suffix to try for it waits under a key no id can be
	 * ("\1" is not XML): 20,000 headings of one text cost 20,000 lookups, not 200 million
	 * (63 s).  A base still free needs no counter: headings of different texts, the usual
	 * kind, add one entry each to the table, not two. */
	if (xmlHashLookup(ids, (const xmlChar *)base) != NULL) {
		suffix = (unsigned)(uintptr_t)xmlHashLookup(ids, (const xmlChar *)key.data);
		for (suffix = suffix > 0 ? suffix : 1;; ) {
			candidate.length = base_length;
			buffer_printf(&candidate, "-%u", suffix++);
			if (xmlHashLookup(ids, (const xmlChar *)candidate.data) == NULL)
				break;
		}
		xmlHashUpdateEntry(ids, (const xmlChar *)key.data, (void *)(uintptr_t)suffix,
		    NULL);
	}
	buffer_free(&key);
	xmlHashAddEntry(ids, (const xmlChar *)candidate.data, ids);
	return buffer_release(&candidate);
}

/* Records a heading; id and text are handed over.  The list doubles when its count reaches a
 * power of two (from 8): 100,000 headings cost 14 reallocations, not 100,000. */
static void
S_add_heading(struct article *article, int level, char *id, char *text)
{
	size_t count = article->heading_count;

	if (count == 0 || (count >= 8 && (count & (count - 1)) == 0))
		article->headings = xrealloc(article->headings,
		    (count == 0 ? 8 : 2 * count) * sizeof(struct heading));
	article->headings[article->heading_count].level = level;
	article->headings[article->heading_count].id = id;
	article->headings[article->heading_count].text = text;
	article->headings[article->heading_count].part = 0;
	article->heading_count++;
}

/* Gives every heading an id (keeping valid ones from raw HTML) and records it for the TOC. */
void
chapter_headings_number(struct article *article, xmlNodePtr holder)
{
	xmlNodePtr node = holder->children, next;
	int level;

	while (node != NULL) {
		if ((level = S_heading_level(node)) > 0) {
			xmlChar *id;
			char *text = S_visible_text(node);

			/* A nav entry must have text (EPUBCheck), a heading too (Ace). */
			if (S_is_blank(text)) {
				diag_warning(DIAG_CLASS_EMPTY_HEADING, article->full_path, 0, 0,
				    "a <h%d> heading has no text; kept as a paragraph", level);
				xmlNodeSetName(node, (const xmlChar *)"p");
				free(text);
				level = 0;
			} else {
				char *made;

				if ((id = xmlGetProp(node, (const xmlChar *)"id")) != NULL) {
					made = xstrdup((const char *)id);
					xmlFree(id);
				} else {
					made = chapter_heading_id(text, article->ids);
					xmlSetProp(node, (const xmlChar *)"id", (const xmlChar *)made);
				}
				S_add_heading(article, level, made, text);
			}
		}
		/* Headings hold only phrasing content: no need to look inside them. */
		if (level == 0 && node->type == XML_ELEMENT_NODE && node->children != NULL) {
			node = node->children;
			continue;
		}
		for (next = node; next != holder && next->next == NULL; next = next->parent)
			continue;
		node = next == holder ? NULL : next->next;
	}
}

/* Without a front-matter title the first level-1 heading is the title; when it opens the
 * article it moves into the heading block instead of appearing twice. */
void
chapter_title_choose(struct article *article, xmlNodePtr holder)
{
	xmlNodePtr first = holder->children;
	size_t i;

	/* A blank title would make an empty nav entry (EPUBCheck RSC-005) and an empty <title>. */
	if (article->title != NULL && S_is_blank(article->title)) {
		diag_warning(DIAG_CLASS_EMPTY_HEADING, article->full_path, 1, 0,
		    "the title is empty; the first heading or the file name is used instead");
		free(article->title);
		article->title = NULL;
	}
	if (article->title != NULL)
		return;
	for (i = 0; i < article->heading_count; i++)
		if (article->headings[i].level == 1) {
			article->title = xstrdup(article->headings[i].text);
			break;
		}
	if (article->title == NULL) {
		article->title = article_title_from_path(article->path);
		article->title_source = TITLE_FROM_FILE_NAME;
		return;
	}
	article->title_source = TITLE_FROM_HEADING;
	while (first != NULL && first->type != XML_ELEMENT_NODE)
		first = first->next;
	if (first != NULL && S_heading_level(first) == 1 && i == 0) {
		xmlChar *id = xmlGetProp(first, (const xmlChar *)"id");

		/* Links to the heading still land: its id moves with it. */
		article->title_id = id ? xstrdup((const char *)id) : NULL;
		xmlFree(id);
		article->title_from_heading = 1;
		xmlUnlinkNode(first);
		xmlFreeNode(first);
	}
}

/* The author's headings under the chapter's h1: the top level becomes h2 and skipped levels
 * close up (h2 h4 -> h2 h3), as Ace's heading-order rule wants; article->headings follows. */
void
chapter_headings_normalize(struct article *article, xmlNodePtr holder)
{
	int open[7], depth = 0, level;
	size_t index = article->title_from_heading ? 1 : 0;
	struct xml_walk walk;
	char name[3] = "h0";

	xml_walk_start(&walk, holder);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event != XML_WALK_ENTER || (level = S_heading_level(walk.node)) == 0)
			continue;
		while (depth > 0 && open[depth - 1] >= level)
			depth--;
		if (depth < 5)
			open[depth++] = level;
		else
			open[depth - 1] = level;
		name[1] = (char)('1' + depth);
		xmlNodeSetName(walk.node, (const xmlChar *)name);
		if (index < article->heading_count)
			article->headings[index++].level = depth + 1;
	}
}

