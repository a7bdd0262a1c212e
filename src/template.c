/* template.c - loads epub-templates/ (embedded or --templates DIR), checks they are well-formed,
 * fills <?kagama NAME?>.  Called by main.c, chapter.c, package.c, pages.c, render.c, resolve.c. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>

#include "diag.h"
#include "template.h"
#include "util.h"

#define XML_NAMESPACE "http://www.w3.org/XML/1998/namespace"

static const char *const S_xhtml_names[TEMPLATE_XHTML_COUNT] = {
	"chapter.xhtml", "part.xhtml", "title.xhtml", "nav.xhtml", "cover.xhtml", "cover.svg",
	"colophon.xhtml", "index.xhtml",
};

static const struct template_file *
S_embedded(const char *name)
{
	size_t i;

	for (i = 0; i < template_embedded_count; i++)
		if (strcmp(template_embedded[i].name, name) == 0)
			return &template_embedded[i];
	return NULL;
}

/* Reads dir/name into *data; returns 1 if read, 0 if the file does not exist, -1 on error. */
static int
S_read_override(const char *dir, const char *name, char **data, size_t *length)
{
	char *path = xasprintf("%s/%s", dir, name);
	int status = -1;

	switch (util_file_read(path, SIZE_MAX, data, length)) {
	case UTIL_READ_OK:
		status = 1;
		break;
	case UTIL_READ_OPEN:
		status = errno == ENOENT ? 0 : -1;
		if (status < 0)
			diag_system(path, "cannot open template: %s", strerror(errno));
		break;
	case UTIL_READ_READ:
	case UTIL_READ_TOO_BIG:
		diag_system(path, "cannot read template: %s", strerror(errno));
		break;
	}
	free(path);
	return status;
}

static void
S_report_xml_error(void *file, xmlErrorPtr error)
{
	char *message = xstrdup(error->message ? error->message : "malformed XML");
	size_t n = strlen(message);

	while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' '))
		message[--n] = '\0';
	diag_report(DIAG_ERROR, file, error->line, error->int2, "template is not well-formed: %s",
	    message);
	free(message);
}

/* Comments around the root explain the template to its editor, not to the reader. */
static void
S_drop_outer_comments(xmlDocPtr document)
{
	xmlNodePtr node, next;

	for (node = document->children; node != NULL; node = next) {
		next = node->next;
		if (node->type == XML_COMMENT_NODE) {
			xmlUnlinkNode(node);
			xmlFreeNode(node);
		}
	}
}

static xmlDocPtr
S_parse(const char *display_name, const char *data, size_t length)
{
	xmlDocPtr document;

	/* libxml2 2.9 has no per-parser handler; the structured one is per thread. */
	xmlSetStructuredErrorFunc((void *)display_name, S_report_xml_error);
	document = xmlReadMemory(data, (int)length, display_name, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (document == NULL)
		return NULL;
	if (xmlDocGetRootElement(document) == NULL) {
		diag_report(DIAG_ERROR, display_name, 0, 0, "template has no root element");
		xmlFreeDoc(document);
		return NULL;
	}
	S_drop_outer_comments(document);
	return document;
}

static int
S_load_one(const char *dir, const char *name, char **data, size_t *length, char **display)
{
	const struct template_file *embedded;
	int status;

	if (dir != NULL) {
		status = S_read_override(dir, name, data, length);
		if (status != 0) {
			*display = xasprintf("%s/%s", dir, name);
			return status;
		}
	}
	if ((embedded = S_embedded(name)) == NULL) {
		diag_system(name, "template missing from the binary");
		return -1;
	}
	*data = xstrndup(embedded->data, embedded->length);
	*length = embedded->length;
	*display = xasprintf("(embedded)/%s", name);
	return 1;
}

struct template_set *
template_set_load(const char *dir)
{
	struct template_set *set = xcalloc(1, sizeof(*set));
	char *data, *display;
	size_t length, i;
	int failed = 0;

	for (i = 0; i < TEMPLATE_XHTML_COUNT; i++) {
		if (S_load_one(dir, S_xhtml_names[i], &data, &length, &display) < 0) {
			failed = 1;
			continue;
		}
		set->documents[i] = S_parse(display, data, length);
		if (set->documents[i] == NULL)
			failed = 1;
		free(data);
		free(display);
	}
	if (S_load_one(dir, "style.css", &set->stylesheet, &set->stylesheet_length,
	    &display) < 0)
		failed = 1;
	else
		free(display);
	if (failed) {
		template_set_free(set);
		return NULL;
	}
	return set;
}

void
template_set_free(struct template_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < TEMPLATE_XHTML_COUNT; i++)
		xmlFreeDoc(set->documents[i]);
	free(set->stylesheet);
	free(set);
}

/* book.yaml's css: linked after style.css in the <head>, so the editor's rules win. */
static void
S_link_extra_stylesheet(xmlDocPtr document, const char *href)
{
	xmlNodePtr root = xmlDocGetRootElement(document), head, link;

	for (head = root->children; head != NULL; head = head->next)
		if (head->type == XML_ELEMENT_NODE && xmlStrEqual(head->name, (const xmlChar *)"head"))
			break;
	if (head == NULL)
		return;
	link = xmlNewChild(head, head->ns, (const xmlChar *)"link", NULL);
	xmlSetProp(link, (const xmlChar *)"rel", (const xmlChar *)"stylesheet");
	xmlSetProp(link, (const xmlChar *)"type", (const xmlChar *)"text/css");
	xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)href);
}

xmlDocPtr
template_instantiate(const struct template_set *set, enum template_name name)
{
	xmlDocPtr copy = xmlCopyDoc(set->documents[name], 1);

	if (copy == NULL) {
		diag_system(NULL, "out of memory");
		exit(EXIT_SYSTEM);
	}
	if (set->extra_stylesheet != NULL && name != TEMPLATE_COVER_SVG)
		S_link_extra_stylesheet(copy, set->extra_stylesheet);
	return copy;
}

static struct template_value *
S_find_value(struct template_value *values, size_t count, const xmlChar *content)
{
	char name[64];
	size_t n = 0, i;

	if (content == NULL)
		return NULL;
	while (*content == ' ')
		content++;
	while (content[n] != '\0' && content[n] != ' ' && n + 1 < sizeof(name)) {
		name[n] = (char)content[n];
		n++;
	}
	name[n] = '\0';
	for (i = 0; i < count; i++)
		if (strcmp(values[i].name, name) == 0)
			return &values[i];
	return NULL;
}

/* 1 if the element holds nothing a reader would see. */
static int
S_is_empty(xmlNodePtr element)
{
	xmlNodePtr child;
	const xmlChar *p;

	for (child = element->children; child != NULL; child = child->next) {
		if (child->type == XML_ELEMENT_NODE)
			return 0;
		if (child->type == XML_TEXT_NODE)
			for (p = child->content; p != NULL && *p != '\0'; p++)
				if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
					return 0;
	}
	return 1;
}

/* Elements that held a placeholder; those left empty are removed after the walk. */
struct S_holders {
	xmlNodePtr	*items;
	size_t		 count, capacity;
};

static void
S_replace_placeholder(xmlNodePtr pi, struct template_value *value, struct S_holders *holders)
{
	xmlNodePtr parent = pi->parent, node, next;

	if (value != NULL && value->text != NULL && value->text[0] != '\0')
		xmlAddPrevSibling(pi, xmlNewDocText(pi->doc, (const xmlChar *)value->text));
	if (value != NULL)
		for (node = value->nodes; node != NULL; node = next) {
			next = node->next;
			xmlUnlinkNode(node);
			xmlAddPrevSibling(pi, node);
		}
	if (value != NULL)
		value->nodes = NULL;
	xmlUnlinkNode(pi);
	xmlFreeNode(pi);
	if (holders->count > 0 && holders->items[holders->count - 1] == parent)
		return;
	xgrow(&holders->items, &holders->capacity, holders->count + 1, sizeof(xmlNodePtr));
	holders->items[holders->count++] = parent;
}

static void
S_fill_below(xmlNodePtr node, struct template_value *values, size_t count,
    struct S_holders *holders)
{
	xmlNodePtr child, next;

	for (child = node->children; child != NULL; child = next) {
		next = child->next;
		if (child->type == XML_PI_NODE &&
		    xmlStrEqual(child->name, (const xmlChar *)"kagama"))
			S_replace_placeholder(child, S_find_value(values, count, child->content),
			    holders);
		else if (child->type == XML_ELEMENT_NODE)
			S_fill_below(child, values, count, holders);
	}
}

void
template_fill(xmlDocPtr document, const char *language, struct template_value *values,
    size_t count)
{
	xmlNodePtr root = xmlDocGetRootElement(document);
	struct S_holders holders = { 0 };
	xmlNsPtr xml_ns;
	size_t i;

	S_fill_below(root, values, count, &holders);
	for (i = holders.count; i-- > 0;) {
		xmlNodePtr holder = holders.items[i];

		if (holder != root && holder->parent != NULL &&
		    holder->parent->type == XML_ELEMENT_NODE && S_is_empty(holder)) {
			xmlUnlinkNode(holder);
			xmlFreeNode(holder);
		}
	}
	free(holders.items);
	if (language == NULL)
		return;
	xmlSetProp(root, (const xmlChar *)"lang", (const xmlChar *)language);
	xml_ns = xmlSearchNsByHref(document, root, (const xmlChar *)XML_NAMESPACE);
	if (xml_ns != NULL)
		xmlSetNsProp(root, xml_ns, (const xmlChar *)"lang", (const xmlChar *)language);
}

static char *
S_serialize(xmlDocPtr document, size_t *length, int options)
{
	xmlBufferPtr buffer = xmlBufferCreate();
	xmlSaveCtxtPtr save;
	char *data;

	/* Doubling, not exact growth: a 10 MB chapter is otherwise copied once per 4 KB. */
	if (buffer != NULL)
		xmlBufferSetAllocationScheme(buffer, XML_BUFFER_ALLOC_DOUBLEIT);
	if (buffer == NULL || (save = xmlSaveToBuffer(buffer, "UTF-8", options)) == NULL) {
		diag_system(NULL, "out of memory");
		exit(EXIT_SYSTEM);
	}
	xmlSaveDoc(save, document);
	xmlSaveClose(save);
	*length = (size_t)xmlBufferLength(buffer);
	/* The text is taken over, not copied: a contents page of 10,000 articles is megabytes. */
	data = (char *)xmlBufferDetach(buffer);
	xmlBufferFree(buffer);
	if (data == NULL) {
		diag_system(NULL, "out of memory");
		exit(EXIT_SYSTEM);
	}
	return xrealloc(data, *length + 1);
}

char *
template_serialize(xmlDocPtr document, size_t *length)
{
	return S_serialize(document, length, XML_SAVE_AS_XML);
}

char *
template_serialize_indented(xmlDocPtr document, size_t *length)
{
	return S_serialize(document, length, XML_SAVE_AS_XML | XML_SAVE_FORMAT);
}
