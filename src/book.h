/* book.h - the book as the compiler understands it: metadata, the tree of parts and articles
 * (article.h), its images.  Built by config.c, scan.c, render.c; read by every later stage. */
#ifndef KAGAMA_BOOK_H
#define KAGAMA_BOOK_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/hash.h>

#include "article.h"
#include "media.h"

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
	char		*source_file;		/* book.yaml path, or NULL */
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
	char		*data;		/* generated or re-encoded images: the bytes */
	size_t		 length;
	/* Set by image_prepare.c: the book copies these ranges of stream_path (NULL: of
	 * real_path) instead of the whole file, stored_length bytes in all. */
	struct image_range *ranges;
	size_t		 range_count;
	char		*stream_path;
	size_t		 stored_length;
};

struct image_cache;

struct book {
	struct book_meta	 meta;
	struct image_cache	*image_cache;	/* re-encoded photos; NULL: --no-cache (not owned) */
	char			*input_real;	/* realpath of the input folder */
	struct book_node	*root;
	struct article		**articles;	/* reading order */
	size_t			 article_count;
	size_t			 article_capacity;
	struct book_node	**nodes;	/* parts and articles in reading order (scan_arrange) */
	size_t			 node_count;
	size_t			 node_capacity;
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
/* Frees the book, its nodes, articles, images and metadata; NULL is fine. */
void book_free(struct book *book);
/* Frees what meta holds (not meta itself) and zeroes it; NULL is fine. */
void book_meta_free(struct book_meta *meta);
/* Frees an image that is not (or no longer) in a book's list; NULL is fine. */
void book_image_free(struct book_image *image);
struct book_node *book_node_new(enum book_node_kind kind, struct book_node *parent);
/* Frees a node, its children and their articles (the caller unlinks it first). */
void book_node_free(struct book_node *node);
/* Prints the model (metadata, the settings that shape it, parts, articles with titles, authors,
 * dates; images). */
void book_dump(const struct options *options, const struct book *book, FILE *out);

#endif
