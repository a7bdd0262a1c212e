/* xml_walk.h - the one way to visit a libxml2 subtree in document order without recursion
 * (chapters can nest thousands deep), modelled on cmark's iterator, the node tests every
 * walk needs, and two small node builders.  Any stage may use it. */
#ifndef KAGAMA_XML_WALK_H
#define KAGAMA_XML_WALK_H

#include <libxml/tree.h>

/* Deeper content is flattened to text by the sanitiser and by the chapter builder alike, so
 * that no document can exhaust a reader's stack (or ours). */
#define XML_MAX_DEPTH 200

enum xml_walk_event {
	XML_WALK_DONE,
	XML_WALK_ENTER,		/* a node; a node with children is left again with EXIT */
	XML_WALK_EXIT,
};

struct xml_walk {
	xmlNodePtr		 root;
	xmlNodePtr		 node;	/* the node of the last event */
	enum xml_walk_event	 event;
	int			 depth;	/* of walk->node: the root is at 1 */
	int			 started;
	int			 skipping;	/* the next event leaves walk->node */
};

/* Starts a walk whose first event enters root (NULL: the walk is empty). */
void xml_walk_start(struct xml_walk *walk, xmlNodePtr root);
/* The next event; walk->node is its node.  The caller may change the current node's
 * children at ENTER (the walk then enters what is there), and anything already left. */
enum xml_walk_event xml_walk_next(struct xml_walk *walk);
/* At ENTER: do not go into the current node; the next event leaves it. */
void xml_walk_skip_children(struct xml_walk *walk);

/* 1 if node is an element called name (NULL: no). */
int xml_is_element(xmlNodePtr node, const char *name);
/* 1 for a text node of XML white space only, which content models ignore. */
int xml_is_blank(xmlNodePtr node);
/* The first (last, when from_end) child of parent that is not xml_is_blank, or NULL. */
xmlNodePtr xml_significant_child(xmlNodePtr parent, int from_end);

/* Replaces element by its children (a link that leads nowhere keeps its text). */
void xml_unwrap(xmlNodePtr element);
/* A new last child element of parent in ns (NULL: parent's), holding text unless it is NULL
 * (raw: the serialiser escapes it). */
xmlNodePtr xml_add_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text);
/* Sets the attribute name of element to value. */
void xml_set(xmlNodePtr element, const char *name, const char *value);

#endif
