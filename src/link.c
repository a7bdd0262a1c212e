/* link.c - links between articles: "other.md#x" made "chapter-007.xhtml#x", links that lead
 * nowhere made text, and "Baca juga: <title>" lines linked through the index of titles.
 * Called by render.c once chapters are built (and by the fuzzer). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "chapter.h"
#include "chapter_split.h"
#include "diag.h"
#include "html_sanitize.h"
#include "labels.h"
#include "link.h"
#include "path.h"
#include "util.h"
#include "xml_walk.h"

/* The article a link's path (without fragment) names, or NULL. */
static const struct article *
S_linked_article(const struct book *book, const struct article *article, const char *path)
{
	const struct article *target = NULL;
	char *relative;

	if (path_resolve_reference(article->path, path, NULL, &relative) == PATH_OK)
		target = xmlHashLookup(book->article_by_path, (const xmlChar *)relative);
	free(relative);
	return target;
}

/* href as the author wrote it, near enough: cmark percent-encodes what it renders ("é" and
 * "<two words.md>" become %C3%A9 and %20), which a message should not show.  Caller frees. */
static char *
S_written_href(const char *href)
{
	char *decoded = path_percent_decode(href);

	return decoded != NULL ? decoded : xstrdup(href);
}

/* The new href for a local link, or NULL (reported) when it leads nowhere in the book;
 * *reported is set when it was reported. */
static char *
S_link_target(const struct book *book, const struct article *article, const char *href,
    const xmlChar *position, int *reported)
{
	const struct article *target = article;
	char *path, *fragment, *id = NULL, *result = NULL, *end, *written = S_written_href(href);
	int line = 0, column = 0;

	*reported = 1;
	/* "line:column" from html_sanitize.c's SANITIZE_LINE_ATTRIBUTE; column 0 if unknown. */
	if (position != NULL) {
		line = (int)strtol((const char *)position, &end, 10);
		column = *end == ':' ? (int)strtol(end + 1, NULL, 10) : 0;
	}

	path_split_href(href, &path, &fragment);
	if (path[0] != '\0') {
		target = S_linked_article(book, article, path);
		if (target == NULL) {
			diag_warning(DIAG_CLASS_BROKEN_LINK, article->full_path, line, column,
			    path_is_markdown(path) ? "link to '%s': no such article in the book; "
			    "kept as text" : "link to '%s': the file is not part of the book; "
			    "kept as text", written);
			goto out;
		}
	}
	/* cmark percent-encodes "#東京" as it does paths; ids are kept as written. */
	if (fragment != NULL && (id = path_percent_decode(fragment)) == NULL)
		id = xstrdup(fragment);
	if (id != NULL && id[0] != '\0' &&
	    xmlHashLookup(target->ids, (const xmlChar *)id) == NULL) {
		diag_warning(DIAG_CLASS_MISSING_ANCHOR, article->full_path, line, column,
		    "link to '%s': '%s' has no heading or anchor '%s'; linked to the article",
		    written, target->path, id);
		result = xstrdup(target->file_name);
		goto out;
	}
	*reported = 0;
	if (id != NULL && id[0] != '\0')
		result = xasprintf("%s#%s", target == article ? "" :
		    chapter_split_file_of_id(target, id), fragment);
	else
		result = xstrdup(target->file_name);
out:
	free(path);
	free(fragment);
	free(id);
	free(written);
	return result;
}

/* resolved: the new hrefs of links resolved without a message, by old href, for the links
 * to the same place after them (100,000 links to one chapter resolved it 100,000 times). */
static void
S_resolve_link(const struct book *book, struct article *article, xmlNodePtr link,
    xmlHashTablePtr resolved)
{
	xmlChar *href = xmlGetProp(link, (const xmlChar *)"href");
	xmlChar *line = xmlGetProp(link, (const xmlChar *)SANITIZE_LINE_ATTRIBUTE);
	const char *known = href != NULL ? xmlHashLookup(resolved, href) : NULL;
	char *target, *encoded;
	int reported;

	xmlUnsetProp(link, (const xmlChar *)SANITIZE_LINE_ATTRIBUTE);
	if (known != NULL)
		xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)known);
	else if ((target = S_link_target(book, article, (const char *)href, line,
	    &reported)) == NULL)
		xml_unwrap(link);
	else {
		encoded = path_href_clean(target);
		xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)encoded);
		if (reported || href == NULL || xmlHashAddEntry(resolved, href, encoded) != 0)
			free(encoded);
		free(target);
	}
	xmlFree(href);
	xmlFree(line);
}

static void
S_free_resolved(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

/* A title as people retype it: case, punctuation and typographic quotes do not matter. */
static char *
S_normalize_title(const char *text)
{
	struct buffer out = { 0 };
	const char *p = text, *end = text + strlen(text);
	mbstate_t state;
	int space = 0;

	memset(&state, 0, sizeof(state));
	while (p < end) {
		wchar_t c;
		size_t n = mbrtowc(&c, p, (size_t)(end - p), &state);
		char folded[MB_LEN_MAX];

		if (n == 0 || n == (size_t)-1 || n == (size_t)-2) {
			memset(&state, 0, sizeof(state));
			p++;
			continue;
		}
		p += n;
		if (!iswalnum((wint_t)c)) {
			space = out.length > 0;
			continue;
		}
		if (space)
			buffer_putc(&out, ' ');
		space = 0;
		{
			mbstate_t put;

			memset(&put, 0, sizeof(put));
			n = wcrtomb(folded, towlower((wint_t)c), &put);
			if (n != (size_t)-1)
				buffer_append(&out, folded, n);
		}
	}
	return buffer_release(&out);
}

void
link_index_titles(struct book *book)
{
	size_t i;

	book->titles_indexed = 1;
	for (i = 0; i < book->article_count; i++) {
		char *key;

		if (book->articles[i]->title == NULL) {
			book->titles_indexed = 0;
			continue;
		}
		key = S_normalize_title(book->articles[i]->title);

		/* Two articles with one title: the first keeps it. */
		xmlHashAddEntry(book->article_by_title, (const xmlChar *)key, book->articles[i]);
		free(key);
	}
}

static int
S_has_link(xmlNodePtr node)
{
	for (node = node->children; node != NULL; node = node->next)
		if (node->type == XML_ELEMENT_NODE && (xmlStrEqual(node->name, (const xmlChar *)"a") ||
		    S_has_link(node)))
			return 1;
	return 0;
}

static size_t
S_label_at(const char *text, const char *const *labels)
{
	for (; *labels != NULL; labels++)
		if (strncasecmp(text, *labels, strlen(*labels)) == 0)
			return strlen(*labels);
	return 0;
}

/* Which label opens the paragraph: book.yaml's, else the book language's, else any
 * language's (a story pasted from an Indonesian site says "Baca juga:" in any book).  Its
 * length in bytes, or 0. */
static size_t
S_read_also_label(const struct options *options, const struct book *book,
    const char *text)
{
	const struct labels *labels = labels_or_default(book->meta.language), *table;
	size_t i, n;

	while (*text == ' ' || *text == '\n')
		text++;
	for (i = 0; i < options->read_also_count; i++)
		if (strncasecmp(text, options->read_also[i], strlen(options->read_also[i])) == 0)
			return strlen(options->read_also[i]);
	if (options->read_also_count > 0)
		return 0;
	if ((n = S_label_at(text, labels_read_also(labels))) > 0)
		return n;
	for (i = 0; (table = labels_table(i)) != NULL; i++)
		if ((n = S_label_at(text, labels_read_also(table))) > 0)
			return n;
	return 0;
}

/* The title as the author wrote it (the lookup key is folded), spaces at the ends trimmed. */
static void
S_report_read_also(const struct article *article, xmlNodePtr paragraph, xmlNodePtr first,
    size_t skip)
{
	xmlChar *all = xmlNodeGetContent(paragraph);
	const char *written = all != NULL ? (const char *)all + skip : "";
	int length;

	/* paragraph's text begins with first's, so skip counts the same bytes in both. */
	if (all == NULL || (size_t)xmlStrlen(all) < skip ||
	    xmlStrncmp(all, first->content, (int)skip) != 0)
		written = "";
	written += strspn(written, " \n");
	length = (int)strlen(written);
	while (length > 0 && (written[length - 1] == ' ' || written[length - 1] == '\n'))
		length--;
	diag_note(DIAG_CLASS_READ_ALSO, article->full_path, 0, 0,
	    "read-also line names no article of the book: \"%.*s\"", length, written);
	xmlFree(all);
}

/* "Baca juga: Judul artikel lain" with no link: link the title when the book has it. */
static void
S_read_also(const struct options *options, const struct book *book,
    const struct article *article, xmlNodePtr paragraph)
{
	xmlNodePtr first = paragraph->children, link, node, next;
	const struct article *target;
	size_t label, skip;
	char *key;

	if (first == NULL || first->type != XML_TEXT_NODE || S_has_link(paragraph) ||
	    (label = S_read_also_label(options, book, (const char *)first->content)) == 0)
		return;
	skip = strspn((const char *)first->content, " \n") + label;
	key = S_normalize_title((const char *)first->content + skip);
	for (node = first->next; node != NULL; node = node->next) {
		xmlChar *more = xmlNodeGetContent(node);
		char *joined = xasprintf("%s %s", key, more ? (const char *)more : "");
		char *normal = S_normalize_title(joined);

		free(key);
		free(joined);
		xmlFree(more);
		key = normal;
	}
	target = key[0] != '\0' ? xmlHashLookup(book->article_by_title, (const xmlChar *)key) : NULL;
	if (target == NULL) {
		S_report_read_also(article, paragraph, first, skip);
		free(key);
		return;
	}
	free(key);
	skip += strspn((const char *)first->content + skip, " ");
	link = xmlNewDocNode(paragraph->doc, paragraph->ns, (const xmlChar *)"a", NULL);
	xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)target->file_name);
	xmlAddChild(link, xmlNewDocText(paragraph->doc, first->content + skip));
	for (node = first->next; node != NULL; node = next) {
		next = node->next;
		xmlUnlinkNode(node);
		xmlAddChild(link, node);
	}
	{
		xmlChar *label_text = xmlStrndup(first->content, (int)skip);

		xmlNodeSetContent(first, label_text);
		xmlFree(label_text);
	}
	xmlAddChild(paragraph, link);
}

static int
S_is_local_link(xmlNodePtr node)
{
	return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)"a") &&
	    xmlHasProp(node, (const xmlChar *)SANITIZE_LINE_ATTRIBUTE);
}

static int
S_is_paragraph(xmlNodePtr node)
{
	return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)"p");
}

/* 1 when the link names a heading or anchor in another article, whose ids may not exist yet. */
static int
S_needs_other_ids(const struct book *book, const struct article *article, xmlNodePtr link)
{
	xmlChar *href = xmlGetProp(link, (const xmlChar *)"href");
	char *path, *fragment;
	const struct article *target = NULL;

	path_split_href(href ? (const char *)href : "", &path, &fragment);
	if (path[0] != '\0' && fragment != NULL && fragment[0] != '\0')
		target = S_linked_article(book, article, path);
	free(path);
	free(fragment);
	xmlFree(href);
	return target != NULL && target != article;
}

/* 1 for a paragraph that would be a "read also" line (whether or not it names an article). */
static int
S_is_read_also(const struct options *options, const struct book *book,
    xmlNodePtr paragraph)
{
	xmlNodePtr first = paragraph->children;

	return first != NULL && first->type == XML_TEXT_NODE && !S_has_link(paragraph) &&
	    S_read_also_label(options, book, (const char *)first->content) != 0;
}

/* One walk of the chapter: local links and paragraphs into scan, images counted.  With ready
 * set, stops at the first thing that would have to wait for other chapters (returns 0). */
static int
S_scan(const struct options *options, const struct book *book, struct article *article,
    struct link_scan *scan, int ready)
{
	struct xml_walk walk;
	xmlNodePtr node;
	int local;

	article->image_count = article->images_without_alt = 0;
	xml_walk_start(&walk, xmlDocGetRootElement(article->document));
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		node = walk.node;
		if (walk.event != XML_WALK_ENTER || node->type != XML_ELEMENT_NODE)
			continue;
		if ((local = S_is_local_link(node)) || S_is_paragraph(node)) {
			if (ready && (local ? S_needs_other_ids(book, article, node) :
			    !book->titles_indexed && S_is_read_also(options, book, node)))
				return 0;
			xgrow(&scan->found, &scan->capacity, scan->count + 1, sizeof(*scan->found));
			scan->found[scan->count++] = node;
		} else if (xmlStrEqual(node->name, (const xmlChar *)"img"))
			chapter_count_image(article, node);
	}
	scan->complete = 1;
	return 1;
}

int
link_ready(const struct options *options, const struct book *book, struct article *article,
    struct link_scan *scan)
{
	struct link_scan own = { NULL, 0, 0, 0 };
	int ready = S_scan(options, book, article, scan != NULL ? scan : &own, 1);

	free(own.found);
	if (!ready && scan != NULL) {
		free(scan->found);
		memset(scan, 0, sizeof(*scan));
	}
	return ready;
}

void
link_resolve_scanned(const struct options *options, const struct book *book,
    struct article *article, struct link_scan *scan)
{
	xmlHashTablePtr resolved = xmlHashCreate(16);
	size_t i;

	/* Found first, changed after: a resolved link may be replaced by its text. */
	if (!scan->complete) {
		scan->count = 0;
		S_scan(options, book, article, scan, 0);
	}
	for (i = 0; i < scan->count; i++)
		if (S_is_local_link(scan->found[i]))
			S_resolve_link(book, article, scan->found[i], resolved);
		else
			S_read_also(options, book, article, scan->found[i]);
	xmlHashFree(resolved, S_free_resolved);
	free(scan->found);
	memset(scan, 0, sizeof(*scan));
}

void
link_resolve(const struct options *options, const struct book *book, struct article *article)
{
	struct link_scan scan = { NULL, 0, 0, 0 };

	link_resolve_scanned(options, book, article, &scan);
}
