/* kramdown.c - kramdown extensions in the Markdown text, and attribute lists (IALs, ALDs,
 * {:toc}, heading {#id}) in cmark's HTML tree.  Called by shortcode.c and chapter.c. */
#include <stdlib.h>
#include <string.h>

#include "kramdown.h"
#include "util.h"
#include "xml_walk.h"

const char *
kramdown_extension(const char *p, const char *end, struct buffer *out, int *unclosed)
{
	static const char *const names[] = { "comment", "nomarkdown", "options", NULL };
	const char *q = p + 3, *close, *body, *stop;
	size_t i, n;

	for (i = 0; names[i] != NULL; i++)
		if ((size_t)(end - q) >= (n = strlen(names[i])) && memcmp(q, names[i], n) == 0)
			break;
	if (names[i] == NULL || (close = memchr(q, '}', (size_t)(end - q))) == NULL)
		return p;
	body = close + 1;
	if (close[-1] == '/')		/* {::options … /} stands alone */
		return body;
	/* The end is {:/name} or the short {:/}; once missing, it is missing for the rest. */
	if (*unclosed || (stop = util_find(body, end, "{:/")) == NULL) {
		*unclosed = 1;
		return p;
	}
	if (i == 1)
		buffer_append(out, body, (size_t)(stop - body));
	close = memchr(stop, '}', (size_t)(end - stop));
	return close != NULL ? close + 1 : end;
}

static int
S_is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-';
}

/* Length of the attribute list at p ("{: …}", "{#…}", "{.…}", "{:name: …}"), or 0. */
static size_t
S_list_length(const char *p)
{
	const char *close;

	if (p[0] != '{' || (p[1] != ':' && p[1] != '#' && p[1] != '.'))
		return 0;
	if ((p[1] != ':' && !S_is_name(p[2])) || (p[1] == ':' && p[2] == ':'))
		return 0;
	/* A list is short: looking further would make a text of many "{:" quadratic. */
	if ((close = memchr(p, '}', strnlen(p, 1024))) == NULL ||
	    memchr(p + 1, '{', (size_t)(close - p - 1)))
		return 0;
	return (size_t)(close - p + 1);
}

/* Sets the id and plain class names of list (its text, braces included) on element. */
static void
S_apply(xmlNodePtr element, const char *list, size_t length)
{
	const char *p = list + 1, *end = list + length - 1, *word;
	struct buffer classes = { 0 };
	xmlChar *old;

	if (*p == ':')
		p++;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		word = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (p - word > 1 && *word == '#' && element != NULL &&
		    !xmlHasProp(element, (const xmlChar *)"id")) {
			char *id = xstrndup(word + 1, (size_t)(p - word - 1));

			xmlSetProp(element, (const xmlChar *)"id", (const xmlChar *)id);
			free(id);
		} else if (p - word > 1 && *word == '.') {
			const char *q = word + 1;

			while (q < p && S_is_name(*q))
				q++;
			if (q == p) {
				if (classes.length > 0)
					buffer_putc(&classes, ' ');
				buffer_append(&classes, word + 1, (size_t)(p - word - 1));
			}
		}
	}
	if (element != NULL && classes.length > 0) {
		old = xmlGetProp(element, (const xmlChar *)"class");
		/* Class lists stay short however many attribute lists name one element. */
		if (old != NULL && xmlStrlen(old) > 200) {
			xmlFree(old);
			buffer_free(&classes);
			return;
		}
		if (old != NULL) {
			buffer_putc(&classes, ' ');
			buffer_puts(&classes, (const char *)old);
		}
		xmlSetProp(element, (const xmlChar *)"class", (const xmlChar *)classes.data);
		xmlFree(old);
	}
	buffer_free(&classes);
}

static int
S_is_toc(const char *list, size_t length)
{
	return length == 6 && memcmp(list, "{:toc}", 6) == 0;
}

static int
S_is(xmlNodePtr node, const char *name)
{
	return node != NULL && node->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(node->name, (const xmlChar *)name);
}

static int
S_is_heading(xmlNodePtr node)
{
	return node != NULL && node->type == XML_ELEMENT_NODE && node->name[0] == 'h' &&
	    node->name[1] >= '1' && node->name[1] <= '6' && node->name[2] == '\0';
}

static xmlNodePtr
S_previous_element(xmlNodePtr node)
{
	for (node = node->prev; node != NULL; node = node->prev)
		if (node->type == XML_ELEMENT_NODE)
			return node;
		else if (!xml_is_blank(node))
			return NULL;
	return NULL;
}

/* The list or paragraph a {:toc} marks, to be removed whole. */
static xmlNodePtr
S_toc_holder(xmlNodePtr text)
{
	xmlNodePtr node;

	for (node = text->parent; node != NULL; node = node->parent)
		if (S_is(node, "ul") || S_is(node, "ol"))
			return node;
	return S_is(text->parent, "p") ? text->parent : NULL;
}

/* The element itself, or for the span chapter.c puts around a link or image to carry its
 * position (a data-kagama-* attribute; the sanitiser unwraps it), the element inside. */
static xmlNodePtr
S_unwrapped(xmlNodePtr element)
{
	if (S_is(element, "span") && element->properties != NULL &&
	    strncmp((const char *)element->properties->name, "data-kagama-", 12) == 0 &&
	    element->last != NULL && element->last->type == XML_ELEMENT_NODE)
		return element->last;
	return element;
}

/* What an attribute list found in text at offset applies to: the element just before it on
 * the same line (span IAL), the heading or paragraph it ends, or the block before a paragraph
 * made of it alone (block IAL). */
static xmlNodePtr
S_target(xmlNodePtr text, size_t offset, size_t length)
{
	const char *content = (const char *)text->content;
	xmlNodePtr parent = text->parent, only;
	size_t first = strspn(content, " \n"), last = offset + length;
	int alone;

	last += strspn(content + last, " \n");
	alone = first == offset && content[last] == '\0';
	if (offset == 0 && text->prev != NULL && text->prev->type == XML_ELEMENT_NODE &&
	    !S_is(text->prev, "br"))
		return S_unwrapped(text->prev);
	if (S_is_heading(parent))
		return parent;
	only = alone && text->prev == NULL && text->next == NULL ? parent : NULL;
	if (only != NULL && S_is(only, "p"))
		return S_previous_element(only);
	return parent;
}

/* 1 when end closes the last text of a paragraph or list item: markdown-it-attrs and pandoc
 * put "{.class}" there. */
static int
S_ends_block(xmlNodePtr text, const char *end)
{
	while (*end == ' ' || *end == '\n')
		end++;
	return *end == '\0' && text->next == NULL && (S_is(text->parent, "p") ||
	    S_is(text->parent, "li"));
}

/* Removes every attribute list from one text node, applying each. */
static void
S_text(xmlNodePtr text, xmlNodePtr *remove)
{
	const char *content = (const char *)text->content;
	struct buffer kept = { 0 };
	const char *p = content, *copied = content;
	size_t length;

	while ((p = strchr(p, '{')) != NULL) {
		if ((length = S_list_length(p)) == 0 || (p[1] != ':' && p != content &&
		    !S_is_heading(text->parent) && p[-1] != '\n' && !S_ends_block(text, p + length))) {
			p++;
			continue;
		}
		if (S_is_toc(p, length))
			*remove = S_toc_holder(text);
		else if (!(p[1] == ':' && strchr(p + 2, ':') != NULL &&
		    strchr(p + 2, ':') < p + length && S_is_name(p[2])))
			/* {:name: …} defines a list for later reference: nothing to apply. */
			S_apply(S_target(text, (size_t)(p - content), length), p, length);
		buffer_append(&kept, copied, (size_t)(p - copied));
		p += length;
		copied = p;
	}
	if (copied != content) {
		int at_end = copied[strspn(copied, " \n")] == '\0';

		buffer_puts(&kept, copied);
		/* "text {#id}" leaves a space; a list on its own line leaves the line break. */
		while (at_end && kept.length > 0 && (kept.data[kept.length - 1] == ' ' ||
		    kept.data[kept.length - 1] == '\n'))
			kept.data[--kept.length] = '\0';
		xmlNodeSetContent(text, (const xmlChar *)(kept.data ? kept.data : ""));
		if (kept.length == 0 && *remove == NULL && text->prev == NULL &&
		    text->next == NULL && S_is(text->parent, "p"))
			*remove = text->parent;
	}
	buffer_free(&kept);
}

static int
S_is_code(xmlNodePtr node)
{
	return S_is(node, "pre") || S_is(node, "code") || S_is(node, "script") ||
	    S_is(node, "style");
}

void
kramdown_apply_attributes(xmlNodePtr body)
{
	struct xml_walk walk;
	xmlNodePtr *texts = NULL, remove;
	size_t count = 0, capacity = 0, i;

	/* Found first, changed after: applying a list may remove a whole paragraph. */
	xml_walk_start(&walk, body);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event == XML_WALK_ENTER && S_is_code(walk.node))
			xml_walk_skip_children(&walk);
		else if (walk.event == XML_WALK_ENTER &&
		    walk.node->type == XML_TEXT_NODE && walk.node->content != NULL &&
		    strchr((const char *)walk.node->content, '{') != NULL) {
			xgrow(&texts, &capacity, count + 1, sizeof(*texts));
			texts[count++] = walk.node;
		}
	}
	for (i = 0; i < count; i++) {
		if (texts[i] == NULL)
			continue;
		remove = NULL;
		S_text(texts[i], &remove);
		if (remove != NULL) {
			size_t k;

			/* Later texts inside it go with it.  remove holds texts[i], so they are the
			 * ones right after it in document order: the first text outside ends them
			 * (looking further made 20,000 removed paragraphs cost 2.5 s). */
			for (k = i + 1; k < count; k++) {
				xmlNodePtr up;

				for (up = texts[k]; up != NULL && up != remove; up = up->parent)
					continue;
				if (up != remove)
					break;
				texts[k] = NULL;
			}
			xmlUnlinkNode(remove);
			xmlFreeNode(remove);
		}
	}
	free(texts);
}
