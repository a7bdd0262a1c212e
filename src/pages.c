/* pages.c - fills the templates of the pages no article provides: cover (its design laid out
 * here, rasterised by cover.c), title page, part openers, colophon, index by author and tag.
 * Called by main.c and package.c. */
#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cover.h"
#include "diag.h"
#include "labels.h"
#include "natsort.h"
#include "pages.h"
#include "image.h"
#include "util.h"
#include "xml_walk.h"

#define SVG_NAMESPACE "http://www.w3.org/2000/svg"
#define XHTML_NAMESPACE "http://www.w3.org/1999/xhtml"
#define COVER_WIDTH 1600
#define COVER_HEIGHT 2400
/* Words of more letters than this get soft hyphens in the headings of the title and part
 * pages: FBReader 0.12 cannot break a longer word and lets it run off the page.  It honours a
 * soft hyphen every few syllables, but draws one at every syllable as visible hyphens. */
#define LONG_WORD 16
/* ...at least this many letters between two soft hyphens, and from either end of the word. */
#define WORD_PIECE 6
#define SOFT_HYPHEN "\xc2\xad"

/* The element with this id attribute at or below node, or NULL. */
static xmlNodePtr
S_find_id(xmlNodePtr node, const char *id)
{
	xmlNodePtr found;
	xmlChar *value;

	for (; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		value = xmlGetProp(node, (const xmlChar *)"id");
		found = value != NULL && xmlStrEqual(value, (const xmlChar *)id) ? node : NULL;
		xmlFree(value);
		if (found != NULL || (found = S_find_id(node->children, id)) != NULL)
			return found;
	}
	return NULL;
}

static double
S_number(xmlNodePtr element, const char *name)
{
	xmlChar *value = xmlGetProp(element, (const xmlChar *)name);
	double number = value != NULL ? strtod((const char *)value, NULL) : 0;

	xmlFree(value);
	return number;
}

/* Appends the SVG font attribute name of group, as a Pango word, to description. */
static void
S_font_word(struct buffer *description, xmlNodePtr group, const char *name)
{
	xmlChar *value = xmlGetProp(group, (const xmlChar *)name);

	if (value != NULL && !xmlStrEqual(value, (const xmlChar *)"normal"))
		buffer_printf(description, " %s", (const char *)value);
	xmlFree(value);
}

/* A text group of cover.svg: its box is its first <rect>, its font its own attributes.
 * Returns the Pango font description box->font points to, for the caller to free. */
static char *
S_group_box(xmlNodePtr group, struct cover_box *box)
{
	struct buffer description = { 0 };
	xmlNodePtr rect;
	xmlChar *family = xmlGetProp(group, (const xmlChar *)"font-family");

	for (rect = group->children; rect != NULL; rect = rect->next)
		if (rect->type == XML_ELEMENT_NODE && xmlStrEqual(rect->name, (const xmlChar *)"rect"))
			break;
	box->x = rect ? S_number(rect, "x") : 0;
	box->y = rect ? S_number(rect, "y") : 0;
	box->width = rect ? S_number(rect, "width") : COVER_WIDTH;
	box->height = rect ? S_number(rect, "height") : COVER_HEIGHT;
	box->max_size = S_number(group, "font-size");
	if (box->max_size <= 0)
		box->max_size = 64;
	buffer_puts(&description, family != NULL ? (const char *)family : "serif");
	xmlFree(family);
	S_font_word(&description, group, "font-style");
	S_font_word(&description, group, "font-weight");
	box->font = buffer_release(&description);
	return (char *)box->font;
}

static void
S_set_number(xmlNodePtr element, const char *name, double value)
{
	char number[32];

	snprintf(number, sizeof(number), "%.0f", value);
	xmlSetProp(element, (const xmlChar *)name, (const xmlChar *)number);
}

/* The lines of text laid out in box, as <text> elements centred on the box. */
static xmlNodePtr
S_svg_lines(xmlNodePtr group, const struct cover_box *box, const char *text)
{
	struct cover_layout layout;
	xmlNodePtr first = NULL, last = NULL, line;
	size_t i;

	cover_layout_text(box, text, &layout);
	for (i = 0; i < layout.count; i++) {
		line = xmlNewDocNode(group->doc, group->ns, (const xmlChar *)"text", NULL);
		S_set_number(line, "x", box->x + box->width / 2);
		S_set_number(line, "y", layout.lines[i].baseline);
		S_set_number(line, "font-size", layout.size);
		if (layout.rtl)
			xmlSetProp(line, (const xmlChar *)"direction", (const xmlChar *)"rtl");
		xmlAddChild(line, xmlNewDocText(group->doc, (const xmlChar *)layout.lines[i].text));
		if (last == NULL)
			first = line;
		else
			xmlAddNextSibling(last, line);
		last = line;
	}
	cover_layout_free(&layout);
	return first;
}

/* The lines of the text group id of cover.svg, or NULL if the design has no such group.
 * When the group below is given, the text may also take its box (it has no text of its own). */
static xmlNodePtr
S_cover_text(xmlDocPtr document, const char *id, const char *text, const char *below)
{
	xmlNodePtr root = xmlDocGetRootElement(document);
	xmlNodePtr group = S_find_id(root, id), under, lines;
	struct cover_box box, under_box;

	if (group == NULL || text == NULL)
		return NULL;
	S_group_box(group, &box);
	if (below != NULL && (under = S_find_id(root, below)) != NULL) {
		free(S_group_box(under, &under_box));
		box.height = under_box.y + under_box.height - box.y;
	}
	lines = S_svg_lines(group, &box, text);
	free((char *)box.font);
	return lines;
}

static void
S_free_list(xmlNodePtr node)
{
	xmlNodePtr next;

	for (; node != NULL; node = next) {
		next = node->next;
		xmlUnlinkNode(node);
		xmlFreeNode(node);
	}
}

/* stem.jpg, or stem-2.jpg..., not yet an image of the book. */
static char *
S_unique_href(const struct book *book, const char *stem)
{
	char *href = xasprintf("%s.jpg", stem);
	unsigned suffix;

	for (suffix = 2; xmlHashLookup(book->image_by_href, (const xmlChar *)href); suffix++) {
		free(href);
		href = xasprintf("%s-%u.jpg", stem, suffix);
	}
	return href;
}

/* The drawn cover: cover.svg with the book's texts laid out by measure, as a JPEG. */
static struct book_image *
S_draw_cover(struct book *book, const struct template_set *templates)
{
	const struct book_meta *meta = &book->meta;
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_COVER_SVG);
	struct template_value values[] = {
		{ "book-title", meta->title, NULL },
		{ "title-lines", NULL, S_cover_text(document, "title", meta->title,
		    meta->subtitle == NULL ? "subtitle" : NULL) },
		{ "subtitle-lines", NULL, S_cover_text(document, "subtitle", meta->subtitle, NULL) },
		{ "publisher-lines", NULL, S_cover_text(document, "publisher", meta->publisher,
		    NULL) },
	};
	struct cover_jpeg jpeg = { 0 };
	size_t length, i;
	char *data;
	int status;

	template_fill(document, NULL, values, sizeof(values) / sizeof(values[0]));
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		S_free_list(values[i].nodes);
	data = template_serialize(document, &length);
	xmlFreeDoc(document);
	status = cover_rasterize_svg(data, length, "cover.svg", &jpeg);
	free(data);
	if (status < 0)
		return NULL;
	return image_generated_add(book, "cover", MEDIA_JPEG, jpeg.data, jpeg.length,
	    jpeg.width, jpeg.height);
}

/* A given cover in another format than JPEG, converted: in the place of the original when
 * only the cover uses it (added is 1), else as an image of its own. */
static struct book_image *
S_convert_cover(struct book *book, struct book_image *image, int added)
{
	const struct book_meta *meta = &book->meta;
	struct cover_jpeg jpeg = { 0 };

	if (cover_convert_file(image->real_path, meta->source_file ? meta->source_file :
	    "book.yaml", meta->cover_line, &jpeg) < 0)
		return NULL;
	if (!added)
		return image_generated_add(book, "cover", MEDIA_JPEG, jpeg.data, jpeg.length,
		    jpeg.width, jpeg.height);
	free(image->href);
	image->href = S_unique_href(book, "images/cover");
	image->type = MEDIA_JPEG;
	image->data = jpeg.data;
	image->length = jpeg.length;
	image->width = jpeg.width;
	image->height = jpeg.height;
	return image;
}

int
pages_prepare_cover(const struct options *options, struct book *book,
    const struct template_set *templates)
{
	size_t before = book->image_count;
	struct book_image *image;

	if (book->meta.cover == NULL) {
		book->cover = S_draw_cover(book, templates);
		return book->cover != NULL ? 0 : -1;
	}
	image = image_from_file(options, book, "", book->meta.source_file ?
	    book->meta.source_file : "book.yaml", book->meta.cover, book->meta.cover_line);
	/* Kindle's converter and Kobo's library want a raster cover, and JPEG above all. */
	if (image != NULL && image->type != MEDIA_JPEG)
		image = S_convert_cover(book, image, book->image_count > before);
	book->cover = image;
	/* A cover only warned about (remote, or missing under missing-images: warn) gives way to
	 * the drawn one: packaging needs a cover. */
	if (book->cover == NULL && !diag_failed())
		book->cover = S_draw_cover(book, templates);
	return book->cover != NULL ? 0 : -1;
}

static int
S_is_vowel(int c)
{
	return c != '\0' && strchr("aeiou", tolower(c)) != NULL;
}

static int
S_is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 if a syllable may start at word[i]: a consonant before a vowel, and not the second letter
 * of ng, ny, sy or kh ("tang-gung", "ta-hannya"). */
static int
S_syllable_starts(const char *word, size_t i)
{
	int c = tolower(word[i]), before = tolower(word[i - 1]);

	return !S_is_vowel(c) && S_is_vowel(word[i + 1]) &&
	    !(before == 'n' && (c == 'g' || c == 'y')) && !(before == 's' && c == 'y') &&
	    !(before == 'k' && c == 'h');
}

char *
pages_break_long_words(const char *text)
{
	struct buffer out = { 0 };
	const char *p = text;
	int changed = 0;

	while (*p != '\0') {
		size_t length = 0, last = 0, i;

		while (S_is_letter(p[length]))
			length++;
		if (length == 0) {
			buffer_putc(&out, *p++);
			continue;
		}
		for (i = 0; i < length; i++) {
			if (length > LONG_WORD && i - last >= WORD_PIECE && length - i >= WORD_PIECE &&
			    S_syllable_starts(p, i)) {
				buffer_puts(&out, SOFT_HYPHEN);
				last = i;
				changed = 1;
			}
			buffer_putc(&out, p[i]);
		}
		p += length;
	}
	if (changed)
		return buffer_release(&out);
	buffer_free(&out);
	return NULL;
}

/* The words of the page's h1 that no reader could break get soft hyphens. */
static void
S_break_headings(xmlDocPtr document)
{
	struct xml_walk walk;
	int inside = 0;
	char *broken;

	xml_walk_start(&walk, xmlDocGetRootElement(document));
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (xml_is_element(walk.node, "h1"))
			inside += walk.event == XML_WALK_ENTER ? 1 : -1;
		else if (inside > 0 && walk.event == XML_WALK_ENTER &&
		    walk.node->type == XML_TEXT_NODE &&
		    (broken = pages_break_long_words((const char *)walk.node->content)) != NULL) {
			xmlNodeSetContent(walk.node, (const xmlChar *)broken);
			free(broken);
		}
	}
}

/* The year of an ISO date ("2026-11-01" -> "2026"), or NULL. */
static char *
S_year(const char *date)
{
	if (date == NULL || strlen(date) < 4 || strspn(date, "0123456789") < 4)
		return NULL;
	return xstrndup(date, 4);
}

/* "A, B and C" of the creators whose role is (editors) or is not (authors) "edt". */
static char *
S_creator_names(const struct book *book, int editors)
{
	const struct book_meta *meta = &book->meta;
	struct buffer buffer = { 0 };
	size_t i, n = 0, total = 0;

	for (i = 0; i < meta->creator_count; i++)
		total += (strcmp(meta->creators[i].role, "edt") == 0) == editors;
	for (i = 0; i < meta->creator_count; i++) {
		if ((strcmp(meta->creators[i].role, "edt") == 0) != editors)
			continue;
		if (n++ > 0)
			buffer_printf(&buffer, n == total ? " %s " : ", ",
			    labels_get(labels_or_default(book->meta.language), LABEL_BY));
		buffer_puts(&buffer, meta->creators[i].name);
	}
	if (editors && n > 0) {
		char *names = buffer_release(&buffer);
		char *line = xasprintf("%s %s", labels_get(labels_or_default(book->meta.language), LABEL_EDITED_BY), names);

		free(names);
		return line;
	}
	return buffer_release(&buffer);
}

/* Most values a template may ask for: page values first (they win), then the book's texts and
 * the labels of its language.  The built-in templates each show a few of the book's; a
 * template of the user's (--templates) may show any of them on any page. */
#define S_BOOK_VALUES 16
#define S_PAGE_VALUES 2

static void
S_fill(const struct book *book, xmlDocPtr document, struct template_value *page, size_t count)
{
	const struct labels *labels = labels_or_default(book->meta.language);
	const struct book_meta *meta = &book->meta;
	char *creators = S_creator_names(book, 0), *editors = S_creator_names(book, 1);
	char *year = S_year(meta->date);
	char *source = meta->source != NULL ? xasprintf("%s: %s", labels_get(labels, LABEL_SOURCE),
	    meta->source) : NULL;
	char *identifier = xasprintf("%s: %s", labels_get(labels, LABEL_IDENTIFIER),
	    book->identifier);
	char *made_with = xasprintf("%s kagama-epub %s", labels_get(labels, LABEL_MADE_WITH),
	    KAGAMA_VERSION);
	const struct template_value book_values[S_BOOK_VALUES] = {
		{ "label-cover", labels_get(labels, LABEL_COVER), NULL },
		{ "label-title-page", labels_get(labels, LABEL_TITLE_PAGE), NULL },
		{ "part-label", labels_get(labels, LABEL_PART), NULL },
		{ "label-colophon", labels_get(labels, LABEL_COLOPHON), NULL },
		{ "label-index", labels_get(labels, LABEL_INDEX), NULL },
		{ "book-title", meta->title, NULL },
		{ "book-subtitle", meta->subtitle, NULL },
		{ "book-creators", creators, NULL },
		{ "book-editors", editors, NULL },
		{ "book-publisher", meta->publisher, NULL },
		{ "book-year", year, NULL },
		{ "book-description", meta->description, NULL },
		{ "book-rights", meta->rights, NULL },
		{ "book-source", source, NULL },
		{ "book-identifier", identifier, NULL },
		{ "made-with", made_with, NULL },
	};
	struct template_value values[S_PAGE_VALUES + S_BOOK_VALUES];

	assert(count <= S_PAGE_VALUES);
	if (count > 0)
		memcpy(values, page, count * sizeof(*page));
	memcpy(values + count, book_values, sizeof(book_values));
	template_fill(document, meta->language, values, count + S_BOOK_VALUES);
	/* The nodes a placeholder took are the document's now; the caller frees the rest. */
	if (count > 0)
		memcpy(page, values, count * sizeof(*page));
	free(creators);
	free(editors);
	free(year);
	free(source);
	free(identifier);
	free(made_with);
}

xmlDocPtr
pages_cover(const struct book *book, const struct template_set *templates)
{
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_COVER);
	xmlNodePtr root = xmlDocGetRootElement(document);
	xmlNodePtr image = xmlNewDocNode(document, xmlSearchNsByHref(document, root,
	    (const xmlChar *)XHTML_NAMESPACE), (const xmlChar *)"img", NULL);
	char size[32];
	struct template_value cover_image = { "cover-image", NULL, image };

	xmlSetProp(image, (const xmlChar *)"src", (const xmlChar *)book->cover->href);
	xmlSetProp(image, (const xmlChar *)"alt", (const xmlChar *)book->meta.title);
	/* Width and height give readers the aspect ratio before the image loads. */
	if (book->cover->width > 0 && book->cover->height > 0) {
		snprintf(size, sizeof(size), "%lu", book->cover->width);
		xmlSetProp(image, (const xmlChar *)"width", (const xmlChar *)size);
		snprintf(size, sizeof(size), "%lu", book->cover->height);
		xmlSetProp(image, (const xmlChar *)"height", (const xmlChar *)size);
	}
	S_fill(book, document, &cover_image, 1);
	S_free_list(cover_image.nodes);
	return document;
}

xmlDocPtr
pages_title(const struct book *book, const struct template_set *templates)
{
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_TITLE);

	S_fill(book, document, NULL, 0);
	S_break_headings(document);
	return document;
}

xmlDocPtr
pages_part(const struct book *book, const struct template_set *templates,
    const struct book_node *part)
{
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_PART);
	struct template_value title = { "title", part->title, NULL };

	S_fill(book, document, &title, 1);
	S_break_headings(document);
	return document;
}

xmlDocPtr
pages_colophon(const struct book *book, const struct template_set *templates)
{
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_COLOPHON);

	S_fill(book, document, NULL, 0);
	return document;
}

/* One heading of the index: a name and the articles filed under it. */
struct S_entry {
	const char		 *name;
	const struct article	**articles;
	size_t			  count, capacity;
};

static int
S_compare_entries(const void *a, const void *b)
{
	return natsort_compare(((const struct S_entry *)a)->name, ((const struct S_entry *)b)->name);
}

/* Groups articles under each of their authors (or tags), sorted by name. */
static struct S_entry *
S_group(const struct book *book, int by_tag, size_t *count)
{
	xmlHashTablePtr positions = xmlHashCreate(64);
	struct S_entry *entries = NULL;
	size_t capacity = 0, a, i;

	*count = 0;
	for (a = 0; a < book->article_count; a++) {
		const struct article *article = book->articles[a];
		char **names = by_tag ? article->tags : article->authors;
		size_t n = by_tag ? article->tag_count : article->author_count;

		for (i = 0; i < n; i++) {
			size_t *position = xmlHashLookup(positions, (const xmlChar *)names[i]);
			struct S_entry *entry;

			if (position == NULL) {
				position = xmalloc(sizeof(*position));
				*position = (*count)++;
				xmlHashAddEntry(positions, (const xmlChar *)names[i], position);
				xgrow(&entries, &capacity, *count, sizeof(*entries));
				memset(&entries[*position], 0, sizeof(*entries));
				entries[*position].name = names[i];
			}
			entry = &entries[*position];
			xgrow(&entry->articles, &entry->capacity, entry->count + 1,
			    sizeof(*entry->articles));
			entry->articles[entry->count++] = article;
		}
	}
	xmlHashFree(positions, xmlHashDefaultDeallocator);
	if (*count > 0)
		qsort(entries, *count, sizeof(*entries), S_compare_entries);
	return entries;
}

static xmlNodePtr
S_add(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr child = xmlNewChild(parent, parent->ns, (const xmlChar *)name, NULL);

	if (text != NULL)
		xmlAddChild(child, xmlNewDocText(parent->doc, (const xmlChar *)text));
	return child;
}

static void
S_index_section(const struct book *book, xmlNodePtr holder, const char *heading, int by_tag)
{
	size_t count, e, a;
	struct S_entry *entries = S_group(book, by_tag, &count);
	xmlNodePtr list;

	if (count == 0) {
		free(entries);
		return;
	}
	S_add(holder, "h2", heading);
	list = S_add(holder, "ul", NULL);
	for (e = 0; e < count; e++) {
		xmlNodePtr item = S_add(list, "li", entries[e].name);
		xmlNodePtr articles = S_add(item, "ul", NULL);

		for (a = 0; a < entries[e].count; a++)
			xmlSetProp(S_add(S_add(articles, "li", NULL), "a",
			    entries[e].articles[a]->title), (const xmlChar *)"href",
			    (const xmlChar *)entries[e].articles[a]->file_name);
		free(entries[e].articles);
	}
	free(entries);
}

xmlDocPtr
pages_index(const struct book *book, const struct template_set *templates)
{
	const struct labels *labels = labels_or_default(book->meta.language);
	xmlDocPtr document = template_instantiate(templates, TEMPLATE_INDEX);
	xmlNodePtr root = xmlDocGetRootElement(document);
	xmlNodePtr holder = xmlNewChild(root, xmlSearchNsByHref(document, root,
	    (const xmlChar *)XHTML_NAMESPACE), (const xmlChar *)"div", NULL);
	struct template_value index = { "index", NULL, NULL };

	S_index_section(book, holder, labels_get(labels, LABEL_BY_AUTHOR), 0);
	S_index_section(book, holder, labels_get(labels, LABEL_BY_TAG), 1);
	xmlUnlinkNode(holder);
	index.nodes = holder->children;
	S_fill(book, document, &index, 1);
	xmlFreeNode(holder);
	return document;
}
