/* html_sanitize.c - copies an HTML tree into new XHTML nodes, keeping only the elements,
 * attributes and URLs that are safe and valid in EPUB 3.  Called by chapter.c only. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/hash.h>

#include "diag.h"
#include "html_repair.h"
#include "html_rules.h"
#include "html_sanitize.h"
#include "labels.h"
#include "path.h"
#include "url.h"
#include "utf8.h"
#include "util.h"
#include "xml_walk.h"

#define XHTML_NAMESPACE "http://www.w3.org/1999/xhtml"

/* One call of html_sanitize_children(). */
struct S_walk {
	struct sanitize_context	*context;
	xmlDocPtr		 doc;		/* the XHTML document */
	xmlNsPtr		 ns;		/* its XHTML namespace */
	xmlHashTablePtr		 reported;	/* unknown element names already noted */
	int			 flattened;	/* the depth warning was given */
};

/* Where the walk is in the input; passed by value, so each level has its own. */
struct S_state {
	unsigned	context;	/* C_* bits of the output ancestors */
	int		line;		/* source line, 0 if unknown */
	int		column;		/* ...and column, 0 if unknown */
	int		depth;		/* input elements entered */
};

static void S_children(struct S_walk *, xmlNodePtr, xmlNodePtr, struct S_state);

static xmlNodePtr
S_checked(xmlNodePtr node)
{
	if (node == NULL) {
		diag_system(NULL, "out of memory");
		exit(EXIT_SYSTEM);
	}
	return node;
}

static xmlNodePtr
S_new_element(const struct S_walk *walk, xmlNodePtr parent, const char *name)
{
	xmlNodePtr element = S_checked(xmlNewDocNode(walk->doc, walk->ns,
	    (const xmlChar *)name, NULL));

	return xmlAddChild(parent, element);
}

/* Appends text to parent, cleaned for XML, as a text node of its own: xmlAddChild would merge
 * it with a text node before it by measuring the whole run again (100,000 alt texts in one
 * paragraph took 10^10 bytes of strlen).  S_merge_text joins the runs once parent is built. */
static void
S_add_text(const struct S_walk *walk, xmlNodePtr parent, const char *text)
{
	xmlNodePtr node;
	char *clean;

	if (text == NULL)
		return;
	clean = utf8_clean_for_xml(text);
	if (*clean != '\0') {
		node = S_checked(xmlNewDocText(walk->doc, (const xmlChar *)clean));
		node->parent = parent;
		node->prev = parent->last;
		if (parent->last != NULL)
			parent->last->next = node;
		else
			parent->children = node;
		parent->last = node;
	}
	free(clean);
}

/* Joins each run of adjacent text nodes among parent's children, from first on (NULL: all),
 * into its first node, as xmlAddChild would have one piece at a time. */
static void
S_merge_text(xmlNodePtr parent, xmlNodePtr first)
{
	xmlNodePtr run, next;
	struct buffer text;

	for (run = first != NULL ? first : parent->children; run != NULL; run = run->next) {
		if (run->type != XML_TEXT_NODE || run->next == NULL ||
		    run->next->type != XML_TEXT_NODE || run->next->name != run->name)
			continue;
		memset(&text, 0, sizeof(text));
		buffer_puts(&text, run->content != NULL ? (const char *)run->content : "");
		while ((next = run->next) != NULL && next->type == XML_TEXT_NODE &&
		    next->name == run->name) {
			if (next->content != NULL)
				buffer_puts(&text, (const char *)next->content);
			xmlUnlinkNode(next);
			xmlFreeNode(next);
		}
		xmlNodeSetContentLen(run, (const xmlChar *)text.data, (int)text.length);
		buffer_free(&text);
	}
}

/* Every attribute value goes out through here, so none carries a character XML forbids. */
static void
S_set(xmlNodePtr element, const char *name, const char *value)
{
	char *clean = utf8_clean_for_xml(value);

	xmlSetProp(element, (const xmlChar *)name, (const xmlChar *)clean);
	free(clean);
}

/* The value of node's attribute name, as xmlGetProp gives it, but read in place when it is one
 * text (a copy for every element of a 100,000-row table was 2% of its time); *copy is set
 * (for the caller to free) when a copy was made. */
static const xmlChar *
S_attribute_text(xmlNodePtr node, const char *name, xmlChar **copy)
{
	xmlAttrPtr attribute = node->properties != NULL ?
	    xmlHasProp(node, (const xmlChar *)name) : NULL;

	*copy = NULL;
	if (attribute == NULL)
		return NULL;
	if (attribute->type == XML_ATTRIBUTE_NODE && attribute->children != NULL &&
	    attribute->children->next == NULL && attribute->children->type == XML_TEXT_NODE &&
	    attribute->children->content != NULL)
		return attribute->children->content;
	return *copy = xmlGetProp(node, (const xmlChar *)name);
}

/* The line of data-sourcepos, or the line and column of SANITIZE_POSITION_ATTRIBUTE. */
static void
S_update_line(const struct S_walk *walk, xmlNodePtr node, struct S_state *state)
{
	xmlChar *copy = NULL;
	const xmlChar *position = S_attribute_text(node, "data-sourcepos", &copy);
	int with_column = position == NULL;
	long long line;
	long column;
	char *end;

	if (position == NULL && (position = S_attribute_text(node,
	    SANITIZE_POSITION_ATTRIBUTE, &copy)) == NULL)
		return;
	line = strtol((const char *)position, &end, 10);
	if (end != (char *)position && line > 0 && line <= INT_MAX) {
		line += walk->context->line_offset;
		if (line > 0 && line <= INT_MAX)
			state->line = (int)line;
	}
	state->column = 0;
	if (with_column && *end == ':' && (column = strtol(end + 1, NULL, 10)) > 0 &&
	    column <= INT_MAX)
		state->column = (int)column;
	xmlFree(copy);
}


/* 1 for an element that takes a place from context->positions. */
static int
S_is_placed(const struct S_walk *walk, xmlNodePtr node)
{
	return walk->context->positions != NULL && node->type == XML_ELEMENT_NODE &&
	    (xmlStrEqual(node->name, (const xmlChar *)"a") ||
	    xmlStrEqual(node->name, (const xmlChar *)"img"));
}

/* The place of the element being entered, as S_update_line would read it from a span around
 * it; the span's level counts towards the depth as the span would. */
static void
S_take_position(const struct S_walk *walk, struct S_state *state)
{
	struct sanitize_context *context = walk->context;
	const struct sanitize_position *position;
	long long line;

	if (context->position_next >= context->position_count)
		return;
	position = &context->positions[context->position_next++];
	if (!position->wrapped)
		return;
	line = (long long)position->line + context->line_offset;
	if (line > 0 && line <= INT_MAX)
		state->line = (int)line;
	state->column = position->column > 0 ? position->column : 0;
	state->depth++;
}

/* The places of the <a> and <img> elements in a subtree left out: below top, and top itself
 * when with_top is 1. */
static void
S_skip_positions(const struct S_walk *walk, xmlNodePtr top, int with_top)
{
	struct S_state ignored = { 0, 0, 0, 0 };
	struct xml_walk nodes;

	if (walk->context->positions == NULL)
		return;
	xml_walk_start(&nodes, top);
	while (xml_walk_next(&nodes) != XML_WALK_DONE)
		if (nodes.event == XML_WALK_ENTER && (with_top || nodes.node != top) &&
		    S_is_placed(walk, nodes.node))
			S_take_position(walk, &ignored);
}

/* 1 when the element just entered and the next <a> would both have been without a span
 * (S_is_split_link can only see a sibling that no span holds). */
static int
S_neither_wrapped(const struct S_walk *walk)
{
	const struct sanitize_context *context = walk->context;
	size_t next = context->position_next;

	if (context->positions == NULL)
		return 1;
	return next >= 1 && !context->positions[next - 1].wrapped &&
	    (next >= context->position_count || !context->positions[next].wrapped);
}

static int
S_is_number(const char *value, enum html_value kind)
{
	int nonzero = 0;

	if (kind == V_INTEGER && *value == '-')
		value++;
	if (*value == '\0')
		return 0;
	for (; *value != '\0'; value++) {
		if (*value < '0' || *value > '9')
			return 0;
		nonzero |= *value != '0';
	}
	return kind != V_POSITIVE || nonzero;
}

static void
S_set_id(const struct S_walk *walk, xmlNodePtr element, const char *id,
    const struct S_state *state)
{
	const struct sanitize_context *context = walk->context;

	if (xmlValidateNCName((const xmlChar *)id, 0) != 0) {
		diag_warning(DIAG_CLASS_BAD_ID, context->file, state->line, state->column,
		    "removed invalid id \"%s\"", id);
		return;
	}
	if (!html_sanitize_id_is_free(context, id)) {
		diag_warning(DIAG_CLASS_DUPLICATE_ID, context->file, state->line, state->column,
		    "removed duplicate id \"%s\"", id);
		return;
	}
	if (context->ids != NULL)
		xmlHashAddEntry(context->ids, (const xmlChar *)id, context->ids);
	S_set(element, "id", id);
}

/* Local hrefs keep their source line and column, so that link.c can report them once
 * resolved. */
static void
S_set_href(xmlNodePtr element, const char *href, const struct S_state *state)
{
	char *scheme = path_url_scheme(href), *clean;
	char number[32];

	clean = scheme != NULL ? url_normalize(href, NULL) : path_href_clean(href);
	if (clean == NULL)
		clean = path_href_clean(href);

	S_set(element, "href", clean);
	if (scheme == NULL) {
		if (state->column > 0)
			snprintf(number, sizeof(number), "%d:%d", state->line, state->column);
		else
			snprintf(number, sizeof(number), "%d", state->line);
		S_set(element, SANITIZE_LINE_ATTRIBUTE, number);
	}
	free(scheme);
	free(clean);
}

/* Column alignment (GFM tables write align="right") as a class the stylesheet honours:
 * XHTML 5 has no align attribute, and the sanitiser keeps no style. */
static void
S_set_align(xmlNodePtr element, const struct html_attribute_rule *rule, const char *value)
{
	xmlChar *old;
	char *lower = xstrdup(value), *class_name;
	size_t i;

	for (i = 0; lower[i] != '\0'; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	if (util_word_in(rule->values, lower)) {
		old = xmlGetProp(element, (const xmlChar *)"class");
		class_name = old != NULL ? xasprintf("%s align-%s", (const char *)old, lower) :
		    xasprintf("align-%s", lower);
		S_set(element, "class", class_name);
		free(class_name);
		xmlFree(old);
	}
	free(lower);
}

static void
S_set_attribute(const struct S_walk *walk, xmlNodePtr element, const struct html_attribute_rule *rule,
    const char *value, const struct S_state *state)
{
	char *lower;
	size_t i;

	switch (rule->kind) {
	case V_TEXT:
		S_set(element, rule->name, value);
		break;
	case V_ID:
		S_set_id(walk, element, value, state);
		break;
	case V_LANG:
		if (labels_is_language_tag(value)) {
			S_set(element, rule->name, value);
			xmlNodeSetLang(element, (const xmlChar *)value);
		}
		break;
	case V_KEYWORD:
		lower = xstrdup(value);
		for (i = 0; lower[i] != '\0'; i++)
			if (lower[i] >= 'A' && lower[i] <= 'Z')
				lower[i] = (char)(lower[i] - 'A' + 'a');
		if (util_word_in(rule->values, lower))
			S_set(element, rule->name, lower);
		free(lower);
		break;
	case V_ENUM:
		if (util_word_in(rule->values, value))
			S_set(element, rule->name, value);
		break;
	case V_DIGITS:
	case V_POSITIVE:
	case V_INTEGER:
		if (S_is_number(value, rule->kind))
			S_set(element, rule->name, value);
		break;
	case V_BOOLEAN:
		S_set(element, rule->name, rule->name);
		break;
	case V_HREF:
		S_set_href(element, value, state);
		break;
	case V_ALIGN:
		S_set_align(element, rule, value);
		break;
	}
}

/* Copies the allowed attributes of from to to, which is already in its place in the tree. */
static void
S_copy_attributes(const struct S_walk *walk, xmlNodePtr from, xmlNodePtr to,
    const struct S_state *state)
{
	const struct html_attribute_rule *rule;
	xmlAttrPtr attribute;
	xmlChar *value;

	for (attribute = from->properties; attribute != NULL; attribute = attribute->next) {
		if (xmlStrncasecmp(attribute->name, (const xmlChar *)"on", 2) == 0) {
			diag_warning(DIAG_CLASS_REMOVED_HTML, walk->context->file, state->line,
			    state->column, "removed event attribute %s",
			    (const char *)attribute->name);
			continue;
		}
		if ((rule = html_rules_attribute((const char *)attribute->name, to)) == NULL)
			continue;
		value = xmlNodeGetContent((xmlNodePtr)attribute);
		S_set_attribute(walk, to, rule, value != NULL ? (const char *)value : "", state);
		xmlFree(value);
	}
}

/* A new copy of the value of attribute if it is an http or https URL, else NULL. */
static char *
S_remote_url(xmlNodePtr node, const char *attribute)
{
	xmlChar *value = xmlGetProp(node, (const xmlChar *)attribute);
	char *url = NULL;

	if (value != NULL && path_is_web_url((const char *)value))
		url = url_web_normalize((const char *)value, NULL);
	xmlFree(value);
	return url;
}

/* 1 if url (web or mailto:) is one every reader and EPUBCheck can parse; reports it as kept
 * as text if not. */
static int
S_web_url_is_valid(const struct S_walk *walk, int line, const char *url)
{
	const char *problem;
	char *normalized = url_normalize(url, &problem);

	if (normalized == NULL)
		diag_warning(DIAG_CLASS_INVALID_URL, walk->context->file, line, 0,
		    "link to '%s': not a valid URL (%s); kept as text", url, problem);
	free(normalized);
	return normalized != NULL;
}

/* What an embedding element shows, if it is on the web: its src (data for <object>), or the
 * src of one of its <source> children. */
static char *
S_embed_source(xmlNodePtr node)
{
	char *url = S_remote_url(node, xml_is_element(node, "object") ? "data" : "src");
	xmlNodePtr child;

	for (child = node->children; url == NULL && child != NULL; child = child->next)
		if (xml_is_element(child, "source"))
			url = S_remote_url(child, "src");
	return url;
}

/* <a href="url">url</a>, in a <p> where phrasing content may not stand alone, as bare text
 * where a link may not be. */
/* <a href=url>text</a>, or just the text where a link cannot go. */
static void
S_add_link(const struct S_walk *walk, xmlNodePtr parent, const struct S_state *state,
    const char *url, const char *text)
{
	xmlNodePtr link;
	char *clean;

	if ((state->context & (C_LINK | C_TEXT_ONLY)) ||
	    !S_web_url_is_valid(walk, state->line, url)) {
		S_add_text(walk, parent, text);
		return;
	}
	if (!(state->context & C_PHRASING))
		parent = S_new_element(walk, parent, "p");
	link = S_new_element(walk, parent, "a");
	clean = url_web_normalize(url, NULL);
	S_set(link, "href", clean);
	free(clean);
	S_add_text(walk, link, text);
}

static void
S_add_source_link(const struct S_walk *walk, xmlNodePtr parent, const struct S_state *state,
    const char *url)
{
	S_add_link(walk, parent, state, url, url);
}

static void
S_embed(const struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent, const struct S_state *state,
    const struct html_element_rule *rule)
{
	char *url = S_embed_source(node);

	if (url == NULL) {
		diag_warning(DIAG_CLASS_REMOVED_HTML, walk->context->file, state->line,
		    state->column, "removed <%s> element", rule->name);
		return;
	}
	diag_warning(DIAG_CLASS_EMBED, walk->context->file, state->line, state->column,
	    "replaced <%s> embed with a link to its source", rule->name);
	S_add_source_link(walk, parent, state, url);
	free(url);
}

static void
S_add_alt_text(const struct S_walk *walk, xmlNodePtr image, xmlNodePtr parent)
{
	xmlChar *alt = xmlGetProp(image, (const xmlChar *)"alt");

	S_add_text(walk, parent, (const char *)alt);
	xmlFree(alt);
}

/* An image the book cannot carry: a remote one becomes a link to it (the book is read offline,
 * the reader may be online), anything else its alt text. */
static void
S_image_fallback(const struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent,
    const struct S_state *state, const char *src)
{
	xmlChar *alt = xmlGetProp(node, (const xmlChar *)"alt");

	if (path_is_web_url(src))
		S_add_link(walk, parent, state, src, alt != NULL && alt[0] != '\0' ?
		    (const char *)alt : src);
	else
		S_add_alt_text(walk, node, parent);
	xmlFree(alt);
}

/* Every image needs a text alternative unless it is marked decorative, which is then kept. */
static void
S_check_alt(const struct S_walk *walk, xmlNodePtr node, xmlNodePtr image,
    const struct S_state *state, const char *src)
{
	xmlChar *alt = xmlGetProp(image, (const xmlChar *)"alt");
	xmlChar *role = xmlGetProp(node, (const xmlChar *)"role");

	if (role != NULL && xmlStrcasecmp(role, (const xmlChar *)"presentation") == 0)
		S_set(image, "role", "presentation");
	else if (alt == NULL || alt[0] == '\0')
		diag_warning(DIAG_CLASS_MISSING_ALT, walk->context->file, state->line,
		    state->column, "image '%s' has no alt text; describe it, or mark it "
		    "decorative with <img role=\"presentation\" alt=\"\">", src);
	xmlFree(alt);
	xmlFree(role);
}

/* An image the callback accepts, under its new src; otherwise its alt text.  Without a src it
 * shows nothing at all. */
static void
S_image(const struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent, const struct S_state *state)
{
	const struct sanitize_context *context = walk->context;
	xmlChar *src = xmlGetProp(node, (const xmlChar *)"src");
	char *resolved = NULL;
	xmlNodePtr image;

	if (src == NULL)
		return;
	if (context->resolve_image != NULL)
		resolved = context->resolve_image(context->data, (const char *)src, state->line);
	if (resolved == NULL) {
		S_image_fallback(walk, node, parent, state, (const char *)src);
		xmlFree(src);
		return;
	}
	image = S_new_element(walk, parent, "img");
	S_set(image, "src", resolved);
	S_copy_attributes(walk, node, image, state);
	if (xmlHasProp(image, (const xmlChar *)"alt") == NULL)
		S_set(image, "alt", "");
	S_check_alt(walk, node, image, state, (const char *)src);
	xmlFree(src);
	free(resolved);
}

/* 0 if a link must go because of its URL scheme (javascript:, data:...); reports it. */
static int
S_link_is_safe(const struct S_walk *walk, xmlNodePtr node, const struct S_state *state)
{
	xmlChar *href = xmlGetProp(node, (const xmlChar *)"href");
	char *scheme = href != NULL ? path_url_scheme((const char *)href) : NULL;
	int safe = scheme == NULL || util_word_in("http https mailto", scheme);

	if (!safe)
		diag_warning(DIAG_CLASS_UNSAFE_URL, walk->context->file, state->line, state->column,
		    "removed link with %s: URL", scheme);
	else if (scheme != NULL)
		safe = S_web_url_is_valid(walk, state->line, (const char *)href);
	free(scheme);
	xmlFree(href);
	return safe;
}

/* 1 if the schema allows <bdo> here: it must say its direction. */
static int
S_bdo_has_direction(xmlNodePtr node)
{
	xmlChar *direction = xmlGetProp(node, (const xmlChar *)"dir");
	int has = direction != NULL && (xmlStrcasecmp(direction, (const xmlChar *)"ltr") == 0 ||
	    xmlStrcasecmp(direction, (const xmlChar *)"rtl") == 0);

	xmlFree(direction);
	return has;
}

/* 1 for the empty half of a link split in two: libxml2's HTML parser closes an <a> when another
 * opens inside it, as when cmark-gfm's autolinker links the URL text of a raw-HTML
 * <a href="X">X</a>.  What is left is <a href="X"></a><a href="X">X</a>. */
static int
S_is_split_link(xmlNodePtr node)
{
	xmlChar *href, *next_href;
	int split;

	if (node->children != NULL || !xml_is_element(node->next, "a"))
		return 0;
	href = xmlGetProp(node, (const xmlChar *)"href");
	next_href = xmlGetProp(node->next, (const xmlChar *)"href");
	split = href != NULL && next_href != NULL && xmlStrEqual(href, next_href);
	xmlFree(href);
	xmlFree(next_href);
	return split;
}

/* 1 if the element may be created under parent; otherwise it is unwrapped. */
static int
S_keep(const struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent,
    const struct S_state *state, const struct html_element_rule *rule)
{
	if (rule->action == A_LINK && ((S_is_split_link(node) && S_neither_wrapped(walk)) ||
	    !S_link_is_safe(walk, node, state)))
		return 0;
	if (state->context & (C_TEXT_ONLY | rule->forbidden))
		return 0;
	if (rule->parents != NULL && !util_word_in(rule->parents, (const char *)parent->name))
		return 0;
	/* A div in a dl may only group dt and dd; unwrapping it is simpler than checking that. */
	if (xml_is_element(parent, "dl") && strcmp(html_rules_output_name(rule), "div") == 0)
		return 0;
	if (strcmp(rule->name, "bdo") == 0 && !S_bdo_has_direction(node))
		return 0;
	return 1;
}

/* 1 if a reader has something to say for the element: text, or an image's alt text. */
static int
S_has_text_alternative(xmlNodePtr element)
{
	xmlChar *text = xmlNodeGetContent(element), *alt;
	const xmlChar *p;
	struct xml_walk walk;
	int speaks = 0;

	for (p = text; p != NULL && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'); p++)
		;
	speaks = p != NULL && *p != '\0';
	xmlFree(text);
	xml_walk_start(&walk, speaks ? NULL : element);
	while (!speaks && xml_walk_next(&walk) != XML_WALK_DONE)
		if (walk.event == XML_WALK_ENTER && xml_is_element(walk.node, "img")) {
			alt = xmlGetProp(walk.node, (const xmlChar *)"alt");
			speaks = alt != NULL && alt[0] != '\0';
			xmlFree(alt);
		}
	return speaks;
}

/* A header cell with nothing to say (the corner of a table) becomes a data cell: an empty
 * <th> names no column for a screen reader (Ace's empty-table-header).  A link around an
 * image without alt text ([![](photo.jpg)](url), common in blogs) is named by its address
 * (Ace's link-name). */
static void
S_name_or_demote(xmlNodePtr element)
{
	xmlChar *href;

	if (xml_is_element(element, "th") && !S_has_text_alternative(element)) {
		xmlNodeSetName(element, (const xmlChar *)"td");
		xmlUnsetProp(element, (const xmlChar *)"scope");
	} else if (xml_is_element(element, "a") && !S_has_text_alternative(element) &&
	    (href = xmlGetProp(element, (const xmlChar *)"href")) != NULL) {
		xmlSetProp(element, (const xmlChar *)"aria-label", href);
		xmlFree(href);
	}
}

static void
S_copy(struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent, struct S_state state,
    const struct html_element_rule *rule)
{
	xmlNodePtr element = S_new_element(walk, parent, html_rules_output_name(rule));

	S_copy_attributes(walk, node, element, &state);
	if (rule->model == M_EMPTY)
		return;
	state.context |= rule->sets;
	S_children(walk, node, element, state);
	S_merge_text(element, NULL);
	html_repair_model(element, rule->model);
	S_name_or_demote(element);
}

static int
S_is_removed(xmlNodePtr node)
{
	const struct html_element_rule *rule = html_rules_element((const char *)node->name);

	return rule != NULL && (rule->action == A_REMOVE || rule->action == A_EMBED) &&
	    rule->model != M_EMPTY;
}

/* The text of top's subtree, without recursion: the tree may be arbitrarily deep. */
static void
S_flatten(struct S_walk *walk, xmlNodePtr top, xmlNodePtr parent, int line)
{
	struct buffer text = { 0 };
	struct xml_walk nodes;

	if (!walk->flattened)
		diag_warning(DIAG_CLASS_TOO_DEEP, walk->context->file, line, 0,
		    "flattened content nested more than %d elements deep to text", XML_MAX_DEPTH);
	walk->flattened = 1;
	xml_walk_start(&nodes, top);
	while (xml_walk_next(&nodes) != XML_WALK_DONE) {
		xmlNodePtr node = nodes.node;

		if (nodes.event != XML_WALK_ENTER)
			continue;
		if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
		    node->content != NULL)
			buffer_puts(&text, (const char *)node->content);
		if (node->type == XML_ELEMENT_NODE && S_is_removed(node))
			xml_walk_skip_children(&nodes);
	}
	S_add_text(walk, parent, text.data);
	buffer_free(&text);
}

static void
S_note_unknown(struct S_walk *walk, xmlNodePtr node, int line)
{
	if (walk->reported == NULL)
		walk->reported = xmlHashCreate(8);
	if (walk->reported == NULL || xmlHashLookup(walk->reported, node->name) != NULL)
		return;
	xmlHashAddEntry(walk->reported, node->name, walk);
	diag_note(DIAG_CLASS_UNKNOWN_ELEMENT, walk->context->file, line, 0,
	    "unwrapped unknown element <%s>", (const char *)node->name);
}

static void
S_element(struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent, struct S_state state)
{
	const struct html_element_rule *rule;

	S_update_line(walk, node, &state);
	if (S_is_placed(walk, node))
		S_take_position(walk, &state);
	if (++state.depth > walk->context->deepest)
		walk->context->deepest = state.depth;
	if (state.depth > XML_MAX_DEPTH) {
		S_skip_positions(walk, node, 0);
		S_flatten(walk, node, parent, state.line);
		return;
	}
	if (xmlHasProp(node, (const xmlChar *)SANITIZE_UNWRAP_ATTRIBUTE) != NULL ||
	    xmlHasProp(node, (const xmlChar *)SANITIZE_POSITION_ATTRIBUTE) != NULL) {
		S_children(walk, node, parent, state);
		return;
	}
	if ((rule = html_rules_element((const char *)node->name)) == NULL) {
		S_note_unknown(walk, node, state.line);
		S_children(walk, node, parent, state);
		return;
	}
	switch (rule->action) {
	case A_COPY:
	case A_LINK:
		if (!S_keep(walk, node, parent, &state, rule)) {
			S_children(walk, node, parent, state);
			return;
		}
		S_copy(walk, node, parent, state, rule);
		break;
	case A_IMAGE:
		if (S_keep(walk, node, parent, &state, rule))
			S_image(walk, node, parent, &state);
		else
			S_add_alt_text(walk, node, parent);
		break;
	case A_UNWRAP:
		S_children(walk, node, parent, state);
		return;
	case A_REMOVE:
		diag_warning(DIAG_CLASS_REMOVED_HTML, walk->context->file, state.line,
		    state.column, "removed <%s> element", rule->name);
		break;
	case A_EMBED:
		S_embed(walk, node, parent, &state, rule);
		break;
	}
	if ((rule->action == A_REMOVE || rule->action == A_EMBED) && rule->model != M_EMPTY)
		S_skip_positions(walk, node, 0);
	/* libxml2 2.9 does not know the HTML5 void elements and nests what follows them inside. */
	if (rule->model == M_EMPTY)
		S_children(walk, node, parent, state);
}

static void
S_children(struct S_walk *walk, xmlNodePtr node, xmlNodePtr parent, struct S_state state)
{
	/* A colgroup holds nothing but col; the rest is usually white space. */
	int columns_only = xml_is_element(parent, "colgroup");
	xmlNodePtr child;

	for (child = node->children; child != NULL; child = child->next) {
		if (columns_only && !xml_is_element(child, "col")) {
			S_skip_positions(walk, child, 1);
			continue;
		}
		switch (child->type) {
		case XML_ELEMENT_NODE:
			S_element(walk, child, parent, state);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			S_add_text(walk, parent, (const char *)child->content);
			break;
		default:
			/* Comments, processing instructions: dropped. */
			break;
		}
	}
}

/* The context bits the output ancestors of element impose. */
static unsigned
S_context_of(xmlNodePtr element)
{
	const struct html_element_rule *rule;
	unsigned context = 0;

	for (; element != NULL && element->type == XML_ELEMENT_NODE; element = element->parent)
		if ((rule = html_rules_element((const char *)element->name)) != NULL)
			context |= rule->sets;
	return context;
}

void
html_sanitize_children(struct sanitize_context *context, xmlNodePtr html_parent,
    xmlNodePtr xhtml_parent, int phrasing)
{
	struct S_walk walk = { context, NULL, NULL, NULL, 0 };
	struct S_state state = { 0, 0, 0, 0 };
	const struct html_element_rule *rule;
	xmlNodePtr before;

	if (html_parent == NULL || xhtml_parent == NULL)
		return;
	before = xhtml_parent->last;
	walk.doc = xhtml_parent->doc;
	walk.ns = xmlSearchNsByHref(walk.doc, xhtml_parent, (const xmlChar *)XHTML_NAMESPACE);
	state.context = S_context_of(xhtml_parent) | (phrasing ? C_PHRASING : 0);
	S_update_line(&walk, html_parent, &state);
	S_children(&walk, html_parent, xhtml_parent, state);
	/* Only what this call added (and the text node it may continue): the parent may be a
	 * paragraph that 100 calls fill. */
	S_merge_text(xhtml_parent, before);
	if ((rule = html_rules_element((const char *)xhtml_parent->name)) != NULL)
		html_repair_model(xhtml_parent, rule->model);
	if (walk.reported != NULL)
		xmlHashFree(walk.reported, NULL);
}

int
html_sanitize_id_is_free(const struct sanitize_context *context, const char *id)
{
	if (id == NULL || xmlValidateNCName((const xmlChar *)id, 0) != 0)
		return 0;
	return context->ids == NULL || xmlHashLookup(context->ids, (const xmlChar *)id) == NULL;
}
