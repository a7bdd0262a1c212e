/* svg_clean.c - SVG made safe for a book: scripts, event attributes, styles that fetch and
 * references to other files removed, from image files and inline SVG alike.  Called by image.c
 * (SVG files) and chapter.c (inline SVG). */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "diag.h"
#include "svg_clean.h"
#include "template.h"
#include "util.h"
#include "xml_walk.h"

/* 1 for an SVG reference that stays inside the image: "#id" or an embedded data: image. */
static int
S_svg_reference_is_local(const xmlChar *value)
{
	return value[0] == '#' || xmlStrncasecmp(value, (const xmlChar *)"data:image/", 11) == 0;
}

/* 1 if a value (a style or a presentation attribute) has a url() that is not "#id" within the
 * image: fill="url(#gradient)" stays, anything that fetches goes. */
static int
S_svg_value_fetches(const xmlChar *value)
{
	const xmlChar *p = value;

	while ((p = xmlStrcasestr(p, (const xmlChar *)"url(")) != NULL) {
		p += 4;
		while (*p == ' ' || *p == '\'' || *p == '"')
			p++;
		if (*p != '#')
			return 1;
	}
	return 0;
}

/* A <style> that fetches nothing: plotting tools style their strokes and fills there
 * (svglite's "fill: none" for lines), so dropping it changes the drawing. */
static int
S_svg_style_is_safe(xmlNodePtr element)
{
	xmlChar *text;
	int safe;

	if (element->ns == NULL || !xmlStrEqual(element->ns->href,
	    (const xmlChar *)"http://www.w3.org/2000/svg") ||
	    !xmlStrEqual(element->name, (const xmlChar *)"style"))
		return 0;
	text = xmlNodeGetContent(element);
	safe = text != NULL && !S_svg_value_fetches(text) &&
	    xmlStrcasestr(text, (const xmlChar *)"@import") == NULL &&
	    xmlStrcasestr(text, (const xmlChar *)"expression") == NULL &&
	    xmlStrcasestr(text, (const xmlChar *)"javascript") == NULL &&
	    xmlStrcasestr(text, (const xmlChar *)"behavior") == NULL &&
	    xmlStrcasestr(text, (const xmlChar *)"-moz-binding") == NULL &&
	    xmlStrchr(text, '\\') == NULL;
	xmlFree(text);
	return safe;
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
	return v != NULL && S_svg_value_fetches(v);
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

/* keep_style: a file's <style> applies to the file alone and may stay; inside a chapter it
 * would restyle the whole page. */
static int
S_svg_clean(xmlNodePtr node, const char *display, const char *article, int line, int keep_style)
{
	xmlNodePtr child, next, inner;
	int removed = S_svg_clean_attributes(node, display, article, line);

	for (child = node->children; child != NULL; child = next) {
		next = child->next;
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (S_svg_element_is_safe(child)) {
			removed += S_svg_clean(child, display, article, line, keep_style);
			continue;
		}
		if (keep_style && S_svg_style_is_safe(child)) {
			removed += S_svg_clean_attributes(child, display, article, line);
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

/* 1 if the drawing has a name a screen reader can read: aria-label(ledby) or a <title>. */
static int
S_svg_has_name(xmlNodePtr svg)
{
	xmlNodePtr child;
	xmlChar *text;
	int named = xmlHasProp(svg, (const xmlChar *)"aria-label") != NULL ||
	    xmlHasProp(svg, (const xmlChar *)"aria-labelledby") != NULL;

	for (child = svg->children; !named && child != NULL; child = child->next)
		if (child->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(child->name, (const xmlChar *)"title")) {
			text = xmlNodeGetContent(child);
			named = text != NULL && text[strspn((const char *)text, " \t\r\n")] != '\0';
			xmlFree(text);
		}
	return named;
}

int
svg_clean_element(xmlNodePtr node, const char *display, const char *article, int line)
{
	int removed = S_svg_clean(node, display, article, line, 0);

	/* role="img" promises a name (Ace's svg-img-alt); without one it is only a drawing. */
	if (xmlHasProp(node, (const xmlChar *)"role") != NULL && !S_svg_has_name(node)) {
		diag_warning(DIAG_CLASS_REMOVED_HTML, article, line, 0, "SVG '%s' has a role but no <title> "
		    "or aria-label; its role is removed (give it a <title> to describe it)", display);
		xmlUnsetProp(node, (const xmlChar *)"role");
		removed++;
	}
	return removed;
}

/* Replaces a reference to an internal entity by its text; any other goes. */
static void
S_svg_expand_reference(xmlNodePtr reference)
{
	xmlEntityPtr entity = xmlGetDocEntity(reference->doc, reference->name);

	if (entity != NULL && entity->etype == XML_INTERNAL_GENERAL_ENTITY &&
	    entity->content != NULL)
		xmlAddPrevSibling(reference, xmlNewDocText(reference->doc, entity->content));
	xmlUnlinkNode(reference);
	xmlFreeNode(reference);
}

/* text with each "&name;" of an internal entity replaced by its text (xmlns="&ns_svg;"). */
static xmlChar *
S_svg_expand_entities(xmlDocPtr document, const xmlChar *text)
{
	struct buffer out = { 0 };
	const xmlChar *p = text, *semicolon;
	xmlEntityPtr entity;
	char *name;

	while (*p != '\0') {
		if (*p == '&' && (semicolon = xmlStrchr(p, ';')) != NULL) {
			name = xstrndup((const char *)p + 1, (size_t)(semicolon - p - 1));
			entity = xmlGetDocEntity(document, (const xmlChar *)name);
			free(name);
			if (entity != NULL && entity->etype == XML_INTERNAL_GENERAL_ENTITY &&
			    entity->content != NULL)
				buffer_puts(&out, (const char *)entity->content);
			p = semicolon + 1;
		} else
			buffer_putc(&out, (char)*p++);
	}
	name = buffer_release(&out);
	text = xmlStrdup((const xmlChar *)name);
	free(name);
	return (xmlChar *)text;
}

/* Sets every attribute to its own value with entities expanded, so it no longer refers to
 * the DTD. */
static void
S_svg_flatten_attributes(xmlNodePtr element)
{
	xmlAttrPtr attribute;

	xmlNsPtr ns;

	for (ns = element->nsDef; ns != NULL; ns = ns->next)
		if (ns->href != NULL && xmlStrchr(ns->href, '&') != NULL) {
			xmlChar *href = S_svg_expand_entities(element->doc, ns->href);

			xmlFree((xmlChar *)ns->href);
			ns->href = href;
		}
	for (attribute = element->properties; attribute != NULL; attribute = attribute->next) {
		xmlChar *value = xmlNodeGetContent((xmlNodePtr)attribute);

		if (attribute->children != NULL && (attribute->children->next != NULL ||
		    attribute->children->type != XML_TEXT_NODE))
			xmlSetNsProp(element, attribute->ns, attribute->name,
			    value != NULL ? value : (const xmlChar *)"");
		xmlFree(value);
	}
}

/* Plotting tools write a DOCTYPE with an external DTD (HTM-003, OPF-073) and entities for
 * colours and namespaces: entities are expanded from the internal subset and the DOCTYPE goes.
 * External entities are never loaded.  Returns 1 if there was a DOCTYPE. */
static int
S_svg_drop_doctype(xmlDocPtr document)
{
	xmlDtdPtr dtd = xmlGetIntSubset(document);
	xmlNodePtr *references = NULL;
	size_t count = 0, capacity = 0, i;
	struct xml_walk walk;

	if (dtd == NULL)
		return 0;
	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event != XML_WALK_ENTER)
			continue;
		if (walk.node->type == XML_ELEMENT_NODE)
			S_svg_flatten_attributes(walk.node);
		else if (walk.node->type == XML_ENTITY_REF_NODE) {
			xgrow(&references, &capacity, count + 1, sizeof(*references));
			references[count++] = walk.node;
			xml_walk_skip_children(&walk);
		}
	}
	for (i = 0; i < count; i++)
		S_svg_expand_reference(references[i]);
	free(references);
	xmlUnlinkNode((xmlNodePtr)dtd);
	xmlFreeDtd(dtd);
	return 1;
}

/* A valid, unused XML name made from an id: "1 grad" -> "id-1-grad". */
static char *
S_svg_new_id(const xmlChar *id, xmlHashTablePtr taken)
{
	struct buffer name = { 0 };
	const xmlChar *p;
	char *candidate;
	unsigned suffix;

	buffer_puts(&name, "id-");
	for (p = id; *p != '\0'; p++)
		buffer_putc(&name, (char)(*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		    *p == '_' || *p == '-' ? *p : '-'));
	candidate = xstrdup(name.data);
	for (suffix = 2; xmlHashLookup(taken, (const xmlChar *)candidate) != NULL ||
	    xmlValidateNCName((const xmlChar *)candidate, 0) != 0; suffix++) {
		free(candidate);
		candidate = suffix > 1000 ? xasprintf("id-%u", suffix) :
		    xasprintf("%s-%u", name.data, suffix);
	}
	buffer_free(&name);
	xmlHashAddEntry(taken, (const xmlChar *)candidate, taken);
	return candidate;
}

/* First pass: every id that is not an XML name, or repeats one, gets a new one; the first
 * owner of an old name keeps the references to it (renamed maps old -> new). */
static int
S_svg_rename_ids(xmlNodePtr root, xmlHashTablePtr taken, xmlHashTablePtr renamed)
{
	struct xml_walk walk;
	int changed = 0;

	xml_walk_start(&walk, root);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		xmlChar *id;
		char *made;

		if (walk.event != XML_WALK_ENTER || walk.node->type != XML_ELEMENT_NODE ||
		    (id = xmlGetNoNsProp(walk.node, (const xmlChar *)"id")) == NULL)
			continue;
		if (xmlValidateNCName(id, 0) == 0 && xmlHashLookup(taken, id) == NULL)
			xmlHashAddEntry(taken, id, taken);
		else {
			made = S_svg_new_id(id, taken);
			if (xmlValidateNCName(id, 0) != 0 && xmlHashLookup(renamed, id) == NULL)
				xmlHashAddEntry(renamed, id, xstrdup(made));
			xmlSetProp(walk.node, (const xmlChar *)"id", (const xmlChar *)made);
			free(made);
			changed++;
		}
		xmlFree(id);
	}
	return changed;
}

/* value with "#old" and every "url(#old)" ("url('#old')", "url(\"#old\")") renamed; local
 * url()s lose their quotes, which EPUBCheck would take for a file name. */
static char *
S_svg_rewrite_references(const char *value, xmlHashTablePtr renamed)
{
	struct buffer out = { 0 };
	const char *p = value, *url, *start, *end, *new_id;
	char *old;

	if (value[0] == '#' && (new_id = xmlHashLookup(renamed, (const xmlChar *)value + 1)))
		return xasprintf("#%s", new_id);
	while ((url = strstr(p, "url(")) != NULL) {
		buffer_append(&out, p, (size_t)(url - p) + 4);
		p = url + 4;
		for (start = p; *start == ' ' || *start == '\'' || *start == '"'; start++)
			;
		end = strchr(start, ')');
		if (*start != '#' || end == NULL)
			continue;
		while (end > start + 1 && (end[-1] == ' ' || end[-1] == '\'' || end[-1] == '"'))
			end--;
		old = xstrndup(start + 1, (size_t)(end - start - 1));
		new_id = xmlHashLookup(renamed, (const xmlChar *)old);
		buffer_printf(&out, "#%s)", new_id != NULL ? new_id : old);
		free(old);
		p = strchr(end, ')') + 1;
	}
	buffer_puts(&out, p);
	return buffer_release(&out);
}

static void
S_svg_free_name(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

int
svg_clean_ids(xmlNodePtr root)
{
	xmlHashTablePtr taken = xmlHashCreate(64), renamed = xmlHashCreate(16);
	struct xml_walk walk;
	xmlAttrPtr attribute;
	int changed = S_svg_rename_ids(root, taken, renamed);

	xml_walk_start(&walk, root);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event != XML_WALK_ENTER || walk.node->type != XML_ELEMENT_NODE)
			continue;
		for (attribute = walk.node->properties; attribute; attribute = attribute->next) {
			xmlChar *value = xmlNodeGetContent((xmlNodePtr)attribute);
			char *rewritten = value ? S_svg_rewrite_references((char *)value, renamed) :
			    NULL;

			if (rewritten != NULL && strcmp(rewritten, (char *)value) != 0) {
				xmlSetNsProp(walk.node, attribute->ns, attribute->name,
				    (const xmlChar *)rewritten);
				changed++;
			}
			free(rewritten);
			xmlFree(value);
		}
	}
	xmlHashFree(taken, NULL);
	xmlHashFree(renamed, S_svg_free_name);
	return changed;
}

int
svg_clean_file(const unsigned char *data, size_t length, const char *display,
    const char *article, int line, char **cleaned, size_t *cleaned_length)
{
	xmlDocPtr document = xmlReadMemory((const char *)data, (int)length, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int changed;

	if (document == NULL || xmlDocGetRootElement(document) == NULL) {
		diag_report(DIAG_ERROR, article, line, 0, "SVG '%s' is not well-formed XML", display);
		xmlFreeDoc(document);
		return -1;
	}
	*cleaned = NULL;
	*cleaned_length = 0;
	changed = S_svg_drop_doctype(document);
	changed += S_svg_clean(xmlDocGetRootElement(document), display, article, line, 1);
	changed += svg_clean_ids(xmlDocGetRootElement(document));
	if (changed > 0)
		*cleaned = template_serialize(document, cleaned_length);
	xmlFreeDoc(document);
	return 0;
}
