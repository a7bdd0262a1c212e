/* html_repair.c - content models that need repair after the sanitiser has copied an element's
 * children: lists hold items, tables their parts in order, figures one caption, details a
 * summary first, ruby its runs.  Called by html_sanitize.c through html_repair.h. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html_repair.h"
#include "util.h"
#include "xml_walk.h"

/* A new element called name in parent's namespace, or the end on out-of-memory. */
static xmlNodePtr
S_new(xmlNodePtr parent, const char *name)
{
	xmlNodePtr element = xmlNewDocNode(parent->doc, parent->ns, (const xmlChar *)name, NULL);

	if (element == NULL) {
		diag_system(NULL, "out of memory");
		exit(EXIT_SYSTEM);
	}
	return element;
}

static xmlNodePtr
S_new_child(xmlNodePtr parent, const char *name)
{
	return xmlAddChild(parent, S_new(parent, name));
}

static xmlNodePtr
S_new_before(xmlNodePtr sibling, const char *name)
{
	return xmlAddPrevSibling(sibling, S_new(sibling->parent, name));
}

/* Moves each run of children of parent into a new wrapper element: runs of the children named
 * in names when inside is 1, runs of all the other children when it is 0.  In the second case
 * white space outside a run is dropped. */
static void
S_wrap_runs(xmlNodePtr parent, const char *names, int inside,
    const char *wrapper_name)
{
	xmlNodePtr child, next, wrapper = NULL;
	int named;

	for (child = parent->children; child != NULL; child = next) {
		next = child->next;
		named = child->type == XML_ELEMENT_NODE &&
		    util_word_in(names, (const char *)child->name);
		if (named != inside) {
			wrapper = NULL;
			continue;
		}
		xmlUnlinkNode(child);
		if (!inside && wrapper == NULL && xml_is_blank(child)) {
			xmlFreeNode(child);
			continue;
		}
		if (wrapper == NULL)
			wrapper = next != NULL ? S_new_before(next, wrapper_name) :
			    S_new_child(parent, wrapper_name);
		xmlAddChild(wrapper, child);
	}
}

/* Every tr child of parent holds only cells. */
static void
S_fix_rows(xmlNodePtr parent)
{
	xmlNodePtr child;

	for (child = parent->children; child != NULL; child = child->next)
		if (xml_is_element(child, "tr"))
			S_wrap_runs(child, "td th", 0, "td");
}

/* Puts the parts of a table in the order the schema wants: caption?, colgroup*, thead?,
 * (tbody* | tr+), tfoot?.  A second caption becomes a cell, a second head or foot a body. */
static void
S_order_table(xmlNodePtr table)
{
	enum { CAPTION, COLUMNS, HEAD, BODY, FOOT, PARTS };
	xmlNodePtr part[PARTS], child, next;
	int i;

	for (i = 0; i < PARTS; i++)
		part[i] = S_new(table, "part");
	for (child = table->children; child != NULL; child = next) {
		next = child->next;
		xmlUnlinkNode(child);
		if (xml_is_element(child, "caption") && part[CAPTION]->children == NULL)
			i = CAPTION;
		else if (xml_is_element(child, "colgroup"))
			i = COLUMNS;
		else if (xml_is_element(child, "thead") && part[HEAD]->children == NULL)
			i = HEAD;
		else if (xml_is_element(child, "tfoot") && part[FOOT]->children == NULL)
			i = FOOT;
		else {
			i = BODY;
			if (xml_is_element(child, "thead") || xml_is_element(child, "tfoot"))
				xmlNodeSetName(child, (const xmlChar *)"tbody");
			if (xml_is_element(child, "caption")) {
				xmlNodeSetName(child, (const xmlChar *)"td");
				xmlAddChild(S_new_child(part[BODY], "tr"), child);
				continue;
			}
		}
		xmlAddChild(part[i], child);
	}
	for (child = part[BODY]->children; child != NULL; child = child->next)
		if (xml_is_element(child, "tbody")) {
			S_wrap_runs(part[BODY], "tr", 1, "tbody");
			break;
		}
	for (i = 0; i < PARTS; i++) {
		while ((child = part[i]->children) != NULL) {
			xmlUnlinkNode(child);
			xmlAddChild(table, child);
		}
		xmlFreeNode(part[i]);
	}
}

static void
S_fix_table(xmlNodePtr table)
{
	S_wrap_runs(table, "caption colgroup col thead tbody tfoot tr", 0, "tr");
	S_wrap_runs(table, "col", 1, "colgroup");
	S_fix_rows(table);
	S_order_table(table);
}

/* The schema wants groups of dt+ then dd+: stray content goes into dd, and a list may neither
 * start with dd nor end with dt. */
static void
S_fix_definitions(xmlNodePtr list)
{
	S_wrap_runs(list, "dt dd", 0, "dd");
	if (xml_is_element(list->children, "dd"))
		S_new_before(list->children, "dt");
	if (xml_is_element(list->last, "dt"))
		S_new_child(list, "dd");
}

/* A figcaption must be the first or the last child of its figure; others become divs. */
static void
S_fix_figure(xmlNodePtr figure)
{
	xmlNodePtr caption = xml_significant_child(figure, 0), child;

	if (!xml_is_element(caption, "figcaption"))
		caption = xml_significant_child(figure, 1);
	for (child = figure->children; child != NULL; child = child->next)
		if (xml_is_element(child, "figcaption") && child != caption)
			xmlNodeSetName(child, (const xmlChar *)"div");
}

/* The schema wants a summary first in details; without one, details becomes a div. */
static void
S_fix_details(xmlNodePtr details)
{
	xmlNodePtr summary = xml_significant_child(details, 0), child;

	for (child = details->children; child != NULL; child = child->next)
		if (xml_is_element(child, "summary") && child != summary)
			xmlNodeSetName(child, (const xmlChar *)"div");
	if (!xml_is_element(summary, "summary")) {
		xmlNodeSetName(details, (const xmlChar *)"div");
		xmlUnsetProp(details, (const xmlChar *)"open");
	}
}

/* The schema wants ruby as runs of base text each followed by rt+ or by rp (rt rp)+.  A ruby
 * that does not fit becomes spans, which keep the text readable. */
static void
S_fix_ruby(xmlNodePtr ruby)
{
	enum { START, BASE, RT, RP_OPEN, RP_RT, RP_CLOSED, BAD };
	/* Next state, indexed by state and by what comes: base text, rt, rp. */
	static const unsigned char next[][3] = {
		[START] = { BASE, BAD, BAD },
		[BASE] = { BASE, RT, RP_OPEN },
		[RT] = { BASE, RT, BAD },
		[RP_OPEN] = { BAD, RP_RT, BAD },
		[RP_RT] = { BAD, BAD, RP_CLOSED },
		[RP_CLOSED] = { BASE, RP_RT, BAD },
		[BAD] = { BAD, BAD, BAD },
	};
	xmlNodePtr child;
	int state = START;

	for (child = ruby->children; child != NULL; child = child->next)
		if (!xml_is_blank(child))
			state = next[state][xml_is_element(child, "rt") ? 1 : xml_is_element(child, "rp") ? 2 : 0];
	if (state == RT || state == RP_CLOSED)
		return;
	xmlNodeSetName(ruby, (const xmlChar *)"span");
	for (child = ruby->children; child != NULL; child = child->next)
		if (xml_is_element(child, "rt") || xml_is_element(child, "rp"))
			xmlNodeSetName(child, (const xmlChar *)"span");
}

void
html_repair_model(xmlNodePtr element, enum html_model model)
{
	switch (model) {
	case M_LIST:
		S_wrap_runs(element, "li", 0, "li");
		break;
	case M_DL:
		S_fix_definitions(element);
		break;
	case M_TABLE:
		S_fix_table(element);
		break;
	case M_ROWGROUP:
		S_wrap_runs(element, "tr", 0, "tr");
		S_fix_rows(element);
		break;
	case M_ROW:
		S_wrap_runs(element, "td th", 0, "td");
		break;
	case M_COLGROUP:
		/* The schema allows col children or a span, not both. */
		if (element->children != NULL)
			xmlUnsetProp(element, (const xmlChar *)"span");
		break;
	case M_FIGURE:
		S_fix_figure(element);
		break;
	case M_DETAILS:
		S_fix_details(element);
		break;
	case M_RUBY:
		S_fix_ruby(element);
		break;
	case M_ANY:
	case M_EMPTY:
		break;
	}
}

