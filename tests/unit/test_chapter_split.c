/* test_chapter_split.c - where chapter_split.c cuts a long chapter (level-2 headings, level 3
 * only inside a section still too long, never without a heading) and how its links follow. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "chapter_split.h"
#include "options.h"
#include "unit.h"
#include "util.h"
#include "xml_walk.h"

void test_chapter_split(void);

/* A section of about size bytes: heading (h2 or h3, id), one paragraph of x's. */
static void
S_section(struct buffer *out, const char *tag, const char *id, size_t size)
{
	buffer_printf(out, "<%s id=\"%s\">%s</%s><p>", tag, id, id, tag);
	while (size-- > 0)
		buffer_putc(out, 'x');
	buffer_puts(out, "</p>");
}

/* The chapter: the article's section in a page, its content (body) in a detached holder. */
static xmlDocPtr
S_chapter(const char *body, xmlNodePtr *holder)
{
	char *text = xasprintf("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title>"
	    "</head><body><section class=\"article\"><div id=\"holder\">%s</div></section></body>"
	    "</html>", body);
	xmlDocPtr document = xmlReadMemory(text, (int)strlen(text), "t.xhtml", "UTF-8", 0);
	struct xml_walk walk;

	free(text);
	*holder = NULL;
	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (*holder == NULL && xml_walk_next(&walk) != XML_WALK_DONE)
		if (walk.event == XML_WALK_ENTER && xml_is_element(walk.node, "div"))
			*holder = walk.node;
	xmlUnlinkNode(*holder);
	return document;
}

/* The headings of body (h2 and h3 with their ids), as chapter_heading.c records them. */
static void
S_headings(struct article *article, xmlNodePtr holder)
{
	xmlNodePtr node;

	for (node = holder->children; node != NULL; node = node->next) {
		int level = xml_is_element(node, "h2") ? 2 : xml_is_element(node, "h3") ? 3 : 0;

		if (level == 0)
			continue;
		article->headings = xrealloc(article->headings,
		    (article->heading_count + 1) * sizeof(*article->headings));
		article->headings[article->heading_count].level = level;
		article->headings[article->heading_count].id =
		    (char *)xmlGetProp(node, (const xmlChar *)"id");
		article->headings[article->heading_count].text = xstrdup("t");
		article->headings[article->heading_count].part = 0;
		article->heading_count++;
	}
}

/* Plans body with split_size, then fills the page as template_fill does and cuts it: returns
 * the article, its documents in *documents (NULL when it was not cut). */
static struct article *
S_split(const char *body, size_t split_size, xmlDocPtr **documents)
{
	struct article *article = article_new("a.md", "a.md");
	struct options options;
	xmlNodePtr holder, section, node, next;
	xmlDocPtr document;

	options_init(&options);
	options.split_size = split_size;
	article->file_name = xstrdup("chapter-004.xhtml");
	document = S_chapter(body, &holder);
	S_headings(article, holder);
	chapter_split_plan(&options, article, document, NULL, holder);
	section = xmlDocGetRootElement(document)->last->children;
	for (node = holder->children; node != NULL; node = next) {
		next = node->next;
		xmlUnlinkNode(node);
		xmlAddChild(section, node);
	}
	xmlFreeNode(holder);
	article->document = document;
	*documents = NULL;
	if (article->part_count > 0)
		*documents = chapter_split_cut(article);
	return article;
}

static void
S_free(struct article *article, xmlDocPtr *documents)
{
	size_t k;

	for (k = 0; documents != NULL && k <= article->part_count; k++)
		xmlFreeDoc(documents[k]);
	free(documents);
	article_free(article);
}

/* 1 if document has an element with this id. */
static int
S_has_id(xmlDocPtr document, const char *id)
{
	struct xml_walk walk;
	int found = 0;

	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (!found && xml_walk_next(&walk) != XML_WALK_DONE)
		if (walk.event == XML_WALK_ENTER && walk.node->type == XML_ELEMENT_NODE) {
			xmlChar *value = xmlGetProp(walk.node, (const xmlChar *)"id");

			found = value != NULL && strcmp((const char *)value, id) == 0;
			xmlFree(value);
		}
	return found;
}

/* The href of the first link of document, or NULL; caller frees. */
static char *
S_first_href(xmlDocPtr document)
{
	struct xml_walk walk;

	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (xml_walk_next(&walk) != XML_WALK_DONE)
		if (walk.event == XML_WALK_ENTER && xml_is_element(walk.node, "a"))
			return (char *)xmlGetProp(walk.node, (const xmlChar *)"href");
	return NULL;
}

/* A lead and six sections of 1000 bytes in files of 2500: the lead and two sections, then two
 * a file. */
static void
S_greedy(void)
{
	struct buffer body = { 0 };
	const char *ids[] = { "a", "b", "c", "d", "e", "f" };
	xmlDocPtr *documents;
	struct article *article;
	char *href;
	size_t i;

	buffer_puts(&body, "<p><a href=\"#f\">to f</a></p>");
	for (i = 0; i < 6; i++)
		S_section(&body, "h2", ids[i], 1000);
	buffer_puts(&body, "<p><a href=\"#a\">back to a</a></p>");
	article = S_split(body.data, 2500, &documents);
	CHECK(article->part_count == 2);
	CHECK_STR(chapter_split_part_file(article, 0), "chapter-004.xhtml");
	CHECK_STR(chapter_split_part_file(article, 1), "chapter-004-2.xhtml");
	CHECK_STR(chapter_split_part_file(article, 2), "chapter-004-3.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "b"), "chapter-004.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "c"), "chapter-004-2.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "d"), "chapter-004-2.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "f"), "chapter-004-3.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "nowhere"), "chapter-004.xhtml");
	CHECK(article->headings[0].part == 0 && article->headings[1].part == 0);
	CHECK(article->headings[2].part == 1 && article->headings[5].part == 2);
	CHECK(documents != NULL && S_has_id(documents[0], "a") && S_has_id(documents[1], "c") &&
	    !S_has_id(documents[0], "c") && S_has_id(documents[2], "f"));
	/* Links follow their target into its file, both ways. */
	href = documents != NULL ? S_first_href(documents[0]) : NULL;
	CHECK_STR(href, "chapter-004-3.xhtml#f");
	free(href);
	href = documents != NULL ? S_first_href(documents[2]) : NULL;
	CHECK_STR(href, "chapter-004.xhtml#a");
	free(href);
	S_free(article, documents);
	buffer_free(&body);
}

/* One level-2 section too big for a file: cut at its level-3 headings, and only there. */
static void
S_level_three(void)
{
	struct buffer body = { 0 };
	xmlDocPtr *documents;
	struct article *article;

	S_section(&body, "h2", "small", 100);
	S_section(&body, "h3", "small-sub", 100);
	S_section(&body, "h2", "big", 100);
	S_section(&body, "h3", "big-1", 1800);
	S_section(&body, "h3", "big-2", 1800);
	article = S_split(body.data, 2000, &documents);
	CHECK(article->part_count == 2);
	CHECK_STR(chapter_split_file_of_id(article, "small-sub"), "chapter-004.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "big"), "chapter-004.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "big-1"), "chapter-004-2.xhtml");
	CHECK_STR(chapter_split_file_of_id(article, "big-2"), "chapter-004-3.xhtml");
	S_free(article, documents);
	buffer_free(&body);
}

/* No heading to cut at, a size of 0, or a chapter that fits: one file. */
static void
S_whole(void)
{
	struct buffer body = { 0 };
	xmlDocPtr *documents;
	struct article *article;

	S_section(&body, "p", "lead", 5000);
	article = S_split(body.data, 1000, &documents);
	CHECK(article->part_count == 0 && documents == NULL && article->part_of_id == NULL);
	S_free(article, documents);
	S_section(&body, "h2", "later", 5000);
	article = S_split(body.data, 0, &documents);
	CHECK(article->part_count == 0 && documents == NULL);
	S_free(article, documents);
	article = S_split(body.data, 100000, &documents);
	CHECK(article->part_count == 0 && documents == NULL);
	S_free(article, documents);
	/* The lead alone is too big: the cut comes at the first heading, after it. */
	article = S_split(body.data, 1000, &documents);
	CHECK(article->part_count == 1);
	CHECK_STR(chapter_split_file_of_id(article, "later"), "chapter-004-2.xhtml");
	S_free(article, documents);
	buffer_free(&body);
}

void
test_chapter_split(void)
{
	S_greedy();
	S_level_three();
	S_whole();
}
