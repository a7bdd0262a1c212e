/* book.h - the book as the compiler understands it: metadata, the tree of parts and articles,
 * and the images it carries.  Built by config.c, scan.c and article.c; read by every later stage. */
#ifndef KAGAMA_BOOK_H
#define KAGAMA_BOOK_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/hash.h>

#include "container.h"
#include "media.h"
#include "options.h"

struct person {
	char	*name;
	char	*role;		/* MARC relator code ("aut", "edt"...), or NULL */
	char	*file_as;	/* sort form, or NULL */
};

struct book_meta {
	char		*title;
	char		*subtitle;
	char		*language;
	char		*identifier;		/* NULL: derived UUID */
	char		*identifier_scheme;	/* "uuid", "isbn", "url" */
	char		*publisher;
	char		*date;			/* as written, ISO 8601 */
	char		*description;
	char		*rights;
	struct person	*creators;
	size_t		 creator_count;
	char		**article_order;	/* book.yaml articles:, or NULL */
	size_t		 article_order_count;
	int		 article_order_line;	/* for "not listed" messages */
	char		**subjects;
	size_t		 subject_count;
	char		*series;
	char		*series_index;
	char		*cover;			/* image path relative to the input folder */
	int		 cover_line;
	char		*css;			/* extra stylesheet, relative to the input folder */
	char		*source;		/* where the articles were first published (URL) */
	int		 toc_depth;		/* 1: articles only; 2: plus level-2 headings (default) */
	int		 index;			/* 1: back-matter index by author and by tag */
	int		 missing_images_warn;	/* missing-images: warn */
	int		 remove_template_tags;	/* template-tags: remove */
	char		**path_prefixes;	/* paths: site path prefix -> folder */
	char		**path_targets;
	size_t		 path_count;
	char		**read_also;		/* labels that start a "read also" line */
	size_t		 read_also_count;
	char		*source_file;		/* book.yaml path, or NULL */
};

struct heading {
	int	 level;
	char	*id;
	char	*text;
};

struct image_pending;

struct article {
	char		*path;			/* relative to the input folder, '/'-separated */
	char		*full_path;		/* as opened */
	char		*file_name;		/* in the EPUB: "chapter-001.xhtml" */
	char		*title;
	char		*subtitle;
	char		**authors;
	size_t		 author_count;
	char		*date;			/* as written */
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
	int		 draft;
	int		 has_order;		/* order: or weight: given */
	double		 order;
	size_t		 body_offset;		/* bytes before the Markdown body */
	int		 line_offset;		/* lines before the Markdown body */
	int		 unreadable;		/* reading failed (reported) */
	int		 has_svg;		/* inline SVG: the manifest says so */
	int		 title_from_heading;	/* first h1 became the title: drop it from the body */
	char		*title_id;		/* that h1's id, kept on the heading block's title */
	struct heading	*headings;		/* in document order, with their ids */
	size_t		 heading_count;
	xmlHashTablePtr	 ids;			/* every id in the chapter */
	xmlDocPtr	 document;		/* the chapter XHTML while it is worked on */
	char		*xhtml;			/* ...serialised while it waits for other chapters */
	size_t		 xhtml_length;
	struct container_packed chapter;	/* ...and finished: deflated for the container */
	size_t		 index;			/* place in the reading order */
	size_t		 image_count;		/* <img> elements in the chapter */
	size_t		 images_without_alt;	/* ...without alt text, not decorative */
	struct image_pending *pending;	/* images met while building, not yet named */
	size_t		 pending_count, pending_capacity;
	xmlHashTablePtr	 pending_by_path;	/* real path -> index + 1 in pending */
	struct book_node *node;
};

enum book_node_kind {
	BOOK_NODE_PART,
	BOOK_NODE_ARTICLE,
};

struct book_node {
	enum book_node_kind	 kind;
	char			*title;		/* parts: from the folder name */
	char			*path;		/* folder of a part, relative; "" for the root */
	char			*file_name;	/* parts: their title page in the EPUB */
	struct article		*article;	/* BOOK_NODE_ARTICLE */
	struct book_node	*parent;
	struct book_node	**children;
	size_t			 child_count;
	size_t			 child_capacity;
};

struct book_image {
	char		*real_path;	/* resolved source file */
	char		*href;		/* in the EPUB, relative to the package: "images/x.jpg" */
	char		*id;		/* manifest id */
	enum media_type	 type;
	unsigned long	 width, height;
	unsigned char	 digest[20];	/* SHA-1 of the bytes, once another image has their size */
	int		 hashed;	/* digest is known */
	size_t		 size;		/* bytes of the source file */
	unsigned long	 head_crc;	/* CRC-32 of its first 64 KiB: a cheap first dedup test */
	struct book_image *same_size;	/* next image with this size: the only dedup candidates */
	char		*data;		/* generated images (the drawn cover): the bytes */
	size_t		 length;
};

struct book {
	struct book_meta	 meta;
	char			*input_real;	/* realpath of the input folder */
	struct book_node	*root;
	struct article		**articles;	/* reading order */
	size_t			 article_count;
	size_t			 article_capacity;
	struct book_image	**images;
	size_t			 image_count;
	size_t			 image_capacity;
	xmlHashTablePtr		 image_by_path;	/* real path -> struct book_image */
	xmlHashTablePtr		 image_by_href;	/* case-folded href -> struct book_image */
	xmlHashTablePtr		 image_by_size;	/* byte count -> first struct book_image of that size */
	xmlHashTablePtr		 article_by_path;	/* relative path -> struct article */
	xmlHashTablePtr		 article_by_title;	/* normalised title -> struct article */
	xmlHashTablePtr		 article_by_url;	/* site.c's URL keys -> struct article */
	int			 titles_indexed;	/* article_by_title is complete */
	struct book_image	*cover;		/* given or drawn; always set before packaging */
	char			*extra_stylesheet_path;	/* book.yaml css, resolved */
	time_t			 modified;	/* dcterms:modified and zip times */
	char			*identifier;	/* final dc:identifier value */
};

struct book *book_new(void);
void book_free(struct book *book);
/* Frees an image that is not (or no longer) in a book's list. */
void book_image_free(struct book_image *image);
struct book_node *book_node_new(enum book_node_kind kind, struct book_node *parent);
/* Frees a node, its children and their articles (the caller unlinks it first). */
void book_node_free(struct book_node *node);
struct article *article_new(const char *path, const char *full_path);
void article_free(struct article *article);
/* Prints the model (metadata, parts, articles with titles, authors, dates; images). */
void book_dump(const struct book *book, FILE *out);

#endif
