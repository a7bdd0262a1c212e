/* fuzz_article.c - libFuzzer target: one article (front matter, Markdown, raw HTML) through the
 * chapter pipeline (GFM extensions on, cut into files of 1 KB as --split-size 1 does), aborting
 * on unsafe or malformed XHTML, duplicate ids or in-file links to nothing.  Built and run by
 * mk/fuzz.mk only. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/parser.h>

#include "article.h"
#include "book.h"
#include "chapter.h"
#include "chapter_split.h"
#include "options.h"
#include "site.h"
#include "image.h"
#include "link.h"
#include "template.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A PNG of 1x1 pixels, so that some image references are found and measured. */
static const unsigned char S_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
	0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
	0x1F, 0x15, 0xC4, 0x89,
	0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82,
};

/* Elements and URL schemes no chapter may carry, whatever the article says. */
static const char *const S_forbidden_elements[] = {
	"script", "iframe", "object", "embed", "form", "input", "style",
};

static struct {
	struct options		 options;
	struct template_set	*templates;
	char			 folder[64];
	char			*article_path;
	char			*other_path;
	int			 stderr_copy;	/* the real stderr, for invariant messages */
} S_fuzz;

static void
S_violation(const char *what, const char *detail, const char *xml, size_t length)
{
	dprintf(S_fuzz.stderr_copy, "fuzz_article: invariant violated: %s%s%s\n", what,
	    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	if (xml != NULL)
		dprintf(S_fuzz.stderr_copy, "--- chapter ---\n%.*s\n---\n",
		    length > 4000 ? 4000 : (int)length, xml);
	abort();
}

static void
S_write_png(const char *name)
{
	char *path = xasprintf("%s/%s", S_fuzz.folder, name);
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(S_png, 1, sizeof(S_png), f) != sizeof(S_png))
		abort();
	fclose(f);
	free(path);
}

/* The temporary folder goes when libFuzzer exits normally (each fork-mode job is a process). */
static void
S_cleanup(void)
{
	char *path = xasprintf("%s/a.png", S_fuzz.folder);

	unlink(path);
	rmdir(S_fuzz.folder);
	free(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	xmlInitParser();
	snprintf(S_fuzz.folder, sizeof(S_fuzz.folder), "/tmp/fuzz-article-XXXXXX");
	if (mkdtemp(S_fuzz.folder) == NULL)
		abort();
	S_write_png("a.png");
	atexit(S_cleanup);
	S_fuzz.article_path = xasprintf("%s/a.md", S_fuzz.folder);
	S_fuzz.other_path = xasprintf("%s/sub/b.md", S_fuzz.folder);
	options_init(&S_fuzz.options);
	S_fuzz.options.input_dir = S_fuzz.folder;
	S_fuzz.options.missing_images_warn = 1;
	/* Small inputs are cut too: every file must still hold what its "#x" links name. */
	S_fuzz.options.split_size = 1024;
	/* mk/fuzz.mk runs with -close_fd_mask=2, which silences the diagnostics (thousands of
	 * them) but not libFuzzer and the sanitizers; findings of our own go to this copy. */
	S_fuzz.stderr_copy = dup(2);
	if ((S_fuzz.templates = template_set_load(NULL)) == NULL)
		abort();
	return 0;
}

/* Adds an article at relative path to the book, as scan.c does. */
static struct article *
S_add_article(struct book *book, const char *relative, const char *full, const char *file_name)
{
	struct book_node *node = book_node_new(BOOK_NODE_ARTICLE, book->root);

	node->article = article_new(relative, full);
	node->article->node = node;
	node->article->file_name = xstrdup(file_name);
	xgrow(&book->articles, &book->article_capacity, book->article_count + 1,
	    sizeof(struct article *));
	book->articles[book->article_count++] = node->article;
	xmlHashAddEntry(book->article_by_path, (const xmlChar *)relative, node->article);
	return node->article;
}

/* A book of two articles: the one under test, and "sub/b.md" with one anchor to link to. */
static struct book *
S_book_new(void)
{
	struct book *book = book_new();
	struct article *other;

	book->input_real = xstrdup(S_fuzz.folder);
	book->meta.title = xstrdup("Fuzz");
	book->meta.language = xstrdup("en");
	S_add_article(book, "a.md", S_fuzz.article_path, "chapter-001.xhtml");
	other = S_add_article(book, "sub/b.md", S_fuzz.other_path, "chapter-002.xhtml");
	xmlHashAddEntry(other->ids, (const xmlChar *)"intro", other->ids);
	return book;
}

/* 1 if an href or src value would run script in a browser: "javascript:" after leading
 * controls and spaces, with tabs and line ends anywhere ignored, in any case. */
static int
S_is_script_url(const xmlChar *value)
{
	static const char scheme[] = "javascript:";
	const xmlChar *p = value;
	size_t matched = 0;

	while (*p != '\0' && *p <= 0x20)
		p++;
	for (; *p != '\0' && matched < sizeof(scheme) - 1; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if ((*p | 0x20) != scheme[matched])
			return 0;
		matched++;
	}
	return matched == sizeof(scheme) - 1;
}

static void
S_check_element(xmlNodePtr element, const char *xml, size_t length)
{
	xmlAttrPtr attribute;
	xmlChar *value;
	size_t i;

	for (i = 0; i < sizeof(S_forbidden_elements) / sizeof(S_forbidden_elements[0]); i++)
		if (strcasecmp((const char *)element->name, S_forbidden_elements[i]) == 0)
			S_violation("forbidden element", S_forbidden_elements[i], xml, length);
	for (attribute = element->properties; attribute != NULL; attribute = attribute->next) {
		const char *name = (const char *)attribute->name;

		if (strncasecmp(name, "on", 2) == 0)
			S_violation("event handler attribute", name, xml, length);
		if (strcasecmp(name, "href") != 0 && strcasecmp(name, "src") != 0)
			continue;
		value = xmlNodeListGetString(element->doc, attribute->children, 1);
		if (value != NULL && S_is_script_url(value))
			S_violation("javascript: URL", (const char *)value, xml, length);
		xmlFree(value);
	}
}

/* Parses the serialised chapter as a reader would and walks every element.  HUGE only so that
 * too deep a chapter is told apart from a malformed one: libxml2 (and so lxml, Calibre...)
 * refuses more than XML_DEPTH_LIMIT levels without it. */
#define XML_DEPTH_LIMIT 256

/* Ids are unique, and every in-chapter link ("#id": footnotes, back links) lands on one. */
static void
S_check_ids(xmlNodePtr element, xmlHashTablePtr ids, xmlHashTablePtr fragments,
    const char *xml, size_t length)
{
	xmlChar *id = xmlGetProp(element, (const xmlChar *)"id");
	xmlChar *href = xmlGetProp(element, (const xmlChar *)"href");

	if (id != NULL && xmlHashAddEntry(ids, id, ids) != 0)
		S_violation("duplicate id", (const char *)id, xml, length);
	/* XHTML links only, as EPUBCheck checks them; an SVG <use> may point at nothing. */
	if (href != NULL && href[0] == '#' && xmlStrEqual(element->name, (const xmlChar *)"a") &&
	    element->ns != NULL && xmlStrEqual(element->ns->href,
	    (const xmlChar *)"http://www.w3.org/1999/xhtml"))
		xmlHashAddEntry(fragments, href + 1, fragments);
	xmlFree(id);
	xmlFree(href);
}

static void
S_check_fragment(void *payload, void *data, const xmlChar *name)
{
	(void)payload;
	if (xmlHashLookup((xmlHashTablePtr)data, name) == NULL)
		S_violation("link to a missing id", (const char *)name, NULL, 0);
}

static void
S_check_chapter(const char *xml, size_t length)
{
	xmlParserCtxtPtr parser = xmlNewParserCtxt();
	xmlHashTablePtr ids = xmlHashCreate(16), fragments = xmlHashCreate(16);
	xmlDocPtr document;
	xmlNodePtr node, next;
	size_t depth = 1, deepest = 1;

	if (parser == NULL)
		abort();
	document = xmlCtxtReadMemory(parser, xml, (int)length, "chapter.xhtml", "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (document == NULL || !parser->wellFormed)
		S_violation("chapter is not well-formed XML", NULL, xml, length);
	if (!parser->nsWellFormed)
		S_violation("chapter is not namespace-well-formed", NULL, xml, length);
	for (node = xmlDocGetRootElement(document); node != NULL; node = next) {
		if (node->type == XML_ELEMENT_NODE) {
			S_check_element(node, xml, length);
			S_check_ids(node, ids, fragments, xml, length);
		}
		if (node->type == XML_ELEMENT_NODE && node->children != NULL) {
			next = node->children;
			if (++depth > deepest)
				deepest = depth;
			continue;
		}
		for (next = node; next != NULL && next->next == NULL; next = next->parent, depth--)
			if (next->parent == NULL || next->parent->type != XML_ELEMENT_NODE) {
				next = NULL;
				break;
			}
		if (next != NULL)
			next = next->next;
	}
	if (deepest > XML_DEPTH_LIMIT)
		S_violation("chapter nests more elements than libxml2 reads without XML_PARSE_HUGE",
		    NULL, xml, length);
	xmlHashScan(fragments, S_check_fragment, ids);
	xmlHashFree(ids, NULL);
	xmlHashFree(fragments, NULL);
	xmlFreeDoc(document);
	xmlFreeParserCtxt(parser);
}

/* The files of a chapter cut by chapter_split.c, each checked as a chapter. */
static void
S_check_parts(struct article *article)
{
	xmlDocPtr *documents = chapter_split_cut(article);
	size_t k, length;
	char *xml;

	for (k = 0; k <= article->part_count; k++) {
		xml = template_serialize(documents[k], &length);
		S_check_chapter(xml, length);
		free(xml);
		xmlFreeDoc(documents[k]);
	}
	free(documents);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct book *book = S_book_new();
	struct article *article = book->articles[0];
	cmark_node *markdown;
	size_t length;
	char *xml;

	markdown = article_parse(&S_fuzz.options, article, (const char *)data, size);
	if (markdown == NULL)
		goto out;
	/* Its own addresses, so that site links and shortcode references are resolved too. */
	site_index_build(&S_fuzz.options, book);
	chapter_build(&S_fuzz.options, book, S_fuzz.templates, article, markdown);
	/* As render.c does: the chapter's images join the book and get their hrefs. */
	image_pending_register(&S_fuzz.options, book, article, NULL);
	image_pending_name(article);
	if (article->document == NULL)
		goto out;
	link_resolve(&S_fuzz.options, book, article);
	if (article->part_count > 0)
		S_check_parts(article);
	else {
		xml = template_serialize(article->document, &length);
		S_check_chapter(xml, length);
		free(xml);
	}
out:
	book_free(book);
	return 0;
}
