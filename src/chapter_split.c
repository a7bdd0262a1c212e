/* chapter_split.c - a chapter too long for older readers (Adobe's engine in Kobo's EPUB 2 path,
 * Nook, PocketBook load each file whole) cut into continuation files at its headings, and which
 * file holds each id.  Called by chapter.c (plan), render.c (cut), link.c and package.c.
 *
 * The plan is made while the chapter is built, before it waits for the others: links from
 * other chapters to "#x" need to know x's file, and every chapter's ids are known before any
 * link to another chapter's anchor is resolved (render.c).  The cut comes last, after the
 * chapter's own links are resolved, so that its "#x" links to another part can be given that
 * part's file.  Both are linear in the chapter: sizes are counted once, child by child. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>

#include "chapter_split.h"
#include "diag.h"
#include "path.h"
#include "util.h"
#include "xml_walk.h"

/* On the first element of each continuation (and, while cutting, on the element holding the
 * content); html_sanitize.c lets no data- attribute of the author's through. */
#define SPLIT_MARK "data-kagama-part"

/* One child of the content holder. */
struct S_child {
	xmlNodePtr	 node;
	size_t		 size;		/* bytes of its XHTML */
	size_t		 chunk;		/* at a cut point: bytes from here to the next cut point */
	int		 level;		/* 2 for h2, 3 for h3 (may cut before it), else 0 */
};

static _Noreturn void
S_out_of_memory(void)
{
	diag_system(NULL, "out of memory");
	exit(EXIT_SYSTEM);
}

static int
S_count_bytes(void *context, const char *buffer, int length)
{
	(void)buffer;
	*(size_t *)context += (size_t)length;
	return length;
}

/* Bytes of node's XHTML: serialised by saver, which only counts them into *total. */
static size_t
S_measure(xmlSaveCtxtPtr saver, size_t *total, xmlNodePtr node)
{
	size_t before = *total;
	const xmlChar *p;

	/* The line ends between blocks, half the children, are written as they are (only '<',
	 * '>', '&' and CR are escaped in text): counted without setting up a serialisation for
	 * each (S_measure was 7% of 100,000 headings). */
	if (node->type == XML_TEXT_NODE && node->content != NULL) {
		for (p = node->content; *p == '\n' || *p == ' ' || *p == '\t'; p++)
			continue;
		if (*p == '\0') {
			*total += (size_t)(p - node->content);
			return *total - before;
		}
	}
	xmlSaveTree(saver, node);
	xmlSaveFlush(saver);
	return *total - before;
}

/* A saver writing as xmlNodeDumpOutput(..., 0, 0, "UTF-8") does, set up once for all the
 * children: each xmlNodeDumpOutput sets up its own, a fifth of the time of writing a heading.
 * No encoding, so no converter; and the escaping an encoding would choose: UTF-8 as it is. */
static xmlSaveCtxtPtr
S_saver_new(size_t *total)
{
	xmlSaveCtxtPtr saver = xmlSaveToIO(S_count_bytes, NULL, total, NULL, XML_SAVE_AS_XML);

	if (saver == NULL || xmlSaveSetEscape(saver, NULL) != 0)
		S_out_of_memory();
	return saver;
}

static int
S_level(xmlNodePtr node)
{
	return xml_is_element(node, "h2") ? 2 : xml_is_element(node, "h3") ? 3 : 0;
}

/* holder's children with their sizes, count of them in *count; the size of the skeleton
 * (the template around them) in *base, with the header in *first_base; the whole in *total. */
static struct S_child *
S_children(xmlNodePtr skeleton, xmlNodePtr header, xmlNodePtr holder, size_t *count,
    size_t *base, size_t *first_base, size_t *total)
{
	xmlSaveCtxtPtr out = S_saver_new(total);
	struct S_child *children = NULL;
	size_t capacity = 0;
	xmlNodePtr node;

	*total = 0;
	*base = skeleton != NULL ? S_measure(out, total, skeleton) : 0;
	*first_base = *base + (header != NULL ? S_measure(out, total, header) : 0);
	for (node = holder->children; node != NULL; node = node->next) {
		xgrow(&children, &capacity, *count + 1, sizeof(*children));
		children[*count].node = node;
		children[*count].size = S_measure(out, total, node);
		children[*count].level = S_level(node);
		(*count)++;
	}
	xmlSaveClose(out);
	return children;
}

/* Level-3 headings may cut only inside a level-2 section still too long. */
static void
S_keep_needed_h3(struct S_child *children, size_t count, size_t base, size_t first_base,
    size_t limit)
{
	size_t start = 0, size = first_base, i, j;

	for (i = 0; i <= count; i++) {
		if (i < count && children[i].level != 2) {
			size += children[i].size;
			continue;
		}
		for (j = start; size <= limit && j < i; j++)
			if (children[j].level == 3)
				children[j].level = 0;
		if (i < count) {
			start = i;
			size = base + children[i].size;
		}
	}
}

/* The size of each chunk, from a cut point to the next. */
static void
S_measure_chunks(struct S_child *children, size_t count)
{
	size_t size = 0, i;

	for (i = count; i-- > 0;) {
		size += children[i].size;
		if (children[i].level != 0) {
			children[i].chunk = size;
			size = 0;
		}
	}
}

/* Marks where each continuation starts, filling files greedily; returns how many. */
static size_t
S_mark_cuts(struct S_child *children, size_t count, size_t base, size_t first_base,
    size_t limit)
{
	size_t size = first_base, parts = 0, i;
	int content = 0;		/* the file so far holds more than the heading block */
	char number[32];

	for (i = 0; i < count; i++) {
		if (children[i].level != 0 && content && size + children[i].chunk > limit) {
			snprintf(number, sizeof(number), "%zu", ++parts + 1);
			xmlSetProp(children[i].node, (const xmlChar *)SPLIT_MARK,
			    (const xmlChar *)number);
			size = base;
			content = 0;
		}
		size += children[i].size;
		content |= children[i].node->type == XML_ELEMENT_NODE;
	}
	return parts;
}

/* Files the ids below node under part. */
static void
S_record_ids(struct article *article, xmlNodePtr node, size_t part)
{
	struct xml_walk walk;

	xml_walk_start(&walk, node);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		xmlChar *id;

		if (walk.event != XML_WALK_ENTER || walk.node->type != XML_ELEMENT_NODE ||
		    (id = xmlGetProp(walk.node, (const xmlChar *)"id")) == NULL)
			continue;
		/* Added, not updated: libxml2 2.9 grows a table only on adding.  Ids are unique
		 * in a chapter (html_sanitize.c, chapter_heading.c). */
		xmlHashAddEntry(article->part_of_id, id, (void *)(uintptr_t)part);
		xmlFree(id);
	}
}

/* Names the continuation files and files every id and heading under its part. */
static void
S_record_parts(struct article *article, struct S_child *children, size_t count, size_t parts)
{
	size_t base = strcspn(article->file_name, "."), part = 0, i;
	int ids;

	article->parts = xcalloc(parts, sizeof(*article->parts));
	article->part_count = parts;
	for (i = 0; i < parts; i++)
		article->parts[i].file_name = xasprintf("%.*s-%zu.xhtml", (int)base,
		    article->file_name, i + 2);
	/* Sized for every id of the chapter: libxml2 grows a table only when one chain passes 8
	 * entries, and walking such chains was a tenth of the time of 100,000 sections. */
	ids = xmlHashSize(article->ids);
	article->part_of_id = xmlHashCreate(ids < 64 ? 64 : ids > 65536 ? 65536 : ids);
	for (i = 0; i < count; i++) {
		if (xmlHasProp(children[i].node, (const xmlChar *)SPLIT_MARK))
			part++;
		if (part > 0)
			S_record_ids(article, children[i].node, part);
	}
	for (i = 0; i < article->heading_count; i++)
		article->headings[i].part = (uintptr_t)xmlHashLookup(article->part_of_id,
		    (const xmlChar *)article->headings[i].id);
}

void
chapter_split_plan(const struct options *options, struct article *article,
    xmlDocPtr skeleton, xmlNodePtr header, xmlNodePtr holder)
{
	size_t limit = options->split_size, count = 0, base, first_base, total, parts;
	struct S_child *children;

	if (limit == 0 || holder == NULL || article->file_name == NULL)
		return;
	children = S_children(xmlDocGetRootElement(skeleton), header, holder, &count, &base,
	    &first_base, &total);
	if (total > limit) {
		S_keep_needed_h3(children, count, base, first_base, limit);
		S_measure_chunks(children, count);
		parts = S_mark_cuts(children, count, base, first_base, limit);
		if (parts > 0)
			S_record_parts(article, children, count, parts);
	}
	free(children);
}

const char *
chapter_split_part_file(const struct article *article, size_t part)
{
	return part == 0 || part > article->part_count ? article->file_name :
	    article->parts[part - 1].file_name;
}

const char *
chapter_split_file_of_id(const struct article *article, const char *id)
{
	if (article->part_of_id == NULL || id == NULL)
		return article->file_name;
	return chapter_split_part_file(article,
	    (uintptr_t)xmlHashLookup(article->part_of_id, (const xmlChar *)id));
}

/* The marked elements of document in order, starts[1..part_count] (NULL if lost), and the
 * element holding them.  Inline SVG keeps the author's attributes, so it is not searched. */
static xmlNodePtr
S_find_marks(xmlDocPtr document, xmlNodePtr *starts, size_t part_count)
{
	xmlNodePtr place = NULL;
	struct xml_walk walk;
	size_t found = 0;

	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event != XML_WALK_ENTER || walk.node->type != XML_ELEMENT_NODE)
			continue;
		if (xml_is_element(walk.node, "svg"))
			xml_walk_skip_children(&walk);
		else if (xmlHasProp(walk.node, (const xmlChar *)SPLIT_MARK) &&
		    found < part_count && (place == NULL || walk.node->parent == place)) {
			starts[++found] = walk.node;
			place = walk.node->parent;
			xml_walk_skip_children(&walk);
		}
	}
	/* Always as many as planned: the marks are ours (html_sanitize.c drops the author's
	 * data- attributes), and the tree only went to text and back.  Should one be lost,
	 * its part stays empty rather than the book broken. */
	return place;
}

/* Moves first and its following siblings to the end of to, which may be in another
 * document (then they are adopted: names leave the old document's dictionary, namespaces
 * become those declared around to, as if the nodes had been parsed there). */
static void
S_move(xmlNodePtr first, xmlNodePtr to)
{
	xmlNodePtr node, next;

	for (node = first; node != NULL; node = next) {
		next = node->next;
		xmlUnlinkNode(node);
		if (node->doc != to->doc &&
		    xmlDOMWrapAdoptNode(NULL, node->doc, node, to->doc, to, 0) != 0)
			S_out_of_memory();
		xmlAddChild(to, node);
	}
}

/* Moves first and its following siblings into a new detached element. */
static xmlNodePtr
S_take(xmlNodePtr first)
{
	xmlNodePtr taken = xmlNewDocNode(first->doc, NULL, (const xmlChar *)"div", NULL);

	S_move(first, taken);
	return taken;
}

/* The element marked as the content's place in a copy of the skeleton. */
static xmlNodePtr
S_find_place(xmlDocPtr document)
{
	struct xml_walk walk;

	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (xml_walk_next(&walk) != XML_WALK_DONE)
		if (walk.event == XML_WALK_ENTER && walk.node->type == XML_ELEMENT_NODE &&
		    xmlHasProp(walk.node, (const xmlChar *)SPLIT_MARK))
			return walk.node;
	return NULL;
}

/* Gives place the white space the template put before (after, at_end) the content, so that
 * every part reads like the first; lead and tail are that white space, or NULL. */
static void
S_indent(xmlNodePtr place, xmlNodePtr space, int at_end)
{
	xmlNodePtr edge = at_end ? place->last : place->children;

	if (space == NULL || (edge != NULL && xml_is_blank(edge)))
		return;
	space = xmlNewDocText(place->doc, space->content);
	if (at_end || edge == NULL)
		xmlAddChild(place, space);
	else
		xmlAddPrevSibling(edge, space);
}

/* A copy of document's skeleton (its content taken out) to which taken's children move. */
static xmlDocPtr
S_part_document(xmlDocPtr skeleton, xmlNodePtr taken, xmlNodePtr lead, xmlNodePtr tail)
{
	xmlDocPtr document = xmlCopyDoc(skeleton, 1);
	xmlNodePtr place;

	if (document == NULL || (place = S_find_place(document)) == NULL)
		S_out_of_memory();
	xmlUnsetProp(place, (const xmlChar *)SPLIT_MARK);
	S_indent(place, lead, 0);
	/* Moved, not copied: a part is built in the time it takes to walk it. */
	if (taken != NULL)
		S_move(taken->children, place);
	S_indent(place, tail, 1);
	return document;
}

/* In the document of part, takes off the marks, gives "#x" links to an id of another part
 * that part's file, and returns 1 if it holds inline SVG. */
static int
S_finish_part(const struct article *article, xmlDocPtr document, size_t part)
{
	struct xml_walk walk;
	int svg = 0;

	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		xmlNodePtr node = walk.node;
		xmlChar *href;

		if (walk.event != XML_WALK_ENTER || node->type != XML_ELEMENT_NODE)
			continue;
		xmlUnsetProp(node, (const xmlChar *)SPLIT_MARK);
		svg |= xml_is_element(node, "svg");
		if (xml_is_element(node, "a") &&
		    (href = xmlGetProp(node, (const xmlChar *)"href")) != NULL) {
			char *id = href[0] == '#' ? path_percent_decode((const char *)href + 1) :
			    NULL;
			uintptr_t target = id != NULL ? (uintptr_t)xmlHashLookup(
			    article->part_of_id, (const xmlChar *)id) : part;

			if (target != part) {
				char *moved = xasprintf("%s%s", chapter_split_part_file(article,
				    target), (const char *)href);

				xmlSetProp(node, (const xmlChar *)"href", (const xmlChar *)moved);
				free(moved);
			}
			free(id);
			xmlFree(href);
		}
	}
	return svg;
}

/* Cuts documents[0] at starts[1..count] (children of place) into documents[1..count]. */
static void
S_cut(xmlDocPtr *documents, xmlNodePtr *starts, xmlNodePtr place, size_t count)
{
	xmlNodePtr *taken = xcalloc(count + 1, sizeof(*taken)), lead, tail;
	size_t k;

	/* Last part first: each takes the siblings from its mark to the end. */
	for (k = count; k >= 1; k--)
		if (starts[k] != NULL)
			taken[k] = S_take(starts[k]);
	/* The skeleton alone is copied for each continuation, never the first part's text. */
	if (place->children != NULL)
		taken[0] = S_take(place->children);
	lead = taken[0] != NULL && xml_is_blank(taken[0]->children) ? taken[0]->children : NULL;
	tail = taken[count] != NULL && xml_is_blank(taken[count]->last) ? taken[count]->last :
	    NULL;
	xmlSetProp(place, (const xmlChar *)SPLIT_MARK, (const xmlChar *)"place");
	for (k = 1; k <= count; k++)
		documents[k] = S_part_document(documents[0], taken[k], lead, tail);
	xmlUnsetProp(place, (const xmlChar *)SPLIT_MARK);
	if (taken[0] != NULL)
		S_move(taken[0]->children, place);
	S_indent(place, tail, 1);
	for (k = 0; k <= count; k++)
		xmlFreeNode(taken[k]);
	free(taken);
}

xmlDocPtr *
chapter_split_cut(struct article *article)
{
	size_t count = article->part_count, k;
	xmlDocPtr *documents = xcalloc(count + 1, sizeof(*documents));
	xmlNodePtr *starts = xcalloc(count + 1, sizeof(*starts)), place;

	documents[0] = article->document;
	article->document = NULL;
	if ((place = S_find_marks(documents[0], starts, count)) != NULL)
		S_cut(documents, starts, place, count);
	else
		/* No mark at all: every file the whole chapter, rather than an empty one. */
		for (k = 1; k <= count; k++)
			if ((documents[k] = xmlCopyDoc(documents[0], 1)) == NULL)
				S_out_of_memory();
	for (k = 0; k <= count; k++) {
		int svg = S_finish_part(article, documents[k], k);

		if (k == 0)
			article->has_svg = svg;
		else
			article->parts[k - 1].has_svg = svg;
	}
	free(starts);
	return documents;
}
