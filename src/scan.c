/* scan.c - walks the input folder in natural order (or book.yaml's articles: list), skipping dot
 * files and the output itself, and turns folders into parts.  Called by main.c through scan.h. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "article.h"
#include "diag.h"
#include "natsort.h"
#include "path.h"
#include "scan.h"
#include "util.h"

#define SCAN_MAX_DEPTH 32

struct S_walk {
	const struct options	*options;
	struct book		*book;
	char			**found;	/* relative article paths, in natural order */
	size_t			 found_count, found_capacity;
	xmlHashTablePtr		 folders_seen;	/* "device:inode" of every folder walked */
	dev_t			 output_device;
	ino_t			 output_inode;
	int			 have_output;
};

static int
S_compare_names(const void *a, const void *b)
{
	return natsort_compare(*(char *const *)a, *(char *const *)b);
}

/* Names in a folder, without dot files, in natural order; NULL after an error. */
static char **
S_list_folder(const char *folder, size_t *count)
{
	struct dirent *entry;
	char **names = NULL;
	size_t capacity = 0;
	DIR *dir;

	*count = 0;
	if ((dir = opendir(folder)) == NULL) {
		diag_report(DIAG_ERROR, folder, 0, 0, "cannot read folder: %s", strerror(errno));
		return NULL;
	}
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		xgrow(&names, &capacity, *count + 1, sizeof(char *));
		names[(*count)++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	/* An empty folder: qsort must not be given NULL, even for no items (UBSan). */
	if (names == NULL)
		names = xcalloc(1, sizeof(char *));
	qsort(names, *count, sizeof(char *), S_compare_names);
	return names;
}

static int
S_is_output(const struct S_walk *walk, const struct stat *st)
{
	return walk->have_output && st->st_dev == walk->output_device &&
	    st->st_ino == walk->output_inode;
}

/* A symbolic link may point anywhere: only follow it when it stays inside the input folder. */
static int
S_stays_inside(const struct S_walk *walk, const char *full)
{
	char resolved[PATH_MAX];

	if (realpath(full, resolved) == NULL) {
		diag_warning(DIAG_CLASS_SKIPPED_FILE, full, 0, 0, "skipped: %s", strerror(errno));
		return 0;
	}
	if (!path_is_inside(walk->book->input_real, resolved)) {
		diag_warning(DIAG_CLASS_SKIPPED_FILE, full, 0, 0,
		    "skipped: symbolic link points outside the input folder");
		return 0;
	}
	return 1;
}

static int S_walk_folder(struct S_walk *walk, const char *relative, int depth);

/* Links may lead back into a folder already read: each folder is walked once. */
static int
S_first_visit(struct S_walk *walk, const struct stat *st)
{
	char key[64];

	snprintf(key, sizeof(key), "%llu:%llu", (unsigned long long)st->st_dev,
	    (unsigned long long)st->st_ino);
	return xmlHashAddEntry(walk->folders_seen, (const xmlChar *)key, walk) == 0;
}

/* Hugo's page bundle: a folder whose index.md is the article and whose other files are its
 * resources.  Returns the index file's name, or NULL. */
static const char *
S_bundle_index(char **names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(names[i], "index.md") == 0 || strcmp(names[i], "index.markdown") == 0)
			return names[i];
	return NULL;
}

static int
S_is_section_page(const char *name)
{
	return strcmp(name, "_index.md") == 0 || strcmp(name, "_index.markdown") == 0;
}

/* Markdown files, and plain text (.txt, .text): a story saved from a news site is valid
 * Markdown as it is, and news.c finds its headline, dateline and captions. */
static int
S_is_article(const char *relative)
{
	const char *dot = strrchr(path_basename(relative), '.');

	return path_is_markdown(relative) || (dot != NULL && (strcasecmp(dot, ".txt") == 0 ||
	    strcasecmp(dot, ".text") == 0));
}

static int
S_visit(struct S_walk *walk, const char *relative, int depth)
{
	char *full = path_join(walk->options->input_dir, relative);
	struct stat st, lst;
	int status = 0;

	if (lstat(full, &lst) < 0) {
		diag_report(DIAG_ERROR, full, 0, 0, "cannot read: %s", strerror(errno));
		status = -1;
		goto out;
	}
	if (stat(full, &st) < 0) {
		/* A dangling link or a loop is the editor's leftover, not a reason to stop. */
		diag_warning(DIAG_CLASS_SKIPPED_FILE, full, 0, 0, "skipped: %s", strerror(errno));
		goto out;
	}
	if (S_ISLNK(lst.st_mode) && !S_stays_inside(walk, full))
		goto out;
	if (S_ISDIR(st.st_mode) && !S_first_visit(walk, &st))
		diag_warning(DIAG_CLASS_SKIPPED_FILE, full, 0, 0,
		    "skipped: this folder was already read (a symbolic link loop or a second link)");
	else if (S_ISDIR(st.st_mode))
		status = S_walk_folder(walk, relative, depth + 1);
	else if (S_ISREG(st.st_mode) && S_is_article(relative) && S_is_output(walk, &st)) {
		diag_usage("output '%s' is the article '%s'; refusing to overwrite it",
		    walk->options->output, full);
		status = -1;
	} else if (S_ISREG(st.st_mode) && S_is_article(relative)) {
		xgrow(&walk->found, &walk->found_capacity, walk->found_count + 1, sizeof(char *));
		walk->found[walk->found_count++] = xstrdup(relative);
	}
out:
	free(full);
	return status;
}

static int
S_walk_folder(struct S_walk *walk, const char *relative, int depth)
{
	char *full = path_join(walk->options->input_dir, relative);
	char **names;
	size_t count, i;
	int status = 0;

	if (depth > SCAN_MAX_DEPTH) {
		diag_report(DIAG_ERROR, full, 0, 0, "folders nested deeper than %d levels",
		    SCAN_MAX_DEPTH);
		free(full);
		return -1;
	}
	names = S_list_folder(full, &count);
	free(full);
	if (names == NULL)
		return -1;
	if (relative[0] != '\0' && S_bundle_index(names, count) != NULL) {
		char *child = path_join(relative, S_bundle_index(names, count));

		status = S_visit(walk, child, depth);
		free(child);
		util_strings_free(names, count);
		return status;
	}
	for (i = 0; i < count; i++) {
		char *child = path_join(relative, names[i]);

		/* Hugo's _index.md names its section: it titles the part, it is not an article. */
		if (!S_is_section_page(names[i]) && S_visit(walk, child, depth) < 0)
			status = -1;
		free(child);
		free(names[i]);
	}
	free(names);
	return status;
}

/* "2-kampus_dan-karya" -> "Kampus dan karya": the order prefix is for sorting, not reading. */
static char *
S_part_title(const char *folder)
{
	const char *name = path_basename(folder), *p = name;
	char *title, *q;

	while (*p >= '0' && *p <= '9')
		p++;
	/* "2-asia", "_posts": order digits and leading separators are not part of the name. */
	while (*p == '-' || *p == '_' || *p == ' ' || *p == '.')
		p++;
	if (*p == '\0')
		p = name;
	title = xstrdup(p);
	for (q = title; *q != '\0'; q++)
		if (*q == '-' || *q == '_')
			*q = ' ';
	if (title[0] >= 'a' && title[0] <= 'z')
		title[0] = (char)(title[0] - 'a' + 'A');
	return title;
}

/* The part for folder, created under root on first use, so parts keep reading order. */
static struct book_node *
S_part_for(struct book_node *root, const char *folder)
{
	struct book_node *parent, *node;
	char *above;

	if (folder[0] == '\0')
		return root;
	above = path_dirname(folder);
	parent = S_part_for(root, above);
	free(above);
	/* Only the last child can continue: an explicit order that leaves a folder and comes
	 * back makes a second part of the same name, as the editor asked. */
	if (parent->child_count > 0) {
		node = parent->children[parent->child_count - 1];
		if (node->kind == BOOK_NODE_PART && strcmp(node->path, folder) == 0)
			return node;
	}
	node = book_node_new(BOOK_NODE_PART, parent);
	node->path = xstrdup(folder);
	node->title = S_part_title(folder);
	return node;
}

/* 1 for the index.md of a page bundle below the top folder. */
static int
S_is_bundle_article(const char *relative)
{
	const char *name = path_basename(relative);

	return name != relative && (strcmp(name, "index.md") == 0 ||
	    strcmp(name, "index.markdown") == 0);
}

static void
S_add_article(struct book *book, const struct options *options, const char *relative)
{
	char *folder = path_dirname(relative);

	/* A page bundle is one article in the part that holds the bundle's folder. */
	if (S_is_bundle_article(relative)) {
		char *above = path_dirname(folder);

		free(folder);
		folder = above;
	}
	struct book_node *part = S_part_for(book->root, folder);
	struct book_node *node = book_node_new(BOOK_NODE_ARTICLE, part);
	char *full = path_join(options->input_dir, relative);

	node->article = article_new(relative, full);
	node->article->node = node;
	xgrow(&book->articles, &book->article_capacity, book->article_count + 1,
	    sizeof(struct article *));
	book->articles[book->article_count++] = node->article;
	xmlHashAddEntry(book->article_by_path, (const xmlChar *)relative, node->article);
	free(full);
	free(folder);
}

/* book.yaml's articles: list decides the order; found articles it leaves out are reported. */
static int
S_follow_order(struct S_walk *walk)
{
	const struct book_meta *meta = &walk->book->meta;
	xmlHashTablePtr found = xmlHashCreate((int)walk->found_count + 1);
	int status = 0;
	size_t i;

	for (i = 0; i < walk->found_count; i++)
		xmlHashAddEntry(found, (const xmlChar *)walk->found[i], walk->found[i]);
	for (i = 0; i < meta->article_order_count; i++) {
		char *relative = path_normalize(meta->article_order[i]);

		if (relative == NULL || xmlHashLookup(found, (const xmlChar *)relative) == NULL) {
			diag_report(DIAG_ERROR, meta->source_file, meta->article_order_line, 0,
			    "listed article '%s' does not exist in the input folder",
			    meta->article_order[i]);
			status = -1;
		} else if (xmlHashLookup(walk->book->article_by_path,
		    (const xmlChar *)relative) != NULL)
			diag_warning(DIAG_CLASS_ARTICLE_LIST, meta->source_file,
			    meta->article_order_line, 0,
			    "article '%s' is listed twice; the first place is used", relative);
		else
			S_add_article(walk->book, walk->options, relative);
		free(relative);
	}
	for (i = 0; i < walk->found_count; i++)
		if (xmlHashLookup(walk->book->article_by_path,
		    (const xmlChar *)walk->found[i]) == NULL) {
			char *full = path_join(walk->options->input_dir, walk->found[i]);

			diag_warning(DIAG_CLASS_ARTICLE_LIST, full, 0, 0,
			    "left out: not listed under 'articles' in %s", meta->source_file);
			free(full);
		}
	xmlHashFree(found, NULL);
	return status;
}

static double
S_weight(const struct book_node *node)
{
	if (node->kind == BOOK_NODE_ARTICLE && node->article->has_order)
		return node->article->order;
	return 1e300;
}

/* Merge sort by weight: stable, so unweighted siblings keep their natural order. */
static void
S_stable_sort(struct book_node **nodes, size_t count)
{
	struct book_node **left, **right;
	size_t half = count / 2, i = 0, j = 0, k = 0;

	if (count < 2)
		return;
	S_stable_sort(nodes, half);
	S_stable_sort(nodes + half, count - half);
	left = xmalloc(half * sizeof(*left));
	memcpy(left, nodes, half * sizeof(*left));
	right = nodes + half;
	while (i < half && j < count - half)
		nodes[k++] = S_weight(right[j]) < S_weight(left[i]) ? right[j++] : left[i++];
	while (i < half)
		nodes[k++] = left[i++];
	free(left);
}

/* Parts are numbered in reading order: a part before the parts inside it. */
static void
S_name_files(struct book *book)
{
	size_t i, chapters = 0, parts = 0;

	for (i = 0; i < book->node_count; i++) {
		struct book_node *node = book->nodes[i];

		if (node->kind == BOOK_NODE_ARTICLE)
			node->article->file_name = xasprintf("chapter-%03zu.xhtml", ++chapters);
		else
			node->file_name = xasprintf("part-%02zu.xhtml", ++parts);
	}
}

static void
S_remember_output(struct S_walk *walk)
{
	struct stat st;

	if (walk->options->output != NULL && stat(walk->options->output, &st) == 0) {
		walk->have_output = 1;
		walk->output_device = st.st_dev;
		walk->output_inode = st.st_ino;
	}
}

/* A part's title from its _index.md front matter, when Hugo left one. */
static void
S_title_parts(const struct options *options, struct book_node *node)
{
	static const char *const names[] = { "_index.md", "_index.markdown" };
	struct stat st;
	size_t i;

	for (i = 0; i < node->child_count; i++)
		if (node->children[i]->kind == BOOK_NODE_PART)
			S_title_parts(options, node->children[i]);
	for (i = 0; node->parent != NULL && i < sizeof(names) / sizeof(names[0]); i++) {
		char *relative = path_join(node->path, names[i]);
		char *full = path_join(options->input_dir, relative);
		struct article *section;

		if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			section = article_new(relative, full);
			if (article_read_meta(options, section) == 0 && section->title != NULL) {
				free(node->title);
				node->title = xstrdup(section->title);
			}
			article_free(section);
		}
		free(relative);
		free(full);
	}
}

int
scan_folder(const struct options *options, struct book *book)
{
	struct S_walk walk = { options, book, NULL, 0, 0, xmlHashCreate(64), 0, 0, 0 };
	struct stat top;
	size_t i;
	int status;

	S_remember_output(&walk);
	if (stat(options->input_dir, &top) == 0)
		S_first_visit(&walk, &top);
	status = S_walk_folder(&walk, "", 0);
	xmlHashFree(walk.folders_seen, NULL);
	if (status == 0 && book->meta.article_order != NULL)
		status = S_follow_order(&walk);
	else if (status == 0)
		for (i = 0; i < walk.found_count; i++)
			S_add_article(book, options, walk.found[i]);
	S_title_parts(options, book->root);
	if (status == 0 && book->article_count == 0) {
		diag_report(DIAG_ERROR, options->input_dir, 0, 0,
		    "no articles (*.md, *.markdown, *.txt, *.text) found");
		status = -1;
	}
	for (i = 0; i < walk.found_count; i++)
		free(walk.found[i]);
	free(walk.found);
	return status;
}

/* Drafts leave, order:/weight: sorts siblings (unweighted ones keep their place after). */
static void
S_arrange(struct book *book, struct book_node *node)
{
	size_t i, kept = 0;

	for (i = 0; i < node->child_count; i++) {
		struct book_node *child = node->children[i];

		if (child->kind == BOOK_NODE_ARTICLE && child->article->draft) {
			diag_note(DIAG_CLASS_DRAFT, child->article->full_path, 0, 0,
			    "left out: marked draft");
			xmlHashRemoveEntry(book->article_by_path, (const xmlChar *)child->article->path,
			    NULL);
			book_node_free(child);
			continue;
		}
		if (child->kind == BOOK_NODE_PART)
			S_arrange(book, child);
		if (child->kind == BOOK_NODE_PART && child->child_count == 0) {
			book_node_free(child);
			continue;
		}
		node->children[kept++] = child;
	}
	node->child_count = kept;
	S_stable_sort(node->children, node->child_count);
}

/* The book's reading order: a part, then what it holds. */
static void
S_collect(struct book *book, struct book_node *node)
{
	size_t i;

	for (i = 0; i < node->child_count; i++) {
		struct book_node *child = node->children[i];

		xgrow(&book->nodes, &book->node_capacity, book->node_count + 1, sizeof(*book->nodes));
		book->nodes[book->node_count++] = child;
		if (child->kind == BOOK_NODE_PART)
			S_collect(book, child);
		else
			book->articles[book->article_count++] = child->article;
	}
}

/* A part that only wraps one other part ("content/" around "posts/") adds no level; neither
 * does a single part holding the whole book. */
static void
S_collapse(struct book_node *node)
{
	size_t i;

	for (i = 0; i < node->child_count; i++) {
		struct book_node *child = node->children[i];

		S_collapse(child);
		while (child->kind == BOOK_NODE_PART && child->child_count == 1 &&
		    child->children[0]->kind == BOOK_NODE_PART) {
			struct book_node *inner = child->children[0];

			child->child_count = 0;
			book_node_free(child);
			inner->parent = node;
			node->children[i] = child = inner;
		}
	}
	if (node->parent == NULL && node->child_count == 1 &&
	    node->children[0]->kind == BOOK_NODE_PART) {
		struct book_node *only = node->children[0];

		free(node->children);
		node->children = only->children;
		node->child_count = only->child_count;
		node->child_capacity = only->child_capacity;
		for (i = 0; i < node->child_count; i++)
			node->children[i]->parent = node;
		only->children = NULL;
		only->child_count = 0;
		book_node_free(only);
	}
}

void
scan_arrange(struct book *book)
{
	S_arrange(book, book->root);
	S_collapse(book->root);
	book->article_count = 0;
	book->node_count = 0;
	S_collect(book, book->root);
	S_name_files(book);
}
