/* book.c - creating, freeing and dumping the book model of book.h (articles are article.c's).
 * Called by main.c (book_new/free, --dump), scan.c (nodes), image.c (images), fuzz/. */
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "book.h"
#include "options.h"
#include "util.h"

struct book *
book_new(void)
{
	struct book *book = xcalloc(1, sizeof(*book));

	book->root = book_node_new(BOOK_NODE_PART, NULL);
	book->root->path = xstrdup("");
	book->image_by_path = xmlHashCreate(64);
	book->image_by_href = xmlHashCreate(64);
	book->image_by_size = xmlHashCreate(64);
	book->article_by_path = xmlHashCreate(64);
	book->article_by_title = xmlHashCreate(64);
	return book;
}

struct book_node *
book_node_new(enum book_node_kind kind, struct book_node *parent)
{
	struct book_node *node = xcalloc(1, sizeof(*node));

	node->kind = kind;
	node->parent = parent;
	if (parent != NULL) {
		xgrow(&parent->children, &parent->child_capacity, parent->child_count + 1,
		    sizeof(struct book_node *));
		parent->children[parent->child_count++] = node;
	}
	return node;
}

void
book_node_free(struct book_node *node)
{
	size_t i;

	if (node == NULL)
		return;
	for (i = 0; i < node->child_count; i++)
		book_node_free(node->children[i]);
	free(node->children);
	free(node->title);
	free(node->path);
	free(node->file_name);
	article_free(node->article);
	free(node);
}

void
book_image_free(struct book_image *image)
{
	if (image == NULL)
		return;
	free(image->real_path);
	free(image->href);
	free(image->id);
	free(image->data);
	free(image->ranges);
	free(image->stream_path);
	free(image);
}

void
book_meta_free(struct book_meta *meta)
{
	size_t i;

	if (meta == NULL)
		return;
	free(meta->title);
	free(meta->subtitle);
	free(meta->language);
	free(meta->identifier);
	free(meta->identifier_scheme);
	free(meta->publisher);
	free(meta->date);
	free(meta->description);
	free(meta->rights);
	for (i = 0; i < meta->creator_count; i++) {
		free(meta->creators[i].name);
		free(meta->creators[i].role);
		free(meta->creators[i].file_as);
	}
	free(meta->creators);
	util_strings_free(meta->article_order, meta->article_order_count);
	util_strings_free(meta->subjects, meta->subject_count);
	free(meta->series);
	free(meta->series_index);
	free(meta->cover);
	free(meta->css);
	free(meta->source);
	free(meta->source_file);
	memset(meta, 0, sizeof(*meta));
}

void
book_free(struct book *book)
{
	size_t i;

	if (book == NULL)
		return;
	book_node_free(book->root);
	free(book->articles);
	free(book->nodes);
	for (i = 0; i < book->image_count; i++)
		book_image_free(book->images[i]);
	free(book->images);
	xmlHashFree(book->image_by_path, NULL);
	xmlHashFree(book->image_by_href, NULL);
	xmlHashFree(book->image_by_size, NULL);
	xmlHashFree(book->article_by_path, NULL);
	xmlHashFree(book->article_by_url, NULL);
	xmlHashFree(book->article_by_title, NULL);
	book_meta_free(&book->meta);
	free(book->input_real);
	free(book->identifier);
	free(book->extra_stylesheet_path);
	free(book);
}

static void
S_dump_field(FILE *out, int indent, const char *name, const char *value)
{
	if (value != NULL)
		fprintf(out, "%*s%s: %s\n", indent, "", name, value);
}

/* Named in the order of enum title_source. */
static const char *const S_title_sources[] = { "front matter", "heading", "headline",
    "file name" };

static void
S_dump_node(const struct book_node *node, FILE *out, int indent)
{
	const struct article *article = node->article;
	size_t i;

	if (node->kind == BOOK_NODE_PART) {
		fprintf(out, "%*spart %s: %s\n", indent, "", node->file_name, node->title);
		for (i = 0; i < node->child_count; i++)
			S_dump_node(node->children[i], out, indent + 2);
		return;
	}
	fprintf(out, "%*sarticle %s: %s\n", indent, "", article->file_name, article->path);
	S_dump_field(out, indent + 2, "title", article->title);
	S_dump_field(out, indent + 2, "title-from", S_title_sources[article->title_source]);
	S_dump_field(out, indent + 2, "subtitle", article->subtitle);
	for (i = 0; i < article->author_count; i++)
		S_dump_field(out, indent + 2, "author", article->authors[i]);
	S_dump_field(out, indent + 2, "date", article->date);
	S_dump_field(out, indent + 2, "location", article->location);
	S_dump_field(out, indent + 2, "language", article->language);
	S_dump_field(out, indent + 2, "source", article->source);
	for (i = 0; i < article->tag_count; i++)
		S_dump_field(out, indent + 2, "tag", article->tags[i]);
	S_dump_field(out, indent + 2, "image", article->image);
	S_dump_field(out, indent + 2, "caption", article->image_caption);
	S_dump_field(out, indent + 2, "credit", article->image_credit);
	for (i = 0; i < article->url_count; i++)
		S_dump_field(out, indent + 2, "url", article->urls[i]);
	for (i = 0; i < article->heading_count; i++) {
		size_t part = article->headings[i].part;

		/* A chapter cut by --split-size: where each continuation file starts. */
		if (part > 0 && part <= article->part_count &&
		    (i == 0 || article->headings[i - 1].part != part))
			fprintf(out, "%*sfile %s\n", indent + 2, "", article->parts[part - 1].file_name);
		fprintf(out, "%*sheading %d #%s: %s\n", indent + 2, "",
		    article->headings[i].level, article->headings[i].id, article->headings[i].text);
	}
}

void
book_dump(const struct options *options, const struct book *book, FILE *out)
{
	const struct book_meta *meta = &book->meta;
	size_t i;

	S_dump_field(out, 0, "title", meta->title);
	S_dump_field(out, 0, "subtitle", meta->subtitle);
	S_dump_field(out, 0, "language", meta->language);
	S_dump_field(out, 0, "identifier", book->identifier);
	S_dump_field(out, 0, "publisher", meta->publisher);
	S_dump_field(out, 0, "date", meta->date);
	for (i = 0; i < meta->creator_count; i++)
		fprintf(out, "creator: %s (%s)\n", meta->creators[i].name, meta->creators[i].role);
	for (i = 0; i < meta->subject_count; i++)
		S_dump_field(out, 0, "subject", meta->subjects[i]);
	S_dump_field(out, 0, "series", meta->series);
	S_dump_field(out, 0, "series-index", meta->series_index);
	S_dump_field(out, 0, "cover", book->cover ? book->cover->href : NULL);
	fprintf(out, "toc-depth: %d\nindex: %s\n", options->toc_depth,
	    options->index ? "yes" : "no");
	fprintf(out, "articles: %zu\n", book->article_count);
	for (i = 0; i < book->root->child_count; i++)
		S_dump_node(book->root->children[i], out, 0);
	fprintf(out, "images: %zu\n", book->image_count);
	for (i = 0; i < book->image_count; i++)
		fprintf(out, "  image %s: %s %lux%lu\n", book->images[i]->href,
		    media_mime_type(book->images[i]->type), book->images[i]->width,
		    book->images[i]->height);
}
