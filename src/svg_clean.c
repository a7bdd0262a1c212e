/* svg_clean.c - SVG made safe for a book: scripts, event attributes, styles that fetch and
 * references to other files removed, from image files and inline SVG alike.  Called by image.c
 * (SVG files) and chapter.c (inline SVG). */
#include <stdlib.h>

#include <libxml/parser.h>

#include "diag.h"
#include "svg_clean.h"
#include "template.h"

/* 1 for an SVG reference that stays inside the image: "#id" or an embedded data: image. */
static int
S_svg_reference_is_local(const xmlChar *value)
{
	return value[0] == '#' || xmlStrncasecmp(value, (const xmlChar *)"data:image/", 11) == 0;
}

/* SVG elements that draw and nothing else: no scripts, styles, foreign content, animation
 * (which can rewrite an href) or links (EPUB wants a title on each). */
static int
S_svg_element_is_safe(xmlNodePtr element)
{
	static const char *const names[] = { "svg", "g", "defs", "symbol", "use", "title", "desc",
	    "metadata", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
	    "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern",
	    "clipPath", "mask", "marker", "filter", "image", NULL };
	size_t i;

	if (element->ns == NULL || !xmlStrEqual(element->ns->href,
	    (const xmlChar *)"http://www.w3.org/2000/svg"))
		return 0;
	if (xmlStrncmp(element->name, (const xmlChar *)"fe", 2) == 0)
		return 1;
	for (i = 0; names[i] != NULL; i++)
		if (xmlStrEqual(element->name, (const xmlChar *)names[i]))
			return 1;
	return 0;
}

/* 1 for an attribute that could run code or fetch something from outside the book. */
static int
S_svg_attribute_is_unsafe(xmlAttrPtr attribute, const xmlChar *value)
{
	const xmlChar *v = value;

	while (v != NULL && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
		v++;
	if (xmlStrncasecmp(attribute->name, (const xmlChar *)"on", 2) == 0)
		return 1;
	/* "foo:r" with foo never declared: the document would not be namespace-well-formed. */
	if (attribute->ns == NULL && xmlStrchr(attribute->name, ':') != NULL)
		return 1;
	if (v != NULL && xmlStrncasecmp(v, (const xmlChar *)"javascript:", 11) == 0)
		return 1;
	if (xmlStrEqual(attribute->name, (const xmlChar *)"href") && v != NULL &&
	    !S_svg_reference_is_local(v))
		return 1;
	return (xmlStrEqual(attribute->name, (const xmlChar *)"style") ||
	    xmlStrEqual(attribute->name, (const xmlChar *)"base")) && v != NULL &&
	    xmlStrcasestr(v, (const xmlChar *)"url(") != NULL;
}

static int
S_svg_clean_attributes(xmlNodePtr node, const char *display, const char *article, int line)
{
	xmlAttrPtr attribute, following;
	int removed = 0;

	for (attribute = node->properties; attribute != NULL; attribute = following) {
		xmlChar *value = xmlNodeGetContent((xmlNodePtr)attribute);

		following = attribute->next;
		if (S_svg_attribute_is_unsafe(attribute, value)) {
			diag_warning(DIAG_CLASS_UNSAFE_SVG, article, line, 0,
			    "SVG '%s': removed %s=\"%s\"", display, (const char *)attribute->name,
			    value ? (const char *)value : "");
			xmlRemoveProp(attribute);
			removed++;
		}
		xmlFree(value);
	}
	return removed;
}

int
svg_clean_element(xmlNodePtr node, const char *display, const char *article, int line)
{
	xmlNodePtr child, next, inner;
	int removed = S_svg_clean_attributes(node, display, article, line);

	for (child = node->children; child != NULL; child = next) {
		next = child->next;
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (S_svg_element_is_safe(child)) {
			removed += svg_clean_element(child, display, article, line);
			continue;
		}
		diag_warning(DIAG_CLASS_UNSAFE_SVG, article, line, 0, "SVG '%s': removed <%s>%s",
		    display, (const char *)child->name,
		    xmlStrEqual(child->name, (const xmlChar *)"a") ? " (its drawing is kept)" : "");
		/* A link's drawing stays, unlinked, and is looked at in turn; anything else goes
		 * with its content. */
		if (xmlStrEqual(child->name, (const xmlChar *)"a")) {
			xmlNodePtr before = child->prev;

			while ((inner = child->children) != NULL) {
				xmlUnlinkNode(inner);
				xmlAddPrevSibling(child, inner);
			}
			xmlUnlinkNode(child);
			xmlFreeNode(child);
			next = before != NULL ? before->next : node->children;
		} else {
			xmlUnlinkNode(child);
			xmlFreeNode(child);
		}
		removed++;
	}
	return removed;
}

int
svg_clean_file(const unsigned char *data, size_t length, const char *display,
    const char *article, int line, char **cleaned, size_t *cleaned_length)
{
	xmlDocPtr document = xmlReadMemory((const char *)data, (int)length, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (document == NULL || xmlDocGetRootElement(document) == NULL) {
		diag_report(DIAG_ERROR, article, line, 0, "SVG '%s' is not well-formed XML", display);
		xmlFreeDoc(document);
		return -1;
	}
	*cleaned = NULL;
	*cleaned_length = 0;
	if (svg_clean_element(xmlDocGetRootElement(document), display, article, line) > 0)
		*cleaned = template_serialize(document, cleaned_length);
	xmlFreeDoc(document);
	return 0;
}
