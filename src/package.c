/* package.c - content.opf (its <metadata> made by package_metadata.c), nav.xhtml and the
 * contents page, toc.ncx, container.xml, and the order of everything in the container (cover,
 * title, part, index and colophon pages made by pages.c).  Called by main.c once every chapter
 * is finished. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>

#include "chapter_split.h"
#include "diag.h"
#include "digest.h"
#include "labels.h"
#include "entry_writer.h"
#include "package.h"
#include "package_metadata.h"
#include "pages.h"
#include "util.h"
#include "xml_walk.h"

#define OPF_NAMESPACE "http://www.idpf.org/2007/opf"
#define NCX_NAMESPACE "http://www.daisy.org/z3986/2005/ncx/"
#define XHTML_NAMESPACE "http://www.w3.org/1999/xhtml"
#define EPUB_NAMESPACE "http://www.idpf.org/2007/ops"

static const char S_container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"" PACKAGE_DIRECTORY "content.opf\" "
    "media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

void
package_identify(struct book *book)
{
	const struct book_meta *meta = &book->meta;
	struct buffer name = { 0 };
	char uuid[37];
	size_t i;

	if (meta->identifier != NULL) {
		const char *scheme = meta->identifier_scheme;

		if (scheme != NULL && strcmp(scheme, "isbn") == 0 &&
		    strncasecmp(meta->identifier, "urn:", 4) != 0)
			book->identifier = xasprintf("urn:isbn:%s", meta->identifier);
		else if (scheme != NULL && strcmp(scheme, "uuid") == 0 &&
		    strncasecmp(meta->identifier, "urn:", 4) != 0)
			book->identifier = xasprintf("urn:uuid:%s", meta->identifier);
		else
			book->identifier = xstrdup(meta->identifier);
		return;
	}
	/* The same title and articles give the same book, so rebuilds update it in place on
	 * a reader instead of adding a copy. */
	buffer_printf(&name, "kagama-epub:%s", meta->title ? meta->title : "");
	for (i = 0; i < book->article_count; i++)
		buffer_printf(&name, "\n%s", book->articles[i]->path);
	uuid_v5(uuid_namespace_url, name.data, name.length, uuid);
	buffer_free(&name);
	book->identifier = xasprintf("urn:uuid:%s", uuid);
}

static char *
S_serialize(xmlDocPtr document, size_t *length)
{
	char *data = template_serialize(document, length);

	xmlFreeDoc(document);
	return data;
}

/* Deflated at once: the contents pages of a big book are megabytes of text each. */
static void
S_add_text(struct container *container, const char *file_name, char *data, size_t length)
{
	char *name = xasprintf(PACKAGE_DIRECTORY "%s", file_name);
	struct container_packed packed;

	if (container_pack(data, length, &packed) < 0)
		exit(EXIT_SYSTEM);
	free(data);
	container_add_packed(container, name, &packed);
	free(name);
}

static void
S_add_document(struct container *container, const char *file_name, xmlDocPtr document)
{
	size_t length;
	char *data = S_serialize(document, &length);

	S_add_text(container, file_name, data, length);
}

/* A new empty child element with attributes given as name, value pairs ending in NULL. */
static xmlNodePtr
S_empty_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, ...)
{
	xmlNodePtr element = xml_add_child(parent, ns, name, NULL);
	const char *attribute;
	va_list ap;

	va_start(ap, name);
	while ((attribute = va_arg(ap, const char *)) != NULL)
		xml_set(element, attribute, va_arg(ap, const char *));
	va_end(ap);
	return element;
}

static const char *
S_node_title(const struct book_node *node)
{
	return node->kind == BOOK_NODE_PART ? node->title : node->article->title;
}

static const char *
S_node_file(const struct book_node *node)
{
	return node->kind == BOOK_NODE_PART ? node->file_name : node->article->file_name;
}

/* Writes the rest of the skeleton, frees the document and adds the text to the container. */
static void
S_writer_finish(struct entry_writer *writer, struct entry_piece *skeleton,
    struct container *container, const char *file_name)
{
	size_t length;
	char *data;

	entry_writer_finish_piece(writer, skeleton);
	xmlFreeDoc(writer->document);
	writer->document = NULL;
	data = entry_writer_close(writer, &length);
	S_add_text(container, file_name, data, length);
}

/* 1 if the contents list an article's level-2 headings under it. */
static int
S_lists_headings(const struct book_node *node, int toc_depth)
{
	size_t h;

	if (node->kind != BOOK_NODE_ARTICLE || toc_depth < 2)
		return 0;
	for (h = 0; h < node->article->heading_count; h++)
		if (node->article->headings[h].level == 2)
			return 1;
	return 0;
}

/* Text in place of the text node that element holds (raw, as xmlNewDocText takes it). */
static void
S_replace_text(xmlNodePtr element, const char *text)
{
	if (element->children != NULL && element->children->type == XML_TEXT_NODE)
		xmlNodeSetContent(element->children, (const xmlChar *)text);
}

/* A new value for an attribute S_set gave element, written into its text node: an entry
 * renewed for 100,000 headings keeps its nodes, where xmlSetProp makes new ones each time. */
static void
S_reset(xmlNodePtr element, const char *name, const char *value)
{
	xmlAttrPtr attribute = xmlHasProp(element, (const xmlChar *)name);

	if (attribute != NULL && attribute->children != NULL &&
	    attribute->children->next == NULL && attribute->children->type == XML_TEXT_NODE)
		xmlNodeSetContent(attribute->children, (const xmlChar *)value);
	else
		xml_set(element, name, value);
}

/* Makes the entry of one heading in parent, or gives reused (the entry it made for the previous
 * heading) this heading's values instead: an article may have 100,000 headings. */
typedef xmlNodePtr (*S_heading_entry)(xmlNodePtr parent, xmlNsPtr ns, xmlNodePtr reused,
    const char *text, const char *href, int *order);

/* An article's level-2 headings, one entry at a time into its own: one entry is built and
 * written again with each heading's values. */
static void
S_heading_entries(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr parent,
    xmlNsPtr ns, const struct article *article, S_heading_entry entry_make, int *order)
{
	struct buffer href = { 0 };
	struct entry_batch batch;
	size_t h;

	entry_writer_batch_start(&batch, parent);
	for (h = 0; h < article->heading_count; h++) {
		const struct heading *heading = &article->headings[h];

		if (heading->level != 2)
			continue;
		/* One buffer for all hrefs: 100,000 made and freed were 4% of the time. */
		href.length = 0;
		buffer_puts(&href, chapter_split_part_file(article, heading->part));
		buffer_putc(&href, '#');
		buffer_puts(&href, heading->id);
		entry_writer_batch_add(writer, piece, &batch, entry_make(batch.holder, ns,
		    entry_writer_batch_next(&batch), heading->text, href.data, order));
	}
	buffer_free(&href);
	entry_writer_batch_finish(writer, piece, &batch);
}

/* A heading's nav.xhtml <li><a>. */
static xmlNodePtr
S_nav_heading(xmlNodePtr list, xmlNsPtr ns, xmlNodePtr item, const char *text, const char *href,
    int *order)
{
	xmlNodePtr link;

	(void)order;
	if (item == NULL) {
		item = xml_add_child(list, ns, "li", NULL);
		link = xml_add_child(item, ns, "a", text);
	} else {
		link = item->children;
		S_replace_text(link, text);
		S_reset(link, "href", href);
		return item;
	}
	xml_set(link, "href", href);
	return item;
}

/* nav.xhtml's <ol>, one <li> at a time: parts with their own lists, articles with their
 * level-2 headings. */
static void
S_nav_entries(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr list,
    xmlNsPtr ns, const struct book_node *node, int toc_depth)
{
	size_t i;

	for (i = 0; i < node->child_count; i++) {
		const struct book_node *child = node->children[i];
		xmlNodePtr item = xml_add_child(list, ns, "li", NULL), sub;
		struct entry_piece inner;

		xml_set(xml_add_child(item, ns, "a", S_node_title(child)), "href", S_node_file(child));
		if (!(child->kind == BOOK_NODE_PART && child->child_count > 0) &&
		    !S_lists_headings(child, toc_depth)) {
			entry_writer_write_entry(writer, piece, item);
			continue;
		}
		sub = xml_add_child(item, ns, "ol", NULL);
		entry_writer_add_marker(sub);
		entry_writer_open_entry(writer, piece, item, &inner);
		if (child->kind == BOOK_NODE_PART)
			S_nav_entries(writer, &inner, sub, ns, child, toc_depth);
		else
			S_heading_entries(writer, &inner, sub, ns, child->article, S_nav_heading, NULL);
		entry_writer_close_entry(writer, piece, item, &inner);
	}
}

/* The first page after the front matter: a part's opening page or the first chapter. */
static const char *
S_first_content(const struct book *book)
{
	return S_node_file(book->root->children[0]);
}

static void
S_landmark(xmlNodePtr list, xmlNsPtr ns, xmlNsPtr epub, const char *type, const char *href,
    const char *label)
{
	xmlNodePtr link = xml_add_child(xml_add_child(list, ns, "li", NULL), ns, "a", label);

	xmlSetNsProp(link, epub, (const xmlChar *)"type", (const xmlChar *)type);
	xml_set(link, "href", href);
}

/* The landmarks of nav.xhtml: where the cover, title page, contents and text begin. */
static xmlNodePtr
S_landmarks(const struct options *options, const struct book *book, xmlNodePtr scratch,
    xmlNsPtr ns, xmlNsPtr epub)
{
	const struct labels *labels = labels_or_default(book->meta.language);
	xmlNodePtr landmarks = xml_add_child(scratch, ns, "ol", NULL);

	S_landmark(landmarks, ns, epub, "cover", "cover.xhtml", labels_get(labels, LABEL_COVER));
	S_landmark(landmarks, ns, epub, "titlepage", "title.xhtml",
	    labels_get(labels, LABEL_TITLE_PAGE));
	S_landmark(landmarks, ns, epub, "toc", PACKAGE_CONTENTS "#toc",
	    labels_get(labels, LABEL_CONTENTS));
	S_landmark(landmarks, ns, epub, "bodymatter", S_first_content(book),
	    labels_get(labels, LABEL_START));
	if (options->index)
		S_landmark(landmarks, ns, epub, "index", "index.xhtml",
		    labels_get(labels, LABEL_INDEX));
	xmlUnlinkNode(landmarks);
	return landmarks;
}

/* The contents page readers see has the nav template's toc without the landmarks, and is not
 * a navigation document. */
static void
S_contents_only(xmlNodePtr node, xmlNsPtr epub)
{
	xmlNodePtr next;
	xmlChar *type;

	for (; node != NULL; node = next) {
		next = node->next;
		if (node->type != XML_ELEMENT_NODE)
			continue;
		type = xmlGetNsProp(node, (const xmlChar *)"type", (const xmlChar *)EPUB_NAMESPACE);
		if (type != NULL && xmlStrEqual(type, (const xmlChar *)"landmarks")) {
			xmlUnlinkNode(node);
			xmlFreeNode(node);
		} else {
			if (type != NULL && xmlStrEqual(type, (const xmlChar *)"toc"))
				xmlUnsetNsProp(node, epub, (const xmlChar *)"type");
			S_contents_only(node->children, epub);
		}
		xmlFree(type);
	}
}

/* The entries of the contents list, written for nav.xhtml and again as they are into
 * contents.xhtml: the same elements in the same place of the same template. */
struct S_nav_text {
	char	*text;
	size_t	 length;
};

/* Writes the contents list's entries where the skeleton's marker is, written afresh the first
 * time (into entries) and copied after that. */
static void
S_nav_list(const struct options *options, const struct book *book,
    struct entry_writer *writer, const struct entry_piece *skeleton, xmlNodePtr toc,
    xmlNsPtr ns, struct S_nav_text *entries)
{
	struct entry_writer scratch;

	if (entries->text == NULL) {
		entry_writer_open(&scratch, writer->document, writer->format);
		S_nav_entries(&scratch, skeleton, toc, ns, book->root, options->toc_depth);
		entries->text = entry_writer_close(&scratch, &entries->length);
	}
	entry_writer_write_text(writer, entries->text, entries->length);
}

/*
 * nav.xhtml, the navigation document, with the contents and the landmarks, is kept out of the
 * spine: MuPDF, FBReader and calibre's conversions show what is in it whatever hidden="hidden"
 * and CSS say.  contents.xhtml, from the same template without the landmarks, is the contents
 * page of the spine.
 */
static void
S_add_nav(const struct options *options, const struct book *book,
    const struct template_set *templates, struct container *container, int navigation,
    struct S_nav_text *entries)
{
	const struct labels *labels = labels_or_default(book->meta.language);
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_NAV);
	xmlNodePtr root = xmlDocGetRootElement(document);
	xmlNsPtr ns = xmlSearchNsByHref(document, root, (const xmlChar *)XHTML_NAMESPACE);
	xmlNsPtr epub = xmlSearchNsByHref(document, root, (const xmlChar *)EPUB_NAMESPACE);
	xmlNodePtr scratch = xmlNewChild(root, ns, (const xmlChar *)"div", NULL), toc;
	struct template_value values[4];
	struct entry_writer writer;
	struct entry_piece skeleton;

	if (epub == NULL)
		epub = xmlNewNs(root, (const xmlChar *)EPUB_NAMESPACE, (const xmlChar *)"epub");
	toc = xml_add_child(scratch, ns, "ol", NULL);
	entry_writer_add_marker(toc);
	xmlUnlinkNode(scratch);
	values[0] = (struct template_value){ "label-contents", labels_get(labels, LABEL_CONTENTS),
	    NULL };
	values[1] = (struct template_value){ "label-landmarks",
	    labels_get(labels, LABEL_LANDMARKS), NULL };
	values[2] = (struct template_value){ "toc", NULL, toc };
	values[3] = (struct template_value){ "landmarks", NULL,
	    navigation ? S_landmarks(options, book, scratch, ns, epub) : NULL };
	if (!navigation)
		S_contents_only(root, epub);
	template_fill(document, book->meta.language, values, 4);
	xmlFreeNode(values[3].nodes);
	/* nav.xhtml keeps the template's own layout: saved without indenting. */
	entry_writer_start(&writer, &skeleton, document, 0);
	/* A template without <?kagama toc?> leaves the list out (and in scratch). */
	if (values[2].nodes == NULL && entry_writer_next(&writer, &skeleton))
		S_nav_list(options, book, &writer, &skeleton, toc, ns, entries);
	xmlFreeNode(scratch);
	S_writer_finish(&writer, &skeleton, container, navigation ? "nav.xhtml" : PACKAGE_CONTENTS);
}

/* toc.ncx for EPUB 2 readers and Kindle: the same tree as nav.xhtml. */
static xmlNodePtr
S_ncx_point(xmlNodePtr parent, xmlNsPtr ns, const char *label, const char *src, int *order)
{
	xmlNodePtr point = xml_add_child(parent, ns, "navPoint", NULL);
	char value[32];

	snprintf(value, sizeof(value), "navpoint-%d", ++*order);
	xml_set(point, "id", value);
	snprintf(value, sizeof(value), "%d", *order);
	xml_set(point, "playOrder", value);
	xml_add_child(xml_add_child(point, ns, "navLabel", NULL), ns, "text", label);
	xml_set(xml_add_child(point, ns, "content", NULL), "src", src);
	return point;
}

/* A navPoint S_ncx_point made, given the next number, label and src. */
static void
S_ncx_point_renew(xmlNodePtr point, const char *label, const char *src, int *order)
{
	char value[32];

	snprintf(value, sizeof(value), "navpoint-%d", ++*order);
	S_reset(point, "id", value);
	S_reset(point, "playOrder", value + strlen("navpoint-"));
	/* navPoint > navLabel > text, then content. */
	S_replace_text(point->children->children, label);
	S_reset(point->last, "src", src);
}

/* A heading's toc.ncx <navPoint>. */
static xmlNodePtr
S_ncx_heading(xmlNodePtr parent, xmlNsPtr ns, xmlNodePtr point, const char *text,
    const char *src, int *order)
{
	if (point == NULL)
		return S_ncx_point(parent, ns, text, src, order);
	S_ncx_point_renew(point, text, src, order);
	return point;
}

/* toc.ncx's <navMap>, one <navPoint> at a time: a part's holds those of its children, an
 * article's those of its level-2 headings. */
static void
S_ncx_entries(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr parent,
    xmlNsPtr ns, const struct book_node *node, int toc_depth, int *order)
{
	size_t i;

	for (i = 0; i < node->child_count; i++) {
		const struct book_node *child = node->children[i];
		xmlNodePtr point = S_ncx_point(parent, ns, S_node_title(child), S_node_file(child),
		    order);
		struct entry_piece inner;

		if (child->kind != BOOK_NODE_PART && !S_lists_headings(child, toc_depth)) {
			entry_writer_write_entry(writer, piece, point);
			continue;
		}
		entry_writer_add_marker(point);
		entry_writer_open_entry(writer, piece, point, &inner);
		if (child->kind == BOOK_NODE_PART)
			S_ncx_entries(writer, &inner, point, ns, child, toc_depth, order);
		else
			S_heading_entries(writer, &inner, point, ns, child->article, S_ncx_heading,
			    order);
		entry_writer_close_entry(writer, piece, point, &inner);
	}
}

static int
S_tree_depth(const struct book_node *node, int toc_depth)
{
	int deepest = 0, depth;
	size_t i, h;

	for (i = 0; i < node->child_count; i++) {
		const struct book_node *child = node->children[i];

		depth = 1;
		if (child->kind == BOOK_NODE_PART)
			depth += S_tree_depth(child, toc_depth);
		else
			for (h = 0; toc_depth >= 2 && h < child->article->heading_count; h++)
				if (child->article->headings[h].level == 2)
					depth = 2;
		if (depth > deepest)
			deepest = depth;
	}
	return deepest;
}

static void
S_ncx_meta(xmlNodePtr head, xmlNsPtr ns, const char *name, const char *content)
{
	xmlNodePtr meta = xml_add_child(head, ns, "meta", NULL);

	xml_set(meta, "name", name);
	xml_set(meta, "content", content);
}

static void
S_add_ncx(const struct options *options, const struct book *book, struct container *container)
{
	xmlDocPtr document = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewDocNode(document, NULL, (const xmlChar *)"ncx", NULL), head;
	xmlNodePtr nav_map;
	xmlNsPtr ns = xmlNewNs(root, (const xmlChar *)NCX_NAMESPACE, NULL);
	char *depth = xasprintf("%d", S_tree_depth(book->root, options->toc_depth));
	struct entry_writer writer;
	struct entry_piece skeleton;
	int order = 0;

	xmlSetNs(root, ns);
	xmlDocSetRootElement(document, root);
	xml_set(root, "version", "2005-1");
	xmlNodeSetLang(root, (const xmlChar *)book->meta.language);
	head = xml_add_child(root, ns, "head", NULL);
	S_ncx_meta(head, ns, "dtb:uid", book->identifier);
	S_ncx_meta(head, ns, "dtb:depth", depth);
	S_ncx_meta(head, ns, "dtb:totalPageCount", "0");
	S_ncx_meta(head, ns, "dtb:maxPageNumber", "0");
	xml_add_child(xml_add_child(root, ns, "docTitle", NULL), ns, "text", book->meta.title);
	nav_map = xml_add_child(root, ns, "navMap", NULL);
	entry_writer_add_marker(nav_map);
	free(depth);
	entry_writer_start(&writer, &skeleton, document, 1);
	entry_writer_expect(&writer, &skeleton);
	S_ncx_entries(&writer, &skeleton, nav_map, ns, book->root, options->toc_depth, &order);
	S_writer_finish(&writer, &skeleton, container, "toc.ncx");
}

static xmlNodePtr
S_manifest_item(xmlNodePtr manifest, xmlNsPtr opf, const char *id, const char *href,
    const char *media_type)
{
	return S_empty_child(manifest, opf, "item", "id", id, "href", href, "media-type",
	    media_type, (const char *)NULL);
}

static xmlNodePtr
S_itemref(xmlNodePtr spine, xmlNsPtr opf, const char *idref)
{
	xmlNodePtr itemref = xml_add_child(spine, opf, "itemref", NULL);

	xml_set(itemref, "idref", idref);
	return itemref;
}

/* One page in reading order, a part page or a chapter file: its manifest <item> or, for the
 * spine, its <itemref>.  The id is the file name without its extension. */
static void
S_reading_entry(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr list,
    xmlNsPtr opf, const char *file, int has_svg, int spine)
{
	char *id = xstrndup(file, strcspn(file, "."));
	xmlNodePtr entry = spine ? S_itemref(list, opf, id) : S_manifest_item(list, opf, id, file,
	    "application/xhtml+xml");

	if (!spine && has_svg)
		xml_set(entry, "properties", "svg");
	free(id);
	entry_writer_write_entry(writer, piece, entry);
}

/* Part pages and chapters in reading order, a split chapter's continuation files
 * (chapter_split.c) after its first. */
static void
S_reading_entries(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr list,
    xmlNsPtr opf, const struct book *book, int spine)
{
	size_t i, k;

	for (i = 0; i < book->node_count; i++) {
		const struct book_node *node = book->nodes[i];
		const struct article *article = node->article;

		if (node->kind == BOOK_NODE_PART) {
			S_reading_entry(writer, piece, list, opf, node->file_name, 0, spine);
			continue;
		}
		S_reading_entry(writer, piece, list, opf, article->file_name, article->has_svg, spine);
		for (k = 0; k < article->part_count; k++)
			S_reading_entry(writer, piece, list, opf, article->parts[k].file_name,
			    article->parts[k].has_svg, spine);
	}
}

static void
S_manifest_images(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr manifest,
    xmlNsPtr opf, const struct book *book)
{
	size_t i;

	for (i = 0; i < book->image_count; i++) {
		xmlNodePtr item = S_manifest_item(manifest, opf, book->images[i]->id,
		    book->images[i]->href, media_mime_type(book->images[i]->type));

		if (book->images[i] == book->cover)
			xml_set(item, "properties", "cover-image");
		entry_writer_write_entry(writer, piece, item);
	}
}

static void
S_guide_reference(xmlNodePtr guide, xmlNsPtr opf, const char *type, const char *title,
    const char *href)
{
	S_empty_child(guide, opf, "reference", "type", type, "title", title, "href", href,
	    (const char *)NULL);
}

/* content.opf without its long lists: the manifest and the spine each end in a marker. */
static xmlDocPtr
S_opf_skeleton(const struct options *options, const struct book *book, xmlNodePtr *manifest,
    xmlNodePtr *spine)
{
	const struct labels *labels = labels_or_default(book->meta.language);
	xmlDocPtr document = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewDocNode(document, NULL, (const xmlChar *)"package", NULL);
	xmlNsPtr opf = xmlNewNs(root, (const xmlChar *)OPF_NAMESPACE, NULL);
	xmlNodePtr guide;

	xmlSetNs(root, opf);
	xmlDocSetRootElement(document, root);
	xml_set(root, "version", "3.0");
	xml_set(root, "unique-identifier", "book-id");
	xmlNodeSetLang(root, (const xmlChar *)book->meta.language);
	package_metadata_add(book, root, opf);
	*manifest = xml_add_child(root, opf, "manifest", NULL);
	xml_set(S_manifest_item(*manifest, opf, "nav", "nav.xhtml", "application/xhtml+xml"),
	    "properties", "nav");
	S_manifest_item(*manifest, opf, "ncx", "toc.ncx", "application/x-dtbncx+xml");
	S_manifest_item(*manifest, opf, "style", "style.css", "text/css");
	if (book->meta.css != NULL)
		S_manifest_item(*manifest, opf, "extra-style", PACKAGE_EXTRA_STYLESHEET,
		    "text/css");
	S_manifest_item(*manifest, opf, "cover", "cover.xhtml", "application/xhtml+xml");
	S_manifest_item(*manifest, opf, "title-page", "title.xhtml", "application/xhtml+xml");
	S_manifest_item(*manifest, opf, "contents", PACKAGE_CONTENTS, "application/xhtml+xml");
	entry_writer_add_marker(*manifest);
	*spine = xml_add_child(root, opf, "spine", NULL);
	xml_set(*spine, "toc", "ncx");
	S_itemref(*spine, opf, "cover");
	S_itemref(*spine, opf, "title-page");
	S_itemref(*spine, opf, "contents");
	entry_writer_add_marker(*spine);
	guide = xml_add_child(root, opf, "guide", NULL);
	S_guide_reference(guide, opf, "cover", labels_get(labels, LABEL_COVER), "cover.xhtml");
	S_guide_reference(guide, opf, "title-page", labels_get(labels, LABEL_TITLE_PAGE),
	    "title.xhtml");
	S_guide_reference(guide, opf, "toc", labels_get(labels, LABEL_CONTENTS), PACKAGE_CONTENTS);
	S_guide_reference(guide, opf, "text", labels_get(labels, LABEL_START),
	    S_first_content(book));
	if (options->index)
		S_guide_reference(guide, opf, "index", labels_get(labels, LABEL_INDEX),
		    "index.xhtml");
	S_guide_reference(guide, opf, "colophon", labels_get(labels, LABEL_COLOPHON),
	    "colophon.xhtml");
	return document;
}

static void
S_add_opf(const struct options *options, const struct book *book, struct container *container)
{
	xmlNodePtr manifest, spine;
	xmlDocPtr document = S_opf_skeleton(options, book, &manifest, &spine);
	xmlNsPtr opf = xmlDocGetRootElement(document)->ns;
	struct entry_writer writer;
	struct entry_piece skeleton;

	entry_writer_start(&writer, &skeleton, document, 1);
	entry_writer_expect(&writer, &skeleton);
	S_reading_entries(&writer, &skeleton, manifest, opf, book, 0);
	if (options->index)
		entry_writer_write_entry(&writer, &skeleton, S_manifest_item(manifest, opf, "index",
		    "index.xhtml", "application/xhtml+xml"));
	entry_writer_write_entry(&writer, &skeleton, S_manifest_item(manifest, opf, "colophon",
	    "colophon.xhtml", "application/xhtml+xml"));
	S_manifest_images(&writer, &skeleton, manifest, opf, book);
	entry_writer_expect(&writer, &skeleton);
	S_reading_entries(&writer, &skeleton, spine, opf, book, 1);
	if (options->index)
		entry_writer_write_entry(&writer, &skeleton, S_itemref(spine, opf, "index"));
	entry_writer_write_entry(&writer, &skeleton, S_itemref(spine, opf, "colophon"));
	S_writer_finish(&writer, &skeleton, container, "content.opf");
}

/* One file of a chapter (chapter_split.c may have cut it into several); the container owns
 * its bytes from here on. */
static void
S_add_chapter_file(struct container *container, const struct article *article,
    const char *file_name, struct container_packed *packed)
{
	char *name = xasprintf(PACKAGE_DIRECTORY "%s", file_name);

	/* Kindle's converter and older Adobe-based readers slow down or give up on larger
	 * documents: what --split-size could not cut (no heading) is still reported. */
	if (packed->size > PACKAGE_MAX_DOCUMENT)
		diag_warning(DIAG_CLASS_LARGE_CHAPTER, article->full_path, 0, 0,
		    "chapter is %zu KB of XHTML; some readers struggle past %d KB: "
		    "consider splitting the article", packed->size / 1024,
		    PACKAGE_MAX_DOCUMENT / 1024);
	container_add_packed(container, name, packed);
	free(name);
}

static void
S_add_parts_and_chapters(const struct book *book, const struct template_set *templates,
    struct container *container)
{
	size_t i, k;

	for (i = 0; i < book->node_count; i++) {
		struct book_node *node = book->nodes[i];
		struct article *article = node->article;

		if (node->kind == BOOK_NODE_PART) {
			S_add_document(container, node->file_name, pages_part(book, templates, node));
			continue;
		}
		S_add_chapter_file(container, article, article->file_name, &article->chapter);
		for (k = 0; k < article->part_count; k++)
			S_add_chapter_file(container, article, article->parts[k].file_name,
			    &article->parts[k].chapter);
	}
}

void
package_assemble(const struct options *options, struct book *book,
    const struct template_set *templates, struct container *container)
{
	struct S_nav_text entries = { NULL, 0 };
	size_t i;

	container_add_data(container, "mimetype", xstrdup("application/epub+zip"),
	    strlen("application/epub+zip"), 1);
	container_add_data(container, "META-INF/container.xml", xstrdup(S_container_xml),
	    strlen(S_container_xml), 0);
	S_add_opf(options, book, container);
	S_add_nav(options, book, templates, container, 1, &entries);
	S_add_ncx(options, book, container);
	container_add_data(container, PACKAGE_DIRECTORY "style.css",
	    xstrndup(templates->stylesheet, templates->stylesheet_length),
	    templates->stylesheet_length, 0);
	if (book->meta.css != NULL)
		container_add_file(container, PACKAGE_DIRECTORY PACKAGE_EXTRA_STYLESHEET,
		    book->extra_stylesheet_path, 0);
	S_add_document(container, "cover.xhtml", pages_cover(book, templates));
	S_add_document(container, "title.xhtml", pages_title(book, templates));
	S_add_nav(options, book, templates, container, 0, &entries);
	free(entries.text);
	S_add_parts_and_chapters(book, templates, container);
	if (options->index)
		S_add_document(container, "index.xhtml", pages_index(book, templates));
	S_add_document(container, "colophon.xhtml", pages_colophon(book, templates));
	for (i = 0; i < book->image_count; i++) {
		const struct book_image *image = book->images[i];
		char *name = xasprintf(PACKAGE_DIRECTORY "%s", image->href);

		/* SVG is text: it deflates well; photos are already compressed. */
		if (image->data != NULL)
			container_add_data(container, name, xstrndup(image->data, image->length),
			    image->length, image->type != MEDIA_SVG);
		else if (image->ranges != NULL)
			/* Stripped of metadata, or re-encoded into the image cache. */
			container_add_file_ranges(container, name, image->stream_path != NULL ?
			    image->stream_path : image->real_path, image_strip_ranges_copy(
			    image->ranges, image->range_count), image->range_count);
		else
			container_add_file(container, name, image->real_path,
			    image->type != MEDIA_SVG);
		free(name);
	}
}
