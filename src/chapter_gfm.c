/* chapter_gfm.c - GitHub-flavoured constructs in a chapter: footnotes become EPUB 3 notes
 * (noteref links, <aside epub:type="footnote"> at the end, back links), task-list items get
 * ☐/☑ marks instead of form controls, tables get header scopes and no empty header cells.
 * Works in two passes around the sanitiser.  Called by chapter.c only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <libxml/hash.h>

#include "chapter_gfm.h"
#include "util.h"

#define EPUB_NAMESPACE "http://www.idpf.org/2007/ops"
/* Marker classes: they survive the sanitiser and are replaced here. */
#define MARK_NOTEREF "kagama-noteref"
#define MARK_NOTE "kagama-note"
#define MARK_NUMBER "kagama-number-"
#define TASK_CLASS "task-mark"
/* Tables with more columns than this get class "wide": smaller type on a 6-inch screen. */
#define WIDE_TABLE_COLUMNS 4

/* Nodes found in the syntax tree; changed after the walk, which must not see them move. */
struct S_found {
	cmark_node	**nodes;
	size_t		 count, capacity;
};

static void
S_found_add(struct S_found *found, cmark_node *node)
{
	xgrow(&found->nodes, &found->capacity, found->count + 1, sizeof(*found->nodes));
	found->nodes[found->count++] = node;
}

/* The label cmark-gfm links a reference and its definition by.  0.29.0.gfm.6 gives no
 * accessor for a definition's label, but its HTML renderer writes it, escaped alike for both
 * ("#fn-LABEL", id="fn-LABEL"): the node rendered alone, searched for marker.  Caller frees. */
static char *
S_rendered_label(cmark_node *node, const char *marker)
{
	char *html = cmark_render_html(node, CMARK_OPT_UNSAFE, NULL);
	char *start = strstr(html, marker), *end, *label;

	if (start == NULL || (end = strchr(start += strlen(marker), '"')) == NULL)
		label = xstrdup("");
	else
		label = xstrndup(start, (size_t)(end - start));
	free(html);
	return label;
}

/* The number of the note labelled label, given in order of first reference. */
static size_t
S_note_number(xmlHashTablePtr numbers, const char *label, size_t *count)
{
	void *known = xmlHashLookup(numbers, (const xmlChar *)label);

	if (known != NULL)
		return (size_t)(uintptr_t)known;
	xmlHashAddEntry(numbers, (const xmlChar *)label, (void *)(uintptr_t)++*count);
	return *count;
}

/* The reference becomes its marker link.  Table cells refuse custom inlines (the table
 * extension lists what a cell may hold), so there the same text goes as raw inline HTML. */
static void
S_replace_reference(cmark_node *reference, size_t number)
{
	cmark_node *link = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	/* Empty until finished: a heading's id and contents entry must not take in the number. */
	char *html = xasprintf("<a class=\"" MARK_NOTEREF " " MARK_NUMBER "%zu\"></a>", number);

	cmark_node_set_on_enter(link, html);
	cmark_node_set_on_exit(link, "");
	if (!cmark_node_insert_before(reference, link)) {
		cmark_node_free(link);
		link = cmark_node_new(CMARK_NODE_HTML_INLINE);
		cmark_node_set_literal(link, html);
		if (!cmark_node_insert_before(reference, link)) {
			cmark_node_free(link);
			link = NULL;
		}
	}
	free(html);
	if (link != NULL)
		cmark_node_free(reference);
}

/* The definition's blocks inside an <aside> marker, appended at the end of the document. */
static void
S_move_definition(cmark_node *root, cmark_node *definition, size_t number)
{
	cmark_node *aside = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK), *child;
	char *html = xasprintf("<aside class=\"" MARK_NOTE " " MARK_NUMBER "%zu\">\n", number);

	cmark_node_set_on_enter(aside, html);
	cmark_node_set_on_exit(aside, "</aside>\n");
	free(html);
	while ((child = cmark_node_first_child(definition)) != NULL)
		cmark_node_append_child(aside, child);
	cmark_node_free(definition);
	cmark_node_append_child(root, aside);
}

/* A task-list item renders as a plain item whose text opens with a ballot box. */
static void
S_mark_task(cmark_node *item)
{
	cmark_node *mark = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	cmark_node *first = cmark_node_first_child(item), *space;
	int checked = cmark_gfm_extensions_get_tasklist_item_checked(item);

	cmark_node_set_on_enter(mark, checked ? "<span class=\"" TASK_CLASS " done\">\xE2\x98\x91</span>" :
	    "<span class=\"" TASK_CLASS "\">\xE2\x98\x90</span>");
	cmark_node_set_on_exit(mark, "");
	cmark_node_set_syntax_extension(item, NULL);
	if (first == NULL || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
		cmark_node *paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);

		if (first != NULL)
			cmark_node_insert_before(first, paragraph);
		else
			cmark_node_append_child(item, paragraph);
		first = paragraph;
	}
	space = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(space, " ");
	cmark_node_prepend_child(first, space);
	cmark_node_prepend_child(first, mark);
}

/* Footnote references and definitions and task items below markdown, in document order.
 * With blocks_only the inlines of paragraphs and headings are not visited: no item or
 * definition is there, and a reference only where a definition is too (cmark-gfm makes one
 * only for a label defined, and keeps a definition only if referred to).  Returns 1 if a
 * definition was found. */
static int
S_find_nodes(cmark_node *markdown, int blocks_only, struct S_found *references,
    struct S_found *definitions, struct S_found *tasks, size_t *tables)
{
	cmark_iter *iter = cmark_iter_new(markdown);
	cmark_syntax_extension *tasklist = cmark_find_syntax_extension("tasklist");
	cmark_syntax_extension *table = cmark_find_syntax_extension("table");
	cmark_event_type event;

	*tables = 0;

	while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);

		if (event != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_FOOTNOTE_REFERENCE)
			S_found_add(references, node);
		else if (type == CMARK_NODE_FOOTNOTE_DEFINITION)
			S_found_add(definitions, node);
		else if (tasklist != NULL && type == CMARK_NODE_ITEM &&
		    cmark_node_get_syntax_extension(node) == tasklist)
			S_found_add(tasks, node);
		else if (blocks_only && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING))
			cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
		/* A table's cells hold inlines only: like a paragraph's, left out among blocks. */
		else if (table != NULL && cmark_node_get_syntax_extension(node) == table &&
		    strcmp(cmark_node_get_type_string(node), "table") == 0) {
			++*tables;
			if (blocks_only)
				cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(iter);
	return definitions->count > 0;
}

/* Footnote references and definitions and task items, found first among the blocks, in the
 * whole tree only for an article with notes: the inlines are most of the tree (each walk of
 * 100,000 links was 2% of their time).  Counted into found; the lists are the caller's. */
static void
S_find_all(cmark_node *markdown, struct S_found *references, struct S_found *definitions,
    struct S_found *tasks, struct chapter_gfm_found *found)
{
	if (S_find_nodes(markdown, 1, references, definitions, tasks, &found->tables)) {
		references->count = definitions->count = tasks->count = 0;
		S_find_nodes(markdown, 0, references, definitions, tasks, &found->tables);
	}
	found->references = references->count;
	found->markers = references->count + definitions->count + tasks->count;
}

void
chapter_gfm_count(cmark_node *markdown, struct chapter_gfm_found *found)
{
	struct S_found references = { 0 }, definitions = { 0 }, tasks = { 0 };

	/* Among blocks only: without a definition there is no reference either. */
	S_find_nodes(markdown, 1, &references, &definitions, &tasks, &found->tables);
	found->references = 0;
	found->markers = definitions.count + tasks.count;
	free(references.nodes);
	free(definitions.nodes);
	free(tasks.nodes);
}

void
chapter_gfm_prepare(cmark_node *markdown, struct chapter_gfm_found *found)
{
	struct S_found references = { 0 }, definitions = { 0 }, tasks = { 0 };
	xmlHashTablePtr numbers = xmlHashCreate(16);
	cmark_node **ordered;
	size_t i, count = 0, *reference_numbers;

	S_find_all(markdown, &references, &definitions, &tasks, found);
	reference_numbers = xcalloc(references.count + 1, sizeof(*reference_numbers));
	for (i = 0; i < references.count; i++) {
		char *label = S_rendered_label(references.nodes[i], "href=\"#fn-");

		reference_numbers[i] = S_note_number(numbers, label, &count);
		free(label);
	}
	/* References first: one may sit inside a definition freed below. */
	for (i = 0; i < references.count; i++)
		S_replace_reference(references.nodes[i], reference_numbers[i]);
	/* Definitions in the order of their numbers, whatever order cmark-gfm left them in. */
	ordered = xcalloc(count + 1, sizeof(*ordered));
	for (i = 0; i < definitions.count; i++) {
		char *label = S_rendered_label(definitions.nodes[i], "<li id=\"fn-");
		size_t number = (size_t)(uintptr_t)xmlHashLookup(numbers, (const xmlChar *)label);

		free(label);

		if (number >= 1 && number <= count && ordered[number] == NULL)
			ordered[number] = definitions.nodes[i];
		else
			cmark_node_free(definitions.nodes[i]);
	}
	for (i = 1; i <= count; i++)
		if (ordered[i] != NULL)
			S_move_definition(markdown, ordered[i], i);
	for (i = 0; i < tasks.count; i++)
		S_mark_task(tasks.nodes[i]);
	xmlHashFree(numbers, NULL);
	free(ordered);
	free(reference_numbers);
	free(references.nodes);
	free(definitions.nodes);
	free(tasks.nodes);
}

/* 1 if the class attribute of element holds the word. */
static int
S_has_class(xmlNodePtr element, const char *word)
{
	xmlChar *value = xmlGetProp(element, (const xmlChar *)"class");
	const char *p = (const char *)value;
	size_t length = strlen(word);
	int found = 0;

	while (p != NULL && (p = strstr(p, word)) != NULL) {
		if ((p == (const char *)value || p[-1] == ' ') && (p[length] == ' ' || p[length] == '\0')) {
			found = 1;
			break;
		}
		p += length;
	}
	xmlFree(value);
	return found;
}

/* The note number in a kagama-number-N marker class, or 0. */
static size_t
S_marker_number(xmlNodePtr element)
{
	xmlChar *value = xmlGetProp(element, (const xmlChar *)"class");
	const char *p = value ? strstr((const char *)value, MARK_NUMBER) : NULL;
	size_t number = 0;

	if (p != NULL)
		for (p += strlen(MARK_NUMBER); *p >= '0' && *p <= '9' && number < SIZE_MAX / 20; p++)
			number = number * 10 + (size_t)(*p - '0');
	xmlFree(value);
	return number;
}

static int
S_is(xmlNodePtr node, const char *name)
{
	return node != NULL && node->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(node->name, (const xmlChar *)name);
}

/* base, or base-2, base-3... whichever is free in ids; registered there.  Caller frees. */
static char *
S_unique_id(xmlHashTablePtr ids, const char *base)
{
	char *id = xstrdup(base);
	unsigned suffix;

	for (suffix = 2; xmlHashLookup(ids, (const xmlChar *)id) != NULL; suffix++) {
		free(id);
		id = xasprintf("%s-%u", base, suffix);
	}
	xmlHashAddEntry(ids, (const xmlChar *)id, ids);
	return id;
}

static void
S_set_epub_type(xmlNodePtr element, const char *type, const char *role, const char *class_name)
{
	xmlNodePtr root = xmlDocGetRootElement(element->doc);
	xmlNsPtr ns = xmlSearchNsByHref(element->doc, root, (const xmlChar *)EPUB_NAMESPACE);

	/* A --templates chapter may not declare the prefix: declared on the root, once. */
	if (ns == NULL)
		ns = xmlNewNs(root, (const xmlChar *)EPUB_NAMESPACE, (const xmlChar *)"epub");
	xmlSetNsProp(element, ns, (const xmlChar *)"type", (const xmlChar *)type);
	xmlSetProp(element, (const xmlChar *)"role", (const xmlChar *)role);
	xmlSetProp(element, (const xmlChar *)"class", (const xmlChar *)class_name);
}

/* The elements the finishing pass works on, in document order. */
struct S_marked {
	xmlNodePtr	*references, *notes, *tasks, *tables;
	size_t		 reference_count, note_count, task_count, table_count;
	size_t		 capacities[4];
};

static void
S_add(xmlNodePtr **list, size_t *count, size_t *capacity, xmlNodePtr node)
{
	xgrow(list, capacity, *count + 1, sizeof(**list));
	(*list)[(*count)++] = node;
}

/* tables >= 0: no marker is there and that many tables are: the walk ends at the last. */
static void
S_collect(xmlNodePtr holder, struct S_marked *marked, long tables)
{
	xmlNodePtr node = tables != 0 ? holder->children : NULL, next;

	while (node != NULL) {
		if (S_is(node, "a") && S_has_class(node, MARK_NOTEREF))
			S_add(&marked->references, &marked->reference_count, &marked->capacities[0],
			    node);
		else if (S_is(node, "aside") && S_has_class(node, MARK_NOTE))
			S_add(&marked->notes, &marked->note_count, &marked->capacities[1], node);
		else if (S_is(node, "span") && S_has_class(node, TASK_CLASS))
			S_add(&marked->tasks, &marked->task_count, &marked->capacities[2], node);
		else if (S_is(node, "table")) {
			S_add(&marked->tables, &marked->table_count, &marked->capacities[3], node);
			if (tables >= 0 && marked->table_count >= (size_t)tables)
				break;
		}
		if (node->type == XML_ELEMENT_NODE && node->children != NULL) {
			node = node->children;
			continue;
		}
		for (next = node; next != holder && next->next == NULL; next = next->parent)
			continue;
		node = next == holder ? NULL : next->next;
	}
}

/* The back link opens the note's first paragraph: "1. text", the number leading back. */
static void
S_add_backlink(xmlNodePtr note, const char *reference_id, size_t number)
{
	xmlNodePtr first = note->children, link;
	char *href = xasprintf("#%s", reference_id), *text = xasprintf("%zu.", number);

	while (first != NULL && first->type != XML_ELEMENT_NODE)
		first = first->next;
	if (!S_is(first, "p")) {
		xmlNodePtr paragraph = xmlNewDocNode(note->doc, note->ns, (const xmlChar *)"p", NULL);

		if (first != NULL)
			xmlAddPrevSibling(first, paragraph);
		else
			xmlAddChild(note, paragraph);
		first = paragraph;
	}
	link = xmlNewDocNode(note->doc, note->ns, (const xmlChar *)"a", (const xmlChar *)text);
	xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)href);
	xmlSetProp(link, (const xmlChar *)"role", (const xmlChar *)"doc-backlink");
	xmlSetProp(link, (const xmlChar *)"class", (const xmlChar *)"backlink");
	if (first->children != NULL) {
		xmlAddPrevSibling(first->children, link);
		xmlAddNextSibling(link, xmlNewDocText(note->doc, (const xmlChar *)" "));
	} else
		xmlAddChild(first, link);
	free(href);
	free(text);
}

/* Notes by number, ids given, references linked to them, notes moved to the end of holder. */
static void
S_finish_notes(struct article *article, xmlNodePtr holder, struct S_marked *marked)
{
	size_t count = marked->note_count, i, number;
	xmlNodePtr *notes = xcalloc(count + 1, sizeof(*notes));
	char **note_ids = xcalloc(count + 1, sizeof(*note_ids));
	char **first_reference = xcalloc(count + 1, sizeof(*first_reference));
	size_t *uses = xcalloc(count + 1, sizeof(*uses));

	for (i = 0; i < count; i++) {
		number = S_marker_number(marked->notes[i]);
		if (number >= 1 && number <= count && notes[number] == NULL)
			notes[number] = marked->notes[i];
		else
			xmlUnsetProp(marked->notes[i], (const xmlChar *)"class");
	}
	for (number = 1; number <= count; number++)
		if (notes[number] != NULL) {
			char *base = xasprintf("note-%zu", number);

			note_ids[number] = S_unique_id(article->ids, base);
			free(base);
		}
	for (i = 0; i < marked->reference_count; i++) {
		xmlNodePtr reference = marked->references[i];
		char *base, *id, *href, *number_text;

		number = S_marker_number(reference);
		if (number < 1 || number > count || notes[number] == NULL) {
			xmlUnsetProp(reference, (const xmlChar *)"class");
			continue;	/* its note was lost (say, inside a link): plain text */
		}
		base = ++uses[number] == 1 ? xasprintf("noteref-%zu", number) :
		    xasprintf("noteref-%zu-%zu", number, uses[number]);
		id = S_unique_id(article->ids, base);
		href = xasprintf("#%s", note_ids[number]);
		xmlNodeSetContent(reference, NULL);
		number_text = xasprintf("%zu", number);
		xmlAddChild(reference, xmlNewDocText(reference->doc, (const xmlChar *)number_text));
		free(number_text);
		xmlSetProp(reference, (const xmlChar *)"id", (const xmlChar *)id);
		xmlSetProp(reference, (const xmlChar *)"href", (const xmlChar *)href);
		S_set_epub_type(reference, "noteref", "doc-noteref", "noteref");
		if (first_reference[number] == NULL)
			first_reference[number] = id;
		else
			free(id);
		free(base);
		free(href);
	}
	for (number = 1; number <= count; number++) {
		if (notes[number] == NULL)
			continue;
		xmlSetProp(notes[number], (const xmlChar *)"id", (const xmlChar *)note_ids[number]);
		S_set_epub_type(notes[number], "footnote", "doc-footnote",
		    number == 1 ? "footnote first" : "footnote");
		if (first_reference[number] != NULL)
			S_add_backlink(notes[number], first_reference[number], number);
		xmlUnlinkNode(notes[number]);
		xmlAddChild(holder, notes[number]);
		free(note_ids[number]);
		free(first_reference[number]);
	}
	free(notes);
	free(note_ids);
	free(first_reference);
	free(uses);
}

/* The list holding a task mark shows no bullets (the stylesheet's ul.tasklist). */
static void
S_finish_task(xmlNodePtr mark)
{
	xmlNodePtr item = mark->parent;

	if (S_is(item, "p"))
		item = item->parent;
	if (S_is(item, "li") && (S_is(item->parent, "ul") || S_is(item->parent, "ol")) &&
	    !S_has_class(item->parent, "tasklist"))
		xmlSetProp(item->parent, (const xmlChar *)"class", (const xmlChar *)"tasklist");
}

/* 1 for a header cell a reader would announce as nothing: no text, no image. */
static int
S_is_empty_cell(xmlNodePtr cell)
{
	xmlChar *text = xmlNodeGetContent(cell);
	const xmlChar *p;
	int empty = 1;
	xmlNodePtr child;

	for (p = text; p != NULL && *p != '\0' && empty; p++)
		empty = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
	xmlFree(text);
	for (child = cell->children; child != NULL && empty; child = child->next)
		empty = !S_is(child, "img");
	return empty;
}

/* th in thead: scope="col"; empty ones become td, and a header of nothing but empty cells
 * goes (Ace reports empty headers).  Many columns: class "wide". */
static void
S_finish_table(xmlNodePtr table)
{
	xmlNodePtr head, row, cell, next;
	size_t columns = 0, empty = 0, cells = 0;

	for (head = table->children; head != NULL && !S_is(head, "thead"); head = head->next)
		continue;
	for (row = head ? head->children : NULL; row != NULL; row = row->next)
		for (cell = S_is(row, "tr") ? row->children : NULL; cell != NULL; cell = cell->next)
			if (S_is(cell, "th")) {
				cells++;
				empty += S_is_empty_cell(cell);
			}
	for (row = head ? head->children : NULL; row != NULL; row = row->next)
		for (cell = S_is(row, "tr") ? row->children : NULL; cell != NULL; cell = next) {
			next = cell->next;
			if (!S_is(cell, "th"))
				continue;
			if (S_is_empty_cell(cell))
				xmlNodeSetName(cell, (const xmlChar *)"td");
			else if (!xmlHasProp(cell, (const xmlChar *)"scope"))
				xmlSetProp(cell, (const xmlChar *)"scope", (const xmlChar *)"col");
		}
	if (head != NULL && cells > 0 && empty == cells) {
		xmlUnlinkNode(head);
		xmlFreeNode(head);
	}
	for (row = table->children; row != NULL && !S_is(row, "tr"); row = row->next)
		if (S_is(row, "thead") || S_is(row, "tbody")) {
			row = row->children;
			break;
		}
	while (row != NULL && !S_is(row, "tr"))
		row = row->next;
	for (cell = row ? row->children : NULL; cell != NULL; cell = cell->next)
		columns += S_is(cell, "td") || S_is(cell, "th");
	if (columns > WIDE_TABLE_COLUMNS && !S_has_class(table, "wide")) {
		xmlChar *old = xmlGetProp(table, (const xmlChar *)"class");
		char *value = old ? xasprintf("%s wide", (const char *)old) : xstrdup("wide");

		xmlSetProp(table, (const xmlChar *)"class", (const xmlChar *)value);
		free(value);
		xmlFree(old);
	}
}

/* A table left with no rows at all is not valid XHTML: removed. */
static void
S_drop_if_empty(xmlNodePtr table)
{
	xmlNodePtr child;

	for (child = table->children; child != NULL; child = child->next)
		if (S_is(child, "tr") || ((S_is(child, "thead") || S_is(child, "tbody") ||
		    S_is(child, "tfoot")) && child->children != NULL))
			return;
	xmlUnlinkNode(table);
	xmlFreeNode(table);
}

void
chapter_gfm_finish(struct article *article, xmlNodePtr holder, long tables)
{
	struct S_marked marked;
	size_t i;

	memset(&marked, 0, sizeof(marked));
	S_collect(holder, &marked, tables);
	if (marked.note_count > 0 || marked.reference_count > 0)
		S_finish_notes(article, holder, &marked);
	for (i = 0; i < marked.task_count; i++)
		S_finish_task(marked.tasks[i]);
	/* Last first: a table inside a header cell is done before its outer table may drop
	 * that header, and the nested table with it. */
	for (i = marked.table_count; i > 0; i--) {
		S_finish_table(marked.tables[i - 1]);
		S_drop_if_empty(marked.tables[i - 1]);
	}
	free(marked.references);
	free(marked.notes);
	free(marked.tasks);
	free(marked.tables);
}
