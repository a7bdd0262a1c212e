/* options.h - every setting that steers the build: the command line (main.c), then book.yaml's
 * settings (config.c).  Filled once, then passed down read-only as const struct options *. */
#ifndef KAGAMA_OPTIONS_H
#define KAGAMA_OPTIONS_H

#include <regex.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "path.h"

#define KAGAMA_VERSION "0.1.0"

/* The default --split-size, in KB: older Adobe-engine readers load a file whole and slow down
 * or give up past this (and package.c warns about a chapter larger still). */
#define OPTIONS_SPLIT_SIZE_KB 300

struct options {
	const char	*input_dir;		/* folder of articles, as given */
	const char	*output;		/* EPUB to write */
	const char	*config;		/* --config FILE, else NULL (book.yaml in input_dir) */
	const char	*templates_dir;		/* --templates DIR, else NULL (embedded) */
	const char	*init_dir;		/* --init DIR: make a new book folder instead */
	int		 quiet;
	int		 verbose;
	int		 strict;		/* warnings are errors */
	int		 check_only;		/* --check: everything but writing */
	int		 dump;			/* --dump: print the book model */
	int		 missing_images_warn;	/* --missing-images, else book.yaml's; -1 until decided */
	time_t		 epoch;			/* SOURCE_DATE_EPOCH, or -1 when unset */
	size_t		 max_article_bytes;	/* larger articles are an error */
	size_t		 max_image_bytes;	/* larger images are an error */
	size_t		 max_yaml_nodes;	/* YAML values incl. alias expansion */
	size_t		 max_nesting;		/* Markdown/HTML nesting depth */
	size_t		 max_markdown_cost;	/* markdown_guard.c's estimate; 0: none */
	unsigned	 jobs;			/* rendering threads; 0: one per core */
	/* -W, then book.yaml's warnings: the level of each class (enum diag_level), -1: its
	 * default; and --max-per-class (0: no limit). */
	signed char	 warning_levels[DIAG_CLASS_COUNT];
	size_t		 max_per_class;
	/* Photos (book.yaml images:, --image-max-size, --cache, --no-cache). */
	unsigned long	 image_max_size;	/* longest side in px; 0: never shrink */
	int		 image_max_size_given;	/* ...by --image-max-size: book.yaml yields */
	int		 image_quality;		/* JPEG quality of re-encoded photos */
	const char	*cache_dir;		/* NULL: the default under $XDG_CACHE_HOME */
	int		 no_cache;
	/* Chapters (chapter_split.c): longer ones are cut at their headings into files of at
	 * most this many bytes of XHTML (--split-size KB, else book.yaml split-size); 0: never. */
	size_t		 split_size;
	int		 split_size_given;	/* ...by --split-size: book.yaml yields */
	/* Command-line overrides of book.yaml keys; NULL when not given. */
	const char	*title;
	const char	*language;
	/* book.yaml settings (config.c); the lists are owned and freed by options_free(). */
	int		 toc_depth;		/* 1: articles only; 2: plus level-2 headings (default) */
	int		 index;			/* 1: back-matter index by author and by tag */
	int		 remove_template_tags;	/* template-tags: remove */
	struct path_map	 paths;			/* paths: site path prefix -> folder */
	char		**read_also;		/* labels that start a "read also" line */
	size_t		 read_also_count;
	/* book.yaml drop: paragraphs to remove from every article (news.c), compiled. */
	regex_t		*drop;
	char		**drop_patterns;	/* ...as written, for messages */
	size_t		 drop_count;
	/* book.yaml's site settings, read by shortcode.c and site.c. */
	char		**sites;		/* site: base URLs, no trailing '/' */
	size_t		 site_count;
	char		**permalinks;		/* permalink: patterns */
	size_t		 permalink_count;
	char		**shortcode_names;	/* shortcodes: NAME -> HTML with $1, $name */
	char		**shortcode_html;
	size_t		 shortcode_count;
};

/* Zeroes options and sets the defaults (documented in --help and kagama-epub.1). */
void options_init(struct options *options);
/* Frees what book.yaml put in options (not the command-line strings, which argv owns). */
void options_free(struct options *options);

#endif
