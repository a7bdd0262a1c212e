/* chapter.c - one article to one XHTML document: cmark renders HTML (raw HTML included), libxml2
 * parses it, html_sanitize.c copies what is safe into the chapter template.  Called by render.c
 * (and the fuzzer); link.c counts the images of a finished chapter through it. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "article.h"
#include "chapter.h"
#include "chapter_gfm.h"
#include "chapter_heading.h"
#include "chapter_split.h"
#include "diag.h"
#include "html_sanitize.h"
#include "labels.h"
#include "image.h"
#include "kramdown.h"
#include "news.h"
#include "path.h"
#include "site.h"
#include "svg_clean.h"
#include "url.h"
#include "utf8.h"
#include "util.h"
#include "xml_walk.h"

#define XHTML_NAMESPACE "http://www.w3.org/1999/xhtml"

#define SVG_NAMESPACE "http://www.w3.org/2000/svg"
#define SVG_PLACEHOLDER "kagama-inline-svg-"

struct S_image_context {
	const struct options	*options;
	const struct book	*book;
	struct article		*article;
};

/* Inline SVG blocks, parsed as XML (the HTML parser would lowercase viewBox and lose the
 * namespace), waiting for their placeholders in the chapter. */
struct S_inline_svg {
	xmlDocPtr	*documents;
	size_t		 count, capacity;
};

/* Puts every element of the tree in the SVG namespace, as an <svg> written without xmlns
 * inside HTML means. */
static void
S_into_svg_namespace(xmlNodePtr node, xmlNsPtr ns)
{
	xmlNodePtr child;

	if (node->ns == NULL)
		xmlSetNs(node, ns);
	for (child = node->children; child != NULL; child = child->next)
		if (child->type == XML_ELEMENT_NODE)
			S_into_svg_namespace(child, ns);
}

/* A raw HTML block that is one <svg> element becomes a placeholder; NULL if it is not. */
static char *
S_take_inline_svg(const struct article *article, const char *literal, int line,
    struct S_inline_svg *svgs)
{
	const char *p = literal;
	xmlDocPtr document;
	xmlNodePtr root;
	xmlNsPtr ns;

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (strncmp(p, "<svg", 4) != 0)
		return NULL;
	document = xmlReadMemory(p, (int)strlen(p), NULL, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (document == NULL || (root = xmlDocGetRootElement(document)) == NULL ||
	    !xmlStrEqual(root->name, (const xmlChar *)"svg")) {
		diag_warning(DIAG_CLASS_BAD_SVG, article->full_path, line, 0,
		    "inline <svg> is not well-formed XML; left out");
		xmlFreeDoc(document);
		return xstrdup("");
	}
	/* xmlns="http://www.w[.org/2000/svg" (a typo) makes it no SVG at all, and a second
	 * default namespace beside it would make the chapter namespace-ill-formed. */
	if (root->ns != NULL && !xmlStrEqual(root->ns->href, (const xmlChar *)SVG_NAMESPACE)) {
		diag_warning(DIAG_CLASS_BAD_SVG, article->full_path, line, 0,
		    "inline <svg> is in the namespace '%s', not SVG's; left out",
		    (const char *)root->ns->href);
		xmlFreeDoc(document);
		return xstrdup("");
	}
	if ((ns = xmlSearchNsByHref(document, root, (const xmlChar *)SVG_NAMESPACE)) == NULL)
		ns = xmlNewNs(root, (const xmlChar *)SVG_NAMESPACE, NULL);
	S_into_svg_namespace(root, ns);
	svg_clean_element(root, "inline", article->full_path, line);
	svg_clean_ids(root);
	xgrow(&svgs->documents, &svgs->capacity, svgs->count + 1, sizeof(xmlDocPtr));
	svgs->documents[svgs->count] = document;
	return xasprintf("<div id=\"" SVG_PLACEHOLDER "%zu\"></div>\n", svgs->count++);
}

/* Raw HTML blocks carry no line of their own in cmark's output; a transparent wrapper gives
 * the sanitiser one, so its warnings name the right line. */
static void
S_wrap_raw_html(const struct article *article, cmark_node *node, struct S_inline_svg *svgs)
{
	const char *literal = cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "";
	int line = cmark_node_get_start_line(node);
	char *svg = S_take_inline_svg(article, literal, line + article->line_offset, svgs);
	char *wrapped = xasprintf("<div data-sourcepos=\"%d:1-%d:1\" "
	    SANITIZE_UNWRAP_ATTRIBUTE "=\"\">\n%s\n</div>\n", line, line,
	    svg != NULL ? svg : literal);

	cmark_node_set_literal(node, wrapped);
	free(wrapped);
	free(svg);
}

static cmark_node *
S_new_html_inline(const char *html)
{
	cmark_node *node = cmark_node_new(CMARK_NODE_HTML_INLINE);

	cmark_node_set_literal(node, html);
	return node;
}

/* Containers whose nesting counts against --max-nesting. */
static int
S_is_nesting(cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_LINK:
		return 1;
	default:
		return 0;
	}
}

/* Moves the content of node before it and frees it; a list gives up its items' content. */
static void
S_unwrap_markdown(cmark_node *node)
{
	cmark_node *child, *grandchild;

	while ((child = cmark_node_first_child(node)) != NULL) {
		if (cmark_node_get_type(node) == CMARK_NODE_LIST) {
			while ((grandchild = cmark_node_first_child(child)) != NULL)
				cmark_node_insert_before(node, grandchild);
			cmark_node_free(child);
		} else
			cmark_node_insert_before(node, child);
	}
	cmark_node_free(node);
}

/* Block quotes, lists and emphasis nested deeper than the limit, found in a walk of the tree
 * (S_nesting_visit) and flattened after it (S_nesting_flatten). */
struct S_nesting {
	cmark_node	**deep;
	size_t		 depth, count, capacity, limit;
	int		 line;		/* of the first one */
};

/* Returns 1 for a node entered deeper than the limit: it will be flattened. */
static int
S_nesting_visit(struct S_nesting *nesting, cmark_node *node, cmark_event_type event)
{
	if (!S_is_nesting(node))
		return 0;
	if (event == CMARK_EVENT_EXIT) {
		nesting->depth--;
		return 0;
	}
	if (++nesting->depth <= nesting->limit)
		return 0;
	if (nesting->count == 0)
		nesting->line = cmark_node_get_start_line(node);
	xgrow(&nesting->deep, &nesting->capacity, nesting->count + 1, sizeof(*nesting->deep));
	nesting->deep[nesting->count++] = node;
	return 1;
}

/* The words stay, the 25,000th level of indentation goes (libxml2 and readers stop far
 * earlier). */
static void
S_nesting_flatten(const struct article *article, struct S_nesting *nesting)
{
	size_t i;

	if (nesting->count > 0)
		diag_warning(DIAG_CLASS_TOO_DEEP, article->full_path,
		    nesting->line + article->line_offset, 0, "Markdown nested deeper than %zu "
		    "levels (--max-nesting); the deeper levels are flattened", nesting->limit);
	/* Outermost first: cmark checks ancestry on every move, and the outer nodes keep that
	 * chain at the limit's length instead of 25,000. */
	for (i = 0; i < nesting->count; i++)
		S_unwrap_markdown(nesting->deep[i]);
	free(nesting->deep);
}

static void
S_limit_nesting(const struct article *article, cmark_node *markdown, size_t limit)
{
	struct S_nesting nesting = { NULL, 0, 0, 0, limit, 0 };
	cmark_iter *iter = cmark_iter_new(markdown);
	cmark_event_type event;

	while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE)
		(void)S_nesting_visit(&nesting, cmark_iter_get_node(iter), event);
	cmark_iter_free(iter);
	S_nesting_flatten(article, &nesting);
}

/* The links and images of the Markdown, in document order, with their places (what cmark's
 * HTML does not give an inline node), and the other inlines that render as <a> or <img>. */
struct S_marks {
	cmark_node			**nodes;	/* NULL: a footnote reference */
	struct sanitize_position	*positions;
	size_t				 count, capacity;
	int				 raw_html;	/* the article holds raw HTML */
};

static void
S_marks_add(struct S_marks *marks, cmark_node *node, int line, int column)
{
	size_t capacity = marks->capacity;

	xgrow(&marks->nodes, &capacity, marks->count + 1, sizeof(*marks->nodes));
	xgrow(&marks->positions, &marks->capacity, marks->count + 1, sizeof(*marks->positions));
	marks->nodes[marks->count] = node;
	marks->positions[marks->count].line = line;
	marks->positions[marks->count].column = column;
	marks->positions[marks->count++].wrapped = node != NULL && line > 0;
}

/* 1 for an inline node that renders as an <a> or <img> element of its own. */
static int
S_is_marked(cmark_node *node)
{
	const char *html;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		return 1;
	case CMARK_NODE_CUSTOM_INLINE:
		html = cmark_node_get_on_enter(node);
		return html != NULL && (strncmp(html, "<a", 2) == 0 || strncmp(html, "<img", 4) == 0);
	default:
		return 0;
	}
}

static int
S_is_inline(cmark_node *node)
{
	return (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

/* Raw HTML blocks wrapped, and links and images found with their places, in one walk of the
 * tree (each walk of 100,000 links is 2% of their time).  With nesting, the same walk finds
 * what nests too deep (S_limit_nesting), which is flattened before anything is changed:
 * links flattened with it are left out, and the places are those after flattening, which
 * keeps every link's block and image ancestors.  The column of an inline node is cmark's when
 * it is sure: on the first line of its block (on later lines cmark 0.30 leaves out indentation
 * it stripped), else 0; inside an image, whose description is rendered as plain alt text,
 * there is no element to place. */
static void
S_mark_positions(const struct article *article, cmark_node *markdown,
    struct S_inline_svg *svgs, struct S_marks *marks, struct S_nesting *nesting)
{
	cmark_iter *iter = cmark_iter_new(markdown);
	cmark_node **blocks = NULL, *node, *block = NULL;
	size_t count = 0, capacity = 0, images = 0, i;
	cmark_event_type event;
	cmark_node_type type;
	int column, deep;

	while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(iter);
		type = cmark_node_get_type(node);
		deep = nesting != NULL && S_nesting_visit(nesting, node, event);
		if (type == CMARK_NODE_IMAGE && event == CMARK_EVENT_EXIT)
			images--;
		if (event != CMARK_EVENT_ENTER)
			continue;
		if (!S_is_inline(node))
			block = node;
		if (type == CMARK_NODE_HTML_INLINE)
			marks->raw_html = 1;
		else if (type == CMARK_NODE_HTML_BLOCK) {
			marks->raw_html = 1;
			xgrow(&blocks, &capacity, count + 1, sizeof(*blocks));
			blocks[count++] = node;
		} else if (S_is_marked(node) && images == 0 && !deep) {
			column = block != NULL && cmark_node_get_start_line(block) ==
			    cmark_node_get_start_line(node) ? cmark_node_get_start_column(node) : 0;
			S_marks_add(marks, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE ?
			    node : NULL, cmark_node_get_start_line(node), column);
		}
		if (type == CMARK_NODE_IMAGE)
			images++;
	}
	cmark_iter_free(iter);
	if (nesting != NULL)
		S_nesting_flatten(article, nesting);
	for (i = 0; i < count; i++)
		S_wrap_raw_html(article, blocks[i], svgs);
	free(blocks);
}

/* A transparent span around each link and image gives the sanitiser its place in the HTML
 * itself, where raw HTML or a later change to the tree (kramdown.c, site.c) could add or
 * remove <a> and <img> elements and so break the list of places. */
static void
S_wrap_positions(struct S_marks *marks)
{
	char open[64];
	size_t i;

	for (i = 0; i < marks->count; i++) {
		if (!marks->positions[i].wrapped)
			continue;
		snprintf(open, sizeof(open), "<span " SANITIZE_POSITION_ATTRIBUTE "=\"%d:%d\">",
		    marks->positions[i].line, marks->positions[i].column);
		cmark_node_insert_before(marks->nodes[i], S_new_html_inline(open));
		cmark_node_insert_after(marks->nodes[i], S_new_html_inline("</span>"));
	}
	marks->count = 0;
}

static xmlNodePtr
S_find_element(xmlNodePtr parent, const char *name)
{
	xmlNodePtr child;

	for (child = parent ? parent->children : NULL; child != NULL; child = child->next)
		if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, (const xmlChar *)name))
			return child;
	return NULL;
}

static char *
S_resolve_image(void *data, const char *src, int line)
{
	struct S_image_context *context = data;

	return image_pending_add(context->options, context->book, context->article, src, line);
}

/* The element with this id below root (ids from the sanitiser are plain attributes). */
static xmlNodePtr
S_find_by_id(xmlNodePtr root, const char *id)
{
	xmlNodePtr child, found;
	xmlChar *value;

	for (child = root->children; child != NULL; child = child->next) {
		if (child->type != XML_ELEMENT_NODE)
			continue;
		value = xmlGetProp(child, (const xmlChar *)"id");
		if (value != NULL && xmlStrEqual(value, (const xmlChar *)id)) {
			xmlFree(value);
			return child;
		}
		xmlFree(value);
		if ((found = S_find_by_id(child, id)) != NULL)
			return found;
	}
	return NULL;
}

/* Ids inside an inline SVG share the chapter's id space: a clash loses the SVG's id. */
static void
S_register_svg_ids(struct article *article, xmlNodePtr node)
{
	xmlNodePtr child;
	xmlChar *id = xmlGetProp(node, (const xmlChar *)"id");

	if (id != NULL && xmlHashAddEntry(article->ids, id, article->ids) != 0) {
		diag_warning(DIAG_CLASS_DUPLICATE_ID, article->full_path, 0, 0,
		    "inline SVG id '%s' is already used in the chapter; removed", (const char *)id);
		xmlUnsetProp(node, (const xmlChar *)"id");
	}
	xmlFree(id);
	for (child = node->children; child != NULL; child = child->next)
		if (child->type == XML_ELEMENT_NODE)
			S_register_svg_ids(article, child);
}

/* Puts each inline SVG where its placeholder <div> ended up after sanitising. */
static void
S_place_inline_svgs(struct article *article, xmlNodePtr holder, struct S_inline_svg *svgs)
{
	size_t i;

	for (i = 0; i < svgs->count; i++) {
		char *id = xasprintf(SVG_PLACEHOLDER "%zu", i);
		xmlNodePtr placeholder = S_find_by_id(holder, id), svg;

		xmlHashRemoveEntry(article->ids, (const xmlChar *)id, NULL);
		if (placeholder != NULL) {
			svg = xmlDocCopyNode(xmlDocGetRootElement(svgs->documents[i]), holder->doc, 1);
			xmlReplaceNode(placeholder, svg);
			xmlFreeNode(placeholder);
			S_register_svg_ids(article, svg);
			article->has_svg = 1;
		}
		xmlFreeDoc(svgs->documents[i]);
		free(id);
	}
	free(svgs->documents);
}

/* cmark's HTML as a tree.  Without raw HTML it is well-formed XML, which libxml2's XML parser
 * reads several times faster than its HTML parser; anything it refuses goes to the HTML one. */
static htmlDocPtr
S_parse_html(const char *html, int raw_html)
{
	size_t length = strlen(html);
	htmlDocPtr parsed;

	if (!raw_html && length < INT_MAX - 16) {
		char *wrapped = xmalloc(length + 16);

		memcpy(wrapped, "<body>", 6);
		memcpy(wrapped + 6, html, length);
		memcpy(wrapped + 6 + length, "</body>", 8);
		/* HUGE lifts libxml2's 10 MB text-node cap: a 10 MB line is the editor's to keep. */
		parsed = xmlReadMemory(wrapped, (int)(length + 13), NULL, "UTF-8", XML_PARSE_NONET |
		    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
		free(wrapped);
		if (parsed != NULL)
			return parsed;
	}
	return htmlReadMemory(html, (int)length, NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | XML_PARSE_HUGE);
}

/* 1 if html has a tag opening with one of names ("<a", "<img"...), in any case.  libxml2
 * makes elements only from tags, never from entities, so a walk that looks for links and
 * images alone can be left out when none is written (a walk of a 100,000-row table is 4%). */
static int
S_has_tag(const char *html, const char *const *names)
{
	const char *p;
	size_t i;

	for (p = strchr(html, '<'); p != NULL; p = strchr(p + 1, '<'))
		for (i = 0; names[i] != NULL; i++)
			if (strncasecmp(p + 1, names[i], strlen(names[i])) == 0)
				return 1;
	return 0;
}

/* libxml2 grows a hash table only when one chain passes 8 entries, so the 100,000 ids of
 * 100,000 headings (or footnote references) in a table made for 16 sit in chains of about 8 (a
 * tenth of the time): an empty table is made again, sized from the article's lines and its
 * footnote references (at most 65,536 slots, 3 MB). */
static void
S_size_ids(struct article *article, cmark_node *markdown, size_t references)
{
	size_t wanted = (size_t)cmark_node_get_end_line(markdown) / 4 + references;
	int size = wanted > 65536 ? 65536 : (int)wanted;

	if (size <= 16 || xmlHashSize(article->ids) != 0)
		return;
	xmlHashFree(article->ids, NULL);
	article->ids = xmlHashCreate(size);
}

/* What building the body tells the stages after it. */
struct S_body {
	int	deepest;	/* sanitize_context.deepest */
	long	tables;		/* for chapter_gfm_finish */
};

/* The Markdown body as sanitised XHTML nodes, children of a temporary element under root. */
static xmlNodePtr
S_render_body(const struct options *options, const struct book *book, struct article *article,
    cmark_node *markdown, xmlNodePtr root, struct S_inline_svg *svgs, struct S_body *told)
{
	struct chapter_gfm_found found = { 0, 0, 0 };
	struct S_nesting nesting = { NULL, 0, 0, 0, options->max_nesting, 0 };
	struct S_image_context image_context = { options, book, article };
	struct sanitize_context context = { article->full_path, article->line_offset, NULL,
	    S_resolve_image, &image_context, 0, NULL, 0, 0 };
	xmlNodePtr holder = xmlNewChild(root, xmlSearchNsByHref(root->doc, root,
	    (const xmlChar *)XHTML_NAMESPACE), (const xmlChar *)"div", NULL);
	struct S_marks marks = { NULL, NULL, 0, 0, 0 };
	char *html;
	htmlDocPtr parsed;
	int attribute_lists, references;
	/* What site_rewrite_references looks at ("<image" too, should a parser map it). */
	static const char *const reference_tags[] = { "a", "img", "image", NULL };

	/* Flattening first when there are notes or task items: it may free an item or move a
	 * note before chapter_gfm_prepare sees them.  Without any, the one walk does both. */
	chapter_gfm_count(markdown, &found);
	if (found.markers > 0) {
		S_limit_nesting(article, markdown, options->max_nesting);
		chapter_gfm_prepare(markdown, &found);
		S_mark_positions(article, markdown, svgs, &marks, NULL);
	} else
		S_mark_positions(article, markdown, svgs, &marks, &nesting);
	S_size_ids(article, markdown, found.references);
	/* The places go to the sanitiser as a list, one for each <a> and <img> in order (a span
	 * around each of 100,000 links was 15% of their time), unless something can add or
	 * remove such elements: raw HTML, attribute lists (kramdown.c, whose {:toc} removes a
	 * list of links) and shortcode links to no article (site.c); the last two are seen in
	 * the HTML, which is then made again. */
	if (marks.raw_html)
		S_wrap_positions(&marks);
	html = cmark_render_html(markdown, CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS, NULL);
	if (marks.count > 0 && (strchr(html, '{') != NULL || strstr(html, "x-kagama-") != NULL)) {
		S_wrap_positions(&marks);
		free(html);
		html = cmark_render_html(markdown, CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS, NULL);
	}
	/* A 50 MB article's syntax tree is large: gone before the HTML trees are built. */
	cmark_node_free(markdown);
	context.ids = article->ids;	/* only now: S_size_ids made the table again */
	context.positions = marks.count > 0 ? marks.positions : NULL;
	context.position_count = marks.count;
	attribute_lists = strpbrk(html, "{&") != NULL;
	references = S_has_tag(html, reference_tags);
	parsed = S_parse_html(html, marks.raw_html);
	free(html);
	if (parsed != NULL) {
		xmlNodePtr root = xmlDocGetRootElement(parsed);
		xmlNodePtr body = root != NULL && xmlStrEqual(root->name, (const xmlChar *)"body") ?
		    root : S_find_element(root, "body");

		if (body != NULL) {
			if (attribute_lists)
				kramdown_apply_attributes(body);
			if (references)
				site_rewrite_references(options, book, article, body);
			html_sanitize_children(&context, body, holder, 0);
		}
		xmlFreeDoc(parsed);
	}
	told->deepest = context.deepest;
	/* Marker classes come only from chapter_gfm.c's nodes, unless raw HTML or an attribute
	 * list writes one; tables only from GFM's, unless raw HTML or an inline SVG has one. */
	told->tables = found.markers == 0 && !marks.raw_html && !attribute_lists &&
	    svgs->count == 0 ? (long)found.tables : -1;
	free(marks.nodes);
	free(marks.positions);
	return holder;
}

/* The next sibling that is not blank text or a line break. */
static xmlNodePtr
S_next_content(xmlNodePtr node)
{
	while (node != NULL && (xml_is_blank(node) || xml_is_element(node, "br")))
		node = node->next;
	return node;
}

/* A paragraph that holds only an image, and perhaps an emphasised caption line after it
 * ("*Foto: KBRI Beijing*") or a caption paragraph of its own (news.c), is a figure: the
 * caption comes from there or the image title.  Returns what stands in the paragraph's place. */
static xmlNodePtr
S_make_figure(xmlNodePtr paragraph)
{
	xmlNodePtr image = S_next_content(paragraph->children), caption, figure, figcaption;
	xmlNodePtr separate = NULL;
	xmlChar *title;

	if (!xml_is_element(image, "img"))
		return paragraph;
	caption = S_next_content(image->next);
	if (caption == NULL && (separate = news_caption_after(paragraph)) != NULL)
		caption = separate;
	/* A caption line with a credit under the image (news.c) is all the rest. */
	if (caption != NULL && caption != separate && news_is_caption(paragraph))
		separate = paragraph;
	else if (caption != NULL && caption != separate && ((!xml_is_element(caption, "em") &&
	    !xml_is_element(caption, "i")) || S_next_content(caption->next) != NULL))
		return paragraph;
	title = xmlGetProp(image, (const xmlChar *)"title");
	if (caption == NULL && title == NULL)
		return paragraph;
	figure = xmlNewDocNode(paragraph->doc, paragraph->ns, (const xmlChar *)"figure", NULL);
	xmlUnlinkNode(image);
	xmlAddChild(figure, image);
	figcaption = xmlNewChild(figure, paragraph->ns, (const xmlChar *)"figcaption", NULL);
	/* FBReader styles only elements that open a paragraph, which a figcaption does not. */
	figcaption = xmlNewChild(figcaption, paragraph->ns, (const xmlChar *)"div", NULL);
	xmlSetProp(figcaption, (const xmlChar *)"class", (const xmlChar *)"caption");
	if (caption != NULL) {
		xmlNodePtr child, next;

		for (child = separate == paragraph ? caption : caption->children; child != NULL;
		    child = next) {
			next = child->next;
			xmlUnlinkNode(child);
			xmlAddChild(figcaption, child);
		}
	} else
		xmlAddChild(figcaption, xmlNewDocText(paragraph->doc, title));
	xmlFree(title);
	xmlReplaceNode(paragraph, figure);
	xmlFreeNode(paragraph);
	if (separate != NULL && separate != paragraph) {
		xmlUnlinkNode(separate);
		xmlFreeNode(separate);
	}
	return figure;
}

/* Elements whose children must be elements (lists, tables...): text cannot go there. */
static int
S_holds_only_elements(xmlNodePtr element)
{
	static const char *const names[] = { "ul", "ol", "dl", "table", "thead", "tbody",
	    "tfoot", "tr", "colgroup", "ruby", "hgroup", "select", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (xmlStrEqual(element->name, (const xmlChar *)names[i]))
			return 1;
	return 0;
}

/* The element keeps its place and loses its inner structure: its words become one text. */
static void
S_flatten(xmlNodePtr element)
{
	xmlChar *text = xmlNodeGetContent(element);
	xmlNodePtr child, next;

	for (child = element->children; child != NULL; child = next) {
		next = child->next;
		xmlUnlinkNode(child);
		xmlFreeNode(child);
	}
	xmlAddChild(element, xmlNewDocText(element->doc, text ? text : (const xmlChar *)""));
	xmlFree(text);
}

/* XML readers refuse documents nested deeper than 256 elements (libxml2 without HUGE), and
 * repairs can nest deeper than the sanitised input: past XML_MAX_DEPTH content becomes plain
 * text, in the first element that may hold text (a list or table adds a level or two). */
static void
S_cap_depth(const struct article *article, xmlNodePtr holder)
{
	struct xml_walk walk;
	int flattened = 0;

	xml_walk_start(&walk, holder);
	while (xml_walk_next(&walk) != XML_WALK_DONE)
		if (walk.event == XML_WALK_ENTER && walk.node->type == XML_ELEMENT_NODE &&
		    walk.depth > XML_MAX_DEPTH && !S_holds_only_elements(walk.node) &&
		    walk.node->children != NULL) {
			S_flatten(walk.node);
			xml_walk_skip_children(&walk);
			flattened = 1;
		}
	if (flattened)
		diag_warning(DIAG_CLASS_TOO_DEEP, article->full_path, 0, 0,
		    "content nested deeper than %d elements became plain text", XML_MAX_DEPTH);
}

/* Figures, and the blank lines removed elements leave between blocks. */
static void
S_tidy_blocks(xmlNodePtr holder)
{
	xmlNodePtr node;

	for (node = holder->children; node != NULL; node = node->next) {
		if (xml_is_element(node, "p"))
			node = S_make_figure(node);
		/* Most are one line end already: not freed and made again. */
		else if (xml_is_blank(node) && !xmlStrEqual(node->content, (const xmlChar *)"\n"))
			xmlNodeSetContent(node, (const xmlChar *)"\n");
	}
}

static xmlNodePtr
S_new_element(xmlNodePtr parent, const char *name, const char *class_name, const char *text)
{
	xmlNodePtr element = xmlNewChild(parent, parent->ns, (const xmlChar *)name, NULL);

	if (class_name != NULL)
		xmlSetProp(element, (const xmlChar *)"class", (const xmlChar *)class_name);
	if (text != NULL)
		xmlAddChild(element, xmlNewDocText(parent->doc, (const xmlChar *)text));
	return element;
}

/* "A", "A dan B", "A, B dan C" in the book's language. */
static char *
S_join_names(char *const *names, size_t count, const struct labels *labels)
{
	struct buffer buffer = { 0 };
	size_t i;

	for (i = 0; i < count; i++) {
		if (i > 0)
			buffer_printf(&buffer, i + 1 == count ? " %s " : ", ",
			    labels_get(labels, LABEL_BY));
		buffer_puts(&buffer, names[i]);
	}
	return buffer_release(&buffer);
}

static void
S_add_byline(xmlNodePtr header, const struct article *article, const struct labels *labels)
{
	char *authors = NULL, *shown = NULL, *iso = NULL;
	xmlNodePtr byline;

	if (article->author_count == 0 && article->date == NULL)
		return;
	byline = S_new_element(header, "p", "byline", NULL);
	if (article->author_count > 0) {
		authors = S_join_names(article->authors, article->author_count, labels);
		S_new_element(byline, "span", "author", authors);
	}
	if (article->date != NULL) {
		if ((shown = labels_format_date(labels, article->date, &iso)) == NULL)
			diag_warning(DIAG_CLASS_BAD_DATE, article->full_path, article->date_line, 0,
			    "date '%s' is not an ISO 8601 date (YYYY-MM-DD); shown as written",
			    article->date);
		if (authors != NULL)
			xmlAddChild(byline, xmlNewDocText(header->doc, (const xmlChar *)" \xC2\xB7 "));
		if (shown != NULL)
			xmlSetProp(S_new_element(byline, "time", "date", shown),
			    (const xmlChar *)"datetime", (const xmlChar *)iso);
		else
			S_new_element(byline, "span", "date", article->date);
	}
	free(authors);
	free(shown);
	free(iso);
}

/* The lead photo of the front matter (image:, caption:, credit:, alt:) as a figure. */
static void
S_add_lead_image(const struct options *options, const struct book *book, xmlNodePtr header,
    struct article *article)
{
	char *src = image_pending_add(options, book, article, article->image, article->image_line);
	const char *alt = article->image_alt ? article->image_alt : article->image_caption;
	xmlNodePtr figure, image, caption;

	if (src == NULL)
		return;
	if (alt == NULL)
		diag_warning(DIAG_CLASS_MISSING_ALT, article->full_path, article->image_line, 0,
		    "lead image '%s' has no alt text (add alt: or caption:)", article->image);
	figure = S_new_element(header, "figure", "lead", NULL);
	image = S_new_element(figure, "img", NULL, NULL);
	xmlSetProp(image, (const xmlChar *)"src", (const xmlChar *)src);
	xmlSetProp(image, (const xmlChar *)"alt", (const xmlChar *)(alt ? alt : ""));
	free(src);
	if (article->image_caption == NULL && article->image_credit == NULL)
		return;
	caption = S_new_element(S_new_element(figure, "figcaption", NULL, NULL), "div", "caption",
	    article->image_caption);
	if (article->image_caption != NULL && article->image_credit != NULL)
		xmlAddChild(caption, xmlNewDocText(header->doc, (const xmlChar *)" "));
	if (article->image_credit != NULL)
		S_new_element(caption, "span", "credit", article->image_credit);
}

/* "Sumber: <a>URL</a>" after the article, when the front matter names the original. */
static xmlNodePtr
S_source_line(xmlNodePtr root, const struct article *article, const struct labels *labels)
{
	xmlNsPtr ns = xmlSearchNsByHref(root->doc, root, (const xmlChar *)XHTML_NAMESPACE);
	xmlNodePtr paragraph = xmlNewDocNode(root->doc, ns, (const xmlChar *)"p", NULL), link;
	const char *problem = NULL;
	char *label, *href;

	xmlAddChild(root, paragraph);
	xmlSetProp(paragraph, (const xmlChar *)"class", (const xmlChar *)"source");
	label = xasprintf("%s: ", labels_get(labels, LABEL_SOURCE));
	xmlAddChild(paragraph, xmlNewDocText(root->doc, (const xmlChar *)label));
	free(label);
	if (path_is_web_url(article->source) &&
	    (href = url_web_normalize(article->source, &problem)) != NULL) {
		link = S_new_element(paragraph, "a", NULL, article->source);
		xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)href);
		free(href);
	} else if (path_is_web_url(article->source)) {
		diag_warning(DIAG_CLASS_INVALID_URL, article->full_path, 1, 0,
		    "source '%s': not a valid URL (%s); kept as text", article->source, problem);
		xmlAddChild(paragraph, xmlNewDocText(root->doc, (const xmlChar *)article->source));
	} else
		xmlAddChild(paragraph, xmlNewDocText(root->doc, (const xmlChar *)article->source));
	xmlUnlinkNode(paragraph);
	return paragraph;
}

/* The heading block every chapter opens with: title, subtitle, byline, dateline, photo. */
static xmlNodePtr
S_heading_block(const struct options *options, const struct book *book, xmlNodePtr root,
    struct article *article, const struct labels *labels)
{
	xmlNsPtr ns = xmlSearchNsByHref(root->doc, root, (const xmlChar *)XHTML_NAMESPACE);
	xmlNodePtr header = xmlNewDocNode(root->doc, ns, (const xmlChar *)"header", NULL), title;

	/* Linked in under root while being built, so children find the namespace. */
	xmlAddChild(root, header);
	xmlSetProp(header, (const xmlChar *)"class", (const xmlChar *)"article-header");
	title = S_new_element(header, "h1", "title", article->title);
	if (article->title_id != NULL)
		xmlSetProp(title, (const xmlChar *)"id", (const xmlChar *)article->title_id);
	if (article->subtitle != NULL)
		S_new_element(header, "p", "subtitle", article->subtitle);
	S_add_byline(header, article, labels);
	if (article->location != NULL)
		S_new_element(header, "p", "dateline", article->location);
	if (article->image != NULL)
		S_add_lead_image(options, book, header, article);
	xmlUnlinkNode(header);
	return header;
}

int
chapter_build(const struct options *options, const struct book *book,
    const struct template_set *templates, struct article *article, cmark_node *markdown)
{
	const char *language = article->language ? article->language : book->meta.language;
	const struct labels *labels = labels_or_default(language);
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_CHAPTER);
	xmlNodePtr root = xmlDocGetRootElement(document), holder, header;
	struct template_value values[4];
	struct S_inline_svg svgs = { NULL, 0, 0 };
	int errors = diag_error_count();
	struct S_body told;

	news_prepare_markdown(options, article, markdown, labels);
	holder = S_render_body(options, book, article, markdown, root, &svgs, &told);
	/* Each input level is at most four in the output (an element and three wrappers from
	 * html_repair.c), the holder one more: shallow input needs no walk (4% of a big table). */
	if (4 * (told.deepest + 1) + 1 > XML_MAX_DEPTH)
		S_cap_depth(article, holder);
	news_mark_xhtml(article, holder, labels, book->meta.publisher);
	S_tidy_blocks(holder);
	chapter_headings_number(article, holder);
	/* After the headings: their ids win over ids inside an SVG. */
	S_place_inline_svgs(article, holder, &svgs);
	chapter_title_choose(article, holder);
	chapter_headings_normalize(article, holder);
	header = S_heading_block(options, book, root, article, labels);
	if (article->source != NULL)
		xmlAddChild(holder, S_source_line(root, article, labels));
	chapter_gfm_finish(article, holder, told.tables);
	xmlUnlinkNode(holder);
	chapter_split_plan(options, article, document, header, holder);
	values[0] = (struct template_value){ "title", article->title, NULL };
	values[1] = (struct template_value){ "header", NULL, header };
	values[2] = (struct template_value){ "content", NULL, holder->children };
	template_fill(document, language, values, 3);
	xmlFreeNode(holder);
	xmlFreeNode(values[1].nodes);
	article->document = document;
	return diag_error_count() > errors ? -1 : 0;
}

void
chapter_freeze(struct article *article)
{
	if (article->document == NULL)
		return;
	free(article->xhtml);
	article->xhtml = template_serialize(article->document, &article->xhtml_length);
	xmlFreeDoc(article->document);
	article->document = NULL;
}

void
chapter_thaw(struct article *article)
{
	if (article->xhtml == NULL)
		return;
	/* HUGE: the text was ours, and may hold a 10 MB line. */
	article->document = xmlReadMemory(article->xhtml, (int)article->xhtml_length,
	    article->file_name, "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (article->document == NULL) {
		diag_system(article->full_path, "out of memory while re-reading the chapter");
		exit(EXIT_SYSTEM);
	}
	free(article->xhtml);
	article->xhtml = NULL;
}

void
chapter_count_image(struct article *article, xmlNodePtr image)
{
	xmlChar *alt = xmlGetProp(image, (const xmlChar *)"alt");
	xmlChar *role = xmlGetProp(image, (const xmlChar *)"role");

	article->image_count++;
	if ((alt == NULL || alt[0] == '\0') &&
	    (role == NULL || !xmlStrEqual(role, (const xmlChar *)"presentation")))
		article->images_without_alt++;
	xmlFree(alt);
	xmlFree(role);
}
