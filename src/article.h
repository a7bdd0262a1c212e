/* article.h - one article: the struct, its lifecycle, and reading its file (encoding, front matter,
 * Markdown).  Included by book.h; called by scan.c, render.c, book.c, chapter.c, main.c, fuzz/. */
#ifndef KAGAMA_ARTICLE_H
#define KAGAMA_ARTICLE_H

#include <stddef.h>

#include <cmark-gfm.h>
#include <libxml/hash.h>
#include <libxml/tree.h>

#include "options.h"
#include "packed.h"

struct book_node;
struct image_pending;

/* Where an article's title came from, for --dump. */
enum title_source {
	TITLE_FROM_FRONT_MATTER,
	TITLE_FROM_HEADING,	/* its first level-1 heading */
	TITLE_FROM_HEADLINE,	/* a headline line opening a plain story (news.c) */
	TITLE_FROM_FILE_NAME,
};

struct heading {
	int	 level;
	char	*id;
	char	*text;
	size_t	 part;		/* 0: in the chapter's first file, else in parts[part - 1] */
};

/* A continuation file of a chapter split at its headings (chapter_split.c). */
struct article_part {
	char		*file_name;	/* "chapter-007-2.xhtml" */
	int		 has_svg;	/* inline SVG in this file: the manifest says so */
	struct container_packed chapter;	/* finished and deflated, like article->chapter */
};

/* A site-generator tag that is neither built in nor in book.yaml's shortcodes:, as first met in
 * an article (shortcode.c); shortcode_report_unknown() reports each name once per book. */
struct unknown_tag {
	char	*name;
	char	*text;		/* the first one, as written */
	int	 line;
	size_t	 count;		/* how many in the article */
};

/* One article file and, once built, its chapter.  Read by article.c and scan.c, built into a
 * chapter by chapter.c and resolve.c on a worker thread (render.c), packaged by package.c. */
struct article {
	char		*path;			/* relative to the input folder, '/'-separated */
	char		*full_path;		/* as opened */
	char		*file_name;		/* in the EPUB: "chapter-001.xhtml" */
	char		*title;
	char		*subtitle;
	char		**authors;
	size_t		 author_count;
	char		*date;			/* YYYY-MM-DD when understood, else as written */
	int		 date_line;
	char		*location;
	char		*language;		/* NULL: the book's */
	char		*source;		/* URL of the original */
	char		*description;
	char		**tags;			/* tags and categories */
	size_t		 tag_count;
	char		*image;			/* lead image, as written */
	int		 image_line;
	char		*image_caption;
	char		*image_credit;
	char		*image_alt;
	char		*slug;			/* front matter slug (site.c) */
	char		*wordpress_id;		/* WordPress post id: ?p=ID */
	char		**categories;		/* front matter categories, for :categories */
	size_t		 category_count;
	char		**urls;			/* its addresses on the original site (site.c) */
	size_t		 url_count;
	struct unknown_tag *unknown_tags;	/* shortcode.c, by first appearance */
	size_t		 unknown_tag_count;
	int		 draft;
	int		 has_order;		/* order: or weight: given */
	double		 order;
	size_t		 body_offset;		/* bytes before the Markdown body */
	int		 line_offset;		/* lines before the Markdown body */
	int		 unreadable;		/* reading failed (reported) */
	int		 has_svg;		/* inline SVG: the manifest says so */
	int		 title_from_heading;	/* first h1 became the title: drop it from the body */
	enum title_source title_source;
	size_t		 dropped_paragraphs;	/* removed by book.yaml drop: */
	char		*title_id;		/* that h1's id, kept on the heading block's title */
	struct heading	*headings;		/* in document order, with their ids */
	size_t		 heading_count;
	xmlHashTablePtr	 ids;			/* every id in the chapter */
	xmlDocPtr	 document;		/* the chapter XHTML while it is worked on */
	char		*xhtml;			/* ...serialised while it waits for other chapters */
	size_t		 xhtml_length;
	struct container_packed chapter;	/* ...and finished: deflated for the container */
	struct article_part *parts;		/* continuation files after file_name, in order */
	size_t		 part_count;		/* ...how many; 0: the chapter is one file */
	xmlHashTablePtr	 part_of_id;		/* id -> part (1..part_count) of ids not in file_name */
	size_t		 index;			/* place in the reading order */
	size_t		 image_count;		/* <img> elements in the chapter */
	size_t		 images_without_alt;	/* ...without alt text, not decorative */
	struct image_pending *pending;		/* images met while building, not yet named */
	size_t		 pending_count, pending_capacity;
	xmlHashTablePtr	 pending_by_path;	/* real path, "\1" relative path -> index + 1 */
	struct book_node *node;
};

/* A new article for the file at path (relative to the input folder) opened as full_path. */
struct article *article_new(const char *path, const char *full_path);
/* Frees the article and everything it holds; NULL is fine. */
void article_free(struct article *article);

/* Reads article->full_path, checks its encoding and fills the front-matter fields of article
 * (title, authors, date, draft, order...), remembering where the body starts.  Returns 0, or
 * -1 after reporting (article->unreadable is then set). */
int article_read_meta(const struct options *options, struct article *article);
/* Reads the file again and parses its Markdown body (after article_read_meta); the caller
 * frees the result with cmark_node_free.  NULL after reporting.  Body line L is line
 * L + article->line_offset of the file. */
cmark_node *article_read_body(const struct options *options, struct article *article);
/* Both at once for text already in memory (length bytes, need not be NUL-terminated); used by
 * the fuzzer. */
cmark_node *article_parse(const struct options *options, struct article *article,
    const char *text, size_t length);

/* The file name as a last-resort title: "2-kunjungan_duta-besar.md" -> "Kunjungan duta besar".
 * Returns a new string. */
char *article_title_from_path(const char *path);

#endif
