/* xml_walk.c - document-order walks over libxml2 subtrees, with enter and exit events, node
 * tests and the two node builders package documents use, as declared in xml_walk.h.  Called by
 * chapter.c, html_sanitize.c, image.c, link.c, site.c, kramdown.c, package.c and others. */
#include <stddef.h>

#include "xml_walk.h"

void
xml_walk_start(struct xml_walk *walk, xmlNodePtr root)
{
	walk->root = root;
	walk->node = NULL;
	walk->event = XML_WALK_DONE;
	walk->depth = 0;
	walk->started = 0;
	walk->skipping = 0;
}

/* Only elements (and the document itself) are gone into: an attribute or entity reference
 * has children of its own that are not content. */
static int
S_has_content_children(xmlNodePtr node)
{
	return (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE ||
	    node->type == XML_HTML_DOCUMENT_NODE) && node->children != NULL;
}

/* The event after leaving node (or passing a node without children). */
static enum xml_walk_event
S_after(struct xml_walk *walk, xmlNodePtr node)
{
	if (node == walk->root) {
		walk->node = NULL;
		return walk->event = XML_WALK_DONE;
	}
	if (node->next != NULL) {
		walk->node = node->next;
		return walk->event = XML_WALK_ENTER;
	}
	walk->node = node->parent;
	walk->depth--;
	return walk->event = XML_WALK_EXIT;
}

enum xml_walk_event
xml_walk_next(struct xml_walk *walk)
{
	xmlNodePtr node = walk->node;

	if (!walk->started) {
		walk->started = 1;
		if (walk->root == NULL)
			return XML_WALK_DONE;
		walk->node = walk->root;
		walk->depth = 1;
		return walk->event = XML_WALK_ENTER;
	}
	if (walk->event == XML_WALK_DONE)
		return XML_WALK_DONE;
	if (walk->skipping) {
		walk->skipping = 0;
		return walk->event = XML_WALK_EXIT;
	}
	if (walk->event == XML_WALK_ENTER && S_has_content_children(node)) {
		walk->node = node->children;
		walk->depth++;
		return walk->event = XML_WALK_ENTER;
	}
	return S_after(walk, node);
}

void
xml_walk_skip_children(struct xml_walk *walk)
{
	if (walk->event == XML_WALK_ENTER && S_has_content_children(walk->node))
		walk->skipping = 1;
}

int
xml_is_element(xmlNodePtr node, const char *name)
{
	return node != NULL && node->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(node->name, (const xmlChar *)name);
}

int
xml_is_blank(xmlNodePtr node)
{
	const xmlChar *p;

	if (node->type != XML_TEXT_NODE)
		return 0;
	for (p = node->content; p != NULL && *p != '\0'; p++)
		if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

xmlNodePtr
xml_significant_child(xmlNodePtr parent, int from_end)
{
	xmlNodePtr child = from_end ? parent->last : parent->children;

	while (child != NULL && xml_is_blank(child))
		child = from_end ? child->prev : child->next;
	return child;
}

void
xml_unwrap(xmlNodePtr element)
{
	xmlNodePtr child, next;

	for (child = element->children; child != NULL; child = next) {
		next = child->next;
		xmlUnlinkNode(child);
		xmlAddPrevSibling(element, child);
	}
	xmlUnlinkNode(element);
	xmlFreeNode(element);
}

xmlNodePtr
xml_add_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return xmlNewTextChild(parent, ns, (const xmlChar *)name, (const xmlChar *)text);
}

void
xml_set(xmlNodePtr element, const char *name, const char *value)
{
	xmlSetProp(element, (const xmlChar *)name, (const xmlChar *)value);
}
