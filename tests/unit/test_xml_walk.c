/* test_xml_walk.c - unit tests of xml_walk.c: event order, skipping, depth, a walk over a
 * subtree that stops at its root, and a tree far deeper than any stack would allow. */
#include <stdlib.h>

#include <libxml/parser.h>

#include "unit.h"
#include "util.h"
#include "xml_walk.h"

/* The events of a walk over root as text: "+a" entering a, "-a" leaving it, "#" a text. */
static char *
S_trace(xmlNodePtr root, const char *skip)
{
	struct buffer out = { 0 };
	struct xml_walk walk;

	xml_walk_start(&walk, root);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.node->type == XML_TEXT_NODE)
			buffer_puts(&out, "#");
		else {
			buffer_puts(&out, walk.event == XML_WALK_ENTER ? "+" : "-");
			buffer_puts(&out, (const char *)walk.node->name);
		}
		buffer_printf(&out, "%d ", walk.depth);
		if (skip != NULL && walk.event == XML_WALK_ENTER &&
		    xmlStrEqual(walk.node->name, (const xmlChar *)skip))
			xml_walk_skip_children(&walk);
	}
	return buffer_release(&out);
}

static void
S_test_order(void)
{
	static const char text[] = "<r><a x='1'>t<b/></a><c><d>u</d></c></r>";
	xmlDocPtr doc = xmlReadMemory(text, sizeof(text) - 1, NULL, NULL, 0);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char *trace;

	trace = S_trace(root, NULL);
	/* Attributes are not content; an empty element is only entered. */
	CHECK_STR(trace, "+r1 +a2 #3 +b3 -a2 +c2 +d3 #4 -d3 -c2 -r1 ");
	free(trace);
	trace = S_trace(root, "a");
	CHECK_STR(trace, "+r1 +a2 -a2 +c2 +d3 #4 -d3 -c2 -r1 ");
	free(trace);
	/* A walk over a subtree stays in it. */
	trace = S_trace(root->children->next, NULL);
	CHECK_STR(trace, "+c1 +d2 #3 -d2 -c1 ");
	free(trace);
	trace = S_trace(NULL, NULL);
	CHECK_STR(trace, "");
	free(trace);
	xmlFreeDoc(doc);
}

/* A million levels, built by hand: a recursive walk would overflow the stack. */
static void
S_test_deep(void)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"r", NULL), node = root;
	struct xml_walk walk;
	size_t entered = 0, left = 0;
	int deepest = 0, i;

	xmlDocSetRootElement(doc, root);
	for (i = 0; i < 1000000; i++)
		node = xmlNewChild(node, NULL, (const xmlChar *)"e", NULL);
	xml_walk_start(&walk, root);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event == XML_WALK_ENTER)
			entered++;
		else
			left++;
		if (walk.depth > deepest)
			deepest = walk.depth;
	}
	CHECK(entered == 1000001);
	/* The innermost element has no children: it is entered only. */
	CHECK(left == 1000000);
	CHECK(deepest == 1000001);
	/* Freeing a million levels recursively is libxml2's business: unlink them level by level. */
	while ((node = root->children) != NULL && node->children != NULL) {
		xmlNodePtr inner = node->children;

		xmlUnlinkNode(inner);
		xmlUnlinkNode(node);
		xmlFreeNode(node);
		xmlAddChild(root, inner);
	}
	xmlFreeDoc(doc);
}

void
test_xml_walk(void)
{
	S_test_order();
	S_test_deep();
}
